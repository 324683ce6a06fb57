package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/bounceback/bounceback/analysis"
)

// csvTableDef is one table a command can write as CSV.
type csvTableDef struct {
	name  string
	write func(w io.Writer, b *analysis.Block) error
}

// csvTables lists the CSV tables of each command, its default first.
// A command not listed has one table, its view's own.
var csvTables = map[string][]csvTableDef{
	"sessions": {{"sessions", SessionsCSV}},
	"analyze":  {{"sessions", AnalyzeCSV}, {"weeks", WeeksCSV}, {"days", LoadCSV}},
	"hrv":      {{"daily", HRVCSV}},
	"load":     {{"days", LoadCSV}, {"weeks", WeeksCSV}},
}

// CSVTables returns the names of the CSV tables the command named name
// can write with [Options.Table], its default first; nil when it has only
// its view's own.
func CSVTables(name string) []string {
	var names []string
	for _, t := range csvTables[name] {
		names = append(names, t.name)
	}
	return names
}

// csvTable returns the command's table named table.
func csvTable(name, table string) (csvTableDef, error) {
	for _, t := range csvTables[name] {
		if t.name == table {
			return t, nil
		}
	}
	names := CSVTables(name)
	if len(names) == 0 {
		return csvTableDef{}, fmt.Errorf("--table: %s has only one table", name)
	}
	return csvTableDef{}, fmt.Errorf("--table: unknown table %q (%s has %s)", table, name, strings.Join(names, ", "))
}

// writeCSV writes a header row and one row per item, each cell made by
// the column's function.
func writeCSV[T any](w io.Writer, items []T, cols []csvColumn[T]) error {
	cw := csv.NewWriter(w)
	rec := make([]string, len(cols))
	for i, c := range cols {
		rec[i] = c.name
	}
	if err := cw.Write(rec); err != nil {
		return err
	}
	for i := range items {
		for j, c := range cols {
			rec[j] = c.cell(&items[i])
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvColumn is a named CSV column of items of type T.
type csvColumn[T any] struct {
	name string
	cell func(*T) string
}

// isoDate formats t as YYYY-MM-DD; "" for the zero time.
func isoDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// weekColumns are the columns of [WeeksCSV]; the class loads follow
// zone5_s, one column per class in classOrder. The names are those of the
// JSON week object (README, "Week object"), its arrays spread over columns.
func weekColumns() []csvColumn[analysis.Week] {
	cols := []csvColumn[analysis.Week]{
		{"week_start", func(k *analysis.Week) string { return isoDate(k.Start) }},
		{"sessions", func(k *analysis.Week) string { return strconv.Itoa(k.Sessions) }},
		{"days", func(k *analysis.Week) string { return strconv.Itoa(k.Days) }},
		{"timer_s", func(k *analysis.Week) string { return num(k.Timer) }},
		{"distance_running_m", func(k *analysis.Week) string { return num(k.Distance.Run) }},
		{"distance_cycling_m", func(k *analysis.Week) string { return num(k.Distance.Bike) }},
		{"distance_swimming_m", func(k *analysis.Week) string { return num(k.Distance.Swim) }},
		{"distance_other_m", func(k *analysis.Week) string { return num(k.Distance.Other) }},
		{"load", func(k *analysis.Week) string { return num(k.Load) }},
	}
	for z := range 5 {
		cols = append(cols, csvColumn[analysis.Week]{fmt.Sprintf("zone%d_s", z+1),
			func(k *analysis.Week) string { return num(k.ZoneSeconds[z]) }})
	}
	for _, c := range classOrder {
		name := c.String()
		cols = append(cols, csvColumn[analysis.Week]{"load_" + name,
			func(k *analysis.Week) string { return num(k.ClassLoad[name]) }})
	}
	return append(cols,
		csvColumn[analysis.Week]{"below_vt1_s", func(k *analysis.Week) string { return num(k.Seiler[0]) }},
		csvColumn[analysis.Week]{"vt1_to_vt2_s", func(k *analysis.Week) string { return num(k.Seiler[1]) }},
		csvColumn[analysis.Week]{"above_vt2_s", func(k *analysis.Week) string { return num(k.Seiler[2]) }},
		csvColumn[analysis.Week]{"seiler_dfa_sessions", func(k *analysis.Week) string { return strconv.Itoa(k.SeilerDFA) }},
		csvColumn[analysis.Week]{"polarization_index", func(k *analysis.Week) string { return num(k.PolarizationIndex) }},
		csvColumn[analysis.Week]{"monotony", func(k *analysis.Week) string { return num(k.Monotony) }},
		csvColumn[analysis.Week]{"strain", func(k *analysis.Week) string { return num(k.Strain) }},
		csvColumn[analysis.Week]{"ctl", func(k *analysis.Week) string { return num(k.CTL) }},
		csvColumn[analysis.Week]{"atl", func(k *analysis.Week) string { return num(k.ATL) }},
		csvColumn[analysis.Week]{"tsb", func(k *analysis.Week) string { return num(k.TSB) }},
		csvColumn[analysis.Week]{"readiness", func(k *analysis.Week) string { return num(k.Readiness) }},
	)
}

// WeeksCSV writes one row per calendar week (Block.Weeks, Monday to
// Sunday) after a header row: week_start (the Monday, YYYY-MM-DD),
// sessions, days (with a workout), timer_s, distance_m, load, zone1_s …
// zone5_s, the load of each class (load_recovery … load_unclassified),
// below_vt1_s, vt1_to_vt2_s, above_vt2_s, seiler_dfa_sessions,
// polarization_index, monotony, strain, ctl, atl and tsb at the week's last
// day, and readiness (the mean of its days). An undefined value is an empty
// cell; a class without load is 0. The day table of analyze is [LoadCSV].
func WeeksCSV(w io.Writer, b *analysis.Block) error {
	return writeCSV(w, b.Weeks, weekColumns())
}
