package analysis

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"
)

// This file holds the post-session plans (docs/methods.md §7–9): fluid and
// electrolytes, refuel, and the post-session timeline, and the sweat
// calibration learned from the athlete's weigh-ins. The sweat model itself
// is in sweat.go.

// Sweat-loss sources (FluidPlan.Source).
const (
	SweatWeighIn = "weigh-in"
	SweatGarmin  = "garmin"
	SweatModel   = "sweat model"
)

// FluidPlan is the fluid and electrolyte plan after one session. Units in
// the field names' suffixes' spirit: litres, percent, hours, ml, mg.
type FluidPlan struct {
	// Estimable is false for sessions whose loss cannot be estimated
	// (swims, no duration); Why says why ("a swim: ..."), and the numbers
	// are NaN.
	Estimable bool
	Why       string
	// SweatLossL is the estimated sweat loss, litres; SweatRateLH the
	// rate, L/h; Source where it came from; UncertaintyPct its ± %.
	SweatLossL, SweatRateLH float64
	Source                  string
	UncertaintyPct          float64
	// ModelLH is the sweat model's rate before calibration,
	// L/h, whatever the source; NaN when it cannot be computed. It is
	// what a weigh-in of this session calibrates; Model names the model
	// ("USARIEM prediction (Gonzalez)", "heat-balance model").
	ModelLH float64
	Model   string
	// Inputs names what the estimate used, e.g. "710 kcal, 24 °C
	// (weather), 62 % RH, calibration ×1.08 from 4 weigh-ins".
	Inputs string
	// DeficitPctBM is the loss as % of body mass (net of drinks logged
	// in a weigh-in; else as if nothing was drunk), never negative;
	// DeficitFlag is set at ≥ 2 %; Overdrank is set when a weigh-in
	// showed a gain. BodyMassKg is the mass it is a share of, and
	// MassNote where that came from.
	DeficitPctBM float64
	DeficitFlag  bool
	Overdrank    bool
	BodyMassKg   float64
	MassNote     string
	// DrinkL is the drink-back target, litres, within DrinkWithinH hours;
	// Rapid is set for the rapid mode (next session < 12 h or loss ≥ 2 %),
	// and RapidReason says why the mode was chosen.
	DrinkL, DrinkWithinH float64
	Rapid                bool
	RapidReason          string
	// FirstDrinkML is the first drink, ml, within 15 minutes.
	FirstDrinkML float64
	// SodiumMg is the sodium to replace, mg, at SodiumMgL mg per litre of
	// sweat; SodiumNote says where the concentration came from.
	SodiumMg, SodiumMgL float64
	SodiumNote          string
	// NextTimeLH is how much to drink per hour in a session like this
	// one, and NextTimePer15ML per 15 minutes; NextTimeSodium is set when
	// a sodium drink is advised (sessions > 90 min).
	NextTimeLH, NextTimePer15ML float64
	NextTimeSodium              bool
	// Limits says, one sentence each, every safety limit that changed
	// the plan: an implausible sweat rate or deficit capped, a drink-back
	// spread over more hours, sodium capped (planDefaults.MaxIntakeLH and
	// the other limits). Empty when none applied.
	Limits []string
	// PartOf is set on a part of a multisport event: the part keeps its
	// own loss and rate, and the drink-back advice is the event's
	// (Block.Events).
	PartOf bool
}

// Refuel tiers.
const (
	TierA = "A"
	TierB = "B"
	TierC = "C"
)

// RefuelPlan is the refuel plan after one session (docs/methods.md §8).
type RefuelPlan struct {
	// Tier is TierA, TierB or TierC; TierReason says why.
	Tier, TierReason string
	// CarbsG and ProteinG are the grams in the window (the middle of
	// their ranges CarbsLowG–CarbsHighG and ProteinLowG–ProteinHighG);
	// Ratio is CarbsG over ProteinG (NaN when no protein). For tier A
	// the carbohydrate is per hour, for PerHourForH hours (0 for the
	// other tiers).
	CarbsG, ProteinG, Ratio float64
	CarbsLowG, CarbsHighG   float64
	ProteinLowG             float64
	ProteinHighG            float64
	PerHourForH             float64
	// KcalBurned is the active energy to replace, kcal (the session's
	// energy minus the resting share, 1 MET); KcalSource says where it
	// came from ("the file's total calories", "Keytel from heart rate",
	// ...).
	KcalBurned float64
	KcalSource string
	// Window is "within 30 min", "30–60 min" or "1–3 h".
	Window string
	// DayCarbLowGPerKg and DayCarbHighGPerKg bound the day's
	// carbohydrate band, g/kg, from the day's training volume DayTrainingH
	// (hours of the workouts on the session's local day).
	DayCarbLowGPerKg, DayCarbHighGPerKg float64
	DayTrainingH                        float64
	// NextSessionH is the time from the end of this session to the start
	// of the next, hours (NaN when unknown); NextSessionNote says where
	// it came from.
	NextSessionH    float64
	NextSessionNote string
	// Foods are concrete examples.
	Foods []string
	// Light is set after a short or light session (under
	// planDefaults.LightKcal of active energy): normal meals cover it, and
	// the grams are NaN.
	Light bool
	// Limits says, one sentence each, every limit that changed the plan
	// (the carbohydrate capped at the energy the session used).
	Limits []string
}

// Event is a multisport session: the sessions of one file that follow one
// another within multisportGap (a triathlon, transitions included). Its
// plans cover the whole event; each part keeps its own sweat loss and
// rate (SessionSummary.Fluid, with PartOf set) and points to the event
// (SessionSummary.Event).
type Event struct {
	// Path is the file and Sessions the parts' places among its sessions
	// (SessionSummary.Index), in order; Sports their sports.
	Path     string
	Sessions []int
	Sports   []string
	// Start is the first part's start; Seconds the parts' durations
	// summed (timer time, transitions included).
	Start   time.Time
	Seconds float64
	// Fluid, Refuel and Timeline are the event's plans.
	Fluid    *FluidPlan
	Refuel   *RefuelPlan
	Timeline Timeline
}

// Step is one step of the post-session timeline (docs/methods.md §9).
type Step struct {
	// At is when, as text ("0–15 min", "30–60 min", "1–2 h", "later
	// today", "tonight"); What says what, with the numbers filled in.
	At, What string
}

