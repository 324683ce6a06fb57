package analysis

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/bounceback/bounceback/fitparse"
)

var update = flag.Bool("update", false, "rewrite testdata/summary-version.txt (TestSummaryVersion)")

// fitparseTestdata holds fitparse's own test files: FIT files and JSON
// files of the account export, good and bad.
const fitparseTestdata = "../fitparse/testdata"

// TestSummaryCodecPlan: the encoding handles every type a FileSummary
// holds, and refuses the kinds it cannot encode exactly.
func TestSummaryCodecPlan(t *testing.T) {
	t.Parallel()
	if _, err := summaryCodec(); err != nil {
		t.Fatalf("%v: a field of FileSummary (or of a type it holds) has a kind the summary encoding does not handle: teach codec.go to encode it exactly, and bump SummaryVersion", err)
	}
	type node struct{ Next *node }
	for _, c := range []struct {
		v    any
		want string
	}{
		{struct{ M map[string]int }{}, "T.M (map[string]int): map is not supported"},
		{struct{ C chan int }{}, "chan is not supported"},
		{struct{ F func() }{}, "func is not supported"},
		{struct{ A any }{}, "T.A (interface {}): interface is not supported"},
		{struct{ S fmt.Stringer }{}, "interface is not supported"},
		{struct{ P uintptr }{}, "uintptr is not supported"},
		{struct{ X []complex128 }{}, "T.X[] (complex128): complex128 is not supported"},
		{struct{ U unsafe.Pointer }{}, "unsafe.Pointer is not supported"},
		{node{}, "T.Next (analysis.node): recursive type"},
	} {
		pl := planner{done: map[reflect.Type]*codec{}, busy: map[reflect.Type]bool{}}
		_, err := pl.plan(reflect.TypeOf(c.v), "T")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("plan of %T: error %v, want %q", c.v, err, c.want)
		}
	}
}

// TestSummaryRoundTrip: what Summarize and Count return for every file of
// testdata/block, fitparse's test files and the real files decodes to the
// same summary (floats by their bits, errors by their message), which
// encodes to the same bytes again.
func TestSummaryRoundTrip(t *testing.T) {
	t.Parallel()
	for _, dir := range []string{blockDir, fitparseTestdata} {
		var sizes []int
		for _, s := range scanBoth(t, dir) {
			sizes = append(sizes, len(roundTrip(t, &s.sum, "summary")))
			roundTrip(t, &s.count, "count")
		}
		t.Logf("%s: %d summaries, %s", dir, len(sizes), sizeStats(sizes))
	}
	t.Run("real", func(t *testing.T) {
		var sizes []int
		for _, rf := range realFiles(t) {
			sizes = append(sizes, len(roundTrip(t, &rf.sum, "summary")))
			roundTrip(t, &rf.count, "count")
		}
		t.Logf("real files: %d summaries, %s", len(sizes), sizeStats(sizes))
	})
}

// roundTrip encodes s, decodes it under its own path and returns the
// encoding; it fails t when the decoded summary differs from s or does not
// encode to the same bytes.
func roundTrip(t *testing.T, s *FileSummary, what string) []byte {
	t.Helper()
	data, err := EncodeSummary(s)
	if err != nil {
		t.Fatalf("%s: %s: %v", s.Path, what, err)
	}
	got, err := DecodeSummary(data, s.Path)
	if err != nil {
		t.Fatalf("%s: %s: %v", s.Path, what, err)
	}
	if d := diff(&got, s, "FileSummary"); d != "" {
		t.Errorf("%s: %s decoded: %s", s.Path, what, d)
	}
	again, err := EncodeSummary(&got)
	if err != nil || !bytes.Equal(again, data) {
		t.Errorf("%s: %s decoded encodes to %d other bytes (%v)", s.Path, what, len(again), err)
	}
	return data
}

// sizeStats describes encoding sizes: median and largest.
func sizeStats(sizes []int) string {
	if len(sizes) == 0 {
		return "none"
	}
	s := slices.Sorted(slices.Values(sizes))
	return fmt.Sprintf("median %d bytes, max %d", s[len(s)/2], s[len(s)-1])
}

