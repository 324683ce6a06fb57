package main

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/bounceback/bounceback/analysis"
)

func TestParseProfile(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	tests := []struct {
		name, doc string
		want      analysis.ProfileInput // NaN fields: not said
		err       string
	}{
		{
			name: "empty",
			doc:  "# nothing\n",
			want: analysis.ProfileInput{HRMax: nan, HRRest: nan, LTHR: nan, Mass: nan, Height: nan, Age: nan},
		},
		{
			name: "everything",
			doc: `hrmax = 190
hrrest = 48   # on waking
lthr = 172.5
weight = 61.5
height = 1.68
age = 41
sex = "F"
zones = "LTHR"

[running]
lthr = 175

[cycling]
hrmax = 182
`,
			want: analysis.ProfileInput{HRMax: 190, HRRest: 48, LTHR: 172.5, Mass: 61.5, Height: 1.68, Age: 41, Sex: "female",
				ZoneModel: "lthr", Sports: map[string]analysis.HRInput{
					analysis.SportRun:  {HRMax: nan, HRRest: nan, LTHR: 175},
					analysis.SportBike: {HRMax: 182, HRRest: nan, LTHR: nan},
				}},
		},
		{name: "syntax", doc: "hrmax = 190\nhrrest = \n", err: "p.toml:2: expected value but found '\\n' instead"},
		{name: "unknown key", doc: "hrmax = 190\n\nmaxhr = 180\n", err: `p.toml:3: unknown key "maxhr" (known: hrmax, hrrest, lthr, weight, height, age, sex, zones, sweat-sodium, running, cycling, swimming)`},
		{name: "unknown sport key", doc: "[running]\nhrmax = 190\nweight = 60\n", err: `p.toml:3: unknown key "weight" in [running] (known: hrmax, hrrest, lthr)`},
		{name: "unknown table", doc: "[rowing]\nhrmax = 170\n", err: `p.toml:1: unknown key "rowing"`},
		{name: "string for number", doc: "age = \"forty\"\n", err: `p.toml:1: age: want a number (years), not String`},
		{name: "out of range", doc: "\nhrmax = 300\n", err: "p.toml:2: hrmax = 300: want a maximum heart rate between 100 and 240 bpm"},
		{name: "height in centimetres", doc: "height = 168\n", err: "p.toml:1: height = 168: want a height between 1 and 2.5 m"},
		{name: "height too short", doc: "\n\nheight = 0.9\n", err: "p.toml:3: height = 0.9: want a height between 1 and 2.5 m"},
		{name: "height a string", doc: "height = \"1.80\"\n", err: "p.toml:1: height: want a number (m), not String"},
		{name: "sport out of range", doc: "[swimming]\nlthr = 20\n", err: "p.toml:2: lthr = 20: want a lactate-threshold heart rate between 80 and 230 bpm"},
		{name: "bad sex", doc: "sex = \"yes\"\n", err: `p.toml:1: sex = "yes": unknown sex "yes" (want male or female)`},
		{name: "bad zones", doc: "zones = \"friel5\"\n", err: `p.toml:1: zones = "friel5": unknown zone model "friel5" (want hrr, lthr or hrmax)`},
		{name: "sport not a table", doc: "running = 180\n", err: "p.toml:1: running: want a table ([running]) of hrmax, hrrest and lthr, not Integer"},
		{name: "rest above max", doc: "hrmax = 110\nhrrest = 115\n", err: "p.toml: resting heart rate 115 is not below the maximum 110"},
		{name: "sport lthr above max", doc: "hrmax = 180\n[running]\nlthr = 185\n", err: "p.toml: running: LTHR 185 is not below the maximum heart rate 180"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseProfile("p.toml", []byte(tt.doc))
			if tt.err != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.err) {
					t.Fatalf("error:\ngot  %v\nwant %s", err, tt.err)
				}
				var pe *profileError
				if !errors.As(err, &pe) || pe.Path != "p.toml" {
					t.Errorf("error %T does not name the file", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !sameInput(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func sameFloat(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }

func sameInput(a, b analysis.ProfileInput) bool {
	if !sameFloat(a.HRMax, b.HRMax) || !sameFloat(a.HRRest, b.HRRest) || !sameFloat(a.LTHR, b.LTHR) ||
		!sameFloat(a.Mass, b.Mass) || !sameFloat(a.Height, b.Height) || !sameFloat(a.Age, b.Age) || a.Sex != b.Sex || a.ZoneModel != b.ZoneModel ||
		len(a.Sports) != len(b.Sports) {
		return false
	}
	for k, x := range a.Sports {
		y, ok := b.Sports[k]
		if !ok || !sameFloat(x.HRMax, y.HRMax) || !sameFloat(x.HRRest, y.HRRest) || !sameFloat(x.LTHR, y.LTHR) {
			return false
		}
	}
	return true
}

// keyLine matches a commented-out key or table line of the template.
var keyLine = regexp.MustCompile(`^# ([a-z]+ = |\[)`)

// TestProfileTemplate checks that the template profile init writes parses,
// says nothing (every value is commented out), and that uncommenting its
// example lines gives a valid profile.
func TestProfileTemplate(t *testing.T) {
	t.Parallel()
	in, err := parseProfile("template", []byte(profileTemplate))
	if err != nil {
		t.Fatal(err)
	}
	if !sameInput(in, noInput()) {
		t.Errorf("the template sets values: %+v", in)
	}
	var lines []string
	for _, l := range strings.Split(profileTemplate, "\n") {
		if keyLine.MatchString(l) {
			l = strings.TrimPrefix(l, "# ")
		}
		lines = append(lines, l)
	}
	in, err = parseProfile("uncommented", []byte(strings.Join(lines, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	if in.HRMax != 190 || in.Sex != "female" || in.ZoneModel != "hrr" || in.Sports[analysis.SportSwim].HRMax != 178 {
		t.Errorf("uncommented template: %+v", in)
	}
}

func TestDefaultProfilePath(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	got, err := defaultProfilePath()
	if want := filepath.Join(dir, "bounceback", "profile.toml"); err != nil || got != want {
		t.Errorf("with XDG_CONFIG_HOME: got %q, %v; want %q", got, err, want)
	}
	// A relative XDG_CONFIG_HOME is ignored, as the XDG spec says.
	t.Setenv("XDG_CONFIG_HOME", "relative")
	got, err = defaultProfilePath()
	if err == nil && strings.HasPrefix(got, "relative") {
		t.Errorf("relative XDG_CONFIG_HOME used: %q", got)
	}
}

func TestWriteTemplate(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "a", "b", "profile.toml")
	if err := writeTemplate(path, false); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("hrmax = 180\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := writeTemplate(path, false)
	if err == nil || !strings.Contains(err.Error(), "already exists (--force replaces it)") {
		t.Errorf("second write without force: %v", err)
	}
	if data, _ := os.ReadFile(path); string(data) != "hrmax = 180\n" {
		t.Errorf("the existing file was changed: %q", data)
	}
	if err := writeTemplate(path, true); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(path); string(data) != profileTemplate {
		t.Error("--force did not write the template")
	}
}

// TestAthleteProfile checks the [athletes.NAME] tables of the user's
// profile: each athlete's values apart from the user's and the others',
// a sport's table inside, and errors that name the line.
func TestAthleteProfile(t *testing.T) {
	doc := `hrmax = 190

[athletes.ben]
hrmax = 199
sex = "male"
height = 1.91

[athletes.ben.running]
lthr = 171

[athletes.cleo]
hrrest = 44
`
	top, err := parseProfile("p.toml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if top.HRMax != 190 || top.Sex != "" {
		t.Errorf("top of the file: %+v, want hrmax 190 only", top)
	}
	ben, found, err := athleteProfile("p.toml", []byte(doc), "ben")
	if err != nil || !found {
		t.Fatalf("ben: found %v, %v", found, err)
	}
	if ben.HRMax != 199 || ben.Sex != "male" || ben.Height != 1.91 || ben.Sports["running"].LTHR != 171 {
		t.Errorf("ben: %+v", ben)
	}
	cleo, _, _ := athleteProfile("p.toml", []byte(doc), "cleo")
	if cleo.HRRest != 44 || !math.IsNaN(cleo.HRMax) || !math.IsNaN(cleo.Height) {
		t.Errorf("cleo: %+v, want hrrest 44 and no hrmax (not the user's, not ben's)", cleo)
	}
	if _, found, err := athleteProfile("p.toml", []byte(doc), "dan"); found || err != nil {
		t.Errorf("dan: found %v, %v; want none", found, err)
	}
	for _, c := range []struct{ doc, want string }{
		{"[athletes.ben]\nhrmx = 190\n", `p.toml:2: unknown key "hrmx"`},
		{"[athletes.ben]\nhrmax = 400\n", "p.toml:2: hrmax = "},
		{"[athletes.ben]\nheight = 191\n", "p.toml:2: height = 191: want a height between 1 and 2.5 m"},
		{"athletes = 3\n", "p.toml:1: athletes: want tables"},
		{"[athletes]\nben = 3\n", "p.toml:2: athletes.ben: want a table"},
	} {
		_, err := parseProfile("p.toml", []byte(c.doc))
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q: error %v, want %q...", c.doc, err, c.want)
		}
	}
}
