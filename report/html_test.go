package report_test

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bounceback/bounceback/analysis"
	"github.com/bounceback/bounceback/report"
)

// asOf is the day the generated block is computed for: the day after its
// race.
var asOf = time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)

// generatedBlock scans and builds testdata/block as of asOf.
func generatedBlock(t testing.TB) *analysis.Block {
	t.Helper()
	return analysis.Build(scanDir(t, "../testdata/block"), analysis.Options{AsOf: asOf})
}

// modelled fills the parts of b that the load model and the plans make
// (Days, Weeks, Readiness, each session's Fluid and Refuel) with simple
// made-up values: the page's tests must not depend on those models' numbers,
// only on the page showing what the block holds. Every field is written,
// so the result does not depend on whether the models have run.
func modelled(b *analysis.Block) *analysis.Block {
	day := func(t time.Time) time.Time {
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	}
	type dayLoad struct {
		load, timer float64
		dist        analysis.Distances
		n           int
		classes     map[string]float64
		zones       [5]float64
	}
	loads := map[time.Time]*dayLoad{}
	var first time.Time
	for i := range b.Files {
		f := &b.Files[i]
		for j := range f.Sessions {
			s := &f.Sessions[j]
			if s.Class.Reading {
				continue
			}
			t, _ := f.Local(s.Start)
			d := day(t)
			if first.IsZero() || d.Before(first) {
				first = d
			}
			dl := loads[d]
			if dl == nil {
				dl = &dayLoad{classes: map[string]float64{}}
				loads[d] = dl
			}
			trimp := s.TRIMP
			if math.IsNaN(trimp) {
				trimp = 0
			}
			dl.load += trimp
			dl.timer += s.Timer
			dl.dist.Add(s.Sport, s.Distance)
			dl.n++
			dl.classes[s.Class.Class.String()] += trimp
			for z, x := range s.ZoneSeconds {
				if !math.IsNaN(x) {
					dl.zones[z] += x
				}
			}
			mass := 70.0
			s.Fluid = &analysis.FluidPlan{Estimable: s.Sport != "swimming", SweatLossL: s.Timer / 3600 * 0.8,
				DrinkL: math.Round(s.Timer/3600*0.8*1.25*100) / 100, DrinkWithinH: 4, SodiumMg: math.Round(s.Timer / 3600 * 0.8 * 920),
				SodiumMgL: 920, DeficitPctBM: s.Timer / 3600 * 0.8 / mass * 100}
			tier := analysis.TierC
			if s.Timer > 5400 {
				tier = analysis.TierB
			}
			s.Refuel = &analysis.RefuelPlan{Tier: tier, CarbsG: math.Round(mass * s.Timer / 3600), ProteinG: 20,
				Window: "30–60 min"}
		}
	}
	b.Days, b.Weeks = nil, nil
	var ctl, atl, prevTSB float64
	prevTSB = math.NaN()
	for d := first; !first.IsZero() && !d.After(asOf); d = d.AddDate(0, 0, 1) {
		dl := loads[d]
		if dl == nil {
			dl = &dayLoad{classes: map[string]float64{}}
		}
		tsb := ctl - atl
		if d.Equal(first) {
			tsb = math.NaN()
		}
		ctl = dl.load*(1-math.Exp(-1.0/42)) + ctl*math.Exp(-1.0/42)
		atl = dl.load*(1-math.Exp(-1.0/7)) + atl*math.Exp(-1.0/7)
		readiness := math.NaN()
		if !math.IsNaN(tsb) {
			readiness = math.Max(5, math.Min(95, 60+1.5*tsb))
		}
		b.Days = append(b.Days, analysis.Day{Date: d, Load: dl.load, Sessions: dl.n, Timer: dl.timer, Distance: dl.dist,
			CTL: ctl, ATL: atl, TSB: tsb, Form: analysis.FormOf(tsb), Ramp: math.NaN(), ACWR: math.NaN(),
			ACWREWMA: math.NaN(), Monotony: math.NaN(), Strain: math.NaN(), RecoveryOwedH: 0,
			GarminRecoveryOwedH: math.NaN(), Readiness: readiness})
		prevTSB = tsb
		wd := (int(d.Weekday()) + 6) % 7
		monday := d.AddDate(0, 0, -wd)
		if n := len(b.Weeks); n == 0 || !b.Weeks[n-1].Start.Equal(monday) {
			b.Weeks = append(b.Weeks, analysis.Week{Start: monday, ClassLoad: map[string]float64{},
				PolarizationIndex: math.NaN(), Monotony: math.NaN(), Strain: math.NaN()})
		}
		k := &b.Weeks[len(b.Weeks)-1]
		k.Sessions += dl.n
		if dl.n > 0 {
			k.Days++
		}
		k.Timer += dl.timer
		k.Distance.Run, k.Distance.Bike, k.Distance.Swim, k.Distance.Other = k.Distance.Run+dl.dist.Run, k.Distance.Bike+dl.dist.Bike, k.Distance.Swim+dl.dist.Swim, k.Distance.Other+dl.dist.Other
		k.Load += dl.load
		for c, l := range dl.classes {
			k.ClassLoad[c] += l
		}
		for z := range 5 {
			k.ZoneSeconds[z] += dl.zones[z]
		}
		k.CTL, k.ATL, k.TSB, k.Form = ctl, atl, tsb, analysis.FormOf(tsb)
	}
	score := 60 + 1.5*prevTSB
	b.Readiness = &analysis.Readiness{Date: asOf, Score: math.Round(score), Band: analysis.BandOf(score), Confidence: "medium",
		ConfidenceNote: "4 of 6 contributors with data", Advice: analysis.AdviceEasy,
		AdviceReason: "HRV 7-day mean is below its normal range",
		Contributors: []analysis.Contributor{
			{ID: analysis.ContribFatigue, Value: 20, Unit: "h", Baseline: "", Score: 67, Weight: 35, Note: "20 h of recovery still owed"},
			{ID: analysis.ContribHRV, Value: 4.02, Unit: "ln ms", Baseline: "4.10–4.22 ln ms", Score: 40, Weight: 35, Note: "<below> the normal range"},
			{ID: analysis.ContribSleep, Value: math.NaN(), Score: math.NaN(), Weight: 0, Note: "no sleep data"},
		},
		Limiting: []analysis.ContributorID{analysis.ContribHRV, analysis.ContribFatigue}, Sleep: "8–9 h tonight", CannotSee: "illness, life stress, nutrition"}
	return b
}

