package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bounceback/bounceback/analysis"
	"github.com/bounceback/bounceback/fitparse"
	"github.com/bounceback/bounceback/internal/fitgen"
	"github.com/bounceback/bounceback/internal/realfit"
)

// The generated squad (squadFixture), written once per test binary into
// squadDir (made by TestMain, which lists it among the memo's fixed
// folders and removes it):
//
//	ana/       the whole block, with a profile.toml setting hrmax = 200
//	ben/       the block's activities and morning readings without the
//	           four weeks from 2026-09-21 (a long break), each file chained
//	           with the block's settings file so that its bytes differ
//	           from ana's, and a truncated file (so the exit status is 1)
//	cleo.zip   the activities of the block's first two weeks, chained
//	           with the settings file twice (gone quiet), and one file byte for byte the same
//	           as ana's (reported, counted for ana only)
//	dan/       only the profile template (no data)
var (
	squadDir  string
	squadOnce sync.Once
	squadErr  error
)

// finnProfile is the generated squad's finn's profile.toml: values of his
// own, far from the block athlete's.
const finnProfile = "hrmax = 192\nhrrest = 52\nweight = 84\nage = 46\nsex = \"male\"\n"

// squadCopy is the file of the block that cleo.zip holds unchanged.
const squadCopy = "activities/2026-09-01-18-15-12_RUN.fit"

// squadFixture returns the generated squad's folder.
func squadFixture(t *testing.T) string {
	t.Helper()
	squadOnce.Do(func() { squadErr = writeSquad(squadDir) })
	if squadErr != nil {
		t.Fatal(squadErr)
	}
	return squadDir
}

// blockDates reads the block's MANIFEST.tsv: each file's path and local
// date (YYYY-MM-DD).
func blockDates() (map[string]string, error) {
	f, err := os.Open(filepath.Join(blockDir, "MANIFEST.tsv"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	dates := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) < 3 || strings.HasPrefix(fields[0], "#") || fields[0] == "path" {
			continue
		}
		dates[fields[0]] = fields[2]
	}
	return dates, sc.Err()
}

func writeSquad(dir string) error {
	dates, err := blockDates()
	if err != nil {
		return err
	}
	settings, err := os.ReadFile(filepath.Join(blockDir, "other", "Settings.fit"))
	if err != nil {
		return err
	}
	write := func(path string, data []byte) error {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		return os.WriteFile(path, data, 0o644)
	}
	chained := func(rel string) ([]byte, error) {
		b, err := os.ReadFile(filepath.Join(blockDir, filepath.FromSlash(rel)))
		return append(b, settings...), err
	}
	var cleo bytes.Buffer
	zw := zip.NewWriter(&cleo)
	for rel, date := range dates {
		data, err := os.ReadFile(filepath.Join(blockDir, filepath.FromSlash(rel)))
		if err != nil {
			return err
		}
		if err := write(filepath.Join(dir, "ana", filepath.FromSlash(rel)), data); err != nil {
			return err
		}
		kind := strings.SplitN(rel, "/", 2)[0]
		if (kind == "activities" || kind == "morning") && (date < "2026-09-21" || date > "2026-10-18") {
			b, err := chained(rel)
			if err == nil {
				err = write(filepath.Join(dir, "ben", filepath.FromSlash(rel)), b)
			}
			if err != nil {
				return err
			}
		}
		if (kind == "activities" && date >= "2026-09-21") || (kind == "morning" && date < "2026-10-29") {
			// eve: the second half of the block, with her own bytes
			// (neither ben's nor cleo's), and her morning readings until
			// her HRV drops (below).
			b, err := chained(rel)
			if err == nil {
				b = append(append(b, settings...), settings...)
				err = write(filepath.Join(dir, "eve", filepath.FromSlash(rel)), b)
			}
			if err != nil {
				return err
			}
		}
		if kind == "activities" && date < "2026-09-14" && rel != squadCopy {
			b, err := chained(rel)
			if err != nil {
				return err
			}
			b = append(b, settings...) // not ben's bytes either
			w, err := zw.Create(rel)
			if err == nil {
				_, err = w.Write(b)
			}
			if err != nil {
				return err
			}
		}
	}
	data, err := os.ReadFile(filepath.Join(blockDir, filepath.FromSlash(squadCopy)))
	if err != nil {
		return err
	}
	w, err := zw.Create(squadCopy)
	if err == nil {
		_, err = w.Write(data)
	}
	if err == nil {
		err = zw.Close()
	}
	// finn: the block's sessions recorded on a COROS watch and a Wahoo
	// bike computer (none of Garmin's own fields), and his own values.
	if err == nil {
		var acts []fitgen.File
		if acts, err = fitgen.BlockActivities(fitgen.OtherDevices); err == nil {
			for _, f := range acts {
				if err = write(filepath.Join(dir, "finn", filepath.FromSlash(f.Path)), f.Data); err != nil {
					break
				}
			}
		}
	}
	// eve's HRV drops: her last five morning readings (2026-10-29 to
	// 11-02) are at ln RMSSD 3.4, far below her normal range (about 4.1),
	// with a resting HR of 58.
	for d := 0; d < 5 && err == nil; d++ {
		start := time.Date(2026, 10, 29+d, 6, 40, 0, 0, time.UTC)
		var b []byte
		if b, err = fitgen.MorningReading(start, 300, 3.4, 58, uint64(900+d)); err == nil {
			err = write(filepath.Join(dir, "eve", "morning", start.Format("2006-01-02")+"-low-hrv.fit"), b)
		}
	}
	for _, f := range []struct {
		path string
		data []byte
	}{
		{"cleo.zip", cleo.Bytes()},
		{"ana/profile.toml", []byte("hrmax = 200\n")},
		{"ben/broken.fit", data[:200]},
		{"dan/profile.toml", []byte(profileTemplate)},
		{"finn/profile.toml", []byte(finnProfile)},
	} {
		if err != nil {
			return err
		}
		err = write(filepath.Join(dir, filepath.FromSlash(f.path)), f.data)
	}
	return err
}

