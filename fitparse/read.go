package fitparse

import (
	"encoding/binary"
	"math"
	"sync"
)

// This file is our decoder of FIT data messages. It walks the framed
// input (fr.data[:fr.end], every check of frame.go already passed and
// every patch applied) and hands each data message to the listener as a
// reused message value holding the fields the listener reads, each with
// the value the FIT library gives it:
//
//   - a field the profile defines is read by the profile's base type,
//     whatever its definition says (a short one zero-padded, a long
//     non-array one read from its first bytes); any other field by its
//     definition's base type, as an array when its size is a multiple of
//     the base type's;
//   - a compressed timestamp header adds the timestamp field first, from
//     the last timestamp of the sequence and the header's 5-bit offset;
//   - the components the profile defines for the fields read are expanded
//     after the fields are decoded (speed → enhanced_speed, altitude →
//     enhanced_altitude, compressed_speed_distance → speed and accumulated
//     distance, hr's time256 and event_timestamp_12), exactly as the FIT
//     library computes them, rounding included;
//   - developer fields, and every field the listener does not read, are
//     skipped by their size.
//
// A record message whose definition holds single numbers only, each field
// once (what devices write), skips the message value: record reads it
// straight into a row of the listener's columns, with the same values.
// The differential test (differential_test.go) holds both paths to the
// FIT library's reading on every real file and on generated hostile ones.
//
// The work per message is linear in its size, and nothing is allocated
// per message.

// fieldOp is a field a definition holds that the listener reads, with
// how its value is read.
type fieldOp struct {
	off    int // byte offset in the message, after its header
	size   int
	num    byte
	kind   opKind
	typ    valueType // the value's type (for opString, when one string)
	n      int       // bytes per value
	spec   *fieldSpec
	tmpl   field // the field before its value is read
	expand bool  // the field has components
	acc    bool  // the field is accumulated
}

type opKind uint8

const (
	opScalar opKind = iota
	opArray         // of 8-, 16- or 32-bit unsigned values
	opString        // a string, or several (strcount) for an unknown field
	opOther         // an array the listener never reads (vSliceOther)
)

// newOp returns the op reading a field of the given size by spec.
func newOp(off, size int, num byte, sp *fieldSpec) fieldOp {
	op := fieldOp{off: off, size: size, num: num, spec: sp}
	op.kind, op.typ, op.n = readAs(sp, size)
	op.tmpl = field{Num: num, typ: op.typ, bt: sp.bt, scale: sp.scale, offset: sp.offset}
	op.expand = len(sp.comps) > 0
	op.acc = sp.acc
	return op
}

// readAs returns how a field of the given size is read by spec: the kind
// of op, the value's type, and the bytes per value.
func readAs(sp *fieldSpec, size int) (opKind, valueType, int) {
	bt := sp.bt
	if bt == baseString {
		if sp.known && sp.arr {
			return opOther, vSliceOther, 1
		}
		return opString, vString, 1
	}
	n := baseTypeSize(bt)
	arr := sp.arr
	if !sp.known {
		arr = size > n && size%n == 0
	}
	switch {
	case !arr:
		return opScalar, scalarType(bt), n
	case sliceType(bt) == vSliceOther:
		return opOther, vSliceOther, n
	}
	return opArray, sliceType(bt), n
}

// decDef is a local message definition, as the decoder keeps it.
type decDef struct {
	defined bool
	big     bool
	global  uint16
	size    int
	ops     []fieldOp
	// fastRecord: a record definition that record reads straight into a
	// row; timestamp: it holds a timestamp field.
	fastRecord, timestamp bool
}

// accumulator keeps the running values of accumulated fields (FIT
// profile "accumulate"), per message and field number, as the FIT
// library does.
type accumulator struct {
	values []accValue
}

type accValue struct {
	mesg        uint16
	num         byte
	last, value uint64
}

func (a *accumulator) collect(mesg uint16, num byte, v uint64) {
	for i := range a.values {
		if av := &a.values[i]; av.mesg == mesg && av.num == num {
			av.value, av.last = v, v
			return
		}
	}
	a.values = append(a.values, accValue{mesg: mesg, num: num, value: v, last: v})
}

func (a *accumulator) accumulate(mesg uint16, num byte, v uint64, bits uint8) uint64 {
	for i := range a.values {
		if av := &a.values[i]; av.mesg == mesg && av.num == num {
			av.value += (v - av.last) & (1<<bits - 1)
			av.last = v
			return av.value
		}
	}
	a.values = append(a.values, accValue{mesg: mesg, num: num, value: v, last: v})
	return v
}

