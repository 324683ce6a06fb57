package analysis

// This file holds the encoding of a FileSummary for a cache of summaries:
// what Summarize or Count returns for a file, kept on disk so that a later
// run decodes it instead of the file and prints the same bytes.
//
// The encoding is compact and exact. It is driven by the Go types: a plan
// (a codec per type, built once from reflection, reading and writing each
// field in place through its offset) walks a FileSummary field by field in
// declaration order, with no type description and no field names in the
// blob:
//
//   - integers are varints (signed ones zigzag);
//   - a float is a header byte and the leading bytes of its IEEE bits, up
//     to the last that is not zero, so that the round numbers devices
//     record take three or four bytes, NaN (fitparse's "not recorded") and
//     0 one; every bit is kept;
//   - a string is its length and its bytes; a slice is its length plus one
//     (0 for nil) and its elements; a pointer a 0 (nil) or 1 byte and its
//     value;
//   - a time is its tag and nanoseconds in one uvarint, then its Unix
//     seconds: the zero time, UTC, time.Local, or a fixed zone with its
//     name and offset;
//   - an error is its message (0 for nil).
//
// Some fields are encoded by name (summaryField): FileSummary.Path is not
// stored, and the messages and DeviceValues.Path that start with it store
// only the rest, marked, so that DecodeSummary can name the file as it is
// found now; Measures.HRHist, the same slice as Structure.HRHist after
// Summarize, is stored once; and what Build fills in (Checks, Metrics,
// Plans) is stored as absent.

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"reflect"
	"strings"
	"sync"
	"time"
	"unsafe"
)

// SummaryVersion names what [Summarize] and [Count] return and how
// [EncodeSummary] writes it. A cache must never use an entry written under
// another version.
//
// Bump it with any change that could make a cached summary differ from what
// Summarize or Count would now return for the same file: a change to
// fitparse's decoding, to Summarize or Count or the functions they call,
// to the types a FileSummary holds, or to this encoding. TestSummaryVersion
// fails when the summaries of testdata/block change while it stays the
// same.
const SummaryVersion = "2"

// summaryFormat is the first byte of every encoding: DecodeSummary
// refuses data that does not start with it.
const summaryFormat = 1

// EncodeSummary returns the encoding of f, a result of [Summarize] or
// [Count], for a cache of summaries; [DecodeSummary] reads it back. It
// takes about a kilobyte for an activity file, ten for hours of RR
// intervals.
//
// f.Path is not stored. The messages of f.Err and f.Warnings that start
// with it, and DeviceValues[i].Path, are stored relative to it, so that the
// decoded summary names the file where it is found then.
//
// It returns an error for what Summarize and Count never return: a session
// with what [Build] decides and computes (Checks, Metrics, Plans; a built
// summary must not be cached by mistake), or a time in a location other
// than UTC, time.Local or a fixed zone (time.FixedZone). It also returns
// one when the types of FileSummary hold a kind the encoding does not
// handle (a map, a channel, a function, an interface other than error),
// which TestSummaryCodecPlan reports first.
func EncodeSummary(f *FileSummary) ([]byte, error) {
	c, err := summaryCodec()
	if err != nil {
		return nil, err
	}
	if err := checkSummarized(f); err != nil {
		return nil, err
	}
	e := encoder{buf: make([]byte, 1, 1024), path: f.Path}
	e.buf[0] = summaryFormat
	c.enc(&e, unsafe.Pointer(f))
	if e.err != nil {
		return nil, fmt.Errorf("%s: summary not encoded: %w", f.Path, e.err)
	}
	return e.buf, nil
}

