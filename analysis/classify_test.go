package analysis

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

// hist returns a heart-rate histogram: pairs of (bpm, minutes).
func hist(pairs ...float64) []float64 {
	top := 0
	for i := 0; i < len(pairs); i += 2 {
		top = max(top, int(pairs[i]))
	}
	h := make([]float64, top+1)
	for i := 0; i < len(pairs); i += 2 {
		h[int(pairs[i])] += 60 * pairs[i+1]
	}
	return h
}

// structure returns a Structure with the histogram and moving time of h,
// and ivs as its intervals from source.
func structure(h []float64, source string, base float64, ivs ...Interval) *Structure {
	st := &Structure{HRHist: h, Source: source, Base: base, Work: math.NaN(),
		Decoupling: math.NaN(), Drift: math.NaN(), HRRecovery: math.NaN(), Max5s: math.NaN()}
	for _, w := range h {
		st.Moving += w
	}
	if len(ivs) < 2 {
		st.Source = ""
	}
	st.Intervals = ivs
	return st
}

func bouts(n int, dur, avgHR, maxHR, power, speed float64) []Interval {
	out := make([]Interval, n)
	for i := range out {
		out[i] = Interval{Start: float64(i) * 600, Duration: dur, AvgHR: avgHR, MaxHR: maxHR,
			AvgPower: power, AvgSpeed: speed, Recovery: 120, RecoveryHR: 140}
	}
	out[n-1].Recovery, out[n-1].RecoveryHR = math.NaN(), math.NaN()
	return out
}

// The test athlete: rest 48, HRmax 190, LTHR 170 — AeT 153, threshold
// level 161.5, VO2max level 178, recovery ceiling 133.2 bpm.
func athlete(sport string, st *Structure) classInput {
	return classInput{Sport: sport, HRMax: 190, HRRest: 48, LTHR: 170, AvgHR: math.NaN(),
		Zones: newZones(ZonesLTHR, sport, 190, 48, 170), Structure: st}
}

