package analysis

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/bounceback/bounceback/analysis/load"
)

// This file holds the sweat models of docs/methods.md §7: the USARIEM
// prediction (Gonzalez et al. 2009/2012, the default) and our heat
// balance, the energy from heart rate (keytel et al. 2005), the weigh-in
// arithmetic and the personal calibration learned from weigh-ins.

// SweatDefaults are the rules of the sweat model. The published numbers
// cite their source; every other value is our own estimate and is
// labelled so in the output.
type SweatDefaults struct {
	// LatentHeat is the heat one kilogram of evaporated sweat removes,
	// J/kg (2.43 MJ/kg, Monteith 1972 at skin temperature).
	LatentHeat float64
	// The evaporative fraction of the heat produced is
	// f(T) = clamp(EvapAt10 + EvapPerC·(T − 10), EvapMin, EvapMax)
	// (our estimate: 0.55, 0.0225, 0.35, 1.0).
	EvapAt10, EvapPerC, EvapMin, EvapMax float64
	// Efficiency is the share of sweat that evaporates (0.85, our
	// estimate), HumidEfficiency the share when the relative humidity is
	// above HumidRH % (0.70 above 70 %).
	Efficiency, HumidEfficiency, HumidRH float64
	// MinLH and MaxLH bound the model's sweat rate, L/h (0.2–3.0, the
	// range Baker et al. 2016 measured in most athletes).
	MinLH, MaxLH float64
	// MechEfficiency is the share of metabolic power that leaves as
	// external work in cycling and rowing when the file has no power
	// (0.20, gross efficiency, our estimate).
	MechEfficiency float64
	// WristOffsetC is subtracted from a watch's temperature, which body
	// heat biases (3 °C, our estimate); a bike computer's is used as it
	// is. AssumedTempC is used when nothing recorded a temperature (our
	// default).
	WristOffsetC, AssumedTempC float64
	// KeytelMinFrac is the lowest heart rate, as a fraction of HRmax, at
	// which keytel's equation is used (its validated band starts near 55 %
	// of HRmax); below it, and as a floor, the energy is RestingMET kcal
	// per kg per hour (1 MET).
	KeytelMinFrac, RestingMET float64
	// UncertaintyPct is the ± % of the uncalibrated model when its own
	// measured uncertainty (RatePct) is unknown (30 %, our estimate);
	// CalibratedPct the most once CalibratedN or more weigh-ins
	// calibrate it, and PartlyPct with fewer (our estimates). GarminPct is
	// the ± % we give Garmin's own estimate (its method is not
	// published), WeighInPct that of a weigh-in (scale resolution, urine
	// and breath water; our estimate).
	UncertaintyPct, PartlyPct, CalibratedPct float64
	CalibratedN                              int
	GarminPct, WeighInPct                    float64
	// HalfLifeDays is the age at which a weigh-in counts half in the
	// calibration; PriorWeight is how many weigh-ins' worth of belief the
	// model itself keeps (factor 1), so that one weigh-in does not swing
	// the factor fully; MinFactor and MaxFactor bound the ratio of one
	// weigh-in (our defaults).
	HalfLifeDays, PriorWeight, MinFactor, MaxFactor float64
	// MatchWithin is how close a weigh-in's session start must be to a
	// session's start to belong to it.
	MatchWithin time.Duration
	// MaxWeighInLH is the highest sweat rate a weigh-in may show, L/h
	// (higher is a mistake: the highest measured are near 4–5.7 L/h).
	MaxWeighInLH float64
	// KcalLowMET and KcalHighH bound a plausible energy rate of a file's
	// calories: at least KcalLowMET kcal per kg per hour and at most
	// KcalHighH kcal an hour (0.5 MET, and 1,500 kcal/h: about 400 W on a
	// bike for an hour); with heart rate, also within a factor
	// KcalHRFactor of the keytel estimate from it (3, wider than keytel's
	// error). Outside them the energy comes from the heart rate (our
	// limits).
	KcalLowMET, KcalHighH, KcalHRFactor float64

	// Model is the sweat model Rate uses: SweatGonzalez (the default) or
	// SweatHeatBalance (Options.SweatModel, --sweat-model).
	Model string
	// The USARIEM prediction (Gonzalez et al. 2009, J Appl Physiol
	// 107:379; cool variant Gonzalez et al. 2012, J Appl Physiol
	// 112:1300), in g·m⁻²·h⁻¹ with Ereq and Emax in W·m⁻²:
	//
	//	PW = PWIntercept + PWReq·Ereq − PWMax·Emax   (147, 1.527, 0.87)
	//
	// The cool variant (Gonzalez 2012) takes the intercept
	// PWCoolIntercept (350) below 20 °C. Published as a switch, it makes
	// the rate fall by 0.2 L per m² and hour as the air warms past
	// 20 °C; we take the cool intercept in full at CoolFullC (5 °C) and
	// below, the 2009 one from WarmFromC (20 °C), linearly between, so
	// that the rate rises with the temperature (our choice: the rise of
	// Ereq, 16 g·m⁻²·h⁻¹ per °C, outweighs the intercept's fall of
	// 13.5 per °C). SEEgm2h is the published standard error,
	// g·m⁻²·h⁻¹ (below 100 in 2009; 100 taken).
	PWIntercept, PWCoolIntercept, PWReq, PWMax float64
	CoolFullC, WarmFromC, SEEgm2h              float64
	// SkinTempC is the mean skin temperature of exercise the heat
	// exchange uses (35 °C, the USARIEM heat-strain convention). Clo is
	// the total insulation of kit and air layer for the dry exchange
	// (0.6 clo: shorts and shirt, about 0.3 clo, with 2–3 m/s of moving
	// air; our estimate). ImClo is the permeability ratio im/clo of
	// Emax: 0.33, the value of the field trials that validated the
	// equation (Gonzalez 2012), taken because the equation's 0.87 was
	// fitted to such clothing and air; the prediction is sensitive to it
	// (VALIDATION.md). Files record neither wind nor clothing: these
	// stand in for both. AssumedRH is the relative humidity, %,
	// when the file has none (50 %, our default). The DuBois body surface
	// area takes the athlete's mass and height (heatBalance).
	SkinTempC, Clo, ImClo, AssumedRH float64
	// HeatBalanceVsUSARIEMPct is the root-mean-square difference of the
	// heat-balance model from the USARIEM prediction, % (log ratio, on
	// the real files with a sweat estimate; measured by
	// TestSweatModelsRealFiles): the heat-balance model's uncertainty is
	// that and the USARIEM standard error together.
	HeatBalanceVsUSARIEMPct float64
}

