package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bounceback/bounceback/analysis"
)

// blockRide is a 2-hour ride of the generated block, whose file has
// Garmin's sweat loss.
const blockRide = "../../testdata/block/activities/2026-09-05-09-00-46_RIDE.fit"

// runCmd runs bounceback with args and returns its exit status and
// outputs.
func runCmd(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestSweatTestHelp(t *testing.T) {
	t.Parallel()
	golden(t, "helpSweatTest", exitOK, "sweat-test", "--help")
	golden(t, "helpSweatTest", exitOK, "help", "sweat-test")
}

// TestSweatTest: valid weigh-ins are appended to the log in
// $XDG_DATA_HOME/bounceback, invalid ones refused with exit status 2 and
// never logged.
func TestSweatTest(t *testing.T) {
	for _, c := range []struct {
		name   string
		args   []string
		code   int
		stdout string // a part of standard output
		stderr string // a part of standard error
	}{
		{"duration", []string{"--pre", "70.4", "--post", "69.6", "--drank", "0.2", "--duration", "1h", "--temp", "24"},
			exitOK, "sweat loss  1.00 L in 1:00 h = 1.00 L/h", ""},
		{"session", []string{"--pre", "70.4", "--post", "69.1", "--drank", "0.5", "--session", blockRide},
			exitOK, "the model   0.46 L/h for this session", ""},
		{"session heat-balance", []string{"--pre", "70.4", "--post", "69.1", "--drank", "0.5", "--session", blockRide, "--sweat-model", "heat-balance"},
			exitOK, "the model   0.77 L/h for this session", ""},
		{"bad model", []string{"--pre", "70.4", "--post", "69.1", "--session", blockRide, "--sweat-model", "shapiro"},
			exitUsage, "", "--sweat-model shapiro: want gonzalez or heat-balance"},
		{"gain without drinks", []string{"--pre", "70", "--post", "70.3", "--duration", "1h"},
			exitUsage, "", "refused, nothing logged: post-session mass is above the pre-session mass and nothing was drunk"},
		{"absurd rate", []string{"--pre", "70", "--post", "63", "--duration", "1h"},
			exitUsage, "", "sweat rate 7.0 L/h is above 5 L/h"},
		{"negative loss", []string{"--pre", "70", "--post", "70.5", "--drank", "0.2", "--duration", "1h"},
			exitUsage, "", "sweat loss -0.3 L is negative"},
		{"absurd mass", []string{"--pre", "700", "--post", "699", "--duration", "1h"},
			exitUsage, "", "pre-session mass 700: want 25 to 250 kg"},
		{"no post", []string{"--pre", "70", "--duration", "1h"}, exitUsage, "", "--post KG is missing"},
		{"ill-formed", []string{"--pre", "seventy", "--post", "69", "--duration", "1h"}, exitUsage, "", `invalid argument "seventy"`},
		{"bad duration", []string{"--pre", "70", "--post", "69", "--duration", "an hour"}, exitUsage, "", "want a duration such as 1h30m"},
		{"no duration", []string{"--pre", "70", "--post", "69"}, exitUsage, "", "give --session FILE, or --duration D"},
		{"both", []string{"--pre", "70", "--post", "69", "--duration", "1h", "--session", blockRide}, exitUsage, "", "not both"},
		{"missing file", []string{"--pre", "70", "--post", "69", "--session", "testdata/missing.fit"}, exitUsage, "", "missing.fit"},
		{"a path", []string{"--pre", "70", "--post", "69", "--duration", "1h", "x.fit"}, exitUsage, "", "takes no PATH"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Setenv("XDG_DATA_HOME", dir)
			code, stdout, stderr := runCmd(append([]string{"sweat-test"}, c.args...)...)
			if code != c.code || !strings.Contains(stdout, c.stdout) || !strings.Contains(stderr, c.stderr) {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, c.code, stdout, stderr)
			}
			log := filepath.Join(dir, "bounceback", "weigh-ins.tsv")
			data, err := os.ReadFile(log)
			switch {
			case c.code != exitOK && err == nil:
				t.Errorf("refused, but the log was written:\n%s", data)
			case c.code == exitOK && err != nil:
				t.Errorf("logged, but: %v", err)
			case c.code == exitOK:
				lines := strings.Split(strings.TrimSpace(string(data)), "\n")
				if len(lines) != 3 || lines[0] != weighInVersion || lines[1] != weighInHeader {
					t.Errorf("log:\n%s", data)
				}
			}
		})
	}
}

