package fitparse

import (
	"bytes"
	"encoding/binary"
	"math"
	"testing"
	"time"

	"github.com/muktihari/fit/decoder"
	"github.com/muktihari/fit/encoder"
	"github.com/muktihari/fit/kit/hash/crc16"
	"github.com/muktihari/fit/profile"
	"github.com/muktihari/fit/profile/basetype"
	"github.com/muktihari/fit/profile/factory"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/proto"
)

// This file builds FIT files with the FIT library's encoder, for tests that
// need exact control of what a file holds: small synthetic ones, and real
// files decoded into messages, changed and encoded again at test time (the
// real files' bytes are never committed).

// fv is one field of a test message: its number and its raw value, typed
// as the profile's base type (uint8 for enum and uint8, uint16, []uint16,
// string, ...).
type fv struct {
	num byte
	v   any
}

// mesg builds a message; fields the profile does not know get the base
// type of their Go value.
func mesg(num typedef.MesgNum, fields ...fv) proto.Message {
	m := proto.Message{Num: num}
	for _, f := range fields {
		field := factory.CreateField(num, f.num)
		if field.Name == factory.NameUnknown {
			field.FieldBase = &proto.FieldBase{Name: factory.NameUnknown, Num: f.num, Scale: 1, BaseType: baseTypeOf(f.v)}
		}
		m.Fields = append(m.Fields, field.WithValue(f.v))
	}
	return m
}

func baseTypeOf(v any) basetype.BaseType {
	switch v.(type) {
	case uint8, []uint8:
		return basetype.Uint8
	case int8:
		return basetype.Sint8
	case uint16, []uint16:
		return basetype.Uint16
	case int16:
		return basetype.Sint16
	case uint32, []uint32:
		return basetype.Uint32
	case int32:
		return basetype.Sint32
	case string:
		return basetype.String
	}
	return basetype.Byte
}

// encodeFIT encodes the messages as one FIT file with a 14-byte header,
// in protocol version 2.0 when a message has developer fields (1.0 has
// none), else 1.0.
func encodeFIT(tb testing.TB, msgs ...proto.Message) []byte {
	tb.Helper()
	var buf bytes.Buffer
	var opts []encoder.Option
	for i := range msgs {
		if len(msgs[i].DeveloperFields) > 0 {
			opts = append(opts, encoder.WithProtocolVersion(proto.V2))
			break
		}
	}
	enc := encoder.New(&buf, opts...)
	if err := enc.Encode(&proto.FIT{Messages: msgs}); err != nil {
		tb.Fatalf("encode: %v", err)
	}
	return buf.Bytes()
}

// decodeMessages decodes a valid FIT file into its messages with the FIT
// library, components left unexpanded, so that encodeFIT writes them back
// as the file holds them. Every message owns its fields.
func decodeMessages(tb testing.TB, data []byte) []proto.Message {
	tb.Helper()
	var msgs []proto.Message
	dec := decoder.New(bytes.NewReader(data), decoder.WithNoComponentExpansion())
	for dec.Next() {
		fit, err := dec.Decode()
		if err != nil {
			tb.Fatalf("decode: %v", err)
		}
		msgs = append(msgs, fit.Messages...)
	}
	return msgs
}

// shiftDateTimes subtracts d seconds from every valid date_time field of
// msgs (the timestamp of every message, start_time, time_created, ...) and,
// when local is set, from every local_date_time field, in place: what a
// device whose clock was never set would have written. It returns the
// smallest and the largest value it wrote.
func shiftDateTimes(msgs []proto.Message, d uint32, local bool) (lo, hi uint32) {
	lo = math.MaxUint32
	for i := range msgs {
		for j := range msgs[i].Fields {
			f := &msgs[i].Fields[j]
			if !isDateTime(f, local) {
				continue
			}
			u := f.Value.Uint32()
			if u < d {
				continue
			}
			u -= d
			f.Value = proto.Uint32(u)
			lo, hi = min(lo, u), max(hi, u)
		}
	}
	return lo, hi
}