// WeighIn is one logged weigh-in (bounceback sweat-test).
type WeighIn struct {
	// Logged is when it was logged; Session the start of the session it
	// belongs to (zero when given as duration and temperature).
	Logged, Session time.Time
	// PreKg and PostKg are the body masses; DrankL and UrineL the fluid
	// taken and passed in between, litres.
	PreKg, PostKg, DrankL, UrineL float64
	// Duration (s) and TempC describe the session when it is not a file.
	Duration, TempC float64
	// ModelLH is the sweat model's uncalibrated rate for the session,
	// L/h, when it could be computed at logging time (with the model
	// sweat-test was given); NaN otherwise. Model names that model
	// (SweatGonzalez or SweatHeatBalance; "" is the heat-balance model,
	// the only one before the model was logged). A rate of another model
	// than the plans' does not calibrate them unless the session is among
	// the files, where the plans' model rates it again.
	ModelLH float64
	Model   string
}

// modelOf returns the name of the model that rated w.
func (w WeighIn) modelOf() string {
	if w.Model == "" {
		return SweatHeatBalance
	}
	return w.Model
}

// Calibration is the personal sweat factor learned from weigh-ins.
type Calibration struct {
	// Factor multiplies the model's sweat rate (1 without weigh-ins); N
	// counts the weigh-ins used; Note says how it was learned.
	Factor float64
	N      int
	Note   string
}

// dayBand is one band of the day's carbohydrate target: days with less
// than UpToH hours of training get Low–High g/kg.
type dayBand struct {
	UpToH, Low, High float64
}

// planDefaults are the rules of the post-session plans. Published numbers
// cite their source in docs/methods.md §7–8; the others are our own estimates,
// and the outputs label them so.
type planDefaults struct {
	// DeficitFlagPct flags a loss of this % of body mass (2 %, ACSM 2007).
	DeficitFlagPct float64
	// RapidNextH: a next session closer than this many hours asks for
	// rapid rehydration (12 h).
	RapidNextH float64
	// RapidFactor and NormalFactor multiply the deficit into the drink
	// target (1.5 × rapid, Maughan & Leiper 1995, DGE 2020; 1.25 ×
	// otherwise, our estimate); over RapidWithinH (4) or NormalWithinH (6,
	// our default: with the next meals) hours.
	RapidFactor, NormalFactor   float64
	RapidWithinH, NormalWithinH float64
	// FirstDrinkML is the most for the first drink after a hard, hot,
	// long session or in rapid mode (500 ml, the seed articles);
	// FirstDrinkEasyML after others (our default). The first drink is at
	// most half the target, in steps of 50 ml.
	FirstDrinkML, FirstDrinkEasyML float64
	// HotC is the temperature from which a session counts as hot (our
	// default). After a session under an hour, not hot, with a drink
	// target under SmallLossL litres, drinking to thirst is enough (our
	// default, after DGE 2020).
	HotC, SmallLossL float64
	// SodiumMgL is the default sweat sodium, mg/L (40 mmol/L; ACSM 2007
	// ~35, Baker 2016 35.9); SodiumLowMgL–SodiumHighMgL the range between
	// people (10–70 mmol/L); RecoverySodiumMgL the sodium of the recovery
	// drinks and food in rapid mode (50 mmol/L, Maughan & Leiper 1995).
	SodiumMgL, SodiumLowMgL, SodiumHighMgL, RecoverySodiumMgL float64
	// Next time: drink NextTimeShare of the sweat rate per hour, within
	// NextTimeMinLH–NextTimeMaxLH and never above the sweat rate (our
	// rule on ACSM 2007); a sodium drink for sessions over SodiumDrinkS
	// seconds (DGE 2020: 90 min) or a sodium loss over SodiumDrinkMg.
	NextTimeShare, NextTimeMinLH, NextTimeMaxLH float64
	SodiumDrinkS, SodiumDrinkMg                 float64
	// TierANextH: a next session closer than this asks for rapid refuel
	// (8 h, ACSM 2016). LongS: longer sessions are tier B (90 min).
	TierANextH, LongS float64
	// A session is hard (tier B) with HardS seconds or more above HardFrac
	// of HRmax, an aerobic Training Effect of HardAerobicTE or an
	// anaerobic one of HardAnaerobicTE, or a threshold or harder class.
	HardFrac, HardS, HardAerobicTE, HardAnaerobicTE float64
	// CarbsLow–CarbsHigh g/kg of carbohydrate (ACSM 2016, ISSN 2017;
	// per hour for RapidHours hours in tier A), ProteinLow–ProteinHigh
	// g/kg of protein (ISSN 2017); MealCarbsLow–MealCarbsHigh g/kg in a
	// tier-C meal (our estimate).
	CarbsLow, CarbsHigh, ProteinLow, ProteinHigh float64
	MealCarbsLow, MealCarbsHigh                  float64
	RapidHours                                   float64
	// DayBands are the day's carbohydrate bands by hours of training
	// (ACSM/AND/DC 2016: 3–5, 5–7, 6–10, 8–12 g/kg; the hour limits are
	// ours), in increasing UpToH; the last applies above.
	DayBands []dayBand
	// SleepH is the sleep target, hours (7–9), and SleepExtraMin what to
	// add after a hard day (the seed articles).
	SleepLowH, SleepHighH, SleepExtraMin float64
	// MarathonS and MarathonM: a run this long (time or distance) gets the
	// note that foam rolling waits a day or two.
	MarathonS, MarathonM float64

	// The safety limits of the fluid advice. MaxIntakeLH is the most the
	// advice asks to drink in an hour (1 L/h: about what the kidneys
	// excrete at most; drinking beyond it risks hyponatraemia, ACSM 2007,
	// Hew-Butler et al. 2015): a drink-back target is spread over as many
	// hours as it needs. MaxDeficitPct is the highest loss, as % of body
	// mass, taken as a real deficit without a weigh-in (6 %: beyond it the
	// athlete must have drunk during the session, or the estimate is off;
	// our limit); MaxDrinkL the most any drink-back target asks for (5 L,
	// our limit); MaxSodiumMg the most sodium it asks to replace (6,000
	// mg, about 15 g of salt, our limit). A sweat rate above
	// SweatDefaults.MaxLH is an error of the model or the file.
	MaxIntakeLH, MaxDeficitPct, MaxDrinkL, MaxSodiumMg float64
	// LightKcal: after a session with less active energy than this, normal
	// meals cover the refuel (200 kcal, about a snack; our default).
	// CarbsEnergyShare caps the carbohydrate of any refuel plan at this
	// share of the active energy the session used, at 4 kcal a gram (1:
	// never more carbohydrate than the energy used; our limit).
	LightKcal, CarbsEnergyShare float64
}