// mesgDecoder decodes the data messages of one input.
type mesgDecoder struct {
	defs      [16]decDef
	msg       message
	timestamp uint32
	lastOff   byte
	acc       accumulator
}

var mesgDecoderPool = sync.Pool{New: func() any {
	return &mesgDecoder{msg: message{Fields: make([]field, 0, 320), vals: make([]uint32, 0, 256)}}
}}

// hasTimestamp reports whether the profile defines a timestamp field in
// message global.
var hasTimestamp = sync.OnceValue(func() []bool {
	table := profileFields()
	has := make([]bool, len(table))
	for n, fields := range table {
		has[n] = fields != nil && fields[fieldTimestamp] != nil
	}
	return has
})

// decodeMessages walks data (the framed input) and hands every data
// message to l, until l halts. It returns the offset of the message at
// which l halted, or -1.
func (d *mesgDecoder) decodeMessages(data []byte, l *listener) int {
	p := 0
	for p+12 <= len(data) {
		hsize := int(data[p])
		if hsize != 12 && hsize != 14 || len(data)-p < hsize {
			return -1
		}
		dataSize := int(binary.LittleEndian.Uint32(data[p+4 : p+8]))
		start := p + hsize
		limit := len(data)
		if dataSize <= len(data)-start {
			limit = start + dataSize
		}
		if off := d.sequence(data, start, limit, l); off >= 0 {
			return off
		}
		if dataSize > len(data)-start {
			return -1
		}
		p = start + dataSize + 2
	}
	return -1
}

// sequence decodes the records in data[start:limit].
func (d *mesgDecoder) sequence(data []byte, start, limit int, l *listener) int {
	for i := range d.defs {
		d.defs[i].defined = false
	}
	d.timestamp, d.lastOff = 0, 0
	d.acc.values = d.acc.values[:0]
	p := start
	for p < limit {
		h := data[p]
		if h&0xC0 == 0x40 {
			n := d.definition(data, p, limit)
			if n <= 0 {
				return -1
			}
			p += n
			continue
		}
		local := h & 0x0F
		if h&0x80 != 0 {
			local = (h >> 5) & 0x03
		}
		def := &d.defs[local]
		if !def.defined || limit-p-1 < def.size {
			return -1
		}
		if l.check() {
			return p
		}
		if def.fastRecord && (h&0x80 == 0 || !def.timestamp) {
			d.record(h, def, data[p+1:p+1+def.size], l)
		} else {
			d.message(h, def, data[p+1:p+1+def.size])
			l.onMesg(&d.msg)
		}
		p += 1 + def.size
	}
	return -1
}

// definition reads the definition message at p and returns its length, 0
// when it does not fit (the framing pass stops there first).
func (d *mesgDecoder) definition(data []byte, p, limit int) int {
	if limit-p < 6 {
		return 0
	}
	h := data[p]
	big := data[p+2] != 0
	var global uint16
	if big {
		global = binary.BigEndian.Uint16(data[p+3 : p+5])
	} else {
		global = binary.LittleEndian.Uint16(data[p+3 : p+5])
	}
	nf := int(data[p+5])
	n := 6 + 3*nf
	if limit-p < n {
		return 0
	}
	def := &d.defs[h&0x0F]
	def.defined, def.big, def.global, def.size = true, big, global, 0
	def.ops = def.ops[:0]
	specs := readSpecs[global]
	ts := int(global) < len(hasTimestamp()) && hasTimestamp()[global]
	for i := 0; i < nf; i++ {
		q := p + 6 + 3*i
		num, size, bt := data[q], int(data[q+1]), data[q+2]
		off := def.size
		def.size += size
		if size == 0 {
			continue // the FIT library drops such a field
		}
		var spec *fieldSpec
		switch {
		case specs != nil && specs.known[num] != nil:
			spec = specs.known[num]
		case num == fieldTimestamp && ts:
			spec = timestampSpec
		case num == fieldTimestamp || specs != nil && specs.wanted[num]:
			if int(bt&0x1F) >= len(unknownSpecs) {
				return 0
			}
			spec = &unknownSpecs[bt&0x1F]
		default:
			continue
		}
		def.ops = append(def.ops, newOp(off, size, num, spec))
	}
	def.fastRecord = global == mesgRecord && fastRecord(def.ops)
	def.timestamp = false
	for i := range def.ops {
		def.timestamp = def.timestamp || def.ops[i].num == fieldTimestamp
	}
	if h&0x20 != 0 {
		if limit-p < n+1 {
			return 0
		}
		nd := int(data[p+n])
		n += 1 + 3*nd
		if limit-p < n {
			return 0
		}
		for i := 0; i < nd; i++ {
			def.size += int(data[p+n-3*nd+3*i+1])
		}
	}
	return n
}