func TestSquadGolden(t *testing.T) {
	t.Parallel()
	dir := squadFixture(t)
	for _, c := range []struct {
		name string
		args []string
	}{
		{"squad", nil},
		{"squadCSV", []string{"--format", "csv"}},
		{"squadJSON", []string{"--format", "json"}},
		{"squadMarkdown", []string{"--format", "markdown"}},
		{"squadSortReadiness", []string{"--sort", "readiness"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			args := append([]string{"squad", "--as-of", "2026-11-02"}, c.args...)
			goldenReplacing(t, []string{dir, "SQUAD"}, c.name, exitFailed, append(args, dir)...)
		})
	}
}

// TestSquadAthletesApart: each athlete's block holds only their own files
// and is resolved with their own profile: ana's hrmax 200 reaches none of
// ben's sessions, and cleo's copy of ana's file counts for ana only.
func TestSquadAthletesApart(t *testing.T) {
	t.Parallel()
	dir := squadFixture(t)
	athletes, err := squadAthletes(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := loadSquadProfiles(athletes); err != nil {
		t.Fatal(err)
	}
	paths := make([]string, len(athletes))
	for i, a := range athletes {
		paths[i] = a.path
	}
	files, err := scanFiles(context.Background(), paths, fitparse.ScanOptions{}, analysis.Summarize, nil)
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	e := &env{stdout: &bytes.Buffer{}, stderr: &stderr}
	byAthlete := splitByAthlete(files, athletes)
	blocks := e.squadBlocks(byAthlete, athletes, analysis.Options{})
	names := map[string]*analysis.Block{}
	for i, a := range athletes {
		names[a.name] = blocks[i]
		for _, f := range byAthlete[i] {
			if athleteOf(f.Path, athletes) != i {
				t.Errorf("%s: %s is not in their folder", a.name, f.Path)
			}
		}
	}
	if len(names) != 6 {
		t.Fatalf("athletes %v, want ana, ben, cleo, dan, eve and finn", athletes)
	}
	if hr := names["ana"].Athlete.HR[analysis.SportRun].HRMax; hr.V != 200 || hr.Source != analysis.SourceProfile {
		t.Errorf("ana: HRmax %v from %v, want 200 from the profile file", hr.V, hr.Source)
	}
	// finn: his own values, his own devices, and the model's sweat
	// loss where the others have Garmin's.
	finn := names["finn"]
	if hr := finn.Athlete.HR[analysis.SportRun].HRMax; hr.V != 192 || hr.Source != analysis.SourceProfile {
		t.Errorf("finn: HRmax %v from %v, want 192 from his profile file", hr.V, hr.Source)
	}
	if m := finn.Athlete.Mass; m.V != 84 {
		t.Errorf("finn: mass %v, want 84", m.V)
	}
	makers, garminSweat := map[string]int{}, 0
	for _, f := range finn.Files {
		makers[f.FileID.Manufacturer]++
		for _, s := range f.Sessions {
			if s.Fluid != nil && s.Fluid.Source == analysis.SweatGarmin {
				garminSweat++
			}
			if s.Athlete.HRMax.V == 200 {
				t.Errorf("finn: %s: session with ana's HRmax 200", f.Path)
			}
		}
	}
	if makers["coros"] == 0 || makers["wahoo_fitness"] == 0 || makers["garmin"] != 0 || garminSweat != 0 {
		t.Errorf("finn: devices %v, %d sessions with Garmin's sweat loss: want COROS and Wahoo only", makers, garminSweat)
	}
	var anaGarmin int
	for _, f := range names["ana"].Files {
		for _, s := range f.Sessions {
			if s.Fluid != nil && s.Fluid.Source == analysis.SweatGarmin {
				anaGarmin++
			}
		}
	}
	if anaGarmin == 0 {
		t.Error("ana: no session with Garmin's sweat loss: the check of finn's sees nothing")
	}
	for _, n := range []string{"ben", "cleo"} {
		b := names[n]
		if hr := b.Athlete.HR[analysis.SportRun].HRMax; hr.V == 200 || hr.Source == analysis.SourceProfile {
			t.Errorf("%s: HRmax %v from %v: ana's value leaked", n, hr.V, hr.Source)
		}
		sessions := 0
		for _, f := range b.Files {
			for _, s := range f.Sessions {
				sessions++
				if s.Athlete.HRMax.V == 200 {
					t.Errorf("%s: %s: session with ana's HRmax 200", n, f.Path)
				}
			}
		}
		if sessions == 0 {
			t.Errorf("%s: no sessions", n)
		}
	}
	// cleo's copy of ana's file is skipped; ana keeps hers.
	var copies int
	for _, f := range byAthlete[2] {
		if f.IsDuplicate() {
			copies++
			if kept := keptCopy(&f); athleteOf(kept, athletes) != 0 {
				t.Errorf("%s: a copy of %q, want ana's file", f.Path, kept)
			}
		}
	}
	if copies != 1 {
		t.Errorf("cleo: %d copies, want 1", copies)
	}
	if names["ana"].Totals.Sessions <= names["ben"].Totals.Sessions {
		t.Errorf("ana %d sessions, ben %d: want ben's break to show", names["ana"].Totals.Sessions, names["ben"].Totals.Sessions)
	}
	if d := names["dan"]; len(d.Days) != 0 || d.Readiness != nil {
		t.Errorf("dan: %d days, readiness %v: want no data", len(d.Days), d.Readiness)
	}
}

func TestSquadUsage(t *testing.T) {
	t.Parallel()
	dir := squadFixture(t)
	bad := t.TempDir()
	if err := os.MkdirAll(filepath.Join(bad, "eve"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bad, "eve", "profile.toml"), []byte("hrmax = 190\nvo2 = 60\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		args []string
		want int
		msg  string
	}{
		{"help", []string{"--help"}, exitOK, ""},
		{"bad sort", []string{"--sort", "age", dir}, exitUsage, `--sort: unknown column "age" (want name, readiness, load, acwr, tsb, hrv, last)`},
		{"no dir", nil, exitUsage, "squad: no PATH given"},
		{"two dirs", []string{dir, dir}, exitUsage, "squad takes one DIR, not 2"},
		{"bad format", []string{"--format", "html", dir}, exitUsage, "--format"},
		{"bad as-of", []string{"--as-of", "2026-13-01", dir}, exitUsage, "--as-of"},
		{"profile flag", []string{"--hrmax", "190", dir}, exitUsage, "unknown flag: --hrmax"},
		{"not a folder", []string{filepath.Join(dir, "nobody")}, exitFailed, "no such file"},
		{"empty", []string{t.TempDir()}, exitFailed, "no athlete folder"},
		{"bad profile", []string{bad}, exitUsage, filepath.Join(bad, "eve", "profile.toml") + ":2: "},
		{"init no dir", []string{"init"}, exitUsage, "squad init takes one DIR, not 0"},
		{"init flag", []string{"-q", "init", dir}, exitUsage, "squad init takes no flags"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			code, _, stderr := runCmd(append([]string{"squad"}, c.args...)...)
			if code != c.want || !strings.Contains(stderr, c.msg) {
				t.Errorf("squad %v: exit %d, stderr %q; want %d and %q", c.args, code, stderr, c.want, c.msg)
			}
		})
	}
	golden(t, "helpSquad", exitOK, "squad", "--help")
	golden(t, "helpSquad", exitOK, "help", "squad")
}

// TestSquadInit: init writes the profile template into an athlete folder,
// says what to do next, and never replaces a file.
func TestSquadInit(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "squad")
	goldenReplacing(t, []string{dir, "DIR"}, "squadInit", exitOK, "squad", "init", dir)
	path := filepath.Join(dir, squadTemplateName, squadProfile)
	got, err := os.ReadFile(path)
	if err != nil || string(got) != profileTemplate {
		t.Fatalf("%s: %q, %v; want the profile template", path, got, err)
	}
	if _, _, err := loadProfile(path, true); err != nil {
		t.Errorf("the template does not read back: %v", err)
	}
	if err := os.WriteFile(path, []byte("hrmax = 190\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCmd("squad", "init", dir)
	if code != exitOK || !strings.Contains(stderr, "already exists: left as it is") {
		t.Errorf("init again: exit %d, stderr %q", code, stderr)
	}
	if got, _ := os.ReadFile(path); string(got) != "hrmax = 190\n" {
		t.Errorf("init again replaced the file: %q", got)
	}
}

// TestSquadRealFiles runs squad over two athletes made of real files and
// checks that every value of every row is plausible or absent.
func TestSquadRealFiles(t *testing.T) {
	t.Parallel()
	shared := realfit.Dir(t)
	dir := t.TempDir()
	for name, src := range map[string]string{"x": "tormoder__fit", "y": "msimms__TestFilesForFitnessApps"} {
		if err := os.CopyFS(filepath.Join(dir, name), os.DirFS(filepath.Join(shared, src))); err != nil {
			t.Fatal(err)
		}
	}
	for _, format := range []string{"json", "table", "csv"} {
		code, stdout, stderr := runCmd("squad", "--format", format, dir)
		if code != exitOK && code != exitFailed {
			t.Fatalf("%s: exit %d\n%s", format, code, stderr)
		}
		if strings.Contains(strings.ToLower(stdout), "nan") || strings.Contains(stdout, "Inf") {
			t.Errorf("%s: NaN or Inf printed:\n%s", format, stdout)
		}
		if format != "json" {
			continue
		}
		var doc struct {
			Athletes []struct {
				Athlete              string
				Readiness, ACWR, TSB *float64
				HRV                  *float64 `json:"hrv_7d_ln_ms"`
				Load7                *float64 `json:"load_7d"`
				LoadPrev             *float64 `json:"load_prev_7d"`
				Rest                 *float64 `json:"resting_hr_bpm"`
				Days                 *int     `json:"days_since_last"`
				Last                 *string  `json:"last_session"`
			}
		}
		if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
			t.Fatal(err)
		}
		if len(doc.Athletes) != 2 {
			t.Fatalf("%d rows, want 2", len(doc.Athletes))
		}
		in := func(name string, v *float64, lo, hi float64) {
			if v != nil && (math.IsNaN(*v) || *v < lo || *v > hi) {
				t.Errorf("%s: %v out of %v–%v", name, *v, lo, hi)
			}
		}
		for _, a := range doc.Athletes {
			in(a.Athlete+" readiness", a.Readiness, 0, 100)
			in(a.Athlete+" ACWR", a.ACWR, 0, 5)
			in(a.Athlete+" TSB", a.TSB, -300, 300)
			in(a.Athlete+" HRV", a.HRV, 1, 6)
			in(a.Athlete+" load", a.Load7, 0, 7*1000)
			in(a.Athlete+" previous load", a.LoadPrev, 0, 7*1000)
			in(a.Athlete+" resting HR", a.Rest, 25, 120)
			if a.Last == nil || a.Days == nil || *a.Days < 0 {
				t.Errorf("%s: no last session (%v, %v)", a.Athlete, a.Last, a.Days)
			}
		}
	}
}

// TestSquadAthleteFlag: --athlete NAME on a squad folder reads NAME's
// folder alone with NAME's profile.toml, as if it were given with
// --profile, and never another athlete's.
func TestSquadAthleteFlag(t *testing.T) {
	t.Parallel()
	dir := squadFixture(t)
	ana := filepath.Join(dir, "ana")
	for _, c := range [][2][]string{
		{{"readiness", "--format", "json", "--athlete", "ana", dir},
			{"readiness", "--format", "json", "--profile", filepath.Join(ana, "profile.toml"), ana}},
		{{"load", "--athlete", "ben", dir}, {"load", filepath.Join(dir, "ben")}},
		{{"sessions", "--athlete", "cleo", dir}, {"sessions", filepath.Join(dir, "cleo.zip")}},
	} {
		_, got, _ := runCmd(c[0]...)
		_, want, _ := runCmd(c[1]...)
		if got != want || got == "" {
			t.Errorf("%v: not the output of %v:\n%s\nwant:\n%s", c[0], c[1], got, want)
		}
	}
	for _, c := range []struct {
		name       string
		args       []string
		want       int
		has, hasNo string
	}{
		{"ana's profile", []string{"profile", "--athlete", "ana", dir}, exitOK, "profile file: " + filepath.Join(ana, "profile.toml"), ""},
		{"ben's own values", []string{"profile", "--athlete", "ben", dir}, exitFailed, "profile file: none", "200 bpm"},
		{"a zip athlete", []string{"analyze", "--athlete", "cleo", dir}, exitOK, "2026-09-02", ""},
		{"session in the folder", []string{"session", "--athlete", "ana", filepath.Join(ana, filepath.FromSlash(squadCopy))}, exitOK, "running", ""},
	} {
		code, stdout, stderr := runCmd(c.args...)
		if code != c.want || !strings.Contains(stdout, c.has) || (c.hasNo != "" && strings.Contains(stdout, c.hasNo)) {
			t.Errorf("%s: %v: exit %d (want %d)\n%s%s", c.name, c.args, code, c.want, stdout, stderr)
		}
	}
	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{"analyze", "--athlete", "zoe", dir}, `--athlete "zoe": no such athlete in ` + dir + ` (athletes: ana, ben, cleo, dan, eve, finn)`},
		{[]string{"analyze", "--athlete", "ana", dir, dir}, "give the squad folder as the one PATH, not 2"},
		{[]string{"hrv", "--athlete", "ana", "--profile", "p.toml", dir}, "give no --profile"},
		{[]string{"session", "--athlete", "ben", filepath.Join(ana, filepath.FromSlash(squadCopy))}, "is not in a folder named ben"},
	} {
		code, _, stderr := runCmd(c.args...)
		if code != exitUsage || !strings.Contains(stderr, c.msg) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", c.args, code, stderr, c.msg)
		}
	}
}

