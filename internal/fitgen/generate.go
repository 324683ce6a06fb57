package fitgen

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/muktihari/fit/profile/typedef"
)

// Seed is the seed of the demo block.
const Seed = 20260831

// ManifestName is the name of the manifest file in the block folder.
const ManifestName = "MANIFEST.tsv"

// Entry is one row of the manifest: one session of an activity file, or one
// file without sessions (wellness, workout, settings).
type Entry struct {
	// Path is the file's path relative to the block folder, with slashes.
	Path string
	// Session is the index of the session in the file; -1 for files
	// without sessions.
	Session int
	// Start is the session start (or the file's creation time) in Zone.
	Start time.Time
	// Week of the block, from 1.
	Week int
	// Sport and SubSport are FIT profile names ("running", "street"); "-"
	// for files without sessions.
	Sport, SubSport string
	// Kind is what the session or file was built as: easy, long, tempo,
	// threshold, vo2max, sprint, race, recovery, morning_hrv, swim,
	// multisport, wellness, workout or settings.
	Kind string
	// Class is the intended intensity class: recovery, endurance, tempo,
	// threshold, vo2max or anaerobic; "-" when none applies.
	Class string
	// Flags: long (planned timer time over 90 min), race, overload_week,
	// taper.
	Flags []string
	// PlannedMin is the planned timer time of the session, minutes.
	PlannedMin float64
	// Timer is the session's total_timer_time as written, seconds.
	Timer float64
	// Records is the number of record messages of the session; HRSource is
	// record, strap (hr messages only) or none.
	Records  int
	HRSource string
	// RR is the number of RR intervals written (hrv messages, padding
	// dropped) and Artefacts how many artefacts were injected into them.
	// Both are per file, on the row of session 0.
	RR, Artefacts int
	// StrapHR is the number of heart-rate values stored in hr messages.
	StrapHR int
	// AvgHR and MaxHR are the session's values as written; 0 when none.
	AvgHR, MaxHR float64
}

// File is one generated file.
type File struct {
	// Path is relative to the block folder, with slashes.
	Path string
	Data []byte
	// Entries are the file's manifest rows.
	Entries []Entry
	// Messages counts the messages written, by global message number.
	Messages map[typedef.MesgNum]int

	// gen is what the generator knew of the file (for GarminExport).
	gen *genInfo
}

// genInfo is what the generator knew of one file beyond its bytes: the
// totals of its sessions and what it was built from (one of act, morning
// and night is set, none for workout and settings files).
type genInfo struct {
	legs    []legSummary
	act     *activity
	morning *morning
	night   *nightly
}

// job produces one file.
type job struct {
	path  string
	run   func() (*written, error)
	fill  func(*written) []Entry
	multi func() ([3]*written, error) // wellness: three files at once
	paths [3]string
	// What the file is built from (genInfo).
	act     *activity
	morning *morning
	night   *nightly
}