// defaultPlan is bounceback's plan rules.
var defaultPlan = planDefaults{
	DeficitFlagPct:    2,
	RapidNextH:        12,
	RapidFactor:       1.5,
	NormalFactor:      1.25,
	RapidWithinH:      4,
	NormalWithinH:     6,
	FirstDrinkML:      500,
	FirstDrinkEasyML:  250,
	HotC:              25,
	SmallLossL:        0.3,
	SodiumMgL:         920,
	SodiumLowMgL:      230,
	SodiumHighMgL:     1610,
	RecoverySodiumMgL: 1150,
	NextTimeShare:     0.7,
	NextTimeMinLH:     0.3,
	NextTimeMaxLH:     1.0,
	SodiumDrinkS:      90 * 60,
	SodiumDrinkMg:     1500,
	TierANextH:        8,
	LongS:             90 * 60,
	HardFrac:          0.85,
	HardS:             20 * 60,
	HardAerobicTE:     4.0,
	HardAnaerobicTE:   3.0,
	CarbsLow:          1.0,
	CarbsHigh:         1.2,
	ProteinLow:        0.25,
	ProteinHigh:       0.3,
	MealCarbsLow:      0.8,
	MealCarbsHigh:     1.0,
	RapidHours:        4,
	DayBands: []dayBand{
		{UpToH: 0.75, Low: 3, High: 5},
		{UpToH: 1.5, Low: 5, High: 7},
		{UpToH: 4, Low: 6, High: 10},
		{UpToH: math.Inf(1), Low: 8, High: 12},
	},
	SleepLowH:     7,
	SleepHighH:    9,
	SleepExtraMin: 60,
	MarathonS:     3 * 3600,
	MarathonM:     30000,

	MaxIntakeLH:      1.0,
	MaxDeficitPct:    6,
	MaxDrinkL:        5,
	MaxSodiumMg:      6000,
	LightKcal:        200,
	CarbsEnergyShare: 1,
}

// planSession is one kept workout of the block, with what the plans need.
type planSession struct {
	f *FileSummary
	s *SessionSummary
	// file and j place the session: session j of file file.
	file, j  int
	start    time.Time
	end      time.Time
	day      time.Time // local calendar day
	seconds  float64
	model    sweatModel
	weighIn  *WeighIn
	hasStart bool
	// hard says whether the session was hard, and hardWhy why.
	hard    bool
	hardWhy string
	// dup is set for a duplicate recording (SessionSummary.DuplicateOf):
	// it gets no plan, and counts only as a part of a multisport event.
	dup bool
	// parts holds, on the last part of a multisport session (sessions
	// of one file, each starting within multisportGap of the previous
	// one's end), every part in order; part is the 1-based place of a
	// part and last the last part.
	parts []*planSession
	part  int
	last  *planSession
	// plans and event are what the planning makes for the session.
	plans Plans
	event int
}

// multisportGap is the longest break between the sessions of one file
// that still makes them parts of one multisport session (transitions
// included), whose plan follows the last part and covers them all (our
// default).
const multisportGap = 30 * time.Minute

// planned is what sessionPlans returns: the sweat-rate calibration, the
// multisport events and, for session j of file i, its plans (plans[i][j])
// and the 1-based index of its event in events (event[i][j], 0 for none).
type planned struct {
	sweat  Calibration
	events []Event
	plans  [][]Plans
	event  [][]int
}

// sessionPlans makes the plans of each session of files (the block's kept
// files) and the sweat-rate calibration of opts.WeighIns, for the
// athlete. HRV readings get none. The next session is the next kept
// workout of another file that starts after this one ends, unless
// opts.NextSessionIn is set.
func sessionPlans(files []FileSummary, athlete *Athlete, opts Options) planned {
	// An unknown model name keeps the default (the commands check it).
	d, _ := DefaultSweat.WithModel(opts.SweatModel)
	p := defaultPlan
	a := bodyOf(athlete)
	ps := planSessions(files, a, d, p)
	matchWeighIns(ps, opts.WeighIns, d)
	multisport(ps)
	out := planned{plans: make([][]Plans, len(files)), event: make([][]int, len(files))}
	out.sweat = d.Calibrate(opts.WeighIns, func(w WeighIn) float64 {
		for _, x := range ps {
			if x.weighIn != nil && x.weighIn.Session.Equal(w.Session) && x.weighIn.Logged.Equal(w.Logged) {
				return x.model.rateLH
			}
		}
		if w.modelOf() != d.Model {
			// Rated by the other model: its rate is not this model's
			// (the two differ by about half, TestSweatModelsRealFiles).
			return math.NaN()
		}
		return w.ModelLH
	}, opts.AsOf)

	// Day volume: hours of workouts per local day.
	dayHours := map[time.Time]float64{}
	for _, x := range ps {
		if x.hasStart && x.seconds > 0 && !x.dup {
			dayHours[x.day] += x.seconds / 3600
		}
	}
	order := make([]*planSession, 0, len(ps))
	for _, x := range ps {
		if x.hasStart && !x.dup {
			order = append(order, x)
		}
	}
	sort.SliceStable(order, func(i, j int) bool { return order[i].start.Before(order[j].start) })

	for _, x := range ps {
		nx := nextSession(x, order, opts.NextSessionIn)
		sa := a.forSession(x.s)
		if x.weighIn != nil {
			sa.mass, sa.massNote = x.weighIn.PreKg, "pre-session weigh-in"
		}
		fl := p.fluid(d, x, sa, out.sweat, nx, opts)
		rf := p.refuel(d, x, sa, nx, dayHours[x.day])
		x.plans = Plans{Fluid: fl, Refuel: rf, Timeline: p.timeline(x, fl, rf, nx)}
	}
	out.events = p.events(ps, order, a, d, out.sweat, dayHours, opts)
	for i := range files {
		out.plans[i] = make([]Plans, len(files[i].Sessions))
		out.event[i] = make([]int, len(files[i].Sessions))
	}
	for _, x := range ps {
		if x.dup && x.event == 0 {
			// The other duplicates have no plan: the session they repeat
			// has it.
			continue
		}
		out.plans[x.file][x.j], out.event[x.file][x.j] = x.plans, x.event
	}
	return out
}

// planSessions returns the workouts of files (HRV readings get no plan)
// with what the plans need of each: times, duration, the sweat model and
// whether it was hard.
func planSessions(files []FileSummary, a athleteBody, d SweatDefaults, p planDefaults) []*planSession {
	var ps []*planSession
	for i := range files {
		f := &files[i]
		for j := range f.Sessions {
			s := &f.Sessions[j]
			if s.Class.Reading {
				continue
			}
			// A duplicate gets no plan of its own, but it keeps its place
			// among the parts of a multisport event (see events).
			x := &planSession{f: f, s: s, file: i, j: j, seconds: sessionSeconds(s), dup: s.DuplicateOf != nil}
			if !s.Start.IsZero() {
				x.hasStart = true
				x.start = s.Start
				x.end = s.Start
				if x.seconds > 0 {
					dur := s.Elapsed
					if !(dur >= x.seconds) {
						dur = x.seconds
					}
					x.end = s.Start.Add(time.Duration(dur * float64(time.Second)))
				}
				local, _ := f.Local(s.Start)
				x.day = civilDay(local)
			}
			x.model = d.model(f, s, a.forSession(s))
			x.hard, x.hardWhy = p.hard(s)
			ps = append(ps, x)
		}
	}
	return ps
}

