package analysis

import (
	"math"
	"time"

	"github.com/bounceback/bounceback/analysis/hrv"
)

// Anchor is a suggested zone anchor: the best VT1 or VT2 estimate from
// DFA-α1 of one sport in the block. It is a suggestion for the athlete to
// set (as LTHR, or in the profile file); nothing applies it.
type Anchor struct {
	// Sport is the per-sport key (SportRun, ...; SportOther for the other
	// sports); Which is "VT1" or "VT2".
	Sport, Which string
	Est          hrv.Estimate
	// Path and Start say which session it came from; Day is its start on
	// the device's clock when the file says it, else in UTC.
	Path       string
	Start, Day time.Time
}

// The rules of the anchors: an estimate needs anchorMinWindows reliable
// windows and a session that started at most anchorRecent before the
// block's latest session (our defaults: a regression over fewer windows is
// noise, and older sessions describe an athlete who may have changed).
const (
	anchorMinWindows = 8
	anchorRecent     = 90 * 24 * time.Hour
)

// anchors picks, per sport and for VT1 and VT2, the best estimate of the
// sessions of files: among those with at least anchorMinWindows windows
// that started within anchorRecent of the latest session, the highest R²,
// the latest on a tie. They come in the order of sportKeys, VT1 first.
func anchors(files []FileSummary) []Anchor {
	var latest time.Time
	for i := range files {
		for j := range files[i].Sessions {
			if s := &files[i].Sessions[j]; s.Start.After(latest) {
				latest = s.Start
			}
		}
	}
	best := map[string]*Anchor{}
	for i := range files {
		f := &files[i]
		for j := range f.Sessions {
			s := &f.Sessions[j]
			h := s.HRV
			if h == nil || s.Start.IsZero() || latest.Sub(s.Start) > anchorRecent || !s.Counted() {
				continue
			}
			key := SportKey(s.Sport)
			for _, v := range []struct {
				which string
				est   hrv.Estimate
			}{{"VT1", h.VT1}, {"VT2", h.VT2}} {
				e := v.est
				if math.IsNaN(e.HR) || math.IsInf(e.HR, 0) || e.Windows < anchorMinWindows || math.IsNaN(e.R2) {
					continue
				}
				k := key + "/" + v.which
				if cur := best[k]; cur == nil || e.R2 > cur.Est.R2 || (e.R2 == cur.Est.R2 && s.Start.After(cur.Start)) {
					day, _ := f.Local(s.Start)
					best[k] = &Anchor{Sport: key, Which: v.which, Est: e, Path: f.Path, Start: s.Start, Day: day}
				}
			}
		}
	}
	var out []Anchor
	for _, key := range sportKeys {
		for _, which := range []string{"VT1", "VT2"} {
			if a := best[key+"/"+which]; a != nil {
				out = append(out, *a)
			}
		}
	}
	return out
}