// The sweat models (SweatDefaults.Model, Options.SweatModel).
const (
	SweatGonzalez    = "gonzalez"
	SweatHeatBalance = "heat-balance"
)

// SweatModels are the names --sweat-model takes, the default first.
var SweatModels = []string{SweatGonzalez, SweatHeatBalance}

// modelName is the name of a sweat model in the outputs.
func modelName(m string) string {
	if m == SweatHeatBalance {
		return "heat-balance model"
	}
	return "USARIEM prediction (Gonzalez)"
}

// WithModel returns d with its model set to name ("" keeps d's); an
// unknown name is an error.
func (d SweatDefaults) WithModel(name string) (SweatDefaults, error) {
	switch name {
	case "":
	case SweatGonzalez, SweatHeatBalance:
		d.Model = name
	default:
		return d, fmt.Errorf("sweat model %q: want %s", name, strings.Join(SweatModels, " or "))
	}
	return d, nil
}

// DefaultSweat is bounceback's sweat model.
var DefaultSweat = SweatDefaults{
	LatentHeat:      2.43e6,
	EvapAt10:        0.55,
	EvapPerC:        0.0225,
	EvapMin:         0.35,
	EvapMax:         1.0,
	Efficiency:      0.85,
	HumidEfficiency: 0.70,
	HumidRH:         70,
	MinLH:           0.2,
	MaxLH:           3.0,
	MechEfficiency:  0.20,
	WristOffsetC:    3,
	AssumedTempC:    20,
	KeytelMinFrac:   0.55,
	RestingMET:      1,
	UncertaintyPct:  30,
	PartlyPct:       25,
	CalibratedPct:   20,
	CalibratedN:     3,
	GarminPct:       30,
	WeighInPct:      10,
	HalfLifeDays:    90,
	PriorWeight:     1,
	MinFactor:       0.25,
	MaxFactor:       4,
	MatchWithin:     time.Minute,
	MaxWeighInLH:    5,
	KcalLowMET:      0.5,
	KcalHighH:       1500,
	KcalHRFactor:    3,

	Model:           SweatGonzalez,
	PWIntercept:     147,
	PWCoolIntercept: 350,
	PWReq:           1.527,
	PWMax:           0.87,
	CoolFullC:       5,
	WarmFromC:       20,
	SEEgm2h:         100,
	SkinTempC:       35,
	Clo:             0.6,
	ImClo:           0.33,
	AssumedRH:       50,

	HeatBalanceVsUSARIEMPct: 52,
}