// matchWeighIns gives each weigh-in that names a session, and passes the
// checks, to the workout that starts nearest to it within MatchWithin.
func matchWeighIns(ps []*planSession, ws []WeighIn, d SweatDefaults) {
	for k := range ws {
		w := &ws[k]
		if w.Session.IsZero() {
			continue
		}
		var best *planSession
		bestD := d.MatchWithin + 1
		for _, x := range ps {
			if !x.hasStart || x.dup {
				continue
			}
			dt := x.start.Sub(w.Session)
			if dt < 0 {
				dt = -dt
			}
			if dt <= d.MatchWithin && dt < bestD {
				best, bestD = x, dt
			}
		}
		if best != nil && d.Check(*w) == nil {
			best.weighIn = w
		}
	}
}

// events returns the multisport events of ps. An event is one session
// with its own plans, made after its last part and covering every part;
// each part keeps its own sweat loss and rate, and points to the event
// (planSession.event, the 1-based index in the result).
func (p planDefaults) events(ps, order []*planSession, a athleteBody, d SweatDefaults, cal Calibration,
	dayHours map[time.Time]float64, opts Options) []Event {
	var events []Event
	for _, x := range ps {
		if len(x.parts) < 2 || !slices.ContainsFunc(x.parts, func(y *planSession) bool { return !y.dup }) {
			// A file whose every part repeats another recording is a copy
			// of an event counted there.
			continue
		}
		ev := event(x)
		nx := nextSession(x, order, opts.NextSessionIn)
		sa := a.forSession(x.s)
		if ev.weighIn != nil {
			sa.mass, sa.massNote = ev.weighIn.PreKg, "pre-session weigh-in"
		}
		var fl *FluidPlan
		if ev.weighIn != nil {
			fl = p.fluid(d, ev, sa, cal, nx, opts)
		} else {
			fl = p.eventFluid(ev, x.parts, sa, nx)
		}
		rf := p.refuel(d, ev, sa, nx, dayHours[x.day])
		e := Event{Path: x.f.Path, Start: x.parts[0].start, Seconds: ev.seconds, Fluid: fl, Refuel: rf,
			Timeline: p.timeline(ev, fl, rf, nx)}
		for _, y := range x.parts {
			e.Sessions = append(e.Sessions, y.s.Index)
			e.Sports = append(e.Sports, sportOr(y.s.Sport))
		}
		events = append(events, e)
		for _, y := range x.parts {
			members := []*planSession{y}
			if y.dup {
				// The part was recorded again, better, in another file:
				// that recording is the part, and its plan is the event's.
				if pr := primaryOf(ps, y.s.DuplicateOf); pr != nil && pr.event == 0 {
					members = append(members, pr)
				}
			}
			for _, m := range members {
				m.event = len(events)
				m.plans.Refuel = nil
				if m.plans.Fluid != nil {
					partOf(m.plans.Fluid, y.part, len(x.parts))
				}
				m.plans.Timeline = fixedTimeline(Step{At: "now", What: fmt.Sprintf(
					"part %d of %d of a multisport event (%s): the event's plan covers the whole of it",
					y.part, len(x.parts), strings.Join(e.Sports, ", "))})
			}
		}
	}
	return events
}

// primaryOf returns the workout that d names, or nil.
func primaryOf(ps []*planSession, d *Duplicate) *planSession {
	for _, x := range ps {
		if x.f.Path == d.Path && x.s.Index == d.Session {
			return x
		}
	}
	return nil
}

// partOf turns the fluid plan of part k of n of a multisport event into
// the part's own loss and rate: the advice is the event's.
func partOf(fl *FluidPlan, k, n int) {
	fl.PartOf = true
	fl.DrinkL, fl.DrinkWithinH, fl.FirstDrinkML, fl.SodiumMg = nan, nan, nan, nan
	fl.Rapid, fl.RapidReason = false, ""
	fl.Limits = append(fl.Limits, fmt.Sprintf("part %d of %d of a multisport event: the drink-back advice is the event's", k, n))
}

// multisport groups the sessions of each file that follow one another
// within multisportGap into multisport sessions (see planSession.parts),
// when they are of different sports or hold a transition. A weigh-in of
// any part belongs to the whole.
func multisport(ps []*planSession) {
	flush := func(g []*planSession) {
		if len(g) < 2 {
			return
		}
		// An event has parts of different sports (or a transition):
		// sessions of one sport in a row are separate sessions.
		mixed := false
		for _, y := range g {
			mixed = mixed || family(y.s.Sport) != family(g[0].s.Sport) || strings.EqualFold(y.s.Sport, "transition")
		}
		if !mixed {
			return
		}
		last := g[len(g)-1]
		last.parts = g
		for i, y := range g {
			y.part, y.last = i+1, last
			if y.weighIn != nil && y != last {
				last.weighIn, y.weighIn = y.weighIn, nil
			}
		}
	}
	var g []*planSession
	for _, x := range ps {
		if len(g) > 0 {
			prev := g[len(g)-1]
			gap := x.start.Sub(prev.end)
			if x.file != prev.file || !x.hasStart || !prev.hasStart || gap > multisportGap || gap < -time.Minute {
				flush(g)
				g = nil
			}
		}
		g = append(g, x)
	}
	flush(g)
}

// event returns the whole multisport session whose last part is x, as one
// session: its duration, energy and hardness summed over the parts, its
// temperature the hottest part's.
func event(x *planSession) *planSession {
	ev := *x
	ev.seconds, ev.model.kcal = 0, 0
	ev.model.kcalSource = "sum of the parts"
	ev.model.rateLH = nan
	modelSecs, modelSum := 0.0, 0.0
	for _, y := range x.parts {
		if y.seconds > 0 {
			ev.seconds += y.seconds
		}
		if y.model.kcal > 0 {
			ev.model.kcal += y.model.kcal
		}
		if y.model.rateLH > 0 {
			modelSecs += y.seconds
			modelSum += y.model.rateLH * y.seconds
		}
		if y.model.tempC > ev.model.tempC || math.IsNaN(ev.model.tempC) {
			ev.model.tempC = y.model.tempC
		}
		if y.hard && !ev.hard {
			ev.hard, ev.hardWhy = true, y.hardWhy+" ("+sportOr(y.s.Sport)+")"
		}
	}
	if modelSecs > 0 && modelSecs == ev.seconds {
		ev.model.rateLH = modelSum / modelSecs
	}
	ev.model.why = ""
	return &ev
}

