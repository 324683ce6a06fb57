package report

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/bounceback/bounceback/analysis"
	"github.com/bounceback/bounceback/analysis/hrv"
)

// Analyze writes the block's analysis in opts.Format: [AnalyzeText],
// [AnalyzeCSV] or [AnalysisJSON].
func Analyze(w io.Writer, b *analysis.Block, opts Options) error {
	switch opts.Format {
	case Text:
		return AnalyzeText(w, b, opts)
	case CSV:
		return AnalyzeCSV(w, b)
	case JSON:
		return AnalysisJSON(w, b)
	}
	return fmt.Errorf("report: unknown format %v", opts.Format)
}

// classOrder is the order classes are counted in.
var classOrder = []analysis.Class{analysis.Recovery, analysis.Endurance, analysis.Tempo,
	analysis.Threshold, analysis.VO2max, analysis.Anaerobic, analysis.Unclassified}

// AnalyzeText writes a summary of the block (sessions, time, total TRIMP
// and HRSS, sessions per class, the athlete's main values), then one row
// per session: start, sport, duration, average heart rate, TRIMP, HRSS,
// the percent of the heart-rate time in each zone, the class with its
// flags, Garmin's aerobic/anaerobic Training Effect, the compact
// post-session plan (litres to drink back, sodium to replace in mg,
// carbohydrate/protein in g, the refuel tier and window) and the file; then
// the totals, the file counts and where to find the reasons. A load
// estimated without heart rate is marked "~".
//
// When opts.Width is set and the table is wider, columns are dropped in this
// order until it fits: sodium, refuel window, carbohydrate/protein, drink,
// file, Garmin TE, average HR, HRSS, sport, zones.
func AnalyzeText(w io.Writer, b *analysis.Block, opts Options) error {
	rows := workoutRows(b)
	var sum bytes.Buffer
	writeSummary(&sum, b, opts.Width)
	if _, err := w.Write(sum.Bytes()); err != nil {
		return err
	}
	if len(rows) == 0 {
		return nil
	}
	startHead, startCell := startColumn(rows)
	cols := []*column{
		{head: startHead},
		{head: "sport", keep: 60, shrink: 8, keepStart: true},
		{head: "time\n(h:mm)", right: true},
		{head: "avg HR\n(bpm)", right: true, keep: 30},
		{head: "TRIMP", right: true},
		{head: "HRSS", right: true, keep: 40},
		{head: "zones 1-5\n(% of time)", keep: 70},
		{head: "class"},
		{head: "Garmin TE\n(aer/anaer)", keep: 20},
		{head: "drink\n(L)", right: true, keep: 5},
		{head: "Na\n(mg)", right: true, keep: 2},
		{head: "carbs/prot\n(g)", right: true, keep: 4},
		{head: "refuel\n(tier, when)", keep: 3},
		{head: "file", keep: 10, shrink: 18, path: true},
		{head: "note", keep: 85},
	}
	for _, r := range rows {
		start := startCell(r)
		s := r.s
		drink, sodium, grams, window := planCells(s)
		cells := []string{
			start,
			sportName(s),
			hm(s.Timer),
			fixed(avgHR(s), 0),
			loadCell(s.TRIMP, s.LoadEstimated),
			loadCell(s.HRSS, s.LoadEstimated),
			zoneSplit(s.ZoneSeconds),
			opts.paint(classBand, classText(s.Class)),
			garminTE(s),
			drink,
			sodium,
			grams,
			window,
			opts.name(r.file.Path),
			sessionMark(s),
		}
		for i, c := range cells {
			cols[i].cells = append(cols[i].cells, c)
		}
	}
	t := &b.Totals
	cols[0].foot = plural(t.Workouts, "session")
	cols[2].foot = hm(t.WorkoutTimer)
	cols[4].foot = fixed(t.TRIMP, 0)
	cols[5].foot = fixed(t.HRSS, 0)
	cols = dropEmptyLast(cols)
	cols = fit(cols, opts.Width)
	var buf bytes.Buffer
	if err := render(&buf, cols); err != nil {
		return err
	}
	if _, err := w.Write(tidy(buf.Bytes())); err != nil {
		return err
	}
	sessionNotes(w, rows, opts)
	if l := repeatsLine(summaryRepeats(b)); l != "" {
		fmt.Fprintln(w)
		wordWrap(w, "", l, opts.Width)
	}
	eventsText(w, b, opts)
	return blockText(w, b, opts)
}