// TestSquadPage checks the squad page of the generated squad (report
// --squad) against its golden file, the charts' SVG included.
func TestSquadPage(t *testing.T) {
	t.Parallel()
	dir := squadFixture(t)
	goldenReplacing(t, []string{dir, "SQUAD"}, "squadPage", exitFailed,
		"report", "--squad", "--as-of", "2026-11-02", "-o", "-", dir)
}

// TestSquadPageUsage checks the usage errors of report --squad: each exits
// 2 and writes nothing.
func TestSquadPageUsage(t *testing.T) {
	t.Parallel()
	dir := squadFixture(t)
	out := filepath.Join(t.TempDir(), "squad.html")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{dir, dir}, "report --squad takes one DIR, the squad folder, not 2"},
		{[]string{"--format", "markdown", dir}, "report --squad writes html only, not markdown"},
		{[]string{"--hrmax", "190", dir}, "report --squad reads each athlete's profile.toml: give no --hrmax"},
		{[]string{"--height", "1.8", dir}, "report --squad reads each athlete's profile.toml: give no --height"},
		{[]string{"--profile", out, dir}, "give no --profile"},
		{[]string{"--sort", "age", dir}, `--sort: unknown column "age"`},
	} {
		var stdout, stderr bytes.Buffer
		args := append([]string{"report", "--squad", "-o", out}, c.args...)
		if code := run(context.Background(), args, &stdout, &stderr); code != exitUsage {
			t.Errorf("bounceback %s: exit status %d, want %d", strings.Join(args, " "), code, exitUsage)
		}
		if !strings.Contains(stderr.String(), c.want) {
			t.Errorf("bounceback %s: stderr %q, want %q in it", strings.Join(args, " "), stderr.String(), c.want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("bounceback %s wrote %s", strings.Join(args, " "), out)
		}
	}
}

