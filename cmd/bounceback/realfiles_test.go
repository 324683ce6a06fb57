package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/bounceback/bounceback/internal/realfit"
)

type expectedRow = realfit.Row

// jsonOutput is the part of the JSON document this test checks.
type jsonOutput struct {
	Files []struct {
		Path         string        `json:"path"`
		Status       string        `json:"status"`
		Error        *string       `json:"error"`
		Warnings     []string      `json:"warnings"`
		FileType     *string       `json:"file_type"`
		Serial       *uint32       `json:"serial_number"`
		TimeCreated  *string       `json:"time_created"`
		Records      int           `json:"records"`
		HRSamples    int           `json:"hr_samples"`
		RRIntervals  int           `json:"rr_intervals"`
		HRSource     string        `json:"hr_source"`
		Manufacturer *string       `json:"manufacturer"`
		Sessions     []jsonSession `json:"sessions"`
	} `json:"files"`
}

// jsonSession is the part of a session object this test checks.
type jsonSession struct {
	Sport         *string  `json:"sport"`
	Start         *string  `json:"start"`
	TimerS        *float64 `json:"timer_s"`
	Reconstructed bool     `json:"reconstructed"`
	AvgHR         *float64 `json:"avg_hr_bpm"`
	MaxHR         *float64 `json:"max_hr_bpm"`
}

// TestRealFiles runs "bounceback sessions --format json ../shared/fit" and
// checks the document against expected.tsv: for every good activity file
// the session count, total timer time, per-session average and maximum
// heart rate, and the record, heart-rate and RR counts; for every bad file a
// partial or failed status and one line on standard error per problem,
// naming the file; and exit status 1.
func TestRealFiles(t *testing.T) {
	t.Parallel()
	shared := realfit.Dir(t)
	rows := realfit.Expected(t, shared)

	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"sessions", "--format", "json", shared}, &stdout, &stderr)
	if code != exitFailed {
		t.Errorf("exit status %d, want %d (bad files are present)", code, exitFailed)
	}
	var doc jsonOutput
	if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil {
		t.Fatalf("the output is not JSON: %v\n%s", err, stdout.Bytes())
	}
	errLines := strings.Split(strings.TrimSuffix(stderr.String(), "\n"), "\n")
	for _, line := range errLines {
		if !strings.HasPrefix(line, prefix) {
			t.Errorf("stderr line without the %q prefix: %q", prefix, line)
		}
	}
	linesNaming := func(path string) int {
		n := 0
		for _, line := range errLines {
			if strings.HasPrefix(line, prefix+path+":") || strings.HasPrefix(line, prefix+"stat "+path+":") {
				n++
			}
		}
		return n
	}

	byRel := map[string]int{}
	for i, f := range doc.Files {
		rel, err := filepath.Rel(shared, f.Path)
		if err != nil || strings.HasPrefix(rel, "..") {
			t.Errorf("file %q is outside %s", f.Path, shared)
			continue
		}
		byRel[filepath.ToSlash(rel)] = i
	}
	if len(doc.Files) != len(rows) {
		t.Errorf("got %d files in the JSON, expected.tsv lists %d", len(doc.Files), len(rows))
	}

	for _, row := range rows {
		rel := row["path"]
		i, ok := byRel[rel]
		if !ok {
			t.Errorf("%s: missing from the JSON output", rel)
			continue
		}
		f := doc.Files[i]
		bad := row["known_bad"] != ""
		switch {
		case bad:
			switch f.Status {
			case "partial":
				if n := linesNaming(f.Path); n != len(f.Warnings) || n == 0 {
					t.Errorf("%s: partial with %d warnings, but %d stderr lines name it", rel, len(f.Warnings), n)
				}
			case "failed":
				if n := linesNaming(f.Path); n != 1 {
					t.Errorf("%s: failed, but %d stderr lines name it, want 1", rel, n)
				}
				if f.Error == nil {
					t.Errorf("%s: failed without an error", rel)
				}
			default:
				t.Errorf("%s: bad file (%s) has status %s (error %s), want partial or failed",
					rel, row["known_bad"], f.Status, deref(f.Error))
			}
			continue
		case f.Status == "failed" || f.Status == "partial":
			t.Errorf("%s: good file has status %s: %s %v", rel, f.Status, deref(f.Error), f.Warnings)
			continue
		case row["file_type"] != "activity":
			continue
		}

		// A good activity file. When it was skipped as a duplicate, the
		// copy kept must hold what this file holds.
		got := i
		if f.Status == "skipped" {
			kept := -1
			for j, g := range doc.Files {
				if j != i && g.Status != "skipped" && f.Serial != nil && g.Serial != nil && *g.Serial == *f.Serial &&
					f.TimeCreated != nil && g.TimeCreated != nil && *g.TimeCreated == *f.TimeCreated {
					kept = j
				}
			}
			if kept < 0 {
				t.Errorf("%s: good activity file skipped (%s) and no copy kept", rel, deref(f.Error))
				continue
			}
			got = kept
		} else if f.Status != "ok" {
			t.Errorf("%s: status %s, want ok", rel, f.Status)
		}
		if err := checkActivity(doc, got, row); err != nil {
			if got != i {
				err = fmt.Errorf("skipped as a duplicate of %s, which differs: %w", doc.Files[got].Path, err)
			}
			t.Errorf("%s: %v", rel, err)
		}
	}
}

