package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/bounceback/bounceback/analysis"
	"github.com/bounceback/bounceback/analysis/load"
	"github.com/bounceback/bounceback/fitparse"
)

// This file renders the block's load model and readiness (Block.Days,
// Weeks, Readiness): the block summary at the end of analyze, and the
// readiness and load commands.

type jsonWeek struct {
	Start             string             `json:"week_start"`
	Sessions          int                `json:"sessions"`
	Days              int                `json:"days"`
	TimerS            float64            `json:"timer_s"`
	Distance          jsonDistances      `json:"distance_by_sport_m"`
	Load              float64            `json:"load"`
	ClassLoad         map[string]float64 `json:"class_load"`
	ZoneSeconds       []float64          `json:"zone_seconds"`
	SeilerS           []float64          `json:"seiler_s"`
	SeilerPct         []*float64         `json:"seiler_pct"`
	SeilerDFA         int                `json:"seiler_dfa_sessions"`
	PolarizationIndex *float64           `json:"polarization_index"`
	Monotony          *float64           `json:"monotony"`
	Strain            *float64           `json:"strain"`
	CTL               *float64           `json:"ctl"`
	ATL               *float64           `json:"atl"`
	TSB               *float64           `json:"tsb"`
	Readiness         *float64           `json:"readiness"`
}

type jsonDay struct {
	Date         string        `json:"date"`
	Load         float64       `json:"load"`
	Sessions     int           `json:"sessions"`
	TimerS       float64       `json:"timer_s"`
	Distance     jsonDistances `json:"distance_by_sport_m"`
	CTL          *float64      `json:"ctl"`
	ATL          *float64      `json:"atl"`
	TSB          *float64      `json:"tsb"`
	FormBand     *string       `json:"form_band"`
	Ramp         *float64      `json:"ramp"`
	ACWR         *float64      `json:"acwr"`
	ACWREWMA     *float64      `json:"acwr_ewma"`
	ACWRNote     *string       `json:"acwr_note"`
	Monotony     *float64      `json:"monotony"`
	Strain       *float64      `json:"strain"`
	RestDays     *float64      `json:"rest_days"`
	RecoveryH    *float64      `json:"recovery_owed_h"`
	GarminRecH   *float64      `json:"garmin_recovery_owed_h"`
	Readiness    *float64      `json:"readiness"`
	Advice       *string       `json:"advice"`
	ReadinessBnd *string       `json:"readiness_band"`
	GarminReady  *float64      `json:"garmin_readiness"`
	GarminAcute  *float64      `json:"garmin_acute_load"`
	GarminChron  *float64      `json:"garmin_chronic_load"`
}

type jsonReadiness struct {
	Date           string            `json:"date"`
	Score          *float64          `json:"score"`
	Band           *string           `json:"band"`
	Confidence     string            `json:"confidence"`
	ConfidenceNote string            `json:"confidence_note"`
	Weights        string            `json:"weights"`
	LoadDays       int               `json:"load_days"`
	HRVDays        int               `json:"hrv_days"`
	Contributors   []jsonContributor `json:"contributors"`
	Limiting       []string          `json:"limiting"`
	Advice         *string           `json:"advice"`
	AdviceReason   string            `json:"advice_reason"`
	Sleep          string            `json:"sleep"`
	CannotSee      string            `json:"cannot_see"`
	RecoveryH      *float64          `json:"recovery_owed_h"`
	GarminRecH     *float64          `json:"garmin_recovery_owed_h"`
	LoadMetric     string            `json:"load_metric"`
	LoadConvention string            `json:"load_convention"`
	LoadSeed       *float64          `json:"load_seed"`
	DaysSince      *int              `json:"days_since_workout"`
	Returning      bool              `json:"returning"`
	Garmin         *jsonGarminReady  `json:"garmin"`
	GarminNote     *string           `json:"garmin_note"`
}

// jsonGarminReady is Garmin's Training Readiness beside ours.
type jsonGarminReady struct {
	Score         *float64 `json:"score"`
	Level         *string  `json:"level"`
	Feedback      *string  `json:"feedback"`
	Time          *string  `json:"time"`
	Sleep         *float64 `json:"sleep_factor_pct"`
	RecoveryTime  *float64 `json:"recovery_time_factor_pct"`
	ACWR          *float64 `json:"acute_load_factor_pct"`
	StressHistory *float64 `json:"stress_history_factor_pct"`
	HRV           *float64 `json:"hrv_factor_pct"`
	SleepHistory  *float64 `json:"sleep_history_factor_pct"`
}

