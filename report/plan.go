package report

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/bounceback/bounceback/analysis"
)

// This file renders the post-session plans (SessionSummary.Fluid, Refuel,
// Timeline) and the sweat calibration.

// jsonFluid is a session's "fluid" object (README, "Fluid object").
type jsonFluid struct {
	Estimable      bool     `json:"estimable"`
	WhyNot         *string  `json:"why_not"`
	SweatLossL     *float64 `json:"sweat_loss_l"`
	SweatRateLH    *float64 `json:"sweat_rate_l_per_h"`
	Source         *string  `json:"source"`
	UncertaintyPct *float64 `json:"uncertainty_pct"`
	ModelLH        *float64 `json:"model_rate_l_per_h"`
	Inputs         *string  `json:"inputs"`
	DeficitPctBM   *float64 `json:"deficit_pct_bm"`
	DeficitFlag    bool     `json:"deficit_flag"`
	Overdrank      bool     `json:"overdrank"`
	BodyMassKg     *float64 `json:"body_mass_kg"`
	BodyMassNote   *string  `json:"body_mass_note"`
	DrinkL         *float64 `json:"drink_l"`
	DrinkWithinH   *float64 `json:"drink_within_h"`
	Rapid          bool     `json:"rapid"`
	RapidReason    *string  `json:"rapid_reason"`
	FirstDrinkML   *float64 `json:"first_drink_ml"`
	SodiumMg       *float64 `json:"sodium_mg"`
	SodiumMgL      *float64 `json:"sodium_mg_per_l"`
	SodiumNote     *string  `json:"sodium_note"`
	NextTimeLH     *float64 `json:"next_time_l_per_h"`
	NextTimePer15  *float64 `json:"next_time_ml_per_15min"`
	NextTimeSodium bool     `json:"next_time_sodium_drink"`
	Limits         []string `json:"limits_applied"`
	PartOfEvent    bool     `json:"part_of_event"`
}

// jsonRefuel is a session's "refuel" object (README, "Refuel object").
type jsonRefuel struct {
	Tier            string     `json:"tier"`
	TierReason      string     `json:"tier_reason"`
	Window          string     `json:"window"`
	CarbsG          *float64   `json:"carbs_g"`
	CarbsRangeG     []*float64 `json:"carbs_range_g"`
	ProteinG        *float64   `json:"protein_g"`
	ProteinRangeG   []*float64 `json:"protein_range_g"`
	Ratio           *float64   `json:"ratio"`
	PerHourForH     float64    `json:"per_hour_for_h"`
	Kcal            *float64   `json:"kcal"`
	KcalSource      *string    `json:"kcal_source"`
	DayCarbGPerKg   []*float64 `json:"day_carb_g_per_kg"`
	DayTrainingH    float64    `json:"day_training_h"`
	NextSessionH    *float64   `json:"next_session_h"`
	NextSessionNote *string    `json:"next_session_note"`
	Foods           []string   `json:"foods"`
	Light           bool       `json:"light"`
	Limits          []string   `json:"limits_applied"`
}

// jsonStep is one step of a session's "timeline" (README, "Session
// analysis fields").
type jsonStep struct {
	At   string `json:"at"`
	What string `json:"what"`
}

// timelineJSON returns the post-session timeline, never nil.
func timelineJSON(steps []analysis.Step) []jsonStep {
	out := make([]jsonStep, len(steps))
	for i, st := range steps {
		out[i] = jsonStep{At: st.At, What: st.What}
	}
	return out
}

func fluidJSON(p *analysis.FluidPlan) *jsonFluid {
	if p == nil {
		return nil
	}
	return &jsonFluid{
		Estimable:      p.Estimable,
		WhyNot:         str(p.Why),
		SweatLossL:     number(p.SweatLossL),
		SweatRateLH:    number(p.SweatRateLH),
		Source:         str(p.Source),
		UncertaintyPct: number(p.UncertaintyPct),
		ModelLH:        number(p.ModelLH),
		Inputs:         str(p.Inputs),
		DeficitPctBM:   number(p.DeficitPctBM),
		DeficitFlag:    p.DeficitFlag,
		Overdrank:      p.Overdrank,
		BodyMassKg:     number(p.BodyMassKg),
		BodyMassNote:   str(p.MassNote),
		DrinkL:         number(p.DrinkL),
		DrinkWithinH:   number(p.DrinkWithinH),
		Rapid:          p.Rapid,
		RapidReason:    str(p.RapidReason),
		FirstDrinkML:   number(p.FirstDrinkML),
		SodiumMg:       number(p.SodiumMg),
		SodiumMgL:      number(p.SodiumMgL),
		SodiumNote:     str(p.SodiumNote),
		NextTimeLH:     number(p.NextTimeLH),
		NextTimePer15:  number(p.NextTimePer15ML),
		NextTimeSodium: p.NextTimeSodium,
		Limits:         nonNil(p.Limits),
		PartOfEvent:    p.PartOf,
	}
}

