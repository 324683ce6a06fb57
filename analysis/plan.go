package analysis

import "time"

// This file holds the post-session plans (METHODS.md §7–9): fluid and
// electrolytes, refuel, and the post-session timeline, and the sweat
// calibration learned from the athlete's weigh-ins.

// Sweat-loss sources (FluidPlan.Source).
const (
	SweatWeighIn = "weigh-in"
	SweatGarmin  = "garmin"
	SweatModel   = "heat balance model"
)

// FluidPlan is the fluid and electrolyte plan after one session. Units in
// the field names' suffixes' spirit: litres, percent, hours, ml, mg.
type FluidPlan struct {
	// Estimable is false for sessions whose loss cannot be estimated
	// (swims); Why says why, and the numbers are NaN.
	Estimable bool
	Why       string
	// SweatLossL is the estimated sweat loss, litres; SweatRateLH the
	// rate, L/h; Source where it came from; UncertaintyPct its ± %.
	SweatLossL, SweatRateLH float64
	Source                  string
	UncertaintyPct          float64
	// Inputs names what the estimate used, e.g. "710 kcal, 24 °C
	// (weather), 62 % RH, calibration ×1.08 from 4 weigh-ins".
	Inputs string
	// DeficitPctBM is the loss as % of body mass (net of drinks logged
	// in a weigh-in); DeficitFlag is set at ≥ 2 %; Overdrank is set when
	// a weigh-in showed a gain.
	DeficitPctBM float64
	DeficitFlag  bool
	Overdrank    bool
	// DrinkL is the drink-back target, litres, within DrinkWithinH hours;
	// Rapid is set for the rapid mode (next session < 12 h or loss ≥ 2 %).
	DrinkL, DrinkWithinH float64
	Rapid                bool
	// FirstDrinkML is the first drink, ml, within 15 minutes.
	FirstDrinkML float64
	// SodiumMg is the sodium to replace, mg, at SodiumMgL mg per litre of
	// sweat.
	SodiumMg, SodiumMgL float64
	// NextTimeLH is how much to drink per hour in a session like this
	// one, and NextTimePer15ML per 15 minutes; NextTimeSodium is set when
	// a sodium drink is advised (sessions > 90 min).
	NextTimeLH, NextTimePer15ML float64
	NextTimeSodium              bool
}

// Refuel tiers.
const (
	TierA = "A"
	TierB = "B"
	TierC = "C"
)

// RefuelPlan is the refuel plan after one session (METHODS.md §8).
type RefuelPlan struct {
	// Tier is TierA, TierB or TierC; TierReason says why.
	Tier, TierReason string
	// CarbsG and ProteinG are the grams in the window; Ratio is CarbsG
	// over ProteinG (NaN when no protein).
	CarbsG, ProteinG, Ratio float64
	// KcalBurned is the active energy to replace, kcal; KcalSource says
	// where it came from ("file", "Keytel from HR", ...).
	KcalBurned float64
	KcalSource string
	// Window is "within 30 min", "30–60 min" or "1–3 h".
	Window string
	// DayCarbLowGPerKg and DayCarbHighGPerKg bound the day's
	// carbohydrate band, g/kg, from the day's training volume.
	DayCarbLowGPerKg, DayCarbHighGPerKg float64
	// Foods are concrete examples.
	Foods []string
}

// Step is one step of the post-session timeline (METHODS.md §9).
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
	// ModelLH is the heat-balance model's uncalibrated sweat rate for the
	// session, L/h, when it could be computed at logging time; NaN
	// otherwise.
	ModelLH float64
}

// Calibration is the personal sweat factor learned from weigh-ins.
type Calibration struct {
	// Factor multiplies the model's sweat rate (1 without weigh-ins); N
	// counts the weigh-ins used; Note says how it was learned.
	Factor float64
	N      int
	Note   string
}

// sessionPlans fills each kept session's Fluid, Refuel and Timeline and
// b.Sweat.
func sessionPlans(b *Block, opts Options) {
}
