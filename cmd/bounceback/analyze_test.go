package main

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

// TestAnalyze runs analyze over the generated training block.
func TestAnalyze(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
	}{
		{"analyze", []string{"analyze", blockDir}},
		{"analyze80", []string{"analyze", "--width", "80", blockDir}},
		{"analyze120", []string{"analyze", "--width", "120", blockDir}},
		{"analyzeCSV", []string{"analyze", "--format", "csv", blockDir}},
		{"analyzeJSON", []string{"analyze", "--format", "json", blockDir}},
		{"analyzeFlags", []string{"analyze", "--width", "100", "--sport", "run", "--since", "2026-10-01",
			"--hrmax", "195", "--hrrest", "45", "--lthr", "run=175", "--sex", "female", "--zones", "hrmax", blockDir}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			golden(t, tt.name, exitOK, tt.args...)
		})
	}
}

// TestAnalyzeWidths checks that the analyze table fits the width asked for.
func TestAnalyzeWidths(t *testing.T) {
	t.Parallel()
	for _, width := range []string{"80", "100", "120"} {
		var stdout bytes.Buffer
		if code := run(context.Background(), []string{"analyze", "--width", width, blockDir}, &stdout, &bytes.Buffer{}); code != exitOK {
			t.Fatalf("exit status %d", code)
		}
		for i, line := range strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n") {
			if n := len([]rune(line)); width != "0" && n > atoi(width) {
				t.Errorf("--width %s: line %d is %d columns wide: %q", width, i+1, n, line)
			}
		}
	}
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = 10*n + int(c-'0')
	}
	return n
}

// manifestClass maps the generator's intensity (MANIFEST.tsv) to our class
// names.
var manifestClass = map[string]string{
	"recovery": "recovery", "endurance": "endurance", "tempo": "tempo",
	"threshold": "threshold", "vo2max": "vo2max", "anaerobic": "anaerobic",
}

