package report

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/plot"

	"github.com/bounceback/bounceback/analysis"
)

// This file writes the squad page (bounceback report --squad): the squad
// table, each athlete's name linking to a short section of their own with
// the key numbers and a small chart of their readiness and daily load.
// The page is built like the block's (html.go): one self-contained file,
// the same CSS and table template, charts as inline SVG.

// SquadAthlete is one athlete of the squad page: their row of the squad
// table and the block it was computed from.
type SquadAthlete struct {
	Row   analysis.SquadSummary
	Block *analysis.Block
}

// SquadChartDays is the number of days the squad page's charts show, up
// to the as-of day: the last 8 weeks.
const SquadChartDays = 56

// squadPage is the squad page for the template.
type squadPage struct {
	Title, Subtitle string
	Table           section
	Athletes        []athleteSection
	Footer          []string
}

// athleteSection is one athlete's section of the squad page.
type athleteSection struct {
	ID, Name string
	Facts    []fact
	Chart    chart
}

// SquadPage writes the squad page as HTML: one self-contained page with
// the squad table (the rows of [Squad], in their order), then one section
// per athlete, which the athlete's name in the table links to: the key
// numbers (readiness, load of the last 7 days, ACWR, TSB, HRV, last
// session, flags) and a chart of the readiness of each day and the daily
// load over the last [SquadChartDays] days up to the as-of day. Only HTML
// is written: opts.Format must be HTML.
func SquadPage(w io.Writer, athletes []SquadAthlete, opts Options) error {
	if opts.Format != HTML {
		return fmt.Errorf("report: squad page: format %v is not supported (want html)", opts.Format)
	}
	rows := make([]analysis.SquadSummary, len(athletes))
	for i := range athletes {
		rows[i] = athletes[i].Row
	}
	var asOf time.Time
	if len(rows) > 0 {
		asOf = rows[0].AsOf
	}
	p := &squadPage{Title: "Squad", Footer: []string{
		opts.provenance(asOf) + " Each athlete's numbers are from their own FIT files; nothing was sent anywhere.",
		"One athlete's full report: bounceback report --athlete NAME -o FILE DIR.",
	}}
	metric := squadMetric(rows)
	if len(rows) > 0 {
		p.Title = "Squad on " + rows[0].AsOf.Format("Monday 2 January 2006")
	}
	p.Subtitle = plural(len(rows), "athlete") + "; load in " + metric + " points"
	p.Table = section{ID: "squad", Title: "Athletes", Empty: "No athletes.",
		Intro: []string{"Each athlete's readiness for the next day and their load, HRV and last session on the as-of day; " +
			"a name links to the athlete's section below."}}
	if len(rows) > 0 {
		p.Table.cols = squadColumns(rows, Options{Format: HTML})
	}
	ids := athleteIDs(rows)
	p.Table.links = ids
	for i := range athletes {
		a := &athletes[i]
		p.Athletes = append(p.Athletes, athleteSection{ID: ids[i], Name: Clean(a.Row.Athlete),
			Facts: athleteFacts(&a.Row, metric), Chart: squadChart(ids[i]+"-chart", a.Block, &a.Row)})
	}
	var buf bytes.Buffer
	if err := squadTemplate.Execute(&buf, p); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// athleteIDs returns the id of each athlete's section: "athlete-" and
// the name in lower case with every run of other characters than letters
// and digits as one "-", made unique with "-2", "-3"...
func athleteIDs(rows []analysis.SquadSummary) []string {
	ids := make([]string, len(rows))
	seen := map[string]bool{}
	for i := range rows {
		var b strings.Builder
		dash := false
		for _, r := range strings.ToLower(rows[i].Athlete) {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
				if dash && b.Len() > 0 {
					b.WriteByte('-')
				}
				b.WriteRune(r)
				dash = false
			} else {
				dash = true
			}
		}
		base := "athlete-" + b.String()
		if b.Len() == 0 {
			base = "athlete"
		}
		id := base
		for n := 2; seen[id]; n++ {
			id = base + "-" + strconv.Itoa(n)
		}
		seen[id] = true
		ids[i] = id
	}
	return ids
}