// TestWeighInLog: the log round-trips, a bad line is reported and skipped,
// a log of another version is not read.
func TestWeighInLog(t *testing.T) {
	t.Parallel()
	nan := analysisNaN()
	ws := []analysis.WeighIn{
		{Logged: time.Date(2026, 9, 5, 12, 0, 0, 0, time.UTC), Session: time.Date(2026, 9, 5, 7, 0, 46, 0, time.UTC),
			PreKg: 70.4, PostKg: 69.1, DrankL: 0.5, UrineL: 0, Duration: 7200, TempC: nan, ModelLH: 0.7735, Model: analysis.SweatGonzalez},
		{Logged: time.Date(2026, 9, 6, 12, 0, 0, 0, time.UTC), PreKg: 70, PostKg: 69.5, DrankL: 0, UrineL: 0.1,
			Duration: 3600, TempC: 21.5, ModelLH: nan},
	}
	var log strings.Builder
	log.WriteString(weighInVersion + "\n" + weighInHeader + "\n")
	for _, w := range ws {
		log.WriteString(formatWeighIn(w) + "\n")
	}
	log.WriteString("2026-09-07T12:00:00Z\t\t70\t71\t0\t0\t3600\t\t\n") // gain without drinks
	log.WriteString("2026-09-07T12:00:00Z\t\t70\n")                     // too few fields
	log.WriteString("yesterday\t\t70\t69\t0\t0\t3600\t\t\n")            // bad time
	log.WriteString("# a comment\n\n")
	got, errs := parseWeighIns(strings.NewReader(log.String()), "log.tsv")
	if len(got) != 2 || len(errs) != 3 {
		t.Fatalf("got %d weigh-ins and errors %v; want 2 and 3", len(got), errs)
	}
	for i, w := range got {
		if formatWeighIn(w) != formatWeighIn(ws[i]) {
			t.Errorf("weigh-in %d: %q, want %q", i, formatWeighIn(w), formatWeighIn(ws[i]))
		}
	}
	for i, want := range []string{"log.tsv:5: post-session mass", "log.tsv:6: 3 fields, want 10", `log.tsv:7: logged "yesterday"`} {
		if !strings.HasPrefix(errs[i].Error(), want) {
			t.Errorf("error %d: %v, want %q…", i, errs[i], want)
		}
	}
	if got, errs := parseWeighIns(strings.NewReader("# bounceback weigh-ins v9\n"), "log.tsv"); got != nil || len(errs) != 1 {
		t.Errorf("another version: %v, %v", got, errs)
	}
}

// TestWeighInModels: a weigh-in rated by one sweat model calibrates the
// plans of that model only, unless its session is among the files (then
// the plans' model rates it again); a line of a log written before the
// model column was rated by the heat-balance model.
func TestWeighInModels(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_DATA_HOME", dir)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	log := filepath.Join(dir, "bounceback", "weigh-ins.tsv")
	os.MkdirAll(filepath.Dir(log), 0o700)
	old := weighInVersion + "\n" + weighInHeader1 + "\n" +
		"2026-08-01T12:00:00Z\t2026-08-01T07:00:00Z\t70.4\t69.1\t0.5\t0\t7200\t\t1.2\n"
	if err := os.WriteFile(log, []byte(old), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want bool
	}{
		{[]string{"profile"}, false},
		{[]string{"profile", "--sweat-model", "heat-balance"}, true},
	} {
		_, stdout, stderr := runCmd(c.args...)
		if got := strings.Contains(stdout, "from 1 weigh-in"); got != c.want {
			t.Errorf("%v with a heat-balance weigh-in: calibrated %v, want %v\n%s%s", c.args, got, c.want, stdout, stderr)
		}
	}
	// A new weigh-in of a session file is logged with its model's name,
	// and calibrates the default model.
	if code, _, stderr := runCmd("sweat-test", "--pre", "70.4", "--post", "69.1", "--drank", "0.5", "--session", blockRide); code != exitOK {
		t.Fatalf("sweat-test: %d %s", code, stderr)
	}
	data, _ := os.ReadFile(log)
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if last := lines[len(lines)-1]; !strings.HasSuffix(last, "\t"+analysis.SweatGonzalez) {
		t.Errorf("the logged line %q does not name its model", last)
	}
	if _, stdout, _ := runCmd("profile"); !strings.Contains(stdout, "from 1 weigh-in") {
		t.Errorf("the default model is not calibrated by its own weigh-in:\n%s", stdout)
	}
}

