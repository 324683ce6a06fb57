package report_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/bounceback/bounceback/analysis"
	"github.com/bounceback/bounceback/analysis/load"
	"github.com/bounceback/bounceback/report"
)

// analyzedBlock is sampleBlock analysed: the run has a heart-rate trace
// (as a histogram) with three intervals, the athlete values come from
// flags, and the rides have no heart-rate samples (estimated load).
func analyzedBlock() *analysis.Block {
	b := sampleBlock()
	files := make([]analysis.FileSummary, len(b.Files))
	copy(files, b.Files)
	run := &files[0].Sessions[0]
	run.HRHist = make(load.Histogram, 181)
	run.HRHist[125] = 300
	run.HRHist[138] = 1700
	run.HRHist[165] = 600
	run.HRHist[180] = 111.5
	run.HRTime = run.HRHist.Seconds()
	run.TraceAvgHR = run.HRHist.Mean()
	run.RecoveryTime, run.GarminVO2max = 14*60, 54.5
	run.Structure = analysis.Structure{
		Source: "speed", Moving: run.HRTime, Decoupling: 2.25, Drift: nan, HRRecovery: 31, Max5s: 181,
		Base: 3.1, Work: 4.4,
		Intervals: []analysis.Interval{
			{Start: 900, Duration: 180, AvgHR: 172, MaxHR: 180, AvgPower: nan, AvgSpeed: 4.5, Recovery: 120, RecoveryHR: 141},
			{Start: 1200, Duration: 181, AvgHR: 174, MaxHR: 181, AvgPower: nan, AvgSpeed: 4.4, Recovery: 119, RecoveryHR: 143},
			{Start: 1500, Duration: 179, AvgHR: 175, MaxHR: 181, AvgPower: nan, AvgSpeed: 4.4, Recovery: nan, RecoveryHR: nan},
		},
	}
	run.HRV = sampleHRV()
	for i := range files[1].Sessions {
		s := &files[1].Sessions[i]
		s.Structure = analysis.Structure{Decoupling: nan, Drift: nan, HRRecovery: nan, Max5s: nan, Base: nan, Work: nan}
		s.RecoveryTime, s.GarminVO2max = nan, nan
	}
	files[2].Sessions[0].Structure = files[1].Sessions[0].Structure
	files[2].Sessions[0].RecoveryTime, files[2].Sessions[0].GarminVO2max = nan, nan
	nan := math.NaN()
	flags := analysis.ProfileInput{HRMax: 190, HRRest: 48, LTHR: nan, Mass: nan, Age: nan, Sex: "female",
		Sports: map[string]analysis.HRInput{analysis.SportRun: {HRMax: nan, HRRest: nan, LTHR: 172}}}
	return analysis.Build(files, analysis.Options{Flags: flags})
}

func TestAnalyzeTextWidths(t *testing.T) {
	t.Parallel()
	for _, width := range []int{0, 120, 80} {
		t.Run(strconv.Itoa(width), func(t *testing.T) {
			var buf bytes.Buffer
			if err := report.Analyze(&buf, analyzedBlock(), report.Options{Format: report.Text, Width: width}); err != nil {
				t.Fatal(err)
			}
			for i, line := range strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n") {
				if n := len([]rune(line)); width > 0 && n > width {
					t.Errorf("line %d is %d columns wide, more than %d: %q", i+1, n, width, line)
				}
				if strings.HasSuffix(line, " ") {
					t.Errorf("line %d ends in a space: %q", i+1, line)
				}
				if strings.Contains(line, "NaN") {
					t.Errorf("line %d shows NaN: %q", i+1, line)
				}
			}
			golden(t, "analyze-"+strconv.Itoa(width)+".txt", buf.Bytes())
		})
	}
}