// writeSummary writes the lines before the analyze table, wrapped to
// width columns (0: no limit).
func writeSummary(w io.Writer, b *analysis.Block, width int) {
	t := &b.Totals
	line := []string{fmt.Sprintf("%s, %s h", plural(t.Workouts, "session"), hm(t.WorkoutTimer))}
	if t.Workouts > 0 {
		line = append(line, "TRIMP "+fixed(t.TRIMP, 0), "HRSS "+fixed(t.HRSS, 0))
		if t.Estimated > 0 {
			line = append(line, fmt.Sprintf("%d estimated without heart-rate samples (marked ~)", t.Estimated))
		}
	}
	if t.Readings > 0 {
		line = append(line, fmt.Sprintf("%s left out (not workouts)", plural(t.Readings, "HRV reading")))
	}
	if t.Summaries > 0 {
		line = append(line, fmt.Sprintf("%d from Garmin's activity summaries without a FIT file", t.Summaries))
	}
	wrap(w, "", line, width)
	if x := exportDays(b); len(x) > 0 {
		wrap(w, "from Garmin's account export: ", x, width)
	}
	var parts []string
	for _, c := range classOrder {
		if n := t.Classes[c]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, c))
		}
	}
	if t.Long > 0 {
		parts = append(parts, fmt.Sprintf("%d long", t.Long))
	}
	if t.Race > 0 {
		parts = append(parts, fmt.Sprintf("%d race", t.Race))
	}
	if len(parts) > 0 {
		wrap(w, "classes: ", parts, width)
	}
	a := &b.Athlete
	hr := a.HR[analysis.SportOther]
	wrap(w, "athlete: ", []string{"HRmax " + briefValue(hr.HRMax), "resting HR " + briefValue(hr.HRRest),
		"LTHR " + briefValue(hr.LTHR), "zones " + zoneModels(a)}, width)
	fmt.Fprintln(w)
}

// wrap writes prefix and the parts joined by ", " on as many lines as it
// takes to stay within width columns (0: one line); continuation lines are
// indented as far as the prefix.
func wrap(w io.Writer, prefix string, parts []string, limit int) {
	line := prefix
	for i, p := range parts {
		sep := ""
		if i < len(parts)-1 {
			sep = ","
		}
		switch {
		case i == 0:
			line += p + sep
		case limit > 0 && width(line)+1+width(p+sep) > limit:
			fmt.Fprintln(w, line)
			line = strings.Repeat(" ", width(prefix)) + p + sep
		default:
			line += " " + p + sep
		}
	}
	fmt.Fprintln(w, line)
}

// zoneModels says which zone model each sport uses: "hrr", or "lthr for
// running and cycling, else hrr".
func zoneModels(a *analysis.Athlete) string {
	other := a.ZoneModel
	if z, ok := a.Zones[analysis.SportOther]; ok {
		other = z.Model
	}
	var differ []string
	model := other
	for _, sp := range sportOrder[1:] {
		z, ok := a.Zones[sp.key]
		if !ok || z.Model == other {
			continue
		}
		if len(differ) > 0 && z.Model != model {
			return "per sport"
		}
		model = z.Model
		differ = append(differ, sp.name)
	}
	if len(differ) == 0 {
		return other.String()
	}
	return fmt.Sprintf("%s for %s, else %s", model, strings.Join(differ, " and "), other)
}

// briefValue formats a heart rate with its source: "188 (device)",
// "185 (default, estimate)".
func briefValue(v analysis.Value) string {
	x := known(v)
	if math.IsNaN(x) {
		return "unknown"
	}
	src := v.Source.String()
	if v.Source == analysis.SourceFormula || v.Source == analysis.SourceDefault {
		src += ", estimate"
	}
	return fmt.Sprintf("%s (%s)", fixed(x, 0), src)
}

