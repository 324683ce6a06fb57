package analysis

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/bounceback/bounceback/fitparse"
)

// This file is the data-quality layer between the decoded files and the
// block: what Build checks before it analyses anything, so that no number
// a user acts on rests on a value a file could not have meant.
//
//   - Device values (user_profile, time_in_zone) outside physiological
//     ranges are not used, with a warning naming the file ([checkDevices]).
//   - A session dated before limits.Earliest or after the day the program
//     runs has a device clock that was wrong: it is listed but left out of
//     the days, weeks and readiness ([checkDates]).
//   - A session recorded twice (two devices at once, a re-saved copy)
//     counts once ([markDuplicates]).

// limits are the plausibility limits of the data-quality layer. The
// athlete ranges are wide physiological bounds: a device value outside
// them is a setting nobody changed or a bug, not an athlete.
type limits struct {
	// HRMaxLow–HRMaxHigh bound a device's HRmax, bpm (120–230: the
	// lowest HRmax of old, unfit adults and the highest ever measured in
	// young athletes, Tanaka 2001's data with room on both sides).
	HRMaxLow, HRMaxHigh float64
	// HRRestLow–HRRestHigh bound a device's resting heart rate, bpm
	// (28–100: the bradycardia of elite endurance athletes up to
	// tachycardia).
	HRRestLow, HRRestHigh float64
	// LTHRLowReserve and LTHRHighReserve bound the LTHR as a share of
	// the heart-rate reserve: rest + share × (max − rest). The lactate
	// threshold lies near 80–92 % of the reserve in trained athletes;
	// below 70 % (our bound) the value is a setting, and with it a
	// session at HRmax would score above 250 HRSS an hour. Above 95 % (our
	// bound) it is no threshold but the maximum.
	LTHRLowReserve, LTHRHighReserve float64
	// MassLow–MassHigh (kg) and AgeLow–AgeHigh (years) bound the body
	// values, as for the profile file.
	MassLow, MassHigh float64
	AgeLow, AgeHigh   float64
	// HeightLow–HeightHigh bound the height, m (1.0–2.5: wider than the
	// adults who train, short of no one who does; our bound), as for the
	// profile file.
	HeightLow, HeightHigh float64
	// Earliest is the first plausible date of a recording: FIT's epoch is
	// 1989-12-31, where a device whose clock was never set dates its
	// files, and no FIT device recorded workouts before 1995 (our bound).
	Earliest time.Time
	// FutureSlack is how far after the time the program runs
	// (Options.Now) a session may start before its date counts as wrong:
	// the largest offset from UTC, so that no time zone trips it.
	FutureSlack time.Duration
	// Overlap: two sessions of one sport family in different files that
	// overlap in time by more than this share of the shorter one are one
	// session recorded twice (0.5, our rule).
	Overlap float64
}

// defaultLimits are bounceback's plausibility limits (see limits for
// where each comes from).
var defaultLimits = limits{
	HRMaxLow:        120,
	HRMaxHigh:       230,
	HRRestLow:       28,
	HRRestHigh:      100,
	LTHRLowReserve:  0.70,
	LTHRHighReserve: 0.95,
	MassLow:         25,
	MassHigh:        250,
	AgeLow:          5,
	AgeHigh:         100,
	HeightLow:       1.0,
	HeightHigh:      2.5,
	Earliest:        time.Date(1995, 1, 1, 0, 0, 0, 0, time.UTC),
	FutureSlack:     14 * time.Hour,
	Overlap:         0.5,
}

// lthrRange returns the plausible LTHR for rest and max (bpm).
func (l limits) lthrRange(rest, max float64) (lo, hi float64) {
	return rest + l.LTHRLowReserve*(max-rest), rest + l.LTHRHighReserve*(max-rest)
}

// Duplicate says which session a second recording duplicates.
type Duplicate struct {
	// Path and Session name the session kept: its file and its place
	// among the file's sessions (SessionSummary.Index).
	Path    string
	Session int
	// Rule says why the two are one session ("same sport (cycling),
	// overlapping 97 % of the shorter; rule: ..."), Kept why the other
	// recording was kept ("it has heart rate").
	Rule, Kept string
}

// Counted reports whether s counts in the block's model: it is neither a
// duplicate nor wrongly dated.
func (s *SessionSummary) Counted() bool { return s.DuplicateOf == nil && s.DateProblem == "" }