// message decodes the data message with header h and body b into d.msg.
func (d *mesgDecoder) message(h byte, def *decDef, b []byte) {
	m := &d.msg
	m.Num = def.global
	m.body = b
	m.vals = m.vals[:0]
	fs := m.Fields[:0]
	if h&0x80 != 0 { // compressed timestamp header
		off := h & 0x1F
		d.timestamp += uint32((off - d.lastOff) & 0x1F)
		d.lastOff = off
		fs = append(fs, field{Num: fieldTimestamp, typ: vUint32, bt: btUint32, scale: 1, u: uint64(d.timestamp)})
	}
	base := len(fs)
	expand, big := false, def.big
	ops := def.ops
	for i := range ops {
		op := &ops[i]
		if op.kind == opScalar {
			u := readUint(b[op.off:op.off+op.size], op.n, big)
			fs = append(fs, field{Num: op.num, typ: op.typ, bt: op.tmpl.bt, scale: op.tmpl.scale, offset: op.tmpl.offset, u: u})
			if op.num == fieldTimestamp && op.typ == vUint32 {
				d.timestamp = uint32(u)
				d.lastOff = byte(u & 0x1F)
			}
			if op.acc {
				d.collect(m, &fs[len(fs)-1])
			}
			expand = expand || op.expand
			continue
		}
		fs = append(fs, op.tmpl)
		f := &fs[len(fs)-1]
		switch op.kind {
		case opArray:
			fb := b[op.off : op.off+op.size]
			start := len(m.vals)
			if len(fb) < op.n {
				m.vals = append(m.vals, uint32(readUint(fb, op.n, big)))
			} else {
				for ; len(fb) >= op.n; fb = fb[op.n:] {
					m.vals = append(m.vals, uint32(readUint(fb, op.n, big)))
				}
			}
			f.vi, f.vn = uint32(start), uint32(len(m.vals)-start)
		case opString:
			if !op.spec.known && strcount(b[op.off:op.off+op.size]) > 1 {
				f.typ = vSliceOther
			} else {
				f.vi, f.vn = uint32(op.off), uint32(op.size)
			}
		}
		if op.acc {
			d.collect(m, f)
		}
		expand = expand || op.expand
	}
	m.Fields = fs
	if !expand {
		return
	}
	for i := range ops {
		if ops[i].expand {
			f := m.Fields[base+i]
			d.expand(m, f.typ, f.u, m.elems(&f), f.bt, ops[i].spec.comps)
		}
	}
}

// fastRecord reports whether the record definition of ops can be read
// straight into a row by record: every field read is a single number
// (compressed_speed_distance, an array, is not), none appears twice, and
// each expands at most into one field that expands no further: all of
// the value of a uint16 (speed, altitude) into a uint32 (their enhanced
// fields).
func fastRecord(ops []fieldOp) bool {
	var seen [256]bool
	for i := range ops {
		op := &ops[i]
		if op.kind != opScalar || seen[op.num] || len(op.spec.comps) > 1 {
			return false
		}
		seen[op.num] = true
		if c := op.spec.comps; len(c) == 1 && (c[0].acc || len(c[0].spec.comps) > 0 ||
			c[0].dest != recordEnhSpeed && c[0].dest != recordEnhAltitude ||
			int(c[0].bits) != 8*op.n || op.spec.bt != btUint16 || c[0].spec.bt != btUint32) {
			return false
		}
	}
	return true
}

