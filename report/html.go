package report

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/bounceback/bounceback/analysis"
)

// This file builds the block's report page (the report command) and writes
// it as HTML: one self-contained file, inline CSS and inline SVG charts,
// no script and nothing fetched from the network.

// page is the report of a block, whatever its format.
type page struct {
	Title, Subtitle string
	// TitleHTML is the title as the HTML page shows it.
	TitleHTML template.HTML
	// Notice is said first, under the title: the stale-data note.
	Notice string
	// Facts are the key numbers at the top.
	Facts []fact
	// Readiness is the readiness for the day after the as-of day.
	Readiness *readinessPart
	Charts    []chart
	// Sections are the tables below the charts.
	Sections []section
	// Footer lines.
	Footer []string
}

// fact is one key number: its label, value with unit, a short note, and
// the band it falls in (coloured), if any.
type fact struct {
	Label, Value, Note string
	Band               *chip
}

// chip is a band name drawn in its colour.
type chip struct {
	Text, Class string
}

// readinessPart is the readiness section.
type readinessPart struct {
	Title string
	Score string
	Band  *chip
	// Lines are "label: text" paragraphs (confidence, advice, limiting,
	// sleep, what the score cannot see).
	Lines        [][2]string
	Contributors section
	// Empty says why there is no readiness; "" when there is one.
	Empty string
}

// section is a titled table with an introduction; Empty replaces the
// table when it has no rows.
type section struct {
	ID, Title string
	Intro     []string
	cols      []*column
	Empty     string
	// links are the ids on the page that each row's first cell links to
	// ("" for none); nil for no links.
	links []string
	// Wide marks a table that keeps its columns on a narrow screen and
	// scrolls sideways in its box, its header and first column shown (the
	// weeks: a row is a week to compare with the next); every other table
	// folds there, each row a block of labelled cells.
	Wide bool
}

// Table returns the section's table for the HTML template.
func (s section) Table() *htmlTable {
	if len(s.cols) == 0 || len(s.cols[0].cells) == 0 {
		return nil
	}
	t := newHTMLTable(s.cols, !s.Wide)
	for i, id := range s.links {
		if i < len(t.Rows) && len(t.Rows[i]) > 0 {
			t.Rows[i][0].Link = id
		}
	}
	return t
}

// Page writes the block's report in opts.Format: [HTML] (one self-contained
// page with charts) or [Markdown] (the same tables, without charts). It
// opens with the key numbers (sessions, time, load, fitness, fatigue and
// form, readiness), then the readiness with its contributors, the charts
// (fitness/fatigue/form on the form bands; weekly load by intensity class;
// daily HRV with its 7-day mean and normal range; readiness history; time
// in the heart-rate zones per week), and the tables of the weeks, of the
// sessions with their fluid and refuel plans, and of the files that failed.
// A chart or table without data says so. Every text that came from a file
// (paths, device and sport names, warnings) is escaped.
func Page(w io.Writer, b *analysis.Block, opts Options) error {
	p := buildPage(b, opts)
	switch opts.Format {
	case HTML:
		p.Charts = charts(b)
		var buf bytes.Buffer
		if err := pageTemplate.Execute(&buf, p); err != nil {
			return err
		}
		_, err := w.Write(buf.Bytes())
		return err
	case Markdown:
		return p.markdown(w)
	}
	return fmt.Errorf("report: page: format %v is not supported (want html or markdown)", opts.Format)
}

// blockSpan returns the first and last day with a session or a daily
// value, and whether there is one.
func blockSpan(b *analysis.Block) (first, last time.Time, ok bool) {
	see := func(t time.Time) {
		if t.IsZero() {
			return
		}
		if !ok || t.Before(first) {
			first = t
		}
		if !ok || t.After(last) {
			last = t
		}
		ok = true
	}
	for _, d := range b.Days {
		see(d.Date)
	}
	for _, d := range b.Daily {
		see(d.Date)
	}
	for _, r := range sessionRows(b) {
		t, _ := localTime(r)
		see(t)
	}
	return first, last, ok
}