// checkDates marks the sessions of files whose date cannot be right and
// drops such wellness values, returning one warning per file. now is when
// the program runs (zero: no check of the future). files' slices are
// copied before anything changes.
func checkDates(files []FileSummary, now time.Time, l limits) []error {
	var warns []error
	for i := range files {
		f := &files[i]
		bad := func(t time.Time) string {
			switch {
			case t.Before(l.Earliest):
				return fmt.Sprintf("dated %s, before %d: the device's clock was not set",
					t.UTC().Format(time.DateOnly), l.Earliest.Year())
			case !now.IsZero() && t.After(now.Add(l.FutureSlack)):
				return fmt.Sprintf("dated %s, after today (%s): the device's clock was wrong",
					t.UTC().Format(time.DateOnly), now.UTC().Format(time.DateOnly))
			}
			return ""
		}
		var problems []string
		copied := false
		for j := range f.Sessions {
			s := &f.Sessions[j]
			if s.Start.IsZero() {
				continue
			}
			if why := bad(s.Start); why != "" {
				if !copied {
					f.Sessions, copied = slices.Clone(f.Sessions), true
					s = &f.Sessions[j]
				}
				s.DateProblem = why
				problems = append(problems, why)
			}
		}
		dropped := 0
		ws := f.WellnessValues[:0:0]
		for _, w := range f.WellnessValues {
			if !w.Time.IsZero() && bad(w.Time) != "" {
				dropped++
				continue
			}
			ws = append(ws, w)
		}
		if dropped > 0 {
			f.WellnessValues = ws
		}
		switch {
		case len(problems) > 0:
			warns = append(warns, fmt.Errorf("%s: session %s: listed, but left out of the days, weeks and readiness",
				f.Path, problems[0]))
		case dropped > 0:
			warns = append(warns, fmt.Errorf("%s: %d wellness values with an impossible date left out", f.Path, dropped))
		}
	}
	return warns
}

// checkDevices returns the device values of files with every value
// outside l's ranges replaced by NaN, and a warning for each. An LTHR is
// checked here against the widest range only; the resolution checks it
// against the resting HR and HRmax it picks (resolveAthlete).
func checkDevices(files []FileSummary, l limits) ([]DeviceValues, []error) {
	var out []DeviceValues
	var warns []error
	for i := range files {
		for _, d := range files[i].DeviceValues {
			reject := func(name string, v *float64, lo, hi float64, unit string) {
				if math.IsNaN(*v) || (*v >= lo && *v <= hi) {
					return
				}
				warns = append(warns, fmt.Errorf("athlete: %s: %s %s %s %s is outside %s–%s %s: not used",
					d.Path, d.Kind, name, shortNum(*v), unit, shortNum(lo), shortNum(hi), unit))
				*v = nan
			}
			reject("HRmax", &d.HRMax, l.HRMaxLow, l.HRMaxHigh, "bpm")
			reject("resting HR", &d.HRRest, l.HRRestLow, l.HRRestHigh, "bpm")
			// Here only the widest range: against the resting HR and HRmax
			// the resolution picks (the data may raise a device's HRmax).
			lo, _ := l.lthrRange(l.HRRestLow, l.HRMaxLow)
			reject("LTHR", &d.LTHR, math.Round(lo), l.HRMaxHigh, "bpm")
			reject("body mass", &d.Mass, l.MassLow, l.MassHigh, "kg")
			reject("age", &d.Age, l.AgeLow, l.AgeHigh, "years")
			if d.Height == 0 {
				// A profile whose height was never filled in (and the
				// records that carry none): not recorded, no warning.
				d.Height = nan
			}
			reject("height", &d.Height, l.HeightLow, l.HeightHigh, "m")
			out = append(out, d)
		}
	}
	return out, warns
}

// family is the sport family of the duplicate rule: running, cycling and
// swimming with every sub-sport, else the sport itself.
func family(sport string) string {
	if k := SportKey(sport); k != SportOther {
		return k
	}
	return strings.ToLower(sport)
}