// TestBuildDecoded: Build gives the same Block on the decoded summaries
// of testdata/block (and counts) as on the summaries themselves, with and
// without an as-of day, and on each real file.
func TestBuildDecoded(t *testing.T) {
	t.Parallel()
	asOf := time.Date(2026, 10, 11, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name  string
		files []FileSummary
		opts  Options
	}{
		{"summaries", scanBlock(t), Options{}},
		{"summaries as of 2026-10-11", scanBlock(t), Options{AsOf: asOf}},
		{"counts", countDir(t, blockDir), Options{}},
		{"fitparse testdata", scanDir(t, fitparseTestdata), Options{}},
	} {
		want := Build(c.files, c.opts)
		got := Build(decodeAll(t, c.files), c.opts)
		if d := diff(got, want, "Block"); d != "" {
			t.Errorf("%s: %s", c.name, d)
		}
	}
	t.Run("real", func(t *testing.T) {
		for _, rf := range realFiles(t) {
			got := Build(decodeAll(t, []FileSummary{rf.sum}), Options{})
			if d := diff(got, rf.b, "Block"); d != "" {
				t.Errorf("%s: %s", rf.sum.Path, d)
			}
		}
	})
}

// decodeAll returns files encoded and decoded.
func decodeAll(t *testing.T, files []FileSummary) []FileSummary {
	t.Helper()
	out := make([]FileSummary, len(files))
	for i := range files {
		data, err := EncodeSummary(&files[i])
		if err != nil {
			t.Fatal(err)
		}
		if out[i], err = DecodeSummary(data, files[i].Path); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// TestDecodeSummaryPath: the decoded summary names the file by the path it
// is decoded under, in Path, in the messages that started with the old
// path and in the device values that came from the file; other messages
// and paths are kept.
func TestDecodeSummaryPath(t *testing.T) {
	t.Parallel()
	summary := func(path string, other ...string) FileSummary {
		return FileSummary{
			Path:   path,
			Status: fitparse.Skipped,
			Err:    fmt.Errorf("%s: workout file, not an activity", path),
			Warnings: []error{
				&fitparse.DecodeError{Path: path, Offset: 812, Err: fitparse.ErrCRC},
				fmt.Errorf("%s: hr messages not merged: %s", path, other[0]),
				errors.New(other[1]),
			},
			DeviceValues: []DeviceValues{{Path: path, HRMax: 190}, {Path: other[2], HRMax: nan}},
			Sessions:     []SessionSummary{{Measures: Measures{HRHist: smallHistogram()}}},
		}
	}
	other := []string{"runs/a.fit is odd", "a warning about runs/a.fit", "runs/other.fit"}
	for _, c := range []struct {
		name, from, to string
		want           FileSummary
	}{
		{"same path", "runs/a.fit", "runs/a.fit", summary("runs/a.fit", other...)},
		{"moved", "runs/a.fit", "archive/2026/b.fit", summary("archive/2026/b.fit", other...)},
		{"into a zip", "runs/a.fit", "all.zip/runs/a.fit", summary("all.zip/runs/a.fit", other...)},
		{"shorter", "runs/a.fit", "a", summary("a", other...)},
	} {
		s := summary(c.from, other...)
		data, err := EncodeSummary(&s)
		if err != nil {
			t.Fatal(err)
		}
		got, err := DecodeSummary(data, c.to)
		if err != nil {
			t.Fatal(err)
		}
		if d := diff(&got, &c.want, "FileSummary"); d != "" {
			t.Errorf("%s: %s", c.name, d)
		}
	}

	// A real file decoded under another name: only the path changes.
	for _, s := range scanBlock(t) {
		if len(s.DeviceValues) == 0 {
			continue
		}
		data, err := EncodeSummary(&s)
		if err != nil {
			t.Fatal(err)
		}
		got, err := DecodeSummary(data, "copy.fit")
		if err != nil {
			t.Fatal(err)
		}
		want := s
		want.Path = "copy.fit"
		want.DeviceValues = slices.Clone(s.DeviceValues)
		for i := range want.DeviceValues {
			want.DeviceValues[i].Path = "copy.fit"
		}
		if d := diff(&got, &want, "FileSummary"); d != "" {
			t.Errorf("%s as copy.fit: %s", s.Path, d)
		}
		break
	}
}

// smallHistogram returns a small heart-rate histogram.
func smallHistogram() []float64 { return []float64{0, 0, 3, 1.5} }

// TestEncodeSummaryRefuses: EncodeSummary refuses a summary Summarize does
// not return (Build's output, or a session with any of what Build decides
// and computes), and a time it could not decode as it was.
func TestEncodeSummaryRefuses(t *testing.T) {
	t.Parallel()
	block := scanBlock(t)
	built := Build(block, Options{})
	k := slices.IndexFunc(built.Files, func(f FileSummary) bool { return len(f.Sessions) > 0 })
	if k < 0 {
		t.Fatal("no file with a session")
	}
	fresh := func() FileSummary {
		s := block[k]
		s.Sessions = slices.Clone(s.Sessions)
		return s
	}
	cases := []struct {
		name string
		edit func(s *FileSummary)
		want string // "" for no error
	}{
		{"as summarized", func(*FileSummary) {}, ""},
		{"zero metrics", func(s *FileSummary) { s.Sessions[0].Metrics = Metrics{} }, ""},
		{"built", func(s *FileSummary) { *s = built.Files[k] }, "holds Build's"},
		{"a duplicate", func(s *FileSummary) { s.Sessions[0].DuplicateOf = &Duplicate{Path: "x.fit"} }, "session 0 holds Build's checks"},
		{"a date problem", func(s *FileSummary) { s.Sessions[0].DateProblem = "in the future" }, "holds Build's checks"},
		{"an event", func(s *FileSummary) { s.Sessions[0].Event = 1 }, "holds Build's checks"},
		{"a timeline", func(s *FileSummary) { s.Sessions[0].Timeline = fixedTimeline(Step{}) }, "holds Build's plans"},
		{"a TRIMP", func(s *FileSummary) { s.Sessions[0].TRIMP = 50 }, "holds Build's metrics"},
		{"one load zero", func(s *FileSummary) { s.Sessions[0].SRPE = 0 }, "holds Build's metrics"},
		{"a class", func(s *FileSummary) { s.Sessions[0].Class.Reason = "easy" }, "holds Build's metrics"},
	}
	if paris, err := time.LoadLocation("Europe/Paris"); err == nil {
		cases = append(cases, struct {
			name string
			edit func(s *FileSummary)
			want string
		}{"a time in Europe/Paris", func(s *FileSummary) { s.TimeCreated = s.TimeCreated.In(paris) }, `a time in location "Europe/Paris", not a fixed zone`})
	}
	for _, c := range cases {
		s := fresh()
		c.edit(&s)
		_, err := EncodeSummary(&s)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
}

// TestSummaryTimes: times decode to the same instant, location, offset
// and formatting; UTC, zero and time.Local ones compare equal with ==.
func TestSummaryTimes(t *testing.T) {
	t.Parallel()
	base := time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC)
	for _, c := range []struct {
		name string
		t    time.Time
	}{
		{"zero", time.Time{}},
		{"UTC", base},
		{"UTC nanoseconds", base.Add(123456789)},
		{"UTC before 1970", time.Date(1900, 1, 1, 0, 0, 0, 1, time.UTC)},
		{"UTC far", time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC)},
		{"year 1 not zero", time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC)},
		{"Unix zero", time.Unix(0, 0).UTC()},
		{"Local", base.Local()},
		{"Local zero", time.Time{}.Local()},
		{"fixed unnamed", base.In(time.FixedZone("", 2*3600))},
		{"fixed unnamed half hour", base.In(time.FixedZone("", -(9*3600 + 1800)))},
		{"fixed named", base.Add(5).In(time.FixedZone("CEST", 2*3600))},
		{"fixed zero offset", base.In(time.FixedZone("UTC", 0))},
	} {
		s := FileSummary{Path: "t.fit", FileID: fitparse.FileID{TimeCreated: c.t},
			WellnessValues: []fitparse.Wellness{{Time: c.t}}}
		data, err := EncodeSummary(&s)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		d, err := DecodeSummary(data, "t.fit")
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		for _, got := range []time.Time{d.TimeCreated, d.WellnessValues[0].Time} {
			if msg := sameTime(got, c.t); msg != "" {
				t.Errorf("%s: %s", c.name, msg)
			}
		}
	}
}

