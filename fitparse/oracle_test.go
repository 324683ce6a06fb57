package fitparse

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/muktihari/fit/decoder"
	"github.com/muktihari/fit/profile/factory"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/proto"
)

// This file is the oracle of the differential test: the decode path that
// bounceback used before it had a decoder of its own. It runs the same
// framing pass, then the FIT library's decoder (with its component
// expansion, sub-field substitution and accumulation), and hands every
// message to the same listener through an adapter that turns the
// library's proto.Message into our message. What the listener fills is
// then the File the library's reading gives.

// libraryDecode decodes data like DecodeBytes, the messages decoded by
// the FIT library.
func libraryDecode(data []byte, path string) (f *File) {
	f = &File{Path: path, Size: int64(len(data))}
	defer func() {
		if r := recover(); r != nil {
			*f = File{Path: path, Size: int64(len(data)), Status: Failed,
				Err: fmt.Errorf("%s: internal error while decoding: %v", path, r)}
		}
	}()
	fr := scanFrame(data, path)
	if fr.fatal != nil {
		f.Status, f.Err = Failed, fr.fatal
		return f
	}
	f.Warnings = append(f.Warnings, fr.damage...)

	l := newListener(context.Background(), f, fr)
	a := &libraryAdapter{l: l}
	dec := decoder.New(haltReader{l, bytes.NewReader(fr.data[:fr.end])},
		decoder.WithFactory(&fieldFactory{table: profileFields()}),
		decoder.WithMesgListener(a),
		decoder.WithBroadcastOnly(),
		decoder.WithIgnoreChecksum(),
		decoder.WithReadBufferSize(16<<10),
	)
	var decErr error
	for l.halted == nil && dec.Next() {
		if _, err := dec.Decode(); err != nil {
			decErr = err
			break
		}
	}
	switch {
	case l.halted != nil:
		off := messageOffset(fr.data[:fr.end], a.nmesg)
		if off < 0 {
			off = fr.end
		}
		f.Warnings = append(f.Warnings, &DecodeError{Path: path, Offset: int64(off),
			Err: &detailError{msg: l.halted.Error() + ": the rest is not decoded", err: l.halted}})
	case decErr != nil && !(fr.cut && (errors.Is(decErr, io.EOF) || errors.Is(decErr, io.ErrUnexpectedEOF))):
		off := messageOffset(fr.data[:fr.end], a.nmesg)
		if off < 0 {
			off = fr.end
		}
		f.Warnings = append(f.Warnings, &DecodeError{Path: path, Offset: int64(off),
			Err: &detailError{msg: libraryError(decErr), err: ErrCorrupt}})
	}
	l.finish()
	return f
}

// libraryError shortens an error of the FIT library to its last part.
func libraryError(err error) string {
	s := err.Error()
	if i := strings.LastIndex(s, "]: "); i >= 0 {
		s = s[i+3:]
	}
	return s
}

// haltReader fails once the listener halted, so that the FIT library
// stops within one read buffer of the halt.
type haltReader struct {
	l *listener
	r io.Reader
}

func (h haltReader) Read(p []byte) (int, error) {
	if h.l.halted != nil || h.l.check() {
		return 0, h.l.halted
	}
	return h.r.Read(p)
}

// libraryAdapter turns the library's messages into ours for the listener.
type libraryAdapter struct {
	l     *listener
	nmesg int
	msg   message
}