// DecodeSummary returns the FileSummary that data, written by
// [EncodeSummary], holds. Its Path is path, which also replaces the encoded
// summary's path where that started a message of Err or Warnings and in
// DeviceValues[i].Path: the same content may be found under another name (a
// moved or copied file).
//
// Every value is as it was encoded: the bits of each float (NaN payloads
// included), nil and empty slices, nil pointers, the Status, times (the
// instant, and the location: UTC and time.Local as such, a fixed zone with
// the same name and offset; a monotonic clock reading is not kept). The
// exception is errors: Err and each warning are plain errors with the same
// message, so errors.Is and errors.As no longer find fitparse's sentinels
// and types in them. [FileSummary.IsDuplicate], for one, is false for a
// decoded file skipped as a duplicate (fitparse.ErrDuplicate): a caller that
// needs them must not cache such a summary (Status tells the Failed and
// Skipped ones apart).
//
// Data that is not such an encoding (a corrupt cache) gives an error that
// names path and the byte offset; DecodeSummary never panics on it, and
// checks every length against the bytes left before it allocates, so that
// it allocates no more than a small multiple of len(data) (about 20 times
// for a slice of sessions; TestDecodeSummaryAllocs holds it under 64).
func DecodeSummary(data []byte, path string) (FileSummary, error) {
	c, err := summaryCodec()
	if err != nil {
		return FileSummary{}, err
	}
	if len(data) == 0 || data[0] != summaryFormat {
		return FileSummary{}, fmt.Errorf("%s: cached summary: not an encoding of format %d", path, summaryFormat)
	}
	d := decoder{data: data, pos: 1, path: path}
	var s FileSummary
	c.dec(&d, unsafe.Pointer(&s))
	if d.err == nil && d.left() > 0 {
		d.fail("%d bytes after the summary", d.left())
	}
	if d.err != nil {
		return FileSummary{}, d.err
	}
	s.Path = path
	return s, nil
}

// checkSummarized returns an error when a session of f holds what Build
// decides (Checks, Plans) or computes (Metrics other than the NaN loads
// Summarize sets).
func checkSummarized(f *FileSummary) error {
	for i := range f.Sessions {
		s := &f.Sessions[i]
		what := ""
		switch {
		case !reflect.ValueOf(&s.Checks).Elem().IsZero():
			what = "checks"
		case !reflect.ValueOf(&s.Plans).Elem().IsZero():
			what = "plans"
		case metricsState(&s.Metrics) < 0:
			what = "metrics"
		default:
			continue
		}
		return fmt.Errorf("%s: summary not encoded: session %d holds Build's %s (only what Summarize or Count returns is cached)", f.Path, i, what)
	}
	return nil
}

// Metrics states: zero, or as Summarize leaves them (the loads NaN).
const (
	metricsZero = iota
	metricsSummarized
)

// metricsState returns metricsZero or metricsSummarized for m, and -1 when
// m holds anything else (Build's metrics).
func metricsState(m *Metrics) int {
	c := *m
	loads, n := summarizedLoads(&c), 0
	for _, v := range loads {
		if math.Float64bits(*v) == math.Float64bits(nan) {
			*v = 0
			n++
		}
	}
	switch {
	case !reflect.ValueOf(&c).Elem().IsZero():
		return -1
	case n == 0:
		return metricsZero
	case n == len(loads):
		return metricsSummarized
	}
	return -1
}

// summarizedLoads returns the fields of m that Summarize sets to NaN.
func summarizedLoads(m *Metrics) [4]*float64 {
	return [4]*float64{&m.SRPE, &m.TRIMP, &m.HRSS, &m.Edwards}
}

// codec encodes and decodes the values of one type in place, through a
// pointer to the value.
type codec struct {
	enc func(e *encoder, p unsafe.Pointer)
	dec func(d *decoder, p unsafe.Pointer)
	// min is the fewest bytes an encoded value takes: the decoder checks
	// a length against it before it allocates.
	min int
}

// summaryCodec returns the codec of FileSummary, built once.
var summaryCodec = sync.OnceValues(func() (*codec, error) {
	pl := planner{done: map[reflect.Type]*codec{}, busy: map[reflect.Type]bool{}}
	c, err := pl.plan(reflect.TypeFor[FileSummary](), "FileSummary")
	if err != nil {
		return nil, fmt.Errorf("analysis: summary encoding: %w", err)
	}
	return c, nil
})

// planner builds codecs, each type's once.
type planner struct {
	done map[reflect.Type]*codec
	busy map[reflect.Type]bool
}

// plan returns the codec of t; where names the field it was reached by,
// for errors.
func (pl *planner) plan(t reflect.Type, where string) (*codec, error) {
	if c, ok := pl.done[t]; ok {
		return c, nil
	}
	if pl.busy[t] {
		return nil, fmt.Errorf("%s (%s): recursive type", where, t)
	}
	pl.busy[t] = true
	defer delete(pl.busy, t)
	c, err := pl.build(t, where)
	if err != nil {
		return nil, err
	}
	pl.done[t] = c
	return c, nil
}

