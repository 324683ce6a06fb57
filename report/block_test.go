package report_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/bounceback/bounceback/analysis"
	"github.com/bounceback/bounceback/report"
)

// blockAsOf builds ../testdata/block as of day.
func blockAsOf(t *testing.T, day string, opts analysis.Options) *analysis.Block {
	t.Helper()
	opts.AsOf, _ = time.Parse(time.DateOnly, day)
	return analysis.Build(scanDir(t, "../testdata/block"), opts)
}

// TestBlockRenderers renders the readiness and the load model of the
// generated block at the end of its overload week, in every format and
// at several widths.
func TestBlockRenderers(t *testing.T) {
	t.Parallel()
	b := blockAsOf(t, "2026-10-11", analysis.Options{})
	since, _ := time.Parse(time.DateOnly, "2026-10-01")
	shown := blockAsOf(t, "2026-10-11", analysis.Options{Filter: analysis.Filter{Since: since}})
	for _, tt := range []struct {
		name   string
		render func(*bytes.Buffer, report.Options) error
		width  int
	}{
		{"readiness-0.txt", func(w *bytes.Buffer, o report.Options) error { return report.Readiness(w, b, o) }, 0},
		{"readiness-80.txt", func(w *bytes.Buffer, o report.Options) error { return report.Readiness(w, b, o) }, 80},
		{"readiness.csv", func(w *bytes.Buffer, o report.Options) error { return report.ReadinessCSV(w, b) }, 0},
		{"load-0.txt", func(w *bytes.Buffer, o report.Options) error { return report.Load(w, shown, o) }, 0},
		{"load-80.txt", func(w *bytes.Buffer, o report.Options) error { return report.Load(w, shown, o) }, 80},
		{"load.csv", func(w *bytes.Buffer, o report.Options) error { return report.LoadCSV(w, shown) }, 0},
		{"block-100.txt", func(w *bytes.Buffer, o report.Options) error { return report.BlockText(w, b, o) }, 100},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tt.render(&buf, report.Options{Format: report.Text, Width: tt.width}); err != nil {
				t.Fatal(err)
			}
			for i, line := range strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n") {
				if n := len([]rune(line)); tt.width > 0 && n > tt.width {
					t.Errorf("line %d is %d columns wide, more than %d: %q", i+1, n, tt.width, line)
				}
				if strings.HasSuffix(line, " ") || strings.Contains(line, "NaN") {
					t.Errorf("line %d: %q", i+1, line)
				}
			}
			golden(t, tt.name, buf.Bytes())
		})
	}
}

// TestBlockJSON checks the load and readiness documents: no NaN, arrays
// never null, the days of the period.
func TestBlockJSON(t *testing.T) {
	t.Parallel()
	b := blockAsOf(t, "2026-11-02", analysis.Options{})
	var buf bytes.Buffer
	if err := report.LoadJSON(&buf, b); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		LoadMetric string           `json:"load_metric"`
		Days       []map[string]any `json:"days"`
		Weeks      []map[string]any `json:"weeks"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.LoadMetric != "trimp" || len(doc.Days) != 64 || len(doc.Weeks) != 10 {
		t.Errorf("metric %q, %d days, %d weeks", doc.LoadMetric, len(doc.Days), len(doc.Weeks))
	}
	for _, key := range []string{"load", "ctl", "atl", "tsb", "acwr", "monotony", "strain", "timer_s", "distance_by_sport_m", "readiness"} {
		if _, ok := doc.Days[40][key]; !ok {
			t.Errorf("day has no %q", key)
		}
	}
	buf.Reset()
	if err := report.ReadinessJSON(&buf, b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"score": 82.`) || !strings.Contains(buf.String(), `"name": "residual fatigue"`) {
		t.Errorf("readiness document:\n%s", buf.String())
	}
	none := blockAsOf(t, "2026-01-01", analysis.Options{})
	buf.Reset()
	if err := report.ReadinessJSON(&buf, none); err != nil || buf.String() != "{\n  \"readiness\": null\n}\n" {
		t.Errorf("readiness without data: %q %v", buf.String(), err)
	}
	buf.Reset()
	if err := report.LoadJSON(&buf, none); err != nil || !strings.Contains(buf.String(), `"days": []`) {
		t.Errorf("load without data: %q %v", buf.String(), err)
	}
}
