package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "update golden test files")

// blockDir is the generated training block, relative to this package.
const blockDir = "../../testdata/block"

// golden runs the program with args and compares its standard output and
// standard error with testdata/name.stdout and testdata/name.stderr (an
// absent file means empty output), and its exit status with want. With
// -update it writes the files instead. On a mismatch it writes
// testdata/name.got-stdout or .got-stderr for inspection, like benchstat's
// tests.
func golden(t *testing.T, name string, want int, args ...string) {
	t.Helper()
	goldenReplacing(t, nil, name, want, args...)
}

// goldenReplacing is golden with the output's variable parts replaced
// (by strings.Replacer pairs: old, new) before the comparison, such as a
// temporary folder's name.
func goldenReplacing(t *testing.T, replace []string, name string, want int, args ...string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	got := run(context.Background(), args, &stdout, &stderr)
	if got != want {
		t.Errorf("bounceback %s: exit status %d, want %d\nstderr:\n%s", strings.Join(args, " "), got, want, stderr.String())
	}
	out, errOut := stdout.Bytes(), stderr.Bytes()
	if len(replace) > 0 {
		r := strings.NewReplacer(replace...)
		out, errOut = []byte(r.Replace(string(out))), []byte(r.Replace(string(errOut)))
	}
	check(t, name, "stdout", out)
	check(t, name, "stderr", errOut)
}