// TestPageHTML checks the page of the generated block with the models
// filled: one SVG per chart, each with data paths, the tables, and that
// the page is self-contained.
func TestPageHTML(t *testing.T) {
	t.Parallel()
	b := modelled(generatedBlock(t))
	var buf bytes.Buffer
	if err := report.Page(&buf, b, report.Options{Format: report.HTML}); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	if dir := os.Getenv("BOUNCEBACK_PAGE_DIR"); dir != "" {
		os.WriteFile(filepath.Join(dir, "modelled.html"), buf.Bytes(), 0o644)
	}
	for _, id := range []string{"fitness", "weekly-load", "hrv", "readiness-history", "zones"} {
		i := strings.Index(page, `<figure id="`+id+`">`)
		if i < 0 {
			t.Errorf("no figure %q", id)
			continue
		}
		fig := page[i:]
		fig = fig[:strings.Index(fig, "</figure>")]
		if !strings.Contains(fig, "<svg") || !strings.Contains(fig, "<path") {
			t.Errorf("figure %q has no SVG with paths", id)
		}
	}
	for _, bad := range []string{"http://", "https://", "<script", "<link", "@import", "url("} {
		if strings.Contains(strings.ReplaceAll(page, `xmlns="http://www.w3.org/2000/svg"`, ""), bad) &&
			!(strings.HasPrefix(bad, "http://") && onlySVGNamespaces(page)) {
			t.Errorf("the page holds %q: it must be self-contained", bad)
		}
	}
	if !strings.Contains(page, "&lt;below&gt; the normal range") {
		t.Error("a contributor's note is not escaped")
	}
}

// onlySVGNamespaces reports whether every "http://" in page is an SVG
// namespace.
func onlySVGNamespaces(page string) bool {
	page = strings.ReplaceAll(page, `xmlns="http://www.w3.org/2000/svg"`, "")
	page = strings.ReplaceAll(page, `xmlns:xlink="http://www.w3.org/1999/xlink"`, "")
	return !strings.Contains(page, "http://")
}

// svgElement matches one inline chart.
var svgElement = regexp.MustCompile(`(?s)<svg class="chart"[^>]*>.*?</svg>`)

// svgText matches a text drawn in a chart.
var svgText = regexp.MustCompile(`(?s)<text[^>]*>(.*?)</text>`)

