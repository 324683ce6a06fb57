package report

import (
	"bytes"
	"fmt"
	"io"
	"math"

	"github.com/bounceback/bounceback/analysis"
)

// sportOrder lists the per-sport keys of analysis.Athlete.HR in the order
// outputs show them, with the names they are shown by.
var sportOrder = []struct{ key, name string }{
	{analysis.SportOther, "all"},
	{analysis.SportRun, "running"},
	{analysis.SportBike, "cycling"},
	{analysis.SportSwim, "swimming"},
}

// zoneModelText describes a zone model for people.
func zoneModelText(m analysis.ZoneModel) string {
	switch m {
	case analysis.ZonesHRR:
		return "% of heart-rate reserve (Karvonen)"
	case analysis.ZonesLTHR:
		return "% of LTHR (Friel)"
	case analysis.ZonesHRMax:
		return "% of HRmax"
	}
	return ""
}

// sourceText names a source for people; values that bounceback had to
// guess (formula, default) say they are estimates.
func sourceText(s analysis.Source) string {
	switch s {
	case analysis.SourceProfile:
		return "profile file"
	case analysis.SourceFormula:
		return "formula (estimate)"
	case analysis.SourceDefault:
		return "default (estimate)"
	case analysis.SourceNone:
		return "unknown"
	}
	return s.String()
}

// AthleteText writes every athlete value with its source, one row each:
// maximum, resting and lactate-threshold heart rate for every sport and for
// running, cycling and swimming, then body mass, age, sex and the zone
// model. Values bounceback had to guess (formula, default) are labelled as
// estimates. A second table gives each sport's zones: the model and the
// lower bound of each zone in bpm.
func AthleteText(w io.Writer, a *analysis.Athlete, opts Options) error {
	cols := []*column{
		{head: "value"},
		{head: "sport", keep: 10},
		{head: "", right: true},
		{head: "source"},
		{head: "from", keep: 20, shrink: 20, keepStart: true},
	}
	add := func(cells ...string) {
		for i, c := range cells {
			cols[i].cells = append(cols[i].cells, c)
		}
	}
	for _, hr := range []struct {
		name string
		get  func(analysis.HRValues) analysis.Value
	}{
		{"max heart rate", func(h analysis.HRValues) analysis.Value { return h.HRMax }},
		{"resting heart rate", func(h analysis.HRValues) analysis.Value { return h.HRRest }},
		{"threshold HR (LTHR)", func(h analysis.HRValues) analysis.Value { return h.LTHR }},
	} {
		for i, sp := range sportOrder {
			name := hr.name
			if i > 0 {
				name = ""
			}
			v := hr.get(a.HR[sp.key])
			add(name, sp.name, unitValue(known(v), 0, "bpm"), sourceText(v.Source), from(v.Source, v.Note))
		}
	}
	add("body mass", "", unitValue(known(a.Mass), 1, "kg"), sourceText(a.Mass.Source), from(a.Mass.Source, a.Mass.Note))
	add("height", "", unitValue(known(a.Height), 2, "m"), sourceText(a.Height.Source), from(a.Height.Source, a.Height.Note))
	add("age", "", unitValue(known(a.Age), 0, "years"), sourceText(a.Age.Source), from(a.Age.Source, a.Age.Note))
	sex := a.Sex
	if sex == "" {
		sex = "unknown"
	}
	add("sex", "", sex, sourceText(a.SexSource), from(a.SexSource, a.SexNote))
	add("zone model", "", a.ZoneModel.String(), sourceText(a.ZoneModelSource), zoneModelText(a.ZoneModel))
	if err := writeTable(w, fit(cols, opts.Width)); err != nil {
		return err
	}

	if _, err := io.WriteString(w, "\n"); err != nil {
		return err
	}
	zcols := []*column{{head: "zones\n(bpm from)"}, {head: "\nmodel"}}
	for z := range 5 {
		zcols = append(zcols, &column{head: fmt.Sprintf("\nZ%d", z+1), right: true})
	}
	for _, sp := range sportOrder {
		z, ok := a.Zones[sp.key]
		if !ok {
			continue
		}
		zcols[0].cells = append(zcols[0].cells, sp.name)
		zcols[1].cells = append(zcols[1].cells, z.Model.String())
		for i := range 5 {
			zcols[2+i].cells = append(zcols[2+i].cells, fixed(z.Low[i], 0))
		}
	}
	return writeTable(w, zcols)
}

// from is the "from" cell of a value: its note, except for values from the
// profile file, which the caller names once above the table.
func from(src analysis.Source, note string) string {
	if src == analysis.SourceProfile {
		return ""
	}
	return note
}

// writeTable renders cols as a text table without a footer.
func writeTable(w io.Writer, cols []*column) error {
	var buf bytes.Buffer
	if err := render(&buf, cols); err != nil {
		return err
	}
	_, err := w.Write(tidy(buf.Bytes()))
	return err
}

// known returns v.V, or NaN when no source had the value (the zero Value
// of a sport missing from Athlete.HR included).
func known(v analysis.Value) float64 {
	if v.Source == analysis.SourceNone {
		return math.NaN()
	}
	return v.V
}

// unitValue formats v with prec decimals and its unit; "" for NaN.
func unitValue(v float64, prec int, unit string) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	return fixed(v, prec) + " " + unit
}

// jsonValue is one athlete value with its source.
type jsonValue struct {
	Value  *float64 `json:"value"`
	Source string   `json:"source"`
	Note   *string  `json:"note"`
}

type jsonSexValue struct {
	Value  *string `json:"value"`
	Source string  `json:"source"`
	Note   *string `json:"note"`
}

type jsonHRValues struct {
	HRMax  jsonValue `json:"hr_max_bpm"`
	HRRest jsonValue `json:"hr_rest_bpm"`
	LTHR   jsonValue `json:"lthr_bpm"`
}

type jsonAthlete struct {
	jsonHRValues
	Mass      jsonValue               `json:"mass_kg"`
	Height    jsonValue               `json:"height_m"`
	Age       jsonValue               `json:"age_years"`
	Sex       jsonSexValue            `json:"sex"`
	ZoneModel string                  `json:"zone_model"`
	Sports    map[string]jsonHRValues `json:"sports"`
}

func valueJSON(v analysis.Value) jsonValue {
	return jsonValue{Value: number(known(v)), Source: v.Source.String(), Note: str(v.Note)}
}

func hrValuesJSON(h analysis.HRValues) jsonHRValues {
	return jsonHRValues{HRMax: valueJSON(h.HRMax), HRRest: valueJSON(h.HRRest), LTHR: valueJSON(h.LTHR)}
}

func athleteJSON(a *analysis.Athlete) jsonAthlete {
	j := jsonAthlete{
		jsonHRValues: hrValuesJSON(a.HR[analysis.SportOther]),
		Mass:         valueJSON(a.Mass),
		Height:       valueJSON(a.Height),
		Age:          valueJSON(a.Age),
		Sex:          jsonSexValue{Value: str(a.Sex), Source: a.SexSource.String(), Note: str(a.SexNote)},
		ZoneModel:    a.ZoneModel.String(),
		Sports:       map[string]jsonHRValues{},
	}
	for _, sp := range sportOrder[1:] {
		j.Sports[sp.key] = hrValuesJSON(a.HR[sp.key])
	}
	return j
}

// AthleteJSON writes {"athlete": {...}}: the athlete object of the JSON
// document (see the README), alone.
func AthleteJSON(w io.Writer, a *analysis.Athlete) error {
	return encode(w, struct {
		Athlete jsonAthlete `json:"athlete"`
	}{athleteJSON(a)})
}