var (
	timeType  = reflect.TypeFor[time.Time]()
	errorType = reflect.TypeFor[error]()
)

func (pl *planner) build(t reflect.Type, where string) (*codec, error) {
	switch t {
	case timeType:
		return timeCodec, nil
	case errorType:
		return errorCodec, nil
	}
	switch t.Kind() {
	case reflect.Bool:
		return boolCodec, nil
	case reflect.Int:
		return signed[int](), nil
	case reflect.Int8:
		return signed[int8](), nil
	case reflect.Int16:
		return signed[int16](), nil
	case reflect.Int32:
		return signed[int32](), nil
	case reflect.Int64:
		return signed[int64](), nil
	case reflect.Uint:
		return unsigned[uint](), nil
	case reflect.Uint8:
		return unsigned[uint8](), nil
	case reflect.Uint16:
		return unsigned[uint16](), nil
	case reflect.Uint32:
		return unsigned[uint32](), nil
	case reflect.Uint64:
		return unsigned[uint64](), nil
	case reflect.Float32:
		return float32Codec, nil
	case reflect.Float64:
		return float64Codec, nil
	case reflect.String:
		return stringCodec, nil
	case reflect.Slice:
		return pl.slice(t, where)
	case reflect.Array:
		return pl.array(t, where)
	case reflect.Pointer:
		return pl.pointer(t, where)
	case reflect.Struct:
		return pl.structure(t, where)
	}
	return nil, fmt.Errorf("%s (%s): %s is not supported", where, t, t.Kind())
}

// slice returns the codec of slice type t: its length plus one (0 for
// nil), then its elements.
func (pl *planner) slice(t reflect.Type, where string) (*codec, error) {
	ec, err := pl.plan(t.Elem(), where+"[]")
	if err != nil {
		return nil, err
	}
	size, min := t.Elem().Size(), max(ec.min, 1)
	return &codec{
		min: 1,
		enc: func(e *encoder, p unsafe.Pointer) {
			v := reflect.NewAt(t, p).Elem()
			if v.IsNil() {
				e.uvarint(0)
				return
			}
			n := v.Len()
			e.uvarint(uint64(n) + 1)
			base := v.UnsafePointer()
			for i := range n {
				ec.enc(e, unsafe.Add(base, uintptr(i)*size))
			}
		},
		dec: func(d *decoder, p unsafe.Pointer) {
			n, ok := d.count(min)
			if !ok {
				return
			}
			v := reflect.MakeSlice(t, n, n)
			reflect.NewAt(t, p).Elem().Set(v)
			base := v.UnsafePointer()
			for i := 0; i < n && d.err == nil; i++ {
				ec.dec(d, unsafe.Add(base, uintptr(i)*size))
			}
		},
	}, nil
}

// array returns the codec of array type t: its elements.
func (pl *planner) array(t reflect.Type, where string) (*codec, error) {
	ec, err := pl.plan(t.Elem(), where+"[]")
	if err != nil {
		return nil, err
	}
	size, n := t.Elem().Size(), t.Len()
	return &codec{
		min: n * ec.min,
		enc: func(e *encoder, p unsafe.Pointer) {
			for i := range n {
				ec.enc(e, unsafe.Add(p, uintptr(i)*size))
			}
		},
		dec: func(d *decoder, p unsafe.Pointer) {
			for i := range n {
				ec.dec(d, unsafe.Add(p, uintptr(i)*size))
			}
		},
	}, nil
}

// pointer returns the codec of pointer type t: 0 for nil, else 1 and the
// value pointed to.
func (pl *planner) pointer(t reflect.Type, where string) (*codec, error) {
	ec, err := pl.plan(t.Elem(), where)
	if err != nil {
		return nil, err
	}
	return &codec{
		min: 1,
		enc: func(e *encoder, p unsafe.Pointer) {
			q := *(*unsafe.Pointer)(p)
			if q == nil {
				e.byte(0)
				return
			}
			e.byte(1)
			ec.enc(e, q)
		},
		dec: func(d *decoder, p unsafe.Pointer) {
			switch b := d.byte(); {
			case d.err != nil || b == 0:
			case b != 1:
				d.fail("pointer tag %d", b)
			case d.left() < ec.min:
				d.fail("%s in %d bytes", t.Elem(), d.left())
			default:
				q := reflect.New(t.Elem()).UnsafePointer()
				ec.dec(d, q)
				*(*unsafe.Pointer)(p) = q
			}
		},
	}, nil
}

