package analysis

import (
	"math"
	"time"
)

// This file sums up one athlete's block as a row of the squad table
// (docs/squad.md): every value is read from the block, which was built for
// that athlete alone, so nothing of one athlete reaches another's row.

// The thresholds of the squad flags.
const (
	// SpikeACWR is the uncoupled acute:chronic ratio above which the
	// squad row flags a load spike (Gabbett 2016: injury risk rises
	// steeply above 1.5).
	SpikeACWR = 1.5
	// ReturnGapDays is the gap without a workout, days, before a workout
	// that makes the athlete "returning" (LongGapDays, the gap after
	// which the ACWR restarts); ReturnWindowDays is how long after that
	// first workout back the flag stays (our estimate: the 28 days the
	// chronic load needs to fill again).
	ReturnGapDays    = LongGapDays
	ReturnWindowDays = 28
	// RecentDays is how far back from the as-of day the squad row looks
	// for the latest HRV and resting heart rate, days (our choice: the
	// span of their 7-day means).
	RecentDays = 7
	// StaleDays and BreakDays are the block's rules the flags use: stale
	// after more than StaleDays without a workout, and the readiness's
	// gradual return from BreakDays without one (both our defaults, see
	// model.go).
	StaleDays = staleDays
	BreakDays = breakDays
)

// SquadFlag is a warning on a squad row.
type SquadFlag int

// The squad flags.
const (
	// FlagNoData: the athlete's files hold no workout and no daily value
	// up to the as-of day.
	FlagNoData SquadFlag = iota
	// FlagReturning: back from a break, see ReturnGapDays, or no workout
	// for breakDays (the readiness's own rule, Readiness.Returning).
	FlagReturning
	// FlagStale: the last workout is more than staleDays before the as-of
	// day (the block's Stale rule).
	FlagStale
	// FlagHRVLow: the 7-day HRV mean was below its normal range on the
	// as-of day and the day before (Kiviniemi 2007, Vesterinen 2016).
	FlagHRVLow
	// FlagLoadSpike: the ACWR of the as-of day is above SpikeACWR.
	FlagLoadSpike
)

var squadFlagNames = [...]string{"no data", "returning", "stale", "HRV low 2 days", "load spike"}

// String returns the flag's name: "no data", "returning", "stale", "HRV
// low 2 days" or "load spike".
func (f SquadFlag) String() string { return name(squadFlagNames[:], int(f)) }

// MarshalText encodes the flag as its name.
func (f SquadFlag) MarshalText() ([]byte, error) { return []byte(f.String()), nil }

// SquadSummary is one athlete's row of the squad table for the as-of day.
// Numbers are NaN when absent.
type SquadSummary struct {
	// Athlete is the athlete's name (the folder's); AsOf the day.
	Athlete string
	AsOf    time.Time
	// Readiness is the readiness score 0–100 for the next session, Band
	// its band, Confidence "high", "medium" or "low" ("" without a
	// score).
	Readiness  float64
	Band       Band
	Confidence string
	// HeldBack names the (at most two) contributors pulling the score
	// down most.
	HeldBack []ContributorID
	// Advice is the advice for the next session.
	Advice Advice
	// LoadMetric is the unit of the loads (LoadTRIMP or LoadHRSS).
	// Load7 is the load of the 7 days up to the as-of day, LoadPrev7 that
	// of the 7 days before (NaN when the block does not reach back that
	// far), LoadChange the change of Load7 against LoadPrev7 in percent
	// (NaN when LoadPrev7 is 0 or absent).
	LoadMetric                   string
	Load7, LoadPrev7, LoadChange float64
	// ACWR is the uncoupled acute:chronic ratio and TSB the form (CTL −
	// ATL, load units) of the as-of day.
	ACWR, TSB float64
	// HRV is the latest 7-day mean of ln RMSSD (ln ms) in the RecentDays
	// up to the as-of day, HRVLow–HRVHigh its normal range and HRVStatus
	// the mean against it.
	HRV, HRVLow, HRVHigh float64
	HRVStatus            Range
	// RestingHR is the latest resting heart rate in the RecentDays up to
	// the as-of day, bpm.
	RestingHR float64
	// LastSession is the local day of the last workout up to the as-of
	// day (zero without one), LastSport its sport and LastClass its
	// intensity class; DaysSince counts the days from it to the as-of day
	// (-1 without one).
	LastSession          time.Time
	LastSport, LastClass string
	DaysSince            int
	// Flags are the row's warnings, in the order of the SquadFlags.
	Flags []SquadFlag
}