// TestSquadPageSort: report --squad --sort orders the page's table and
// its athletes' sections as squad --sort orders its rows; --sort without
// --squad is a usage error.
func TestSquadPageSort(t *testing.T) {
	t.Parallel()
	dir := squadFixture(t)
	_, table, _ := runCmd("squad", "--sort", "readiness", "--format", "csv", dir)
	var want []string
	for _, line := range strings.Split(strings.TrimSpace(table), "\n")[1:] {
		name, _, _ := strings.Cut(line, ",")
		want = append(want, name)
	}
	code, page, stderr := runCmd("report", "--squad", "--sort", "readiness", "-o", "-", dir)
	if code != exitFailed { // ben's broken file
		t.Fatalf("report --squad --sort readiness: %d %s", code, stderr)
	}
	sections := regexp.MustCompile(`<section id="athlete-([^"]+)" class="athlete">`).FindAllStringSubmatch(page, -1)
	var got []string
	for _, m := range sections {
		got = append(got, m[1])
	}
	if len(want) != 6 || !slices.Equal(got, want) || slices.IsSorted(want) {
		t.Errorf("sections %v, want the order of squad --sort readiness %v (not the names' order)", got, want)
	}
	if code, _, stderr := runCmd("report", "--sort", "readiness", "-o", "-", dir); code != exitUsage || !strings.Contains(stderr, "give it with --squad") {
		t.Errorf("--sort without --squad: %d %s", code, stderr)
	}
}