// record reads a record message of a fastRecord definition straight into
// a row of the listener's columns, with the values message and the
// listener's record would give it (a compressed header with a timestamp
// field as well takes the general path).
func (d *mesgDecoder) record(h byte, def *decDef, b []byte, l *listener) {
	t := int64(-1)
	if h&0x80 != 0 {
		off := h & 0x1F
		d.timestamp += uint32((off - d.lastOff) & 0x1F)
		d.lastOff = off
		f := field{Num: fieldTimestamp, typ: vUint32, bt: btUint32, scale: 1, u: uint64(d.timestamp)}
		t = l.noteTS(&f)
	}
	var row [nCols]float64
	for i := range row {
		row[i] = nan
	}
	// speed and altitude, read only when their enhanced fields do not
	// give the value; the enhanced values, decoded and expanded from
	// speed and altitude (an expansion replaces a decoded value).
	var speed, altitude *fieldOp
	var speedU, altitudeU uint64
	enhSpeed, enhAltitude := nan, nan
	expSpeed, expAltitude := false, false
	big := def.big
	for i := range def.ops {
		op := &def.ops[i]
		f := op.tmpl
		f.u = readUint(b[op.off:op.off+op.size], op.n, big)
		switch op.num {
		case fieldTimestamp:
			if f.typ == vUint32 {
				d.timestamp = uint32(f.u)
				d.lastOff = byte(f.u & 0x1F)
			}
			t = l.noteTS(&f)
		case recordHR:
			row[colHR] = heartRate(&f)
		case recordSpeed:
			speed, speedU = op, f.u
		case recordEnhSpeed:
			enhSpeed = num(&f)
		case recordPower:
			row[colPower] = num(&f)
		case recordDistance:
			row[colDistance] = num(&f)
		case recordTemperature:
			row[colTemperature] = num(&f)
		case recordCadence:
			row[colCadence] = num(&f)
		case recordAltitude:
			altitude, altitudeU = op, f.u
		case recordEnhAltitude:
			enhAltitude = num(&f)
		}
		if op.acc {
			d.collectScalar(mesgRecord, &f)
		}
		if op.expand && uint16(f.u) != math.MaxUint16 {
			// All 16 bits into a uint32 (see fastRecord).
			c := &op.spec.comps[0]
			_, vu := d.componentValue(mesgRecord, c, f.u&0xFFFF)
			x := nan
			if uint32(vu) != math.MaxUint32 {
				x = float64(uint32(vu))
				if s := c.spec.scale; s != 1 && s != 0 {
					x /= s
				}
				x -= c.spec.offset
			}
			if c.dest == recordEnhSpeed {
				expSpeed, row[colSpeed] = true, x
			} else {
				expAltitude, row[colAltitude] = true, x
			}
		}
	}
	if !expSpeed {
		row[colSpeed] = enhSpeed
	}
	if !expAltitude {
		row[colAltitude] = enhAltitude
	}
	if math.IsNaN(row[colSpeed]) && speed != nil {
		f := speed.tmpl
		f.u = speedU
		row[colSpeed] = num(&f)
	}
	if math.IsNaN(row[colAltitude]) && altitude != nil {
		f := altitude.tmpl
		f.u = altitudeU
		row[colAltitude] = num(&f)
	}
	l.addRecord(t, &row)
}

// readUint reads an unsigned integer of n bytes from b: from its first n
// bytes, or from all of b when it is shorter (the FIT library pads it
// with zeros on the side the endianness puts the high bytes).
func readUint(b []byte, n int, big bool) uint64 {
	if len(b) > n {
		b = b[:n]
	}
	switch {
	case len(b) == 1:
		return uint64(b[0])
	case len(b) == 2 && !big:
		return uint64(binary.LittleEndian.Uint16(b))
	case len(b) == 4 && !big:
		return uint64(binary.LittleEndian.Uint32(b))
	}
	var u uint64
	if big {
		for _, c := range b {
			u = u<<8 | uint64(c)
		}
	} else {
		for i := len(b) - 1; i >= 0; i-- {
			u = u<<8 | uint64(b[i])
		}
	}
	return u
}

// strcount counts the strings in b as the FIT library does.
func strcount(b []byte) int {
	n, last := 0, 0
	for i := range b {
		if b[i] == 0 {
			if last != i {
				n++
			}
			last = i + 1
		} else if i == len(b)-1 {
			n++
		}
	}
	return n
}

func scalarType(bt byte) valueType {
	switch bt {
	case btSint8:
		return vInt8
	case btEnum, baseByte, btUint8, btUint8z:
		return vUint8
	case btSint16:
		return vInt16
	case btUint16, btUint16z:
		return vUint16
	case btSint32:
		return vInt32
	case btUint32, btUint32z:
		return vUint32
	case btSint64:
		return vInt64
	case btUint64, btUint64z:
		return vUint64
	case btFloat32:
		return vFloat32
	case btFloat64:
		return vFloat64
	}
	return vNone
}

