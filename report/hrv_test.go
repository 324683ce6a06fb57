package report_test

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/bounceback/bounceback/analysis"
	"github.com/bounceback/bounceback/analysis/hrv"
	"github.com/bounceback/bounceback/report"
)

// sampleHRV is the HRV of the sample run (3811 RR intervals): four
// 5-minute windows, one unreliable; α1 falling with the heart rate; VT1
// estimated, VT2 not (α1 never reaches 0.5).
func sampleHRV() *hrv.Session {
	h := &hrv.Session{
		RRUsed: 3790, RRDropped: 21, ArtifactPct: 100 * 21.0 / 3811,
		MeanRR: 436.2, SDNN: 38.4, RMSSD: 6.1, LnRMSSD: math.Log(6.1), PNN50: 0.4, MeanHR: 137.6,
		AlphaMean: 0.93,
		VT1:       hrv.Estimate{HR: 152.4, Windows: 14, R2: 0.82},
		VT2:       hrv.Estimate{HR: nan, Windows: 14, R2: 0.82},
	}
	for i, hr := range []float64{118, 136, 139, 165} {
		w := hrv.Window{Start: float64(300 * i), Duration: 300, RRUsed: 600 + 50*i, RRDropped: 2,
			MeanRR: 60000 / hr, SDNN: 30 - float64(i), RMSSD: 12 - 2*float64(i), PNN50: 1, MeanHR: hr}
		w.LnRMSSD = math.Log(w.RMSSD)
		w.ArtifactPct = 100 * 2 / float64(w.RRUsed+2)
		if i == 3 {
			w.RRDropped, w.ArtifactPct, w.Unreliable = 60, 7.5, true
		}
		h.Windows = append(h.Windows, w)
	}
	for i := range 30 {
		hr := 115 + 1.7*float64(i)
		h.Alpha = append(h.Alpha, hrv.AlphaPoint{Start: float32(30 * i), Alpha: float32(1.4 - 0.025*float64(i)), HR: float32(hr), ArtifactPct: 0.5, Steady: true})
	}
	h.Alpha[29].Alpha, h.Alpha[29].Unreliable = float32(nan), true
	return h
}

// dailyBlock is a block with a daily series: ten days of morning
// readings whose 7-day mean falls below the normal range at the end, a
// day without a reading, and Garmin's overnight values beside them.
func dailyBlock() *analysis.Block {
	b := &analysis.Block{DailySources: analysis.DailySources{HRV: "morning", RestingHR: "monitoring",
		Sleep: "sleep assessment", OtherHRV: "overnight"}}
	day := date("2024-03-01T00:00:00Z")
	none := analysis.Series{V: nan, Mean7: nan, Low: nan, High: nan}
	for i := range 10 {
		d := analysis.Daily{Date: day.AddDate(0, 0, i), LnRMSSD: 4.2 - 0.03*float64(i),
			HRVMean7: nan, HRVLow: nan, HRVHigh: nan, RestingHR: 48 + float64(i%3),
			RestingMean7: nan, RestingLow: nan, RestingHigh: nan, SleepScore: nan,
			GarminLow: nan, GarminHigh: nan, Readings: 1, OtherLnRMSSD: nan, OtherRestingHR: nan,
			Sleep: none, Stress: none, BodyBattery: none, Respiration: none, Deep: nan, Light: nan, REM: nan, Awake: nan,
			BodyBatteryLow: nan, SpO2: nan, SkinTemp: nan, GarminAcute: nan, GarminChronic: nan, GarminRatio: nan}
		d.RMSSD = math.Exp(d.LnRMSSD)
		if i >= 6 {
			d.HRVMean7, d.HRVLow, d.HRVHigh = 4.2-0.03*float64(i-3), 4.05, 4.25
			d.RestingMean7, d.RestingLow, d.RestingHigh = 49, 47.5, 49.5
			d.HRVStatus = analysis.RangeOf(d.HRVMean7, d.HRVLow, d.HRVHigh)
			d.RestingStatus = analysis.RangeOf(d.RestingMean7, d.RestingLow, d.RestingHigh)
		}
		if i >= 7 {
			d.SleepScore, d.GarminStatus, d.GarminLow, d.GarminHigh = 70+float64(i), "balanced", 48, 66
			d.OtherLnRMSSD = 3.9
		}
		if i == 4 {
			d.LnRMSSD, d.RMSSD, d.Readings = nan, nan, 0
		}
		b.Daily = append(b.Daily, d)
	}
	return b
}