// buildPage gathers the page's texts and tables.
func buildPage(b *analysis.Block, opts Options) *page {
	rows := workoutRows(b)
	p := &page{Title: "Training block"}
	if first, last, ok := blockSpan(b); ok {
		p.Title = fmt.Sprintf("Training block %s to %s", first.Format(time.DateOnly), last.Format(time.DateOnly))
	}
	p.TitleHTML = template.HTML(template.HTMLEscapeString(p.Title))
	if first, last, ok := blockSpan(b); ok {
		// The dates never break at their hyphens.
		p.TitleHTML = template.HTML(fmt.Sprintf(`Training block <span class="nw">%s</span> to <span class="nw">%s</span>`,
			first.Format(time.DateOnly), last.Format(time.DateOnly)))
	}
	sub := []string{FileCounts(b.Totals)}
	var asOf time.Time
	if b.Readiness != nil && !b.Readiness.Date.IsZero() {
		asOf = b.Readiness.Date
	} else if n := len(b.Days); n > 0 {
		asOf = b.Days[n-1].Date
	}
	if !asOf.IsZero() {
		sub = append([]string{"as of " + asOf.Format("Monday 2 January 2006")}, sub...)
	}
	p.Subtitle = strings.Join(sub, " · ")

	if b.Stale {
		p.Notice = b.StaleNote
	}
	t := &b.Totals
	sessions := plural(t.Workouts, "session")
	if t.Readings > 0 {
		sessions += fmt.Sprintf(", and %s", plural(t.Readings, "HRV reading"))
	}
	repeats := summaryRepeats(b)
	if n := t.Duplicates + t.Undated - repeats; n > 0 {
		sessions += fmt.Sprintf("; %d more listed, not counted (duplicates, impossible dates)", n)
	}
	if repeats > 0 {
		sessions += fmt.Sprintf("; %d of Garmin's activity summaries repeat recordings, counted once", repeats)
	}
	p.Facts = append(p.Facts,
		fact{Label: "Sessions", Value: strconv.Itoa(t.Workouts), Note: sessions},
		fact{Label: "Training time", Value: hm(t.WorkoutTimer) + " h", Note: distanceText(t.Distance)},
		fact{Label: "Load", Value: "TRIMP " + fixed(t.TRIMP, 0), Note: "HRSS " + fixed(t.HRSS, 0)},
	)
	if n := len(b.Days); n > 0 {
		d := b.Days[n-1]
		p.Facts = append(p.Facts,
			fact{Label: "Fitness (CTL)", Value: fixed(d.CTL, 0), Note: "fatigue (ATL) " + fixed(d.ATL, 0)},
			fact{Label: "Form (TSB)", Value: signed(d.TSB, 0), Band: bandChip(formBand, d.Form.String()),
				Note: "on " + d.Date.Format("Jan 2")},
		)
	}
	if r := b.Readiness; r != nil && !math.IsNaN(r.Score) {
		p.Facts = append(p.Facts, fact{Label: "Readiness", Value: fixed(r.Score, 0) + " / 100",
			Band: bandChip(readinessBand, r.Band.String()), Note: joinNonEmpty(", ", r.Confidence+" confidence", adviceText(r.Advice.String()))})
	}
	p.Readiness = readinessSection(b.Readiness)
	p.Sections = []section{weeksSection(b), sessionsSection(b, rows, opts), filesSection(b, opts)}
	p.Footer = []string{
		opts.provenance(asOf) + " " + FileCounts(b.Totals) + "; nothing was sent anywhere.",
		"Where each number comes from: bounceback session FILE explains a session, bounceback readiness PATH... the readiness, and the README the methods.",
	}
	return p
}

// adviceText is the readiness advice as a phrase: "advice: easy".
func adviceText(a string) string {
	if a == "" {
		return ""
	}
	return "advice: " + a
}

// joinNonEmpty joins the non-empty parts with sep.
func joinNonEmpty(sep string, parts ...string) string {
	var keep []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, sep)
}

// signed formats v with its sign: "+5", "-12"; "" for NaN.
func signed(v float64, prec int) string {
	s := fixed(v, prec)
	if s != "" && v >= 0 {
		s = "+" + s
	}
	return s
}

// bandChip returns the chip of a band, nil for "".
func bandChip(kind colorKind, name string) *chip {
	if name == "" {
		return nil
	}
	return &chip{Text: name, Class: chipClass(kind, name)}
}

// kindNames name the kinds of band in CSS class names.
var kindNames = map[colorKind]string{classBand: "class", readinessBand: "readiness", formBand: "form"}