// summarizeSVG replaces each chart of page by what is stable about it: its
// opening tag, its number of paths and the texts it draws (ticks, labels).
// The paths' coordinates are gonum/plot's to choose; the browser test
// checks that they draw.
func summarizeSVG(page string) string {
	return svgElement.ReplaceAllStringFunc(page, func(svg string) string {
		open := svg[:strings.Index(svg, ">")+1]
		var texts []string
		for _, m := range svgText.FindAllStringSubmatch(svg, -1) {
			texts = append(texts, m[1])
		}
		return fmt.Sprintf("%s<!-- %d paths; texts: %s --></svg>", open, strings.Count(svg, "<path"), strings.Join(texts, " | "))
	})
}

// TestPageGolden checks the HTML and Markdown pages of the generated block
// against golden files (testdata/page.html with the charts summarized, see
// summarizeSVG, and testdata/page.md), and that the charts are
// deterministic.
func TestPageGolden(t *testing.T) {
	t.Parallel()
	b := generatedBlock(t)
	var first, again, md bytes.Buffer
	for _, buf := range []*bytes.Buffer{&first, &again} {
		if err := report.Page(buf, b, report.Options{Format: report.HTML}); err != nil {
			t.Fatal(err)
		}
	}
	if first.String() != again.String() {
		t.Error("two renderings of the same block differ")
	}
	golden(t, "page.html", []byte(summarizeSVG(first.String())))
	if err := report.Page(&md, b, report.Options{Format: report.Markdown}); err != nil {
		t.Fatal(err)
	}
	golden(t, "page.md", md.Bytes())
	if err := report.Page(&bytes.Buffer{}, b, report.Options{Format: report.CSV}); err == nil {
		t.Error("Page accepts CSV")
	}
}

// TestPageEmpty checks the page of a block without any data: every chart
// and table says why it is empty, and nothing fails.
func TestPageEmpty(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := report.Page(&buf, analysis.Build(nil, analysis.Options{}), report.Options{Format: report.HTML}); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	if strings.Contains(page, "<svg") {
		t.Error("an empty block has a chart")
	}
	for _, want := range []string{"No load model", "No weeks", "No HRV", "No readiness", "No sessions", "every file was read"} {
		if !strings.Contains(page, want) {
			t.Errorf("the empty page does not say %q", want)
		}
	}
}

// TestPageEscapes checks that texts from files reach the page escaped.
func TestPageEscapes(t *testing.T) {
	t.Parallel()
	b := analyzedBlock()
	b.Files[0].Path = `export/"><svg onload=alert(1)>.fit`
	b.Files[0].Sessions[0].Sport = `<b>run</b>`
	b.Files[3].Err = errors.New(`export/notes.fit: <img src=x onerror=alert(1)>`)
	var buf bytes.Buffer
	if err := report.Page(&buf, b, report.Options{Format: report.HTML}); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, raw := range []string{"<svg onload", "<b>run</b>", "<img src=x"} {
		if strings.Contains(page, raw) {
			t.Errorf("the page holds %q unescaped", raw)
		}
	}
	for _, esc := range []string{"&#34;&gt;&lt;svg onload=alert(1)&gt;.fit", "&lt;b&gt;run&lt;/b&gt;", "&lt;img src=x onerror=alert(1)&gt;"} {
		if !strings.Contains(page, esc) {
			t.Errorf("the page does not hold %q", esc)
		}
	}
}