// markDuplicates marks the second recordings of the sessions of files: two
// sessions of one sport family, in different files, with plausible dates,
// that overlap in time by more than l.Overlap of the shorter one are one
// session; so are two that start within a second of each other with
// durations within a second of each other (a re-saved copy, sessions
// without a duration, or a chained file that holds an activity twice,
// the one case where two sessions of one file are one). Of each group the primary recording is the one with heart rate,
// then with RR intervals, then with more heart-rate samples, then more
// records, then the first in the files' order; the others get DuplicateOf.
// Files skipped or failed take no part. files' Sessions slices are copied
// before anything changes.
//
// Sessions are swept in order of start: each is compared with the
// primary of every group still open when it starts, so that the cost
// grows with the sessions times the recordings that overlap, not with all
// pairs.
func markDuplicates(files []FileSummary, l limits) {
	type rec = recording
	var rs []rec
	for i := range files {
		f := &files[i]
		if f.Status == fitparse.Skipped || f.Status == fitparse.Failed {
			continue
		}
		for j := range f.Sessions {
			s := &f.Sessions[j]
			if s.Start.IsZero() || s.DateProblem != "" {
				continue
			}
			start := unixSeconds(s.Start)
			d := 0.0
			for _, v := range []float64{s.Elapsed, s.Timer, s.HRTime} {
				if v > 0 && !math.IsInf(v, 0) {
					d = v
					break
				}
			}
			rs = append(rs, rec{i, j, start, start + d, family(s.Sport)})
		}
	}
	if len(rs) < 2 {
		return
	}
	slices.SortStableFunc(rs, func(a, b rec) int {
		switch {
		case a.start < b.start:
			return -1
		case a.start > b.start:
			return 1
		}
		return 0
	})
	session := func(r rec) *SessionSummary { return &files[r.f].Sessions[r.s] }
	// better reports whether a is a better primary recording than b.
	better := func(a, b rec) (bool, string) {
		sa, sb := session(a), session(b)
		ha, hb := sa.HRSamples > 0 || has(sa.AvgHR), sb.HRSamples > 0 || has(sb.AvgHR)
		switch {
		case sa.Summary != sb.Summary:
			return !sa.Summary, "it is the recording (the other is Garmin's summary of it)"
		case ha != hb:
			return ha, "it has heart rate"
		case (sa.RRIntervals > 0) != (sb.RRIntervals > 0):
			return sa.RRIntervals > 0, "it has RR intervals"
		case sa.HRSamples != sb.HRSamples:
			return sa.HRSamples > sb.HRSamples, "it has more heart-rate samples"
		case files[a.f].Records != files[b.f].Records:
			return files[a.f].Records > files[b.f].Records, "it has more records"
		}
		return false, "it comes first in the files"
	}
	type group struct {
		primary rec
		members []rec
		end     float64
	}
	var open, groups []*group
	for _, r := range rs {
		// Close the groups that end before r starts.
		k := 0
		for _, g := range open {
			if g.end >= r.start {
				open[k] = g
				k++
			}
		}
		open = open[:k]
		var in *group
		for _, g := range open {
			p := g.primary
			if p.fam != r.fam {
				continue
			}
			// Two sessions of one file are one only when one repeats the
			// other (a chained file holding an activity twice).
			same := math.Abs(r.start-p.start) <= 1 && math.Abs((r.end-r.start)-(p.end-p.start)) <= 1
			if p.f == r.f && !same {
				continue
			}
			if overlapShare(p, r) > l.Overlap || same {
				in = g
				break
			}
		}
		if in == nil {
			g := &group{primary: r, members: []rec{r}, end: r.end}
			open = append(open, g)
			groups = append(groups, g)
			continue
		}
		in.members = append(in.members, r)
		in.end = math.Max(in.end, r.end)
		if b, _ := better(r, in.primary); b {
			in.primary = r
		}
	}
	copied := map[int]bool{}
	for _, g := range groups {
		if len(g.members) < 2 {
			continue
		}
		p := g.primary
		ps := session(p)
		for _, m := range g.members {
			if m == p {
				continue
			}
			if !copied[m.f] {
				files[m.f].Sessions, copied[m.f] = slices.Clone(files[m.f].Sessions), true
			}
			_, why := better(p, m)
			share := overlapShare(p, m)
			sport := ps.Sport
			if sport == "" {
				sport = "not recorded"
			}
			rule := fmt.Sprintf("same sport (%s) and overlapping %.0f %% of the shorter recording (rule: one sport family, overlap over %.0f %%)",
				sport, 100*share, 100*l.Overlap)
			if share == 0 || m.f == p.f {
				rule = fmt.Sprintf("same sport (%s), the same start and duration (rule: one sport family, a repeat)", sport)
			}
			ms := &files[m.f].Sessions[m.s]
			ms.DuplicateOf = &Duplicate{Path: files[p.f].Path, Session: ps.Index, Rule: rule, Kept: why}
			// Garmin's activity summary knows the sweat loss (its
			// waterEstimated) of recordings whose FIT file lacks it.
			if ms.Summary && !ps.Summary && !said(ps.SweatLoss) && said(ms.SweatLoss) {
				if !copied[p.f] {
					files[p.f].Sessions, copied[p.f] = slices.Clone(files[p.f].Sessions), true
				}
				ps = &files[p.f].Sessions[p.s] // the copy, whenever it was made
				ps.SweatLoss = ms.SweatLoss
			}
		}
	}
}

// recording is one session of markDuplicates: its file and session
// index, its span in Unix seconds and its sport family.
type recording struct {
	f, s       int
	start, end float64
	fam        string
}

// overlapShare returns the share of the shorter of two recordings that the
// other overlaps, 0 when either has no duration.
func overlapShare(a, b recording) float64 {
	short := math.Min(a.end-a.start, b.end-b.start)
	if !(short > 0) {
		return 0
	}
	return math.Max(0, math.Min(a.end, b.end)-math.Max(a.start, b.start)) / short
}