// chipClass is the CSS class of a band: "b-class-endurance"; "" when the
// palette does not have it.
func chipClass(kind colorKind, name string) string {
	key, _, _ := strings.Cut(strings.TrimSpace(name), " ")
	if _, ok := palette[kind][strings.ToLower(key)]; !ok {
		// A score and its band ("82 ready"): the band's chip.
		if _, key, _ = strings.Cut(strings.TrimSpace(name), " "); !isBandOf(kind, key) {
			return ""
		}
	}
	return "b-" + kindNames[kind] + "-" + strings.ToLower(key)
}

// isBandOf reports whether name is a band of kind.
func isBandOf(kind colorKind, name string) bool {
	_, ok := palette[kind][strings.ToLower(name)]
	return ok
}

// readinessSection builds the readiness part, which says so when there is
// no readiness.
func readinessSection(r *analysis.Readiness) *readinessPart {
	if r == nil || math.IsNaN(r.Score) {
		return &readinessPart{Title: "Readiness", Empty: "No readiness: too little data up to the as-of day."}
	}
	part := &readinessPart{Title: "Readiness", Score: fixed(r.Score, 0), Band: bandChip(readinessBand, r.Band.String())}
	if !r.Date.IsZero() {
		part.Title = "Readiness for " + r.Date.AddDate(0, 0, 1).Format("Monday 2 January")
	}
	garmin := ""
	if r.Garmin != nil {
		garmin = garminText(r.Garmin)
	}
	for _, l := range [][2]string{
		{"Confidence", joinNonEmpty(": ", r.Confidence, r.ConfidenceNote)},
		{"Advice", joinNonEmpty(": ", r.Advice.String(), r.AdviceReason)},
		{"Pulling it down", strings.Join(contributorNames(r.Limiting), ", ")},
		{"Sleep", r.Sleep},
		{"Garmin's Training Readiness", garmin},
		{"Ours against Garmin's", r.GarminNote},
		{"What it cannot see", r.CannotSee},
	} {
		if l[1] != "" {
			part.Lines = append(part.Lines, l)
		}
	}
	cols := []*column{
		{head: "contributor"},
		{head: "value", right: true},
		{head: "baseline"},
		{head: "score\n(0-100)", right: true},
		{head: "weight\n(%)", right: true},
		{head: "note", prose: true},
	}
	for _, c := range r.Contributors {
		value := fixed(c.Value, valuePrec(c.Value))
		if value != "" && c.Unit != "" {
			value += " " + c.Unit
		}
		cells := []string{c.ID.String(), value, c.Baseline, fixed(c.Score, 0), fixed(c.Weight, 0), c.Note}
		if math.IsNaN(c.Score) {
			cells[3] = "no data"
		}
		for i, s := range cells {
			cols[i].cells = append(cols[i].cells, s)
		}
	}
	part.Contributors = section{ID: "contributors", Title: "Contributors", cols: cols,
		Empty: "No contributor had data."}
	return part
}

// valuePrec is the number of decimals a contributor's value is shown with:
// none for a whole number or from 10 up, else 2 (ln RMSSD, ratios).
func valuePrec(v float64) int {
	if math.Abs(v) >= 10 || v == math.Trunc(v) {
		return 0
	}
	return 2
}

// weeksSection builds the table of the weeks.
func weeksSection(b *analysis.Block) section {
	s := section{ID: "weeks", Title: "Weeks",
		Intro: []string{"Monday to Sunday. Load is the sum of the session loads; the zones split the heart-rate time; " +
			"CTL, ATL and TSB are those of the week's last day; readiness is the mean of its days' scores."},
		Empty: "No weeks: the block has no load model yet.", Wide: true}
	cols := []*column{
		{head: "week\n(Monday)"},
		{head: "sessions", right: true},
		{head: "time\n(h:mm)", right: true},
		{head: "run/bike/swim\n(km)", right: true},
		{head: "load", right: true},
		{head: "zones 1-5\n(% of time)"},
		{head: "polarization\nindex", right: true},
		{head: "monotony", right: true},
		{head: "strain", right: true},
		{head: "CTL", right: true},
		{head: "ATL", right: true},
		{head: "TSB", right: true},
		{head: "form", band: formBand},
		{head: "readiness\n(mean)", right: true},
	}
	weeks, shown := lastWeeks(b.Weeks, tableWeeks)
	if shown != "" {
		s.Intro = append(s.Intro, strings.TrimSpace(shown)+" Every week: bounceback load --format csv --table weeks PATH...")
	}
	for _, k := range weeks {
		cells := []string{
			isoDate(k.Start), strconv.Itoa(k.Sessions), hm(k.Timer), sportKm(k.Distance), fixed(k.Load, 0),
			zoneSplit(k.ZoneSeconds), fixed(k.PolarizationIndex, 2), fixed(k.Monotony, 2), fixed(k.Strain, 0),
			fixed(k.CTL, 0), fixed(k.ATL, 0), signed(k.TSB, 0), k.Form.String(), fixed(k.Readiness, 0),
		}
		for i, c := range cells {
			cols[i].cells = append(cols[i].cells, c)
		}
	}
	s.cols = cols
	return s
}