// heatBalance is what the sweat model needs of a session.
type heatBalance struct {
	// MetabolicW is the metabolic power, W; ExternalW the part that left
	// as mechanical work (cycling, rowing), W.
	MetabolicW, ExternalW float64
	// TempC is the air temperature, °C; Humidity the relative humidity,
	// %, NaN when unknown.
	TempC, Humidity float64
	// MassKg is the body mass, kg, and HeightM the height, m, for the
	// body surface area (the USARIEM prediction); the athlete defaults
	// (defaultProfile) when NaN or zero.
	MassKg, HeightM float64
}

// SurfaceArea returns the DuBois & DuBois (1916) body surface area, m²,
// of mass kg and height m: 0.007184 · kg^0.425 · cm^0.725.
func SurfaceArea(kg, m float64) float64 {
	return 0.007184 * math.Pow(kg, 0.425) * math.Pow(100*m, 0.725)
}

// satVapourTorr returns the saturation vapour pressure of water at t °C,
// mmHg (Tetens 1930: 0.61078·exp(17.27·t/(t+237.3)) kPa).
func satVapourTorr(t float64) float64 {
	return 0.61078 * math.Exp(17.27*t/(t+237.3)) * 1000 / 133.322
}

// usariem is the USARIEM prediction of one session, per square metre.
type usariem struct {
	// AreaM2 is the body surface area, m²; Ereq and Emax the required
	// evaporation and the evaporative capacity of the environment,
	// W·m⁻²; Intercept the intercept used; PW the sweat rate,
	// g·m⁻²·h⁻¹ (never negative).
	AreaM2, Ereq, Emax, Intercept, PW float64
}

// Gonzalez returns the USARIEM prediction of h (h.TempC must be set):
//
//	Ereq = (M − W)/A + 6.45·(Ta − Tsk)/clo        (dry gain R + C)
//	Emax = 14.21·(im/clo)·(Psk − Pa)               (pressures in mmHg)
//	PW   = intercept + 1.527·Ereq − 0.87·Emax
//
// with A the DuBois area of h.MassKg and h.HeightM, Psk the saturation
// pressure at SkinTempC and Pa that of the air at its relative humidity
// (AssumedRH when unknown). 6.45 W·m⁻²·K⁻¹ is 1/clo of 0.155 m²·K/W and
// 14.21 is it times the Lewis relation, 2.2 K/mmHg.
func (d SweatDefaults) Gonzalez(h heatBalance) usariem {
	u := usariem{AreaM2: h.area()}
	rh := h.Humidity
	if math.IsNaN(rh) || rh < 0 || rh > 100 {
		rh = d.AssumedRH
	}
	heat := math.Max(0, h.MetabolicW-math.Max(0, valueOr(h.ExternalW, 0)))
	u.Ereq = heat/u.AreaM2 + 6.45*(h.TempC-d.SkinTempC)/d.Clo
	pa := rh / 100 * satVapourTorr(h.TempC)
	u.Emax = math.Max(0, 14.21*d.ImClo*(satVapourTorr(d.SkinTempC)-pa))
	switch {
	case h.TempC <= d.CoolFullC:
		u.Intercept = d.PWCoolIntercept
	case h.TempC < d.WarmFromC:
		k := (h.TempC - d.CoolFullC) / (d.WarmFromC - d.CoolFullC)
		u.Intercept = d.PWCoolIntercept + k*(d.PWIntercept-d.PWCoolIntercept)
	default:
		u.Intercept = d.PWIntercept
	}
	u.PW = math.Max(0, u.Intercept+d.PWReq*u.Ereq-d.PWMax*u.Emax)
	return u
}