// SquadRow sums up b, the block of the athlete named name built with the
// as-of day asOf, as a row of the squad table.
func SquadRow(name string, b *Block, asOf time.Time) SquadSummary {
	asOf = civilDay(asOf)
	s := SquadSummary{Athlete: name, AsOf: asOf, Readiness: math.NaN(), LoadPrev7: math.NaN(),
		Load7: math.NaN(), LoadChange: math.NaN(), ACWR: math.NaN(), TSB: math.NaN(),
		HRV: math.NaN(), HRVLow: math.NaN(), HRVHigh: math.NaN(), RestingHR: math.NaN(), DaysSince: -1}
	if r := b.Readiness; r != nil {
		s.Readiness, s.Band, s.Advice, s.LoadMetric = r.Score, r.Band, r.Advice, r.LoadMetric
		if has(r.Score) {
			s.Confidence = r.Confidence
		}
		s.HeldBack = append(s.HeldBack, r.Limiting[:min(2, len(r.Limiting))]...)
	}
	if d := b.DayOn(asOf); d != nil {
		s.ACWR, s.TSB = d.ACWR, d.TSB
	}
	s.Load7, s.LoadPrev7 = b.loadBetween(asOf.AddDate(0, 0, -6), asOf), b.loadBetween(asOf.AddDate(0, 0, -13), asOf.AddDate(0, 0, -7))
	if s.LoadPrev7 > 0 && has(s.Load7) {
		s.LoadChange = 100 * (s.Load7 - s.LoadPrev7) / s.LoadPrev7
	}
	if d := b.recentDaily(asOf, func(d *Daily) bool { return has(d.HRVMean7) }); d != nil {
		s.HRV, s.HRVLow, s.HRVHigh, s.HRVStatus = d.HRVMean7, d.HRVLow, d.HRVHigh, d.HRVStatus
	}
	if d := b.recentDaily(asOf, func(d *Daily) bool { return has(d.RestingHR) }); d != nil {
		s.RestingHR = d.RestingHR
	}
	s.lastSession(b, asOf)
	s.Flags = squadFlags(b, &s, asOf)
	return s
}

// loadBetween sums the load of the block's days from lo to hi (inclusive);
// NaN when the block's days begin after lo or end before hi.
func (b *Block) loadBetween(lo, hi time.Time) float64 {
	if len(b.Days) == 0 || b.Days[0].Date.After(lo) || b.Days[len(b.Days)-1].Date.Before(hi) {
		return math.NaN()
	}
	sum := 0.0
	for i := range b.Days {
		if d := &b.Days[i]; !d.Date.Before(lo) && !d.Date.After(hi) && has(d.Load) {
			sum += d.Load
		}
	}
	return sum
}

// recentDaily returns the latest day of b.Daily in the RecentDays up to
// asOf for which ok holds, or nil.
func (b *Block) recentDaily(asOf time.Time, ok func(*Daily) bool) *Daily {
	lo := asOf.AddDate(0, 0, -(RecentDays - 1))
	for i := len(b.Daily) - 1; i >= 0; i-- {
		d := &b.Daily[i]
		if d.Date.After(asOf) {
			continue
		}
		if d.Date.Before(lo) {
			return nil
		}
		if ok(d) {
			return d
		}
	}
	return nil
}

// lastSession sets the last-session fields from the counted workouts of b
// up to asOf.
func (s *SquadSummary) lastSession(b *Block, asOf time.Time) {
	var last time.Time
	for i := range b.Files {
		f := &b.Files[i]
		for j := range f.Sessions {
			ss := &f.Sessions[j]
			if ss.Class.Reading || ss.Start.IsZero() || !ss.Counted() {
				continue
			}
			local, _ := f.Local(ss.Start)
			if civilDay(local).After(asOf) || (!last.IsZero() && !local.After(last)) {
				continue
			}
			last = local
			s.LastSport, s.LastClass = ss.Sport, ss.Class.Class.String()
		}
	}
	if !last.IsZero() {
		s.LastSession = civilDay(last)
		s.DaysSince = dayIndex(s.LastSession, asOf)
	}
}

// squadFlags returns the flags of the row s of block b.
func squadFlags(b *Block, s *SquadSummary, asOf time.Time) []SquadFlag {
	var flags []SquadFlag
	if len(b.Days) == 0 && s.LastSession.IsZero() {
		return []SquadFlag{FlagNoData}
	}
	if returning(b, asOf) || (b.Readiness != nil && b.Readiness.Returning) {
		flags = append(flags, FlagReturning)
	}
	if b.Stale {
		flags = append(flags, FlagStale)
	}
	if b.hrvBelow(asOf) && b.hrvBelow(asOf.AddDate(0, 0, -1)) {
		flags = append(flags, FlagHRVLow)
	}
	if s.ACWR > SpikeACWR {
		flags = append(flags, FlagLoadSpike)
	}
	return flags
}

// returning reports whether a workout in the ReturnWindowDays up to asOf
// came after ReturnGapDays or more without one (returnedFrom, on the
// block's days).
func returning(b *Block, asOf time.Time) bool {
	if len(b.Days) == 0 {
		return false
	}
	last := func(k int) int {
		for k = min(k, len(b.Days)-1); k >= 0; k-- {
			if b.Days[k].Sessions > 0 {
				return k
			}
		}
		return -1
	}
	gap, _ := returnedFrom(last, dayIndex(b.Days[0].Date, asOf))
	return gap > 0
}

// hrvBelow reports whether the 7-day HRV mean of day d was below its
// normal range.
func (b *Block) hrvBelow(d time.Time) bool {
	for i := len(b.Daily) - 1; i >= 0; i-- {
		if b.Daily[i].Date.Equal(d) {
			return b.Daily[i].HRVStatus == RangeBelow
		}
	}
	return false
}