func check(t *testing.T, name, stream string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+"."+stream)
	gotPath := filepath.Join("testdata", name+".got-"+stream)
	if *update {
		if len(got) == 0 {
			if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			return
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	if bytes.Equal(got, want) {
		os.Remove(gotPath)
		return
	}
	if err := os.WriteFile(gotPath, got, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Errorf("%s differs from %s (see %s; go test -update accepts it)\ngot:\n%s\nwant:\n%s", stream, path, gotPath, got, want)
}

func TestHelp(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, golden string
		args         []string
	}{
		{"long", "help", []string{"--help"}},
		{"short", "help", []string{"-h"}},
		{"command", "help", []string{"help"}},
		{"help help", "help", []string{"help", "help"}},
		{"help sessions", "helpSessions", []string{"help", "sessions"}},
		{"sessions --help", "helpSessions", []string{"sessions", "--help"}},
		{"sessions -h with paths", "helpSessions", []string{"sessions", "-h", "x.fit"}},
		{"help analyze", "helpAnalyze", []string{"help", "analyze"}},
		{"analyze --help", "helpAnalyze", []string{"analyze", "--help"}},
		{"help session", "helpSession", []string{"help", "session"}},
		{"session -h", "helpSession", []string{"session", "-h", "x.fit"}},
		{"help profile", "helpProfile", []string{"help", "profile"}},
		{"profile --help", "helpProfile", []string{"profile", "--help"}},
		{"profile init --help", "helpProfile", []string{"profile", "init", "--help"}},
		{"help hrv", "helpHRV", []string{"help", "hrv"}},
		{"hrv --help", "helpHRV", []string{"hrv", "--help"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			golden(t, tt.golden, exitOK, tt.args...)
		})
	}
}

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
	}{
		{"noArgs", nil},
		{"unknownCommand", []string{"frobnicate"}},
		{"unknownFlag", []string{"--frob"}},
		{"helpUnknown", []string{"help", "frobnicate"}},
		{"helpTooMany", []string{"help", "sessions", "sessions"}},
		{"sessionsUnknownFlag", []string{"sessions", "--frob", "x.fit"}},
		{"sessionsNoPath", []string{"sessions"}},
		{"sessionsBadFormat", []string{"sessions", "--format", "xml", "x.fit"}},
		{"sessionsBadSince", []string{"sessions", "--since", "2024-13-01", "x.fit"}},
		{"sessionsUntilBeforeSince", []string{"sessions", "--since", "2024-03-05", "--until", "2024-03-04", "x.fit"}},
		{"sessionsBadJobs", []string{"sessions", "-j", "-1", "x.fit"}},
		{"sessionsJobsNotNumber", []string{"sessions", "--jobs", "many", "x.fit"}},
		{"analyzeTooManyJobs", []string{"analyze", "-j", "100000", "x.fit"}},
		{"sessionsBadWidth", []string{"sessions", "--width", "-5", "x.fit"}},
		{"sessionsUnknownSport", []string{"sessions", "--sport", "runing", "x.fit"}},
		{"analyzeUnknownSportInList", []string{"analyze", "--sport", "run,kayak", "x.fit"}},
		{"analyzeNoPath", []string{"analyze"}},
		{"analyzeBadFormat", []string{"analyze", "--format", "html", "x.fit"}},
		{"analyzeBadHRMax", []string{"analyze", "--hrmax", "300", "x.fit"}},
		{"analyzeBadLTHRSport", []string{"analyze", "--lthr", "row=160", "x.fit"}},
		{"analyzeBadLTHRValue", []string{"analyze", "--lthr", "run=fast", "x.fit"}},
		{"analyzeRestAboveMax", []string{"analyze", "--hrmax", "110", "--hrrest", "115", "x.fit"}},
		{"analyzeBadSex", []string{"analyze", "--sex", "yes", "x.fit"}},
		{"analyzeBadZones", []string{"analyze", "--zones", "friel5", "x.fit"}},
		{"analyzeBadWeight", []string{"analyze", "--weight", "heavy", "x.fit"}},
		{"analyzeHeightInCm", []string{"analyze", "--height", "178", "x.fit"}},
		{"profileBadHeight", []string{"profile", "--height", "0.5"}},
		{"analyzeUntilBeforeSince", []string{"analyze", "--since", "2024-03-05", "--until", "2024-03-04", "x.fit"}},
		{"analyzeMissingProfile", []string{"analyze", "--profile", "testdata/no-such-profile.toml", "x.fit"}},
		{"sessionNoFile", []string{"session"}},
		{"sessionTwoFiles", []string{"session", "a.fit", "b.fit"}},
		{"sessionCSV", []string{"session", "--format", "csv", "a.fit"}},
		{"sessionFolder", []string{"session", blockDir + "/other"}},
		{"profileCSV", []string{"profile", "--format", "csv"}},
		{"profileForce", []string{"profile", "--force"}},
		{"profileInitPath", []string{"profile", "init", "x.fit"}},
		{"profileInitFlag", []string{"profile", "init", "--hrmax", "190"}},
		{"hrvNoPath", []string{"hrv"}},
		{"hrvBadFormat", []string{"hrv", "--format", "xml", "x.fit"}},
		{"hrvSport", []string{"hrv", "--sport", "run", "x.fit"}},
		{"hrvBadSince", []string{"hrv", "--since", "yesterday", "x.fit"}},
		{"hrvBadJobs", []string{"hrv", "-j", "-2", "x.fit"}},
		{"hrvBadHRRest", []string{"hrv", "--hrrest", "10", "x.fit"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			golden(t, tt.name, exitUsage, tt.args...)
		})
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	defer func(v string) { version = v }(version)
	version = "v1.2.3"
	golden(t, "version", exitOK, "--version")

	// Without -ldflags the build info gives something.
	version = ""
	var stdout bytes.Buffer
	if code := run(context.Background(), []string{"--version"}, &stdout, &bytes.Buffer{}); code != exitOK {
		t.Fatalf("exit status %d", code)
	}
	if s := stdout.String(); !strings.HasPrefix(s, "bounceback ") || len(s) <= len("bounceback \n") {
		t.Errorf("--version printed %q", s)
	}
}

// TestBadFiles checks that a file that is not FIT, an empty file and a
// missing file each get one line on standard error and exit status 1.
func TestBadFiles(t *testing.T) {
	t.Parallel()
	golden(t, "notFIT", exitFailed, "sessions", "testdata/notfit.fit")
	golden(t, "empty", exitFailed, "sessions", "testdata/empty.fit")
	golden(t, "missing", exitFailed, "sessions", "testdata/missing.fit")
	golden(t, "badFilesJSON", exitFailed, "sessions", "--format", "json", "testdata/notfit.fit", "testdata/empty.fit")
}

