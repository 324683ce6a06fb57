package fitgen

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"math"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bounceback/bounceback/fitparse"
)

// exported is the demo export, written and scanned once per test binary.
type exported struct {
	zip      []byte
	manifest *ExportManifest
	files    []*fitparse.File
	// byKind holds the export's JSON files by kind; fit the FIT files.
	byKind map[fitparse.ExportKind][]*fitparse.File
	fit    []*fitparse.File
}

var (
	exportOnce sync.Once
	exportVal  *exported
	exportErr  error
)

func export(t *testing.T) *exported {
	t.Helper()
	exportOnce.Do(func() {
		var b bytes.Buffer
		m, err := GarminExport(&b)
		if err != nil {
			exportErr = err
			return
		}
		dir, err := os.MkdirTemp("", "fitgen-export")
		if err != nil {
			exportErr = err
			return
		}
		defer os.RemoveAll(dir)
		p := filepath.Join(dir, "export.zip")
		if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
			exportErr = err
			return
		}
		files, err := fitparse.Scan(context.Background(), []string{p}, fitparse.ScanOptions{},
			func(f *fitparse.File) *fitparse.File { return f })
		if err != nil {
			exportErr = err
			return
		}
		x := &exported{zip: b.Bytes(), manifest: m, files: files, byKind: map[fitparse.ExportKind][]*fitparse.File{}}
		for _, f := range files {
			// Paths are relative to the zip.
			f.Path = strings.TrimPrefix(f.Path, p+"/")
			switch {
			case f.Export != nil:
				x.byKind[f.Export.Kind] = append(x.byKind[f.Export.Kind], f)
			case f.ID.Type != "garmin_export":
				x.fit = append(x.fit, f)
			}
		}
		exportVal = x
	})
	if exportErr != nil {
		t.Fatal(exportErr)
	}
	return exportVal
}

// localDate is the athlete's calendar day of t, as the export dates it.
func localDate(t time.Time) time.Time {
	l := t.In(Zone)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)
}

// near reports whether a and b are both values within tol, or both none.
func near(a, b, tol float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= tol
}

// TestExportDeterministic checks that two generations give the same
// bytes: the export's, and one built from a second generation of the
// block.
func TestExportDeterministic(t *testing.T) {
	t.Parallel()
	x := export(t)
	y, err := buildExportFrom(block(t))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := y.writeZip(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), x.zip) {
		t.Error("the export zip differs between two generations")
	}
	m := y.manifest()
	if !bytes.Equal(m.daysTSV(), x.manifest.daysTSV()) || !bytes.Equal(m.activitiesTSV(), x.manifest.activitiesTSV()) {
		t.Error("the export manifest differs between two generations")
	}
}