// nonNil returns ss, or an empty slice for nil (JSON arrays are never
// null).
func nonNil(ss []string) []string {
	if ss == nil {
		return []string{}
	}
	return ss
}

func refuelJSON(p *analysis.RefuelPlan) *jsonRefuel {
	if p == nil {
		return nil
	}
	foods := p.Foods
	if foods == nil {
		foods = []string{}
	}
	return &jsonRefuel{
		Tier:            p.Tier,
		TierReason:      p.TierReason,
		Window:          p.Window,
		CarbsG:          number(p.CarbsG),
		CarbsRangeG:     []*float64{number(p.CarbsLowG), number(p.CarbsHighG)},
		ProteinG:        number(p.ProteinG),
		ProteinRangeG:   []*float64{number(p.ProteinLowG), number(p.ProteinHighG)},
		Ratio:           number(p.Ratio),
		PerHourForH:     finite(p.PerHourForH),
		Kcal:            number(p.KcalBurned),
		KcalSource:      str(p.KcalSource),
		DayCarbGPerKg:   []*float64{number(p.DayCarbLowGPerKg), number(p.DayCarbHighGPerKg)},
		DayTrainingH:    finite(p.DayTrainingH),
		NextSessionH:    number(p.NextSessionH),
		NextSessionNote: str(p.NextSessionNote),
		Foods:           foods,
		Light:           p.Light,
		Limits:          nonNil(p.Limits),
	}
}

// planText writes a post-session plan (a session's, or a multisport
// event's) for session's text: the timeline in the order of docs/methods.md §9
// with the numbers filled in, then the fluid and refuel details with their
// sources, uncertainty and the limits applied. HRV readings have no plan
// and get nothing.
func planText(w *bytes.Buffer, timeline []analysis.Step, fl *analysis.FluidPlan, rf *analysis.RefuelPlan) {
	if len(timeline) > 0 {
		fmt.Fprintln(w, "\nAfter the session (general guidance, not medical advice)")
		for _, st := range timeline {
			fmt.Fprintf(w, "  %-13s %s\n", st.At, st.What)
		}
	}
	if fl != nil {
		fluidText(w, fl)
	}
	if rf != nil {
		refuelText(w, rf)
	}
}

func fluidText(w io.Writer, fl *analysis.FluidPlan) {
	fmt.Fprintln(w, "\nFluid and electrolytes")
	if !fl.Estimable {
		field(w, "sweat loss", "not estimable: "+fl.Why)
		return
	}
	field(w, "sweat loss", fmt.Sprintf("%s L (%s L/h, ±%s %%; %s)", fixed(fl.SweatLossL, 2), fixed(fl.SweatRateLH, 2),
		fixed(fl.UncertaintyPct, 0), fl.Source))
	field(w, "from", fl.Inputs)
	if fl.Source != analysis.SweatModel && !math.IsNaN(fl.ModelLH) {
		field(w, "model says", fixed(fl.ModelLH, 2)+" L/h before calibration ("+fl.Model+")")
	}
	mass := fixed(fl.BodyMassKg, 1) + " kg"
	if fl.MassNote != "" {
		mass += ", " + fl.MassNote
	}
	deficit := fmt.Sprintf("%s %% of body mass (%s)", fixed(fl.DeficitPctBM, 2), mass)
	switch {
	case fl.Overdrank:
		deficit += "; you gained weight: you drank more than you sweated (over-drinking)"
	case fl.Source == analysis.SweatWeighIn:
		deficit += ", net of the drinks logged"
	default:
		deficit += ", if you drank nothing during the session"
	}
	if fl.DeficitFlag {
		deficit += "; 2 % or more: performance suffers (ACSM)"
	}
	field(w, "deficit", deficit)
	for i, l := range fl.Limits {
		label := ""
		if i == 0 {
			label = "limits"
		}
		field(w, label, l)
	}
	if fl.PartOf {
		return
	}
	mode := "normal: with meals"
	if fl.Rapid {
		mode = "rapid"
	}
	field(w, "drink back", fmt.Sprintf("%s L within %s h (%s; %s)", fixed(fl.DrinkL, 1), fixed(fl.DrinkWithinH, 0), mode, fl.RapidReason))
	field(w, "first drink", fixed(fl.FirstDrinkML, 0)+" ml within 15 min")
	field(w, "sodium", fmt.Sprintf("%s mg to replace (%s mg per litre of sweat: %s)", fixed(fl.SodiumMg, 0), fixed(fl.SodiumMgL, 0), fl.SodiumNote))
	if !math.IsNaN(fl.NextTimeLH) {
		next := fmt.Sprintf("drink %s L/h in a session like this, %s ml every 15 min", fixed(fl.NextTimeLH, 2), fixed(fl.NextTimePer15ML, 0))
		if fl.NextTimeSodium {
			next += "; a sodium drink (460–1100 mg/L)"
		}
		field(w, "next time", next)
	}
}