// Block generates the demo training block in memory, in a deterministic
// order (by path).
func Block() ([]File, error) {
	jobs := blockJobs(GarminDevices)
	results := make([][]File, len(jobs))
	errs := make([]error, len(jobs))
	parallel(len(jobs), func(i int) {
		j := jobs[i]
		if j.multi != nil {
			ws, err := j.multi()
			if err != nil {
				errs[i] = fmt.Errorf("%s: %w", j.paths[0], err)
				return
			}
			for k, w := range ws {
				results[i] = append(results[i], File{Path: j.paths[k], Data: w.data, Messages: w.counts,
					Entries: []Entry{j.fill(w)[k]}, gen: &genInfo{night: j.night}})
			}
			return
		}
		w, err := j.run()
		if err != nil {
			errs[i] = fmt.Errorf("%s: %w", j.path, err)
			return
		}
		results[i] = []File{{Path: j.path, Data: w.data, Messages: w.counts, Entries: j.fill(w),
			gen: &genInfo{legs: w.legs, act: j.act, morning: j.morning}}}
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	var files []File
	for _, r := range results {
		files = append(files, r...)
	}
	sortFiles(files)
	for i := 1; i < len(files); i++ {
		if files[i].Path == files[i-1].Path {
			return nil, fmt.Errorf("fitgen: duplicate path %s", files[i].Path)
		}
	}
	return files, nil
}

func sortFiles(files []File) {
	for i := 1; i < len(files); i++ {
		for j := i; j > 0 && files[j].Path < files[j-1].Path; j-- {
			files[j], files[j-1] = files[j-1], files[j]
		}
	}
}

// parallel runs f(0..n-1) on GOMAXPROCS workers.
func parallel(n int, f func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

func blockFlags(week int) []string {
	var f []string
	if week == OverloadWeek {
		f = append(f, "overload_week")
	}
	if week >= TaperFrom {
		f = append(f, "taper")
	}
	return f
}

func sportNames(s sport) (string, string) {
	sp, sub := s.fit()
	return sp.String(), sub.String()
}

// Devices says which devices record a generated block's activities.
type Devices int

const (
	// GarminDevices: a Forerunner 955 watch and an Edge 530 on the
	// bike, which write Garmin's own fields (sweat loss, Training Effect
	// message); the demo block's.
	GarminDevices Devices = iota
	// OtherDevices: a COROS PACE 2 watch and a Wahoo ELEMNT BOLT on the
	// bike, which write none of Garmin's own fields.
	OtherDevices
)

// BlockActivities generates the activity files of the demo block (its
// sessions, the same physiology and conditions) as recorded by devs, in
// path order. Block's activities are BlockActivities(GarminDevices).
func BlockActivities(devs Devices) ([]File, error) {
	var out []File
	for _, j := range blockJobs(devs) {
		if j.act == nil {
			continue
		}
		w, err := j.run()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", j.path, err)
		}
		out = append(out, File{Path: j.path, Data: w.data, Messages: w.counts, Entries: j.fill(w),
			gen: &genInfo{legs: w.legs, act: j.act}})
	}
	slices.SortFunc(out, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return out, nil
}

func blockJobs(devs Devices) []job {
	var jobs []job
	plan := rand.New(rand.NewPCG(Seed, 1))
	for i, s := range blockSessions() {
		d := dayIndex(s.week, s.day)
		start := BlockStart.AddDate(0, 0, d).Add(time.Duration(s.hh)*time.Hour + time.Duration(s.mm)*time.Minute +
			time.Duration(plan.IntN(50))*time.Second)
		legs := make([]leg, len(s.w.legs))
		copy(legs, s.w.legs)
		legs[0].pauses = s.pauses
		a := &activity{
			start: start, legs: legs, dev: fr955, strap: s.strap, rr: s.rr, artefactRate: 0.009,
			rpe: s.rpe, feel: s.feel, sweat: s.sweat, seed: Seed*1000 + uint64(i), week: s.week,
			cond: conditions{ambient: ambient(d, s.hh, plan), humidity: math.Round(50 + 35*plan.Float64()),
				indoor: s.indoor, fatigue: fatigue(d)},
		}
		if s.indoor {
			a.cond.ambient, a.cond.humidity = 20, 55
		}
		suffix := "RUN"
		switch legs[0].sport {
		case sportBike:
			a.dev, suffix = edge530, "RIDE"
		case sportPoolSwim:
			suffix = "SWIM"
		}
		if len(legs) > 1 {
			suffix = "MULTISPORT"
		}
		a.garmin140 = a.dev == fr955
		if devs == OtherDevices {
			a.dev, a.garmin140, a.sweat = corosPace2, false, false
			if legs[0].sport == sportBike {
				a.dev = elemntBolt
			}
		}
		id := int64(21800000000) + int64(d)*13877 + int64(s.hh)*61
		a.path = "activities/" + fileName(start, suffix, s.numeric, id)
		w := s.w
		week := s.week
		jobs = append(jobs, job{path: a.path, act: a, run: func() (*written, error) { return encodeActivity(a) },
			fill: func(wr *written) []Entry {
				var out []Entry
				for li, lg := range legs {
					sp, sub := sportNames(lg.sport)
					e := Entry{Path: a.path, Session: li, Start: wr.legs[li].start.In(Zone), Week: week,
						Sport: sp, SubSport: sub, Kind: w.kind, Class: w.class, PlannedMin: lg.timer() / 60,
						Timer: wr.legs[li].timer, Records: wr.legs[li].records, HRSource: "record",
						AvgHR: wr.legs[li].avgHR, MaxHR: wr.legs[li].maxHR}
					switch {
					case isSwim(lg.sport) && a.strap == strapHRMTri:
						e.HRSource = "strap"
					case isSwim(lg.sport):
						e.HRSource = "none"
					}
					if lg.sport == sportTransition {
						e.Class = "-"
					}
					if len(legs) == 1 && lg.timer() > 90*60 {
						e.Flags = append(e.Flags, "long")
					}
					if w.race {
						e.Flags = append(e.Flags, "race")
					}
					e.Flags = append(e.Flags, blockFlags(week)...)
					if li == 0 {
						e.RR, e.Artefacts, e.StrapHR = wr.rr, wr.artefacts, wr.strapHR
					}
					out = append(out, e)
				}
				return out
			}})
	}

	// Morning readings on most mornings (all of the overload week).
	days := BlockWeeks * 7
	lnBy := make([]float64, days)
	restBy := make([]float64, days)
	for d := 0; d < days; d++ {
		r := dayRand(d)
		lnBy[d], restBy[d] = morningLnRMSSD(d, r)
		week := d/7 + 1
		if week != OverloadWeek && r.IntN(8) == 0 {
			continue // slept in
		}
		start := BlockStart.AddDate(0, 0, d).Add(6*time.Hour + 32*time.Minute +
			time.Duration(r.IntN(900))*time.Second)
		m := &morning{path: "morning/" + fileName(start, "HRV", false, 0), start: start,
			dur: 300 + 30*r.IntN(5), lnRMSSD: lnBy[d], restHR: restBy[d], seed: Seed*1000 + 500 + uint64(d), week: week}
		jobs = append(jobs, job{path: m.path, morning: m, run: func() (*written, error) { return encodeMorning(m) },
			fill: func(wr *written) []Entry {
				sp, sub := sportNames(sportBreathing)
				return []Entry{{Path: m.path, Session: 0, Start: m.start, Week: week, Sport: sp, SubSport: sub,
					Kind: "morning_hrv", Class: "-", Flags: blockFlags(week), PlannedMin: float64(m.dur) / 60,
					Timer: wr.legs[0].timer, Records: wr.legs[0].records, HRSource: "record",
					RR: wr.rr, Artefacts: wr.artefacts, AvgHR: wr.legs[0].avgHR, MaxHR: wr.legs[0].maxHR}}
			}})
	}

	// Overnight wellness for weeks 5–7: before, during and after the overload.
	for d := WellnessFrom; d <= WellnessTo; d++ {
		n := nightFor(d, lnBy, restBy)
		id := int64(21900000000) + int64(d)*1009
		n.hrvPath = fmt.Sprintf("wellness/%d_HRV_STATUS.fit", id)
		n.sleepPath = fmt.Sprintf("wellness/%d_SLEEP_DATA.fit", id+1)
		n.wellPath = fmt.Sprintf("wellness/%d_WELLNESS.fit", id+2)
		week := d/7 + 1
		jobs = append(jobs, job{paths: [3]string{n.hrvPath, n.sleepPath, n.wellPath}, night: n,
			multi: func() ([3]*written, error) {
				a, b, c, err := encodeNight(n)
				return [3]*written{a, b, c}, err
			},
			fill: func(*written) []Entry {
				e := Entry{Session: -1, Start: n.day.Add(6*time.Hour + 25*time.Minute), Week: week,
					Sport: "-", SubSport: "-", Kind: "wellness", Class: "-", Flags: blockFlags(week), HRSource: "none"}
				out := []Entry{e, e, e}
				out[0].Path, out[1].Path, out[2].Path = n.hrvPath, n.sleepPath, n.wellPath
				return out
			}})
	}

	created := BlockStart.Add(-3*24*time.Hour + 20*time.Hour)
	for _, o := range []struct {
		path, kind string
		enc        func(time.Time) (*written, error)
	}{
		{"other/VO2max_5x3min_WORKOUT.fit", "workout", encodeWorkout},
		{"other/Settings.fit", "settings", encodeSettings},
	} {
		jobs = append(jobs, job{path: o.path, run: func() (*written, error) { return o.enc(created) },
			fill: func(*written) []Entry {
				return []Entry{{Path: o.path, Session: -1, Start: created, Week: 0, Sport: "-", SubSport: "-",
					Kind: o.kind, Class: "-", HRSource: "none"}}
			}})
	}
	return jobs
}

// The days of the block (0 = BlockStart) whose nights have wellness FIT
// files: weeks 5–7, before, during and after the overload.
const (
	WellnessFrom = (5 - 1) * 7
	WellnessTo   = (7-1)*7 + 6
)

// dayRand is the random source of day d's morning physiology
// (morningLnRMSSD) and reading.
func dayRand(d int) *rand.Rand { return rand.New(rand.NewPCG(Seed, 100+uint64(d))) }

// nightFor is the night that ends on the morning of day d: Garmin's
// overnight HRV (the morning ln RMSSD less 0.2) with its 7-day mean, the
// day's resting heart rate (the morning one less 1 bpm) with its 7-day
// mean, and the sleep score; asleep from 23:30 to 06:25 local. lnBy and
// restBy are the days' morning values (morningLnRMSSD); the means use the
// days of the block up to d.
func nightFor(d int, lnBy, restBy []float64) *nightly {
	var wsum, rsum float64
	k0 := max(0, d-6)
	for k := k0; k <= d; k++ {
		wsum += math.Exp(lnBy[k] - 0.2)
		rsum += restBy[k] - 1
	}
	n := float64(d - k0 + 1)
	day := BlockStart.AddDate(0, 0, d)
	sleep := 80 + 4*math.Sin(float64(d))
	if f := fatigue(d); f > 0 {
		sleep -= 22 * f
	}
	return &nightly{day: day, rmssd: math.Exp(lnBy[d] - 0.2), weekly: wsum / n, restHR: restBy[d] - 1, restHR7: rsum / n,
		sleep: u8(sleep), seed: Seed*1000 + 900 + uint64(d),
		bed: day.Add(-30 * time.Minute), wake: day.Add(6*time.Hour + 25*time.Minute)}
}

// manifestHeader lists the manifest's columns.
var manifestHeader = []string{"path", "session", "date", "start", "week", "sport", "sub_sport", "kind",
	"intensity", "flags", "planned_min", "timer_s", "records", "hr_source", "avg_hr", "max_hr",
	"rr", "rr_artifacts", "strap_hr"}

// Manifest renders the manifest of files as TSV.
func Manifest(files []File) []byte {
	var b bytes.Buffer
	b.WriteString("# bounceback synthetic training block: one row per session (or per file without sessions).\n")
	b.WriteString("# Generated by internal/fitgen; regenerate with: go run ./internal/fitgen/cmd/fitgen -out testdata/block\n")
	b.WriteString(strings.Join(manifestHeader, "\t") + "\n")
	for _, f := range files {
		for _, e := range f.Entries {
			flags := strings.Join(e.Flags, ",")
			if flags == "" {
				flags = "-"
			}
			date := "-"
			start := "-"
			if !e.Start.IsZero() {
				date = e.Start.Format("2006-01-02")
				start = e.Start.Format(time.RFC3339)
			}
			cols := []string{e.Path, strconv.Itoa(e.Session), date, start, strconv.Itoa(e.Week), e.Sport, e.SubSport,
				e.Kind, e.Class, flags, fmtFloat(e.PlannedMin, 1), fmtFloat(e.Timer, 0), strconv.Itoa(e.Records),
				e.HRSource, fmtFloat(e.AvgHR, 0), fmtFloat(e.MaxHR, 0), strconv.Itoa(e.RR),
				strconv.Itoa(e.Artefacts), strconv.Itoa(e.StrapHR)}
			b.WriteString(strings.Join(cols, "\t") + "\n")
		}
	}
	return b.Bytes()
}

func fmtFloat(x float64, prec int) string { return strconv.FormatFloat(x, 'f', prec, 64) }

// WriteBlock generates the demo block and writes it into dir (created when
// missing) with its MANIFEST.tsv. Files that an earlier manifest in dir
// listed and that the block no longer has are removed; nothing else in dir
// is touched.
func WriteBlock(dir string) error {
	files, err := Block()
	if err != nil {
		return err
	}
	keep := map[string]bool{}
	for _, f := range files {
		keep[f.Path] = true
	}
	if old, err := readManifestPaths(filepath.Join(dir, ManifestName)); err == nil {
		for _, p := range old {
			if !keep[p] {
				if err := os.Remove(filepath.Join(dir, filepath.FromSlash(p))); err != nil && !os.IsNotExist(err) {
					return err
				}
			}
		}
	}
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return err
		}
	}
	return os.WriteFile(filepath.Join(dir, ManifestName), Manifest(files), 0o644)
}

// readManifestPaths returns the paths a manifest lists.
func readManifestPaths(name string) ([]string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var paths []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "path\t") {
			continue
		}
		p, _, _ := strings.Cut(line, "\t")
		if p != "" && !strings.Contains(p, "..") && !filepath.IsAbs(p) {
			paths = append(paths, p)
		}
	}
	return paths, sc.Err()
}