// area returns the DuBois surface area of h's mass and height, m², the
// defaults standing in for unknown ones.
func (h heatBalance) area() float64 {
	mass, height := h.MassKg, h.HeightM
	if !(mass > 0) {
		mass = defaultProfile.Mass
	}
	if !(height > 0) {
		height = defaultProfile.Height
	}
	return SurfaceArea(mass, height)
}

// seeLH returns the USARIEM standard error for h, L/h.
func (d SweatDefaults) seeLH(h heatBalance) float64 {
	return d.SEEgm2h * h.area() / 1000
}

// RatePct returns the model's sweat rate of h, L/h (see Rate), and its
// measured uncertainty, ± % of the rate: the USARIEM standard error for
// the USARIEM prediction; for the heat-balance model that and its
// measured difference from the USARIEM prediction
// (HeatBalanceVsUSARIEMPct) together, root of the sum of squares.
func (d SweatDefaults) RatePct(h heatBalance) (float64, float64) {
	r := d.Rate(h)
	if math.IsNaN(r) || !(r > 0) {
		return r, nan
	}
	pct := 100 * d.seeLH(h) / r
	if d.Model == SweatHeatBalance {
		pct = math.Hypot(pct, d.HeatBalanceVsUSARIEMPct)
	}
	return r, pct
}

// Evaporative returns f(T), the share of the heat produced that sweat must
// remove at air temperature t °C.
func (d SweatDefaults) Evaporative(t float64) float64 {
	return math.Min(d.EvapMax, math.Max(d.EvapMin, d.EvapAt10+d.EvapPerC*(t-10)))
}

// Rate returns the sweat rate of d.Model, L/h, before any personal
// calibration, clamped to [MinLH, MaxLH]; NaN when M or T is NaN. The
// USARIEM prediction is PW·A/1000 (see Gonzalez); the heat-balance
// model is
//
//	H = M − W,  rate = H · f(T) · 3600 / λ / e
//
// with e = Efficiency, or HumidEfficiency when the humidity is above
// HumidRH.
func (d SweatDefaults) Rate(h heatBalance) float64 {
	heat := h.MetabolicW - math.Max(0, valueOr(h.ExternalW, 0))
	if math.IsNaN(heat) || math.IsNaN(h.TempC) {
		return nan
	}
	if d.Model != SweatHeatBalance {
		u := d.Gonzalez(h)
		return math.Min(d.MaxLH, math.Max(d.MinLH, u.PW*u.AreaM2/1000))
	}
	e := d.Efficiency
	if h.Humidity > d.HumidRH {
		e = d.HumidEfficiency
	}
	r := math.Max(0, heat) * d.Evaporative(h.TempC) * 3600 / d.LatentHeat / e
	return math.Min(d.MaxLH, math.Max(d.MinLH, r))
}

func valueOr(v, def float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return def
	}
	return v
}