// sessionsSection builds the table of the sessions with their plans.
func sessionsSection(b *analysis.Block, rows []sessionRef, opts Options) section {
	s := section{ID: "sessions", Title: "Sessions",
		Intro: []string{"Each workout with its load and class, and the plans after it: how much to drink back " +
			"(litres, within the hours given) with the sodium to replace, and the refuel tier with its carbohydrate " +
			"and protein. HRV readings are left out. A load marked ~ is estimated without heart-rate samples."},
		Empty: "No sessions."}
	rows, shown := lastYearOfSessions(rows)
	if shown != "" {
		s.Intro = append(s.Intro, shown+" Every session: bounceback sessions --format csv PATH...")
	}
	startHead, startCell := startColumn(rows)
	cols := []*column{
		{head: startHead},
		{head: "sport"},
		{head: "time\n(h:mm)", right: true},
		{head: "dist\n(km)", right: true},
		{head: "avg HR\n(bpm)", right: true},
		{head: "TRIMP", right: true},
		{head: "HRSS", right: true},
		{head: "class", band: classBand},
		{head: "drink\n(L)", right: true},
		{head: "within\n(h)", right: true},
		{head: "sodium\n(mg)", right: true},
		{head: "refuel\ntier"},
		{head: "carbs\n(g)", right: true},
		{head: "protein\n(g)", right: true},
		{head: "file", path: true},
	}
	for _, r := range rows {
		sm := r.s
		drink, within, sodium := "", "", ""
		if f := sm.Fluid; f != nil {
			if f.Estimable {
				drink, within, sodium = fixed(f.DrinkL, 2), fixed(f.DrinkWithinH, 0), fixed(f.SodiumMg, 0)
			} else {
				drink = "n/a"
			}
		}
		tier, carbs, protein := "", "", ""
		if f := sm.Refuel; f != nil {
			tier, carbs, protein = f.Tier, fixed(f.CarbsG, 0), fixed(f.ProteinG, 0)
			if f.Light {
				tier = "normal meals"
			}
		}
		if sm.Event > 0 {
			drink, tier = "event", "event"
		}
		if m := sessionMark(sm); m != "" {
			tier = joinNonEmpty(", ", tier, m)
		}
		cells := []string{
			startCell(r), sportName(sm), hm(sm.Timer), fixed(sm.Distance/1000, 1), fixed(avgHR(sm), 0),
			loadCell(sm.TRIMP, sm.LoadEstimated), loadCell(sm.HRSS, sm.LoadEstimated), classText(sm.Class),
			drink, within, sodium, tier, carbs, protein, opts.name(r.file.Path),
		}
		for i, c := range cells {
			cols[i].cells = append(cols[i].cells, c)
		}
	}
	s.cols = cols
	return s
}

// lastYearOfSessions returns the sessions of the last tableWeeks weeks up
// to the last one (rows are in time order), as the weeks table keeps its
// last year: a ten-year export would make the page megabytes of rows. The
// note says how many were left out; "" when none was.
func lastYearOfSessions(rows []sessionRef) ([]sessionRef, string) {
	var last time.Time
	for _, r := range rows {
		if t := r.s.Start; t.After(last) {
			last = t
		}
	}
	if last.IsZero() {
		return rows, ""
	}
	cut := last.AddDate(0, 0, -7*tableWeeks)
	var keep []sessionRef
	for _, r := range rows {
		if r.s.Start.IsZero() || r.s.Start.After(cut) {
			keep = append(keep, r)
		}
	}
	if len(keep) == len(rows) {
		return rows, ""
	}
	return keep, fmt.Sprintf("The sessions of the last %d weeks: %d of %d.", tableWeeks, len(keep), len(rows))
}