// sameTime returns how got differs from want, "" when it does not: the
// same instant, location name, zone and formatting, and == for UTC and
// time.Local (a fixed zone decodes as a new time.FixedZone).
func sameTime(got, want time.Time) string {
	const layout = "2006-01-02T15:04:05.999999999 -07:00:00 MST"
	gn, go_ := got.Zone()
	wn, wo := want.Zone()
	fixed := want.Location() != time.UTC && want.Location() != time.Local
	switch {
	case got.Format(layout) != want.Format(layout), got.Location().String() != want.Location().String(),
		gn != wn, go_ != wo, !got.Equal(want), got.IsZero() != want.IsZero(), !fixed && got != want:
		return fmt.Sprintf("time %s (%s, ==%v), want %s (%s)", got.Format(layout), got.Location(), got == want, want.Format(layout), want.Location())
	}
	return ""
}

// TestSummaryFloats: every float decodes to the same bits, whatever they
// are, in few bytes for the common values.
func TestSummaryFloats(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		bits uint64
		max  int // bytes
	}{
		{"NaN", math.Float64bits(math.NaN()), 1},
		{"zero", 0, 1},
		{"negative zero", math.Float64bits(math.Copysign(0, -1)), 2},
		{"one", math.Float64bits(1), 3},
		{"145 bpm", math.Float64bits(145), 4},
		{"3600 s", math.Float64bits(3600), 4},
		{"another NaN", 0x7FF8000000000002, 9},
		{"a signalling NaN", 0x7FF0000000000001, 9},
		{"negative NaN", 0xFFF8000000000001, 9},
		{"infinity", math.Float64bits(math.Inf(1)), 3},
		{"negative infinity", math.Float64bits(math.Inf(-1)), 3},
		{"smallest subnormal", 1, 9},
		{"0.1", math.Float64bits(0.1), 9},
		{"all ones", math.MaxUint64, 9},
	} {
		x := math.Float64frombits(c.bits)
		e := encoder{}
		float64Codec.enc(&e, unsafe.Pointer(&x))
		if len(e.buf) > c.max {
			t.Errorf("%s: %d bytes, want at most %d", c.name, len(e.buf), c.max)
		}
		s := FileSummary{Sessions: []SessionSummary{{Session: fitparse.Session{AvgHR: x, TimeInHRZone: []float64{x}}}}}
		s.Sessions[0].HRHist = []float64{x, x}
		got, err := DecodeSummary(mustEncode(t, &s), "")
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		g := got.Sessions[0]
		for _, v := range []float64{g.AvgHR, g.TimeInHRZone[0], g.HRHist[1]} {
			if math.Float64bits(v) != c.bits {
				t.Errorf("%s: %#x decoded as %#x", c.name, c.bits, math.Float64bits(v))
			}
		}
	}
	for _, b32 := range []uint32{0, 1, 0x7FC00000, 0x7FC00001, 0xFFC00000, 0x7F800001, 0x80000000, math.Float32bits(0.75), math.Float32bits(45), math.MaxUint32, 0x0000C07F} {
		x := math.Float32frombits(b32)
		var e encoder
		float32Codec.enc(&e, unsafe.Pointer(&x))
		var y float32
		d := decoder{data: e.buf}
		float32Codec.dec(&d, unsafe.Pointer(&y))
		if d.err != nil || d.left() != 0 || math.Float32bits(y) != b32 {
			t.Errorf("float32 %#x decoded as %#x (%v)", b32, math.Float32bits(y), d.err)
		}
	}
}