// eventFluid makes the fluid plan of a multisport session from its parts'
// own estimates (ev.s is the last part's session).
func (p planDefaults) eventFluid(ev *planSession, parts []*planSession, a body, nx next) *FluidPlan {
	fl := &FluidPlan{
		SweatLossL: 0, SweatRateLH: nan, UncertaintyPct: 0, ModelLH: ev.model.rateLH,
		DeficitPctBM: nan, BodyMassKg: a.mass, MassNote: a.massNote,
		DrinkL: nan, DrinkWithinH: nan, FirstDrinkML: nan, SodiumMg: nan,
		NextTimeLH: nan, NextTimePer15ML: nan,
	}
	var inputs []string
	biggest, secs := 0.0, 0.0
	for _, y := range parts {
		yf := y.plans.Fluid
		if yf == nil || !yf.Estimable {
			inputs = append(inputs, sportOr(y.s.Sport)+" not estimable")
			continue
		}
		fl.Estimable = true
		fl.SweatLossL += yf.SweatLossL
		secs += y.seconds
		fl.UncertaintyPct = math.Max(fl.UncertaintyPct, yf.UncertaintyPct)
		if yf.SweatLossL >= biggest {
			biggest, fl.Source, fl.Model = yf.SweatLossL, yf.Source, yf.Model
			fl.SodiumMgL, fl.SodiumNote = yf.SodiumMgL, yf.SodiumNote
		}
		inputs = append(inputs, fmt.Sprintf("%s %.2f L (%s)", sportOr(y.s.Sport), yf.SweatLossL, yf.Source))
	}
	if !fl.Estimable {
		fl.SweatLossL, fl.UncertaintyPct = nan, nan
		fl.Why = "no part of the multisport session is estimable (" + strings.Join(inputs, ", ") + ")"
		return fl
	}
	if secs > 0 {
		fl.SweatRateLH = fl.SweatLossL / secs * 3600
	}
	fl.Inputs = fmt.Sprintf("the whole multisport session, %d parts: %s", len(parts), strings.Join(inputs, ", "))
	p.advise(fl, ev, fl.SweatLossL, nx)
	return fl
}

// next is what the plans know of the next session.
type next struct {
	hours   float64 // NaN when unknown
	sameDay bool
	at      time.Time
	note    string
}

// nextSession finds the next workout after x: from override when set,
// else the first kept workout of another file starting at or after x's
// end (order is sorted by start).
func nextSession(x *planSession, order []*planSession, override time.Duration) next {
	if override > 0 {
		return next{hours: override.Hours(), note: "from --next-session-in"}
	}
	if !x.hasStart {
		return next{hours: nan, note: "unknown (the session has no start time)"}
	}
	// order is sorted by start: the candidates begin at the first that
	// starts at or after x's end.
	from := sort.Search(len(order), func(i int) bool { return !order[i].start.Before(x.end) })
	for _, y := range order[from:] {
		if y.file == x.file {
			continue
		}
		h := y.start.Sub(x.end).Hours()
		return next{hours: h, sameDay: y.day.Equal(x.day), at: y.start,
			note: fmt.Sprintf("the next session in the files (%s)", sportOr(y.s.Sport))}
	}
	return next{hours: nan, note: "no later session in the files (give --next-session-in to say)"}
}

func sportOr(sport string) string {
	if sport == "" {
		return "a session"
	}
	return sport
}

// athleteBody is the body values of the block's athlete.
type athleteBody struct {
	mass, height, age    float64
	massNote, heightNote string
}

// heightAssumed is the note of the default height in the sweat model's
// inputs ("1.75 m assumed").
const heightAssumed = "assumed"

// bodyOf returns the body values of the athlete, defaults filled in. The
// height's note is its source ("flag", "profile", "device"), or
// heightAssumed for the default.
func bodyOf(ath *Athlete) athleteBody {
	a := athleteBody{mass: ath.Mass.V, height: ath.Height.V, age: ath.Age.V}
	if !(a.mass > 0) {
		a.mass = defaultProfile.Mass
		a.massNote = defaultNote
	} else {
		a.massNote = ath.Mass.Source.String()
		if ath.Mass.Source == SourceDefault {
			a.massNote = defaultNote
		}
	}
	if !(a.height > 0) || !ath.Height.Known() || ath.Height.Source == SourceDefault {
		a.height, a.heightNote = defaultProfile.Height, heightAssumed
	} else {
		a.heightNote = ath.Height.Source.String()
	}
	if !(a.age > 0) {
		a.age = defaultProfile.Age
	}
	return a
}

func (a athleteBody) forSession(s *SessionSummary) body {
	return body{mass: a.mass, height: a.height, age: a.age, hrmax: s.Athlete.HRMax.V, rest: s.Athlete.HRRest.V,
		vo2max: s.GarminVO2max, sex: s.Athlete.Sex, massNote: a.massNote, heightNote: a.heightNote}
}

// hard reports whether the session was hard, and why.
func (p planDefaults) hard(s *SessionSummary) (bool, string) {
	if hrmax := s.Athlete.HRMax.V; hrmax > 0 && len(s.HRHist) > 0 {
		above := 0.0
		for b, sec := range s.HRHist {
			if float64(b) >= p.HardFrac*hrmax {
				above += sec
			}
		}
		if above >= p.HardS {
			return true, fmt.Sprintf("high intensity: %.0f min above %.0f %% of HRmax", above/60, 100*p.HardFrac)
		}
	}
	switch {
	case s.Class.Race:
		return true, "a race effort"
	case s.Class.Class >= Threshold:
		return true, "high intensity: a " + s.Class.Class.String() + " session"
	case s.AerobicTE >= p.HardAerobicTE:
		return true, fmt.Sprintf("high intensity: Garmin aerobic Training Effect %.1f", s.AerobicTE)
	case s.AnaerobicTE >= p.HardAnaerobicTE:
		return true, fmt.Sprintf("high intensity: Garmin anaerobic Training Effect %.1f", s.AnaerobicTE)
	}
	return false, ""
}

// roundTo rounds v to the nearest multiple of step.
func roundTo(v, step float64) float64 { return math.Round(v/step) * step }