func TestHRVText(t *testing.T) {
	t.Parallel()
	for _, width := range []int{0, 80} {
		var buf bytes.Buffer
		if err := report.HRV(&buf, dailyBlock(), report.Options{Format: report.Text, Width: width}); err != nil {
			t.Fatal(err)
		}
		if width == 0 {
			golden(t, "hrv.txt", buf.Bytes())
		}
		out := buf.String()
		for _, want := range []string{"HRV: morning readings (ln RMSSD)", "(morning)", "below",
			"latest ln RMSSD: 7-day mean 4.02 on 2024-03-10, below the normal range 4.05–4.25"} {
			if !strings.Contains(out, want) {
				t.Errorf("width %d: no %q in\n%s", width, want, out)
			}
		}
		for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			if width > 0 && len([]rune(line)) > width {
				t.Errorf("width %d: line %d is %d columns: %q", width, i+1, len([]rune(line)), line)
			}
		}
	}
}

func TestHRVTextEmpty(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := report.HRVText(&buf, &analysis.Block{}, report.Options{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "no day with HRV") {
		t.Errorf("got %q", buf.String())
	}
}

func TestHRVCSV(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := report.HRVCSV(&buf, dailyBlock()); err != nil {
		t.Fatal(err)
	}
	golden(t, "hrv.csv", buf.Bytes())
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 11 {
		t.Fatalf("got %d lines, want a header and 10 days", len(lines))
	}
	if !strings.HasPrefix(lines[5], "2024-03-05,,,") {
		t.Errorf("a day without a reading: %q", lines[5])
	}
}

func TestHRVJSON(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := report.HRVJSON(&buf, dailyBlock()); err != nil {
		t.Fatal(err)
	}
	golden(t, "hrv.json", buf.Bytes())
	checkHRVDoc(t, buf.Bytes())
	var doc struct {
		Daily []map[string]any `json:"daily"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	last := doc.Daily[9]
	if last["hrv_status"] != "below" || last["resting_status"] != "normal" || last["garmin_hrv_status"] != "balanced" {
		t.Errorf("last day: %v", last)
	}
	if doc.Daily[4]["ln_rmssd"] != nil || doc.Daily[0]["hrv_status"] != nil {
		t.Errorf("missing values are not null: %v, %v", doc.Daily[4], doc.Daily[0])
	}
}

// TestSessionHRV checks the HRV of the sample run in the session text and
// the analysis document.
func TestSessionHRV(t *testing.T) {
	t.Parallel()
	b := analyzedBlock()
	var buf bytes.Buffer
	if err := report.SessionText(&buf, b, report.Options{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"HRV (from 3811 RR intervals: 3790 used, 21 dropped as artefacts, 0.6 %)",
		"RMSSD                6.1 ms (ln RMSSD 1.81)",
		"5-min windows (4; 1 unreliable, over 5 % artefacts, marked !)",
		"sampled: every 3rd of the 30 windows (every 0:01:30)",
		"VT1 (α1 = 0.75)      152 bpm (14 windows, R² 0.82)",
		"VT2 (α1 = 0.5)       not estimable: 14 windows, R² 0.82, but the heart rates span less than 20 bpm or the windows do not cross α1 = 0.5",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	if n := strings.Count(out, "HRV ("); n != 1 {
		t.Errorf("%d HRV sections, want 1 (only the run has RR data)", n)
	}

	buf.Reset()
	if err := report.AnalysisJSON(&buf, b); err != nil {
		t.Fatal(err)
	}
	doc := checkAnalysisDoc(t, buf.Bytes())
	h := doc.Files[0]["sessions"].([]any)[0].(map[string]any)["hrv"].(map[string]any)
	if h["vt1_bpm"] != 152.4 || h["vt2_bpm"] != nil || h["vt2_windows"] != 14.0 || len(h["alpha"].([]any)) != 30 {
		t.Errorf("hrv: vt1 %v, vt2 %v (%v windows), %d alpha", h["vt1_bpm"], h["vt2_bpm"], h["vt2_windows"], len(h["alpha"].([]any)))
	}
	ride := doc.Files[1]["sessions"].([]any)[1].(map[string]any)
	if ride["hrv"] != nil {
		t.Errorf("a ride without RR data has hrv %v", ride["hrv"])
	}
}

// TestVTSuggestionsText checks the text of the suggested anchors.
func TestVTSuggestionsText(t *testing.T) {
	t.Parallel()
	got := []analysis.Anchor{{Sport: "running", Which: "VT1", Est: hrv.Estimate{HR: 156, Windows: 20, R2: 0.82},
		Path: "tie.fit", Start: date("2024-05-03T07:00:00Z"), Day: date("2024-05-03T07:00:00Z")}}
	var buf bytes.Buffer
	if err := report.VTSuggestionsText(&buf, got, report.Options{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "not applied") || !strings.Contains(buf.String(), "running   VT1 156 bpm (session 2024-05-03 tie.fit, 20 windows, R² 0.82)") {
		t.Errorf("got\n%s", buf.String())
	}
	buf.Reset()
	if err := report.VTSuggestionsText(&buf, nil, report.Options{}); err != nil || buf.Len() != 0 {
		t.Errorf("no suggestions: got %q, %v", buf.String(), err)
	}
}
