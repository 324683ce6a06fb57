package fitparse

import (
	"fmt"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
)

// The differential test: every real file of the corpus internal/realfit
// locates (good, bad and damaged ones), every file of the generated block
// and the package's own test files are decoded twice, by our decoder
// (DecodeBytes) and by the oracle (libraryDecode: the FIT library's
// decoder feeding the same listener, the path bounceback used before),
// and the two Files are compared value by value: status, error and every warning (by text),
// file_id, sessions, laps, every record column, RR intervals and their
// times, strap HR, events, user profiles, zones, weather, Garmin's
// metrics, wellness values and the clock. The listener is shared, so what
// is compared is the reading of the bytes: framing, definitions, base
// types and sizes, endianness, compressed timestamps, invalid values,
// scale and offset, components and accumulation.
//
// Deliberate differences, none of which occurs in these files:
//
//   - An error of the FIT library that the framing pass did not foresee
//     stops the oracle with a warning at that message. Our decoder has no
//     such error: every check it needs is the framing pass's, so it reads
//     on. (No input is known to cause one.)
//   - A context cancelled or a deadline passed: the oracle checks it when
//     the library reads its next 16 KiB, our decoder before every
//     message; where each stops depends on timing. Not exercised here.

// differentialFiles returns the files the differential test decodes.
func differentialFiles(tb testing.TB, real bool) []string {
	var paths []string
	if real {
		filepath.WalkDir(realDir(tb), func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.EqualFold(filepath.Ext(path), ".fit") {
				paths = append(paths, path)
			}
			return nil
		})
	} else {
		for _, pattern := range []string{"../testdata/block/*.fit", "../testdata/block/*/*.fit", "../testdata/block/*/*/*.fit", "testdata/*.fit"} {
			m, _ := filepath.Glob(pattern)
			paths = append(paths, m...)
		}
	}
	sort.Strings(paths)
	return paths
}

func TestDifferential(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		real bool
	}{{"real", true}, {"generated", false}} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			paths := differentialFiles(t, c.real)
			if len(paths) == 0 {
				t.Fatal("no files")
			}
			var values, records int
			for _, path := range paths {
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				ours, lib := DecodeBytes(data, path), libraryDecode(data, path)
				var d differ
				d.compare("File", reflect.ValueOf(ours).Elem(), reflect.ValueOf(lib).Elem())
				for _, diff := range d.diffs {
					t.Errorf("%s: %s", path, diff)
				}
				values += d.values
				records += ours.Records.Len()
			}
			t.Logf("%d files, %d records, %d values compared", len(paths), records, values)
		})
	}
}

// FuzzDifferential: on any input our decoder and the oracle agree.
func FuzzDifferential(f *testing.F) {
	for _, path := range differentialFiles(f, false) {
		if data, err := os.ReadFile(path); err == nil && len(data) < 64<<10 {
			f.Add(data)
		}
	}
	rng := rand.New(rand.NewPCG(1, 15))
	for range 20 {
		f.Add(structuredFIT(rng))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ours, lib := DecodeBytes(data, "f.fit"), libraryDecode(data, "f.fit")
		var d differ
		d.compare("File", reflect.ValueOf(ours).Elem(), reflect.ValueOf(lib).Elem())
		for _, diff := range d.diffs {
			t.Error(diff)
		}
	})
}

// differ compares two values of the same type, every leaf value (a NaN
// equal to a NaN, errors by their text, times by Equal), and keeps the
// first differences.
type differ struct {
	values int
	diffs  []string
}

var (
	timeType  = reflect.TypeFor[time.Time]()
	errorType = reflect.TypeFor[error]()
)

func (d *differ) differ(path string, a, b any) {
	d.values++
	if len(d.diffs) < 20 {
		d.diffs = append(d.diffs, fmt.Sprintf("%s: ours %v, library %v", path, a, b))
	}
}

