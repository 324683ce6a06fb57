package report

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/bounceback/bounceback/analysis"
)

// This file writes the squad table (bounceback squad): one row per athlete,
// every value computed by analysis.SquadRow; the views only format and
// order the rows.

// SquadSortKeys are the columns the squad table may be sorted by, as
// --sort names them.
var SquadSortKeys = []string{"name", "readiness", "load", "acwr", "tsb", "hrv", "last"}

// SortSquad orders rows by the column key (one of SquadSortKeys): name
// A–Z; readiness from the lowest (the athletes to look at first); load and
// acwr from the highest; tsb from the lowest (the most fatigued); hrv from
// the lowest against the athlete's own normal range (the mean's distance
// from the range's middle over its half-width, since ln RMSSD differs
// between athletes); last from the longest since the last session. Absent
// values come last; ties go by name. An unknown key is an error naming
// the valid ones.
func SortSquad(rows []analysis.SquadSummary, key string) error {
	type rank struct {
		v    func(*analysis.SquadSummary) float64
		desc bool
	}
	ranks := map[string]rank{
		"readiness": {func(s *analysis.SquadSummary) float64 { return s.Readiness }, false},
		"load":      {func(s *analysis.SquadSummary) float64 { return s.Load7 }, true},
		"acwr":      {func(s *analysis.SquadSummary) float64 { return s.ACWR }, true},
		"tsb":       {func(s *analysis.SquadSummary) float64 { return s.TSB }, false},
		"hrv":       {hrvPlace, false},
		"last": {func(s *analysis.SquadSummary) float64 {
			if s.DaysSince < 0 {
				return math.NaN()
			}
			return float64(s.DaysSince)
		}, true},
	}
	r, ok := ranks[key]
	if !ok && key != "name" {
		return fmt.Errorf("unknown column %q (want %s)", key, strings.Join(SquadSortKeys, ", "))
	}
	slices.SortStableFunc(rows, func(a, b analysis.SquadSummary) int {
		if ok {
			x, y := r.v(&a), r.v(&b)
			switch xn, yn := math.IsNaN(x), math.IsNaN(y); {
			case xn && !yn:
				return 1
			case yn && !xn:
				return -1
			case !xn && x != y:
				if r.desc {
					return cmp.Compare(y, x)
				}
				return cmp.Compare(x, y)
			}
		}
		return cmp.Compare(a.Athlete, b.Athlete)
	})
	return nil
}

// hrvPlace is the HRV mean's distance from the middle of its normal range
// over the range's half-width: 0 in the middle, -1 at its low end; NaN
// without a range.
func hrvPlace(s *analysis.SquadSummary) float64 {
	half := (s.HRVHigh - s.HRVLow) / 2
	if !(half > 0) {
		return math.NaN()
	}
	return (s.HRV - (s.HRVLow + half)) / half
}

// Squad writes the squad table in opts.Format: Text (a table with the
// units in its headers, fitted to opts.Width), Markdown (the same as a
// pipe table), CSV (one header row, ISO dates, the units in the column
// names) or JSON. rows are written in their order.
func Squad(w io.Writer, rows []analysis.SquadSummary, opts Options) error {
	switch opts.Format {
	case CSV:
		return squadCSV(w, rows)
	case JSON:
		return squadJSON(w, rows)
	case Markdown:
		var buf bytes.Buffer
		opts.Width, opts.Color = markdownWidth, false
		if err := squadText(&buf, rows, opts); err != nil {
			return err
		}
		_, err := w.Write(markdownDoc(buf.Bytes()))
		return err
	case Text:
		return squadText(w, rows, opts)
	}
	return fmt.Errorf("report: squad: no %s output", opts.Format)
}

// squadText writes the table, then one line naming the as-of day and the
// load unit. When the table is too wide for opts.Width, the columns go in
// this order: confidence, class, sport, HRV range, resting HR, load
// change, advice, held back by.
func squadText(w io.Writer, rows []analysis.SquadSummary, opts Options) error {
	if len(rows) == 0 {
		_, err := fmt.Fprintln(w, "0 athletes")
		return err
	}
	metric := squadMetric(rows)
	var buf bytes.Buffer
	if err := render(&buf, fit(squadColumns(rows, opts), opts.Width)); err != nil {
		return err
	}
	out := buf.Bytes()
	if opts.Width != markdownWidth {
		out = tidy(out)
	}
	_, err := fmt.Fprintf(w, "%s\nas of the end of %s; load in %s points\n", out, isoDate(rows[0].AsOf), metric)
	return err
}