// athleteFacts returns the key numbers of an athlete's row; an absent
// value is shown as "-".
func athleteFacts(s *analysis.SquadSummary, metric string) []fact {
	readiness := fact{Label: "Readiness", Value: orDash(fixed(s.Readiness, 0))}
	if !math.IsNaN(s.Readiness) {
		readiness.Value += " / 100"
		readiness.Band = bandChip(readinessBand, s.Band.String())
		readiness.Note = joinNonEmpty(", ", joinNonEmpty(" ", s.Confidence, "confidence"), adviceText(s.Advice.String()))
		if held := heldBack(s); held != "" {
			readiness.Note = joinNonEmpty("; ", readiness.Note, "held back by "+held)
		}
	}
	load := fact{Label: "Load 7 days", Value: orDash(fixed(s.Load7, 0)), Note: metric}
	if c := signed(s.LoadChange, 0); c != "" {
		load.Note += ", " + c + " % against the 7 days before"
	}
	last := fact{Label: "Last session", Value: orDash(isoDate(s.LastSession)),
		Note: joinNonEmpty(", ", s.LastSport, s.LastClass)}
	if d := daysSince(s); d != "" {
		last.Note = joinNonEmpty("; ", last.Note, plural(s.DaysSince, "day")+" before the as-of day")
	}
	facts := []fact{readiness, load,
		{Label: "ACWR", Value: orDash(fixed(s.ACWR, 2)), Note: "acute:chronic load"},
		{Label: "Form (TSB)", Value: orDash(signed(s.TSB, 0)), Note: metric},
		{Label: "HRV 7 days", Value: orDash(fixed(s.HRV, 2)), Note: hrvNote(s)},
		last,
	}
	if f := flagList(s, ", "); f != "" {
		facts = append(facts, fact{Label: "Flags", Value: f})
	}
	for i := range facts {
		facts[i].Value, facts[i].Note = Clean(facts[i].Value), Clean(facts[i].Note)
	}
	return facts
}

// hrvNote says the unit of the HRV mean, its status and its normal range:
// "ln ms, below; normal range 4.06–4.19".
func hrvNote(s *analysis.SquadSummary) string {
	note := joinNonEmpty(", ", "ln ms", s.HRVStatus.String())
	if r := span(s.HRVLow, s.HRVHigh); r != "" {
		note += "; normal range " + r
	}
	return note
}

// The squad chart's height in points (its two panels together), and the
// colour of the load bars.
const (
	squadChartH = 230
	loadColor   = "#1f5fa8"
)