// keytel returns the energy expenditure at heart rate hr (bpm), kcal/min,
// from keytel et al. 2005 (J Sports Sci 23:289), for body mass kg, age
// years and sex "male" or "female"; for "" (unknown) the mean of the two.
// With vo2max (ml/kg/min) known it uses the equations with VO2max, else
// those without. In kJ/min, without VO2max:
//
//	male:   −55.0969 + 0.6309·HR + 0.1988·W + 0.2017·A
//	female: −20.4022 + 0.4472·HR − 0.1263·W + 0.0740·A
//
// and with it:
//
//	male:   −95.7735 + 0.634·HR + 0.404·VO2max + 0.394·W + 0.271·A
//	female: −59.3954 + 0.450·HR + 0.380·VO2max + 0.103·W + 0.274·A
//
// divided by 4.184. The result may be negative far below the equations'
// validated band; callers floor it.
func keytel(hr, mass, age float64, sex string, vo2max float64) float64 {
	male := func() float64 {
		if vo2max > 0 {
			return -95.7735 + 0.634*hr + 0.404*vo2max + 0.394*mass + 0.271*age
		}
		return -55.0969 + 0.6309*hr + 0.1988*mass + 0.2017*age
	}
	female := func() float64 {
		if vo2max > 0 {
			return -59.3954 + 0.450*hr + 0.380*vo2max + 0.103*mass + 0.274*age
		}
		return -20.4022 + 0.4472*hr - 0.1263*mass + 0.0740*age
	}
	var kj float64
	switch sex {
	case "male":
		kj = male()
	case "female":
		kj = female()
	default:
		kj = (male() + female()) / 2
	}
	return kj / 4.184
}

// body is what the energy estimate needs of the athlete.
type body struct {
	mass, height, age, hrmax, rest, vo2max float64
	sex                                    string
	// massNote and heightNote say where the mass and the height came
	// from, for the outputs.
	massNote, heightNote string
}

// heightUsed returns the height the body surface area takes, m, and where
// it came from: a.height and its note, or the default height, "assumed".
func (a body) heightUsed() (float64, string) {
	if !(a.height > 0) || a.heightNote == "" {
		return defaultProfile.Height, heightAssumed
	}
	return a.height, a.heightNote
}

// keytelRate returns the energy rate at heart rate hr, kcal/min: keytel's
// above KeytelMinFrac of HRmax, never below resting (1 MET).
func (d SweatDefaults) keytelRate(hr float64, a body) float64 {
	rest := d.RestingMET * a.mass / 60
	if a.hrmax > 0 && hr < d.KeytelMinFrac*a.hrmax {
		return rest
	}
	return math.Max(rest, keytel(hr, a.mass, a.age, a.sex, a.vo2max))
}

// KeytelHist returns the energy, kcal, of the time in histogram h, each
// heart rate at its own rate (see keytelRate): exact per sample, since the
// rate depends on the heart rate alone.
func (d SweatDefaults) keytelHist(h load.Histogram, a body) float64 {
	kcal := 0.0
	for b, sec := range h {
		if sec > 0 {
			kcal += sec / 60 * d.keytelRate(float64(b), a)
		}
	}
	return kcal
}

// sweatModel is the sweat model applied to one session, before
// calibration.
type sweatModel struct {
	// seconds is the duration used; rateLH the uncalibrated sweat rate
	// (NaN when not estimable); kcal the session's total energy and
	// kcalSource where it came from.
	seconds, rateLH, kcal float64
	kcalSource            string
	// pct is the model's measured uncertainty, ± % (RatePct).
	pct float64
	// tempC is the temperature used, hot whether it is 25 °C or more;
	// inputs describes the inputs ("710 kcal (file), 24 °C (weather)").
	tempC  float64
	inputs string
	// why is set when the model cannot say (no duration).
	why string
}

// sessionSeconds returns the duration a plan uses: the timer time, else the
// elapsed time, else the time with heart rate; NaN when none is known.
func sessionSeconds(s *SessionSummary) float64 {
	for _, v := range []float64{s.Timer, s.Elapsed, s.HRTime} {
		if v > 0 && !math.IsInf(v, 0) {
			return v
		}
	}
	return nan
}

// bikeComputer reports whether the device is a bike computer, whose
// thermometer body heat does not bias.
func bikeComputer(f *FileSummary) bool {
	p, m := strings.ToLower(f.Product), strings.ToLower(f.Manufacturer)
	return strings.Contains(p, "edge") || strings.Contains(m, "wahoo") || strings.Contains(m, "hammerhead") ||
		strings.Contains(p, "karoo") || strings.Contains(p, "elemnt")
}