func garminReadyJSON(g *fitparse.GarminReadiness) *jsonGarminReady {
	if g == nil {
		return nil
	}
	j := &jsonGarminReady{Score: number(g.Score), Level: str(strings.ToLower(g.Level)), Feedback: str(g.Feedback),
		Sleep: number(g.Sleep), RecoveryTime: number(g.RecoveryTime), ACWR: number(g.ACWR),
		StressHistory: number(g.StressHistory), HRV: number(g.HRV), SleepHistory: number(g.SleepHistory)}
	if !g.Time.IsZero() {
		j.Time = ptr(g.Time.UTC().Format(time.RFC3339))
	}
	return j
}

// jsonDistances are distances by sport family, metres, never added
// together.
type jsonDistances struct {
	Running  float64 `json:"running"`
	Cycling  float64 `json:"cycling"`
	Swimming float64 `json:"swimming"`
	Other    float64 `json:"other"`
}

func distancesJSON(d analysis.Distances) jsonDistances {
	return jsonDistances{Running: finite(d.Run), Cycling: finite(d.Bike), Swimming: finite(d.Swim), Other: finite(d.Other)}
}

type jsonContributor struct {
	Name      string   `json:"name"`
	Value     *float64 `json:"value"`
	Unit      string   `json:"unit"`
	Baseline  *string  `json:"baseline"`
	Score     *float64 `json:"score"`
	WeightPct float64  `json:"weight"`
	Note      string   `json:"note"`
}

// seilerPct returns the Seiler split in percent of its total; nil entries
// without time.
func seilerPct(z [3]float64) []*float64 {
	total := z[0] + z[1] + z[2]
	out := make([]*float64, 3)
	for i := range z {
		if total > 0 {
			out[i] = number(100 * z[i] / total)
		}
	}
	return out
}

func weeksJSON(b *analysis.Block) []jsonWeek {
	out := make([]jsonWeek, len(b.Weeks))
	for i := range b.Weeks {
		w := &b.Weeks[i]
		j := jsonWeek{
			Start:             w.Start.Format(time.DateOnly),
			Sessions:          w.Sessions,
			Days:              w.Days,
			TimerS:            finite(w.Timer),
			Distance:          distancesJSON(w.Distance),
			Load:              finite(w.Load),
			ClassLoad:         map[string]float64{},
			ZoneSeconds:       make([]float64, 5),
			SeilerS:           make([]float64, 3),
			SeilerPct:         seilerPct(w.Seiler),
			SeilerDFA:         w.SeilerDFA,
			PolarizationIndex: number(w.PolarizationIndex),
			Monotony:          number(w.Monotony),
			Strain:            number(w.Strain),
			CTL:               number(w.CTL),
			ATL:               number(w.ATL),
			TSB:               number(w.TSB),
			Readiness:         number(w.Readiness),
		}
		for k, v := range w.ClassLoad {
			j.ClassLoad[k] = finite(v)
		}
		for k := range 5 {
			j.ZoneSeconds[k] = finite(w.ZoneSeconds[k])
		}
		for k := range 3 {
			j.SeilerS[k] = finite(w.Seiler[k])
		}
		out[i] = j
	}
	return out
}

func daysJSON(b *analysis.Block) []jsonDay {
	out := make([]jsonDay, len(b.Days))
	for i := range b.Days {
		d := &b.Days[i]
		out[i] = jsonDay{
			Date:         d.Date.Format(time.DateOnly),
			Load:         finite(d.Load),
			Sessions:     d.Sessions,
			TimerS:       finite(d.Timer),
			Distance:     distancesJSON(d.Distance),
			CTL:          number(d.CTL),
			ATL:          number(d.ATL),
			TSB:          number(d.TSB),
			FormBand:     str(d.Form.String()),
			Ramp:         number(d.Ramp),
			ACWR:         number(d.ACWR),
			ACWREWMA:     number(d.ACWREWMA),
			ACWRNote:     str(d.ACWRNote),
			Monotony:     number(d.Monotony),
			Strain:       number(d.Strain),
			RestDays:     number(d.RestDays),
			RecoveryH:    number(d.RecoveryOwedH),
			GarminRecH:   number(d.GarminRecoveryOwedH),
			Readiness:    number(d.Readiness),
			Advice:       str(d.Advice.String()),
			ReadinessBnd: str(d.Band.String()),
			GarminReady:  number(d.GarminReadiness),
			GarminAcute:  number(d.GarminAcute),
			GarminChron:  number(d.GarminChronic),
		}
	}
	return out
}