// checkActivity compares file i of doc with an expected.tsv row.
func checkActivity(doc jsonOutput, i int, row expectedRow) error {
	f := doc.Files[i]
	// expected.tsv counts session messages: a session rebuilt from the
	// records of a file without one is ours.
	f.Sessions = slices.DeleteFunc(slices.Clone(f.Sessions), func(s jsonSession) bool { return s.Reconstructed })
	var errs []string
	atoi := func(col string) int {
		n, err := strconv.Atoi(row[col])
		if err != nil {
			errs = append(errs, fmt.Sprintf("expected.tsv %s: %v", col, err))
		}
		return n
	}
	if want := atoi("n_sessions"); len(f.Sessions) != want {
		errs = append(errs, fmt.Sprintf("%d sessions, want %d", len(f.Sessions), want))
	}
	wantTimer, err := strconv.ParseFloat(row["total_timer_time_s"], 64)
	if err != nil && row["total_timer_time_s"] != "" {
		errs = append(errs, fmt.Sprintf("expected.tsv total_timer_time_s: %v", err))
	}
	timer := 0.0
	for _, s := range f.Sessions {
		if s.TimerS != nil {
			timer += *s.TimerS
		}
	}
	// expected.tsv rounds times to 0.1 s: allow that rounding plus 0.01 s.
	if math.Abs(timer-wantTimer) > 0.05+0.01 {
		errs = append(errs, fmt.Sprintf("total timer %.3f s, want %.3f s", timer, wantTimer))
	}
	for _, hr := range []struct {
		col string
		get func(j int) *float64
	}{
		{"session_avg_hr", func(j int) *float64 { return f.Sessions[j].AvgHR }},
		{"session_max_hr", func(j int) *float64 { return f.Sessions[j].MaxHR }},
	} {
		want := strings.Split(row[hr.col], "|")
		if len(f.Sessions) == 0 {
			continue
		}
		if len(want) != len(f.Sessions) {
			if len(f.Sessions) > 1 || row[hr.col] != "" {
				errs = append(errs, fmt.Sprintf("%s: %d sessions, expected.tsv has %d values %q", hr.col, len(f.Sessions), len(want), row[hr.col]))
				continue
			}
		}
		for j := range f.Sessions {
			got := hr.get(j)
			// fitparse reads a heart rate of 0 bpm as "not recorded"
			// (NaN, so null here); the reference decoders print the 0.
			if want[j] == "0" {
				want[j] = ""
			}
			switch {
			case want[j] == "" && got != nil:
				errs = append(errs, fmt.Sprintf("session %d %s = %v, want null", j, hr.col, *got))
			case want[j] != "" && got == nil:
				errs = append(errs, fmt.Sprintf("session %d %s = null, want %s", j, hr.col, want[j]))
			case want[j] != "":
				w, err := strconv.ParseFloat(want[j], 64)
				if err != nil || math.Abs(*got-w) > 1e-9 {
					errs = append(errs, fmt.Sprintf("session %d %s = %v, want %s", j, hr.col, *got, want[j]))
				}
			}
		}
	}
	for _, c := range []struct {
		col string
		got int
	}{{"n_records", f.Records}, {"n_records_hr", f.HRSamples}, {"n_rr", f.RRIntervals}} {
		if want := atoi(c.col); c.got != want {
			errs = append(errs, fmt.Sprintf("%s: got %d, want %d", c.col, c.got, want))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s", strings.Join(errs, "; "))
	}
	return nil
}

func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}

// TestRealFilesAnalyze runs "bounceback analyze --format json" over the
// real files and checks that every session with heart rate gets zones, a
// load and a class, and that the table renders without NaN.
func TestRealFilesAnalyze(t *testing.T) {
	t.Parallel()
	shared := realfit.Dir(t)
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"analyze", "--format", "json", shared}, &stdout, &stderr); code != exitFailed {
		t.Errorf("exit status %d, want %d (bad files are present)", code, exitFailed)
	}
	var doc struct {
		Athlete map[string]any `json:"athlete"`
		Files   []struct {
			Path     string `json:"path"`
			Sessions []struct {
				Class       string     `json:"class"`
				ClassReason *string    `json:"class_reason"`
				TRIMP       *float64   `json:"trimp"`
				HRSS        *float64   `json:"hrss"`
				HRTime      float64    `json:"hr_time_s"`
				ZoneSeconds []*float64 `json:"zone_seconds"`
			} `json:"sessions"`
		} `json:"files"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil {
		t.Fatalf("the output is not JSON: %v", err)
	}
	if doc.Athlete == nil {
		t.Error("no athlete in the document")
	}
	withHR := 0
	for _, f := range doc.Files {
		for i, s := range f.Sessions {
			if s.ClassReason == nil || s.Class == "" {
				t.Errorf("%s: session %d: class %q without a reason", f.Path, i, s.Class)
			}
			if s.HRTime <= 0 {
				continue
			}
			withHR++
			if s.TRIMP == nil || s.HRSS == nil {
				t.Errorf("%s: session %d: heart rate but no TRIMP or HRSS", f.Path, i)
			}
			for z, sec := range s.ZoneSeconds {
				if sec == nil {
					t.Errorf("%s: session %d: zone %d has no time", f.Path, i, z+1)
				}
			}
		}
	}
	if withHR < 50 {
		t.Errorf("only %d sessions with heart rate", withHR)
	}

	stdout.Reset()
	run(context.Background(), []string{"analyze", "--width", "80", shared}, &stdout, &bytes.Buffer{})
	if strings.Contains(stdout.String(), "NaN") {
		t.Error("the analyze table shows NaN")
	}
	for i, line := range strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n") {
		if n := len([]rune(line)); n > 80 {
			t.Errorf("--width 80: line %d is %d columns wide: %q", i+1, n, line)
		}
	}
}