// squadColumns returns the columns of the squad table, the empty last
// ones dropped; keep orders the columns fit drops first.
func squadColumns(rows []analysis.SquadSummary, opts Options) []*column {
	metric := squadMetric(rows)
	c := func(head string, right bool, keep int, cell func(*analysis.SquadSummary) string) *column {
		col := &column{head: head, right: right, keep: keep}
		for i := range rows {
			col.cells = append(col.cells, Clean(cell(&rows[i])))
		}
		return col
	}
	cols := []*column{
		c("athlete", false, 0, func(s *analysis.SquadSummary) string { return s.Athlete }),
		c("readiness\n(0–100)", true, 0, func(s *analysis.SquadSummary) string {
			return orDash(opts.paintAs(readinessBand, s.Band.String(), strings.TrimSpace(fixed(s.Readiness, 0)+" "+s.Band.String())))
		}),
		c("confidence", false, 1, func(s *analysis.SquadSummary) string { return orDash(s.Confidence) }),
		c("held back by", false, 8, func(s *analysis.SquadSummary) string { return orDash(heldBack(s)) }),
		c("advice", false, 7, func(s *analysis.SquadSummary) string { return orDash(s.Advice.String()) }),
		c("load 7 d\n("+metric+")", true, 0, func(s *analysis.SquadSummary) string { return orDash(fixed(s.Load7, 0)) }),
		c("vs prev 7 d\n(%)", true, 6, func(s *analysis.SquadSummary) string { return orDash(signed(s.LoadChange, 0)) }),
		c("ACWR", true, 0, func(s *analysis.SquadSummary) string { return orDash(fixed(s.ACWR, 2)) }),
		c("TSB\n("+metric+")", true, 0, func(s *analysis.SquadSummary) string { return orDash(signed(s.TSB, 0)) }),
		c("HRV 7 d\n(ln ms)", true, 0, func(s *analysis.SquadSummary) string {
			return orDash(strings.TrimSpace(fixed(s.HRV, 2) + " " + s.HRVStatus.String()))
		}),
		c("HRV normal\n(ln ms)", false, 4, func(s *analysis.SquadSummary) string { return orDash(span(s.HRVLow, s.HRVHigh)) }),
		c("rest HR\n(bpm)", true, 5, func(s *analysis.SquadSummary) string { return orDash(fixed(s.RestingHR, 0)) }),
		c("last session", false, 0, func(s *analysis.SquadSummary) string { return orDash(isoDate(s.LastSession)) }),
		c("sport", false, 3, func(s *analysis.SquadSummary) string { return orDash(s.LastSport) }),
		c("class", false, 2, func(s *analysis.SquadSummary) string { return orDash(s.LastClass) }),
		c("days\nsince", true, 0, func(s *analysis.SquadSummary) string { return orDash(daysSince(s)) }),
		c("flags", false, 0, func(s *analysis.SquadSummary) string { return flagList(s, ", ") }),
	}
	cols[1].band = readinessBand // "82 ready": a chip of its band on a page
	return dropEmptyLast(cols)
}

// squadMetric returns the load metric's name of rows, upper case (the
// metric of the first row that has one; TRIMP without any).
func squadMetric(rows []analysis.SquadSummary) string {
	for i := range rows {
		if rows[i].LoadMetric != "" {
			return strings.ToUpper(rows[i].LoadMetric)
		}
	}
	return strings.ToUpper(analysis.LoadTRIMP)
}

// heldBack joins the contributors holding the score back.
func heldBack(s *analysis.SquadSummary) string {
	names := make([]string, len(s.HeldBack))
	for i, c := range s.HeldBack {
		names[i] = c.String()
	}
	return strings.Join(names, ", ")
}

// flagList joins the row's flags with sep.
func flagList(s *analysis.SquadSummary, sep string) string {
	names := make([]string, len(s.Flags))
	for i, f := range s.Flags {
		names[i] = f.String()
	}
	return strings.Join(names, sep)
}

// span formats lo–hi with two decimals; "" when either is absent.
func span(lo, hi float64) string {
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return ""
	}
	return fixed(lo, 2) + "–" + fixed(hi, 2)
}

// daysSince formats the days since the last session; "" without one.
func daysSince(s *analysis.SquadSummary) string {
	if s.DaysSince < 0 {
		return ""
	}
	return fmt.Sprint(s.DaysSince)
}

