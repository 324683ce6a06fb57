package analysis

import (
	"bufio"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/bounceback/bounceback/internal/fitgen"
)

// checkHRV checks what every session's HRV must satisfy, whatever the
// file: the counts add up and no NaN reaches the counts, the artefact share
// or, with at least one valid pair, RMSSD.
func checkHRV(t *testing.T, name string, s *SessionSummary) {
	t.Helper()
	h := s.HRV
	if s.RRIntervals == 0 {
		if h != nil {
			t.Errorf("%s: HRV without RR intervals", name)
		}
		return
	}
	if h == nil {
		t.Errorf("%s: %d RR intervals but no HRV", name, s.RRIntervals)
		return
	}
	if h.RRUsed+h.RRDropped != s.RRIntervals {
		t.Errorf("%s: used %d + dropped %d != %d RR intervals", name, h.RRUsed, h.RRDropped, s.RRIntervals)
	}
	if math.IsNaN(h.ArtifactPct) || h.ArtifactPct < 0 || h.ArtifactPct > 100 {
		t.Errorf("%s: artefact share %v", name, h.ArtifactPct)
	}
	pairs := false
	for _, w := range h.Windows {
		if !math.IsNaN(w.RMSSD) {
			pairs = true
		}
		if math.IsNaN(w.ArtifactPct) {
			t.Errorf("%s: window at %.0f s has a NaN artefact share", name, w.Start)
		}
	}
	if pairs && (math.IsNaN(h.RMSSD) || math.IsInf(h.RMSSD, 0)) {
		t.Errorf("%s: windows have RMSSD but the session's is %v", name, h.RMSSD)
	}
	if h.RRUsed >= 3 && math.IsNaN(h.MeanRR) {
		t.Errorf("%s: %d beats kept but mean RR is NaN", name, h.RRUsed)
	}
}

// TestHRVRealFiles runs every real file with RR intervals through
// Summarize: the sessions' used and dropped intervals add up to
// expected.tsv's n_rr.
func TestHRVRealFiles(t *testing.T) {
	t.Parallel()
	n := 0
	for _, rf := range realFiles(t) {
		row := rf.row
		want, err := strconv.Atoi(row["n_rr"])
		if err != nil || want == 0 {
			continue
		}
		n++
		s := &rf.b.Files[0]
		got := 0
		for i := range s.Sessions {
			ss := &s.Sessions[i]
			checkHRV(t, row["path"], ss)
			if h := ss.HRV; h != nil {
				got += h.RRUsed + h.RRDropped
				t.Logf("%s session %d: %d RR, %.1f %% artefacts, RMSSD %.1f ms, α1 mean %.2f over %d windows, VT1 %.0f, VT2 %.0f",
					row["path"], i, h.RRUsed+h.RRDropped, h.ArtifactPct, h.RMSSD, h.AlphaMean, len(h.Alpha), h.VT1.HR, h.VT2.HR)
			}
		}
		if got != want {
			t.Errorf("%s: sessions hold %d RR intervals, expected.tsv says %d", row["path"], got, want)
		}
	}
	if n == 0 {
		t.Error("no real file with RR intervals")
	}
}

// blockRRRow is a session of testdata/block/MANIFEST.tsv with RR
// intervals.
type blockRRRow struct {
	path, kind string
	rr         int
}

func blockRR(t *testing.T, dir string) []blockRRRow {
	t.Helper()
	fh, err := os.Open(filepath.Join(dir, "MANIFEST.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	var out []blockRRRow
	var col map[string]int
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		c := strings.Split(sc.Text(), "\t")
		if strings.HasPrefix(c[0], "#") || c[0] == "" {
			continue
		}
		if col == nil {
			col = map[string]int{}
			for i, h := range c {
				col[h] = i
			}
			continue
		}
		rr, err := strconv.Atoi(c[col["rr"]])
		if err != nil || rr == 0 {
			continue
		}
		out = append(out, blockRRRow{path: c[col["path"]], kind: c[col["kind"]], rr: rr})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestHRVBlock runs the generated block's sessions with RR intervals:
// every morning reading gets a finite ln RMSSD, and the sessions that
// span the aerobic threshold (steady windows near it) and give an estimate
// put VT1 within 8 bpm of the generator's athlete.
//
// Most generated interval sessions do not span it: their steady windows
// sit at the warm-up (about 135 bpm) and in the intervals (165 bpm and
// up), and their estimates are rightly withheld or held to no truth.
func TestHRVBlock(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("..", "testdata", "block")
	rows := blockRR(t, dir)
	mornings, vt1s := 0, 0
	for _, r := range rows {
		s := blockFile(t, dir, r.path)
		if len(s.Sessions) == 0 {
			t.Errorf("%s: no session", r.path)
			continue
		}
		for i := range s.Sessions {
			checkHRV(t, r.path, &s.Sessions[i])
		}
		h := s.Sessions[0].HRV
		if h == nil {
			continue
		}
		if strings.HasPrefix(r.path, "morning/") {
			mornings++
			if math.IsNaN(h.LnRMSSD) || math.IsInf(h.LnRMSSD, 0) {
				t.Errorf("%s: morning reading without ln RMSSD", r.path)
			}
			continue
		}
		// The session spans the threshold when it has steady, reliable α1
		// windows within 5 bpm of the generator's VT1: only then can its
		// estimate be held to it.
		lo, hi := math.Inf(1), math.Inf(-1)
		near := 0
		for _, p := range h.Alpha {
			if p.Unreliable || !p.Steady {
				continue
			}
			hr := float64(p.HR)
			lo, hi = math.Min(lo, hr), math.Max(hi, hr)
			if math.Abs(hr-fitgen.Athlete.VT1HR) <= 5 {
				near++
			}
		}
		t.Logf("%s (%s): %.1f %% artefacts, α1 mean %.2f, steady HR %.0f–%.0f, %d windows near VT1; VT1 %.1f (%d windows, R² %.2f), VT2 %.1f",
			r.path, r.kind, h.ArtifactPct, h.AlphaMean, lo, hi, near, h.VT1.HR, h.VT1.Windows, h.VT1.R2, h.VT2.HR)
		if !math.IsNaN(h.VT1.HR) && near >= 2 {
			vt1s++
			if math.Abs(h.VT1.HR-fitgen.Athlete.VT1HR) > 8 {
				t.Errorf("%s: VT1 %.1f bpm, generator's %.0f", r.path, h.VT1.HR, fitgen.Athlete.VT1HR)
			}
		}
	}
	if mornings == 0 {
		t.Error("no morning reading with RR intervals")
	}
	if vt1s == 0 {
		t.Error("no session of the block estimates VT1")
	}
}