// readinessJSON returns the readiness object; nil only when the block has
// no data at all (no Readiness).
func readinessJSON(b *analysis.Block) *jsonReadiness {
	r := b.Readiness
	if r == nil {
		return nil
	}
	j := &jsonReadiness{
		Date:           r.Date.Format(time.DateOnly),
		Score:          number(r.Score),
		Band:           str(r.Band.String()),
		Confidence:     r.Confidence,
		ConfidenceNote: r.ConfidenceNote,
		Weights:        r.Weights.String(),
		LoadDays:       r.LoadDays,
		HRVDays:        r.HRVDays,
		Contributors:   make([]jsonContributor, len(r.Contributors)),
		Limiting:       contributorNames(r.Limiting),
		Advice:         str(r.Advice.String()),
		AdviceReason:   r.AdviceReason,
		Sleep:          r.Sleep,
		CannotSee:      r.CannotSee,
		RecoveryH:      number(r.RecoveryOwedH),
		GarminRecH:     number(r.GarminRecoveryOwedH),
		LoadMetric:     r.LoadMetric,
		LoadConvention: analysis.LoadConvention,
		Returning:      r.Returning,
		Garmin:         garminReadyJSON(r.Garmin),
		GarminNote:     str(r.GarminNote),
	}
	if r.LoadSeed > 0 {
		j.LoadSeed = ptr(round6(r.LoadSeed))
	}
	if r.DaysSinceWorkout >= 0 {
		j.DaysSince = ptr(r.DaysSinceWorkout)
	}
	for i, c := range r.Contributors {
		j.Contributors[i] = jsonContributor{Name: c.ID.String(), Value: number(c.Value), Unit: c.Unit, Baseline: str(c.Baseline),
			Score: number(c.Score), WeightPct: finite(c.Weight), Note: c.Note}
	}
	return j
}

// daysToLastData returns the block's days up to its last data when the
// block is stale (the views' default period after a break: the days since
// say nothing), else all of them.
func daysToLastData(b *analysis.Block) []analysis.Day {
	days := b.Days
	if !b.Stale || b.LastData.IsZero() {
		return days
	}
	n := len(days)
	for n > 1 && days[n-1].Date.After(b.LastData) {
		n--
	}
	return days[:n]
}

// seedText says how the model's CTL and ATL started, after the load
// convention: "" for the published start at 0.
func seedText(b *analysis.Block) string {
	if r := b.Readiness; r != nil && r.LoadSeed > 0 {
		return fmt.Sprintf("; CTL and ATL seeded at %.1f, the mean daily load of the first %d days (--seed-ctl)", r.LoadSeed, analysis.SeedDays)
	}
	return ""
}

// loadMetric returns the block's load metric (analysis.LoadTRIMP or
// LoadHRSS).
func loadMetric(b *analysis.Block) string {
	if b.Readiness != nil && b.Readiness.LoadMetric != "" {
		return b.Readiness.LoadMetric
	}
	return analysis.LoadTRIMP
}

// contributorNames returns the names of ids, never nil.
func contributorNames(ids []analysis.ContributorID) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = id.String()
	}
	return out
}

// metricName returns the load metric's display name.
func metricName(b *analysis.Block) string {
	if b.Readiness != nil && b.Readiness.LoadMetric == analysis.LoadHRSS {
		return "HRSS"
	}
	return "TRIMP"
}

// seilerText formats a Seiler split as "85/8/7" percent; "" without time.
func seilerText(z [3]float64) string {
	p := seilerPct(z)
	if p[0] == nil {
		return ""
	}
	// Round so that the three add up to 100.
	a, b := math.Round(*p[0]), math.Round(*p[0]+*p[1])
	return fmt.Sprintf("%.0f/%.0f/%.0f", a, b-a, 100-b)
}