func refuelText(w io.Writer, rf *analysis.RefuelPlan) {
	if rf.Light {
		fmt.Fprintf(w, "\nRefuel: normal meals (%s)\n", rf.TierReason)
		if !math.IsNaN(rf.KcalBurned) {
			field(w, "energy used", fmt.Sprintf("%s kcal (%s)", fixed(rf.KcalBurned, 0), rf.KcalSource))
		}
		return
	}
	fmt.Fprintf(w, "\nRefuel (tier %s: %s)\n", rf.Tier, rf.TierReason)
	field(w, "when", rf.Window)
	carbs := fmt.Sprintf("%s g (%s–%s g)", fixed(rf.CarbsG, 0), fixed(rf.CarbsLowG, 0), fixed(rf.CarbsHighG, 0))
	if rf.PerHourForH > 0 {
		carbs += fmt.Sprintf(" every hour for %s h", fixed(rf.PerHourForH, 0))
	}
	field(w, "carbohydrate", carbs)
	protein := fmt.Sprintf("%s g (%s–%s g)", fixed(rf.ProteinG, 0), fixed(rf.ProteinLowG, 0), fixed(rf.ProteinHighG, 0))
	if !math.IsNaN(rf.Ratio) {
		protein += fmt.Sprintf(", carbohydrate:protein %s:1", fixed(rf.Ratio, 1))
	}
	field(w, "protein", protein)
	for _, l := range rf.Limits {
		field(w, "limit", l)
	}
	if !math.IsNaN(rf.KcalBurned) {
		field(w, "energy used", fmt.Sprintf("%s kcal (%s)", fixed(rf.KcalBurned, 0), rf.KcalSource))
	}
	field(w, "today's carbohydrate", fmt.Sprintf("%s–%s g/kg for %s h of training (ACSM 2016)",
		fixed(rf.DayCarbLowGPerKg, 0), fixed(rf.DayCarbHighGPerKg, 0), hm(rf.DayTrainingH*3600)))
	next := rf.NextSessionNote
	if !math.IsNaN(rf.NextSessionH) {
		next = "in " + hm(rf.NextSessionH*3600) + " h (" + next + ")"
	}
	field(w, "next session", next)
	for i, f := range rf.Foods {
		label := ""
		if i == 0 {
			label = "for example"
		}
		field(w, label, f)
	}
	fmt.Fprintln(w, "  Food is fuel for the next session; with a medical diet, ask a sports dietitian.")
}

// SweatText writes the sweat calibration for the profile command: the
// factor, how many weigh-ins it came from, and how it was learned.
func SweatText(w io.Writer, c *analysis.Calibration) error {
	_, err := fmt.Fprintf(w, "\nsweat calibration: %s\n", c.Note)
	return err
}

// planCells are the analyze table's compact plan cells of a session: drink
// (L), sodium (mg), carbohydrate/protein (g) and the refuel tier and
// window.
//
// A part of a multisport event shows "event" (its plan is the event's,
// listed after the table), and a light session's refuel "normal meals".
func planCells(s *analysis.SessionSummary) (drink, sodium, grams, window string) {
	if s.Event > 0 {
		return "event", "", "", "event"
	}
	return fluidRefuelCells(s.Fluid, s.Refuel)
}

// fluidRefuelCells are the compact cells of a fluid and a refuel plan.
func fluidRefuelCells(fl *analysis.FluidPlan, rf *analysis.RefuelPlan) (drink, sodium, grams, window string) {
	if fl != nil && fl.Estimable {
		drink, sodium = fixed(fl.DrinkL, 1), fixed(roundTo(fl.SodiumMg, 10), 0)
	}
	switch {
	case rf == nil:
	case rf.Light:
		window = "normal meals"
	default:
		grams = fixed(rf.CarbsG, 0) + "/" + fixed(rf.ProteinG, 0)
		window = rf.Tier + " " + rf.Window
	}
	return
}

