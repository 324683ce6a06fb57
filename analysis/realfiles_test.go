package analysis

import (
	"math"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/bounceback/bounceback/fitparse"
	"github.com/bounceback/bounceback/internal/realfit"
)

// realFile is one file of ../shared/fit: its expected.tsv row, its
// summary (Summarize) and count (Count), and the file built as its own
// block (the files come from different athletes).
type realFile struct {
	row        realfit.Row
	sum, count FileSummary
	b          *Block
}

var (
	realMu    sync.Mutex
	realCache []realFile
)

// realFiles decodes, summarizes, counts and builds every file of expected.tsv,
// once per test binary for all the tests that read them; it skips (or
// fails under CI) as realfit.Dir does.
func realFiles(t *testing.T) []realFile {
	t.Helper()
	dir := realfit.Dir(t)
	realMu.Lock()
	defer realMu.Unlock()
	if realCache != nil {
		return realCache
	}
	for _, row := range realfit.Expected(t, dir) {
		path := row["path"]
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(path)))
		if err != nil {
			t.Fatal(err)
		}
		f := fitparse.DecodeBytes(data, path)
		sum := Summarize(f)
		realCache = append(realCache, realFile{row, sum, Count(f), Build([]FileSummary{sum}, Options{})})
	}
	return realCache
}

// TestRealFiles: every activity with heart rate in ../shared/fit gets
// zones, load (TRIMP, HRSS, Edwards) and a class, with no NaN. Each file
// is built as its own block, because the files come from different
// athletes. Files without a session message (records only, or truncated
// before it) have no session to analyse and are left out.
func TestRealFiles(t *testing.T) {
	t.Parallel()
	withHR := 0
	for _, rf := range realFiles(t) {
		row, b := rf.row, rf.b
		n, _ := strconv.Atoi(row["n_records_hr"])
		sessions, _ := strconv.Atoi(row["n_sessions"])
		if n == 0 || sessions == 0 {
			continue
		}
		path := row["path"]
		found := false
		for i, s := range b.Files[0].Sessions {
			if !(s.HRTime > 0) {
				continue
			}
			found = true
			withHR++
			bad := math.IsNaN(s.TRIMP) || math.IsNaN(s.HRSS) || math.IsNaN(s.Edwards) || math.IsNaN(s.BelowZone1)
			sum := 0.0
			for _, z := range s.ZoneSeconds {
				bad = bad || math.IsNaN(z)
				sum += z
			}
			for _, v := range s.Zones.Low {
				bad = bad || math.IsNaN(v)
			}
			if bad || math.Abs(sum-s.HRTime) > 1e-6*s.HRTime {
				t.Errorf("%s session %d: zones %v %v (time with HR %v), TRIMP %v HRSS %v Edwards %v",
					path, i, s.Zones.Low, s.ZoneSeconds, s.HRTime, s.TRIMP, s.HRSS, s.Edwards)
			}
			if s.Class.Reason == "" {
				t.Errorf("%s session %d: class %v without a reason", path, i, s.Class.Class)
			}
			if s.Class.Class == Unclassified && s.HRTime >= 10*60 {
				t.Errorf("%s session %d: %v min with heart rate left unclassified: %s", path, i, s.HRTime/60, s.Class.Reason)
			}
		}
		if !found && n >= 60 {
			t.Errorf("%s: expected.tsv has %d records with heart rate, no session got any", path, n)
		}
	}
	if withHR < 50 {
		t.Errorf("only %d sessions with heart rate", withHR)
	}
}

// TestRealFilesHeight: every file of ../shared/fit whose user_profile
// records a height gives its block a plausible height (1.0–2.5 m) from
// the device, and that height is the one of the sweat model's body surface
// area; a file without one gets the default.
func TestRealFilesHeight(t *testing.T) {
	t.Parallel()
	n, lo, hi := 0, math.Inf(1), math.Inf(-1)
	for _, rf := range realFiles(t) {
		recorded := false
		for _, d := range rf.sum.DeviceValues {
			if d.Kind == deviceUserProfile && said(d.Height) {
				recorded = true
			}
		}
		h := rf.b.Athlete.Height
		if !recorded {
			if h.Source != SourceDefault || h.V != defaultProfile.Height {
				t.Errorf("%s: no height recorded, yet %v (%s)", rf.row["path"], h.V, h.Source)
			}
			continue
		}
		n++
		if h.Source != SourceDevice || !(h.V >= 1.0 && h.V <= 2.5) {
			t.Errorf("%s: height %v m (%s, %s), want 1.0–2.5 m from the device", rf.row["path"], h.V, h.Source, h.Note)
			continue
		}
		lo, hi = math.Min(lo, h.V), math.Max(hi, h.V)
		a := bodyOf(&rf.b.Athlete)
		if a.height != h.V || a.heightNote != "device" {
			t.Errorf("%s: the sweat model takes %v m (%s), not the device's %v m", rf.row["path"], a.height, a.heightNote, h.V)
		}
	}
	if n < 10 {
		t.Errorf("only %d real files record a height", n)
	}
	t.Logf("%d real files record a height, %.2f–%.2f m", n, lo, hi)
}
