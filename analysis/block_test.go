package analysis

import (
	"bufio"
	"context"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/bounceback/bounceback/analysis/load"
	"github.com/bounceback/bounceback/fitparse"
)

const blockDir = "../testdata/block"

// manifest maps "path#session" of testdata/block to the generator's kind
// (easy, long, tempo, ...).
func manifest(t *testing.T) map[string]string {
	t.Helper()
	fh, err := os.Open(filepath.Join(blockDir, "MANIFEST.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	kinds := make(map[string]string)
	sc := bufio.NewScanner(fh)
	var header []string
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if header == nil {
			header = cols
			continue
		}
		row := make(map[string]string)
		for i, h := range header {
			if i < len(cols) {
				row[h] = cols[i]
			}
		}
		kinds[row["path"]+"#"+row["session"]] = row["kind"]
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return kinds
}

func TestBlock(t *testing.T) {
	t.Parallel()
	kinds := manifest(t)
	b := Build(scanBlock(t), Options{})

	// The athlete comes from the fixtures' user_profile and time_in_zone
	// (male, 35 y, 70 kg, HRmax 190, rest 48, LTHR 170 run / 165 bike).
	a := b.Athlete
	if a.Sex != "male" || a.SexSource != SourceDevice || a.Mass.V != 70 || a.Age.V != 35 ||
		a.Mass.Source != SourceDevice {
		t.Errorf("athlete: sex %q (%v) mass %v age %v", a.Sex, a.SexSource, a.Mass, a.Age)
	}
	for key, want := range map[string][3]float64{SportRun: {190, 48, 170}, SportBike: {190, 48, 165}} {
		hv := a.HR[key]
		if hv.HRMax.V != want[0] || hv.HRRest.V != want[1] || hv.LTHR.V != want[2] ||
			hv.HRMax.Source != SourceDevice || hv.HRRest.Source != SourceDevice || hv.LTHR.Source != SourceDevice {
			t.Errorf("athlete %s: %+v, want %v from the device", key, hv, want)
		}
		if a.Zones[key].Model != ZonesLTHR {
			t.Errorf("athlete %s: zone model %v, want lthr (LTHR known from the device)", key, a.Zones[key].Model)
		}
	}
	if len(b.Warnings) > 0 {
		t.Errorf("warnings: %v", b.Warnings)
	}

	perMinute := make(map[string][]float64)
	total := make(map[string][]float64)
	sessions := 0
	for _, f := range b.Files {
		rel, _ := filepath.Rel(blockDir, f.Path)
		for i, s := range f.Sessions {
			if s.HRSamples == 0 {
				continue
			}
			sessions++
			name := rel + "#" + strconv.Itoa(i)
			kind, ok := kinds[filepath.ToSlash(rel)+"#"+strconv.Itoa(i)]
			if !ok {
				t.Errorf("%s: not in MANIFEST.tsv", name)
			}
			sum := 0.0
			for _, z := range s.ZoneSeconds {
				sum += z
			}
			if !(s.HRTime > 0) || math.Abs(sum-s.HRTime) > 1e-6 {
				t.Errorf("%s: zone seconds %v add to %v, want the time with HR %v", name, s.ZoneSeconds, sum, s.HRTime)
			}
			for _, v := range []float64{s.TRIMP, s.HRSS, s.Edwards} {
				if math.IsNaN(v) || v < 0 {
					t.Errorf("%s: load TRIMP %v HRSS %v Edwards %v", name, s.TRIMP, s.HRSS, s.Edwards)
					break
				}
			}
			if s.LoadEstimated {
				t.Errorf("%s: load estimated with heart rate", name)
			}
			if s.Athlete.HRMax.Source != SourceDevice || s.Athlete.LTHR.Source != SourceDevice {
				t.Errorf("%s: athlete values not from the device: %+v", name, s.Athlete.HRValues)
			}
			if !math.IsNaN(s.RPE) && !(s.SRPE == s.RPE*s.Timer/60) {
				t.Errorf("%s: session-RPE load %v with RPE %v", name, s.SRPE, s.RPE)
			}
			if s.Class.Reason == "" {
				t.Errorf("%s: class %v without a reason", name, s.Class.Class)
			}
			if kind != "morning_hrv" && s.Sport != "transition" && s.Class.Class == Unclassified {
				t.Errorf("%s (%s): unclassified", name, kind)
			}
			if kind == "morning_hrv" && s.TRIMP > 1 {
				t.Errorf("%s: a morning HRV reading has TRIMP %v", name, s.TRIMP)
			}
			perMinute[kind] = append(perMinute[kind], s.TRIMP/(s.HRTime/60))
			total[kind] = append(total[kind], s.TRIMP)
		}
	}
	if sessions < 100 {
		t.Fatalf("only %d sessions with heart rate", sessions)
	}

	// Load sanity: harder sessions load more per minute, longer ones more
	// in total.
	for _, o := range []struct {
		by          map[string][]float64
		what        string
		more, fewer string
	}{
		{perMinute, "TRIMP per minute", "threshold", "easy"},
		{perMinute, "TRIMP per minute", "vo2max", "easy"},
		{perMinute, "TRIMP per minute", "tempo", "easy"},
		{perMinute, "TRIMP per minute", "race", "tempo"},
		{perMinute, "TRIMP per minute", "easy", "recovery"},
		{total, "TRIMP", "long", "easy"},
		{total, "TRIMP", "long", "recovery"},
		{total, "TRIMP", "threshold", "recovery"},
	} {
		if m, f := mean(o.by[o.more]), mean(o.by[o.fewer]); !(m > f) {
			t.Errorf("mean %s: %s %.2f, not above %s %.2f", o.what, o.more, m, o.fewer, f)
		}
	}
}

// TestBlockHistogram checks that the histogram Summarize keeps is the
// trace's, sample for sample: zones and TRIMP from it are exact.
func TestBlockHistogram(t *testing.T) {
	t.Parallel()
	paths, _ := filepath.Glob(filepath.Join(blockDir, "activities", "*.fit"))
	if len(paths) == 0 {
		t.Fatal("no activities in testdata/block")
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		f := fitparse.DecodeBytes(data, p)
		s := Summarize(f)
		for i, tr := range traces(f, nil) {
			want := load.NewHistogram(tr.HR, tr.W)
			got := s.Sessions[i].HRHist
			n := max(len(got), len(want))
			for b := 0; b < n; b++ {
				if at := func(h load.Histogram) float64 {
					if b < len(h) {
						return h[b]
					}
					return 0
				}; math.Abs(at(got)-at(want)) > 1e-9 {
					t.Errorf("%s session %d: %d bpm: kept %v s, trace has %v s", filepath.Base(p), i, b, at(got), at(want))
					break
				}
			}
		}
	}
}

func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// BenchmarkSummarize measures the per-file work Summarize adds on the
// decoding worker (traces, structure, histogram), over the activities of
// testdata/block decoded once; compare with fitparse's BenchmarkDecode.
func BenchmarkSummarize(b *testing.B) {
	paths, _ := filepath.Glob(filepath.Join(blockDir, "activities", "*.fit"))
	var files []*fitparse.File
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, fitparse.DecodeBytes(data, p))
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, f := range files {
			Summarize(f)
		}
	}
}

// BenchmarkBuild measures Build (athlete, zones, load, class per session)
// over the summaries of testdata/block.
func BenchmarkBuild(b *testing.B) {
	files, err := fitparse.Scan(context.Background(), []string{blockDir}, fitparse.ScanOptions{}, Summarize)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Build(files, Options{})
	}
}