// eventsText writes the plans of the block's multisport events, one
// paragraph each, after the analyze table; nothing without an event.
func eventsText(w io.Writer, b *analysis.Block, opts Options) {
	for i := range b.Events {
		e := &b.Events[i]
		start := e.Start.UTC().Format("2006-01-02 15:04") + "Z"
		if f := fileOf(b, e.Path); f != nil {
			if t, local := f.Local(e.Start); local {
				start = t.Format("2006-01-02 15:04")
			}
		}
		drink, sodium, grams, window := fluidRefuelCells(e.Fluid, e.Refuel)
		var parts []string
		if drink != "" {
			within := ""
			if e.Fluid != nil && has(e.Fluid.DrinkWithinH) {
				within = fmt.Sprintf(" within %.0f h", e.Fluid.DrinkWithinH)
			}
			parts = append(parts, fmt.Sprintf("drink %s L%s, Na %s mg", drink, within, sodium))
		} else if e.Fluid != nil && e.Fluid.Why != "" {
			parts = append(parts, "fluid: "+e.Fluid.Why)
		}
		if grams != "" {
			parts = append(parts, "carbs/protein "+grams+" g")
		}
		if window != "" {
			parts = append(parts, "refuel "+window)
		}
		if i == 0 {
			fmt.Fprintln(w)
		}
		wordWrap(w, "", fmt.Sprintf("Multisport event %s (%s, %s h, %s): %s.", start, strings.Join(e.Sports, ", "),
			hm(e.Seconds), opts.name(e.Path), strings.Join(parts, "; ")), opts.Width)
	}
}

// fileOf returns the file of b at path, or nil.
func fileOf(b *analysis.Block, path string) *analysis.FileSummary {
	for i := range b.Files {
		if b.Files[i].Path == path {
			return &b.Files[i]
		}
	}
	return nil
}

func has(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func roundTo(v, step float64) float64 { return math.Round(v/step) * step }

// planColumns are the plan columns of [AnalyzeCSV], after the analysis
// columns; the names are the JSON fields with the object as prefix.
var planColumns = []struct {
	name string
	cell func(s *analysis.SessionSummary) string
}{
	{"fluid_source", fluidCell(func(p *analysis.FluidPlan) string { return p.Source })},
	{"fluid_sweat_loss_l", fluidNum(func(p *analysis.FluidPlan) float64 { return p.SweatLossL })},
	{"fluid_uncertainty_pct", fluidNum(func(p *analysis.FluidPlan) float64 { return p.UncertaintyPct })},
	{"fluid_deficit_pct_bm", fluidNum(func(p *analysis.FluidPlan) float64 { return p.DeficitPctBM })},
	{"fluid_drink_l", fluidNum(func(p *analysis.FluidPlan) float64 { return p.DrinkL })},
	{"fluid_drink_within_h", fluidNum(func(p *analysis.FluidPlan) float64 { return p.DrinkWithinH })},
	{"fluid_first_drink_ml", fluidNum(func(p *analysis.FluidPlan) float64 { return p.FirstDrinkML })},
	{"fluid_sodium_mg", fluidNum(func(p *analysis.FluidPlan) float64 { return p.SodiumMg })},
	{"refuel_tier", refuelCell(func(p *analysis.RefuelPlan) string { return p.Tier })},
	{"refuel_window", refuelCell(func(p *analysis.RefuelPlan) string { return p.Window })},
	{"refuel_carbs_g", refuelCell(func(p *analysis.RefuelPlan) string { return num(round6(p.CarbsG)) })},
	{"refuel_protein_g", refuelCell(func(p *analysis.RefuelPlan) string { return num(round6(p.ProteinG)) })},
	{"refuel_ratio", refuelCell(func(p *analysis.RefuelPlan) string { return num(round6(p.Ratio)) })},
	{"refuel_kcal", refuelCell(func(p *analysis.RefuelPlan) string { return num(round6(p.KcalBurned)) })},
	{"refuel_day_carb_low_g_per_kg", refuelCell(func(p *analysis.RefuelPlan) string { return num(p.DayCarbLowGPerKg) })},
	{"refuel_day_carb_high_g_per_kg", refuelCell(func(p *analysis.RefuelPlan) string { return num(p.DayCarbHighGPerKg) })},
}

func fluidCell(get func(*analysis.FluidPlan) string) func(s *analysis.SessionSummary) string {
	return func(s *analysis.SessionSummary) string {
		if s.Fluid == nil {
			return ""
		}
		return get(s.Fluid)
	}
}

func fluidNum(get func(*analysis.FluidPlan) float64) func(s *analysis.SessionSummary) string {
	return fluidCell(func(p *analysis.FluidPlan) string { return num(round6(get(p))) })
}

func refuelCell(get func(*analysis.RefuelPlan) string) func(s *analysis.SessionSummary) string {
	return func(s *analysis.SessionSummary) string {
		if s.Refuel == nil {
			return ""
		}
		return get(s.Refuel)
	}
}