func TestClassify(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		in         classInput
		want       Class
		long, race bool
		reason     []string // substrings the reason must hold
	}{
		{name: "recovery jog", in: athlete("running", structure(hist(124, 28, 118, 2), "", math.NaN())),
			want: Recovery, reason: []string{"avg 124 bpm", "133 bpm (recovery ceiling"}},
		{name: "easy run", in: athlete("running", structure(hist(141, 50, 128, 5, 148, 5), "", math.NaN())),
			want: Endurance, reason: []string{"100 % of 60 min below 153 bpm", "avg 140 bpm"}},
		{name: "long ride", in: athlete("cycling", structure(hist(140, 100, 150, 10), "", math.NaN())),
			want: Endurance, long: true},
		{name: "tempo run", in: athlete("running", structure(hist(135, 15, 157, 25, 132, 10), "", math.NaN())),
			want: Tempo, reason: []string{"50 % of 50 min (25 min) at or above 153 bpm", "zone 3"}},
		{name: "a little tempo in a long run is still endurance",
			in:   athlete("running", structure(hist(141, 100, 156, 12), "", math.NaN())),
			want: Endurance, long: true},
		{name: "half marathon race", in: athlete("running", structure(hist(140, 2, 170, 87), "", math.NaN())),
			want: Threshold, race: true, reason: []string{"at or above 162 bpm (threshold level, zone 4)", "(race)"}},
		{name: "5-km race", in: athlete("running", structure(hist(150, 2, 182, 19), "", math.NaN())),
			want: VO2max, race: true},
		{name: "3x10 threshold", in: athlete("running", structure(hist(135, 25, 168, 30, 140, 6), "speed", 2.8, bouts(3, 600, 168, 174, math.NaN(), 3.95)...)),
			want: Threshold, reason: []string{"3 bouts of 10:00 at avg 168 bpm", "threshold level 162 bpm, zone 4"}},
		{name: "5x3 vo2max", in: athlete("running", structure(hist(135, 25, 176, 15, 140, 10), "speed", 2.6, bouts(5, 180, 176, 185, math.NaN(), 4.5)...)),
			want: VO2max, reason: []string{"5 bouts of 3:00 reaching 178 bpm or more (VO2max level, zone 5)"}},
		{name: "vo2max bouts that never reach the VO2max level are threshold",
			in:   athlete("running", structure(hist(135, 25, 170, 25, 140, 10), "speed", 2.6, bouts(5, 300, 168, 174, math.NaN(), 4.1)...)),
			want: Threshold},
		{name: "tempo intervals fall through to the time in band",
			in:   athlete("running", structure(hist(135, 20, 157, 30), "speed", 2.8, bouts(3, 600, 156, 159, math.NaN(), 3.5)...)),
			want: Tempo, reason: []string{"at or above 153 bpm"}},
		{name: "8x30s sprints", in: athlete("cycling", structure(hist(126, 60, 160, 10), "power", 123, bouts(8, 30, 150, 165, 510, 12)...)),
			want: Anaerobic, reason: []string{"8 bouts of 0:30 at 510 W, 4.1× the 123 W base (sprints from power)"}},
		{name: "sprints without heart rate", in: athlete("cycling", structure(nil, "power", 120, bouts(10, 30, math.NaN(), math.NaN(), 500, 12)...)),
			want: Anaerobic},
		{name: "four strides after a jog stay recovery",
			in:   athlete("running", structure(hist(124, 18, 150, 2), "speed", 2.5, bouts(4, 21, 150, 158, math.NaN(), 4.6)...)),
			want: Recovery},
		{name: "short file", in: athlete("running", structure(hist(150, 3), "", math.NaN())),
			want: Unclassified, reason: []string{"only 3:00 of heart rate"}},
		{name: "no heart rate", in: athlete("cycling", structure(nil, "", math.NaN())),
			want: Unclassified, reason: []string{"no heart rate"}},
		{name: "no anchors", in: classInput{HRMax: math.NaN(), HRRest: math.NaN(), LTHR: math.NaN(), AvgHR: math.NaN(),
			Structure: structure(hist(150, 30), "", math.NaN())}, want: Unclassified},
		{name: "swim at 146 bpm is tempo (bands 10 bpm lower in water)",
			in: athlete("swimming", structure(hist(146, 22), "", math.NaN())), want: Tempo, reason: []string{"143 bpm"}},
		{name: "the same heart rate on the run is endurance",
			in: athlete("running", structure(hist(146, 22), "", math.NaN())), want: Endurance},
		{name: "LTHR unknown: 85 % of reserve", in: func() classInput {
			in := athlete("running", structure(hist(135, 15, 157, 25, 132, 10), "", math.NaN()))
			in.LTHR = math.NaN() // 48 + 0.85 × 142 = 168.7: AeT 151.8
			return in
		}(), want: Tempo, reason: []string{"152 bpm"}},
		{name: "zone seconds without a histogram", in: func() classInput {
			in := athlete("running", nil)
			in.ZoneSeconds = [5]float64{600, 3000, 0, 0, 0} // Friel: zone 2 is 144.5–153 bpm
			in.Moving = 3600
			return in
		}(), want: Endurance},
		{name: "zone seconds: an hour in zone 4", in: func() classInput {
			in := athlete("running", nil)
			in.ZoneSeconds = [5]float64{300, 0, 0, 3300, 0}
			return in
		}(), want: Threshold},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := classify(tc.in, defaultClassThresholds)
			if c.Class != tc.want || c.Long != tc.long || c.Race != tc.race {
				t.Errorf("got %v long=%v race=%v (%s), want %v long=%v race=%v", c.Class, c.Long, c.Race, c.Reason, tc.want, tc.long, tc.race)
			}
			if c.Reason == "" {
				t.Error("empty reason")
			}
			for _, s := range tc.reason {
				if !strings.Contains(c.Reason, s) {
					t.Errorf("reason %q lacks %q", c.Reason, s)
				}
			}
		})
	}
}

// The class does not depend on the zone model: the bands come from the
// anchors.
func TestClassifyZoneModelIndependent(t *testing.T) {
	t.Parallel()
	st := structure(hist(135, 15, 157, 25, 132, 10), "", math.NaN())
	var got []Class
	for _, m := range []ZoneModel{ZonesHRR, ZonesLTHR, ZonesHRMax} {
		in := athlete("running", st)
		in.Zones = newZones(m, "running", 190, 48, 170)
		got = append(got, classify(in, defaultClassThresholds).Class)
	}
	if got[0] != Tempo || got[1] != got[0] || got[2] != got[0] {
		t.Errorf("classes by zone model: %v, want tempo for all", got)
	}
}