func TestAnalyzeCSV(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := report.Analyze(&buf, analyzedBlock(), report.Options{Format: report.CSV}); err != nil {
		t.Fatal(err)
	}
	golden(t, "analyze.csv", buf.Bytes())
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slicesHasPrefix(recs[0], wantCSVHeader) {
		t.Fatalf("the analyze CSV does not start with the sessions columns: %q", recs[0])
	}
	col := map[string]int{}
	for i, name := range recs[0] {
		col[name] = i
	}
	run, ride := recs[1], recs[3]
	for name, want := range map[string]string{"flags": "", "load_estimated": "false", "intervals": "3",
		"decoupling_pct": "2.25", "drift_pct": "", "garmin_recovery_h": "14", "zone_model": "lthr",
		"vt1_bpm": "152.4", "vt2_bpm": "", "dfa_a1_mean": "0.93"} {
		if got := run[col[name]]; got != want {
			t.Errorf("run %s = %q, want %q", name, got, want)
		}
	}
	if ride[col["load_estimated"]] != "true" || ride[col["trimp"]] == "" {
		t.Errorf("ride without heart rate: load_estimated %q, trimp %q", ride[col["load_estimated"]], ride[col["trimp"]])
	}
	for _, rec := range recs[1:] {
		for i, cell := range rec {
			if strings.Contains(cell, "NaN") {
				t.Errorf("%s: %s = %q", rec[0], recs[0][i], cell)
			}
		}
	}
}

func slicesHasPrefix(s, prefix []string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := range prefix {
		if s[i] != prefix[i] {
			return false
		}
	}
	return true
}

func TestAnalysisJSON(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := report.Analyze(&buf, analyzedBlock(), report.Options{Format: report.JSON}); err != nil {
		t.Fatal(err)
	}
	golden(t, "analyze.json", buf.Bytes())
	doc := checkAnalysisDoc(t, buf.Bytes())
	if len(doc.Files) != 5 {
		t.Fatalf("got %d files, want 5", len(doc.Files))
	}
	run := doc.Files[0]["sessions"].([]any)[0].(map[string]any)
	ivs := run["intervals"].([]any)
	if len(ivs) != 3 || ivs[2].(map[string]any)["recovery_s"] != nil || ivs[0].(map[string]any)["avg_speed_mps"] != 4.5 {
		t.Errorf("run intervals: %v", ivs)
	}
	if run["garmin_recovery_h"] != 14.0 || run["garmin_aerobic_te"] != 2.8 || run["drift_pct"] != nil {
		t.Errorf("run: garmin_recovery_h %v, garmin_aerobic_te %v, drift_pct %v", run["garmin_recovery_h"], run["garmin_aerobic_te"], run["drift_pct"])
	}
	lthr := run["athlete"].(map[string]any)["lthr_bpm"].(map[string]any)
	if lthr["value"] != 172.0 || lthr["source"] != "flag" {
		t.Errorf("run athlete lthr_bpm: %v", lthr)
	}
	a := doc.Athlete
	if a["hr_max_bpm"].(map[string]any)["value"] != 190.0 || a["sex"].(map[string]any)["value"] != "female" {
		t.Errorf("athlete: %v", a)
	}
}

func TestAthleteText(t *testing.T) {
	t.Parallel()
	b := analyzedBlock()
	var buf bytes.Buffer
	if err := report.AthleteText(&buf, &b.Athlete, report.Options{}); err != nil {
		t.Fatal(err)
	}
	golden(t, "athlete.txt", buf.Bytes())
	for _, want := range []string{"default (estimate)", "formula (estimate)", "flag"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("the athlete table does not say %q", want)
		}
	}
	buf.Reset()
	if err := report.AthleteJSON(&buf, &b.Athlete); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Athlete map[string]any `json:"athlete"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	checkAthlete(t, "AthleteJSON", doc.Athlete)
}

func TestSessionText(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := report.Session(&buf, analyzedBlock(), report.Options{Format: report.Text}); err != nil {
		t.Fatal(err)
	}
	golden(t, "session.txt", buf.Bytes())
	out := buf.String()
	for _, want := range []string{"== session 1 of 4: running ", "Intervals (3, found in speed)",
		"Garmin's own", "recovery time 14 h", "aerobic decoupling   +2.2 %", "~ estimated"} {
		if !strings.Contains(out, want) {
			t.Errorf("the session text does not say %q", want)
		}
	}
	if strings.Contains(out, "NaN") {
		t.Error("the session text shows NaN")
	}
	if err := report.Session(&buf, analyzedBlock(), report.Options{Format: report.CSV}); err == nil {
		t.Error("Session in CSV: no error")
	}
}