// filesSection builds the table of the files that failed or are damaged.
func filesSection(b *analysis.Block, opts Options) section {
	s := section{ID: "files", Title: "Files with problems",
		Intro: []string{"Files that could not be read, or were read only in part; everything else was read in full."},
		Empty: "None: every file was read."}
	cols := []*column{{head: "file"}, {head: "status"}, {head: "problem", prose: true}}
	for i := range b.Files {
		f := &b.Files[i]
		var problems []string
		if f.Err != nil {
			problems = append(problems, f.Err.Error())
		}
		for _, w := range f.Warnings {
			problems = append(problems, w.Error())
		}
		if !f.Failed() {
			continue
		}
		for j, c := range []string{opts.name(f.Path), f.Status.String(), strings.Join(problems, "; ")} {
			cols[j].cells = append(cols[j].cells, c)
		}
	}
	s.cols = cols
	return s
}

// htmlTable is a table for the template.
type htmlTable struct {
	// Fold folds the table on a narrow screen (see section.Wide).
	Fold bool
	Head []htmlHead
	Rows [][]htmlCell
	Foot []htmlCell
}

// htmlHead is a column header: the name, and the unit on its own line.
type htmlHead struct {
	Name, Unit string
	Right      bool
}

// htmlCell is one cell; Chip is the CSS class of a band drawn as a chip,
// Link the id on the page the cell links to.
type htmlCell struct {
	// Label names the cell's column when the table folds.
	Label             string
	Text, Chip, Link  string
	Right, Wrap, Path bool
}

// newHTMLTable converts columns into an htmlTable; colour escapes are
// dropped (the chips carry the colour).
func newHTMLTable(cols []*column, fold bool) *htmlTable {
	t := &htmlTable{Fold: fold}
	hasFoot := false
	for _, c := range cols {
		name, unit, _ := strings.Cut(c.head, "\n")
		t.Head = append(t.Head, htmlHead{Name: name, Unit: unit, Right: c.right})
		hasFoot = hasFoot || c.foot != ""
	}
	n := len(cols[0].cells)
	for r := range n {
		row := make([]htmlCell, len(cols))
		for i, c := range cols {
			text := stripANSI(c.cells[r])
			row[i] = htmlCell{Text: text, Right: c.right, Wrap: c.prose, Path: c.path}
			if fold && i > 0 {
				name, unit, _ := strings.Cut(c.head, "\n")
				row[i].Label = joinNonEmpty(" ", name, unit)
			}
			if c.band != noBand {
				row[i].Chip = chipClass(c.band, text)
			}
		}
		t.Rows = append(t.Rows, row)
	}
	if hasFoot {
		for _, c := range cols {
			t.Foot = append(t.Foot, htmlCell{Text: stripANSI(c.foot), Right: c.right, Label: t.Rows[0][len(t.Foot)].Label})
		}
	}
	return t
}