// Each threshold moves the class where its doc says.
func TestClassThresholds(t *testing.T) {
	t.Parallel()
	in := athlete("running", structure(hist(135, 15, 157, 25, 132, 10), "", math.NaN()))
	th := defaultClassThresholds
	th.TempoMin = 30 * 60
	if c := classify(in, th); c.Class != Endurance {
		t.Errorf("TempoMin 30 min: %v, want endurance", c.Class)
	}
	th = defaultClassThresholds
	th.Long = 30 * 60
	if c := classify(in, th); !c.Long {
		t.Error("Long 30 min: a 50-min session is not flagged long")
	}
	th = defaultClassThresholds
	th.SwimOffset = 0
	swim := athlete("swimming", structure(hist(146, 22), "", math.NaN()))
	if c := classify(swim, th); c.Class != Endurance {
		t.Errorf("SwimOffset 0: %v, want endurance", c.Class)
	}
}

// TestGarminAgreement measures how our load and class agree with Garmin's
// own numbers on the real files that carry them (../shared/fit): the
// Spearman rank correlation of our Banister TRIMP with Garmin's EPOC
// (training_load_peak), and our class against the band of Garmin's aerobic
// Training Effect. Each file is built as its own block, because each is a
// different athlete. Run with -v to see the table that VALIDATION.md
// records; the test fails when the agreement falls below the floors
// measured when it was written.
func TestGarminAgreement(t *testing.T) {
	t.Parallel()
	var trimp, epoc []float64
	var trimp10, epoc10 []float64 // sessions with at least 10 min of heart rate
	var hrss10, edwards10 []float64
	table := map[string]map[string]int{} // TE band → class → sessions
	var exact, near, total int
	seen := map[string]bool{} // sessions, by start, sport and timer time
	for _, rf := range realFiles(t) {
		row, b := rf.row, rf.b
		if row["known_bad"] != "" {
			continue
		}
		for _, fs := range b.Files {
			for k := range fs.Sessions {
				s := &fs.Sessions[k]
				// The same activity in two files (triathlon_summary_first
				// and _last) counts once.
				key := fmt.Sprint(s.Start.Unix(), s.Sport, s.Timer)
				if seen[key] {
					continue
				}
				seen[key] = true
				if s.HRTime >= defaultClassThresholds.MinHR && s.Class.Class == Unclassified {
					t.Errorf("%s session %d: %.0f s of heart rate but unclassified (%s)", row["path"], k, s.HRTime, s.Class.Reason)
				}
				if s.EPOC > 0 && s.TRIMP > 0 && !s.LoadEstimated {
					trimp = append(trimp, s.TRIMP)
					epoc = append(epoc, s.EPOC)
					if s.HRTime >= 600 {
						trimp10 = append(trimp10, s.TRIMP)
						epoc10 = append(epoc10, s.EPOC)
						hrss10 = append(hrss10, s.HRSS)
						edwards10 = append(edwards10, s.Edwards)
					}
				}
				if math.IsNaN(s.AerobicTE) {
					continue
				}
				band := teBand(s.AerobicTE)
				if table[band] == nil {
					table[band] = map[string]int{}
				}
				cls := s.Class.Class.String()
				table[band][cls]++
				total++
				d := math.Abs(classRank(s.Class.Class) - bandRank(s.AerobicTE))
				if d == 0 {
					exact++
				}
				if d <= 1 {
					near++
				}
				t.Logf("%-72.72s %d %-10s %5.1f min TE %.1f/%.1f EPOC %6.1f TRIMP %6.1f %-12s %s",
					row["path"], k, s.Sport, s.Timer/60, s.AerobicTE, s.AnaerobicTE, s.EPOC, s.TRIMP, cls, s.Class.Reason)
			}
		}
	}
	rho, rho10 := spearman(trimp, epoc), spearman(trimp10, epoc10)
	t.Logf("Spearman ρ(TRIMP, EPOC) = %.3f over n = %d sessions", rho, len(trimp))
	t.Logf("Spearman ρ(TRIMP, EPOC) = %.3f over the n = %d sessions with ≥ 10 min of heart rate", rho10, len(trimp10))
	t.Logf("for comparison, over the same sessions: ρ(HRSS, EPOC) = %.3f, ρ(Edwards TRIMP, EPOC) = %.3f",
		spearman(hrss10, epoc10), spearman(edwards10, epoc10))
	t.Logf("class vs aerobic TE band over %d sessions: %d on the band, %d within one band", total, exact, near)
	bands := []string{"<1 none", "1-1.9 recovery", "2-2.9 base", "3-3.9 tempo", "4-4.9 threshold/vo2max", "5 overreaching"}
	classes := []string{"unclassified", "recovery", "endurance", "tempo", "threshold", "vo2max", "anaerobic"}
	t.Logf("%-24s %s", "TE band \\ class", strings.Join(classes, " "))
	for _, bd := range bands {
		var cells []string
		for _, c := range classes {
			cells = append(cells, fmt.Sprintf("%*d", len(c), table[bd][c]))
		}
		t.Logf("%-24s %s", bd, strings.Join(cells, " "))
	}
	// Floors: the values measured when this test was written, rounded down
	// (see VALIDATION.md). A change that lowers them is a regression.
	const minN, minRho, minRho10, minNear = 30, 0.84, 0.74, 0.80
	if len(trimp) < minN {
		t.Errorf("only %d sessions with EPOC and TRIMP, want ≥ %d", len(trimp), minN)
	}
	if !(rho >= minRho) {
		t.Errorf("Spearman ρ(TRIMP, EPOC) = %.3f, want ≥ %.2f", rho, minRho)
	}
	if !(rho10 >= minRho10) {
		t.Errorf("Spearman ρ(TRIMP, EPOC) over sessions ≥ 10 min = %.3f, want ≥ %.2f", rho10, minRho10)
	}
	if total == 0 || float64(near)/float64(total) < minNear {
		t.Errorf("class within one TE band for %d of %d sessions, want ≥ %.0f %%", near, total, 100*minNear)
	}
}