// weekTableColumns returns the columns of the weekly table; full adds the
// columns the load command shows.
func weekTableColumns(b *analysis.Block, full bool) []*column {
	metric := metricName(b)
	cols := []*column{
		{head: "week\n(Monday)"},
		{head: "sessions", right: true, keep: 60},
		{head: "time\n(h:mm)", right: true},
		{head: "run/bike/swim\n(km)", right: true, keep: 50},
		{head: "load\n(" + metric + ")", right: true},
		{head: "Seiler 1/2/3\n(% of time)", keep: 70},
		{head: "PI", right: true, keep: 40},
		{head: "monotony", right: true, keep: 45},
		{head: "CTL", right: true, keep: 80},
		{head: "TSB", right: true, keep: 75},
		{head: "readiness\n(mean)", right: true, keep: 55},
	}
	if full {
		cols = append(cols,
			&column{head: "strain", right: true, keep: 30},
			&column{head: "ATL", right: true, keep: 35},
			&column{head: "days", right: true, keep: 20},
			&column{head: "VTs from\nDFA-α1", right: true, keep: 10})
	}
	for i := range b.Weeks {
		w := &b.Weeks[i]
		cells := []string{
			w.Start.Format(time.DateOnly),
			fmt.Sprint(w.Sessions),
			hm(w.Timer),
			sportKm(w.Distance),
			fixed(w.Load, 0),
			seilerText(w.Seiler),
			fixed(w.PolarizationIndex, 2),
			fixed(w.Monotony, 2),
			fixed(w.CTL, 0),
			withSign(w.TSB, 0),
			fixed(w.Readiness, 0),
		}
		if full {
			cells = append(cells, fixed(w.Strain, 0), fixed(w.ATL, 0), fmt.Sprint(w.Days), fmt.Sprint(w.SeilerDFA))
		}
		for j, c := range cells {
			cols[j].cells = append(cols[j].cells, c)
		}
	}
	return cols
}

// sportKm formats the running, cycling and swimming distances as
// "42.2/120.5/3.0" km (other sports are left out: their kilometres compare
// with nothing).
func sportKm(d analysis.Distances) string {
	return fmt.Sprintf("%.1f/%.1f/%.1f", d.Run/1000, d.Bike/1000, d.Swim/1000)
}

// withSign formats v with a sign; "" for NaN.
func withSign(v float64, prec int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	s := fmt.Sprintf("%+.*f", prec, v)
	if s == "+0" || s == "-0" {
		return "0"
	}
	return s
}

// summaryWeeks is the most weeks the summary at the end of analyze shows:
// the last ones.
const summaryWeeks = 12

// BlockText writes the block by week (sessions, time, distance, load,
// Seiler split, polarization index, monotony, CTL, TSB, mean readiness),
// fitted to opts.Width (the last 12 weeks when there are more), and the
// readiness for the as-of day in a few lines: what [AnalyzeText] ends
// with.
func BlockText(w io.Writer, b *analysis.Block, opts Options) error { return blockText(w, b, opts) }