// isDateTime reports whether f is a valid date_time (a timestamp, in every
// message, also in those the profile does not know) or, when local is
// set, a valid local_date_time.
func isDateTime(f *proto.Field, local bool) bool {
	is := f.Num == proto.FieldNumTimestamp || f.Type == profile.DateTime || local && f.Type == profile.LocalDateTime
	return is && f.Value.Type() == proto.TypeUint32 && f.Value.Uint32() != math.MaxUint32
}

// minDateTime returns the smallest valid value of the fields that
// shiftDateTimes would move.
func minDateTime(msgs []proto.Message, local bool) uint32 {
	lo := uint32(math.MaxUint32)
	for i := range msgs {
		for j := range msgs[i].Fields {
			f := &msgs[i].Fields[j]
			if isDateTime(f, local) {
				lo = min(lo, f.Value.Uint32())
			}
		}
	}
	return lo
}

// fitTS returns t as a FIT date_time value.
func fitTS(t time.Time) uint32 { return uint32(t.Unix() - fitEpoch) }

// testStart is the start time of the synthetic activities.
var testStart = time.Date(2024, 5, 4, 7, 30, 0, 0, time.UTC)

// syntheticActivity returns the messages of a small run: file_id, a
// paused record stream with heart rate, hrv messages with padding, timer
// events, laps, a session with Garmin's extra fields, user_profile,
// time_in_zone, weather, message 140 and activity.
func syntheticActivity() []proto.Message {
	ts := func(sec int) uint32 { return fitTS(testStart.Add(time.Duration(sec) * time.Second)) }
	msgs := []proto.Message{
		mesg(typedef.MesgNumFileId,
			fv{0, uint8(typedef.FileActivity)}, fv{1, uint16(typedef.ManufacturerGarmin)},
			fv{2, uint16(typedef.GarminProductFr955)}, fv{3, uint32(3456789)}, fv{4, ts(0)}),
		mesg(typedef.MesgNumUserProfile, fv{1, uint8(typedef.GenderFemale)}, fv{2, uint8(34)},
			fv{3, uint8(168)}, fv{4, uint16(585)}, fv{8, uint8(48)}, fv{11, uint8(188)}),
		mesg(typedef.MesgNumEvent, fv{253, ts(0)}, fv{0, uint8(typedef.EventTimer)}, fv{1, uint8(typedef.EventTypeStart)}),
	}
	for i := 0; i < 10; i++ {
		if i == 5 {
			msgs = append(msgs,
				mesg(typedef.MesgNumEvent, fv{253, ts(5)}, fv{0, uint8(typedef.EventTimer)}, fv{1, uint8(typedef.EventTypeStopAll)}),
				mesg(typedef.MesgNumEvent, fv{253, ts(20)}, fv{0, uint8(typedef.EventTimer)}, fv{1, uint8(typedef.EventTypeStart)}))
		}
		sec := i
		if i >= 5 {
			sec = i + 15
		}
		hr := uint8(120 + i)
		if i == 3 {
			hr = 0xFF // not recorded
		}
		msgs = append(msgs,
			mesg(typedef.MesgNumRecord, fv{253, ts(sec)}, fv{3, hr}, fv{6, uint16(3000 + 10*i)},
				fv{5, uint32(300 * i)}, fv{2, uint16((100 + 500) * 5)}),
			mesg(typedef.MesgNumHrv, fv{0, []uint16{500, 510, 0xFFFF, 0xFFFF, 0xFFFF}}))
	}
	msgs = append(msgs,
		mesg(typedef.MesgNumEvent, fv{253, ts(25)}, fv{0, uint8(typedef.EventTimer)}, fv{1, uint8(typedef.EventTypeStopAll)}),
		mesg(typedef.MesgNumLap, fv{253, ts(25)}, fv{2, ts(0)}, fv{7, uint32(25000)}, fv{8, uint32(10000)},
			fv{9, uint32(270000)}, fv{15, uint8(125)}, fv{16, uint8(129)}, fv{23, uint8(typedef.IntensityActive)}),
		mesg(typedef.MesgNumTimeInZone, fv{253, ts(25)}, fv{0, uint16(typedef.MesgNumSession)},
			fv{2, []uint32{1000, 9000, 0, 0, 0}}, fv{6, []uint8{100, 120, 140, 160, 188}},
			fv{10, uint8(typedef.HrZoneCalcPercentMaxHr)}, fv{11, uint8(188)}, fv{12, uint8(0)}, fv{13, uint8(170)}),
		mesg(typedef.MesgNumWeatherConditions, fv{253, ts(25)}, fv{1, int8(-3)}, fv{7, uint8(81)}),
		mesg(typedef.MesgNumSession, fv{253, ts(25)}, fv{2, ts(0)},
			fv{5, uint8(typedef.SportRunning)}, fv{6, uint8(typedef.SubSportTrail)},
			fv{7, uint32(25000)}, fv{8, uint32(10000)}, fv{9, uint32(270000)}, fv{11, uint16(42)},
			fv{16, uint8(125)}, fv{17, uint8(129)}, fv{124, uint32(3050)}, fv{125, uint32(3090)},
			fv{24, uint8(31)}, fv{137, uint8(12)}, fv{168, int32(45 * 65536)},
			fv{178, uint16(640)}, fv{192, uint8(75)}, fv{193, uint8(60)},
			fv{57, int8(18)}, fv{58, int8(21)}, fv{65, []uint32{1000, 9000, 0, 0, 0}},
			fv{25, uint16(0)}, fv{26, uint16(1)}),
		mesg(140, fv{253, ts(25)}, fv{4, uint8(31)}, fv{7, uint32(917504)}, fv{9, uint16(720)}),
		mesg(typedef.MesgNumActivity, fv{253, ts(25)}, fv{5, ts(25) + 7200}),
	)
	return msgs
}