// teBand names the band of Garmin's aerobic Training Effect.
func teBand(te float64) string {
	switch {
	case te < 1:
		return "<1 none"
	case te < 2:
		return "1-1.9 recovery"
	case te < 3:
		return "2-2.9 base"
	case te < 4:
		return "3-3.9 tempo"
	case te < 5:
		return "4-4.9 threshold/vo2max"
	}
	return "5 overreaching"
}

// bandRank and classRank put TE bands and classes on one ordinal scale:
// none/unclassified 0, recovery 1, base/endurance 2, tempo 3, threshold,
// vo2max and anaerobic 4 (Garmin's 4–4.9 band is "threshold/VO2max", and 5
// is the same work overdone).
func bandRank(te float64) float64 { return math.Min(math.Floor(te), 4) }

func classRank(c Class) float64 {
	switch c {
	case Recovery:
		return 1
	case Endurance:
		return 2
	case Tempo:
		return 3
	case Threshold, VO2max, Anaerobic:
		return 4
	}
	return 0
}

// spearman returns the Spearman rank correlation of x and y: the Pearson
// correlation of their ranks, ties sharing their mean rank.
func spearman(x, y []float64) float64 {
	rx, ry := ranks(x), ranks(y)
	n := float64(len(x))
	var mx, my float64
	for i := range rx {
		mx += rx[i] / n
		my += ry[i] / n
	}
	var sxy, sxx, syy float64
	for i := range rx {
		sxy += (rx[i] - mx) * (ry[i] - my)
		sxx += (rx[i] - mx) * (rx[i] - mx)
		syy += (ry[i] - my) * (ry[i] - my)
	}
	return sxy / math.Sqrt(sxx*syy)
}

func ranks(x []float64) []float64 {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmpFloat(x[a], x[b]) })
	r := make([]float64, len(x))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && x[idx[j+1]] == x[idx[i]] {
			j++
		}
		for k := i; k <= j; k++ {
			r[idx[k]] = float64(i+j)/2 + 1
		}
		i = j + 1
	}
	return r
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestSpearman(t *testing.T) {
	t.Parallel()
	if got := spearman([]float64{1, 2, 3, 4}, []float64{10, 20, 30, 40}); !within(got, 1, 1e-12) {
		t.Errorf("monotone: %v, want 1", got)
	}
	if got := spearman([]float64{1, 2, 3, 4}, []float64{4, 3, 2, 1}); !within(got, -1, 1e-12) {
		t.Errorf("reversed: %v, want -1", got)
	}
	// Ties share their mean rank: x ranks 1, 2.5, 2.5, 4.
	if got, want := spearman([]float64{1, 2, 2, 3}, []float64{1, 2, 3, 4}), 0.9486832980505138; !within(got, want, 1e-12) {
		t.Errorf("ties: %v, want %v", got, want)
	}
}