// squadChart draws, over the last SquadChartDays days of the block up to
// the as-of day, the readiness of each day on the readiness bands and
// below it the daily load as bars.
func squadChart(id string, b *analysis.Block, s *analysis.SquadSummary) chart {
	c := chart{ID: id, Title: "Readiness and load, last 8 weeks",
		Note:   "The readiness score of each day (0–100) on the readiness bands, and each day's load (" + squadMetric([]analysis.SquadSummary{*s}) + ").",
		Legend: []legendItem{{"readiness", tsbColor, "line"}, {"daily load", loadColor, "box"}}}
	var days []analysis.Day
	if b != nil {
		for _, d := range b.Days {
			if s.AsOf.IsZero() || !d.Date.After(s.AsOf) {
				days = append(days, d)
			}
		}
	}
	if len(days) > SquadChartDays {
		days = days[len(days)-SquadChartDays:]
	}
	n := len(days)
	x, ready, load := make([]float64, n), make([]float64, n), make([]float64, n)
	for i, d := range days {
		x[i], ready[i], load[i] = dayX(d.Date), d.Readiness, d.Load
	}
	_, hiLoad, hasLoad := finiteRange(load)
	_, _, hasReady := finiteRange(ready)
	if !hasLoad && !hasReady {
		c.Empty, c.Legend = "No data in the last 8 weeks.", nil
		return c
	}
	x0, x1 := x[0]-0.5, x[n-1]+0.5
	top, bottom := newPlot(), newPlot()
	for _, p := range []*plot.Plot{top, bottom} {
		p.X.Tick.Marker = dateTicks{}
		p.X.Min, p.X.Max = x0, x1
	}
	top.Y.Min, top.Y.Max = 0, 100
	top.Y.Label.Text = "readiness"
	bottom.Y.Min, bottom.Y.Max = 0, max(hiLoad*1.1, 1)
	bottom.Y.Label.Text = "load"
	bottom.Y.Tick.Marker = plot.TickerFunc(wholeTicks)
	err := shadeBands(top, []bandSpan{{"recover", 0, analysis.RecoverMax}, {"moderate", analysis.RecoverMax, analysis.ReadyMin},
		{"ready", analysis.ReadyMin, 100}}, readinessBand, x0, x1)
	if err == nil {
		addGrid(top, true)
		addGrid(bottom, true)
		err = addLine(top, x, ready, tsbColor, 1.8, false)
	}
	for i := range x {
		if err == nil && load[i] > 0 {
			err = rect(bottom, x[i]-0.4, x[i]+0.4, 0, load[i], loadColor)
		}
	}
	if err == nil {
		c.SVG, err = toSVG(c.Title, squadChartH, top, bottom)
	}
	if err != nil {
		c.SVG, c.Empty = "", "The chart could not be drawn: "+err.Error()
	}
	return c
}

// wholeTicks are plot's default ticks labelled with as few digits as
// their values need, the same number on every label of the axis: "250",
// not "250.00"; "3.75 4.00 4.25", not "3.75 4 4.25".
func wholeTicks(lo, hi float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(lo, hi)
	prec := 0
	for _, t := range ticks {
		if t.Label != "" {
			s := strconv.FormatFloat(t.Value, 'f', -1, 64)
			if i := strings.IndexByte(s, '.'); i >= 0 {
				prec = max(prec, min(3, len(s)-i-1))
			}
		}
	}
	for i := range ticks {
		if ticks[i].Label != "" {
			ticks[i].Label = strconv.FormatFloat(ticks[i].Value, 'f', prec, 64)
		}
	}
	return ticks
}

var squadTemplate = template.Must(template.Must(pageTemplate.Clone()).New("squad").Parse(squadHTML))

const squadHTML = `<!DOCTYPE html>
<html lang="en">
<head>
{{template "meta"}}
<title>{{.Title}}</title>
<style>
{{template "style"}}
section.athlete{scroll-margin-top:8px}
section.athlete figure{max-width:760px}
td a{color:inherit;font-weight:600}
#squad td:not(:first-child),#squad th{white-space:normal}
#squad th,#squad td{padding:5px 5px}
.top{font-size:13px;font-weight:400;margin-left:10px}
</style>
</head>
<body>
<main>
<header>
<h1>{{.Title}}</h1>
<p class="sub">{{.Subtitle}}</p>
</header>
{{with .Table}}
<section id="{{.ID}}">
<h2>{{.Title}}</h2>
{{- range .Intro}}
<p>{{.}}</p>
{{- end}}
{{template "table" .}}
</section>
{{end}}
{{- range .Athletes}}
<section id="{{.ID}}" class="athlete">
<h2>{{.Name}}<a class="top" href="#squad">back to the table</a></h2>
<div class="facts">
{{- range .Facts}}
{{template "fact" .}}
{{- end}}
</div>
{{- with .Chart}}
{{template "figure" .}}
{{- end}}
</section>
{{- end}}
{{template "footer" .Footer}}
</main>
</body>
</html>
`
