package report

import (
	"bytes"
	"fmt"
	"html/template"
	"image/color"
	"math"
	"regexp"
	"slices"
	"strconv"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/bounceback/bounceback/analysis"
)

// This file draws the charts of the HTML page with gonum/plot as inline SVG.
// Every chart takes its numbers from the block as they are; a chart without
// data says so instead of drawing empty axes.

// chart is one chart of the page.
type chart struct {
	// ID names the chart (the figure's id), Title and Note describe it.
	ID, Title, Note string
	// SVG is the drawing; "" when there is nothing to draw, and Empty then
	// says why.
	SVG   template.HTML
	Empty string
	// Legend lists the series, in the order drawn.
	Legend []legendItem
	// Overview is the whole history as a compact strip under the chart,
	// with the chart's span shaded, and OverviewNote says what it draws;
	// "" when the chart already shows every day.
	Overview     template.HTML
	OverviewNote string
}

// legendItem is one entry of a chart's legend: a colour swatch, drawn as
// a line, a dashed line, a dot or a filled box.
type legendItem struct {
	Label, Color, Shape string
}

// The size of a chart: every chart is drawn twice, chartW units wide for
// wide screens and narrowW units wide for phones (the page shows one of the
// two, by its width: see the style), both with their texts chartFont units
// high. The page scales a chart to its width: the wide drawing shows from
// 860 CSS px on, where its data area is at least 790 px wide (texts of at
// least 12 px), the narrow one below, which at 400 px is drawn about 360 px
// wide (texts of 11.5 px; 10.4 px at 360 px).
const (
	chartW    = 720
	chartH    = 250
	narrowW   = 340
	chartFont = 11
	// overviewH is the height of an overview strip.
	overviewH = 100
)

// chartDays is the span of a time chart: the last 16 weeks up to the last
// day shown; a longer history is drawn whole in the overview strip under
// the chart.
const chartDays = 16 * 7

// chartTypeface is the font the charts are measured in, and drawn in (the
// page's style names the same family): gonum/plot places the labels by
// the font's metrics, which must be those the browser draws with.
var chartTypeface = font.Font{Typeface: "Liberation", Variant: "Sans"}

// charts returns the page's charts, in order.
func charts(b *analysis.Block) []chart {
	cs := []chart{
		fitnessChart(b),
		weeklyLoadChart(b),
		hrvChart(b),
	}
	if b.DailySources.SleepTime != "" {
		cs = append(cs, sleepChart(b))
	}
	return append(cs, readinessChart(b), zoneChart(b))
}

// hexColor parses "#rrggbb".
func hexColor(s string) color.Color {
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return color.Black
	}
	return color.RGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 255}
}

// The colours of the series.
const (
	ctlColor  = "#1f5fa8"
	atlColor  = "#d6336c"
	tsbColor  = "#333333"
	hrvColor  = "#1f5fa8"
	meanColor = "#e8710a"
	// garminColor draws Garmin's own numbers beside ours.
	garminColor = "#7b3294"
	rangeFill   = "#cfe3f5"
	gridColor   = "#e4e4e4"
	textColor   = "#333333"
)

// newPlot returns an empty plot in the page's style.
func newPlot() *plot.Plot {
	p := plot.New()
	p.BackgroundColor = color.Transparent
	p.Y.Tick.Marker = plot.TickerFunc(wholeTicks)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Tick.Label.Font = chartTypeface
		a.Tick.Label.Font.Size = vg.Points(chartFont)
		a.Tick.Label.Color = hexColor(textColor)
		a.Label.TextStyle.Font = chartTypeface
		a.Label.TextStyle.Font.Size = vg.Points(chartFont)
		a.Label.TextStyle.Color = hexColor(textColor)
		a.Color = hexColor("#999999")
		a.Tick.Color = hexColor("#999999")
		a.Padding = vg.Points(2)
	}
	return p
}

// addGrid adds light horizontal grid lines (and vertical ones with
// vertical set).
func addGrid(p *plot.Plot, vertical bool) {
	g := plotter.NewGrid()
	g.Horizontal.Color = hexColor(gridColor)
	g.Horizontal.Width = vg.Points(0.6)
	g.Vertical.Color = hexColor(gridColor)
	g.Vertical.Width = vg.Points(0.6)
	if !vertical {
		g.Vertical.Color = nil
	}
	p.Add(g)
}

// dayX is a date's position on a time axis: days since 1970-01-01.
func dayX(t time.Time) float64 {
	return float64(t.Unix()) / 86400
}

// dateTicks marks a time axis in days (see dayX). Up to half a year it
// ticks the Mondays, labelled "Aug 31" (every few weeks when there are
// many); up to two years the first day of each month, labelled "Sep
// 2026" every 1, 2, 3, 4, 6 or 12 months; beyond that the first of
// January, labelled "2026" every few years. About d.labels labels
// either way (ten when labels is 0).
type dateTicks struct{ labels int }