// longHistory returns the modelled generated block (see modelled) with
// years more of history before it: days years × 365 days earlier, each
// with a made-up load, CTL, ATL, TSB and readiness, its week and an HRV
// reading. It is built here, small and deterministic, to check how the
// page reads on a multi-year export.
func longHistory(t testing.TB, years int) *analysis.Block {
	b := modelled(generatedBlock(t))
	first := b.Days[0].Date
	var days []analysis.Day
	var weeks []analysis.Week
	var daily []analysis.Daily
	n := years * 365
	start := first.AddDate(0, 0, -n)
	// Start on a Monday, so that the weeks are whole.
	start = start.AddDate(0, 0, -((int(start.Weekday()) + 6) % 7))
	for d := start; d.Before(first); d = d.AddDate(0, 0, 1) {
		i := float64(d.Sub(start).Hours() / 24)
		season := math.Sin(2 * math.Pi * i / 365)
		load := 0.0
		if int(i)%7 != 0 {
			load = 60 + 30*season + 20*math.Sin(i)
		}
		ctl := 55 + 15*season
		atl := ctl + 10*math.Sin(i/3)
		tsb := -10 * math.Sin(i/3)
		days = append(days, analysis.Day{Date: d, Load: load, CTL: ctl, ATL: atl, TSB: tsb, Form: analysis.FormOf(tsb),
			Ramp: math.NaN(), ACWR: math.NaN(), ACWREWMA: math.NaN(), Monotony: math.NaN(), Strain: math.NaN(),
			GarminRecoveryOwedH: math.NaN(), Readiness: math.Max(5, math.Min(95, 60+1.5*tsb)), GarminReadiness: math.NaN()})
		if (int(d.Weekday())+6)%7 == 0 {
			weeks = append(weeks, analysis.Week{Start: d, ClassLoad: map[string]float64{}, PolarizationIndex: math.NaN(),
				Monotony: math.NaN(), Strain: math.NaN(), Readiness: math.NaN()})
		}
		k := &weeks[len(weeks)-1]
		k.Load += load
		k.ClassLoad["endurance"] += load * 0.8
		k.ClassLoad["threshold"] += load * 0.2
		k.ZoneSeconds[1] += load * 40
		k.ZoneSeconds[3] += load * 10
		k.CTL, k.ATL, k.TSB, k.Form = ctl, atl, tsb, analysis.FormOf(tsb)
		nan := math.NaN()
		daily = append(daily, analysis.Daily{Date: d, LnRMSSD: 4.1 + 0.1*math.Sin(i/5), RMSSD: nan, HRVMean7: 4.1,
			HRVLow: 4.0, HRVHigh: 4.2, RestingHR: nan, SleepScore: nan, OtherLnRMSSD: nan, OtherRestingHR: nan,
			Sleep: analysis.Series{V: nan, Mean7: nan, Low: nan, High: nan}})
	}
	b.Days = append(days, b.Days...)
	b.Weeks = append(weeks, b.Weeks...)
	b.Daily = append(daily, b.Daily...)
	return b
}

// TestPageLongHistory checks the page of a multi-year history against a
// golden file (testdata/page-years.html, the charts summarized, see
// summarizeSVG): the time charts show the last 16 weeks, labelled by
// week, each with the whole history as an overview strip labelled by
// year; the weekly charts say how many weeks they leave to the strip.
func TestPageLongHistory(t *testing.T) {
	t.Parallel()
	b := longHistory(t, 3)
	var buf bytes.Buffer
	opts := report.Options{Format: report.HTML, Version: "v1.2.3", InputFolders: 2, InputFiles: 1,
		Now: func() time.Time { return time.Date(2026, 11, 2, 20, 15, 0, 0, time.UTC) }}
	if err := report.Page(&buf, b, opts); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	golden(t, "page-years.html", []byte(summarizeSVG(page)))
	for _, id := range []string{"fitness", "weekly-load", "hrv", "readiness-history", "zones"} {
		i := strings.Index(page, `<figure id="`+id+`">`)
		if i < 0 {
			t.Fatalf("no figure %q", id)
		}
		fig := page[i:]
		fig = fig[:strings.Index(fig, "</figure>")]
		ov := strings.Index(fig, `<div class="overview">`)
		if ov < 0 {
			t.Errorf("figure %q has no overview of the whole history", id)
			continue
		}
		// The chart: week labels ("Oct 12"), no year; the overview: years.
		if texts := summarizeSVG(fig[:ov]); !regexp.MustCompile(`\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}\b`).MatchString(texts) {
			t.Errorf("figure %q: the chart has no week labels: %s", id, texts)
		}
		if texts := summarizeSVG(fig[ov:]); !strings.Contains(texts, "2025") {
			t.Errorf("figure %q: the overview has no year labels: %s", id, texts)
		}
	}
	if want := fmt.Sprintf("The last 16 of %d weeks.", len(b.Weeks)); !strings.Contains(page, want) {
		t.Errorf("the weekly charts do not say %q", want)
	}
	// A ten-year export stays a page a phone opens: the overviews are
	// weekly, the tables the last year of weeks (BENCHMARKS.md).
	buf.Reset()
	if err := report.Page(&buf, longHistory(t, 10), opts); err != nil {
		t.Fatal(err)
	}
	if buf.Len() > 1<<20 {
		t.Errorf("the page of ten years is %d bytes, want at most 1 MiB", buf.Len())
	}
	t.Logf("page sizes: 3 years %d bytes, 10 years %d bytes", len(page), buf.Len())
	if !strings.Contains(page, "Made by bounceback v1.2.3 on 2026-11-02 20:15 UTC, as of Monday 2 November 2026 (--as-of 2026-11-02), from 2 folders and 1 file named on the command line.") {
		t.Error("the footer does not say what made the page, when, as of when and from what")
	}
}
