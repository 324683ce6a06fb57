package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// TestReadiness runs readiness over the generated block: at the end of the
// overload week (2026-10-11), the day after the race (the tests' today,
// 2026-11-02) and in every format.
func TestReadiness(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		want int
		args []string
	}{
		{"readinessOverload", exitOK, []string{"readiness", "--as-of", "2026-10-11", blockDir}},
		{"readiness", exitOK, []string{"readiness", blockDir}},
		{"readiness80", exitOK, []string{"readiness", "--width", "80", "--as-of", "2026-10-11", blockDir}},
		{"readinessCSV", exitOK, []string{"readiness", "--format", "csv", "--as-of", "2026-10-11", blockDir}},
		{"readinessJSON", exitOK, []string{"readiness", "--format", "json", "--as-of", "2026-10-11", blockDir}},
		{"readinessActivityOnly", exitOK, []string{"readiness", "--as-of", "2026-09-20", blockDir + "/activities"}},
		{"readinessNoData", exitOK, []string{"readiness", "--as-of", "2026-01-01", blockDir}},
		{"readinessBadMetric", exitUsage, []string{"readiness", "--load-metric", "watts", blockDir}},
		{"helpReadiness", exitOK, []string{"readiness", "--help"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			golden(t, tt.name, tt.want, tt.args...)
		})
	}
}

// TestLoad runs load over the generated block.
func TestLoad(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		want int
		args []string
	}{
		{"load", exitOK, []string{"load", "--since", "2026-09-28", "--as-of", "2026-10-11", blockDir}},
		{"loadRace", exitOK, []string{"load", "--since", "2026-10-19", blockDir}},
		{"load100", exitOK, []string{"load", "--width", "100", "--since", "2026-09-28", "--as-of", "2026-10-11", blockDir}},
		{"loadHRSS", exitOK, []string{"load", "--load-metric", "hrss", "--since", "2026-10-26", blockDir}},
		{"loadCSV", exitOK, []string{"load", "--format", "csv", "--as-of", "2026-10-11", blockDir}},
		{"loadJSON", exitOK, []string{"load", "--format", "json", "--since", "2026-10-05", "--as-of", "2026-10-11", blockDir}},
		{"helpLoad", exitOK, []string{"help", "load"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			golden(t, tt.name, tt.want, tt.args...)
		})
	}
}

// TestReadinessJSON checks the readiness document: the score and its
// contributors' weights, which add up to 100 %.
func TestReadinessJSON(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"readiness", "--format", "json", "--as-of", "2026-10-11", blockDir},
		&stdout, &stderr); code != exitOK {
		t.Fatalf("exit status %d: %s", code, stderr.String())
	}
	var doc struct {
		Readiness struct {
			Score        *float64 `json:"score"`
			Band         string   `json:"band"`
			Advice       string   `json:"advice"`
			Contributors []struct {
				Name   string   `json:"name"`
				Score  *float64 `json:"score"`
				Weight float64  `json:"weight"`
			} `json:"contributors"`
		} `json:"readiness"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	r := doc.Readiness
	var sum, score float64
	for _, c := range r.Contributors {
		sum += c.Weight
		if c.Score != nil {
			score += c.Weight * *c.Score / 100
		}
	}
	if r.Score == nil || len(r.Contributors) != 6 || sum < 99.999 || sum > 100.001 || *r.Score-score > 1e-3 || score-*r.Score > 1e-3 {
		t.Errorf("score %v from contributors %+v (weights add to %v)", r.Score, r.Contributors, sum)
	}
	if r.Advice != "easy" || r.Band != "moderate" {
		t.Errorf("band %q advice %q at the end of the overload week", r.Band, r.Advice)
	}
}

// TestLoadWidths checks that the load tables fit the width asked for.
func TestLoadWidths(t *testing.T) {
	t.Parallel()
	for _, cmd := range []string{"load", "readiness"} {
		for _, width := range []string{"80", "100", "120"} {
			var stdout bytes.Buffer
			if code := run(context.Background(), []string{cmd, "--width", width, "--as-of", "2026-10-11", blockDir},
				&stdout, &bytes.Buffer{}); code != exitOK {
				t.Fatalf("exit status %d", code)
			}
			for i, line := range strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n") {
				if n := len([]rune(line)); n > atoi(width) {
					t.Errorf("%s --width %s: line %d is %d columns wide: %q", cmd, width, i+1, n, line)
				}
			}
		}
	}
}