func mustEncode(t testing.TB, s *FileSummary) []byte {
	t.Helper()
	data, err := EncodeSummary(s)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestSummaryFilled: a summary with every field set (each value distinct,
// floats of every sort, times in every kind of location, errors that
// start with the path and others), one with every slice empty and one
// with every slice and pointer nil round-trip, so that every field of the
// types is encoded, including those the files never fill.
func TestSummaryFilled(t *testing.T) {
	t.Parallel()
	for _, variant := range []fillVariant{fillFull, fillOne, fillEmpty, fillNil} {
		data := roundTrip(t, filledSummary(variant), fmt.Sprintf("filled (variant %d)", variant))
		if variant == fillFull {
			t.Logf("filled: %d bytes", len(data))
		}
	}
}

// filledSummary returns a summary with every field filled as variant
// says, except what Build fills in; half its device values come from the
// file.
func filledSummary(variant fillVariant) *FileSummary {
	fl := filler{variant: variant}
	var s FileSummary
	fl.fill(reflect.ValueOf(&s).Elem(), "FileSummary")
	s.Path = "filled/x.fit"
	for i := range s.Sessions {
		for _, v := range summarizedLoads(&s.Sessions[i].Metrics) {
			*v = nan
		}
	}
	for i := range s.DeviceValues {
		if i%2 == 0 {
			s.DeviceValues[i].Path = s.Path
		}
	}
	return &s
}

// fillVariant says how a filler treats slices and pointers.
type fillVariant int

const (
	fillFull  fillVariant = iota // two elements, pointers set
	fillOne                      // one element, pointers set
	fillEmpty                    // empty slices, pointers set
	fillNil                      // nil slices and pointers
)

// filler sets every field of a value to a distinct value; n counts them.
type filler struct {
	variant fillVariant
	n       int
}

func (fl *filler) fill(v reflect.Value, where string) {
	fl.n++
	n := fl.n
	switch v.Type() {
	case timeType:
		zones := []*time.Location{time.UTC, time.Local, time.FixedZone("", 3600*(n%12)), time.FixedZone(fmt.Sprintf("Z%d", n), -60*n)}
		v.Set(reflect.ValueOf(time.Unix(1.7e9+int64(n)*86399, int64(n)*1e6+int64(n)).In(zones[n%len(zones)])))
		return
	case errorType:
		msg := fmt.Sprintf("filled/x.fit: error %d", n)
		if n%3 == 0 {
			msg = fmt.Sprintf("error %d of filled/x.fit", n)
		}
		v.Set(reflect.ValueOf(errors.New(msg)))
		return
	}
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(n%2 == 1)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(n%100) - 40)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(uint64(n%200) + 1)
	case reflect.Float32, reflect.Float64:
		floats := []float64{math.NaN(), float64(n), 0.1 * float64(n), math.Inf(-1), math.Float64frombits(0x7FF8000000000000 | uint64(n)), -float64(n) / 7}
		v.SetFloat(floats[n%len(floats)])
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d", n))
	case reflect.Slice:
		if fl.variant == fillNil {
			return
		}
		k := map[fillVariant]int{fillFull: 2, fillOne: 1}[fl.variant]
		v.Set(reflect.MakeSlice(v.Type(), k, k))
		for i := range k {
			fl.fill(v.Index(i), where+"[]")
		}
	case reflect.Array:
		for i := range v.Len() {
			fl.fill(v.Index(i), where+"[]")
		}
	case reflect.Pointer:
		if fl.variant == fillNil {
			return
		}
		v.Set(reflect.New(v.Type().Elem()))
		fl.fill(v.Elem(), where)
	case reflect.Struct:
		for i := range v.NumField() {
			if built(v.Type(), v.Type().Field(i).Name) {
				continue // zero: what Build fills in is not encoded
			}
			if f := v.Field(i); f.CanSet() {
				fl.fill(f, where+"."+v.Type().Field(i).Name)
			}
		}
	default:
		panic(fmt.Sprintf("filler: %s: %s", where, v.Type()))
	}
}