// squadCSVHeader is the header row of the squad CSV; load_7d,
// load_prev_7d and tsb are in the units of load_metric.
var squadCSVHeader = []string{"athlete", "as_of", "readiness", "band", "confidence", "held_back_by",
	"advice", "load_metric", "load_7d", "load_prev_7d", "load_change_pct", "acwr", "tsb",
	"hrv_7d_ln_ms", "hrv_low_ln_ms", "hrv_high_ln_ms", "hrv_status", "resting_hr_bpm",
	"last_session", "last_sport", "last_class", "days_since_last", "flags"}

// squadCSV writes one header row and one row per athlete; empty cells for
// absent values, lists joined by ";".
func squadCSV(w io.Writer, rows []analysis.SquadSummary) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(squadCSVHeader); err != nil {
		return err
	}
	for i := range rows {
		s := &rows[i]
		held := make([]string, len(s.HeldBack))
		for j, c := range s.HeldBack {
			held[j] = c.String()
		}
		rec := []string{s.Athlete, isoDate(s.AsOf), num(s.Readiness), s.Band.String(), s.Confidence,
			strings.Join(held, ";"), s.Advice.String(), s.LoadMetric, num(s.Load7), num(s.LoadPrev7),
			num(s.LoadChange), num(s.ACWR), num(s.TSB), num(s.HRV), num(s.HRVLow), num(s.HRVHigh),
			s.HRVStatus.String(), num(s.RestingHR), isoDate(s.LastSession), s.LastSport, s.LastClass,
			daysSince(s), flagList(s, ";")}
		for j := range rec {
			rec[j] = Clean(rec[j])
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// jsonSquad is the JSON document of the squad table.
type jsonSquad struct {
	AsOf     string             `json:"as_of"`
	Athletes []jsonSquadAthlete `json:"athletes"`
}

// jsonSquadAthlete is one row; null for absent values. Loads and TSB are
// in the units of load_metric, HRV in ln ms, resting HR in bpm.
type jsonSquadAthlete struct {
	Athlete       string                   `json:"athlete"`
	Readiness     *float64                 `json:"readiness"`
	Band          *string                  `json:"band"`
	Confidence    *string                  `json:"confidence"`
	HeldBackBy    []analysis.ContributorID `json:"held_back_by"`
	Advice        *string                  `json:"advice"`
	LoadMetric    *string                  `json:"load_metric"`
	Load7         *float64                 `json:"load_7d"`
	LoadPrev7     *float64                 `json:"load_prev_7d"`
	LoadChangePct *float64                 `json:"load_change_pct"`
	ACWR          *float64                 `json:"acwr"`
	TSB           *float64                 `json:"tsb"`
	HRV           *float64                 `json:"hrv_7d_ln_ms"`
	HRVLow        *float64                 `json:"hrv_low_ln_ms"`
	HRVHigh       *float64                 `json:"hrv_high_ln_ms"`
	HRVStatus     *string                  `json:"hrv_status"`
	RestingHR     *float64                 `json:"resting_hr_bpm"`
	LastSession   *string                  `json:"last_session"`
	LastSport     *string                  `json:"last_sport"`
	LastClass     *string                  `json:"last_class"`
	DaysSince     *int                     `json:"days_since_last"`
	Flags         []analysis.SquadFlag     `json:"flags"`
}

// squadJSON writes the rows as one JSON document.
func squadJSON(w io.Writer, rows []analysis.SquadSummary) error {
	doc := jsonSquad{Athletes: []jsonSquadAthlete{}}
	if len(rows) > 0 {
		doc.AsOf = isoDate(rows[0].AsOf)
	}
	for i := range rows {
		s := &rows[i]
		a := jsonSquadAthlete{Athlete: s.Athlete, Readiness: number(s.Readiness), Band: str(s.Band.String()),
			Confidence: str(s.Confidence), HeldBackBy: append([]analysis.ContributorID{}, s.HeldBack...),
			Advice: str(s.Advice.String()), LoadMetric: str(s.LoadMetric), Load7: number(s.Load7),
			LoadPrev7: number(s.LoadPrev7), LoadChangePct: number(s.LoadChange), ACWR: number(s.ACWR),
			TSB: number(s.TSB), HRV: number(s.HRV), HRVLow: number(s.HRVLow), HRVHigh: number(s.HRVHigh),
			HRVStatus: str(s.HRVStatus.String()), RestingHR: number(s.RestingHR),
			LastSession: str(isoDate(s.LastSession)), LastSport: str(s.LastSport), LastClass: str(s.LastClass),
			Flags: append([]analysis.SquadFlag{}, s.Flags...)}
		if s.DaysSince >= 0 {
			a.DaysSince = ptr(s.DaysSince)
		}
		doc.Athletes = append(doc.Athletes, a)
	}
	return encode(w, doc)
}