// firstFluid returns the fluid plan of the first session of the first
// file of a JSON report.
func firstFluid(t *testing.T, stdout string) map[string]any {
	t.Helper()
	var doc struct {
		Files []struct {
			Sessions []struct {
				Fluid map[string]any `json:"fluid"`
			} `json:"sessions"`
		} `json:"files"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil || len(doc.Files) == 0 || len(doc.Files[0].Sessions) == 0 {
		t.Fatalf("not a report with a session (%v):\n%.300s", err, stdout)
	}
	return doc.Files[0].Sessions[0].Fluid
}

func analysisNaN() float64 {
	var zero float64
	return zero / zero
}

// TestWeighInsUsed: a logged weigh-in becomes its session's sweat loss in
// session's JSON, calibrates the model, and profile shows the factor; a bad
// line of the log is reported on standard error and skipped.
func TestWeighInsUsed(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_DATA_HOME", dir)
	code, _, stderr := runCmd("sweat-test", "--pre", "70.4", "--post", "69.1", "--drank", "0.5", "--session", blockRide)
	if code != exitOK {
		t.Fatalf("sweat-test: %d %s", code, stderr)
	}
	log := filepath.Join(dir, "bounceback", "weigh-ins.tsv")
	fh, err := os.OpenFile(log, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fh.WriteString("2026-09-07T12:00:00Z\t\t70\tabc\t0\t0\t3600\t\t\n")
	fh.Close()

	code, stdout, stderr := runCmd("session", "--format", "json", blockRide)
	if code != exitOK {
		t.Fatalf("session: %d %s", code, stderr)
	}
	if !strings.Contains(stderr, "weigh-ins.tsv:4: post_kg \"abc\": want a number; line skipped") {
		t.Errorf("stderr does not report the bad line:\n%s", stderr)
	}
	fl := firstFluid(t, stdout)
	if fl["source"] != "weigh-in" || fl["sweat_loss_l"] != 1.8 || fl["uncertainty_pct"] != 10.0 {
		t.Errorf("fluid %v", fl)
	}
	_, stdout, _ = runCmd("profile")
	if !strings.Contains(stdout, "sweat calibration: ×1.39 from 1 weigh-in") {
		t.Errorf("profile does not show the calibration:\n%s", stdout)
	}
	// With the other model, the weighed session's model rate is that
	// model's, and the calibration is learned against it: measured 0.9 L/h
	// over the heat-balance model's 0.77.
	code, stdout, stderr = runCmd("session", "--sweat-model", "heat-balance", "--format", "json", blockRide)
	if code != exitOK {
		t.Fatalf("session --sweat-model heat-balance: %d %s", code, stderr)
	}
	if fl := firstFluid(t, stdout); fl["source"] != "weigh-in" || !(fl["model_rate_l_per_h"].(float64) > 0.7) {
		t.Errorf("heat-balance: fluid %v", fl)
	}
	if code, _, stderr := runCmd("session", "--sweat-model", "shapiro", blockRide); code != exitUsage || !strings.Contains(stderr, "--sweat-model shapiro") {
		t.Errorf("--sweat-model shapiro: exit %d, %s", code, stderr)
	}
	// --next-session-in switches the plan to rapid mode and tier A.
	code, stdout, stderr = runCmd("session", "--next-session-in", "5h", blockRide)
	if code != exitOK || !strings.Contains(stdout, "Refuel (tier A: next session in 5:00 h (< 8 h))") {
		t.Errorf("--next-session-in 5h: %d\n%s\n%s", code, stdout, stderr)
	}
	if code, _, stderr := runCmd("session", "--next-session-in", "-5h", blockRide); code != exitUsage || !strings.Contains(stderr, "want a positive duration") {
		t.Errorf("--next-session-in -5h: %d %s", code, stderr)
	}
}

// TestSweatSodium: the profile key and the flag set the sweat sodium.
func TestSweatSodium(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	prof := filepath.Join(t.TempDir(), "profile.toml")
	if err := os.WriteFile(prof, []byte("sweat-sodium = 1500\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		mgL  string
	}{
		{[]string{"--profile", prof}, "1500"},
		{[]string{"--profile", prof, "--sweat-sodium", "1200"}, "1200"},
	} {
		code, stdout, stderr := runCmd(append(append([]string{"session"}, c.args...), blockRide)...)
		if code != exitOK || !strings.Contains(stdout, c.mgL+" mg per litre of sweat") {
			t.Errorf("%v: %d\n%s\n%s", c.args, code, stdout, stderr)
		}
	}
	if code, _, stderr := runCmd("session", "--sweat-sodium", "50", blockRide); code != exitUsage || !strings.Contains(stderr, "sweat sodium") {
		t.Errorf("--sweat-sodium 50: %d %s", code, stderr)
	}
}