func (d *differ) compare(path string, a, b reflect.Value) {
	if a.Type() == timeType {
		if ta, tb := a.Interface().(time.Time), b.Interface().(time.Time); !ta.Equal(tb) {
			d.differ(path, ta, tb)
			return
		}
		d.values++
		return
	}
	if a.Type() == errorType {
		ea, eb := "<nil>", "<nil>"
		if !a.IsNil() {
			ea = fmt.Sprintf("%T %v", a.Interface(), a.Interface())
		}
		if !b.IsNil() {
			eb = fmt.Sprintf("%T %v", b.Interface(), b.Interface())
		}
		if ea != eb {
			d.differ(path, ea, eb)
			return
		}
		d.values++
		return
	}
	switch a.Kind() {
	case reflect.Struct:
		for i := range a.NumField() {
			d.compare(path+"."+a.Type().Field(i).Name, a.Field(i), b.Field(i))
		}
	case reflect.Slice, reflect.Array:
		if a.Len() != b.Len() {
			d.differ(path+" length", a.Len(), b.Len())
			return
		}
		if a.Kind() == reflect.Slice && a.IsNil() != b.IsNil() {
			d.differ(path+" nil", a.IsNil(), b.IsNil())
			return
		}
		for i := range a.Len() {
			d.compare(fmt.Sprintf("%s[%d]", path, i), a.Index(i), b.Index(i))
		}
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				d.differ(path+" nil", a.IsNil(), b.IsNil())
			}
			return
		}
		d.compare(path, a.Elem(), b.Elem())
	case reflect.Map:
		if a.Len() != b.Len() {
			d.differ(path+" length", a.Len(), b.Len())
			return
		}
		for _, k := range a.MapKeys() {
			if !b.MapIndex(k).IsValid() {
				d.differ(fmt.Sprintf("%s[%v]", path, k), "present", "absent")
				continue
			}
			d.compare(fmt.Sprintf("%s[%v]", path, k), a.MapIndex(k), b.MapIndex(k))
		}
	case reflect.Float32, reflect.Float64:
		x, y := a.Float(), b.Float()
		if x != y && !(math.IsNaN(x) && math.IsNaN(y)) {
			d.differ(path, x, y)
			return
		}
		d.values++
	case reflect.String:
		if a.String() != b.String() {
			d.differ(path, a.String(), b.String())
			return
		}
		d.values++
	case reflect.Bool:
		if a.Bool() != b.Bool() {
			d.differ(path, a.Bool(), b.Bool())
			return
		}
		d.values++
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if a.Int() != b.Int() {
			d.differ(path, a.Int(), b.Int())
			return
		}
		d.values++
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if a.Uint() != b.Uint() {
			d.differ(path, a.Uint(), b.Uint())
			return
		}
		d.values++
	default:
		d.differ(path+" (kind not compared)", a.Kind(), b.Kind())
	}
}

// TestDifferentialStructured holds our decoder to the oracle on generated
// files shaped like the worst real ones: random definitions of the
// messages and fields the listener reads (and of others), in both
// endiannesses, with sizes that match their base types or not, base
// types that differ from the profile's (strings and bytes included),
// repeated fields, developer fields, compressed timestamp headers, and
// random values, invalid ones often.
func TestDifferentialStructured(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(15, 15))
	var values int
	const files = 400
	for i := range files {
		data := structuredFIT(rng)
		ours, lib := DecodeBytes(data, "s.fit"), libraryDecode(data, "s.fit")
		var d differ
		d.compare("File", reflect.ValueOf(ours).Elem(), reflect.ValueOf(lib).Elem())
		for _, diff := range d.diffs {
			t.Errorf("file %d: %s", i, diff)
		}
		if len(d.diffs) > 0 {
			os.WriteFile(filepath.Join(t.TempDir(), "s.fit"), data, 0o644)
			t.FailNow()
		}
		values += d.values
	}
	t.Logf("%d files, %d values compared", files, values)
}