// sportName returns the session's sport, or its sub-sport when the sport
// is not recorded.
func sportName(s *analysis.SessionSummary) string {
	if s.Sport == "" {
		return s.SubSport
	}
	return s.Sport
}

// hm formats seconds as h:mm, rounded to the nearest minute; "" for NaN.
func hm(sec float64) string {
	if math.IsNaN(sec) || math.IsInf(sec, 0) {
		return ""
	}
	neg := ""
	if sec < 0 {
		neg, sec = "-", -sec
	}
	m := int64(math.Round(sec / 60))
	return fmt.Sprintf("%s%d:%02d", neg, m/60, m%60)
}

// avgHR returns the session's average heart rate over its trace, else the
// device's.
func avgHR(s *analysis.SessionSummary) float64 {
	if s.HRTime > 0 && !math.IsNaN(s.TraceAvgHR) {
		return s.TraceAvgHR
	}
	return s.AvgHR
}

// loadCell formats a load with no decimals, "~" first when estimated.
func loadCell(v float64, estimated bool) string {
	s := fixed(v, 0)
	if s != "" && estimated {
		s = "~" + s
	}
	return s
}

// zonePercents returns the percent of the heart-rate time in each zone,
// rounded so that they add up to 100 (largest remainder); ok is false
// without heart-rate time.
func zonePercents(secs [5]float64) (pct [5]int, ok bool) {
	total := 0.0
	for _, x := range secs {
		if math.IsNaN(x) {
			return pct, false
		}
		total += x
	}
	if !(total > 0) {
		return pct, false
	}
	var rem [5]float64
	sum := 0
	for z, x := range secs {
		p := 100 * x / total
		pct[z] = int(math.Floor(p))
		rem[z] = p - float64(pct[z])
		sum += pct[z]
	}
	for ; sum < 100; sum++ {
		best := 0
		for z := range rem {
			if rem[z] > rem[best] {
				best = z
			}
		}
		pct[best]++
		rem[best] = -1
	}
	return pct, true
}

// zoneSplit formats the zone percents as "20/45/25/8/2"; "" without heart
// rate.
func zoneSplit(secs [5]float64) string {
	pct, ok := zonePercents(secs)
	if !ok {
		return ""
	}
	parts := make([]string, 5)
	for z, p := range pct {
		parts[z] = strconv.Itoa(p)
	}
	return strings.Join(parts, "/")
}

// classText is the class with its flags: "endurance long".
func classText(c analysis.Classification) string {
	return strings.Join(append([]string{c.Class.String()}, classFlags(c)...), " ")
}

// garminTE formats Garmin's aerobic and anaerobic Training Effect as
// "3.2/1.0", with "-" for a missing half; "" when both are missing.
func garminTE(s *analysis.SessionSummary) string {
	if math.IsNaN(s.AerobicTE) && math.IsNaN(s.AnaerobicTE) {
		return ""
	}
	dash := func(v float64) string {
		if math.IsNaN(v) {
			return "-"
		}
		return fixed(v, 1)
	}
	return dash(s.AerobicTE) + "/" + dash(s.AnaerobicTE)
}