// TestNoFITFiles: a folder without FIT files, an empty one, one with only
// workout files and a path that does not exist are errors (exit 1) with
// one line saying so and no report on standard output, for every batch
// command.
func TestNoFITFiles(t *testing.T) {
	t.Parallel()
	notes := t.TempDir()
	if err := os.WriteFile(filepath.Join(notes, "notes.txt"), []byte("not a FIT file"), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := t.TempDir()
	for _, c := range []struct {
		name, path, want string
	}{
		{"no FIT file", notes, "bounceback: no FIT files found in " + notes + ": nothing to report\n"},
		{"empty folder", empty, "bounceback: no FIT files found in " + empty + ": nothing to report\n"},
		{"workouts only", blockDir + "/other", "bounceback: no FIT file with activity or wellness data found in " + blockDir + "/other: nothing to report\n"},
		{"no such path", "testdata/no-such-folder", "bounceback: stat testdata/no-such-folder: no such file or directory\n" +
			"bounceback: no FIT file with activity or wellness data found in testdata/no-such-folder: nothing to report\n"},
	} {
		for _, cmd := range []string{"sessions", "analyze", "hrv", "load", "readiness"} {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), []string{cmd, "--as-of", "2026-11-02", c.path}, &stdout, &stderr)
			if code != exitFailed || stdout.Len() > 0 || !strings.HasSuffix(stderr.String(), c.want) {
				t.Errorf("%s, %s: exit %d, stdout %q, stderr %q; want %d, nothing, %q", c.name, cmd, code, stdout.String(), stderr.String(), exitFailed, c.want)
			}
		}
	}
}

// TestSportUnion: --sport may repeat or take a comma list, and keeps the
// union of the sports named.
func TestSportUnion(t *testing.T) {
	t.Parallel()
	count := func(args ...string) string {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), append(append([]string{"sessions", "--format", "csv"}, args...), blockDir), &stdout, &stderr)
		if code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, code, stderr.String())
		}
		sports := map[string]int{}
		for _, line := range strings.Split(strings.TrimSpace(stdout.String()), "\n")[1:] {
			sports[strings.Split(line, ",")[3]]++
		}
		var out []string
		for k, n := range sports {
			out = append(out, fmt.Sprintf("%s:%d", k, n))
		}
		sort.Strings(out)
		return strings.Join(out, " ")
	}
	runs, rides := count("--sport", "run"), count("--sport", "ride")
	both := count("--sport", "run", "--sport", "ride")
	if list := count("--sport", "run,ride"); list != both || both == runs || both == rides ||
		!strings.Contains(both, "cycling") || !strings.Contains(both, "running") {
		t.Errorf("run %q, ride %q, repeated %q, list %q", runs, rides, both, list)
	}
}

func TestInterrupted(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr bytes.Buffer
	code := run(ctx, []string{"sessions", "testdata"}, &stdout, &stderr)
	if code != exitInterrupted || stderr.String() != "bounceback: interrupted\n" || stdout.Len() != 0 {
		t.Errorf("got exit status %d, stdout %q, stderr %q", code, stdout.String(), stderr.String())
	}
}

// TestBlock runs sessions over the generated training block.
func TestBlock(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat(blockDir); err != nil {
		t.Fatalf("the generated block is missing (make testdata): %v", err)
	}
	tests := []struct {
		name string
		args []string
	}{
		{"block", []string{"sessions", blockDir}},
		{"block80", []string{"sessions", "--width", "80", blockDir}},
		{"blockCSV", []string{"sessions", "--format", "csv", blockDir}},
		{"blockJSON", []string{"sessions", "--format", "json", blockDir}},
		{"blockVerbose", []string{"sessions", "-v", "--width", "120", blockDir}},
		{"blockFiltered", []string{"sessions", "--sport", "run", "--since", "2026-09-10", "--until", "2026-09-20", "-j", "1", blockDir}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			golden(t, tt.name, exitOK, tt.args...)
		})
	}
}