// field is one field of a struct's codec: its offset and its codec's
// functions.
type field struct {
	off uintptr
	enc func(e *encoder, p unsafe.Pointer)
	dec func(d *decoder, p unsafe.Pointer)
}

// structure returns the codec of struct type t: its fields in declaration
// order, except those summaryField places last.
func (pl *planner) structure(t reflect.Type, where string) (*codec, error) {
	var fields, late []field
	min := 0
	for i := range t.NumField() {
		sf := t.Field(i)
		c, last, err := pl.summaryField(t, sf, where+"."+sf.Name)
		if err != nil {
			return nil, err
		}
		f := field{sf.Offset, c.enc, c.dec}
		if last {
			late = append(late, f)
		} else {
			fields = append(fields, f)
		}
		min += c.min
	}
	fields = append(fields, late...)
	return &codec{
		min: min,
		enc: func(e *encoder, p unsafe.Pointer) {
			for _, f := range fields {
				f.enc(e, unsafe.Add(p, f.off))
			}
		},
		dec: func(d *decoder, p unsafe.Pointer) {
			for _, f := range fields {
				f.dec(d, unsafe.Add(p, f.off))
			}
		},
	}, nil
}

// summaryField returns the codec of field sf of struct type t, and whether
// it goes after the struct's other fields. Most fields have the codec of
// their type; these are encoded by name:
//
//   - FileSummary.Path is not stored (DecodeSummary sets it);
//   - DeviceValues.Path is stored relative to the file's path;
//   - Checks and Plans of a SessionSummary are not stored (they are zero:
//     EncodeSummary refuses others), and Metrics is stored as its state
//     (zero, or as Summarize leaves it);
//   - Measures.HRHist is stored as "the same slice as Structure.HRHist"
//     when it is, after Structure.
func (pl *planner) summaryField(t reflect.Type, sf reflect.StructField, where string) (c *codec, last bool, err error) {
	switch {
	case t == reflect.TypeFor[FileSummary]() && sf.Name == "Path":
		return noCodec, false, nil
	case t == reflect.TypeFor[DeviceValues]() && sf.Name == "Path":
		return pathCodec, false, nil
	case t == reflect.TypeFor[SessionSummary]() && (sf.Name == "Checks" || sf.Name == "Plans"):
		return noCodec, false, nil
	case t == reflect.TypeFor[SessionSummary]() && sf.Name == "Metrics":
		return metricsCodec, false, nil
	case t == reflect.TypeFor[Measures]() && sf.Name == "HRHist":
		c, err := pl.histogram(t, sf, where)
		return c, true, err
	}
	c, err = pl.plan(sf.Type, where)
	return c, false, err
}

// histogram returns the codec of Measures.HRHist (field sf of t, a
// Measures): 1 when it is the same slice as Structure.HRHist (as Summarize
// leaves it, nil or not), else 0 and the slice. It is decoded after
// Structure.
func (pl *planner) histogram(t reflect.Type, sf reflect.StructField, where string) (*codec, error) {
	own, err := pl.plan(sf.Type, where)
	if err != nil {
		return nil, err
	}
	floats := func(t reflect.Type) bool { return t.Kind() == reflect.Slice && t.Elem() == reflect.TypeFor[float64]() }
	st, ok := t.FieldByName("Structure")
	var hist reflect.StructField
	if ok && st.Type.Kind() == reflect.Struct {
		hist, ok = st.Type.FieldByName("HRHist")
	}
	if !ok || !floats(sf.Type) || !floats(hist.Type) {
		return nil, fmt.Errorf("%s: not a []float64 beside a []float64 Structure.HRHist", where)
	}
	delta := int(st.Offset+hist.Offset) - int(sf.Offset)
	return &codec{
		min: 1,
		enc: func(e *encoder, p unsafe.Pointer) {
			a, b := *(*[]float64)(p), *(*[]float64)(unsafe.Add(p, delta))
			if len(a) == len(b) && cap(a) == cap(b) && unsafe.SliceData(a) == unsafe.SliceData(b) {
				e.byte(1)
				return
			}
			e.byte(0)
			own.enc(e, p)
		},
		dec: func(d *decoder, p unsafe.Pointer) {
			switch b := d.byte(); {
			case d.err != nil:
			case b == 0:
				own.dec(d, p)
			case b == 1:
				*(*[]float64)(p) = *(*[]float64)(unsafe.Add(p, delta))
			default:
				d.fail("histogram tag %d", b)
			}
		},
	}, nil
}