// built reports whether field name of struct type t is what Build fills
// in.
func built(t reflect.Type, name string) bool {
	return t == reflect.TypeFor[SessionSummary]() && (name == "Checks" || name == "Metrics" || name == "Plans")
}

// hostileInputs returns data that is no encoding, or may be one of
// another summary: every cut of the encoding of a filled summary (see
// TestSummaryFilled: every field set, one element a slice), every byte of
// it made 0xff (a huge length or count) or with its low bit flipped, and
// some hand-made ones.
func hostileInputs(t *testing.T) []hostileInput {
	sample := mustEncode(t, filledSummary(fillOne))
	// Sessions as many as the bytes left allow, each the fewest bytes (all
	// zero: a zero session), the most a decoder allocates for its input.
	pl := planner{done: map[reflect.Type]*codec{}, busy: map[reflect.Type]bool{}}
	c, err := pl.plan(reflect.TypeFor[SessionSummary](), "SessionSummary")
	if err != nil {
		t.Fatal(err)
	}
	sessions := mustEncode(t, &FileSummary{}) // ends with Sessions, nil: 0
	sessions = binary.AppendUvarint(sessions[:len(sessions)-1], 101)
	sessions = append(sessions, make([]byte, 100*c.min)...)
	inputs := []hostileInput{{nil, true}, {[]byte{}, true}, {[]byte{0}, true}, {[]byte{summaryFormat + 1}, true},
		{append(slices.Clone(sample), 0), true},
		// Status 0, Err nil, then 2^63-1 warnings.
		{[]byte{summaryFormat, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, true},
		{sessions, false},
		{sessions[:len(sessions)-1], true},
	}
	for i := range sample {
		inputs = append(inputs, hostileInput{sample[:i], true})
		if i > 0 {
			b := slices.Clone(sample)
			b[i] = 0xff
			inputs = append(inputs, hostileInput{b, false})
			b = slices.Clone(sample)
			b[i] ^= 1
			inputs = append(inputs, hostileInput{b, false})
		}
	}
	return inputs
}

type hostileInput struct {
	data     []byte
	mustFail bool // else it may decode, as another summary
}

// TestDecodeSummaryHostile: on the hostileInputs DecodeSummary returns an
// error (or, for a changed byte, a summary that encodes again) and never
// panics.
func TestDecodeSummaryHostile(t *testing.T) {
	t.Parallel()
	for i, in := range hostileInputs(t) {
		s, err := DecodeSummary(in.data, "hostile.fit")
		switch {
		case err == nil && in.mustFail:
			t.Errorf("input %d (%d bytes): no error", i, len(in.data))
		case err == nil:
			if _, err := EncodeSummary(&s); err != nil {
				t.Errorf("input %d decoded, not encoded: %v", i, err)
			}
		case !strings.HasPrefix(err.Error(), "hostile.fit: cached summary: "):
			t.Errorf("input %d: error %q does not name the file", i, err)
		}
	}
}

// TestDecodeSummaryAllocs: on the hostileInputs (one in eight, and the
// hand-made ones) DecodeSummary allocates no more than 64 bytes per byte
// of input, plus 4 KiB. It does not run in parallel, so that the
// allocation it measures is its own.
func TestDecodeSummaryAllocs(t *testing.T) {
	worst := 0.0
	var ms runtime.MemStats
	for i, in := range hostileInputs(t) {
		if i >= 8 && i%8 != 0 {
			continue
		}
		// The least of three runs: anything else allocating meanwhile (the
		// runtime) only adds.
		alloc := uint64(math.MaxUint64)
		for range 3 {
			runtime.ReadMemStats(&ms)
			before := ms.TotalAlloc
			DecodeSummary(in.data, "hostile.fit")
			runtime.ReadMemStats(&ms)
			alloc = min(alloc, ms.TotalAlloc-before)
		}
		if len(in.data) >= 256 {
			worst = max(worst, float64(alloc)/float64(len(in.data)))
		}
		if limit := 64*uint64(len(in.data)) + 4096; alloc > limit {
			t.Errorf("input %d (%d bytes): %d bytes allocated, limit %d", i, len(in.data), alloc, limit)
		}
	}
	t.Logf("at most %.1f bytes allocated per byte", worst)
}

// FuzzDecodeSummary: DecodeSummary never panics; what it decodes encodes
// and decodes again to the same summary. The corpus starts from the
// encodings of the summaries and counts of testdata/block and fitparse's
// test files; nothing is committed.
func FuzzDecodeSummary(f *testing.F) {
	for _, dir := range []string{blockDir, fitparseTestdata} {
		for _, s := range scanBoth(f, dir) {
			f.Add(mustEncode(f, &s.sum))
			f.Add(mustEncode(f, &s.count))
		}
	}
	f.Add([]byte{})
	f.Add([]byte{summaryFormat})
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := DecodeSummary(data, "fuzz.fit")
		if err != nil {
			if s.Path != "" || s.Sessions != nil {
				t.Errorf("error %v with a summary", err)
			}
			return
		}
		again, err := EncodeSummary(&s)
		if err != nil {
			t.Fatalf("decoded, not encoded: %v", err)
		}
		s2, err := DecodeSummary(again, "fuzz.fit")
		if err != nil {
			t.Fatalf("encoded again, not decoded: %v", err)
		}
		if d := diff(&s2, &s, "FileSummary"); d != "" {
			t.Errorf("decoded again: %s", d)
		}
	})
}

