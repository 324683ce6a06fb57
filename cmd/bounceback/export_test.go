package main

import (
	"archive/zip"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bounceback/bounceback/internal/fitgen"
)

// The tests below run the commands on the demo block written as Garmin
// Connect's account export (fitgen.GarminExport): the zip, and the folder
// it unzips to, both generated once per test binary in a temporary folder
// (exportDir, removed by TestMain).

var (
	exportDir  string
	exportOnce = sync.OnceValues(writeExport)
)

// demoExport returns the paths of the export zip and of its unzipped
// folder, and the export's manifest.
func demoExport(t *testing.T) (zipPath, folder string, m *fitgen.ExportManifest) {
	t.Helper()
	m, err := exportOnce()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(exportDir, "export.zip"), filepath.Join(exportDir, "export"), m
}

func writeExport() (*fitgen.ExportManifest, error) {
	dir, err := os.MkdirTemp("", "bounceback-export-")
	if err != nil {
		return nil, err
	}
	exportDir = dir
	zipPath := filepath.Join(dir, "export.zip")
	m, err := fitgen.WriteGarminExport(zipPath)
	if err != nil {
		return nil, err
	}
	if err := unzip(zipPath, filepath.Join(dir, "export")); err != nil {
		return nil, err
	}
	// Neither changes while the tests run: memoScan may keep their scans.
	memoMu.Lock()
	fixed = append(fixed, dir)
	memoMu.Unlock()
	return m, nil
}