// energy returns the session's total energy, kcal, and where it came from:
// the file's total_calories, else keytel per heart-rate sample, else at the
// average heart rate, else at the effort defaultLoadEstimate assumes for
// the sport.
//
// The file's calories are used only when plausible for the duration and
// the heart rate (KcalLowMET, KcalHighH, KcalHRFactor); otherwise the
// source says why they were not.
func (d SweatDefaults) energy(s *SessionSummary, a body, seconds float64) (float64, string) {
	hrKcal, hrSource, rejected := nan, "", ""
	switch {
	case s.HRTime > 0 && len(s.HRHist) > 0:
		hrKcal, hrSource = d.keytelHist(s.HRHist, a)/s.HRTime*seconds, "Keytel from heart rate"
	case s.AvgHR > 0:
		hrKcal, hrSource = d.keytelRate(s.AvgHR, a)*seconds/60, "Keytel from the average heart rate"
	}
	if s.Calories > 0 && !math.IsInf(s.Calories, 0) {
		perH := s.Calories / (seconds / 3600)
		why := ""
		switch {
		case perH < d.KcalLowMET*a.mass:
			why = fmt.Sprintf("%.0f kcal an hour is below %.1f MET", perH, d.KcalLowMET)
		case perH > d.KcalHighH:
			why = fmt.Sprintf("%.0f kcal an hour is above %.0f", perH, d.KcalHighH)
		case hrKcal > 0 && (s.Calories > d.KcalHRFactor*hrKcal || s.Calories < hrKcal/d.KcalHRFactor):
			why = fmt.Sprintf("more than %g× off the %.0f kcal the heart rate gives", d.KcalHRFactor, hrKcal)
		}
		if why == "" {
			return s.Calories, "the file's total calories"
		}
		rejected = fmt.Sprintf(" (the file's %.0f kcal are implausible for %s: %s)", s.Calories, hoursText(seconds/3600), why)
	}
	if hrKcal > 0 {
		return hrKcal, hrSource + rejected
	}
	f := defaultLoadEstimate.For(s.Sport)
	hr := a.rest + f*(a.hrmax-a.rest)
	if !(hr > 0) {
		return d.RestingMET * a.mass * seconds / 3600, "resting rate (no heart rate; our estimate)" + rejected
	}
	return d.keytelRate(hr, a) * seconds / 60,
		fmt.Sprintf("Keytel at an assumed easy effort (%.0f %% of heart-rate reserve, no heart rate; our estimate)", 100*f) + rejected
}