// TestAnalyzeManifest checks the analysis document of the generated block
// against what the generator built: every workout gets the class it was
// built as, with the long and race flags, and every session with heart
// rate gets zones and a load without NaN (which would break the JSON).
func TestAnalyzeManifest(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"analyze", "--format", "json", blockDir}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit status %d: %s", code, stderr.String())
	}
	var doc struct {
		Files []struct {
			Path     string `json:"path"`
			Sessions []struct {
				Sport       *string    `json:"sport"`
				Class       string     `json:"class"`
				ClassReason *string    `json:"class_reason"`
				Flags       []string   `json:"flags"`
				TRIMP       *float64   `json:"trimp"`
				HRSS        *float64   `json:"hrss"`
				ZoneSeconds []*float64 `json:"zone_seconds"`
				HRSamples   int        `json:"hr_samples"`
			} `json:"sessions"`
		} `json:"files"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	manifest, err := os.ReadFile(filepath.Join(blockDir, "MANIFEST.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	type key struct {
		path    string
		session string
	}
	want := map[key][]string{} // intensity, flags
	for _, line := range strings.Split(string(manifest), "\n") {
		f := strings.Split(line, "\t")
		if strings.HasPrefix(line, "#") || len(f) < 10 || f[0] == "path" {
			continue
		}
		want[key{filepath.ToSlash(f[0]), f[1]}] = []string{f[8], f[9]}
	}
	checked := 0
	for _, f := range doc.Files {
		rel := strings.TrimPrefix(filepath.ToSlash(f.Path), blockDir+"/")
		for i, s := range f.Sessions {
			w, ok := want[key{rel, itoa(i)}]
			if !ok {
				t.Errorf("%s: session %d is not in MANIFEST.tsv", rel, i)
				continue
			}
			if s.HRSamples > 0 {
				if s.TRIMP == nil || s.HRSS == nil {
					t.Errorf("%s: session %d has heart rate but no TRIMP or HRSS", rel, i)
				}
				for z, sec := range s.ZoneSeconds {
					if sec == nil || math.IsNaN(*sec) {
						t.Errorf("%s: session %d: zone %d has no time", rel, i, z+1)
					}
				}
			}
			class, ok := manifestClass[w[0]]
			if !ok {
				continue // HRV readings, transitions
			}
			checked++
			if s.Class != class {
				reason := ""
				if s.ClassReason != nil {
					reason = *s.ClassReason
				}
				t.Errorf("%s: session %d: class %s, want %s (%s)", rel, i, s.Class, class, reason)
			}
			flags := strings.Join(s.Flags, ",")
			for _, flag := range []string{"long", "race"} {
				if strings.Contains(w[1], flag) != strings.Contains(flags, flag) {
					t.Errorf("%s: session %d: flags %q, manifest says %q", rel, i, flags, w[1])
				}
			}
		}
	}
	if checked < 50 {
		t.Errorf("checked %d workouts, want the block's 50 or more", checked)
	}
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

// TestSession shows single sessions of the block in full.
func TestSession(t *testing.T) {
	t.Parallel()
	act := blockDir + "/activities/"
	tests := []struct {
		name string
		args []string
	}{
		{"sessionIntervals", []string{"session", act + "2026-09-01-18-15-12_RUN.fit"}},
		{"sessionLongRun", []string{"session", act + "2026-09-06-09-30-43_RUN.fit"}},
		{"sessionSwim", []string{"session", act + "2026-09-18-07-00-48_SWIM.fit"}},
		{"sessionMultisport", []string{"session", act + "21800458429_ACTIVITY.fit"}},
		{"sessionMultisportRun", []string{"session", "--sport", "run", "--lthr", "run=172", act + "21800458429_ACTIVITY.fit"}},
		{"sessionRace", []string{"session", act + "21800860923_ACTIVITY.fit"}},
		{"sessionJSON", []string{"session", "--format", "json", act + "2026-09-23-18-00-25_RIDE.fit"}},
		{"sessionHRVTempo", []string{"session", act + "2026-10-08-18-15-10_RUN.fit"}},
		{"sessionHRVReading", []string{"session", blockDir + "/morning/2026-09-01-06-42-40_HRV.fit"}},
		{"sessionHRVReadingJSON", []string{"session", "--format", "json", blockDir + "/morning/2026-09-01-06-42-40_HRV.fit"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			golden(t, tt.name, exitOK, tt.args...)
		})
	}
	t.Run("bad files", func(t *testing.T) {
		golden(t, "sessionNotFIT", exitFailed, "session", "testdata/notfit.fit")
		golden(t, "sessionMissing", exitFailed, "session", "testdata/missing.fit")
		golden(t, "sessionSettings", exitFailed, "session", blockDir+"/other/Settings.fit")
		golden(t, "sessionFiltered", exitFailed, "session", "--sport", "cycling", act+"2026-09-01-18-15-12_RUN.fit")
	})
}

// TestSessionJSONIsAnalyze checks that session --format json writes the
// same document as analyze for that file.
func TestSessionJSONIsAnalyze(t *testing.T) {
	t.Parallel()
	file := blockDir + "/activities/2026-09-01-18-15-12_RUN.fit"
	var a, s bytes.Buffer
	if code := run(context.Background(), []string{"analyze", "--format", "json", file}, &a, &bytes.Buffer{}); code != exitOK {
		t.Fatalf("analyze: exit status %d", code)
	}
	if code := run(context.Background(), []string{"session", "--format", "json", file}, &s, &bytes.Buffer{}); code != exitOK {
		t.Fatalf("session: exit status %d", code)
	}
	if a.String() != s.String() {
		t.Errorf("session --format json differs from analyze --format json:\n%s\n%s", s.String(), a.String())
	}
}

// TestProfile runs profile init, then profile reading the file back, with
// a flag that beats it, in a temporary config folder.
func TestProfile(t *testing.T) {
	config := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", config)
	repl := []string{config, "$XDG_CONFIG_HOME"}
	path := filepath.Join(config, "bounceback", "profile.toml")

	goldenReplacing(t, repl, "profileNone", exitOK, "profile")
	goldenReplacing(t, repl, "profileInit", exitOK, "profile", "init")
	data, err := os.ReadFile(path)
	if err != nil || string(data) != profileTemplate {
		t.Fatalf("profile init wrote %q, %v", data, err)
	}
	goldenReplacing(t, repl, "profileInitAgain", exitFailed, "profile", "init")

	// The user fills the template in.
	filled := strings.NewReplacer("# hrmax = 190", "hrmax = 190", "# sex = \"female\"", "sex = \"female\"", "# height = 1.78", "height = 1.72",
		"# [running]\n# hrmax = 192\n# lthr = 175", "[running]\nhrmax = 192\nlthr = 175").Replace(profileTemplate)
	if err := os.WriteFile(path, []byte(filled), 0o644); err != nil {
		t.Fatal(err)
	}
	goldenReplacing(t, repl, "profileFile", exitOK, "profile")
	goldenReplacing(t, repl, "profileFlagBeatsFile", exitOK, "profile", "--hrmax", "186", "--lthr", "run=178", "--weight", "58", "--height", "1.66")
	goldenReplacing(t, repl, "profileBlock", exitOK, "profile", "--format", "json", blockDir)
	goldenReplacing(t, repl, "profileInitForce", exitOK, "profile", "init", "--force")
	if data, _ := os.ReadFile(path); string(data) != profileTemplate {
		t.Error("profile init --force did not rewrite the template")
	}

	// --profile names another file; a bad one stops every command with
	// exit status 2, naming the file and the line.
	bad := filepath.Join(config, "bad.toml")
	if err := os.WriteFile(bad, []byte("hrmax = 190\nmax_hr = 185\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	goldenReplacing(t, repl, "profileBadKey", exitUsage, "profile", "--profile", bad)
	goldenReplacing(t, repl, "analyzeBadProfile", exitUsage, "analyze", "--profile", bad, blockDir)
	if err := os.WriteFile(path, []byte("[running]\nlthr = 300\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	goldenReplacing(t, repl, "sessionBadProfile", exitUsage, "session", blockDir+"/activities/2026-09-01-18-15-12_RUN.fit")
}

// TestHRV runs hrv over the generated block: its morning readings give a
// normal range, and the overload week's 7-day mean falls below it.
func TestHRV(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"hrv", []string{"hrv", blockDir}},
		{"hrv80", []string{"hrv", "--width", "80", blockDir}},
		{"hrvCSV", []string{"hrv", "--format", "csv", blockDir}},
		{"hrvJSON", []string{"hrv", "--format", "json", blockDir}},
		{"hrvSince", []string{"hrv", "--since", "2026-10-01", "--until", "2026-10-20", blockDir}},
		{"hrvWellness", []string{"hrv", blockDir + "/wellness"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			golden(t, tt.name, exitOK, tt.args...)
		})
	}
	t.Run("profileVT", func(t *testing.T) {
		config := t.TempDir()
		t.Setenv("XDG_CONFIG_HOME", config)
		goldenReplacing(t, []string{config, "$XDG_CONFIG_HOME"}, "profileVT", exitOK, "profile", blockDir)
	})

	var stdout bytes.Buffer
	if code := run(context.Background(), []string{"hrv", "--width", "80", blockDir}, &stdout, &bytes.Buffer{}); code != exitOK {
		t.Fatalf("exit status %d", code)
	}
	for i, line := range strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n") {
		if n := len([]rune(line)); n > 80 {
			t.Errorf("--width 80: line %d is %d columns wide: %q", i+1, n, line)
		}
	}
	stdout.Reset()
	if code := run(context.Background(), []string{"hrv", "--format", "json", blockDir}, &stdout, &bytes.Buffer{}); code != exitOK {
		t.Fatalf("exit status %d", code)
	}
	var doc struct {
		Sources struct {
			HRV *string `json:"hrv"`
		} `json:"daily_sources"`
		Daily []struct {
			Date      string   `json:"date"`
			LnRMSSD   *float64 `json:"ln_rmssd"`
			Low, High *float64
			Status    *string `json:"hrv_status"`
		} `json:"daily"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if s := doc.Sources.HRV; s == nil || *s != "morning" {
		t.Errorf("daily_sources.hrv = %v, want morning", s)
	}
	below := map[string]bool{}
	ranged := 0
	for _, d := range doc.Daily {
		if d.Status != nil {
			ranged++
			if *d.Status == "below" {
				below[d.Date] = true
			}
		}
	}
	if ranged < 30 {
		t.Errorf("%d days with a normal range, want most of the block's", ranged)
	}
	// The overload week (MANIFEST.tsv: week 6, 2026-10-05 to 2026-10-11)
	// and the days after it.
	for _, day := range []string{"2026-10-09", "2026-10-10", "2026-10-11", "2026-10-12"} {
		if !below[day] {
			t.Errorf("%s: the 7-day mean is not below the normal range", day)
		}
	}
}