func TestRelativeTo(t *testing.T) {
	t.Parallel()
	name := relativeTo([]string{"export", "export/inner", "one.fit", "./", "/abs/dir/"})
	tests := []struct{ path, want string }{
		{"export/a.fit", "a.fit"},
		{"export/inner/b.fit", "b.fit"},
		{"export/x.zip/c.fit", "x.zip/c.fit"},
		{"one.fit", "one.fit"},
		{"sub/two.fit", "sub/two.fit"},
		{"/abs/dir/d/e.fit", "d/e.fit"},
		{"/elsewhere/f.fit", "f.fit"},
	}
	for _, tt := range tests {
		if got := name(tt.path); got != tt.want {
			t.Errorf("name(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

func TestProgressBar(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	p := &progressBar{w: &buf, min: 20}
	p.update(1, 20) // small batch: nothing
	if buf.Len() != 0 {
		t.Fatalf("drew %q for a batch of 20", buf.String())
	}
	for i := 1; i <= 60; i++ {
		p.update(i, 60)
	}
	out := buf.String()
	if !strings.HasPrefix(out, "\rbounceback: 1/60 files [") || !strings.Contains(out, "60/60 files ["+strings.Repeat("=", barCells)+"]") {
		t.Errorf("progress output %q", out)
	}
	if strings.Contains(out, "\n") {
		t.Error("the progress bar wrote a newline")
	}
	buf.Reset()
	p.clear()
	if buf.Len() == 0 || strings.Trim(buf.String(), "\r ") != "" {
		t.Errorf("clear wrote %q, want blanks between carriage returns", buf.String())
	}
	var nilBar *progressBar
	nilBar.update(1, 100)
	nilBar.clear()
}

func TestWhere(t *testing.T) {
	t.Parallel()
	_, statErr := os.Stat("testdata/missing.fit")
	tests := []struct {
		err  error
		want string
	}{
		{statErr, "stat testdata/missing.fit: no such file or directory"},
		{errorString("a.fit: byte 3: CRC mismatch"), "a.fit: byte 3: CRC mismatch"},
		{errorString("not a FIT file"), "a.fit: not a FIT file"},
		{errorString("a.fitness: odd"), "a.fit: a.fitness: odd"},
	}
	for _, tt := range tests {
		if got := where("a.fit", tt.err); got != tt.want {
			t.Errorf("where(%q) = %q, want %q", tt.err, got, tt.want)
		}
	}
}

type errorString string

func (e errorString) Error() string { return string(e) }

// TestReadmeDemo checks that the output the README opens with is what
// analyze prints for the sample block: every line of its first code block
// but the "..." that stands for the rows left out.
func TestReadmeDemo(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(readme), "```\n")
	block, _, ok2 := strings.Cut(rest, "```\n")
	if !ok || !ok2 {
		t.Fatal("README has no code block")
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"analyze", "--as-of", "2026-11-02", "--width", "100", "../../testdata/block"}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit status %d: %s", code, stderr.String())
	}
	out := strings.Split(stdout.String(), "\n")
	n := 0
	for line := range strings.SplitSeq(strings.TrimSuffix(block, "\n"), "\n") {
		if line == "..." {
			continue
		}
		if !slices.Contains(out, line) {
			t.Errorf("README line not in the output of analyze: %q", line)
		}
		n++
	}
	if n < 20 {
		t.Errorf("README's first code block has %d lines of output, want the analyze output", n)
	}
}

// TestProgressBarWidth draws the bar of a large batch on terminals of 40,
// 120 and 20 columns: no line (the text between carriage returns) reaches
// the last column, so that the terminal never wraps it, and the bar is
// there when it fits, the count alone when it does not.
func TestProgressBarWidth(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		width int
		bar   bool
	}{{40, true}, {120, true}, {20, false}, {8, false}} {
		var buf bytes.Buffer
		p := &progressBar{w: &buf, min: 20, width: tt.width}
		const total = 12345
		for i := 1; i <= total; i++ {
			p.update(i, total)
		}
		out := buf.String()
		if strings.Contains(out, "\n") {
			t.Errorf("width %d: the bar wrote a newline", tt.width)
		}
		lines := strings.Split(out, "\r")[1:]
		if len(lines) == 0 {
			t.Fatalf("width %d: nothing drawn", tt.width)
		}
		for _, l := range lines {
			if len(l) > tt.width-1 {
				t.Fatalf("width %d: line %q is %d columns", tt.width, l, len(l))
			}
		}
		last := lines[len(lines)-1]
		if got := strings.Contains(last, "=]"); got != tt.bar {
			t.Errorf("width %d: last line %q, bar drawn %v, want %v", tt.width, last, got, tt.bar)
		}
		if !strings.Contains(last, "12345") {
			t.Errorf("width %d: last line %q does not count the files", tt.width, last)
		}
	}
}