func sliceType(bt byte) valueType {
	switch bt {
	case btEnum, baseByte, btUint8, btUint8z:
		return vSliceUint8
	case btUint16, btUint16z:
		return vSliceUint16
	case btUint32, btUint32z:
		return vSliceUint32
	}
	return vSliceOther
}

// collect notes the value of an accumulated field.
func (d *mesgDecoder) collect(m *message, f *field) {
	switch f.typ {
	case vSliceUint8, vSliceUint16, vSliceUint32:
		if f.vn > 0 {
			d.acc.collect(m.Num, f.Num, uint64(m.vals[f.vi+f.vn-1]))
		}
	default:
		d.collectScalar(m.Num, f)
	}
}

// collectScalar notes the value of an accumulated single-number field.
func (d *mesgDecoder) collectScalar(mesg uint16, f *field) {
	switch f.typ {
	case vUint8, vUint16, vUint32, vUint64:
		d.acc.collect(mesg, f.Num, f.u)
	case vInt8, vInt16, vInt32, vInt64:
		d.acc.collect(mesg, f.Num, signExtend(f.typ, f.u))
	case vFloat32:
		d.acc.collect(mesg, f.Num, uint64(math.Float32frombits(uint32(f.u))))
	case vFloat64:
		d.acc.collect(mesg, f.Num, uint64(math.Float64frombits(f.u)))
	}
}

func signExtend(t valueType, u uint64) uint64 {
	switch t {
	case vInt8:
		return uint64(int8(u))
	case vInt16:
		return uint64(int16(u))
	case vInt32:
		return uint64(int32(u))
	}
	return u
}

// valid reports whether a value is not its base type's invalid value (for
// an array: holds one valid element), as the FIT library's Value.Valid.
func valid(t valueType, u uint64, vals []uint32, bt byte) bool {
	switch t {
	case vUint8:
		switch bt {
		case btEnum, baseByte, btUint8:
			return uint8(u) != math.MaxUint8
		case btUint8z:
			return uint8(u) != 0
		}
		return false
	case vInt8:
		return int8(u) != math.MaxInt8
	case vInt16:
		return int16(u) != math.MaxInt16
	case vUint16:
		if bt == btUint16z {
			return uint16(u) != 0
		}
		return uint16(u) != math.MaxUint16
	case vInt32:
		return int32(u) != math.MaxInt32
	case vUint32:
		if bt == btUint32z {
			return uint32(u) != 0
		}
		return uint32(u) != math.MaxUint32
	case vSliceUint8, vSliceUint16, vSliceUint32:
		invalid := uint32(math.MaxUint8)
		switch {
		case t == vSliceUint8 && bt == btUint8z, t == vSliceUint16 && bt == btUint16z, t == vSliceUint32 && bt == btUint32z:
			invalid = 0
		case t == vSliceUint16:
			invalid = math.MaxUint16
		case t == vSliceUint32:
			invalid = math.MaxUint32
		}
		for _, v := range vals {
			if v != invalid {
				return true
			}
		}
		return false
	}
	return false // no component source of the fields read has another type
}

// bitReader pulls the bits of a value, lowest first, as the FIT library's
// bits type: a pull past the end returns the bits left, zero-extended,
// and the next one fails.
type bitReader struct {
	scalar uint64
	vals   []uint32
	ew     uint // element width of vals, in bits; 0 for a scalar
	pos    uint
	size   uint
}

func (r *bitReader) pull(w uint8) (uint64, bool) {
	if r.pos >= r.size {
		return 0, false
	}
	bits := uint(w)
	var v uint64
	if r.ew == 0 {
		if r.pos < 64 {
			v = r.scalar >> r.pos
		}
	} else {
		for got := uint(0); got < bits; {
			at := r.pos + got
			i := at / r.ew
			if i >= uint(len(r.vals)) {
				break
			}
			shift := at % r.ew
			take := min(r.ew-shift, bits-got)
			chunk := uint64(r.vals[i]>>shift) & (1<<take - 1)
			v |= chunk << got
			got += take
		}
	}
	r.pos += bits
	return v & (1<<bits - 1), true
}