// analyzeColumns are the columns [AnalyzeCSV] adds after those of
// [SessionsCSV]. The names match the JSON field names (see the README).
var analyzeColumns = []struct {
	name string
	cell func(s *analysis.SessionSummary) string
}{
	{"class", func(s *analysis.SessionSummary) string { return s.Class.Class.String() }},
	{"class_reason", func(s *analysis.SessionSummary) string { return s.Class.Reason }},
	{"flags", func(s *analysis.SessionSummary) string { return strings.Join(classFlags(s.Class), ";") }},
	{"trimp", func(s *analysis.SessionSummary) string { return num(s.TRIMP) }},
	{"hrss", func(s *analysis.SessionSummary) string { return num(s.HRSS) }},
	{"edwards_trimp", func(s *analysis.SessionSummary) string { return num(s.Edwards) }},
	{"srpe_load", func(s *analysis.SessionSummary) string { return num(s.SRPE) }},
	{"load_estimated", func(s *analysis.SessionSummary) string { return strconv.FormatBool(s.LoadEstimated) }},
	{"hr_time_s", func(s *analysis.SessionSummary) string { return num(finite(s.HRTime)) }},
	{"zone1_s", zoneCell(0)},
	{"zone2_s", zoneCell(1)},
	{"zone3_s", zoneCell(2)},
	{"zone4_s", zoneCell(3)},
	{"zone5_s", zoneCell(4)},
	{"zone_model", func(s *analysis.SessionSummary) string { return s.Zones.Model.String() }},
	{"hr_max_bpm_used", func(s *analysis.SessionSummary) string { return num(known(s.Athlete.HRMax)) }},
	{"hr_rest_bpm_used", func(s *analysis.SessionSummary) string { return num(known(s.Athlete.HRRest)) }},
	{"lthr_bpm_used", func(s *analysis.SessionSummary) string { return num(known(s.Athlete.LTHR)) }},
	{"decoupling_pct", func(s *analysis.SessionSummary) string { return num(s.Structure.Decoupling) }},
	{"drift_pct", func(s *analysis.SessionSummary) string { return num(s.Structure.Drift) }},
	{"hr_recovery_bpm", func(s *analysis.SessionSummary) string { return num(s.Structure.HRRecovery) }},
	{"max_5s_hr_bpm", func(s *analysis.SessionSummary) string { return num(s.Structure.Max5s) }},
	{"intervals", func(s *analysis.SessionSummary) string { return strconv.Itoa(len(s.Structure.Intervals)) }},
	{"garmin_recovery_h", func(s *analysis.SessionSummary) string { return num(s.RecoveryTime / 60) }},
	{"garmin_vo2max", func(s *analysis.SessionSummary) string { return num(s.GarminVO2max) }},
	{"rr_artifact_pct", hrvCell(func(h *hrv.Session) float64 { return h.ArtifactPct })},
	{"rmssd_ms", hrvCell(func(h *hrv.Session) float64 { return h.RMSSD })},
	{"ln_rmssd", hrvCell(func(h *hrv.Session) float64 { return h.LnRMSSD })},
	{"dfa_a1_mean", hrvCell(func(h *hrv.Session) float64 { return h.AlphaMean })},
	{"vt1_bpm", hrvCell(func(h *hrv.Session) float64 { return h.VT1.HR })},
	{"vt2_bpm", hrvCell(func(h *hrv.Session) float64 { return h.VT2.HR })},
}

// hrvCell returns the cell of an HRV value: empty without RR data.
func hrvCell(get func(*hrv.Session) float64) func(s *analysis.SessionSummary) string {
	return func(s *analysis.SessionSummary) string {
		if h := sessionHRV(s); h != nil {
			return num(get(h))
		}
		return ""
	}
}

func zoneCell(z int) func(s *analysis.SessionSummary) string {
	return func(s *analysis.SessionSummary) string { return num(s.ZoneSeconds[z]) }
}