// noCodec stores nothing: the value decodes as zero.
var noCodec = &codec{
	enc: func(*encoder, unsafe.Pointer) {},
	dec: func(*decoder, unsafe.Pointer) {},
}

// metricsCodec stores a Metrics as its metricsState.
var metricsCodec = &codec{
	min: 1,
	enc: func(e *encoder, p unsafe.Pointer) {
		switch s := metricsState((*Metrics)(p)); s {
		case metricsZero, metricsSummarized:
			e.byte(byte(s))
		default:
			e.fail("a session holds Build's metrics")
		}
	},
	dec: func(d *decoder, p unsafe.Pointer) {
		switch b := d.byte(); {
		case d.err != nil || b == metricsZero:
		case b == metricsSummarized:
			for _, v := range summarizedLoads((*Metrics)(p)) {
				*v = nan
			}
		default:
			d.fail("metrics state %d", b)
		}
	},
}

var boolCodec = &codec{
	min: 1,
	enc: func(e *encoder, p unsafe.Pointer) {
		if *(*bool)(p) {
			e.byte(1)
		} else {
			e.byte(0)
		}
	},
	dec: func(d *decoder, p unsafe.Pointer) {
		switch b := d.byte(); {
		case d.err != nil:
		case b > 1:
			d.fail("bool %d", b)
		default:
			*(*bool)(p) = b == 1
		}
	},
}

// signed returns the codec of a signed integer type: a zigzag varint.
func signed[T int | int8 | int16 | int32 | int64]() *codec {
	return &codec{
		min: 1,
		enc: func(e *encoder, p unsafe.Pointer) { e.varint(int64(*(*T)(p))) },
		dec: func(d *decoder, p unsafe.Pointer) {
			v := d.varint()
			if int64(T(v)) != v {
				d.fail("integer %d out of range", v)
				return
			}
			*(*T)(p) = T(v)
		},
	}
}

// unsigned returns the codec of an unsigned integer type: a uvarint.
func unsigned[T uint | uint8 | uint16 | uint32 | uint64]() *codec {
	return &codec{
		min: 1,
		enc: func(e *encoder, p unsafe.Pointer) { e.uvarint(uint64(*(*T)(p))) },
		dec: func(d *decoder, p unsafe.Pointer) {
			v := d.uvarint()
			if uint64(T(v)) != v {
				d.fail("integer %d out of range", v)
				return
			}
			*(*T)(p) = T(v)
		},
	}
}

// A float is stored as a header byte and the leading bytes of its IEEE
// bits (sign and exponent first) up to the last that is not zero: the
// header is their count, or floatNaN for the NaN that means "not
// recorded" (math.NaN(), or its float32 conversion), which then takes one
// byte. A round number (a heart rate, a time in seconds) takes three or
// four bytes, 0 one, and any other value one more than its size.
const floatNaN = 9

var (
	nan64Bits = math.Float64bits(nan)
	nan32Bits = uint64(math.Float32bits(float32(nan))) << 32
)

// float appends b, the bits of a float aligned on the left (a float32's in
// the top half), or floatNaN for nanBits.
func (e *encoder) float(b, nanBits uint64) {
	if b == nanBits {
		e.byte(floatNaN)
		return
	}
	k := 8 - bits.TrailingZeros64(b)/8
	e.byte(byte(k))
	for i := range k {
		e.byte(byte(b >> (56 - 8*i)))
	}
}