// fluid makes the fluid plan of session x.
func (p planDefaults) fluid(d SweatDefaults, x *planSession, a body, c Calibration, nx next, opts Options) *FluidPlan {
	s := x.s
	fl := &FluidPlan{
		SweatLossL: nan, SweatRateLH: nan, UncertaintyPct: nan, ModelLH: x.model.rateLH, Model: modelName(d.Model),
		DeficitPctBM: nan, BodyMassKg: a.mass, MassNote: a.massNote,
		DrinkL: nan, DrinkWithinH: nan, FirstDrinkML: nan, SodiumMg: nan,
		NextTimeLH: nan, NextTimePer15ML: nan,
	}
	fl.SodiumMgL, fl.SodiumNote = p.SodiumMgL, "our default (40 mmol/L; people range 230–1610 mg/L)"
	if v := opts.Flags.SweatSodium; v > 0 {
		fl.SodiumMgL, fl.SodiumNote = v, "flag"
	} else if v := opts.File.SweatSodium; v > 0 {
		fl.SodiumMgL, fl.SodiumNote = v, "profile"
	}
	hours := x.seconds / 3600
	var deficitL float64
	// Garmin's estimate, unless its rate is beyond what anyone sweats: an
	// error of the file, left for the model.
	garmin := s.SweatLoss > 0 && !math.IsInf(s.SweatLoss, 0)
	if garmin && hours > 0 && s.SweatLoss/hours > d.MaxLH {
		garmin = false
		fl.Limits = append(fl.Limits, fmt.Sprintf("Garmin's estimate of %.1f L over %s is %.1f L/h, above the %.0f L/h anyone sweats: not used",
			s.SweatLoss, hoursText(hours), s.SweatLoss/hours, d.MaxLH))
	}
	switch {
	case x.weighIn != nil:
		w := x.weighIn
		fl.Estimable, fl.Source, fl.UncertaintyPct = true, SweatWeighIn, d.WeighInPct
		fl.SweatLossL = w.SweatL()
		fl.SweatRateLH = w.RateLH()
		deficitL = w.PreKg - w.PostKg
		fl.Overdrank = w.PostKg > w.PreKg
		fl.Inputs = fmt.Sprintf("weighed %s kg before, %s kg after, %s L drunk, %s L urine",
			shortNum(w.PreKg), shortNum(w.PostKg), shortNum(valueOr(w.DrankL, 0)), shortNum(valueOr(w.UrineL, 0)))
	case SportKey(s.Sport) == SportSwim:
		fl.Why = "a swim: in the water the heat balance does not hold, and Garmin's estimate is not used; weigh yourself before and after to know"
		return fl
	case garmin:
		fl.Estimable, fl.Source, fl.UncertaintyPct = true, SweatGarmin, d.GarminPct
		fl.SweatLossL = s.SweatLoss
		if hours > 0 {
			fl.SweatRateLH = s.SweatLoss / hours
		}
		fl.Inputs = "Garmin's estimated sweat loss from the file (its method is not published; ±30 % is our estimate)"
		deficitL = fl.SweatLossL
	case !math.IsNaN(x.model.rateLH):
		fl.Estimable, fl.Source, fl.UncertaintyPct = true, SweatModel, d.uncertainty(c, x.model.pct)
		fl.SweatRateLH = x.model.rateLH * c.Factor
		if x.model.rateLH >= d.MaxLH {
			fl.Limits = append(fl.Limits, fmt.Sprintf("the model's sweat rate was capped at %.0f L/h (more is an error of the model or its inputs)", d.MaxLH))
		}
		if fl.SweatRateLH > d.MaxLH {
			fl.SweatRateLH = d.MaxLH
			fl.Limits = append(fl.Limits, fmt.Sprintf("the calibrated sweat rate was capped at %.0f L/h", d.MaxLH))
		}
		fl.SweatLossL = fl.SweatRateLH * hours
		fl.Inputs = x.model.inputs
		if c.N > 0 {
			fl.Inputs += fmt.Sprintf(", calibration ×%.2f from %d weigh-in%s", c.Factor, c.N, suffixS(c.N))
		} else {
			fl.Inputs += ", uncalibrated"
		}
		deficitL = fl.SweatLossL
	default:
		fl.Why = orText(x.model.why, "no duration recorded")
		return fl
	}
	p.advise(fl, x, deficitL, nx)
	return fl
}

// advise fills the advice of a fluid plan whose loss is known: the
// deficit, the drink-back target and its timing, the first drink, the
// sodium and what to drink next time. deficitL is the mass lost, litres.
//
// The advice never passes the safety limits of PlanDefaults: a deficit
// above MaxDeficitPct of body mass is taken as MaxDeficitPct (the athlete
// drank during the session, or the estimate is off); the target is at most
// MaxDrinkL, spread over as many hours as drinking at most MaxIntakeLH
// takes; the sodium is at most MaxSodiumMg. fl.Limits says each limit
// that applied.
func (p planDefaults) advise(fl *FluidPlan, x *planSession, deficitL float64, nx next) {
	deficitL = math.Max(0, deficitL)
	if fl.BodyMassKg > 0 {
		fl.DeficitPctBM = 100 * deficitL / fl.BodyMassKg
		if fl.DeficitPctBM > p.MaxDeficitPct {
			fl.Limits = append(fl.Limits, fmt.Sprintf(
				"a loss of %.1f %% of body mass is not plausible as a deficit (over %.0f %%): you drank during the session or the estimate is off; the advice takes %.0f %%, and a weigh-in would tell",
				fl.DeficitPctBM, p.MaxDeficitPct, p.MaxDeficitPct))
			fl.DeficitPctBM = p.MaxDeficitPct
			deficitL = p.MaxDeficitPct / 100 * fl.BodyMassKg
		}
	}
	fl.DeficitFlag = fl.DeficitPctBM >= p.DeficitFlagPct
	switch {
	case nx.hours < p.RapidNextH:
		fl.Rapid, fl.RapidReason = true, fmt.Sprintf("next session in %s (< %.0f h)", hoursText(nx.hours), p.RapidNextH)
	case fl.DeficitFlag:
		fl.Rapid, fl.RapidReason = true, fmt.Sprintf("loss of %.1f %% of body mass (≥ %.0f %%)", fl.DeficitPctBM, p.DeficitFlagPct)
	default:
		fl.RapidReason = "no session within 12 h and a loss under 2 % of body mass: normal meals"
	}
	factor, within := p.NormalFactor, p.NormalWithinH
	if fl.Rapid {
		factor, within = p.RapidFactor, p.RapidWithinH
	}
	fl.DrinkL, fl.DrinkWithinH = factor*deficitL, within
	if fl.DrinkL > p.MaxDrinkL {
		fl.Limits = append(fl.Limits, fmt.Sprintf("the drink-back target of %.1f L was capped at %.0f L", fl.DrinkL, p.MaxDrinkL))
		fl.DrinkL = p.MaxDrinkL
	}
	if need := math.Ceil(fl.DrinkL / p.MaxIntakeLH); need > within {
		fl.DrinkWithinH = need
		fl.Limits = append(fl.Limits, fmt.Sprintf("spread over %.0f h: never more than %.0f L an hour (more risks hyponatraemia)", need, p.MaxIntakeLH))
	}
	hot := x.model.tempC >= p.HotC
	long := x.seconds > p.LongS
	limit := p.FirstDrinkEasyML
	if x.hard || hot || long || fl.Rapid {
		limit = p.FirstDrinkML
	}
	first := math.Min(limit, 500*fl.DrinkL) // half the target, in ml
	fl.FirstDrinkML = math.Max(0, roundTo(first, 50))
	if fl.FirstDrinkML == 0 && fl.DrinkL > 0 {
		fl.FirstDrinkML = 50
	}
	fl.SodiumMg = math.Max(0, fl.SweatLossL) * fl.SodiumMgL
	if fl.SodiumMg > p.MaxSodiumMg {
		fl.Limits = append(fl.Limits, fmt.Sprintf("the sodium to replace (%.0f mg) was capped at %.0f mg: part of it is replaced during and after the session with food",
			fl.SodiumMg, p.MaxSodiumMg))
		fl.SodiumMg = p.MaxSodiumMg
	}
	if r := fl.SweatRateLH; r > 0 {
		lh := math.Min(p.NextTimeMaxLH, math.Max(p.NextTimeMinLH, p.NextTimeShare*r))
		fl.NextTimeLH = math.Min(lh, r)
		fl.NextTimePer15ML = 1000 * fl.NextTimeLH / 4
	}
	fl.NextTimeSodium = x.seconds > p.SodiumDrinkS || fl.SodiumMg > p.SodiumDrinkMg
}