// TestSquadUserProfileTables checks that an athlete without a
// profile.toml (cleo, a zip) takes the [athletes.cleo] table of the
// user's profile, that an athlete with one (ana) keeps hers, and that the
// others get neither.
func TestSquadUserProfileTables(t *testing.T) {
	dir := squadFixture(t)
	config := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", config)
	profile := filepath.Join(config, "bounceback", "profile.toml")
	os.MkdirAll(filepath.Dir(profile), 0o700)
	doc := "hrmax = 181\n\n[athletes.cleo]\nhrmax = 199\n\n[athletes.ana]\nhrmax = 150\n"
	if err := os.WriteFile(profile, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	athletes, err := squadAthletes(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := loadSquadProfiles(athletes); err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{"ana": 200, "cleo": 199, "finn": 192}
	for _, a := range athletes {
		got := a.profile.HRMax
		if w, ok := want[a.name]; ok && got != w || !ok && !math.IsNaN(got) {
			t.Errorf("%s: hrmax %v from %q", a.name, got, a.profile.Where)
		}
	}
	os.WriteFile(profile, []byte("[athletes.cleo]\nhrmax = 999\n"), 0o600)
	if code, _, errs := runCmd("squad", "-q", dir); code != exitUsage || !strings.Contains(errs, "profile.toml:2") {
		t.Errorf("a bad athlete table: exit %d, stderr %q", code, errs)
	}
}

// TestSquadHRVDrop checks the athlete whose HRV drops (eve, five
// mornings far below her normal range): flagged, advised easy, HRV among
// what holds her back.
func TestSquadHRVDrop(t *testing.T) {
	t.Parallel()
	dir := squadFixture(t)
	athletes, err := squadAthletes(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := loadSquadProfiles(athletes); err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(athletes, func(a athlete) bool { return a.name == "eve" })
	paths := []string{athletes[i].path}
	files, err := scanFiles(context.Background(), paths, fitparse.ScanOptions{}, analysis.Summarize, nil)
	if err != nil {
		t.Fatal(err)
	}
	asOf := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	b := analysis.Build(files, analysis.Options{AsOf: asOf, File: athletes[i].profile, Flags: noInput()})
	row := analysis.SquadRow("eve", b, asOf)
	if !slices.Contains(row.Flags, analysis.FlagHRVLow) {
		t.Errorf("eve: flags %v, want HRV low", row.Flags)
	}
	if !slices.Contains(row.HeldBack, analysis.ContribHRV) {
		t.Errorf("eve: held back by %v, want HRV among them", row.HeldBack)
	}
	if row.Advice == analysis.AdviceHard || row.Advice == analysis.AdviceModerate {
		t.Errorf("eve: advice %v with HRV below its range two days running", row.Advice)
	}
}

// TestSquadWeighIns: a weigh-in logged for a squad athlete (sweat-test
// --athlete) goes to their own log in the data folder and calibrates their
// plans only: not the user's, not another athlete's.
func TestSquadWeighIns(t *testing.T) {
	dir := squadFixture(t)
	data := t.TempDir()
	t.Setenv("XDG_DATA_HOME", data)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	ride := filepath.Join(dir, "ana", filepath.FromSlash("activities/2026-09-05-09-00-46_RIDE.fit"))
	code, stdout, stderr := runCmd("sweat-test", "--athlete", "ana", "--pre", "58.2", "--post", "56.9", "--drank", "0.5", "--session", ride)
	log := filepath.Join(data, "bounceback", "athletes", "ana", "weigh-ins.tsv")
	if code != exitOK || !strings.Contains(stdout, "logged to "+log) {
		t.Fatalf("sweat-test --athlete ana: %d\n%s%s", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(data, "bounceback", "weigh-ins.tsv")); !os.IsNotExist(err) {
		t.Errorf("the user's log was written: %v", err)
	}
	source := func(args ...string) any {
		t.Helper()
		code, stdout, stderr := runCmd(append([]string{"session", "--format", "json"}, args...)...)
		if code != exitOK {
			t.Fatalf("session %v: %d\n%s", args, code, stderr)
		}
		return firstFluid(t, stdout)["source"]
	}
	if got := source("--athlete", "ana", ride); got != "weigh-in" {
		t.Errorf("ana's ride: fluid source %v, want her weigh-in", got)
	}
	if got := source(ride); got == "weigh-in" {
		t.Errorf("the user's run of ana's ride used ana's weigh-in")
	}
	for _, c := range []struct {
		args []string
		has  bool
	}{
		{[]string{"profile", "--athlete", "ana", dir}, true},
		{[]string{"profile", "--athlete", "ben", dir}, false},
		{[]string{"profile"}, false},
	} {
		_, stdout, _ := runCmd(c.args...)
		if got := strings.Contains(stdout, "from 1 weigh-in"); got != c.has {
			t.Errorf("%v: calibration from 1 weigh-in shown %v, want %v:\n%s", c.args, got, c.has, stdout)
		}
	}
	// A bad line of ana's log is reported under her name by squad.
	fh, err := os.OpenFile(log, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fh.WriteString("2026-09-07T12:00:00Z\t\t70\tabc\t0\t0\t3600\t\t\n")
	fh.Close()
	if _, _, stderr := runCmd("squad", dir); !strings.Contains(stderr, "bounceback: ana: weigh-in log: "+log+":4:") {
		t.Errorf("squad does not report ana's bad log line:\n%s", stderr)
	}
	for _, name := range []string{"../ana", "a/b", ".."} {
		code, _, stderr := runCmd("sweat-test", "--athlete", name, "--pre", "70", "--post", "69", "--duration", "1h")
		if code != exitUsage || !strings.Contains(stderr, "--athlete") {
			t.Errorf("--athlete %q: exit %d %s", name, code, stderr)
		}
	}
}