// OnMesg implements decoder.MesgListener.
func (a *libraryAdapter) OnMesg(pm proto.Message) {
	if a.l.check() {
		return
	}
	a.nmesg++
	m := &a.msg
	m.Num = uint16(pm.Num)
	m.Fields, m.vals, m.body = m.Fields[:0], m.vals[:0], m.body[:0]
	for i := range pm.Fields {
		pf := &pm.Fields[i]
		f := field{Num: pf.Num, bt: byte(pf.BaseType), scale: pf.Scale, offset: pf.Offset}
		v := pf.Value
		switch v.Type() {
		case proto.TypeBool:
			f.typ = vBool
		case proto.TypeInt8:
			f.typ, f.u = vInt8, uint64(uint8(v.Int8()))
		case proto.TypeUint8:
			f.typ, f.u = vUint8, uint64(v.Uint8())
		case proto.TypeInt16:
			f.typ, f.u = vInt16, uint64(uint16(v.Int16()))
		case proto.TypeUint16:
			f.typ, f.u = vUint16, uint64(v.Uint16())
		case proto.TypeInt32:
			f.typ, f.u = vInt32, uint64(uint32(v.Int32()))
		case proto.TypeUint32:
			f.typ, f.u = vUint32, uint64(v.Uint32())
		case proto.TypeInt64:
			f.typ, f.u = vInt64, uint64(v.Int64())
		case proto.TypeUint64:
			f.typ, f.u = vUint64, v.Uint64()
		case proto.TypeFloat32:
			f.typ, f.u = vFloat32, uint64(math.Float32bits(v.Float32()))
		case proto.TypeFloat64:
			f.typ, f.u = vFloat64, math.Float64bits(v.Float64())
		case proto.TypeString:
			s := v.String()
			f.typ, f.vi, f.vn = vString, uint32(len(m.body)), uint32(len(s))
			m.body = append(m.body, s...)
		case proto.TypeSliceUint8:
			f.typ, f.vi = vSliceUint8, uint32(len(m.vals))
			for _, u := range v.SliceUint8() {
				m.vals = append(m.vals, uint32(u))
			}
		case proto.TypeSliceUint16:
			f.typ, f.vi = vSliceUint16, uint32(len(m.vals))
			for _, u := range v.SliceUint16() {
				m.vals = append(m.vals, uint32(u))
			}
		case proto.TypeSliceUint32:
			f.typ, f.vi = vSliceUint32, uint32(len(m.vals))
			m.vals = append(m.vals, v.SliceUint32()...)
		case proto.TypeInvalid:
			f.typ = vNone
		default:
			f.typ = vSliceOther
		}
		if f.typ == vSliceUint8 || f.typ == vSliceUint16 || f.typ == vSliceUint32 {
			f.vn = uint32(len(m.vals)) - f.vi
		}
		m.Fields = append(m.Fields, f)
	}
	a.l.onMesg(m)
}

// messageOffset returns the byte offset of the data message with index n
// (0-based, counted over the whole chained file), or -1 when there is none.
// It places an error the FIT library reported, in the oracle.
func messageOffset(data []byte, n int) int {
	fr := &frame{data: data}
	w := walker{fr: fr, stopAt: n, found: -1}
	w.run()
	return w.found
}

// unknownRing is larger than the fields one message can hold (255 plus
// the timestamp of a compressed header), so a slot is reused only after
// the message that used it has been handed to the listener and consumed.
const unknownRing = 512

// fieldFactory is the FIT library's standard factory, except that a field
// the profile does not know comes from a recycled ring of field bases
// instead of a fresh allocation each time (the library allocates one per
// unknown field per message, most of a decode's garbage). Our listener
// copies what it needs before the next message, so recycling is safe. A
// fieldFactory belongs to one decoder at a time.
type fieldFactory struct {
	table []*[256]*proto.FieldBase
	ring  [unknownRing]proto.FieldBase
	next  int
}

// CreateField implements decoder.Factory.
func (f *fieldFactory) CreateField(mesgNum typedef.MesgNum, num byte) proto.Field {
	if int(mesgNum) < len(f.table) {
		if fields := f.table[mesgNum]; fields != nil {
			if fb := fields[num]; fb != nil {
				return proto.Field{FieldBase: fb}
			}
		}
	}
	fb := &f.ring[f.next]
	f.next = (f.next + 1) % unknownRing
	*fb = proto.FieldBase{Name: factory.NameUnknown, Num: num, Scale: 1}
	return proto.Field{FieldBase: fb}
}