// float reads what encoder.float wrote for a float of width bytes.
func (d *decoder) float(width int, nanBits uint64) uint64 {
	if d.pos >= len(d.data) {
		d.fail("unexpected end")
		return 0
	}
	k := int(d.data[d.pos])
	switch {
	case k == floatNaN:
		d.pos++
		return nanBits
	case k > width:
		d.fail("float header %d", k)
		return 0
	case k >= len(d.data)-d.pos:
		d.fail("float of %d bytes, %d left", k, len(d.data)-d.pos-1)
		return 0
	}
	raw := d.data[d.pos+1 : d.pos+1+k]
	d.pos += 1 + k
	switch {
	case k == 0:
		return 0
	case raw[k-1] == 0:
		d.fail("float with a trailing zero byte")
		return 0
	case k == 8:
		return binary.BigEndian.Uint64(raw)
	}
	var b uint64
	for i, x := range raw {
		b |= uint64(x) << (56 - 8*i)
	}
	return b
}

var float64Codec = &codec{
	min: 1,
	enc: func(e *encoder, p unsafe.Pointer) { e.float(math.Float64bits(*(*float64)(p)), nan64Bits) },
	dec: func(d *decoder, p unsafe.Pointer) { *(*float64)(p) = math.Float64frombits(d.float(8, nan64Bits)) },
}

var float32Codec = &codec{
	min: 1,
	enc: func(e *encoder, p unsafe.Pointer) { e.float(uint64(math.Float32bits(*(*float32)(p)))<<32, nan32Bits) },
	dec: func(d *decoder, p unsafe.Pointer) {
		*(*float32)(p) = math.Float32frombits(uint32(d.float(4, nan32Bits) >> 32))
	},
}

var stringCodec = &codec{
	min: 1,
	enc: func(e *encoder, p unsafe.Pointer) { e.string(*(*string)(p)) },
	dec: func(d *decoder, p unsafe.Pointer) { *(*string)(p) = d.string() },
}

// errorCodec stores an error as 0 (nil) or its message (message, after
// 1).
var errorCodec = &codec{
	min: 1,
	enc: func(e *encoder, p unsafe.Pointer) {
		err := *(*error)(p)
		if err == nil {
			e.uvarint(0)
			return
		}
		e.message(err.Error(), 1)
	},
	dec: func(d *decoder, p unsafe.Pointer) {
		if msg, ok := d.message(1); ok {
			*(*error)(p) = errors.New(msg)
		}
	},
}

// pathCodec stores a string that may start with the file's path as a
// message.
var pathCodec = &codec{
	min: 1,
	enc: func(e *encoder, p unsafe.Pointer) { e.message(*(*string)(p), 0) },
	dec: func(d *decoder, p unsafe.Pointer) {
		if s, ok := d.message(0); ok {
			*(*string)(p) = s
		}
	},
}

// The tags of a time, in the low two bits of its first uvarint (the
// nanoseconds are above them).
const (
	timeZero  = iota // the zero time.Time (UTC)
	timeUTC          // then the Unix seconds
	timeLocal        // then the Unix seconds; decoded in time.Local
	timeFixed        // then the Unix seconds, the zone's name and offset
)

// timeCodec stores a time as its tag and nanoseconds, its Unix seconds and
// for a fixed zone the zone's name and offset (seconds east of UTC).
var timeCodec = &codec{
	min: 1,
	enc: func(e *encoder, p unsafe.Pointer) {
		t := *(*time.Time)(p)
		ns := uint64(t.Nanosecond()) << 2
		switch loc := t.Location(); {
		case loc == time.UTC && t.IsZero():
			e.uvarint(timeZero)
		case loc == time.UTC:
			e.uvarint(ns | timeUTC)
			e.varint(t.Unix())
		case loc == time.Local:
			e.uvarint(ns | timeLocal)
			e.varint(t.Unix())
		default:
			name, offset := t.Zone()
			if loc.String() != name {
				e.fail("a time in location %q, not a fixed zone", loc)
				return
			}
			e.uvarint(ns | timeFixed)
			e.varint(t.Unix())
			e.string(name)
			e.varint(int64(offset))
		}
	},
	dec: func(d *decoder, p unsafe.Pointer) {
		v := d.uvarint()
		tag, ns := v&3, v>>2
		if ns >= 1e9 || tag == timeZero && ns != 0 {
			d.fail("time tag %d", v)
			return
		}
		if d.err != nil || tag == timeZero {
			return
		}
		t := time.Unix(d.varint(), int64(ns))
		switch tag {
		case timeUTC:
			t = t.UTC()
		case timeFixed:
			name, offset := d.string(), d.varint()
			if int64(int32(offset)) != offset {
				d.fail("zone offset %d", offset)
				return
			}
			t = t.In(time.FixedZone(name, int(offset)))
		}
		*(*time.Time)(p) = t
	},
}