// model applies the sweat model d.Model to session s of file f.
func (d SweatDefaults) model(f *FileSummary, s *SessionSummary, a body) sweatModel {
	m := sweatModel{seconds: sessionSeconds(s), rateLH: nan, kcal: nan, tempC: nan, pct: nan}
	if math.IsNaN(m.seconds) {
		m.why = "no duration recorded"
		return m
	}
	m.kcal, m.kcalSource = d.energy(s, a, m.seconds)
	metabolic := m.kcal * 4184 / m.seconds
	var parts []string
	parts = append(parts, fmt.Sprintf("%.0f kcal (%s)", m.kcal, m.kcalSource))

	external := 0.0
	if k := SportKey(s.Sport); k == SportBike || strings.EqualFold(s.Sport, "rowing") {
		if s.AvgPower > 0 {
			external = s.AvgPower
			parts = append(parts, fmt.Sprintf("%.0f W of work (power)", external))
		} else {
			external = d.MechEfficiency * metabolic
			parts = append(parts, fmt.Sprintf("%.0f %% of it as work (no power; our estimate)", 100*d.MechEfficiency))
		}
	}

	switch {
	case !math.IsNaN(s.AirTemp):
		m.tempC = s.AirTemp
		parts = append(parts, fmt.Sprintf("%.0f °C (weather)", m.tempC))
	case !math.IsNaN(s.AvgTemp) && bikeComputer(f):
		m.tempC = s.AvgTemp
		parts = append(parts, fmt.Sprintf("%.0f °C (bike computer)", m.tempC))
	case !math.IsNaN(s.AvgTemp):
		m.tempC = s.AvgTemp - d.WristOffsetC
		parts = append(parts, fmt.Sprintf("%.0f °C (watch %.0f °C − %.0f °C for body heat, our estimate)",
			m.tempC, s.AvgTemp, d.WristOffsetC))
	default:
		m.tempC = d.AssumedTempC
		parts = append(parts, fmt.Sprintf("%.0f °C assumed (no temperature recorded; our default)", m.tempC))
	}
	if !math.IsNaN(s.Humidity) {
		parts = append(parts, fmt.Sprintf("%.0f %% RH", s.Humidity))
	} else if d.Model != SweatHeatBalance {
		parts = append(parts, fmt.Sprintf("%.0f %% RH assumed (our default)", d.AssumedRH))
	}
	height, from := a.heightUsed()
	if d.Model != SweatHeatBalance {
		parts = append(parts, fmt.Sprintf("%.2f m² body surface (DuBois, %.0f kg, %.2f m %s), kit %.1f clo, im/clo %.2f (our estimates)",
			SurfaceArea(a.mass, height), a.mass, height, from, d.Clo, d.ImClo))
	}
	m.inputs = modelName(d.Model) + ": " + strings.Join(parts, ", ")
	if SportKey(s.Sport) == SportSwim {
		m.why = "the heat balance does not hold in water"
		return m
	}
	m.rateLH, m.pct = d.RatePct(heatBalance{MetabolicW: metabolic, ExternalW: external, TempC: m.tempC, Humidity: s.Humidity, MassKg: a.mass, HeightM: height})
	return m
}

// Weigh-in errors (WeighIn.Check).
var (
	errGainedWithoutDrinking = errors.New("post-session mass is above the pre-session mass and nothing was drunk: check the scale")
)

// SweatL returns the sweat lost by the ACSM weighing method, litres
// (1 kg = 1 L): pre − post + drank − urine.
func (w WeighIn) SweatL() float64 {
	return w.PreKg - w.PostKg + valueOr(w.DrankL, 0) - valueOr(w.UrineL, 0)
}

// RateLH returns the measured sweat rate, L/h; NaN without a duration.
func (w WeighIn) RateLH() float64 {
	if !(w.Duration > 0) {
		return nan
	}
	return w.SweatL() / (w.Duration / 3600)
}

// Check reports what is wrong with a weigh-in, nil when it is plausible:
// masses between 25 and 250 kg, drinks and urine between 0 and 10 L, a
// duration between 1 minute and 24 hours, a temperature between −40 and
// 55 °C when given, no weight gain without drinks, and a sweat rate
// between 0 and MaxWeighInLH L/h.
func (d SweatDefaults) Check(w WeighIn) error {
	inRange := func(name string, v, lo, hi float64, unit string) error {
		if math.IsNaN(v) || v < lo || v > hi {
			return fmt.Errorf("%s %s: want %g to %g %s", name, shortNum(v), lo, hi, unit)
		}
		return nil
	}
	for _, c := range []struct {
		name      string
		v, lo, hi float64
		unit      string
	}{
		{"pre-session mass", w.PreKg, 25, 250, "kg"},
		{"post-session mass", w.PostKg, 25, 250, "kg"},
		{"fluid drunk", valueOr(w.DrankL, 0), 0, 10, "L"},
		{"urine", valueOr(w.UrineL, 0), 0, 10, "L"},
		{"duration", w.Duration / 60, 1, 24 * 60, "min"},
	} {
		if err := inRange(c.name, c.v, c.lo, c.hi, c.unit); err != nil {
			return err
		}
	}
	if !math.IsNaN(w.TempC) {
		if err := inRange("temperature", w.TempC, -40, 55, "°C"); err != nil {
			return err
		}
	}
	if w.PostKg > w.PreKg && !(w.DrankL > 0) {
		return errGainedWithoutDrinking
	}
	r := w.RateLH()
	if r < 0 {
		return fmt.Errorf("sweat loss %s L is negative (pre − post + drunk − urine): check the numbers", shortNum(w.SweatL()))
	}
	if r > d.MaxWeighInLH {
		return fmt.Errorf("sweat rate %.1f L/h is above %g L/h, which nobody sweats: check the numbers", r, d.MaxWeighInLH)
	}
	return nil
}