// paletteCSS returns the CSS classes of the chips, one per band.
func paletteCSS() template.CSS {
	var b strings.Builder
	for _, kind := range []colorKind{classBand, readinessBand, formBand} {
		for _, name := range sortedKeys(palette[kind]) {
			c := palette[kind][name]
			fmt.Fprintf(&b, ".b-%s-%s{background:%s;color:%s;border-color:%s}\n", kindNames[kind], name, c.bg, darker(c.fg), c.fg)
		}
	}
	return template.CSS(b.String())
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// darker returns the "#rrggbb" colour at 75 % brightness, for text on a
// light background.
func darker(hex string) string {
	v, err := strconv.ParseUint(hex[1:], 16, 32)
	if err != nil {
		return hex
	}
	r, g, bl := (v>>16)&0xff, (v>>8)&0xff, v&0xff
	return fmt.Sprintf("#%02x%02x%02x", r*3/4, g*3/4, bl*3/4)
}

// swatchStyle is the CSS of a legend swatch.
func swatchStyle(l legendItem) template.CSS {
	switch l.Shape {
	case "line":
		return template.CSS("background:" + l.Color + ";height:3px;margin-bottom:4px")
	case "dot":
		return template.CSS("background:" + l.Color + ";border-radius:50%;width:8px;height:8px")
	case "dashed":
		return template.CSS("border-top:3px dashed " + l.Color + ";height:0;margin-bottom:4px")
	}
	return template.CSS("background:" + l.Color)
}

var pageTemplate = template.Must(template.New("page").Funcs(template.FuncMap{
	"palette": paletteCSS,
	"swatch":  swatchStyle,
}).Parse(pageHTML))

const pageHTML = `<!DOCTYPE html>
<html lang="en">
<head>
{{template "meta"}}
<title>{{.Title}}</title>
<style>
{{template "style"}}
</style>
</head>
<body>
<main>
<header>
<h1>{{.TitleHTML}}</h1>
<p class="sub">{{.Subtitle}}</p>
{{- if .Notice}}
<p class="notice">{{.Notice}}</p>
{{- end}}
</header>
<section id="summary" class="facts">
{{- range .Facts}}
{{template "fact" .}}
{{- end}}
</section>
{{with .Readiness}}
<section id="readiness">
<h2>{{.Title}}</h2>
{{- if .Empty}}
<p class="empty">{{.Empty}}</p>
{{- else}}
<div class="card">
<span class="score">{{.Score}}</span>{{with .Band}}<span class="chip {{.Class}}">{{.Text}}</span>{{end}}
<dl class="lines">
{{- range .Lines}}
<dt>{{index . 0}}</dt><dd>{{index . 1}}</dd>
{{- end}}
</dl>
</div>
{{with .Contributors}}{{template "table" .}}{{end}}
{{- end}}
</section>
{{end}}
<section id="charts">
<h2>Charts</h2>
{{- range .Charts}}
{{template "figure" .}}
{{- end}}
</section>
{{- range .Sections}}
<section id="{{.ID}}">
<h2>{{.Title}}</h2>
{{- range .Intro}}
<p>{{.}}</p>
{{- end}}
{{template "table" .}}
</section>
{{- end}}
{{template "footer" .Footer}}
</main>
</body>
</html>
{{define "footer"}}<footer>
{{- range .}}
<p>{{.}}</p>
{{- end}}
</footer>{{end}}{{define "meta"}}<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="bounceback">{{end}}{{define "style"}}:root{--fg:#222;--muted:#666;--line:#ddd;--bg:#fff;--soft:#f6f7f9}
*{box-sizing:border-box}
body{margin:0;background:var(--soft);color:var(--fg);font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Liberation Sans",Arial,sans-serif}
main{max-width:1180px;margin:0 auto;padding:24px 20px 48px}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:20px;margin:36px 0 10px;padding-bottom:4px;border-bottom:2px solid var(--line)}
h3{font-size:16px;margin:18px 0 6px}
.sub{color:var(--muted);margin:0 0 18px}
.notice{border-left:4px solid #c58b00;padding:6px 10px;margin:0 0 18px;background:rgba(197,139,0,.08)}
.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:10px}
.fact{background:var(--bg);border:1px solid var(--line);border-radius:8px;padding:10px 12px}
.fact .label{color:var(--muted);font-size:13px}
.fact .value{font-size:22px;font-weight:600;font-variant-numeric:tabular-nums}
.fact .note{color:var(--muted);font-size:13px}
.card{background:var(--bg);border:1px solid var(--line);border-radius:8px;padding:14px 16px;margin:12px 0}
.score{font-size:34px;font-weight:700;margin-right:10px;vertical-align:middle}
.chip{display:inline-block;padding:0 7px;border-radius:10px;border:1px solid;font-size:12.5px;line-height:18px;white-space:nowrap}
.score + .chip{font-size:15px;padding:2px 10px}
dl.lines{display:grid;grid-template-columns:max-content 1fr;gap:4px 14px;margin:10px 0 0}
dl.lines dt{color:var(--muted)}
dl.lines dd{margin:0}
figure{background:var(--bg);border:1px solid var(--line);border-radius:8px;margin:14px 0;padding:12px 14px}
figcaption{font-weight:600;font-size:16px}
figure .note{color:var(--muted);font-size:13px;margin:2px 0 6px}
svg.chart{display:block;width:100%;height:auto}
.narrow{display:none}
.overview{margin-top:8px;border-top:1px solid var(--line);padding-top:4px}
.nw{white-space:nowrap}
svg.chart text{font-family:"Liberation Sans",Arial,Helvetica,sans-serif !important}
.legend{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:13px;margin:4px 0}
.legend span{display:inline-flex;align-items:center;gap:6px}
.legend i{display:inline-block;width:14px;height:10px}
.empty{color:var(--muted);font-style:italic;padding:18px 0}
.scroll{overflow-x:auto;background:var(--bg);border:1px solid var(--line);border-radius:8px}
table{border-collapse:collapse;width:100%;font-size:13.5px;font-variant-numeric:tabular-nums}
th,td{padding:5px 7px;text-align:left;vertical-align:top;white-space:nowrap}
th{background:#eef0f3;font-weight:600;position:sticky;top:0}
th .unit{display:block;font-weight:400;color:var(--muted);font-size:12px}
tbody tr:nth-child(even){background:#fafbfc}
tbody tr:hover{background:#eef5ff}
td.r,th.r{text-align:right}
td.wrap{white-space:normal;min-width:260px}
td.path{white-space:normal;overflow-wrap:anywhere;min-width:110px;font-size:12.5px;color:#444}
tfoot td{font-weight:600;border-top:2px solid var(--line)}
footer{color:var(--muted);font-size:13px;margin-top:36px}
th:first-child,td:first-child{position:sticky;left:0;background:inherit}
th:first-child{z-index:1}
tbody tr{background:var(--bg)}
@media (max-width:859px){.wide{display:none}.narrow{display:block}}
@media (max-width:700px){
main{padding:16px 10px 36px}
h1{font-size:22px}
figure{padding:10px 8px}
.card{padding:12px 10px}
dl.lines{grid-template-columns:1fr;gap:0}
dl.lines dd{margin:0 0 6px}
table.fold,table.fold tbody,table.fold tfoot,table.fold tr{display:block}
table.fold thead{display:none}
table.fold tr{padding:6px 4px;border-bottom:1px solid var(--line)}
table.fold td{display:inline-block;position:static;white-space:normal;min-width:0;padding:1px 10px 1px 4px;text-align:left}
table.fold td:first-child{display:block;font-weight:600}
table.fold td[data-label]::before{content:attr(data-label) ": ";color:var(--muted);font-size:12px}
table.fold td.wrap,table.fold td.path{display:block}
}
{{palette}}{{end -}}
{{define "fact"}}<div class="fact"><div class="label">{{.Label}}</div><div class="value">{{.Value}}{{with .Band}} <span class="chip {{.Class}}">{{.Text}}</span>{{end}}</div>{{with .Note}}<div class="note">{{.}}</div>{{end}}</div>{{end -}}
{{define "figure"}}<figure id="{{.ID}}">
<figcaption>{{.Title}}</figcaption>
<div class="note">{{.Note}}</div>
{{- if .SVG}}
{{- with .Legend}}
<div class="legend">{{range .}}<span><i style="{{swatch .}}"></i>{{.Label}}</span>{{end}}</div>
{{- end}}
{{.SVG}}
{{- with .Overview}}
<div class="overview">
<div class="note">{{$.OverviewNote}}</div>
{{.}}
</div>
{{- end}}
{{- else}}
<div class="empty">{{.Empty}}</div>
{{- end}}
</figure>{{end -}}
{{define "table"}}
{{- with .Table}}
<div class="scroll{{if not .Fold}} wide{{end}}"><table{{if .Fold}} class="fold"{{end}}>
<thead><tr>{{range .Head}}<th{{if .Right}} class="r"{{end}}>{{.Name}}{{with .Unit}}<span class="unit">{{.}}</span>{{end}}</th>{{end}}</tr></thead>
<tbody>
{{- range .Rows}}
<tr>{{range .}}<td{{if .Right}} class="r"{{else if .Wrap}} class="wrap"{{else if .Path}} class="path"{{end}}{{with .Label}} data-label="{{.}}"{{end}}>{{if .Link}}<a href="#{{.Link}}">{{.Text}}</a>{{else if .Chip}}<span class="chip {{.Chip}}">{{.Text}}</span>{{else}}{{.Text}}{{end}}</td>{{end}}</tr>
{{- end}}
</tbody>
{{- with .Foot}}
<tfoot><tr>{{range .}}<td{{if .Right}} class="r"{{end}}{{with .Label}} data-label="{{.}}"{{end}}>{{.Text}}</td>{{end}}</tr></tfoot>
{{- end}}
</table></div>
{{- else}}
<p class="empty">{{.Empty}}</p>
{{- end}}
{{- end -}}
`
