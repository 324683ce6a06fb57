package report

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/bounceback/bounceback/analysis"
)

// Session writes every session of the block in full, in opts.Format:
// [SessionText] or, for JSON, the analysis document of [AnalysisJSON].
func Session(w io.Writer, b *analysis.Block, opts Options) error {
	switch opts.Format {
	case Text:
		return SessionText(w, b, opts)
	case JSON:
		return AnalysisJSON(w, b)
	}
	return fmt.Errorf("report: session: format %v is not supported", opts.Format)
}

// SessionText writes everything about each session of the block, one after
// the other: a header (start, sport, device, file, duration, distance,
// heart rate), the time in each zone with its bounds, the load with where
// the athlete values came from, the class with its reason and flags, the
// intervals found, decoupling, drift and heart-rate recovery, the HRV
// from the RR intervals when the session has them (artefacts, time-domain
// measures, 5-minute windows, DFA-α1 and the VT1/VT2 estimates), and
// Garmin's own values, labelled as such.
func SessionText(w io.Writer, b *analysis.Block, opts Options) error {
	rows := sessionRows(b)
	var buf bytes.Buffer
	for i, r := range rows {
		if i > 0 {
			buf.WriteString("\n")
		}
		if len(rows) > 1 {
			title := fmt.Sprintf("== session %d of %d: %s ", i+1, len(rows), sport(r.s))
			buf.WriteString(title + strings.Repeat("=", max(3, 72-width(title))) + "\n\n")
		}
		if err := sessionText(&buf, r, opts); err != nil {
			return err
		}
	}
	if len(rows) == 0 {
		buf.WriteString("0 sessions\n")
	}
	for i := range b.Events {
		e := &b.Events[i]
		title := fmt.Sprintf("== multisport event: %s ", strings.Join(e.Sports, ", "))
		buf.WriteString("\n" + title + strings.Repeat("=", max(3, 72-width(title))) + "\n")
		field(&buf, "file", opts.name(e.Path))
		field(&buf, "duration", hms(e.Seconds)+" (the parts' timer time)")
		planText(&buf, e.Timeline.Steps(), e.Fluid, e.Refuel)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// field writes one "label  value" line, the labels aligned.
func field(w io.Writer, label, value string) {
	fmt.Fprintf(w, "  %-20s %s\n", label, value)
}

func sessionText(w *bytes.Buffer, r sessionRef, opts Options) error {
	s, f := r.s, r.file
	t, isLocal := localTime(r)
	start := "unknown start"
	if !t.IsZero() {
		start = t.Format("2006-01-02 15:04")
		if isLocal {
			start += " (local)"
		} else {
			start += " UTC"
		}
	}
	fmt.Fprintf(w, "%s  %s\n", start, sport(s))
	switch {
	case s.DuplicateOf != nil:
		d := s.DuplicateOf
		field(w, "duplicate", fmt.Sprintf("a second recording of %s session %d (%s; kept: %s): counted once, as that one",
			opts.name(d.Path), d.Session+1, d.Rule, d.Kept))
	case s.DateProblem != "":
		field(w, "date", s.DateProblem+": not counted in the days, weeks and readiness")
	}
	if s.Reconstructed {
		field(w, "rebuilt", "the file has no session message; this session was rebuilt from its records")
	}
	if d := f.Device(); d != "" {
		field(w, "device", d)
	}
	field(w, "file", opts.name(f.Path))
	dur := hms(s.Timer)
	if e := hms(s.Elapsed); e != "" && e != dur {
		dur += " (elapsed " + e + ")"
	}
	field(w, "duration", orDash(dur))
	if !math.IsNaN(s.Distance) {
		field(w, "distance", fixed(s.Distance/1000, 2)+" km")
	}
	hr := "no heart rate"
	if avg := avgHR(s); !math.IsNaN(avg) {
		hr = "avg " + fixed(avg, 0) + " bpm"
		if !math.IsNaN(s.MaxHR) {
			hr += ", max " + fixed(s.MaxHR, 0) + " bpm"
		}
		hr += fmt.Sprintf(" (%s with heart rate, from %s)", hms(s.HRTime), f.HRSource)
	}
	field(w, "heart rate", hr)

	// Athlete values.
	a := &s.Athlete
	fmt.Fprintf(w, "\nAthlete values used (%s)\n", sportKeyName(s.Sport))
	field(w, "max heart rate", valueWithSource(a.HRMax, "bpm"))
	field(w, "resting heart rate", valueWithSource(a.HRRest, "bpm"))
	field(w, "threshold HR (LTHR)", valueWithSource(a.LTHR, "bpm"))
	sex := a.Sex
	if sex == "" {
		sex = "unknown"
	}
	field(w, "sex", fmt.Sprintf("%s (%s; sets the TRIMP constants)", sex, sourceText(a.SexSource)))

	// Zones.
	fmt.Fprintf(w, "\nHeart-rate zones (%s)\n", zoneModelText(s.Zones.Model))
	if pct, ok := zonePercents(s.ZoneSeconds); ok {
		cols := []*column{{head: "zone"}, {head: "bpm", right: true}, {head: "time", right: true}, {head: "%", right: true}}
		for z := range 5 {
			cols[0].cells = append(cols[0].cells, "Z"+strconv.Itoa(z+1))
			cols[1].cells = append(cols[1].cells, zoneRange(s.Zones, z))
			cols[2].cells = append(cols[2].cells, hms(s.ZoneSeconds[z]))
			cols[3].cells = append(cols[3].cells, strconv.Itoa(pct[z]))
		}
		if err := indented(w, cols); err != nil {
			return err
		}
		if s.BelowZone1 > 0 {
			fmt.Fprintf(w, "  of Z1, below %s bpm: %s\n", fixed(s.Zones.Low[0], 0), hms(s.BelowZone1))
		}
	} else {
		fmt.Fprintln(w, "  no heart-rate samples: no time in zone")
	}

	// Load.
	fmt.Fprintln(w, "\nLoad (ours)")
	est := ""
	if s.LoadEstimated {
		est = " ~ estimated"
	}
	field(w, "TRIMP (Banister)", orDash(fixed(s.TRIMP, 0))+est)
	field(w, "HRSS", orDash(fixed(s.HRSS, 0))+est+"  (1 h at LTHR = 100)")
	field(w, "Edwards TRIMP", orDash(fixed(s.Edwards, 0))+est)
	srpe := "- (no RPE in the file)"
	if !math.IsNaN(s.SRPE) {
		srpe = fmt.Sprintf("%s  (RPE %s x %s min)", fixed(s.SRPE, 0), fixed(s.RPE, 0), fixed(s.Timer/60, 0))
	}
	field(w, "session-RPE load", srpe)
	if s.LoadNote != "" {
		field(w, "", s.LoadNote)
	}

	// Class.
	fmt.Fprintf(w, "\nClass: %s\n", opts.paint(classBand, classText(s.Class)))
	if s.Class.Reason != "" {
		field(w, "reason", s.Class.Reason)
	}

	// Intervals.
	st := &s.Structure
	if n := len(st.Intervals); n > 0 {
		src := ""
		if st.Source != "" {
			src = ", found in " + st.Source
		}
		fmt.Fprintf(w, "\nIntervals (%d%s)\n", n, src)
		cols := []*column{
			{head: "#", right: true},
			{head: "start", right: true},
			{head: "duration", right: true},
			{head: "avg HR\n(bpm)", right: true},
			{head: "max HR\n(bpm)", right: true},
			{head: "power\n(W)", right: true},
			{head: "speed\n(km/h)", right: true},
			{head: "recovery", right: true},
			{head: "rec. HR\n(bpm)", right: true},
		}
		for i, iv := range st.Intervals {
			cells := []string{strconv.Itoa(i + 1), hms(iv.Start), hms(iv.Duration), fixed(iv.AvgHR, 0),
				fixed(iv.MaxHR, 0), fixed(iv.AvgPower, 0), fixed(iv.AvgSpeed*3.6, 1), hms(iv.Recovery), fixed(iv.RecoveryHR, 0)}
			for j, c := range cells {
				cols[j].cells = append(cols[j].cells, c)
			}
		}
		if err := indented(w, dropEmpty(cols)); err != nil {
			return err
		}
	} else {
		fmt.Fprintln(w, "\nIntervals: none found")
	}

	// Steady-state measures.
	fmt.Fprintln(w, "\nHeart-rate measures")
	field(w, "aerobic decoupling", pctOr(st.Decoupling, "not computed (not a steady session, or no speed or power)"))
	field(w, "heart-rate drift", pctOr(st.Drift, "not computed (not a steady session)"))
	rec := "not seen (no hard effort followed by 60 s of recording)"
	if !math.IsNaN(st.HRRecovery) {
		rec = fixed(st.HRRecovery, 0) + " bpm drop 60 s after the hardest effort"
	}
	field(w, "heart-rate recovery", rec)
	if !math.IsNaN(st.Max5s) {
		field(w, "highest 5-s HR", fixed(st.Max5s, 0)+" bpm")
	}

	if err := sessionHRVText(w, sessionHRV(s)); err != nil {
		return err
	}

	// Garmin's values.
	var g []string
	if !math.IsNaN(s.AerobicTE) {
		g = append(g, "aerobic Training Effect "+fixed(s.AerobicTE, 1))
	}
	if !math.IsNaN(s.AnaerobicTE) {
		g = append(g, "anaerobic Training Effect "+fixed(s.AnaerobicTE, 1))
	}
	if !math.IsNaN(s.EPOC) {
		g = append(g, "EPOC load "+fixed(s.EPOC, 0))
	}
	if !math.IsNaN(s.RecoveryTime) {
		g = append(g, "recovery time "+fixed(s.RecoveryTime/60, 0)+" h")
	}
	if !math.IsNaN(s.GarminVO2max) {
		g = append(g, "VO2max "+fixed(s.GarminVO2max, 1))
	}
	if len(g) > 0 {
		fmt.Fprintln(w, "\nGarmin's own (computed by the device, shown beside ours, never used in ours)")
		for _, x := range g {
			fmt.Fprintf(w, "  %s\n", x)
		}
	}
	planText(w, s.Timeline.Steps(), s.Fluid, s.Refuel)
	return nil
}

// sportKeyName names the per-sport athlete values a session sport uses:
// "running values", or "values for every sport" for a sport without its
// own.
func sportKeyName(sport string) string {
	key := analysis.SportKey(sport)
	for _, sp := range sportOrder {
		if sp.key == key && key != analysis.SportOther {
			return sp.name + " values"
		}
	}
	return "values for every sport"
}

// valueWithSource formats "188 bpm (estimate: highest sustained 5-s HR of
// the block)".
func valueWithSource(v analysis.Value, unit string) string {
	x := known(v)
	if math.IsNaN(x) {
		return "unknown"
	}
	src := sourceText(v.Source)
	switch {
	case strings.HasPrefix(v.Note, src):
		src = v.Note
	case v.Note != "":
		src += ": " + v.Note
	}
	return fmt.Sprintf("%s %s (%s)", fixed(x, 0), unit, src)
}

// zoneRange formats zone z's heart rates: "< 138" for zone 1 (the time
// below its lower bound counts in it), "138-150", ">= 176" for zone 5.
func zoneRange(zs analysis.Zones, z int) string {
	switch z {
	case 0:
		return "< " + fixed(zs.Low[1], 0)
	case 4:
		return ">= " + fixed(zs.Low[4], 0)
	}
	return fixed(zs.Low[z], 0) + "-" + fixed(zs.Low[z+1], 0)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// pctOr formats v as a percent with one decimal, or returns why not.
func pctOr(v float64, why string) string {
	if math.IsNaN(v) {
		return why
	}
	return fmt.Sprintf("%+.1f %%", v)
}

// dropEmpty removes the columns whose cells are all empty.
func dropEmpty(cols []*column) []*column {
	var out []*column
	for _, c := range cols {
		for _, x := range c.cells {
			if x != "" {
				out = append(out, c)
				break
			}
		}
	}
	return out
}

// indented renders a footless table indented by two spaces.
func indented(w io.Writer, cols []*column) error {
	var buf bytes.Buffer
	if err := writeTable(&buf, cols); err != nil {
		return err
	}
	for _, line := range strings.SplitAfter(buf.String(), "\n") {
		if line != "" && line != "\n" {
			line = "  " + line
		}
		if _, err := io.WriteString(w, line); err != nil {
			return err
		}
	}
	return nil
}