// expand expands the components comps of a value of base type bt into the
// message's fields, as the FIT library's expandComponents.
func (d *mesgDecoder) expand(m *message, t valueType, u uint64, vals []uint32, bt byte, comps []component) {
	if len(comps) == 0 || !valid(t, u, vals, bt) {
		return
	}
	r := newBitReader(t, u, vals)
	if r.size == 0 {
		return
	}
	for i := range comps {
		c := &comps[i]
		val, ok := r.pull(c.bits)
		if !ok {
			break
		}
		dest := c.spec
		vt, vu := d.componentValue(m.Num, c, val)

		ref := -1
		for j := len(m.Fields) - 1; j >= 0; j-- {
			if m.Fields[j].Num == c.dest {
				ref = j
				break
			}
		}
		if ref < 0 {
			m.Fields = append(m.Fields, field{Num: c.dest, bt: dest.bt, scale: dest.scale, offset: dest.offset})
			ref = len(m.Fields) - 1
		}
		if f := &m.Fields[ref]; dest.arr {
			appendValue(m, f, vt, vu)
		} else {
			f.typ, f.u, f.vi, f.vn = vt, vu, 0, 0
		}
		d.expand(m, vt, vu, nil, dest.bt, dest.comps)
	}
}

// newBitReader returns the reader of the bits of a value; its size is 0
// for a value of a type that has none to expand.
func newBitReader(t valueType, u uint64, vals []uint32) bitReader {
	switch t {
	case vSliceUint8:
		return bitReader{vals: vals, ew: 8, size: 8 * uint(len(vals))}
	case vSliceUint16:
		return bitReader{vals: vals, ew: 16, size: 16 * uint(len(vals))}
	case vSliceUint32:
		return bitReader{vals: vals, ew: 32, size: 32 * uint(len(vals))}
	case vUint8, vInt8:
		return bitReader{scalar: signExtend(t, u), size: 8}
	case vUint16, vInt16:
		return bitReader{scalar: signExtend(t, u), size: 16}
	case vUint32, vInt32:
		return bitReader{scalar: signExtend(t, u), size: 32}
	}
	return bitReader{}
}

// componentValue returns the value of the destination of component c
// given the bits val pulled for it, accumulated when c is, as the FIT
// library computes it (scaled by the component, unscaled by the
// destination, truncated to the destination's base type).
func (d *mesgDecoder) componentValue(mesg uint16, c *component, val uint64) (valueType, uint64) {
	if c.acc {
		val = d.acc.accumulate(mesg, c.dest, val, c.bits)
	}
	scaled := float64(val)/c.scale - c.offset
	return convertUint64(uint64((scaled+c.spec.offset)*c.spec.scale), c.spec.bt)
}

// appendValue appends a scalar to an array field, as the FIT library's
// valueAppend: onto the field's elements when they have the scalar's
// type, else starting anew.
func appendValue(m *message, f *field, t valueType, u uint64) {
	var st valueType
	switch t {
	case vUint8:
		st = vSliceUint8
	case vUint16:
		st = vSliceUint16
	case vUint32:
		st = vSliceUint32
	default:
		return // no array destination of the fields read has another type
	}
	if f.typ != st {
		f.vn = 0
	}
	f.typ = st
	if f.vn == 0 || int(f.vi+f.vn) != len(m.vals) {
		start := len(m.vals)
		m.vals = append(m.vals, m.vals[f.vi:f.vi+f.vn]...)
		f.vi = uint32(start)
	}
	m.vals = append(m.vals, uint32(u))
	f.vn++
}

// convertUint64 converts a component's value to the destination's base
// type, as the FIT library's convertUint64ToValue.
func convertUint64(v uint64, bt byte) (valueType, uint64) {
	switch bt {
	case btSint8:
		return vInt8, uint64(uint8(v))
	case btEnum, baseByte, btUint8, btUint8z:
		return vUint8, uint64(uint8(v))
	case btSint16:
		return vInt16, uint64(uint16(v))
	case btUint16, btUint16z:
		return vUint16, uint64(uint16(v))
	case btSint32:
		return vInt32, uint64(uint32(v))
	case btUint32, btUint32z:
		return vUint32, uint64(uint32(v))
	case btSint64:
		return vInt64, v
	case btUint64, btUint64z:
		return vUint64, v
	case btFloat32:
		return vFloat32, uint64(math.Float32bits(float32(v)))
	case btFloat64:
		return vFloat64, math.Float64bits(float64(v))
	}
	return vNone, 0
}

// release drops the decoder's references to the input before it goes back
// to its pool.
func (d *mesgDecoder) release() {
	d.msg.body = nil
}