func orText(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// hoursText formats hours as "5:00 h".
func hoursText(h float64) string {
	if math.IsNaN(h) {
		return "unknown"
	}
	m := int(math.Round(h * 60))
	return fmt.Sprintf("%d:%02d h", m/60, m%60)
}

// dayBand returns the day's carbohydrate band for hours of training.
func (p planDefaults) dayBand(hours float64) (lo, hi float64) {
	for _, b := range p.DayBands {
		if hours < b.UpToH {
			return b.Low, b.High
		}
	}
	if n := len(p.DayBands); n > 0 {
		return p.DayBands[n-1].Low, p.DayBands[n-1].High
	}
	return nan, nan
}

// Food examples per tier (the seed articles' foods; the grams are typical
// label values, rounded).
var (
	foodsRapid = []string{
		"now: 500 ml of a sports drink or juice and a banana (about 60 g carbohydrate)",
		"then each hour: a bagel with jam, rice cakes with honey, or a fruit smoothie with yogurt",
		"with the first feeding: a glass of milk or Greek yogurt for the protein",
	}
	foodsPrompt = []string{
		"500 ml chocolate milk (about 55 g carbohydrate, 17 g protein)",
		"Greek yogurt with berries and granola (about 50 g carbohydrate, 20 g protein)",
		"a bagel with peanut butter and a banana (about 75 g carbohydrate, 14 g protein)",
		"a smoothie with fruit and protein powder or milk",
	}
	foodsMeal = []string{
		"a balanced meal: rice, pasta or potatoes, a palm of chicken, fish, tofu or beans, and vegetables",
		"two boiled eggs with crackers and fruit, if the meal is more than 2 h away",
	}
)

// refuel makes the refuel plan of session x.
func (p planDefaults) refuel(d SweatDefaults, x *planSession, a body, nx next, dayH float64) *RefuelPlan {
	r := &RefuelPlan{KcalBurned: nan, Ratio: nan, NextSessionH: nx.hours, NextSessionNote: nx.note, DayTrainingH: dayH,
		CarbsG: nan, ProteinG: nan, CarbsLowG: nan, CarbsHighG: nan, ProteinLowG: nan, ProteinHighG: nan}
	if kcal := x.model.kcal; kcal > 0 {
		rest := d.RestingMET * a.mass * x.seconds / 3600
		r.KcalBurned = math.Max(0, kcal-rest)
		r.KcalSource = x.model.kcalSource + ", minus the resting share (1 MET)"
	}
	r.DayCarbLowGPerKg, r.DayCarbHighGPerKg = p.dayBand(dayH)
	if !(r.KcalBurned >= p.LightKcal) {
		r.Light = true
		r.Tier, r.Window, r.Foods = TierC, "your next meal", nil
		r.TierReason = fmt.Sprintf("a light session (%.0f kcal of active energy, under %.0f): your normal meals cover it", r.KcalBurned, p.LightKcal)
		if math.IsNaN(r.KcalBurned) {
			r.TierReason = "no duration recorded, so no energy to replace: your normal meals cover it"
		}
		return r
	}
	switch {
	case nx.sameDay:
		r.Tier, r.TierReason = TierA, fmt.Sprintf("another session today, in %s", hoursText(nx.hours))
	case nx.hours < p.TierANextH:
		r.Tier, r.TierReason = TierA, fmt.Sprintf("next session in %s (< %.0f h)", hoursText(nx.hours), p.TierANextH)
	case x.seconds > p.LongS:
		r.Tier, r.TierReason = TierB, fmt.Sprintf("over %.0f min (%s)", p.LongS/60, hoursText(x.seconds/3600))
	case x.hard:
		r.Tier, r.TierReason = TierB, x.hardWhy
	default:
		r.Tier, r.TierReason = TierC, "not long or hard, and no session within 8 h"
	}
	cLo, cHi := p.CarbsLow, p.CarbsHigh
	hours := 1.0 // the hours the carbohydrate is per: tier A's is per hour
	switch r.Tier {
	case TierA:
		r.Window, r.PerHourForH, r.Foods = "within 30 min", p.RapidHours, foodsRapid
		hours = p.RapidHours
	case TierB:
		r.Window, r.Foods = "30–60 min", foodsPrompt
	default:
		r.Window, r.Foods = "1–3 h", foodsMeal
		cLo, cHi = p.MealCarbsLow, p.MealCarbsHigh
	}
	r.CarbsLowG, r.CarbsHighG = cLo*a.mass, cHi*a.mass
	// Never more carbohydrate than the energy the session used.
	if most := p.CarbsEnergyShare * r.KcalBurned / 4 / hours; r.CarbsHighG > most {
		scale := most / r.CarbsHighG
		r.CarbsLowG, r.CarbsHighG = r.CarbsLowG*scale, most
		r.Limits = append(r.Limits, fmt.Sprintf("carbohydrate capped at the %.0f kcal the session used (%.0f g in all)",
			r.KcalBurned, p.CarbsEnergyShare*r.KcalBurned/4))
	}
	r.ProteinLowG, r.ProteinHighG = p.ProteinLow*a.mass, p.ProteinHigh*a.mass
	r.CarbsG = (r.CarbsLowG + r.CarbsHighG) / 2
	r.ProteinG = (r.ProteinLowG + r.ProteinHighG) / 2
	if r.ProteinG > 0 {
		r.Ratio = r.CarbsG / r.ProteinG
	}
	return r
}

// Timeline is a post-session timeline (docs/methods.md §9). Its steps are
// written when asked for ([Timeline.Steps]) from the plans and the few
// facts of the session they need, so that a block of thousands of
// sessions does not hold the text of every step. The zero Timeline has no
// steps.
type Timeline struct {
	in    *timelineInputs
	fixed []Step
}

// timelineInputs is what a timeline is written from.
type timelineInputs struct {
	p        *planDefaults
	fl       *FluidPlan
	rf       *RefuelPlan
	nx       next
	hard     bool
	run      bool    // a run (for the marathon rule)
	seconds  float64 // duration, s
	distance float64 // m
	tempC    float64 // the sweat model's air temperature
}

// fixedTimeline is a timeline of the steps given.
func fixedTimeline(steps ...Step) Timeline { return Timeline{fixed: steps} }

// Steps returns the timeline's steps in order; nil for the zero Timeline.
// Each call writes them anew.
func (t Timeline) Steps() []Step {
	if t.in == nil {
		return t.fixed
	}
	return t.in.steps()
}

// timeline makes the post-session timeline of x with its plans fl and rf.
func (p *planDefaults) timeline(x *planSession, fl *FluidPlan, rf *RefuelPlan, nx next) Timeline {
	return Timeline{in: &timelineInputs{p: p, fl: fl, rf: rf, nx: nx, hard: x.hard,
		run: SportKey(x.s.Sport) == SportRun, seconds: x.seconds, distance: x.s.Distance, tempC: x.model.tempC}}
}

// steps writes the timeline in the order of docs/methods.md §9.
func (in *timelineInputs) steps() []Step {
	p, fl, rf, nx, hard := in.p, in.fl, in.rf, in.nx, in.hard
	var steps []Step
	add := func(at, format string, args ...any) { steps = append(steps, Step{at, fmt.Sprintf(format, args...)}) }

	add("0–10 min", "cool down: 5–10 min easy")
	// A small loss after a short session in the cool: drink to thirst
	// (the research notes' rule, our thresholds).
	small := fl.Estimable && !fl.Rapid && fl.DrinkL < p.SmallLossL && in.seconds < 3600 && in.tempC < p.HotC
	switch {
	case small:
		add("0–15 min", "drink to thirst: a small loss (%.1f L) that your next drinks and meal cover", fl.SweatLossL)
	case !fl.Estimable:
		add("0–15 min", "drink to thirst, about 250–500 ml (%s)", "sweat loss not estimable")
	case fl.Overdrank:
		add("0–15 min", "drink to thirst only: you gained weight, so you drank more than you sweated")
	case fl.DrinkL <= 0:
		add("0–15 min", "drink to thirst")
	default:
		kind := "water or an electrolyte drink"
		if fl.Rapid || hard || in.seconds > p.LongS || in.tempC >= p.HotC {
			kind = "an electrolyte drink"
		}
		add("0–15 min", "drink %.0f ml of %s (of %.1f L to drink back within %.0f h)", fl.FirstDrinkML, kind, fl.DrinkL, fl.DrinkWithinH)
	}
	kcal := 4 * (rf.CarbsG + rf.ProteinG)
	switch {
	case rf.Light:
		add("30–60 min", "no recovery snack needed: %s", rf.TierReason)
	case rf.Tier == TierA:
		add("within 30 min", "start refuelling: %.0f g carbohydrate and %.0f g protein (%.0f:1), then %.0f g carbohydrate every hour for %.0f h (%.0f–%.0f g/h), in small feeds every 15–30 min",
			rf.CarbsG, rf.ProteinG, rf.Ratio, rf.CarbsG, rf.PerHourForH, rf.CarbsLowG, rf.CarbsHighG)
	case rf.Tier == TierB:
		add("30–60 min", "a snack of %.0f g carbohydrate and %.0f g protein (%.0f:1, about %.0f kcal), e.g. %s",
			rf.CarbsG, rf.ProteinG, rf.Ratio, kcal, foodsPrompt[0])
	default:
		add("30–60 min", "a snack only if your next meal is more than 2 h away (fruit and a yogurt)")
	}
	add("after that", "stretch 10–15 min")
	meal := "a balanced meal: carbohydrate, protein and vegetables"
	switch {
	case rf.Light:
		meal = "your next normal meal"
	case rf.Tier == TierC:
		meal = fmt.Sprintf("a meal with about %.0f g protein and %.0f g carbohydrate", rf.ProteinG, rf.CarbsG)
	}
	at := "1–2 h"
	if rf.Tier == TierC {
		at = "1–3 h"
	}
	if fl.Estimable && fl.DrinkL > 0 && !small {
		sodium := fmt.Sprintf("replace about %.0f mg sodium (salted food", roundTo(fl.SodiumMg, 10))
		if fl.Rapid {
			sodium += fmt.Sprintf(", drinks with at least %.0f mg per litre", p.RecoverySodiumMgL)
		}
		sodium += ")"
		meal += fmt.Sprintf("; drink %.1f L in all by %.0f h and %s", fl.DrinkL, fl.DrinkWithinH, sodium)
	}
	add(at, "%s", meal)
	if nx.sameDay {
		add("later today", "your next session is in %s: keep the time until then easy", hoursText(nx.hours))
	} else {
		add("later today", "easy movement 20–30 min (a walk, an easy spin)")
	}
	sleep := fmt.Sprintf("sleep %.0f–%.0f h", p.SleepLowH, p.SleepHighH)
	if hard || in.seconds > p.LongS {
		sleep += fmt.Sprintf(", plus up to %.0f min after a hard or long day like this one", p.SleepExtraMin)
	}
	add("tonight", "%s", sleep)
	var tomorrow []string
	if hard {
		tomorrow = append(tomorrow, "an easy day: alternate hard and easy days")
	}
	if in.run && (in.seconds >= p.MarathonS || in.distance >= p.MarathonM) {
		tomorrow = append(tomorrow, "foam rolling waits a day or two after an effort this long")
	}
	if len(tomorrow) > 0 {
		add("tomorrow", "%s", strings.Join(tomorrow, "; "))
	}
	return steps
}