// TestExportLayout checks the zip's members: the real export's layout,
// the manifests outside DI_CONNECT, the nested zip of the block's activity
// and wellness files.
func TestExportLayout(t *testing.T) {
	t.Parallel()
	x := export(t)
	zr, err := zip.NewReader(bytes.NewReader(x.zip), int64(len(x.zip)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	if !slices.Equal(names, x.manifest.Members) {
		t.Errorf("members %q, manifest says %q", names, x.manifest.Members)
	}
	for _, tt := range []struct {
		dir, suffix string
		n           int
	}{
		{"DI_CONNECT/DI-Connect-Uploaded-Files", "UploadedFiles_0-_Part1.zip", 1},
		{"DI_CONNECT/DI-Connect-Wellness", "_sleepData.json", 2},
		{"DI_CONNECT/DI-Connect-Wellness", "_healthStatusData.json", 1},
		{"DI_CONNECT/DI-Connect-Aggregator", ".json", 2},
		{"DI_CONNECT/DI-Connect-Metrics", ".json", 3},
		{"DI_CONNECT/DI-Connect-Fitness", "_0_summarizedActivities.json", 1},
		{"DI_CONNECT/DI-Connect-User", "user_profile.json", 1},
		{".", ".tsv", 2},
	} {
		n := 0
		for _, name := range names {
			if path.Dir(name) == tt.dir && strings.HasSuffix(name, tt.suffix) {
				n++
			}
		}
		if n != tt.n {
			t.Errorf("%d members %s/*%s, want %d", n, tt.dir, tt.suffix, tt.n)
		}
	}

	// The nested zip: every activity and wellness file of the block, flat,
	// byte for byte.
	want := map[string][]byte{}
	for _, f := range block(t) {
		if !strings.HasPrefix(f.Path, "other/") {
			want[path.Base(f.Path)] = f.Data
		}
	}
	inner, err := zr.Open(ExportUploadedFiles)
	if err != nil {
		t.Fatal(err)
	}
	var ib bytes.Buffer
	if _, err := ib.ReadFrom(inner); err != nil {
		t.Fatal(err)
	}
	izr, err := zip.NewReader(bytes.NewReader(ib.Bytes()), int64(ib.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if len(izr.File) != len(want) || len(x.manifest.UploadedFiles) != len(want) {
		t.Errorf("%d uploaded files (manifest %d), want %d", len(izr.File), len(x.manifest.UploadedFiles), len(want))
	}
	for _, f := range izr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		_, err = b.ReadFrom(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b.Bytes(), want[f.Name]) {
			t.Errorf("%s: not the block's file", f.Name)
		}
	}
}

// TestExportScans checks what fitparse.Scan makes of the export: every
// FIT and JSON file OK, the JSON files bounceback does not read skipped,
// nothing failed.
func TestExportScans(t *testing.T) {
	t.Parallel()
	x := export(t)
	notRead := 0
	for _, f := range x.files {
		switch {
		case f.Status == fitparse.Skipped && errors.Is(f.Err, fitparse.ErrNotRead):
			notRead++
			if !ExportNotRead(f.Path) {
				t.Errorf("%s: skipped as not read, but the manifest expects it read", f.Path)
			}
		case f.Status != fitparse.OK:
			t.Errorf("%s: %v (%v), want ok; warnings %v", f.Path, f.Status, f.Err, f.Warnings)
		case len(f.Warnings) > 0:
			t.Errorf("%s: warnings %v", f.Path, f.Warnings)
		}
	}
	if notRead != len(x.manifest.NotRead) || notRead < 2 {
		t.Errorf("%d JSON files not read, the manifest lists %d", notRead, len(x.manifest.NotRead))
	}
	if len(x.fit) != len(x.manifest.UploadedFiles) {
		t.Errorf("%d FIT files scanned, %d uploaded", len(x.fit), len(x.manifest.UploadedFiles))
	}
	for _, tt := range []struct {
		kind  fitparse.ExportKind
		files int
	}{
		{fitparse.ExportSleep, 2}, {fitparse.ExportHealth, 1}, {fitparse.ExportDaySummary, 2},
		{fitparse.ExportReadiness, 1}, {fitparse.ExportLoad, 1}, {fitparse.ExportActivities, 1},
		{fitparse.ExportUserProfile, 1},
	} {
		if n := len(x.byKind[tt.kind]); n != tt.files {
			t.Errorf("%d %s files read, want %d", n, tt.kind, tt.files)
		}
	}
	if p := x.byKind[fitparse.ExportUserProfile]; len(p) == 1 && !p[0].Export.BirthDate.Equal(ExportBirthDate) {
		t.Errorf("birth date %v, want %v", p[0].Export.BirthDate, ExportBirthDate)
	}
}

// jsonDays is what the export's JSON files say per day, as fitparse reads
// them (the days split over records merged as the analysis merges them).
type jsonDay struct {
	health *fitparse.HealthStatus
	sleep  *fitparse.Sleep
	uds    *fitparse.DaySummary
	ready  *fitparse.GarminReadiness
	load   *fitparse.GarminLoad
}

func jsonDays(x *exported) map[time.Time]*jsonDay {
	out := map[time.Time]*jsonDay{}
	day := func(d time.Time) *jsonDay {
		if out[d] == nil {
			out[d] = &jsonDay{}
		}
		return out[d]
	}
	for _, fs := range x.byKind {
		for _, f := range fs {
			e := f.Export
			for i := range e.Health {
				day(e.Health[i].Date).health = &e.Health[i]
			}
			for i := range e.Sleep {
				day(e.Sleep[i].Date).sleep = &e.Sleep[i]
			}
			for i := range e.DaySummary {
				day(e.DaySummary[i].Date).uds = &e.DaySummary[i]
			}
			for i := range e.Readiness {
				day(e.Readiness[i].Date).ready = &e.Readiness[i]
			}
			for i := range e.Load {
				day(e.Load[i].Date).load = &e.Load[i]
			}
		}
	}
	return out
}

// jsonRest is the JSON's resting heart rate of a day as the analysis takes
// it: the daily summary's, else the health status's.
func (j *jsonDay) rest() float64 {
	if j.uds != nil && !math.IsNaN(j.uds.RestingHR) {
		return j.uds.RestingHR
	}
	if j.health != nil {
		return j.health.RestingHR
	}
	return math.NaN()
}

// TestExportMatchesFIT checks that, for every day with wellness FIT files,
// the JSON's overnight HRV, resting HR and sleep score equal the FIT
// files' (HRV within 1 ms, the others within 1), except on exactly the
// designed days of ExportDisagreements.
func TestExportMatchesFIT(t *testing.T) {
	t.Parallel()
	x := export(t)
	js := jsonDays(x)
	type fitDay struct{ hrv, rest, sleep float64 }
	fits := map[time.Time]*fitDay{}
	for _, f := range x.fit {
		for _, w := range f.Wellness {
			if w.Kind == fitparse.WellnessHRVValue {
				continue
			}
			d := localDate(w.Time)
			if fits[d] == nil {
				fits[d] = &fitDay{math.NaN(), math.NaN(), math.NaN()}
			}
			switch w.Kind {
			case fitparse.WellnessHRVStatus:
				fits[d].hrv = w.RMSSD
			case fitparse.WellnessRestingHR:
				fits[d].rest = w.RestingHR
			case fitparse.WellnessSleep:
				fits[d].sleep = w.SleepScore
			}
		}
	}
	if len(fits) != WellnessTo-WellnessFrom+1 {
		t.Fatalf("wellness FIT files on %d days, want %d", len(fits), WellnessTo-WellnessFrom+1)
	}
	type diff struct {
		date    time.Time
		measure string
	}
	var got []diff
	for d, f := range fits {
		j := js[d]
		if j == nil || j.health == nil || j.sleep == nil {
			t.Errorf("%s: wellness FIT files but no JSON health status or sleep", d.Format(time.DateOnly))
			continue
		}
		if !near(j.health.HRV, f.hrv, 1) {
			got = append(got, diff{d, "hrv"})
		}
		if !near(j.rest(), f.rest, 1) {
			got = append(got, diff{d, "resting_hr"})
		}
		if !near(j.sleep.Score, f.sleep, 1) {
			got = append(got, diff{d, "sleep_score"})
		}
		// The manifest's FIT values are what the files hold.
		m := x.manifest.Day(d)
		if m == nil || !near(m.FITHRV, f.hrv, 1e-9) || m.FITRestingHR != f.rest || m.FITSleepScore != f.sleep {
			t.Errorf("%s: FIT files hold HRV %g, resting HR %g, sleep %g; the manifest says %+v",
				d.Format(time.DateOnly), f.hrv, f.rest, f.sleep, m)
		}
	}
	slices.SortFunc(got, func(a, b diff) int { return a.date.Compare(b.date) })
	var want []diff
	for _, g := range ExportDisagreements {
		want = append(want, diff{g.Date, g.Measure})
		if g.Date.Before(exportDate(WellnessFrom)) || g.Date.After(exportDate(WellnessTo)) {
			t.Errorf("designed disagreement %v outside the wellness weeks", g)
		}
		f, j := fits[g.Date], js[g.Date]
		if f == nil || j == nil {
			continue
		}
		v, fv := j.health.HRV, f.hrv
		if g.Measure == "resting_hr" {
			v, fv = j.rest(), f.rest
		}
		if math.Abs(v-fv-g.Delta) > 0.6 || math.Abs(g.Delta) < 3 {
			t.Errorf("%s %s: JSON %g, FIT %g: want a clear difference of %+g", g.Date.Format(time.DateOnly), g.Measure, v, fv, g.Delta)
		}
	}
	if len(want) != 3 || !slices.Equal(got, want) {
		t.Errorf("the JSON and the FIT files differ on %v, want exactly %v", got, want)
	}
}

// TestExportManifestDays checks that the manifest says what fitparse reads
// from the JSON files, day by day, quirks included.
func TestExportManifestDays(t *testing.T) {
	t.Parallel()
	x := export(t)
	js := jsonDays(x)
	m := x.manifest
	if len(m.Days) != 7*BlockWeeks {
		t.Fatalf("%d days, want %d", len(m.Days), 7*BlockWeeks)
	}
	for _, d := range m.Days {
		name := d.Date.Format(time.DateOnly)
		j := js[d.Date]
		if j == nil {
			t.Errorf("%s: nothing in the JSON", name)
			continue
		}
		h, s, u, r, l := j.health, j.sleep, j.uds, j.ready, j.load
		if !d.Worn {
			if h != nil || s != nil || r != nil {
				t.Errorf("%s: not worn, but the JSON has health %v, sleep %v, readiness %v", name, h != nil, s != nil, r != nil)
			}
			if u == nil || !math.IsNaN(u.RestingHR) || !math.IsNaN(u.Stress) || !near(u.HydrationL, d.HydrationL, 1e-9) {
				t.Errorf("%s: not worn: daily summary %+v, want only hydration %g L", name, u, d.HydrationL)
			}
			continue
		}
		if h == nil || s == nil || u == nil || r == nil || l == nil {
			t.Errorf("%s: missing JSON records: health %v, sleep %v, daily summary %v, readiness %v, load %v",
				name, h != nil, s != nil, u != nil, r != nil, l != nil)
			continue
		}
		for _, c := range []struct {
			what      string
			got, want float64
		}{
			{"HRV", h.HRV, d.HRV}, {"resting HR", j.rest(), d.RestingHR}, {"sleep score", s.Score, d.SleepScore},
			{"deep", s.Deep, d.Deep}, {"light", s.Light, d.Light}, {"REM", s.REM, d.REM}, {"awake", s.Awake, d.Awake},
			{"unmeasurable", cmpZero(s.Unmeasurable), cmpZero(d.Unmeasurable)},
			{"respiration", s.Respiration, d.Respiration}, {"SpO2", s.SpO2, d.SpO2},
			{"sleep stress", s.Stress, d.SleepStress},
			{"stress", u.Stress, d.Stress}, {"awake stress", u.StressAwake, d.StressAwake},
			{"asleep stress", u.StressAsleep, d.StressAsleep},
			{"BB start", u.BBStart, d.BBStart}, {"BB end", u.BBEnd, d.BBEnd}, {"BB high", u.BBHigh, d.BBHigh},
			{"BB low", u.BBLow, d.BBLow}, {"BB charged", u.BBCharged, d.BBCharged}, {"BB drained", u.BBDrained, d.BBDrained},
			{"steps", u.Steps, d.Steps}, {"hydration", u.HydrationL, d.HydrationL}, {"sweat loss", u.SweatLossL, d.SweatLossL},
			{"readiness", r.Score, d.Readiness}, {"acute", l.Acute, d.Acute}, {"chronic", l.Chronic, d.Chronic},
			{"ratio", l.Ratio, d.Ratio},
		} {
			if !near(c.got, c.want, 1e-9) {
				t.Errorf("%s %s: read %g, manifest %g", name, c.what, c.got, c.want)
			}
		}
		if h.HRVStatus != d.HRVStatus || r.Level != d.ReadinessLevel || l.Status != d.ACWRStatus ||
			r.Context != "AFTER_WAKEUP_RESET" || !r.Time.Equal(d.ReadinessTime) ||
			!s.Start.Equal(d.SleepStart) || !s.End.Equal(d.SleepEnd) {
			t.Errorf("%s: read HRV status %q, readiness %q %s at %v, load %q, sleep %v–%v; manifest %+v",
				name, h.HRVStatus, r.Level, r.Context, r.Time, l.Status, s.Start, s.End, d)
		}
		if d.ReadinessRecords < 2 {
			t.Errorf("%s: %d Training Readiness records, want the morning one and a later one", name, d.ReadinessRecords)
		}
		if sleep := d.Deep + d.Light + d.REM + d.Awake + d.Unmeasurable; sleep != d.SleepEnd.Sub(d.SleepStart).Seconds() ||
			d.Deep+d.Light+d.REM < 5*3600 || d.Deep+d.Light+d.REM > 9*3600 {
			t.Errorf("%s: stages sum to %g s over a window of %v", name, sleep, d.SleepEnd.Sub(d.SleepStart))
		}
	}

	// Each quirk is where the manifest says, and reads as none.
	quirks := map[string]int{}
	for _, d := range m.Days {
		for _, q := range d.Quirks {
			quirks[q]++
		}
		j := js[d.Date]
		switch {
		case d.HasQuirk(QuirkNoHRV):
			if !math.IsNaN(j.health.HRV) || j.health.HRVStatus != "" || math.IsNaN(j.health.HRVLow) {
				t.Errorf("%s: HRV not measured, read %+v", d.Date.Format(time.DateOnly), j.health)
			}
		case d.HasQuirk(QuirkNoSleepScore):
			if !math.IsNaN(j.sleep.Score) || !math.IsNaN(j.sleep.Stress) || !math.IsNaN(j.uds.StressAsleep) ||
				!math.IsNaN(j.ready.SleepScore) || math.IsNaN(j.sleep.Deep) {
				t.Errorf("%s: no sleep score, read %+v", d.Date.Format(time.DateOnly), j.sleep)
			}
		case d.HasQuirk(QuirkRestZero):
			if !math.IsNaN(j.uds.RestingHR) || math.IsNaN(j.health.RestingHR) {
				t.Errorf("%s: daily summary resting HR 0: read %g, health status %g", d.Date.Format(time.DateOnly),
					j.uds.RestingHR, j.health.RestingHR)
			}
		case d.HasQuirk(QuirkStressTooActive):
			if !math.IsNaN(j.uds.Stress) || math.IsNaN(j.uds.StressAwake) {
				t.Errorf("%s: stress -2: read %g (awake %g)", d.Date.Format(time.DateOnly), j.uds.Stress, j.uds.StressAwake)
			}
		case d.HasQuirk(QuirkHydrationRecord):
			if math.IsNaN(j.uds.HydrationL) {
				t.Errorf("%s: the hydration-only record was not merged", d.Date.Format(time.DateOnly))
			}
		case d.HasQuirk(QuirkNoRespiration):
			if !math.IsNaN(j.sleep.Respiration) || !math.IsNaN(j.health.Respiration) {
				t.Errorf("%s: respiration 0: read %g, %g", d.Date.Format(time.DateOnly), j.sleep.Respiration, j.health.Respiration)
			}
		}
		if d.HasQuirk(QuirkNoSpO2) && (!math.IsNaN(j.health.SpO2) || !math.IsNaN(j.sleep.SpO2)) {
			t.Errorf("%s: SpO2 0: read %g, %g", d.Date.Format(time.DateOnly), j.health.SpO2, j.sleep.SpO2)
		}
		if d.Worn && !math.IsNaN(j.health.SkinTemp) {
			t.Errorf("%s: skin temperature 0 read as %g", d.Date.Format(time.DateOnly), j.health.SkinTemp)
		}
	}
	for _, q := range []string{QuirkNotWorn, QuirkNoHRV, QuirkNoSleepScore, QuirkRestZero, QuirkStressTooActive,
		QuirkHydrationRecord, QuirkNoRespiration, QuirkDayNotOver, QuirkDisagreeHRV, QuirkDisagreeRest} {
		if quirks[q] == 0 {
			t.Errorf("no day with quirk %s", q)
		}
	}
	if quirks[QuirkDisagreeHRV]+quirks[QuirkDisagreeRest] != 3 || quirks[QuirkNoSpO2] < 3 {
		t.Errorf("quirks %v", quirks)
	}
}

// cmpZero reads an absent stage time as 0.
func cmpZero(x float64) float64 {
	if math.IsNaN(x) {
		return 0
	}
	return x
}

// TestExportSources checks that the JSON covers more days than any other
// source of the daily series, so that bounceback's daily table takes them
// from the export.
func TestExportSources(t *testing.T) {
	t.Parallel()
	x := export(t)
	var hrv, rest, sleep, ready int
	for _, d := range x.manifest.Days {
		for _, c := range []struct {
			v float64
			n *int
		}{{d.HRV, &hrv}, {d.RestingHR, &rest}, {d.SleepScore, &sleep}, {d.Readiness, &ready}} {
			if !math.IsNaN(c.v) {
				*c.n++
			}
		}
	}
	mornings := 0
	for _, f := range block(t) {
		if f.Entries[0].Kind == "morning_hrv" {
			mornings++
		}
	}
	wellness := WellnessTo - WellnessFrom + 1
	if hrv <= mornings || rest <= mornings || sleep <= wellness || ready < 7*BlockWeeks-1 {
		t.Errorf("JSON HRV on %d days, resting HR %d, sleep score %d, readiness %d; morning readings on %d, wellness files on %d",
			hrv, rest, sleep, ready, mornings, wellness)
	}
}

// TestExportActivities checks summarizedActivities against the FIT
// files: one summary per FIT session with the same start, duration,
// distance and heart rate, the multisport parent dropped by the reader,
// and the activities without a FIT file kept.
func TestExportActivities(t *testing.T) {
	t.Parallel()
	x := export(t)
	if len(x.byKind[fitparse.ExportActivities]) != 1 {
		t.Fatal("no summarizedActivities file")
	}
	sums := x.byKind[fitparse.ExportActivities][0].Sessions
	parents, noFIT, manual := 0, 0, 0
	for _, a := range x.manifest.Activities {
		switch {
		case a.Parent:
			parents++
		case a.FIT == "":
			noFIT++
			if a.Manual {
				manual++
				if !math.IsNaN(a.AvgHR) {
					t.Errorf("manual activity %d has heart rate", a.ID)
				}
			}
		}
	}
	if parents != 1 || noFIT < 2 || manual != 1 {
		t.Errorf("%d multisport parents, %d activities without FIT file (%d manual)", parents, noFIT, manual)
	}
	if len(sums) != len(x.manifest.Activities)-parents {
		t.Errorf("%d summaries read, want %d (the parent dropped)", len(sums), len(x.manifest.Activities)-parents)
	}
	used := make([]bool, len(sums))
	fitSessions := 0
	for _, f := range x.fit {
		for _, s := range f.Sessions {
			fitSessions++
			var match []int
			for i, m := range sums {
				if m.Start.Equal(s.Start) && m.Sport == s.Sport {
					match = append(match, i)
				}
			}
			if len(match) != 1 {
				t.Errorf("%s %s at %v: %d summaries with its start", f.Path, s.Sport, s.Start, len(match))
				continue
			}
			m := sums[match[0]]
			used[match[0]] = true
			if m.Timer != s.Timer || m.Elapsed != s.Elapsed || !near(m.Distance, s.Distance, 0.01) && !(math.IsNaN(m.Distance) && s.Distance == 0) ||
				!near(m.AvgHR, s.AvgHR, 0) || !near(m.MaxHR, s.MaxHR, 0) || !near(m.Calories, s.Calories, 0) ||
				s.Sport != "transition" && m.SubSport != s.SubSport {
				t.Errorf("%s %s at %v: summary %s/%s timer %g elapsed %g distance %g HR %g/%g kcal %g; FIT %s/%s %g %g %g %g/%g %g",
					f.Path, s.Sport, s.Start, m.Sport, m.SubSport, m.Timer, m.Elapsed, m.Distance, m.AvgHR, m.MaxHR, m.Calories,
					s.Sport, s.SubSport, s.Timer, s.Elapsed, s.Distance, s.AvgHR, s.MaxHR, s.Calories)
			}
			if !math.IsNaN(s.SweatLoss) && !near(m.SweatLoss, s.SweatLoss, 0.0005) {
				t.Errorf("%s: sweat loss %g L in the summary, %g L in the FIT file", f.Path, m.SweatLoss, s.SweatLoss)
			}
			if !math.IsNaN(s.EPOC) && s.EPOC > 0 && !near(m.EPOC, s.EPOC, 0.05) {
				t.Errorf("%s: training load %g in the summary, %g in the FIT file", f.Path, m.EPOC, s.EPOC)
			}
			if !m.HasLocalOffset || m.LocalOffset != 2*time.Hour {
				t.Errorf("%s: summary local offset %v", f.Path, m.LocalOffset)
			}
		}
	}
	left := 0
	for i, u := range used {
		if !u {
			left++
			if sums[i].Sport != "training" && sums[i].Sport != "running" {
				t.Errorf("summary %s at %v has no FIT file", sums[i].Sport, sums[i].Start)
			}
		}
	}
	if left != noFIT || fitSessions+noFIT != len(sums) {
		t.Errorf("%d FIT sessions, %d summaries without a FIT session, want %d", fitSessions, left, noFIT)
	}
}

// TestExportReadiness checks that Garmin's Training Readiness follows the
// block's fatigue: low through the overload week and after hard days,
// high in the taper.
func TestExportReadiness(t *testing.T) {
	t.Parallel()
	m := export(t).manifest
	week := func(w int) float64 {
		var sum, n float64
		for _, d := range m.Days[dayIndex(w, 0) : dayIndex(w, 6)+1] {
			if !math.IsNaN(d.Readiness) {
				sum += d.Readiness
				n++
			}
		}
		return sum / n
	}
	build := (week(1) + week(2) + week(3) + week(4)) / 4
	// The overload's second half, when its fatigue has built.
	var late float64
	for _, d := range m.Days[dayIndex(OverloadWeek, 3) : dayIndex(OverloadWeek, 6)+2] {
		late += d.Readiness / 5
	}
	taper := (week(TaperFrom) + week(BlockWeeks)) / 2
	t.Logf("mean morning readiness: build %.0f, late overload %.0f, taper %.0f", build, late, taper)
	if late > build-25 || taper < build {
		t.Errorf("readiness: build %.0f, late overload %.0f, taper %.0f: want a clear drop and a recovery", build, late, taper)
	}
	// The mornings after the day's hardest loads against those after rest
	// days.
	var hard, rest []float64
	for i := 1; i < len(m.Days); i++ {
		if math.IsNaN(m.Days[i].Readiness) || fatigue(i) > 0 {
			continue
		}
		switch l := m.Days[i-1].Load; {
		case l >= 100:
			hard = append(hard, m.Days[i].Readiness)
		case l == 0:
			rest = append(rest, m.Days[i].Readiness)
		}
	}
	mh, _ := meanSD(hard)
	mr, _ := meanSD(rest)
	t.Logf("readiness after hard days %.0f (%d), after rest days %.0f (%d)", mh, len(hard), mr, len(rest))
	if len(hard) < 5 || len(rest) < 5 || mh > mr-5 {
		t.Errorf("readiness after hard days %.0f, after rest days %.0f: want lower after hard days", mh, mr)
	}
}