// Ticks implements plot.Ticker.
func (d dateTicks) Ticks(lo, hi float64) []plot.Tick {
	labels := float64(d.labels)
	if d.labels <= 0 {
		labels = 10
	}
	day := func(x float64) time.Time { return time.Unix(int64(math.Round(x*86400)), 0).UTC() }
	var ticks []plot.Tick
	switch span := hi - lo; {
	case span <= 183:
		every := max(1, int(math.Ceil(span/7/labels)))
		// 1970-01-05 was a Monday: day 4.
		first := math.Ceil((lo-4)/7)*7 + 4
		for i, x := 0, first; x <= hi; i, x = i+1, x+7 {
			t := plot.Tick{Value: x}
			if i%every == 0 {
				t.Label = day(x).Format("Jan 2")
			}
			ticks = append(ticks, t)
		}
	case span <= 2*366:
		// A step that divides the year, so that the labels fall on the
		// same months every year.
		every := 12
		for _, e := range []int{1, 2, 3, 4, 6} {
			if float64(e) >= span/30.4/labels {
				every = e
				break
			}
		}
		t0 := day(lo)
		m := time.Date(t0.Year(), t0.Month(), 1, 0, 0, 0, 0, time.UTC)
		if m.Before(t0) {
			m = m.AddDate(0, 1, 0)
		}
		for ; dayX(m) <= hi; m = m.AddDate(0, 1, 0) {
			t := plot.Tick{Value: dayX(m)}
			if (int(m.Month())-1)%every == 0 {
				t.Label = m.Format("Jan 2006")
			}
			ticks = append(ticks, t)
		}
	default:
		every := max(1, int(math.Ceil(span/365.25/labels)))
		y0 := day(lo).Year()
		if dayX(time.Date(y0, 1, 1, 0, 0, 0, 0, time.UTC)) < lo {
			y0++
		}
		for y := y0; ; y++ {
			x := dayX(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC))
			if x > hi {
				break
			}
			t := plot.Tick{Value: x}
			if y%every == 0 {
				t.Label = strconv.Itoa(y)
			}
			ticks = append(ticks, t)
		}
	}
	return ticks
}