// Many writes n realistic activity files into dir (created when missing)
// for benchmarks: runs and rides of 30–90 minutes at 1 Hz, with a mix of
// easy, tempo, threshold, interval and sprint sessions, about a quarter of
// them with RR intervals. The same n and seed give the same files. Files are
// named like device exports, one per day from 2024-01-01.
func Many(dir string, n int, seed uint64) error {
	if n < 0 {
		return fmt.Errorf("fitgen: negative file count %d", n)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	errs := make([]error, n)
	first := time.Date(2024, 1, 1, 0, 0, 0, 0, Zone)
	parallel(n, func(i int) {
		r := rand.New(rand.NewPCG(seed, uint64(i)))
		day := first.AddDate(0, 0, i)
		hh := 6 + r.IntN(13)
		start := day.Add(time.Duration(hh)*time.Hour + time.Duration(r.IntN(3600))*time.Second)
		mins := 30 + 60*r.Float64()
		var w workout
		switch r.IntN(9) {
		case 0, 1:
			w = easyRun(mins)
		case 2:
			w = recoveryRun(mins / 2)
		case 3:
			w = tempoRun(mins / 3)
		case 4:
			w = vo2Run(4+r.IntN(3), 3, 2)
		case 5, 6:
			w = easyRide(mins)
		case 7:
			w = thresholdRide(2, 10+float64(r.IntN(11)), 5)
		default:
			w = sprintRide(6 + r.IntN(4))
		}
		a := &activity{start: start, legs: w.legs, dev: fr955, strap: strapHRMPro, rr: r.IntN(4) == 0,
			artefactRate: 0.01, seed: seed ^ uint64(i)<<20, garmin140: true,
			cond: conditions{ambient: 5 + 20*r.Float64(), humidity: 40 + 50*r.Float64()}}
		suffix := "RUN"
		if w.legs[0].sport == sportBike {
			a.dev, a.garmin140, suffix = edge530, false, "RIDE"
		}
		wr, err := encodeActivity(a)
		if err != nil {
			errs[i] = err
			return
		}
		errs[i] = os.WriteFile(filepath.Join(dir, fileName(start, suffix, false, 0)), wr.data, 0o644)
	})
	return errors.Join(errs...)
}