func shortNum(v float64) string {
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.3f", v), "0"), ".")
}

// Calibrate learns the personal sweat factor from weigh-ins: each
// weigh-in's ratio r = measured rate / model rate (model gives the
// uncalibrated model rate of its session, NaN when unknown), clamped to
// [MinFactor, MaxFactor], weighted by recency w = 2^(−age / HalfLifeDays)
// (age in days before the latest weigh-in counted; a weigh-in's time is
// its session's start, else when it was logged):
//
//	factor = exp( Σ w·ln r / (Σ w + PriorWeight) )
//
// so that the model's own factor 1 counts as PriorWeight weigh-ins. Weigh-
// ins after asOf's calendar day (when asOf is not zero), invalid
// ones and those without a model rate are not used; the Note says so.
func (d SweatDefaults) Calibrate(ws []WeighIn, model func(WeighIn) float64, asOf time.Time) Calibration {
	c := Calibration{Factor: 1}
	type use struct {
		t time.Time
		r float64
	}
	var used []use
	noModel, invalid := 0, 0
	end := time.Time{}
	if !asOf.IsZero() {
		end = civilDay(asOf).AddDate(0, 0, 1)
	}
	for _, w := range ws {
		t := w.Logged
		if !w.Session.IsZero() {
			t = w.Session
		}
		if !end.IsZero() && !t.IsZero() && !t.Before(end) {
			continue
		}
		if d.Check(w) != nil {
			invalid++
			continue
		}
		m := model(w)
		meas := w.RateLH()
		if !(m > 0) || !(meas > 0) {
			noModel++
			continue
		}
		r := math.Min(d.MaxFactor, math.Max(d.MinFactor, meas/m))
		used = append(used, use{t, r})
	}
	var latest time.Time
	for _, u := range used {
		if u.t.After(latest) {
			latest = u.t
		}
	}
	sumW, sumWL := 0.0, 0.0
	for _, u := range used {
		age := latest.Sub(u.t).Hours() / 24
		w := math.Exp2(-age / d.HalfLifeDays)
		sumW += w
		sumWL += w * math.Log(u.r)
	}
	c.N = len(used)
	if c.N > 0 {
		c.Factor = math.Exp(sumWL / (sumW + d.PriorWeight))
		c.Note = fmt.Sprintf("×%.2f from %d weigh-in%s (measured over model, recent ones count more; half-weight at %.0f days; the model itself counts as %g)",
			c.Factor, c.N, suffixS(c.N), d.HalfLifeDays, d.PriorWeight)
	} else {
		c.Note = "none: no weigh-in logged (bounceback sweat-test)"
	}
	if noModel > 0 {
		c.Note += fmt.Sprintf("; %d weigh-in%s without a model rate not used (log them with --session FILE)", noModel, suffixS(noModel))
	}
	if invalid > 0 {
		c.Note += fmt.Sprintf("; %d invalid weigh-in%s ignored", invalid, suffixS(invalid))
	}
	return c
}

func suffixS(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// uncertainty returns the ± % of the calibrated model whose own measured
// uncertainty is modelPct: that until weigh-ins calibrate it, then at
// most PartlyPct, and at most CalibratedPct from CalibratedN weigh-ins.
// UncertaintyPct stands in when modelPct is unknown.
func (d SweatDefaults) uncertainty(c Calibration, modelPct float64) float64 {
	if !(modelPct > 0) {
		modelPct = d.UncertaintyPct
	}
	switch {
	case c.N >= d.CalibratedN:
		return math.Min(modelPct, d.CalibratedPct)
	case c.N > 0:
		return math.Min(modelPct, d.PartlyPct)
	}
	return modelPct
}