// blockText writes the weekly block summary and the readiness for the
// as-of day, for the end of analyze's table output.
func blockText(w io.Writer, b *analysis.Block, opts Options) error {
	var buf bytes.Buffer
	if len(b.Weeks) > 0 {
		fmt.Fprintln(&buf)
		shown := b
		if n := len(b.Weeks); n > summaryWeeks {
			c := *b
			c.Weeks = b.Weeks[n-summaryWeeks:]
			shown = &c
			wordWrap(&buf, "", fmt.Sprintf("The last %d of %d weeks (all: bounceback load PATH...).", summaryWeeks, n), opts.Width)
		}
		wordWrap(&buf, "", fmt.Sprintf("Training block by week (load %s; CTL τ %d d, ATL τ %d d, GoldenCheetah's "+
			"discretization, at the week's last day; Seiler zones below VT1/between/above VT2; PI > 2 = polarized):",
			metricName(b), load.CTLDays, load.ATLDays), opts.Width)
		cols := fit(weekTableColumns(shown, false), opts.Width)
		var t bytes.Buffer
		if err := render(&t, cols); err != nil {
			return err
		}
		buf.Write(tidy(t.Bytes()))
	}
	if r := b.Readiness; r != nil {
		fmt.Fprintln(&buf)
		readinessSummary(&buf, r, &opts)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// readinessSummary writes the readiness in a few lines.
func readinessSummary(w io.Writer, r *analysis.Readiness, opts *Options) {
	width := opts.Width
	head := fmt.Sprintf("Readiness on %s, for the next session: ", r.Date.Format(time.DateOnly))
	if math.IsNaN(r.Score) {
		wordWrap(w, "", head+"no score (no contributor has data yet)", width)
		return
	}
	wordWrap(w, "", fmt.Sprintf("%s%.0f/100, %s (confidence %s)", head, r.Score, opts.paint(readinessBand, r.Band.String()), r.Confidence), width)
	if len(r.Limiting) > 0 {
		wordWrap(w, "  held back by: ", strings.Join(contributorNames(r.Limiting), ", "), width)
	}
	wordWrap(w, "  advice: ", r.Advice.String()+": "+r.AdviceReason, width)
	wordWrap(w, "  sleep: ", r.Sleep, width)
	if g := r.Garmin; g != nil {
		wordWrap(w, "  Garmin's Training Readiness this morning: ", garminText(g), width)
	}
	wordWrap(w, "  cannot see: ", r.CannotSee, width)
}

// garminText is Garmin's Training Readiness in one line: its score, level
// and factors, labelled as Garmin's.
func garminText(g *fitparse.GarminReadiness) string {
	s := fixed(g.Score, 0) + "/100"
	if g.Level != "" {
		s += " (" + strings.ToLower(g.Level) + ")"
	}
	var fs []string
	for _, f := range []struct {
		name string
		v    float64
	}{{"sleep", g.Sleep}, {"sleep history", g.SleepHistory}, {"HRV", g.HRV}, {"recovery time", g.RecoveryTime},
		{"acute load", g.ACWR}, {"stress history", g.StressHistory}} {
		if !math.IsNaN(f.v) {
			fs = append(fs, fmt.Sprintf("%s %.0f %%", f.name, f.v))
		}
	}
	if len(fs) > 0 {
		s += "; its factors: " + strings.Join(fs, ", ")
	}
	return s + " (Garmin's own score, computed at wake-up; ours is for the next session at the day's end)"
}

// wordWrap writes prefix and text, breaking text between words to stay
// within limit columns (0: one line); continuation lines are indented as
// far as the prefix.
func wordWrap(w io.Writer, prefix, text string, limit int) {
	line := prefix
	indent := strings.Repeat(" ", width(prefix))
	for i, word := range strings.Fields(text) {
		if room := limit - width(indent); limit > 0 && width(word) > room && room > 10 {
			word = shorten(word, room, false) // a long path: its middle goes
		}
		switch {
		case i == 0:
			line += word
		case limit > 0 && width(line)+1+width(word) > limit:
			fmt.Fprintln(w, line)
			line = indent + word
		default:
			line += " " + word
		}
	}
	fmt.Fprintln(w, line)
}

// Readiness writes the block's readiness in opts.Format: [ReadinessText],
// [ReadinessCSV] or [ReadinessJSON].
func Readiness(w io.Writer, b *analysis.Block, opts Options) error {
	switch opts.Format {
	case Text:
		return ReadinessText(w, b, opts)
	case CSV:
		return ReadinessCSV(w, b)
	case JSON:
		return ReadinessJSON(w, b)
	}
	return fmt.Errorf("report: unknown format %v", opts.Format)
}

// ReadinessText writes the readiness for the as-of day: the score, band
// and confidence, the contributor table (value, baseline, sub-score,
// weight after re-weighting, note), the two contributors holding the
// score back, the advice with its reason, the sleep advice, the recovery
// still owed (Garmin's and ours side by side), the weight set and what the
// score cannot see.
//
// When opts.Width is set and the table with its notes is wider, the notes
// go below the table, and the baseline column is dropped if it still does
// not fit.
func ReadinessText(w io.Writer, b *analysis.Block, opts Options) error {
	r := b.Readiness
	if r == nil {
		_, err := fmt.Fprintln(w, "no readiness: no workout and no daily HRV, resting HR or sleep score up to the as-of day")
		return err
	}
	var buf bytes.Buffer
	head := fmt.Sprintf("Readiness on %s, for the next session: ", r.Date.Format(time.DateOnly))
	if math.IsNaN(r.Score) {
		wordWrap(&buf, "", head+"no score (no contributor has data yet)", opts.Width)
	} else {
		wordWrap(&buf, "", fmt.Sprintf("%s%.0f/100, %s (%d–100 ready, %d–%d moderate, 0–%d recover)", head, r.Score,
			opts.paint(readinessBand, r.Band.String()), analysis.ReadyMin, analysis.RecoverMax+1, analysis.ReadyMin-1, analysis.RecoverMax), opts.Width)
	}
	wordWrap(&buf, "confidence: ", r.Confidence+": "+r.ConfidenceNote, opts.Width)
	fmt.Fprintln(&buf)
	cols := []*column{
		{head: "contributor"},
		{head: "value", right: true},
		{head: "baseline", right: true, keep: 40},
		{head: "score\n(0-100)", right: true},
		{head: "weight\n(%)", right: true},
		{head: "note"},
	}
	for _, c := range r.Contributors {
		value := ""
		if !math.IsNaN(c.Value) {
			value = fixed(c.Value, contributorPrec(c)) + " " + c.Unit
		}
		baseline := c.Baseline
		if baseline != "" && !strings.HasPrefix(c.Unit, "/") && !strings.Contains(baseline, c.Unit) {
			baseline += " " + c.Unit
		}
		weight := "-"
		if c.Weight > 0 {
			weight = fixed(c.Weight, 0)
		}
		for j, s := range []string{c.ID.String(), value, baseline, fixed(c.Score, 0), weight, c.Note} {
			cols[j].cells = append(cols[j].cells, s)
		}
	}
	// The notes go below the table when they do not fit beside it.
	natural := gap * (len(cols) - 1)
	for _, c := range cols {
		natural += c.natural()
	}
	below := opts.Width > 0 && natural > opts.Width
	if below {
		cols = cols[:len(cols)-1]
	}
	var t bytes.Buffer
	if err := render(&t, fit(cols, opts.Width)); err != nil {
		return err
	}
	buf.Write(tidy(t.Bytes()))
	if below {
		for _, c := range r.Contributors {
			wordWrap(&buf, "  "+c.ID.String()+": ", c.Note, opts.Width)
		}
	}
	fmt.Fprintln(&buf)
	if len(r.Limiting) > 0 {
		wordWrap(&buf, "held back most by: ", strings.Join(contributorNames(r.Limiting), ", "), opts.Width)
	}
	if r.Advice != analysis.NoAdvice {
		wordWrap(&buf, "advice: ", r.Advice.String()+": "+r.AdviceReason, opts.Width)
	}
	wordWrap(&buf, "sleep: ", r.Sleep, opts.Width)
	if g := r.Garmin; g != nil {
		wordWrap(&buf, "Garmin's Training Readiness this morning: ", garminText(g), opts.Width)
		if r.GarminNote != "" {
			wordWrap(&buf, "  the difference: ", r.GarminNote, opts.Width)
		}
	}
	owed := "recovery owed at 07:00 tomorrow: "
	if !math.IsNaN(r.GarminRecoveryOwedH) {
		owed += fmt.Sprintf("Garmin %.0f h, ", r.GarminRecoveryOwedH)
	}
	owed += fmt.Sprintf("ours %s (estimate from load and intensity)", unitValue(r.RecoveryOwedH, 0, "h"))
	wordWrap(&buf, "", owed, opts.Width)
	wordWrap(&buf, "weights: ", r.Weights.String()+" (our defaults, docs/methods.md §6); contributors without data are left out "+
		"and the others scaled to 100 %", opts.Width)
	wordWrap(&buf, "cannot see: ", r.CannotSee, opts.Width)
	_, err := w.Write(buf.Bytes())
	return err
}

func contributorPrec(c analysis.Contributor) int {
	switch c.Unit {
	case "ln ms", "ACWR", "ratio":
		return 2
	case "bpm":
		return 1
	}
	return 0
}

// ReadinessCSV writes one row per contributor: name, value, unit,
// baseline, score, weight_pct, note, with the day, score, band and
// advice repeated on each row. Without a readiness it writes the header
// only.
func ReadinessCSV(w io.Writer, b *analysis.Block) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"date", "readiness", "band", "advice", "contributor", "value", "unit", "baseline",
		"score", "weight_pct", "note"}); err != nil {
		return err
	}
	if r := b.Readiness; r != nil {
		for _, c := range r.Contributors {
			if err := cw.Write([]string{r.Date.Format(time.DateOnly), num(r.Score), r.Band.String(), r.Advice.String(), c.ID.String(),
				num(c.Value), c.Unit, c.Baseline, num(c.Score), num(c.Weight), c.Note}); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// jsonReadinessDoc is the document of the readiness command.
type jsonReadinessDoc struct {
	Readiness *jsonReadiness `json:"readiness"`
}

// ReadinessJSON writes {"readiness": {...}}, the readiness object of the
// analysis document (null without data).
func ReadinessJSON(w io.Writer, b *analysis.Block) error {
	return encode(w, jsonReadinessDoc{Readiness: readinessJSON(b)})
}

// Load writes the block's load model in opts.Format: [LoadText],
// [LoadCSV] or [LoadJSON].
func Load(w io.Writer, b *analysis.Block, opts Options) error {
	switch opts.Format {
	case Text:
		return LoadText(w, b, opts)
	case CSV:
		return LoadCSV(w, b)
	case JSON:
		return LoadJSON(w, b)
	}
	return fmt.Errorf("report: unknown format %v", opts.Format)
}

// LoadText writes the daily load model (date, sessions, load, CTL, ATL,
// TSB with its band, ramp, ACWR and its EWMA variant, monotony, strain,
// recovery owed, readiness and advice), then the weeks, then the
// conventions.
//
// When opts.Width is set and the table is wider, columns are dropped in
// this order until it fits: Garmin's recovery, the EWMA ACWR, rest days,
// strain, ramp, recovery owed, sessions, advice.
func LoadText(w io.Writer, b *analysis.Block, opts Options) error {
	if len(b.Days) == 0 {
		_, err := fmt.Fprintln(w, "no days: no workout and no daily values in the period")
		return err
	}
	var buf bytes.Buffer
	metric := metricName(b)
	days := daysToLastData(b)
	first, last := days[0].Date, days[len(days)-1].Date
	wordWrap(&buf, "", fmt.Sprintf("%s, %s to %s; load: %s per day (0 without a session); %s%s",
		plural(len(days), "day"), first.Format(time.DateOnly), last.Format(time.DateOnly), metric, analysis.LoadConvention,
		seedText(b)), opts.Width)
	if n := len(b.Days) - len(days); n > 0 {
		wordWrap(&buf, "", fmt.Sprintf("The %s after the last data, up to %s, are left out of the table (--format csv or json has them).",
			plural(n, "day"), b.Days[len(b.Days)-1].Date.Format(time.DateOnly)), opts.Width)
	}
	fmt.Fprintln(&buf)
	cols := []*column{
		{head: "date\n"},
		{head: "sessions", right: true, keep: 40},
		{head: "load\n(" + metric + ")", right: true},
		{head: "CTL\n(fitness)", right: true},
		{head: "ATL\n(fatigue)", right: true},
		{head: "TSB\n(form)", right: true},
		{head: "form\nband", keep: 75},
		{head: "ramp\n(CTL/7 d)", right: true, keep: 35},
		{head: "ACWR\n", right: true},
		{head: "ACWR\nEWMA", right: true, keep: 10},
		{head: "monotony\n", right: true, keep: 70},
		{head: "strain\n", right: true, keep: 30},
		{head: "rest days\nto TSB 0", right: true, keep: 20},
		{head: "recovery\nowed (h)", right: true, keep: 38},
		{head: "Garmin\nowed (h)", right: true, keep: 5},
		{head: "readiness\n", right: true},
		{head: "advice\n", keep: 45},
		{head: "Garmin\nreadiness", right: true, keep: 33},
		{head: "Garmin\nacute", right: true, keep: 15},
		{head: "Garmin\nchronic", right: true, keep: 15},
	}
	for i := range days {
		d := &days[i]
		ramp := fixed(d.Ramp, 1)
		if d.Ramp > load.RampWarn {
			ramp += "!"
		}
		mono := fixed(d.Monotony, 2)
		if d.Monotony > load.MonotonyWarn {
			mono += "!"
		}
		acwr := fixed(d.ACWR, 2)
		if d.ACWR >= 1.5 {
			acwr += "!"
		}
		rest := ""
		if !math.IsNaN(d.RestDays) {
			rest = fmt.Sprint(int(math.Ceil(d.RestDays - 1e-9)))
		}
		cells := []string{d.Date.Format(time.DateOnly), fmt.Sprint(d.Sessions), fixed(d.Load, 0), fixed(d.CTL, 1),
			fixed(d.ATL, 1), withSign(d.TSB, 1), opts.paint(formBand, d.Form.String()), ramp, acwr, fixed(d.ACWREWMA, 2), mono, fixed(d.Strain, 0),
			rest, fixed(d.RecoveryOwedH, 0), fixed(d.GarminRecoveryOwedH, 0), fixed(d.Readiness, 0), d.Advice.String(),
			fixed(d.GarminReadiness, 0), fixed(d.GarminAcute, 0), fixed(d.GarminChronic, 0)}
		for j, c := range cells {
			cols[j].cells = append(cols[j].cells, c)
		}
	}
	// Garmin's columns show only when the account export gave them.
	cols = append(cols[:len(cols)-3:len(cols)-3], dropEmpty(cols[len(cols)-3:])...)
	var t bytes.Buffer
	if err := render(&t, fit(cols, opts.Width)); err != nil {
		return err
	}
	buf.Write(tidy(t.Bytes()))
	wordWrap(&buf, "", "! marks a ramp over 5/week (TrainingPeaks), monotony over 1.5 (Foster) and ACWR of 1.5 or more "+
		"(Gabbett 2016; contested, Impellizzeri 2020). TSB bands: transition > +25, fresh > +5, neutral > −10, "+
		"optimal > −30, overload. ACWR: 7-day mean over the 21 days before; EWMA: spans 7 and 28 (Williams 2017); "+
		fmt.Sprintf("both capped at %d, and left out until their 28 days are full after the first workout or a break of %d days "+
			"or more, or while the chronic load is below %g %s a day. ", load.ACWRCap, analysis.LongGapDays,
			analysis.ACWRFloor[loadMetric(b)], metric)+
		"Recovery owed: at the end of the day, our estimate, and Garmin's recovery time counted down.", opts.Width)
	if len(b.Weeks) > 0 {
		fmt.Fprintln(&buf)
		wordWrap(&buf, "", fmt.Sprintf("Weeks (Seiler zones: below VT1, between, above VT2, from each session's DFA-α1 "+
			"VT1/VT2 when estimated, else %g %%/%g %% of HRmax; PI > 2 = polarized):", 100*load.SeilerVT1Frac, 100*load.SeilerVT2Frac), opts.Width)
		t.Reset()
		if err := render(&t, fit(weekTableColumns(b, true), opts.Width)); err != nil {
			return err
		}
		buf.Write(tidy(t.Bytes()))
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// loadCSVColumns are the columns of the load CSV.
var loadCSVColumns = []struct {
	name string
	cell func(*analysis.Day) string
}{
	{"date", func(d *analysis.Day) string { return d.Date.Format(time.DateOnly) }},
	{"sessions", func(d *analysis.Day) string { return fmt.Sprint(d.Sessions) }},
	{"timer_s", func(d *analysis.Day) string { return num(d.Timer) }},
	{"distance_running_m", func(d *analysis.Day) string { return num(d.Distance.Run) }},
	{"distance_cycling_m", func(d *analysis.Day) string { return num(d.Distance.Bike) }},
	{"distance_swimming_m", func(d *analysis.Day) string { return num(d.Distance.Swim) }},
	{"distance_other_m", func(d *analysis.Day) string { return num(d.Distance.Other) }},
	{"load", func(d *analysis.Day) string { return num(d.Load) }},
	{"ctl", func(d *analysis.Day) string { return num(d.CTL) }},
	{"atl", func(d *analysis.Day) string { return num(d.ATL) }},
	{"tsb", func(d *analysis.Day) string { return num(d.TSB) }},
	{"form_band", func(d *analysis.Day) string { return d.Form.String() }},
	{"ramp", func(d *analysis.Day) string { return num(d.Ramp) }},
	{"acwr", func(d *analysis.Day) string { return num(d.ACWR) }},
	{"acwr_ewma", func(d *analysis.Day) string { return num(d.ACWREWMA) }},
	{"acwr_note", func(d *analysis.Day) string { return d.ACWRNote }},
	{"monotony", func(d *analysis.Day) string { return num(d.Monotony) }},
	{"strain", func(d *analysis.Day) string { return num(d.Strain) }},
	{"rest_days", func(d *analysis.Day) string { return num(d.RestDays) }},
	{"recovery_owed_h", func(d *analysis.Day) string { return num(d.RecoveryOwedH) }},
	{"garmin_recovery_owed_h", func(d *analysis.Day) string { return num(d.GarminRecoveryOwedH) }},
	{"readiness", func(d *analysis.Day) string { return num(d.Readiness) }},
	{"advice", func(d *analysis.Day) string { return d.Advice.String() }},
	{"garmin_readiness", func(d *analysis.Day) string { return num(d.GarminReadiness) }},
	{"garmin_acute_load", func(d *analysis.Day) string { return num(d.GarminAcute) }},
	{"garmin_chronic_load", func(d *analysis.Day) string { return num(d.GarminChronic) }},
}

// LoadCSV writes one row per day with the fields of the day object.
func LoadCSV(w io.Writer, b *analysis.Block) error {
	cw := csv.NewWriter(w)
	rec := make([]string, len(loadCSVColumns))
	for i, c := range loadCSVColumns {
		rec[i] = c.name
	}
	if err := cw.Write(rec); err != nil {
		return err
	}
	for i := range b.Days {
		for j, c := range loadCSVColumns {
			rec[j] = c.cell(&b.Days[i])
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// jsonLoadDoc is the document of the load command.
type jsonLoadDoc struct {
	LoadMetric     string     `json:"load_metric"`
	LoadConvention string     `json:"load_convention"`
	Days           []jsonDay  `json:"days"`
	Weeks          []jsonWeek `json:"weeks"`
}

// LoadJSON writes {"load_metric": ..., "load_convention": ..., "days":
// [...], "weeks": [...]}: the day and week objects of the analysis
// document.
func LoadJSON(w io.Writer, b *analysis.Block) error {
	metric := analysis.LoadTRIMP
	if b.Readiness != nil && b.Readiness.LoadMetric != "" {
		metric = b.Readiness.LoadMetric
	}
	return encode(w, jsonLoadDoc{LoadMetric: metric, LoadConvention: analysis.LoadConvention,
		Days: daysJSON(b), Weeks: weeksJSON(b)})
}
