package fitparse

import (
	"math"
	"unicode/utf8"
)

// This file is the decoded form of one FIT data message as the listener
// reads it: its fields in definition order (a compressed timestamp first,
// expanded components last), each with the value the FIT library would
// give it. One message value is reused for every message of a decode.

// valueType is the type of a field's value, as the FIT library's
// proto.Value types it.
type valueType uint8

const (
	vNone valueType = iota
	vBool
	vInt8
	vUint8
	vInt16
	vUint16
	vInt32
	vUint32
	vInt64
	vUint64
	vFloat32
	vFloat64
	vString
	vSliceUint8
	vSliceUint16
	vSliceUint32
	vSliceOther // any other array (signed, 64-bit, float, bool, strings)
)

// field is one field of a decoded message. It holds no pointer, so that
// filling the reused message costs no write barrier.
type field struct {
	Num byte
	typ valueType
	// bt is the base type the value was read as; scale and offset are
	// its profile's (1 and 0 for a field the profile does not define).
	bt            byte
	scale, offset float64
	// u holds a scalar value: the unsigned integer of the value's width
	// (two's complement for signed types, the IEEE bits for floats).
	u uint64
	// The elements of a vSliceUint8/16/32 value are message.vals[vi:vi+vn];
	// the bytes of a vString value are message.body[vi:vi+vn].
	vi, vn uint32
}

// message is one decoded data message.
type message struct {
	Num    uint16
	Fields []field
	// body is the message's bytes after its header; vals holds the
	// elements of its array fields.
	body []byte
	vals []uint32
}

// elems returns the elements of an array field.
func (m *message) elems(f *field) []uint32 {
	return m.vals[f.vi : f.vi+f.vn : f.vi+f.vn]
}

// num returns a numeric field in its profile units (scale and offset
// applied), or NaN when the field holds its 'invalid' value or is not a
// single number.
func num(f *field) float64 {
	bt := f.bt
	var x float64
	switch f.typ {
	case vUint8:
		u := uint8(f.u)
		if u == math.MaxUint8 && bt != btUint8z || u == 0 && bt == btUint8z {
			return nan
		}
		x = float64(u)
	case vInt8:
		u := int8(f.u)
		if u == math.MaxInt8 {
			return nan
		}
		x = float64(u)
	case vUint16:
		u := uint16(f.u)
		if u == math.MaxUint16 && bt != btUint16z || u == 0 && bt == btUint16z {
			return nan
		}
		x = float64(u)
	case vInt16:
		u := int16(f.u)
		if u == math.MaxInt16 {
			return nan
		}
		x = float64(u)
	case vUint32:
		u := uint32(f.u)
		if u == math.MaxUint32 && bt != btUint32z || u == 0 && bt == btUint32z {
			return nan
		}
		x = float64(u)
	case vInt32:
		u := int32(f.u)
		if u == math.MaxInt32 {
			return nan
		}
		x = float64(u)
	case vFloat32:
		if uint32(f.u) == math.MaxUint32 {
			return nan
		}
		x = float64(math.Float32frombits(uint32(f.u)))
		if math.IsInf(x, 0) {
			return nan
		}
	case vFloat64:
		if f.u == math.MaxUint64 {
			return nan
		}
		x = math.Float64frombits(f.u)
		if math.IsInf(x, 0) {
			return nan
		}
	case vUint64:
		if bt == btUint64z && f.u == 0 || bt != btUint64z && f.u == math.MaxUint64 {
			return nan
		}
		x = float64(f.u)
	case vInt64:
		if int64(f.u) == math.MaxInt64 {
			return nan
		}
		x = float64(int64(f.u))
	default:
		return nan
	}
	if s := f.scale; s != 1 && s != 0 {
		x /= s
	}
	return x - f.offset
}

// heartRate returns a heart-rate field in bpm. 0 bpm is what devices write
// when no sensor is connected (Zwift, trainers, the SDK's own samples); it
// reads as not recorded, as in Garmin's SDK counts.
func heartRate(f *field) float64 {
	x := num(f)
	if x <= 0 {
		return nan
	}
	return x
}

// slice returns an array field's elements in profile units, invalid
// elements as NaN; nil when the field is not an array of numbers or holds
// no valid element.
func slice(m *message, f *field) []float64 {
	var invalid uint32
	switch f.typ {
	case vSliceUint8:
		invalid = math.MaxUint8
	case vSliceUint16:
		invalid = math.MaxUint16
	case vSliceUint32:
		invalid = math.MaxUint32
	default:
		if x := num(f); !math.IsNaN(x) {
			return []float64{x}
		}
		return nil
	}
	scale, offset := f.scale, f.offset
	vals := m.elems(f)
	if scale == 0 {
		scale = 1
	}
	valid := false
	for _, u := range vals {
		if u != invalid {
			valid = true
			break
		}
	}
	if !valid {
		return nil
	}
	out := make([]float64, len(vals))
	for i, u := range vals {
		if u != invalid {
			out[i] = float64(u)/scale - offset
		} else {
			out[i] = nan
		}
	}
	return out
}

// u8 returns a single-byte field (enum, uint8) and whether it is valid.
func u8(f *field) (uint8, bool) {
	if f.typ != vUint8 {
		return 0, false
	}
	u := uint8(f.u)
	return u, u != math.MaxUint8
}

// u16 returns a uint16 field and whether it is valid.
func u16(f *field) (uint16, bool) {
	if f.typ != vUint16 {
		return 0, false
	}
	u := uint16(f.u)
	return u, u != math.MaxUint16
}

// u32 returns a uint32 field and whether it is valid.
func u32(f *field) (uint32, bool) {
	if f.typ != vUint32 {
		return 0, false
	}
	u := uint32(f.u)
	return u, u != math.MaxUint32
}

// text returns a string field as the FIT library reads it (see
// utf8String), and whether the field is a string.
func text(m *message, f *field) (string, bool) {
	if f.typ != vString {
		return "", false
	}
	return utf8String(m.body[f.vi : f.vi+f.vn]), true
}

// utf8String is b up to its first NUL, with every byte that is not valid
// UTF-8 (and every U+FFFD) left out, as the FIT library reads a string.
func utf8String(b []byte) string {
	buf := make([]byte, 0, len(b))
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == 0 {
			break
		}
		if r != utf8.RuneError {
			buf = utf8.AppendRune(buf, r)
		}
		b = b[size:]
	}
	return string(buf)
}