// segments splits the points (x[i], y[i]) at the NaN values of y into
// runs of finite points.
func segments(x, y []float64) []plotter.XYs {
	var out []plotter.XYs
	var cur plotter.XYs
	for i := range x {
		if math.IsNaN(y[i]) || math.IsInf(y[i], 0) {
			if len(cur) > 0 {
				out = append(out, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, plotter.XY{X: x[i], Y: y[i]})
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// addLine draws y against x as a line in colour hex, broken where y is
// NaN; a run of one point is drawn as a dot. dashed draws it dashed.
func addLine(p *plot.Plot, x, y []float64, hex string, w float64, dashed bool) error {
	for _, seg := range segments(x, y) {
		if len(seg) == 1 {
			s, err := plotter.NewScatter(seg)
			if err != nil {
				return err
			}
			s.GlyphStyle.Color = hexColor(hex)
			s.GlyphStyle.Shape = draw.CircleGlyph{}
			s.GlyphStyle.Radius = vg.Points(w)
			p.Add(s)
			continue
		}
		l, err := plotter.NewLine(seg)
		if err != nil {
			return err
		}
		l.LineStyle.Color = hexColor(hex)
		l.LineStyle.Width = vg.Points(w)
		if dashed {
			l.LineStyle.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		}
		p.Add(l)
	}
	return nil
}

// addBand fills the area between lo and hi (drawn where both are finite)
// in colour hex.
func addBand(p *plot.Plot, x, lo, hi []float64, hex string) error {
	var start = -1
	flush := func(end int) error {
		if start < 0 || end-start < 2 {
			start = -1
			return nil
		}
		var poly plotter.XYs
		for i := start; i < end; i++ {
			poly = append(poly, plotter.XY{X: x[i], Y: hi[i]})
		}
		for i := end - 1; i >= start; i-- {
			poly = append(poly, plotter.XY{X: x[i], Y: lo[i]})
		}
		start = -1
		pg, err := plotter.NewPolygon(poly)
		if err != nil {
			return err
		}
		pg.Color = hexColor(hex)
		pg.LineStyle.Width = 0
		p.Add(pg)
		return nil
	}
	for i := range x {
		ok := !math.IsNaN(lo[i]) && !math.IsNaN(hi[i]) && !math.IsInf(lo[i], 0) && !math.IsInf(hi[i], 0)
		switch {
		case ok && start < 0:
			start = i
		case !ok:
			if err := flush(i); err != nil {
				return err
			}
		}
	}
	return flush(len(x))
}

// rect fills the box x0..x1, y0..y1 in colour hex.
func rect(p *plot.Plot, x0, x1, y0, y1 float64, hex string) error {
	pg, err := plotter.NewPolygon(plotter.XYs{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
	if err != nil {
		return err
	}
	pg.Color = hexColor(hex)
	pg.LineStyle.Width = 0
	p.Add(pg)
	return nil
}

// bandSpan is the part of a value axis that one band covers.
type bandSpan struct {
	name   string
	lo, hi float64
}

// bandSpans splits lo..hi into the spans that bandOf (a function of the
// analysis package, such as analysis.FormOf) gives one name, finding
// each edge by bisection to within 1e-6; the report never keeps the
// thresholds itself.
func bandSpans(bandOf func(float64) string, lo, hi float64) []bandSpan {
	if !(hi > lo) {
		return nil
	}
	const steps = 400
	var spans []bandSpan
	cur := bandSpan{name: bandOf(lo), lo: lo}
	prev := lo
	for i := 1; i <= steps; i++ {
		x := lo + (hi-lo)*float64(i)/steps
		name := bandOf(x)
		if name == cur.name {
			prev = x
			continue
		}
		a, b := prev, x
		for b-a > 1e-6 {
			m := (a + b) / 2
			if bandOf(m) == cur.name {
				a = m
			} else {
				b = m
			}
		}
		cur.hi = b
		spans = append(spans, cur)
		cur = bandSpan{name: name, lo: b}
		prev = x
	}
	cur.hi = hi
	return append(spans, cur)
}

// shadeBands fills the spans of the bands of kind across x0..x1 in their
// light colours and labels each at the left edge, clear of the 0 line: a
// band that holds 0 is labelled in the middle of its larger side of 0. A
// span of less than a tenth of the axis is too thin for its label and
// goes without one.
func shadeBands(p *plot.Plot, spans []bandSpan, kind colorKind, x0, x1 float64) error {
	var labels plotter.XYLabels
	var styles []colorKind
	whole := 0.0
	for _, s := range spans {
		whole += s.hi - s.lo
	}
	for _, s := range spans {
		c, ok := band(kind, s.name)
		if !ok {
			continue
		}
		if err := rect(p, x0, x1, s.lo, s.hi, c.bg); err != nil {
			return err
		}
		if s.hi-s.lo < whole/10 {
			continue
		}
		labels.XYs = append(labels.XYs, plotter.XY{X: x0, Y: labelY(s.lo, s.hi)})
		labels.Labels = append(labels.Labels, " "+s.name)
		styles = append(styles, kind)
	}
	if len(labels.XYs) == 0 {
		return nil
	}
	l, err := plotter.NewLabels(labels)
	if err != nil {
		return err
	}
	for i := range l.TextStyle {
		c, _ := band(styles[i], labels.Labels[i][1:])
		l.TextStyle[i].Color = hexColor(c.fg)
		l.TextStyle[i].Font = chartTypeface
		l.TextStyle[i].Font.Size = vg.Points(chartFont)
		l.TextStyle[i].YAlign = -0.5
	}
	p.Add(l)
	return nil
}

// labelY is where the label of the band lo..hi goes: its middle, or the
// middle of its larger side of 0 when it holds 0 (the charts draw a 0
// line).
func labelY(lo, hi float64) float64 {
	if lo < 0 && hi > 0 {
		if -lo > hi {
			return lo / 2
		}
		return hi / 2
	}
	return (lo + hi) / 2
}

// svgHead matches what vgsvg writes before the <svg> element and the
// element's fixed size, which the page replaces by its own.
var (
	svgProlog = regexp.MustCompile(`^(?s)<\?xml[^>]*>\s*(<!--.*?-->\s*)?`)
	svgSize   = regexp.MustCompile(`^<svg width="[^"]*" height="[^"]*"`)
)

// toSVG draws the plots, stacked in one column of equal rows with their
// data areas aligned, twice (see chartW): height units high for wide
// screens, and narrower, a little less high, with fewer date labels and
// thinner bars for phones. Each drawing is an SVG for inline use: no XML
// prolog, no fixed size (the viewBox stays), and the title as its
// accessible name. bars are the plots' bar charts, drawn barFrac of a
// week's width in each drawing, of weeks weeks. gonum/plot panics on
// some impossible ranges; that becomes an error.
func toSVG(title string, height float64, plots ...*plot.Plot) (template.HTML, error) {
	return toSVGBars(title, height, nil, 0, plots...)
}

// toSVGBars is toSVG for plots with bar charts: bars, one per week of
// weeks, are barFrac of a week's width.
func toSVGBars(title string, height float64, bars []*plotter.BarChart, weeks int, plots ...*plot.Plot) (template.HTML, error) {
	out := make([]template.HTML, 2)
	for i, w := range []float64{chartW, narrowW} {
		narrow := w == narrowW
		h := height
		markers := make([]plot.Ticker, len(plots))
		for j, p := range plots {
			markers[j] = p.X.Tick.Marker
			switch m := p.X.Tick.Marker.(type) {
			case dateTicks:
				if narrow {
					p.X.Tick.Marker = dateTicks{labels: 4}
				}
			case weekTicks:
				if narrow {
					m.labels = 4
					p.X.Tick.Marker = m
				}
			}
		}
		if narrow {
			h = math.Round(height * 0.9)
		}
		// The data area is the width less the y axis (about 55 units).
		for _, b := range bars {
			b.Width = vg.Points(0.6 * (w - 60) / float64(max(weeks, 1)))
		}
		svg, err := drawSVG(title, w, h, plots)
		for j, p := range plots {
			p.X.Tick.Marker = markers[j]
		}
		if err != nil {
			return "", err
		}
		out[i] = svg
	}
	return `<div class="wide">` + out[0] + `</div><div class="narrow">` + out[1] + `</div>`, nil
}

// drawSVG draws the plots (see toSVG) on a canvas w by h units.
func drawSVG(title string, w, h float64, plots []*plot.Plot) (svg template.HTML, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("chart %s: %v", title, r)
		}
	}()
	c := vgsvg.New(vg.Points(w), vg.Points(h))
	// A margin of 3 units on each side: the texts' boxes as the browser
	// draws them stay inside the SVG.
	dc := draw.Crop(draw.New(c), vg.Points(3), -vg.Points(3), vg.Points(3), -vg.Points(3))
	if len(plots) == 1 {
		plots[0].Draw(dc)
	} else {
		// plot.Align gives every plot the same data area, so that the x
		// axes line up.
		rows := make([][]*plot.Plot, len(plots))
		for i, p := range plots {
			rows[i] = []*plot.Plot{p}
		}
		tiles := plot.Align(rows, draw.Tiles{Rows: len(plots), Cols: 1, PadY: vg.Points(4)}, dc)
		for i, p := range plots {
			p.Draw(tiles[i][0])
		}
	}
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return "", err
	}
	out := svgProlog.ReplaceAll(buf.Bytes(), nil)
	out = svgSize.ReplaceAll(out, []byte(`<svg class="chart" role="img" aria-label="`+template.HTMLEscapeString(title)+`"`))
	// The page's own markup, never text from a file: the labels are ours,
	// and vgsvg escapes every text it draws.
	return template.HTML(out), nil
}

// chartWindow returns the x range of a time chart: the last chartDays
// days of x0..x1 (see dayRange), and whether that leaves days out.
func chartWindow(x0, x1 float64) (lo, hi float64, cut bool) {
	if x1-x0 <= chartDays+1 {
		return x0, x1, false
	}
	return x1 - chartDays, x1, true
}

// inWindow returns the points of (x, y...) with x within lo..hi.
func inWindow(lo, hi float64, x []float64, ys ...[]float64) ([]float64, [][]float64) {
	i := 0
	for i < len(x) && x[i] < lo {
		i++
	}
	j := len(x)
	for j > i && x[j-1] > hi {
		j--
	}
	out := make([][]float64, len(ys))
	for k, y := range ys {
		out[k] = y[i:j]
	}
	return x[i:j], out
}

// weeklyMeans returns the mean of the finite values of y over each
// 7 days of x (days, see dayX) from the first, at the middle of its
// days: an overview of years stays a few hundred points.
func weeklyMeans(x, y []float64) (wx, wy []float64) {
	if len(x) == 0 {
		return nil, nil
	}
	start := x[0]
	sum, n, bin := 0.0, 0, 0
	flush := func() {
		wx = append(wx, start+7*float64(bin)+3)
		if n == 0 {
			wy = append(wy, math.NaN())
		} else {
			wy = append(wy, sum/float64(n))
		}
		sum, n = 0, 0
	}
	for i := range x {
		for b := int((x[i] - start) / 7); bin < b; {
			flush()
			bin++
		}
		if !math.IsNaN(y[i]) && !math.IsInf(y[i], 0) {
			sum += y[i]
			n++
		}
	}
	flush()
	return wx, wy
}

// overview draws the whole history of one series (x in days, see dayX)
// as a compact strip, with the span lo..hi of the chart above it shaded,
// and sets c's overview with note (what the series is).
func overview(c *chart, x, y []float64, hex, ylabel, note string, lo, hi float64) error {
	ylo, yhi, ok := finiteRange(y)
	if !ok || len(x) == 0 {
		return nil
	}
	p := newPlot()
	p.X.Tick.Marker = dateTicks{labels: 8}
	p.X.Min, p.X.Max = math.Min(x[0], lo)-0.5, math.Max(x[len(x)-1], hi)+0.5
	// From 0, unless the values stay far from it (ln RMSSD).
	p.Y.Min, p.Y.Max = 0, yhi*1.1+1e-9
	if ylo > yhi/2 {
		pad := math.Max(0.05, (yhi-ylo)*0.1)
		p.Y.Min, p.Y.Max = ylo-pad, yhi+pad
	}
	p.Y.Label.Text = ylabel
	if err := rect(p, lo, hi, p.Y.Min, p.Y.Max, "#e8eef6"); err != nil {
		return err
	}
	addGrid(p, false)
	if err := addLine(p, x, y, hex, 1.2, false); err != nil {
		return err
	}
	svg, err := toSVG(c.Title+": the whole history", overviewH, p)
	if err != nil {
		return err
	}
	c.Overview = svg
	c.OverviewNote = fmt.Sprintf("The whole history: %s; the shaded part is the last %d weeks drawn above.", note, chartDays/7)
	return nil
}

// dayRange returns the x range of the block's days up to its last data
// (the charts' default period) and of its daily series, padded by half a
// day.
func dayRange(b *analysis.Block) (lo, hi float64, ok bool) {
	var dates []time.Time
	for _, d := range daysToLastData(b) {
		dates = append(dates, d.Date)
	}
	for _, d := range b.Daily {
		dates = append(dates, d.Date)
	}
	if len(dates) == 0 {
		return 0, 0, false
	}
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, t := range dates {
		lo = min(lo, dayX(t))
		hi = max(hi, dayX(t))
	}
	return lo - 0.5, hi + 0.5, true
}

// finiteRange returns the smallest and largest finite values of the
// series; ok is false when there is none.
func finiteRange(series ...[]float64) (lo, hi float64, ok bool) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, s := range series {
		for _, v := range s {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				continue
			}
			lo, hi, ok = min(lo, v), max(hi, v), true
		}
	}
	return lo, hi, ok
}

// fitnessChart draws CTL (fitness) and ATL (fatigue) over the days, and
// below them TSB (form) on the form bands.
func fitnessChart(b *analysis.Block) chart {
	c := chart{ID: "fitness", Title: "Fitness, fatigue and form",
		Note: "CTL (fitness, 42-day) and ATL (fatigue, 7-day) are exponentially weighted averages of the daily load; " +
			"TSB (form) = CTL − ATL of the day before. The shaded bands are the form bands.",
		Legend: []legendItem{{"fitness (CTL)", ctlColor, "line"}, {"fatigue (ATL)", atlColor, "line"},
			{"form (TSB)", tsbColor, "line"}}}
	days := daysToLastData(b)
	n := len(days)
	x := make([]float64, n)
	ctl, atl, tsb := make([]float64, n), make([]float64, n), make([]float64, n)
	for i, d := range days {
		x[i], ctl[i], atl[i], tsb[i] = dayX(d.Date), d.CTL, d.ATL, d.TSB
	}
	if _, _, ok := finiteRange(ctl, atl); !ok {
		c.Empty = "No load model: the block has no days with a load."
		c.Legend = nil
		return c
	}
	all, allCTL := x, ctl
	x0, x1, _ := dayRange(b)
	x0, x1, cut := chartWindow(x0, x1)
	x, ys := inWindow(x0, x1, x, ctl, atl, tsb)
	ctl, atl, tsb = ys[0], ys[1], ys[2]
	lo, hi, ok := finiteRange(ctl, atl)
	if !ok {
		lo, hi = 0, 1
	}
	top := newPlot()
	top.X.Tick.Marker = dateTicks{}
	top.X.Min, top.X.Max = x0, x1
	top.Y.Label.Text = "load per day"
	top.Y.Min, top.Y.Max = math.Min(0, lo), hi*1.08+1
	addGrid(top, true)
	top.HideX()
	var err error
	for _, s := range []struct {
		y   []float64
		hex string
	}{{ctl, ctlColor}, {atl, atlColor}} {
		if err = addLine(top, x, s.y, s.hex, 2, false); err != nil {
			c.Empty = err.Error()
			return c
		}
	}
	bottom := newPlot()
	bottom.X.Tick.Marker = dateTicks{}
	bottom.X.Min, bottom.X.Max = x0, x1
	bottom.Y.Label.Text = "TSB"
	tlo, thi, ok := finiteRange(tsb)
	if !ok {
		tlo, thi = -10, 10
	}
	// Show at least the neutral band and a little of each side of it.
	tlo, thi = math.Min(tlo, -15)-5, math.Max(thi, 10)+5
	bottom.Y.Min, bottom.Y.Max = tlo, thi
	if err = shadeBands(bottom, bandSpans(func(x float64) string { return analysis.FormOf(x).String() }, tlo, thi), formBand, x0, x1); err == nil {
		addGrid(bottom, true)
		err = addLine(bottom, []float64{x0, x1}, []float64{0, 0}, "#888888", 0.8, false)
	}
	if err == nil {
		err = addLine(bottom, x, tsb, tsbColor, 1.8, false)
	}
	if err == nil {
		c.SVG, err = toSVG(c.Title, 400, top, bottom)
	}
	if err == nil && cut {
		wx, wy := weeklyMeans(all, allCTL)
		err = overview(&c, wx, wy, ctlColor, "CTL", "fitness (CTL), the mean of each week", x0, x1)
	}
	if err != nil {
		c.Empty = "The chart could not be drawn: " + err.Error()
	}
	return c
}

// chartWeeks is the number of weeks a weekly chart shows: the last 16
// (see chartDays); a longer history is drawn whole in the overview strip
// under the chart.
const chartWeeks = chartDays / 7

// tableWeeks is the most weeks the weeks table shows: the last year; the
// CSV keeps every week.
const tableWeeks = 52

// lastWeeks returns the last n of the weeks and a note saying so when
// some were left out.
func lastWeeks(weeks []analysis.Week, n int) ([]analysis.Week, string) {
	if len(weeks) <= n {
		return weeks, ""
	}
	return weeks[len(weeks)-n:], fmt.Sprintf(" The last %d of %d weeks.", n, len(weeks))
}

// weekLabel labels a week by its Monday: "Aug 31", or "Aug 31 '26" when
// the weeks shown span two calendar years.
func weekLabel(t time.Time, year bool) string {
	if year {
		return t.Format("Jan 2 '06")
	}
	return t.Format("Jan 2")
}

// weeklyChart finishes c as a chart of the last weeks of b (see
// lastWeeks): one bar per week, stacked from the series named names in
// order, series s of week k being value(k, s); a series without any value
// is left out of the bars and of the legend.
func weeklyChart(c chart, b *analysis.Block, names, colors []string, value func(k *analysis.Week, s int) float64, ylabel string) chart {
	if len(b.Weeks) == 0 {
		c.Empty = "No weeks: the block has no load model."
		return c
	}
	weeks, shown := lastWeeks(b.Weeks, chartWeeks)
	c.Note += shown
	values := make([][]float64, len(names))
	for s := range names {
		values[s] = make([]float64, len(weeks))
		for i := range weeks {
			values[s][i] = value(&weeks[i], s)
		}
	}
	err := stackedWeeks(&c, weeks, names, colors, values, ylabel)
	if err == nil && shown != "" && c.SVG != "" {
		// The whole history: each week's total.
		x, y := make([]float64, len(b.Weeks)), make([]float64, len(b.Weeks))
		for i := range b.Weeks {
			x[i] = dayX(b.Weeks[i].Start) + 3
			for s := range names {
				y[i] += finite(value(&b.Weeks[i], s))
			}
		}
		err = overview(&c, x, y, tsbColor, ylabel, "each week's total", dayX(weeks[0].Start), dayX(weeks[len(weeks)-1].Start)+7)
	}
	if err != nil {
		c.SVG, c.Empty, c.Overview = "", "The chart could not be drawn: "+err.Error(), ""
	}
	return c
}

// weekTicks label about labels of a weekly chart's bars (see
// stackedWeeks), the last one included, with no tick for the others (a
// tick per week blurs into a bar).
type weekTicks struct {
	names  []string
	labels int
}

// Ticks implements plot.Ticker.
func (w weekTicks) Ticks(lo, hi float64) []plot.Tick {
	every := max(1, int(math.Ceil(float64(len(w.names))/float64(max(w.labels, 1)))))
	var ticks []plot.Tick
	for i := len(w.names) - 1; i >= 0; i -= every {
		ticks = append(ticks, plot.Tick{Value: float64(i), Label: w.names[i]})
	}
	slices.Reverse(ticks)
	return ticks
}

// stackedWeeks draws one bar per week, stacked from the series in order
// (values[s][week]); a series without any value is left out of the bars
// and of the legend.
func stackedWeeks(c *chart, weeks []analysis.Week, names, colors []string, values [][]float64, ylabel string) error {
	p := newPlot()
	p.Y.Label.Text = ylabel
	p.Y.Min = 0
	addGrid(p, false)
	labels := make([]string, len(weeks))
	year := len(weeks) > 0 && weeks[0].Start.Year() != weeks[len(weeks)-1].Start.Year()
	for i, k := range weeks {
		labels[i] = weekLabel(k.Start, year)
	}
	var below *plotter.BarChart
	var bars []*plotter.BarChart
	top := 0.0
	for i := range weeks {
		sum := 0.0
		for s := range names {
			sum += finite(values[s][i])
		}
		top = max(top, sum)
	}
	// The tallest bar stays inside the axes.
	p.Y.Max = top*1.08 + 1e-9
	for s, name := range names {
		total := 0.0
		for _, v := range values[s] {
			total += finite(v)
		}
		if !(total > 0) {
			continue
		}
		vals := make(plotter.Values, len(weeks))
		for i, v := range values[s] {
			vals[i] = finite(v)
		}
		bar, err := plotter.NewBarChart(vals, 1)
		if err != nil {
			return err
		}
		bar.Color = hexColor(colors[s])
		bar.LineStyle.Width = 0
		if below != nil {
			bar.StackOn(below)
		}
		below = bar
		bars = append(bars, bar)
		p.Add(bar)
		c.Legend = append(c.Legend, legendItem{name, colors[s], "box"})
	}
	if below == nil {
		c.Empty = "Nothing to draw: no week has a value."
		return nil
	}
	p.NominalX(labels...)
	p.X.Tick.Marker = weekTicks{names: labels, labels: 12}
	svg, err := toSVGBars(c.Title, chartH, bars, len(weeks), p)
	c.SVG = svg
	return err
}

// weeklyLoadChart draws each week's load stacked by intensity class.
func weeklyLoadChart(b *analysis.Block) chart {
	c := chart{ID: "weekly-load", Title: "Weekly load by intensity class",
		Note: "The sum of the week's session loads (Monday to Sunday), split by the sessions' classes."}
	var names, colors []string
	for _, cl := range classOrder {
		col, _ := band(classBand, cl.String())
		names, colors = append(names, cl.String()), append(colors, col.fg)
	}
	return weeklyChart(c, b, names, colors, func(k *analysis.Week, s int) float64 { return k.ClassLoad[names[s]] }, "load")
}

// zoneChart draws each week's heart-rate time stacked by zone.
func zoneChart(b *analysis.Block) chart {
	c := chart{ID: "zones", Title: "Heart-rate zones per week",
		Note: "Hours in each heart-rate zone per week, from the sessions with heart rate."}
	names := make([]string, 5)
	for z := range names {
		names[z] = fmt.Sprintf("zone %d", z+1)
	}
	return weeklyChart(c, b, names, zoneColors[:], func(k *analysis.Week, z int) float64 { return k.ZoneSeconds[z] / 3600 }, "hours")
}

// hrvChart draws the daily ln RMSSD, its 7-day mean and its normal range.
func hrvChart(b *analysis.Block) chart {
	c := chart{ID: "hrv", Title: "Daily HRV",
		Note: "ln RMSSD of each day, its 7-day mean and the normal range (60-day mean ± 0.5 SD); " +
			"a 7-day mean below the range suggests going easy.",
		Legend: []legendItem{{"ln RMSSD", hrvColor, "dot"}, {"7-day mean", meanColor, "line"},
			{"normal range", rangeFill, "box"}}}
	return dailyChart(c, b, func(d *analysis.Daily) (v, mean, lo, hi float64) {
		return d.LnRMSSD, d.HRVMean7, d.HRVLow, d.HRVHigh
	}, "No HRV: no morning readings and no overnight HRV in the files.", "ln RMSSD (ln ms)",
		func(ylo, yhi float64) (float64, float64) {
			pad := math.Max(0.05, (yhi-ylo)*0.08)
			return ylo - pad, yhi + pad
		})
}

// sleepChart draws the night's sleep time of each day (the account
// export's sleepData) with its 7-day mean and normal range.
func sleepChart(b *analysis.Block) chart {
	c := chart{ID: "sleep", Title: "Sleep",
		Note: "Sleep time of each night (deep + light + REM, from Garmin's account export), its 7-day mean and " +
			"the normal range (60-day mean ± 0.5 SD).",
		Legend: []legendItem{{"sleep (h)", hrvColor, "dot"}, {"7-day mean", meanColor, "line"},
			{"normal range", rangeFill, "box"}}}
	return dailyChart(c, b, func(d *analysis.Daily) (v, mean, lo, hi float64) {
		return d.Sleep.V, d.Sleep.Mean7, d.Sleep.Low, d.Sleep.High
	}, "No sleep time in the files.", "sleep (h)",
		func(ylo, yhi float64) (float64, float64) { return math.Max(0, ylo-0.5), yhi + 0.5 })
}

// dailyChart draws c: a daily series of b (what get returns of each day:
// the value, its 7-day mean and its normal range) as dots over the mean
// and the band, on the y range yRange makes of the data's; empty says why
// there is no chart when no day has a value.
func dailyChart(c chart, b *analysis.Block, get func(*analysis.Daily) (v, mean, lo, hi float64), empty, yLabel string,
	yRange func(ylo, yhi float64) (float64, float64)) chart {
	n := len(b.Daily)
	x, v, mean, lo, hi := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range b.Daily {
		d := &b.Daily[i]
		x[i] = dayX(d.Date)
		v[i], mean[i], lo[i], hi[i] = get(d)
	}
	if _, _, ok := finiteRange(v, mean, lo, hi); !ok {
		c.Empty = empty
		c.Legend = nil
		return c
	}
	all, allMean := x, mean
	x0, x1, _ := dayRange(b)
	x0, x1, cut := chartWindow(x0, x1)
	x, ys := inWindow(x0, x1, x, v, mean, lo, hi)
	v, mean, lo, hi = ys[0], ys[1], ys[2], ys[3]
	ylo, yhi, ok := finiteRange(v, mean, lo, hi)
	if !ok {
		c.Empty = empty + fmt.Sprintf(" (none in the last %d weeks)", chartDays/7)
		c.Legend = nil
		return c
	}
	p := newPlot()
	p.X.Tick.Marker = dateTicks{}
	p.X.Min, p.X.Max = x0, x1
	p.Y.Min, p.Y.Max = yRange(ylo, yhi)
	p.Y.Label.Text = yLabel
	err := addBand(p, x, lo, hi, rangeFill)
	if err == nil {
		addGrid(p, true)
		err = addLine(p, x, mean, meanColor, 2, false)
	}
	if err == nil {
		err = addDots(p, x, v, hrvColor)
	}
	if err == nil {
		c.SVG, err = toSVG(c.Title, chartH, p)
	}
	if err == nil && cut {
		wx, wy := weeklyMeans(all, allMean)
		err = overview(&c, wx, wy, meanColor, yLabel, "the 7-day mean, each week's", x0, x1)
	}
	if err != nil {
		c.SVG, c.Empty, c.Overview = "", "The chart could not be drawn: "+err.Error(), ""
	}
	return c
}

// addDots draws the finite points of (x, y) as small dots.
func addDots(p *plot.Plot, x, y []float64, hex string) error {
	var pts plotter.XYs
	for i := range x {
		if !math.IsNaN(y[i]) && !math.IsInf(y[i], 0) {
			pts = append(pts, plotter.XY{X: x[i], Y: y[i]})
		}
	}
	s, err := plotter.NewScatter(pts)
	if err != nil {
		return err
	}
	s.GlyphStyle.Color = hexColor(hex)
	s.GlyphStyle.Shape = draw.CircleGlyph{}
	s.GlyphStyle.Radius = vg.Points(2.2)
	p.Add(s)
	return nil
}

// readinessChart draws the readiness score of each day.
func readinessChart(b *analysis.Block) chart {
	c := chart{ID: "readiness-history", Title: "Readiness history",
		Note: "The readiness score of each day (0–100), computed with the data up to that day only; " +
			"the shaded bands are the readiness bands.",
		Legend: []legendItem{{"readiness", tsbColor, "line"}}}
	days := daysToLastData(b)
	n := len(days)
	x, y, g := make([]float64, n), make([]float64, n), make([]float64, n)
	for i, d := range days {
		x[i], y[i], g[i] = dayX(d.Date), d.Readiness, d.GarminReadiness
	}
	_, _, garmin := finiteRange(g)
	if garmin {
		c.Legend = append(c.Legend, legendItem{"Garmin's Training Readiness", garminColor, "dashed"})
		c.Note += " The dashed line is Garmin's own Training Readiness (its morning score, from the account export)."
	}
	if _, _, ok := finiteRange(y); !ok {
		c.Empty = "No readiness: no day had enough data for a score."
		c.Legend = nil
		return c
	}
	all, allY := x, y
	x0, x1, _ := dayRange(b)
	x0, x1, cut := chartWindow(x0, x1)
	x, ys := inWindow(x0, x1, x, y, g)
	y, g = ys[0], ys[1]
	p := newPlot()
	p.X.Tick.Marker = dateTicks{}
	p.X.Min, p.X.Max = x0, x1
	p.Y.Min, p.Y.Max = 0, 100
	p.Y.Label.Text = "score"
	// The bands of analysis.Readiness.Band: recover up to RecoverMax,
	// ready from ReadyMin.
	err := shadeBands(p, []bandSpan{{"recover", 0, analysis.RecoverMax}, {"moderate", analysis.RecoverMax, analysis.ReadyMin},
		{"ready", analysis.ReadyMin, 100}}, readinessBand, x0, x1)
	if err == nil {
		addGrid(p, true)
		err = addLine(p, x, y, tsbColor, 1.8, false)
	}
	if err == nil && garmin {
		err = addLine(p, x, g, garminColor, 1.4, true)
	}
	if err == nil {
		c.SVG, err = toSVG(c.Title, chartH, p)
	}
	if err == nil && cut {
		wx, wy := weeklyMeans(all, allY)
		err = overview(&c, wx, wy, tsbColor, "score", "the readiness, each week's mean", x0, x1)
	}
	if err != nil {
		c.SVG, c.Empty, c.Overview = "", "The chart could not be drawn: "+err.Error(), ""
	}
	return c
}