// TestUsageListsFlags checks that each command's hand-written usage text
// documents every flag the command defines, and no other.
func TestUsageListsFlags(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name  string
		usage string
		fs    *pflag.FlagSet
	}{
		{"sessions", sessionsUsage, sessionsSpec().fs},
		{"analyze", analyzeUsage, analyzeSpec().fs},
		{"readiness", readinessUsage, readinessSpec().fs},
		{"load", loadUsage, loadSpec().fs},
		{"session", sessionUsage, sessionSpec().fs},
		{"profile", profileUsage, profileSpec(nil).fs},
		{"hrv", hrvUsage, hrvSpec().fs},
		{"report", reportUsage, first(reportSpec())},
		{"squad", squadUsage, first(squadSpec(nil))},
	} {
		c.fs.VisitAll(func(f *pflag.Flag) {
			long := "--" + f.Name
			if f.Shorthand != "" {
				long = "-" + f.Shorthand + ", " + long
			}
			if !strings.Contains(c.usage, "  "+long+" ") {
				t.Errorf("%s: the usage does not document %s", c.name, long)
			}
		})
		for _, line := range strings.Split(c.usage, "\n") {
			if !strings.HasPrefix(strings.TrimSpace(line), "-") {
				continue
			}
			for _, w := range strings.Fields(strings.ReplaceAll(line, ",", "")) {
				if !strings.HasPrefix(w, "--") {
					continue
				}
				if name := strings.TrimPrefix(w, "--"); name != "help" && c.fs.Lookup(name) == nil {
					t.Errorf("%s: the usage documents --%s, which is not a flag", c.name, name)
				}
				break
			}
		}
	}
}

func first(c spec, _ *string) *pflag.FlagSet { return c.fs }

// TestHeightFlag: --height reaches the sweat model of the plans: the
// session's inputs name it as the flag's, and the body surface area
// follows it (70 kg: 1.87 m² at the device's 1.78 m, 1.96 m² at 1.90 m).
func TestHeightFlag(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "1.87 m² body surface (DuBois, 70 kg, 1.78 m device)"},
		{[]string{"--height", "1.9"}, "1.96 m² body surface (DuBois, 70 kg, 1.90 m flag)"},
	} {
		code, stdout, stderr := runCmd(append(append([]string{"session"}, c.args...), blockDir+"/activities/2026-09-06-09-30-43_RUN.fit")...)
		if code != exitOK || !strings.Contains(stdout, c.want) {
			t.Errorf("session %v: exit %d, want %q in the output\nstderr: %s", c.args, code, c.want, stderr)
		}
	}
}