// unzip writes the members of the zip at name under dir, as a user's
// unzip tool would (the nested zips stay zips).
func unzip(name, dir string) error {
	zr, err := zip.OpenReader(name)
	if err != nil {
		return err
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.FileInfo().IsDir() {
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if !strings.HasPrefix(p, dir+string(filepath.Separator)) {
			return fmt.Errorf("%s: member %q leaves the folder", name, f.Name)
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		rc, err := f.Open()
		if err != nil {
			return err
		}
		out, err := os.Create(p)
		if err == nil {
			_, err = io.Copy(out, rc)
			if cerr := out.Close(); err == nil {
				err = cerr
			}
		}
		rc.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// TestExportZipAndFolder: analyze, readiness, hrv and report give the same
// result on the export zip and on the folder it unzips to (once the
// paths, which name the one or the other, are made the same).
func TestExportZipAndFolder(t *testing.T) {
	t.Parallel()
	zipPath, folder, _ := demoExport(t)
	for _, args := range [][]string{
		{"analyze", "--format", "json", "--as-of", "2026-11-02"},
		{"analyze", "--as-of", "2026-10-11"},
		{"readiness", "--format", "json", "--as-of", "2026-10-11"},
		{"hrv", "--format", "csv"},
		{"load", "--since", "2026-10-05", "--as-of", "2026-10-11"},
		{"report", "--format", "markdown", "-o", "-", "--as-of", "2026-11-02"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			t.Parallel()
			var outs [2]string
			for i, p := range []string{zipPath, folder} {
				code, stdout, stderr := runCmd(append(args, p)...)
				if code != exitOK {
					t.Fatalf("bounceback %s %s: exit status %d\n%s", strings.Join(args, " "), p, code, stderr)
				}
				outs[i] = strings.ReplaceAll(stdout+stderr, p, "EXPORT")
				// The report's footer counts the zip as a file, the folder
				// as a folder.
				outs[i] = strings.ReplaceAll(outs[i], "from 1 file named", "from 1 folder named")
			}
			if outs[0] != outs[1] {
				t.Errorf("the zip and the folder differ:\nzip:\n%s\nfolder:\n%s", outs[0], outs[1])
			}
		})
	}
}

// TestExportDaily: the daily series carries the export's JSON values
// exactly (overnight HRV, resting HR, sleep score, sleep time, stress,
// Body Battery, Garmin's Training Readiness and load), on the days the
// generator wrote them and on no other; the FIT and JSON sources agree
// but on the days the generator made them disagree, and the warning names
// those days.
func TestExportDaily(t *testing.T) {
	t.Parallel()
	zipPath, _, m := demoExport(t)
	code, stdout, stderr := runCmd("hrv", "--format", "json", zipPath)
	if code != exitOK {
		t.Fatalf("exit status %d\n%s", code, stderr)
	}
	var raw struct {
		Sources map[string]any   `json:"daily_sources"`
		Daily   []map[string]any `json:"daily"`
	}
	if err := json.Unmarshal([]byte(stdout), &raw); err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{
		"hrv": "overnight (export)", "resting_hr": "daily summary (export)", "sleep": "sleepData (export)",
		"sleep_time": "sleepData (export)", "stress": "daily summary (export)", "body_battery": "daily summary (export)",
		"garmin_readiness": "Training Readiness (export)", "garmin_load": "acute training load (export)",
	} {
		if got, _ := raw.Sources[key].(string); got != want {
			t.Errorf("daily_sources.%s = %v, want %q", key, raw.Sources[key], want)
		}
	}
	byDate := map[string]map[string]any{}
	for _, d := range raw.Daily {
		byDate[d["date"].(string)] = d
	}
	num := func(d map[string]any, key string) float64 {
		if v, ok := d[key].(float64); ok {
			return v
		}
		return math.NaN()
	}
	checked := 0
	for _, day := range m.Days {
		date := day.Date.Format(time.DateOnly)
		d := byDate[date]
		if d == nil {
			if day.Worn {
				t.Errorf("%s: no day in the daily series", date)
			}
			continue
		}
		sleepH := (day.Deep + day.Light + day.REM) / 3600
		for _, c := range []struct {
			key  string
			want float64
			tol  float64
		}{
			{"rmssd_ms", day.HRV, 0.05},
			{"resting_hr_bpm", day.RestingHR, 0},
			{"sleep_score", day.SleepScore, 0},
			{"sleep_h", sleepH, 0.005},
			{"stress", day.Stress, 0},
			{"body_battery", day.BBHigh, 0},
			{"garmin_readiness", day.Readiness, 0},
			{"garmin_acute_load", day.Acute, 0.5},
			{"garmin_chronic_load", day.Chronic, 0.5},
		} {
			got := num(d, c.key)
			want := c.want
			if c.key == "sleep_h" && !(sleepH > 0) {
				want = math.NaN()
			}
			switch {
			case math.IsNaN(want) != math.IsNaN(got):
				t.Errorf("%s: %s = %v, want %v (quirks %v)", date, c.key, got, want, day.Quirks)
			case !math.IsNaN(want) && math.Abs(got-want) > c.tol:
				t.Errorf("%s: %s = %v, want %v", date, c.key, got, want)
			default:
				checked++
			}
		}
	}
	if checked < 9*50 {
		t.Errorf("only %d values checked", checked)
	}

	// The warning names each day the generator made the FIT files and
	// the JSON disagree, and only those.
	var warn string
	for _, l := range strings.Split(stderr, "\n") {
		if strings.Contains(l, "daily series:") {
			warn = l
		}
	}
	if len(m.Disagreements) != 3 {
		t.Fatalf("the generator made %d disagreements, want 3", len(m.Disagreements))
	}
	for _, x := range m.Disagreements {
		if !strings.Contains(warn, x.Date.Format(time.DateOnly)) {
			t.Errorf("the warning does not name %s (%s):\n%s", x.Date.Format(time.DateOnly), x.Measure, warn)
		}
	}
	if n := strings.Count(warn, "2026-"); n != len(m.Disagreements) {
		t.Errorf("the warning names %d days, want %d:\n%s", n, len(m.Disagreements), warn)
	}
	if !strings.Contains(warn, "sleep score: the export's JSON and the FIT files agree on all") {
		t.Errorf("no agreement on the sleep score:\n%s", warn)
	}
}

// TestExportReadiness: Garmin's Training Readiness is shown beside ours on
// every day the export holds it, and the line that explains a difference
// appears exactly when the two differ by analysis.GarminDisagree points or
// more.
func TestExportReadiness(t *testing.T) {
	t.Parallel()
	zipPath, _, m := demoExport(t)
	notes, quiet := 0, 0
	for _, day := range m.Days {
		if math.IsNaN(day.Readiness) {
			continue
		}
		date := day.Date.Format(time.DateOnly)
		code, stdout, stderr := runCmd("readiness", "--format", "json", "--as-of", date, zipPath)
		if code != exitOK {
			t.Fatalf("%s: exit status %d\n%s", date, code, stderr)
		}
		var doc struct {
			Readiness struct {
				Score  *float64 `json:"score"`
				Garmin *struct {
					Score *float64 `json:"score"`
					Level *string  `json:"level"`
				} `json:"garmin"`
				Note *string `json:"garmin_note"`
			} `json:"readiness"`
		}
		if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
			t.Fatal(err)
		}
		r := doc.Readiness
		if r.Garmin == nil || r.Garmin.Score == nil || *r.Garmin.Score != day.Readiness {
			t.Errorf("%s: garmin = %+v, want the score %v", date, r.Garmin, day.Readiness)
			continue
		}
		if r.Score == nil {
			t.Errorf("%s: no score of ours", date)
			continue
		}
		differ := math.Abs(*r.Score-day.Readiness) >= 20
		switch {
		case differ && r.Note == nil:
			t.Errorf("%s: ours %.0f, Garmin's %.0f, and no line explains it", date, *r.Score, day.Readiness)
		case !differ && r.Note != nil:
			t.Errorf("%s: ours %.0f, Garmin's %.0f: a line explains a difference under 20 points: %s", date, *r.Score, day.Readiness, *r.Note)
		case differ:
			notes++
		default:
			quiet++
		}
	}
	if notes == 0 || quiet == 0 {
		t.Errorf("%d days with the line, %d without: the generated export should have both", notes, quiet)
	}
}

// TestExportGolden: the readiness and the recovery table on the export,
// beside the FIT-only goldens of the same days (readinessOverload), so
// that the difference the export makes is visible.
func TestExportGolden(t *testing.T) {
	t.Parallel()
	zipPath, _, _ := demoExport(t)
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"readinessExport", []string{"readiness", "--as-of", "2026-10-11", zipPath}},
		{"readinessExportJSON", []string{"readiness", "--format", "json", "--as-of", "2026-10-11", zipPath}},
		{"recoveryExport", []string{"recovery", "--since", "2026-10-01", "--as-of", "2026-10-14", zipPath}},
		{"analyzeExport", []string{"analyze", "--as-of", "2026-11-02", "--width", "120", zipPath}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			goldenReplacing(t, []string{zipPath, "export.zip"}, tt.name, exitOK, tt.args...)
		})
	}
}