// versionFile records the summaries of testdata/block under a
// SummaryVersion (see TestSummaryVersion).
const versionFile = "testdata/summary-version.txt"

// versionRecord is what versionFile holds: the version, the GOARCH it was
// recorded on, and SHA-256 hashes of the block's files and of the
// encodings of their summaries and counts.
type versionRecord struct {
	Version, GOARCH, Inputs, Summaries string
}

// TestSummaryVersion fails when what Summarize or Count returns for the
// files of testdata/block, or its encoding, changes while SummaryVersion
// stays the same: a cache would then serve summaries the program no longer
// makes. After a bump of SummaryVersion (or a regeneration of the block),
// go test -run TestSummaryVersion -update records the new hashes; it
// refuses to when the summaries changed under the recorded version.
//
// The hashes are of float bits, which an architecture that fuses
// multiplications and additions (arm64, for one) may compute otherwise:
// on a GOARCH other than the recorded one the test is skipped.
func TestSummaryVersion(t *testing.T) {
	t.Parallel()
	got := versionRecord{Version: SummaryVersion, GOARCH: runtime.GOARCH, Inputs: blockInputsHash(t), Summaries: blockSummariesHash(t)}
	want, err := readVersionRecord(versionFile)
	const rerun = "go test ./analysis -run TestSummaryVersion -update"
	switch {
	case err == nil && want.GOARCH != got.GOARCH && !*update:
		t.Skipf("%s was recorded on %s (float bits may differ on %s)", versionFile, want.GOARCH, got.GOARCH)
	case err == nil && got == want:
		return
	case err == nil && got.Summaries != want.Summaries && got.Inputs == want.Inputs && got.Version == want.Version && got.GOARCH == want.GOARCH:
		t.Fatalf("what Summarize or Count returns for testdata/block, or its encoding, changed (hash %s, recorded %s) while SummaryVersion stayed %q: "+
			"bump SummaryVersion in codec.go, so that no cache serves summaries the program no longer makes, then run %s",
			got.Summaries[:12], want.Summaries[:12], SummaryVersion, rerun)
	case *update:
		if err := writeVersionRecord(versionFile, got); err != nil {
			t.Fatal(err)
		}
	case err != nil:
		t.Fatalf("%v (run %s to record it)", err, rerun)
	default:
		t.Fatalf("%s records %+v, now %+v: run %s to record them", versionFile, want, got, rerun)
	}
}