// structuredFIT returns one generated FIT file (see
// TestDifferentialStructured).
func structuredFIT(rng *rand.Rand) []byte {
	// The fields each message may hold: the ones read, the timestamp, and
	// a few others.
	pool := map[uint16][]byte{}
	for _, e := range readFields {
		pool[e.mesg] = append(pool[e.mesg], e.num)
	}
	for _, u := range unknownRead {
		pool[u.mesg] = append(pool[u.mesg], u.num)
	}
	mesgs := append([]uint16{23, 49, 207, 0xFF01}, readMesgs...)
	bts := fitBaseTypes[:]
	var body []byte
	if rng.IntN(4) > 0 { // a file_id first, type activity
		body = append(body, 0x40, 0, 0, 0, 0, 1, 0, 1, 0x00, 0x00, 4)
	}
	type def struct {
		size  int
		big   bool
		sizes []int // of each field, developer fields included
	}
	var defs [16]*def
	for range 1 + rng.IntN(12) {
		local := byte(rng.IntN(16))
		if rng.IntN(2) == 0 {
			local = byte(rng.IntN(4)) // reachable by compressed headers
		}
		global := mesgs[rng.IntN(len(mesgs))]
		if rng.IntN(3) > 0 {
			global = []uint16{mesgRecord, mesgRecord, mesgHR, mesgHRV, mesgSession, mesgLap, mesgEvent}[rng.IntN(7)]
		}
		big := rng.IntN(3) == 0
		dev := rng.IntN(6) == 0
		h := 0x40 | local
		if dev {
			h |= 0x20
		}
		arch := byte(0)
		if big {
			arch = 1
		}
		g := []byte{byte(global), byte(global >> 8)}
		if big {
			g[0], g[1] = g[1], g[0]
		}
		nums := append(append([]byte(nil), pool[global]...), fieldTimestamp, fieldTimestamp, 100, 251)
		// Half the definitions pick their fields without repeats, as
		// devices write them; the others with.
		var picked []byte
		if rng.IntN(2) == 0 {
			rng.Shuffle(len(nums), func(i, j int) { nums[i], nums[j] = nums[j], nums[i] })
			picked = nums[:rng.IntN(len(nums)+1)]
		} else {
			for range rng.IntN(12) {
				picked = append(picked, nums[rng.IntN(len(nums))])
			}
		}
		nf := len(picked)
		body = append(body, h, 0, arch, g[0], g[1], byte(nf))
		d := &def{big: big}
		for _, num := range picked {
			var bt byte
			if sp := readSpecs[global]; sp != nil && sp.known[num] != nil && rng.IntN(4) > 0 {
				bt = sp.known[num].bt
			} else if num == fieldTimestamp && rng.IntN(2) == 0 {
				bt = btUint32
			} else {
				bt = bts[rng.IntN(len(bts))]
			}
			size := baseTypeSize(bt)
			switch rng.IntN(8) {
			case 0:
				size = 1 + rng.IntN(9)
			case 1:
				size *= 1 + rng.IntN(15)
			case 2:
				size = 0
			}
			if rng.IntN(20) == 0 {
				bt &^= 0x80 // the endian bit cleared, repaired by the framing pass
			}
			body = append(body, num, byte(size), bt)
			d.size += size
			d.sizes = append(d.sizes, size)
		}
		if dev {
			nd := 1 + rng.IntN(3)
			body = append(body, byte(nd))
			for range nd {
				size := 1 + rng.IntN(6)
				body = append(body, byte(rng.IntN(4)), byte(size), 0)
				d.size += size
				d.sizes = append(d.sizes, size)
			}
		}
		defs[local] = d
		for range rng.IntN(25) {
			var hdr byte
			if local < 4 && rng.IntN(3) == 0 {
				hdr = 0x80 | local<<5 | byte(rng.IntN(32))
			} else {
				hdr = local
			}
			body = append(body, hdr)
			for _, size := range d.sizes {
				// Each field invalid, zero, a small number (most values
				// within their physical ranges), or random bytes.
				v := make([]byte, size)
				switch rng.IntN(6) {
				case 0:
					for i := range v {
						v[i] = 0xFF
					}
				case 1:
				case 2, 3, 4:
					x := uint32(rng.IntN(4000))
					for i := range min(size, 4) {
						k := i
						if d.big {
							k = min(size, 4) - 1 - i
						}
						v[k] = byte(x >> (8 * i))
					}
				default:
					for i := range v {
						v[i] = byte(rng.Uint32())
					}
				}
				body = append(body, v...)
			}
		}
	}
	return fitStream(body)
}
