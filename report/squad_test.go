package report_test

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/bounceback/bounceback/analysis"
	"github.com/bounceback/bounceback/report"
)

// squadRows are three athletes: a with every value, b with lower ones, c
// with none.
func squadRows() []analysis.SquadSummary {
	nan := math.NaN()
	day := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	return []analysis.SquadSummary{
		{Athlete: "c", AsOf: day, Readiness: nan, Load7: nan, LoadPrev7: nan, LoadChange: nan, ACWR: nan, TSB: nan,
			HRV: nan, HRVLow: nan, HRVHigh: nan, RestingHR: nan, DaysSince: -1, Flags: []analysis.SquadFlag{analysis.FlagNoData}},
		{Athlete: "a", AsOf: day, Readiness: 80, Load7: 300, LoadPrev7: 200, LoadChange: 50, ACWR: 1.6, TSB: -20,
			HRV: 4.2, HRVLow: 4.0, HRVHigh: 4.4, RestingHR: 48, DaysSince: 1, LastSession: day.AddDate(0, 0, -1),
			LastSport: "running", LastClass: "tempo", Flags: []analysis.SquadFlag{analysis.FlagLoadSpike}},
		{Athlete: "b", AsOf: day, Readiness: 40, Load7: 100, LoadPrev7: 100, LoadChange: 0, ACWR: 0.8, TSB: 5,
			HRV: 3.9, HRVLow: 3.8, HRVHigh: 4.2, RestingHR: 55, DaysSince: 5, LastSession: day.AddDate(0, 0, -5),
			LastSport: "cycling", LastClass: "easy"},
	}
}

func TestSortSquad(t *testing.T) {
	for _, c := range []struct {
		key  string
		want string
	}{
		{"name", "abc"},
		{"readiness", "bac"},
		{"load", "abc"},
		{"acwr", "abc"},
		{"tsb", "abc"},
		{"hrv", "bac"}, // b is at -0.5 of its range, a at 0
		{"last", "bac"},
	} {
		rows := squadRows()
		if err := report.SortSquad(rows, c.key); err != nil {
			t.Fatal(err)
		}
		var got string
		for _, r := range rows {
			got += r.Athlete
		}
		if got != c.want {
			t.Errorf("--sort %s: %s, want %s", c.key, got, c.want)
		}
	}
	if err := report.SortSquad(squadRows(), "age"); err == nil || !strings.Contains(err.Error(), strings.Join(report.SquadSortKeys, ", ")) {
		t.Errorf("unknown key: %v, want an error listing the keys", err)
	}
}

// TestSquadFormats: every format writes every row, no NaN, absent values
// as "-", empty cells and null.
func TestSquadFormats(t *testing.T) {
	for _, c := range []struct {
		format report.Format
		want   []string
	}{
		{report.Text, []string{"a               80", "+50", "1.60", "-20", "4.20 ", "4.00–4.40", "load spike", "no data", "TSB", "(TRIMP)"}},
		{report.Markdown, []string{"| athlete |", "| load 7 d (TRIMP) |", "| c "}},
		{report.CSV, []string{"athlete,as_of,readiness,", "resting_hr_bpm", "\nc,2026-11-02,,,", ",no data\n", "a,2026-11-02,80,"}},
		{report.JSON, []string{`"as_of": "2026-11-02"`, `"readiness": null`, `"flags": [
        "load spike"`, `"days_since_last": null`}},
	} {
		var buf bytes.Buffer
		if err := report.Squad(&buf, squadRows(), report.Options{Format: c.format}); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if strings.Contains(strings.ToLower(out), "nan") {
			t.Errorf("%v: NaN printed:\n%s", c.format, out)
		}
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v: no %q in\n%s", c.format, w, out)
			}
		}
		if c.format == report.CSV && strings.Count(out, "\n") != 4 {
			t.Errorf("CSV: %d lines, want a header and 3 rows", strings.Count(out, "\n"))
		}
	}
	var buf bytes.Buffer
	if err := report.Squad(&buf, nil, report.Options{}); err != nil || buf.String() != "0 athletes\n" {
		t.Errorf("no rows: %q, %v", buf.String(), err)
	}
}

// TestSquadPage checks the squad page of rows without blocks (no chart
// data) and with names that need escaping and that make the same id: one
// section per athlete with a unique id that the table links to, every
// name escaped, no NaN, and a format other than HTML refused.
func TestSquadPage(t *testing.T) {
	t.Parallel()
	rows := squadRows()
	rows[0].Athlete, rows[1].Athlete = "Zoë <b>", "zo b"
	athletes := make([]report.SquadAthlete, len(rows))
	for i := range rows {
		athletes[i] = report.SquadAthlete{Row: rows[i]}
	}
	var buf bytes.Buffer
	if err := report.SquadPage(&buf, athletes, report.Options{Format: report.HTML}); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, want := range []string{
		`<a href="#athlete-zo-b">Zoë &lt;b&gt;</a>`, `<section id="athlete-zo-b" class="athlete">`,
		`<a href="#athlete-zo-b-2">zo b</a>`, `<section id="athlete-zo-b-2" class="athlete">`,
		`<a href="#athlete-b">b</a>`, `<section id="athlete-b" class="athlete">`,
		"No data in the last 8 weeks.", "load spike", "4.20",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page has no %q", want)
		}
	}
	if strings.Contains(page, "<b>") || strings.Contains(page, "NaN") {
		t.Errorf("the page has an unescaped name or NaN:\n%s", page)
	}
	if err := report.SquadPage(&buf, athletes, report.Options{Format: report.Markdown}); err == nil {
		t.Error("SquadPage wrote Markdown; want an error")
	}
}