// clearEndianBits returns a copy of a valid FIT file in which every field
// definition's base type has lost its endian bit (0x86 becomes 6), as some
// tools write them, with the CRCs recomputed so that the file is otherwise
// valid. It also returns how many definitions it changed.
func clearEndianBits(tb testing.TB, data []byte) ([]byte, int) {
	tb.Helper()
	out := bytes.Clone(data)
	changed := 0
	for p := 0; p+12 <= len(out); {
		hs := int(out[p])
		end := p + hs + int(binary.LittleEndian.Uint32(out[p+4:p+8]))
		var sizes [16]int
		for q := p + hs; q < end; {
			h := out[q]
			if h&0xC0 != 0x40 {
				local := h & 0x0F
				if h&0x80 != 0 {
					local = (h >> 5) & 3
				}
				q += 1 + sizes[local]
				continue
			}
			nf, size := int(out[q+5]), 0
			for i := 0; i < nf; i++ {
				fd := q + 6 + 3*i
				if out[fd+2]&0x80 != 0 {
					out[fd+2] &^= 0x80
					changed++
				}
				size += int(out[fd+1])
			}
			q += 6 + 3*nf
			if h&0x20 != 0 {
				nd := int(out[q])
				for i := 0; i < nd; i++ {
					size += int(out[q+1+3*i+1])
				}
				q += 1 + 3*nd
			}
			sizes[h&0x0F] = size
		}
		if hs == 14 && (out[p+12] != 0 || out[p+13] != 0) {
			binary.LittleEndian.PutUint16(out[p+12:], crc(out[p:p+12]))
		}
		binary.LittleEndian.PutUint16(out[end:], crc(out[p:end]))
		p = end + 2
	}
	return out, changed
}

func crc(b []byte) uint16 {
	h := crc16.New()
	h.Write(b)
	return h.Sum16()
}