// AnalyzeCSV writes one row per session after a header row: the columns
// of [SessionsCSV], then the analysis (class, class_reason, flags joined
// with ";", trimp, hrss, edwards_trimp, srpe_load, load_estimated,
// hr_time_s, zone1_s … zone5_s, zone_model, the athlete values used,
// decoupling_pct, drift_pct, hr_recovery_bpm, max_5s_hr_bpm, the number of
// intervals, garmin_recovery_h and garmin_vo2max, then the HRV:
// rr_artifact_pct, rmssd_ms, ln_rmssd, dfa_a1_mean, vt1_bpm and vt2_bpm,
// empty without RR data), then the post-session plan: the fluid and refuel
// objects' main fields prefixed fluid_ and refuel_ (fluid_source,
// fluid_sweat_loss_l, ..., refuel_tier, refuel_carbs_g, ...; empty for HRV
// readings). A missing value is an empty cell.
func AnalyzeCSV(w io.Writer, b *analysis.Block) error {
	cw := csv.NewWriter(w)
	rec := make([]string, 0, len(csvColumns)+len(analyzeColumns)+len(planColumns))
	for _, c := range csvColumns {
		rec = append(rec, c.name)
	}
	for _, c := range analyzeColumns {
		rec = append(rec, c.name)
	}
	for _, c := range planColumns {
		rec = append(rec, c.name)
	}
	if err := cw.Write(rec); err != nil {
		return err
	}
	for _, r := range sessionRows(b) {
		rec = rec[:0]
		for _, c := range csvColumns {
			rec = append(rec, c.cell(r))
		}
		for _, c := range analyzeColumns {
			rec = append(rec, c.cell(r.s))
		}
		for _, c := range planColumns {
			rec = append(rec, c.cell(r.s))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// workoutRows returns the sessions of b that are workouts, in order of
// start (sessions without a start last, in file order): HRV readings
// (short recordings at rest, see analysis.Classification.Reading) are left
// out, and so are Garmin's activity summaries that repeat a recording (see
// summaryRepeats).
func workoutRows(b *analysis.Block) []sessionRef {
	var rows []sessionRef
	for _, r := range sessionRows(b) {
		if !r.s.Class.Reading && !repeatsRecording(r.s) {
			rows = append(rows, r)
		}
	}
	slices.SortStableFunc(rows, func(a, b sessionRef) int {
		sa, sb := a.s.Start, b.s.Start
		switch {
		case sa.IsZero() || sb.IsZero():
			return cmp.Compare(btoi(sa.IsZero()), btoi(sb.IsZero()))
		}
		return sa.Compare(sb)
	})
	return rows
}

// btoi is 1 for true, 0 for false.
func btoi(v bool) int {
	if v {
		return 1
	}
	return 0
}

// repeatsRecording reports whether s is one of Garmin's activity
// summaries (from the account export) that repeats a FIT recording: it is
// counted as that recording, and the tables leave it out.
func repeatsRecording(s *analysis.SessionSummary) bool {
	return s.Summary && s.DuplicateOf != nil
}

// summaryRepeats counts the sessions of b that repeatsRecording leaves
// out of the tables.
func summaryRepeats(b *analysis.Block) int {
	n := 0
	for _, r := range sessionRows(b) {
		if repeatsRecording(r.s) {
			n++
		}
	}
	return n
}

// repeatsLine is the line that stands for the summaries summaryRepeats
// counts, "" when there are none.
func repeatsLine(n int) string {
	if n == 0 {
		return ""
	}
	if n == 1 {
		return "1 activity summary in Garmin's account export repeats a FIT recording listed here: it is counted once, as the recording (CSV and JSON list it)"
	}
	return fmt.Sprintf("%d activity summaries in Garmin's account export repeat FIT recordings listed here: each is counted once, as the recording (CSV and JSON list them)", n)
}

// exportDays counts the days of the daily series that the account export
// filled: nights with sleep time, days with stress and Body Battery,
// Garmin's Training Readiness and load.
func exportDays(b *analysis.Block) []string {
	var sleep, stress, ready, load int
	for i := range b.Daily {
		d := &b.Daily[i]
		if !math.IsNaN(d.Sleep.V) {
			sleep++
		}
		if !math.IsNaN(d.Stress.V) || !math.IsNaN(d.BodyBattery.V) {
			stress++
		}
		if d.GarminReadiness != nil {
			ready++
		}
		if !math.IsNaN(d.GarminAcute) {
			load++
		}
	}
	var out []string
	if sleep > 0 {
		out = append(out, plural(sleep, "night")+" of sleep")
	}
	if stress > 0 {
		out = append(out, plural(stress, "day")+" of stress and Body Battery")
	}
	if ready > 0 {
		out = append(out, fmt.Sprintf("Garmin's Training Readiness on %s", plural(ready, "day")))
	}
	if load > 0 {
		out = append(out, fmt.Sprintf("Garmin's acute load on %s", plural(load, "day")))
	}
	return out
}
