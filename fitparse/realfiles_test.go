package fitparse

import (
	"errors"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/bounceback/bounceback/internal/realfit"
)

// realDir returns the real FIT files (../shared/fit); see realfit.Dir.
func realDir(tb testing.TB) string {
	tb.Helper()
	return realfit.Dir(tb)
}

type expectedRow = realfit.Row

func readExpected(tb testing.TB, dir string) []expectedRow {
	tb.Helper()
	return realfit.Expected(tb, dir)
}

// atoi parses an integer column; "" is 0.
func atoi(t *testing.T, row expectedRow, col string) int {
	t.Helper()
	s := row[col]
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("%s: column %s: %v", row["path"], col, err)
	}
	return n
}

// hrList parses a '|'-joined per-session list; "" entries are NaN.
func hrList(t *testing.T, s string, n int) []float64 {
	t.Helper()
	out := make([]float64, n)
	if s == "" {
		for i := range out {
			out[i] = math.NaN()
		}
		return out
	}
	parts := strings.Split(s, "|")
	if len(parts) != n {
		t.Fatalf("list %q has %d entries, want %d", s, len(parts), n)
	}
	for i, p := range parts {
		if p == "" {
			out[i] = math.NaN()
			continue
		}
		v, err := strconv.ParseFloat(p, 64)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = v
	}
	return out
}

// normName makes a profile name comparable across SDK spellings:
// "wahoo_fitness" and "wahooFitness" both become "wahoofitness".
func normName(s string) string {
	return strings.ToLower(strings.ReplaceAll(s, "_", ""))
}

// sameHR compares a decoded heart rate with expected.tsv's. The reference
// decoders print a session average of 0 bpm (no sensor) as 0; we decode it
// as not recorded (NaN).
func sameHR(got, want float64) bool {
	if want == 0 {
		want = math.NaN()
	}
	return math.IsNaN(got) && math.IsNaN(want) || got == want
}

func TestRealFiles(t *testing.T) {
	t.Parallel()
	dir := realDir(t)
	rows := readExpected(t, dir)
	for _, row := range rows {
		path := row["path"]
		t.Run(path, func(t *testing.T) {
			f := DecodeFile(filepath.Join(dir, path))
			if row["known_bad"] != "" || strings.Contains(path, "/bad/") {
				checkBad(t, f)
				// What decoded before the damage is real data: never more
				// than the reference decoders found.
				if got, max := f.Records.Len(), atoi(t, row, "n_records"); got > max {
					t.Errorf("records %d, reference decoders found %d", got, max)
				}
				checkInvariants(t, f)
				return
			}
			checkGood(t, row, f)
		})
	}
}

// checkBad: a damaged file is Failed or Partial, with a warning (or error)
// that names the byte offset.
func checkBad(t *testing.T, f *File) {
	t.Helper()
	if f.Status != Failed && f.Status != Partial {
		t.Fatalf("status %v, want failed or partial (err %v, warnings %v)", f.Status, f.Err, f.Warnings)
	}
	problems := f.Warnings
	if f.Err != nil {
		problems = append(problems, f.Err)
	}
	for _, w := range problems {
		var de *DecodeError
		if errors.As(w, &de) && strings.Contains(w.Error(), "byte ") {
			if de.Offset < 0 || de.Offset > f.Size {
				t.Errorf("offset %d outside the file (%d bytes)", de.Offset, f.Size)
			}
			return
		}
	}
	t.Errorf("no problem names a byte offset: err %v, warnings %v", f.Err, f.Warnings)
}

// splitSessions separates the sessions a file's session messages gave from
// the ones rebuilt from its records.
func splitSessions(f *File) (fromMessages, rebuilt []Session) {
	for _, s := range f.Sessions {
		if s.Reconstructed {
			rebuilt = append(rebuilt, s)
		} else {
			fromMessages = append(fromMessages, s)
		}
	}
	return fromMessages, rebuilt
}

func checkGood(t *testing.T, row expectedRow, f *File) {
	t.Helper()
	sessions, rebuilt := splitSessions(f)
	for _, w := range f.Warnings {
		if !errors.Is(w, ErrNoSession) || len(rebuilt) == 0 {
			t.Errorf("warning: %v", w)
		}
	}
	switch row["file_type"] {
	case "settings", "workout", "weight":
		if f.Status != Skipped {
			t.Errorf("status %v (%v), want skipped", f.Status, f.Err)
		}
		return
	case "monitoringB":
		if f.Status != Skipped && f.Status != OK {
			t.Errorf("status %v (%v), want skipped or ok", f.Status, f.Err)
		}
		return
	}
	if f.Status != OK {
		t.Fatalf("status %v, want ok: %v", f.Status, f.Err)
	}
	if want := row["manufacturer"]; want != "" && normName(f.ID.Manufacturer) != normName(want) {
		t.Errorf("manufacturer %q, want %q", f.ID.Manufacturer, want)
	}

	// expected.tsv counts session messages: a session rebuilt from the
	// records is extra, and exactly one is due when an activity has records
	// (their count is checked below) but no session message, unless fewer
	// than two records hold a time.
	n := atoi(t, row, "n_sessions")
	wantRebuilt := 0
	timed := 0
	for _, x := range f.Records.T {
		if !math.IsNaN(x) {
			timed++
		}
	}
	if n == 0 && atoi(t, row, "n_records") > 0 && timed >= 2 {
		wantRebuilt = 1
	}
	if len(rebuilt) != wantRebuilt {
		t.Errorf("%d sessions rebuilt from records, want %d", len(rebuilt), wantRebuilt)
	}
	if len(sessions) != n {
		t.Errorf("sessions %d, want %d", len(sessions), n)
	} else {
		var timer float64
		for _, s := range sessions {
			if !math.IsNaN(s.Timer) {
				timer += s.Timer
			}
		}
		// expected.tsv rounds the total to 0.1 s; compare at that precision.
		if want, _ := strconv.ParseFloat(row["total_timer_time_s"], 64); math.Abs(math.Round(timer*10)/10-want) > 0.01 {
			t.Errorf("total timer %.3f s, want %.3f s", timer, want)
		}
		avg := hrList(t, row["session_avg_hr"], n)
		maxHR := hrList(t, row["session_max_hr"], n)
		for i, s := range sessions {
			if !sameHR(s.AvgHR, avg[i]) || !sameHR(s.MaxHR, maxHR[i]) {
				t.Errorf("session %d: avg/max HR %v/%v, want %v/%v", i, s.AvgHR, s.MaxHR, avg[i], maxHR[i])
			}
		}
	}
	if got, want := f.Records.Len(), atoi(t, row, "n_records"); got != want {
		t.Errorf("records %d, want %d", got, want)
	}
	if got, want := f.Records.HRCount(), atoi(t, row, "n_records_hr"); got != want {
		t.Errorf("records with HR %d, want %d (strap HR values %d)", got, want, f.StrapHR)
	}
	if n := atoi(t, row, "n_hr_mesgs"); n > 0 && (f.HRSource != HRStrap || f.StrapHR == 0) {
		t.Errorf("%d hr messages, but HR source %v with %d strap values", n, f.HRSource, f.StrapHR)
	}
	if got, want := len(f.RR), atoi(t, row, "n_rr"); got != want {
		t.Errorf("RR intervals %d, want %d", got, want)
	}
	checkInvariants(t, f)
}