// blockInputsHash returns the SHA-256 of the paths and bytes of the files
// of testdata/block.
func blockInputsHash(t *testing.T) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(blockDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s %d\n", filepath.ToSlash(path), len(data))
		h.Write(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// blockSummariesHash returns the SHA-256 of the encodings of what
// Summarize and Count return for the files of testdata/block, in the order
// of their paths.
func blockSummariesHash(t *testing.T) string {
	t.Helper()
	files := slices.Clone(scanBoth(t, blockDir))
	slices.SortFunc(files, func(a, b scanned) int { return strings.Compare(a.sum.Path, b.sum.Path) })
	h := sha256.New()
	for _, s := range files {
		for _, x := range []*FileSummary{&s.sum, &s.count} {
			data := mustEncode(t, x)
			fmt.Fprintf(h, "%s %d\n", filepath.ToSlash(x.Path), len(data))
			h.Write(data)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

func readVersionRecord(path string) (versionRecord, error) {
	fh, err := os.Open(path)
	if err != nil {
		return versionRecord{}, err
	}
	defer fh.Close()
	var r versionRecord
	fields := map[string]*string{"version": &r.Version, "goarch": &r.GOARCH, "inputs": &r.Inputs, "summaries": &r.Summaries}
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, _ := strings.Cut(line, " ")
		if p, ok := fields[k]; ok {
			*p = v
		}
	}
	if err := sc.Err(); err != nil {
		return versionRecord{}, err
	}
	if r.Summaries == "" {
		return versionRecord{}, fmt.Errorf("%s: no summaries hash", path)
	}
	return r, nil
}

func writeVersionRecord(path string, r versionRecord) error {
	text := fmt.Sprintf("# The summaries of testdata/block under SummaryVersion (analysis/codec.go):\n"+
		"# TestSummaryVersion fails when they change under the same version.\n"+
		"# go test ./analysis -run TestSummaryVersion -update rewrites this file.\n"+
		"version %s\ngoarch %s\ninputs %s\nsummaries %s\n", r.Version, r.GOARCH, r.Inputs, r.Summaries)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(text), 0o644)
}

// BenchmarkDecodeSummary decodes the summaries of testdata/block in turn,
// one per op, and reports their mean and largest size.
func BenchmarkDecodeSummary(b *testing.B) {
	blobs, total, largest := blockEncodings(b)
	b.ReportAllocs()
	b.SetBytes(int64(total / len(blobs)))
	i := 0
	for b.Loop() {
		if _, err := DecodeSummary(blobs[i], "bench.fit"); err != nil {
			b.Fatal(err)
		}
		i = (i + 1) % len(blobs)
	}
	b.ReportMetric(float64(total)/float64(len(blobs)), "B/summary")
	b.ReportMetric(float64(largest), "max-B/summary")
}

// BenchmarkEncodeSummary encodes the summaries of testdata/block in turn,
// one per op.
func BenchmarkEncodeSummary(b *testing.B) {
	files := scanBoth(b, blockDir)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := EncodeSummary(&files[i].sum); err != nil {
			b.Fatal(err)
		}
		i = (i + 1) % len(files)
	}
}

// blockEncodings returns the encodings of the summaries of testdata/block,
// their total size and the largest.
func blockEncodings(tb testing.TB) (blobs [][]byte, total, largest int) {
	for _, s := range scanBoth(tb, blockDir) {
		data := mustEncode(tb, &s.sum)
		blobs = append(blobs, data)
		total += len(data)
		largest = max(largest, len(data))
	}
	return blobs, total, largest
}

// diff returns where *got and *want differ, "" when they do not (got and
// want are pointers of the same type). It is reflect.DeepEqual except
// that floats compare by their bits (so a NaN equals a NaN with the same
// bits), errors by their message (a decoded error is a plain one), and
// times as sameTime does.
func diff(got, want any, where string) string {
	return differ{seen: map[[2]unsafe.Pointer]bool{}}.diff(reflect.ValueOf(got).Elem(), reflect.ValueOf(want).Elem(), where)
}

type differ struct{ seen map[[2]unsafe.Pointer]bool }

func (df differ) diff(got, want reflect.Value, where string) string {
	if got.Type() != want.Type() {
		return fmt.Sprintf("%s: type %s, want %s", where, got.Type(), want.Type())
	}
	t := got.Type()
	if t == timeType && got.CanInterface() {
		if msg := sameTime(got.Interface().(time.Time), want.Interface().(time.Time)); msg != "" {
			return where + ": " + msg
		}
		return ""
	}
	if t == errorType && got.CanInterface() {
		switch {
		case got.IsNil() != want.IsNil():
			return fmt.Sprintf("%s: nil %v, want nil %v", where, got.IsNil(), want.IsNil())
		case !got.IsNil() && got.Interface().(error).Error() != want.Interface().(error).Error():
			return fmt.Sprintf("%s: %q, want %q", where, got.Interface(), want.Interface())
		}
		return ""
	}
	switch t.Kind() {
	case reflect.Float32:
		// Float() would turn a signalling NaN into a quiet one.
		if g, w := *(*uint32)(got.Addr().UnsafePointer()), *(*uint32)(want.Addr().UnsafePointer()); g != w {
			return fmt.Sprintf("%s: %v (%#x), want %v (%#x)", where, got.Float(), g, want.Float(), w)
		}
	case reflect.Float64:
		if g, w := math.Float64bits(got.Float()), math.Float64bits(want.Float()); g != w {
			return fmt.Sprintf("%s: %v (%#x), want %v (%#x)", where, got.Float(), g, want.Float(), w)
		}
	case reflect.Bool:
		if got.Bool() != want.Bool() {
			return fmt.Sprintf("%s: %v, want %v", where, got.Bool(), want.Bool())
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if got.Int() != want.Int() {
			return fmt.Sprintf("%s: %d, want %d", where, got.Int(), want.Int())
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if got.Uint() != want.Uint() {
			return fmt.Sprintf("%s: %d, want %d", where, got.Uint(), want.Uint())
		}
	case reflect.String:
		if got.String() != want.String() {
			return fmt.Sprintf("%s: %q, want %q", where, got.String(), want.String())
		}
	case reflect.Slice:
		if got.IsNil() != want.IsNil() || got.Len() != want.Len() {
			return fmt.Sprintf("%s: nil %v len %d, want nil %v len %d", where, got.IsNil(), got.Len(), want.IsNil(), want.Len())
		}
		fallthrough
	case reflect.Array:
		for i := range got.Len() {
			if d := df.diff(got.Index(i), want.Index(i), fmt.Sprintf("%s[%d]", where, i)); d != "" {
				return d
			}
		}
	case reflect.Map:
		if got.IsNil() != want.IsNil() || got.Len() != want.Len() {
			return fmt.Sprintf("%s: nil %v len %d, want nil %v len %d", where, got.IsNil(), got.Len(), want.IsNil(), want.Len())
		}
		for _, k := range want.MapKeys() {
			g := got.MapIndex(k)
			if !g.IsValid() {
				return fmt.Sprintf("%s: no key %v", where, k)
			}
			// Map values are not addressable: compare copies.
			gc, wc := reflect.New(t.Elem()).Elem(), reflect.New(t.Elem()).Elem()
			gc.Set(g)
			wc.Set(want.MapIndex(k))
			if d := df.diff(gc, wc, fmt.Sprintf("%s[%v]", where, k)); d != "" {
				return d
			}
		}
	case reflect.Pointer, reflect.Interface:
		if got.IsNil() || want.IsNil() {
			if got.IsNil() != want.IsNil() {
				return fmt.Sprintf("%s: nil %v, want nil %v", where, got.IsNil(), want.IsNil())
			}
			return ""
		}
		if t.Kind() == reflect.Pointer {
			key := [2]unsafe.Pointer{got.UnsafePointer(), want.UnsafePointer()}
			if df.seen[key] {
				return ""
			}
			df.seen[key] = true
		}
		if t.Kind() == reflect.Interface { // an interface's value is not addressable: compare copies
			gc, wc := reflect.New(got.Elem().Type()).Elem(), reflect.New(want.Elem().Type()).Elem()
			gc.Set(got.Elem())
			wc.Set(want.Elem())
			return df.diff(gc, wc, where)
		}
		return df.diff(got.Elem(), want.Elem(), where)
	case reflect.Struct:
		for i := range got.NumField() {
			if d := df.diff(got.Field(i), want.Field(i), where+"."+t.Field(i).Name); d != "" {
				return d
			}
		}
	default:
		if !got.IsZero() || !want.IsZero() {
			return fmt.Sprintf("%s: %s not compared", where, t)
		}
	}
	return ""
}