// encoder appends an encoding to buf. path is the file's path; err is the
// first problem.
type encoder struct {
	buf  []byte
	path string
	err  error
}

func (e *encoder) fail(format string, args ...any) {
	if e.err == nil {
		e.err = fmt.Errorf(format, args...)
	}
}

func (e *encoder) byte(b byte)      { e.buf = append(e.buf, b) }
func (e *encoder) uvarint(v uint64) { e.buf = binary.AppendUvarint(e.buf, v) }
func (e *encoder) varint(v int64)   { e.buf = binary.AppendVarint(e.buf, v) }

func (e *encoder) string(s string) {
	e.uvarint(uint64(len(s)))
	e.buf = append(e.buf, s...)
}

// message appends s as a uvarint, bias plus twice the length of what
// follows plus 1 when s starts with the file's path (which is then left
// out), and the bytes of s after the path.
func (e *encoder) message(s string, bias uint64) {
	var mark uint64
	if e.path != "" && strings.HasPrefix(s, e.path) {
		s, mark = s[len(e.path):], 1
	}
	e.uvarint(bias + (uint64(len(s))<<1 | mark))
	e.buf = append(e.buf, s...)
}

// decoder reads an encoding from data, at pos; path is the file's path
// now. err is the first problem; after it every read returns zero. (pos
// is an index, not a reslicing of data: the decoder lives on the heap, and
// an index moves without a write barrier.)
type decoder struct {
	data []byte
	pos  int
	path string
	err  error
}

// left returns the number of bytes not read.
func (d *decoder) left() int { return len(d.data) - d.pos }

func (d *decoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("%s: cached summary: byte %d: %s", d.path, d.pos, fmt.Sprintf(format, args...))
		d.pos = len(d.data)
	}
}

func (d *decoder) byte() byte {
	if d.pos >= len(d.data) {
		d.fail("unexpected end")
		return 0
	}
	d.pos++
	return d.data[d.pos-1]
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.data[d.pos:])
	if n <= 0 {
		d.fail("bad or missing uvarint")
		return 0
	}
	d.pos += n
	return v
}

func (d *decoder) varint() int64 {
	v, n := binary.Varint(d.data[d.pos:])
	if n <= 0 {
		d.fail("bad or missing varint")
		return 0
	}
	d.pos += n
	return v
}

// take returns the next n bytes.
func (d *decoder) take(n uint64) []byte {
	if n > uint64(d.left()) {
		d.fail("%d bytes wanted, %d left", n, d.left())
		return nil
	}
	d.pos += int(n)
	return d.data[d.pos-int(n) : d.pos]
}

func (d *decoder) string() string { return string(d.take(d.uvarint())) }

// count reads a slice's length for elements of at least min bytes each;
// ok is false for a nil slice or an error.
func (d *decoder) count(min int) (n int, ok bool) {
	v := d.uvarint()
	if v == 0 || d.err != nil {
		return 0, false
	}
	if v-1 > uint64(d.left()/min) {
		d.fail("%d elements in %d bytes", v-1, d.left())
		return 0, false
	}
	return int(v - 1), true
}

// message reads what encoder.message wrote with bias; ok is false below
// the bias (a nil error) or on an error.
func (d *decoder) message(bias uint64) (s string, ok bool) {
	v := d.uvarint()
	if v < bias || d.err != nil {
		return "", false
	}
	v -= bias
	rest := d.take(v >> 1)
	if d.err != nil {
		return "", false
	}
	if v&1 == 1 {
		return d.path + string(rest), true
	}
	return string(rest), true
}
