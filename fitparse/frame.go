package fitparse

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// This file is our own framing pass over a FIT byte stream: we check every
// sequence of a chained file (header, header CRC, file CRC, truncation),
// walk its records so that damage is located to the byte, count the
// messages we will store (to size the columns), and patch field
// definitions whose meaning is clear although the FIT library would reject
// them. The decoder (read.go) then reads the framed, patched bytes.
//
// It also hides every field_description message: the definition of each
// is patched to a manufacturer-specific message number (mesgHidden) on the
// private copy. Our decoder reads no developer field and skips them all by
// size; the FIT library, which the differential test runs on the same
// bytes, keeps each description in a list and searches that list for every
// developer field of every later message (time quadratic in the size of a
// file of many), and with them hidden it skips every developer field as
// undescribed. The bytes keep their sizes and offsets, so every offset
// reported is the offset in the file.

// Global message numbers the framing pass counts or patches.
const (
	mesgRecord           = 20
	mesgHRV              = 78
	mesgHR               = 132
	mesgFieldDescription = 206
	// mesgHidden is the manufacturer-specific message number (FIT
	// reserves 0xFF00–0xFFFE for them) that field_description
	// definitions are patched to.
	mesgHidden = 0xFFFE
)

// fitBaseTypes maps a base type number (the low five bits of a base type
// byte) to the base type byte the FIT profile defines for it.
var fitBaseTypes = [...]byte{
	0x00, 0x01, 0x02, 0x83, 0x84, 0x85, 0x86, 0x07, 0x88,
	0x89, 0x0A, 0x8B, 0x8C, 0x0D, 0x8E, 0x8F, 0x90,
}

// The base types that hold no number.
const (
	baseString = 0x07
	baseByte   = 0x0D
)

// unnumbered returns, for field num of message global defined with a
// string or byte base type, a field number the profile does not define in
// that message, when the profile defines num as a number (or an enum). The
// FIT library reads a field the profile knows by the profile's base type
// whatever its definition says, so that the text "ABCD" in
// total_timer_time would read as 1145258.561 s; renumbered, the field is
// one the library and the listener do not know, and it reads as not
// recorded.
func unnumbered(global uint16, num byte) (byte, bool) {
	table := profileFields()
	if int(global) >= len(table) || table[global] == nil {
		return 0, false
	}
	fields := table[global]
	if fb := fields[num]; fb == nil || fb.BaseType == baseString || fb.BaseType == baseByte {
		return 0, false
	}
	for n := 252; n >= 0; n-- { // 253–255: timestamp, message_index, invalid
		if fields[n] == nil {
			return byte(n), true
		}
	}
	return 0, false
}

// canonicalBaseType returns the profile's base type byte for b, matched by
// its base type number, and whether b names a base type at all.
func canonicalBaseType(b byte) (byte, bool) {
	n := b & 0x1F
	if int(n) >= len(fitBaseTypes) {
		return 0, false
	}
	return fitBaseTypes[n], true
}

// ErrCorrupt: the bytes of a FIT sequence do not follow the FIT format: a
// data message without a definition, a base type that does not exist, a
// message running past the end of its sequence.
var ErrCorrupt = errors.New("corrupt FIT data")

// detailError is a sentinel error with a more precise message.
type detailError struct {
	msg string
	err error
}

func (e *detailError) Error() string { return e.msg }
func (e *detailError) Unwrap() error { return e.err }

func errorf(sentinel error, format string, args ...any) error {
	return &detailError{msg: fmt.Sprintf(format, args...), err: sentinel}
}

// localDef is what the framing pass keeps of a message definition.
type localDef struct {
	defined bool
	global  uint16
	size    int // bytes of a data message after its header
}

// frame is the outcome of the framing pass.
type frame struct {
	// data is the input, or a patched private copy of it.
	data []byte
	// end is how many bytes of data the decoder may read: everything up to
	// the first damage that stops decoding.
	end int
	// seqs counts the FIT sequences that started.
	seqs int
	// damage lists the problems found, in byte order, as *DecodeError.
	damage []error
	// fatal is set when nothing at all can be decoded.
	fatal error
	// cut is true when decoding must stop before the end of the input
	// (damage inside a sequence, or a broken sequence header).
	cut bool
	// patched counts the field definitions whose base type was repaired.
	patched int
	// hidden counts the field_description definitions patched to
	// mesgHidden.
	hidden int
	// retyped counts the field definitions renumbered by unnumbered.
	retyped int
	// Counts of data messages, to size what the decoder fills.
	records, hrvs, hrs int
}

// scanFrame runs the framing pass over data. It never modifies data; when
// a patch is needed it works on a copy, returned in frame.data.
func scanFrame(data []byte, path string) *frame {
	fr := &frame{data: data}
	w := walker{fr: fr, path: path, stopAt: -1}
	w.run()
	return fr
}

type walker struct {
	fr   *frame
	path string
	defs [16]localDef
	// stopAt, when >= 0, stops the walk at the data message with this
	// index and stores its offset in found.
	stopAt, nmesg, found int
	copied               bool
}

func (w *walker) damage(off int, err error) {
	w.fr.damage = append(w.fr.damage, &DecodeError{Path: w.path, Offset: int64(off), Err: err})
}

// patch sets data[i] = b on a private copy of the input.
func (w *walker) patch(i int, b byte) {
	if !w.copied {
		w.fr.data = append([]byte(nil), w.fr.data...)
		w.copied = true
	}
	w.fr.data[i] = b
}

// hide patches the global message number of the field_description
// definition at p, of architecture arch, to mesgHidden.
func (w *walker) hide(p int, arch byte) {
	var b [2]byte
	if arch == 0 {
		binary.LittleEndian.PutUint16(b[:], mesgHidden)
	} else {
		binary.BigEndian.PutUint16(b[:], mesgHidden)
	}
	w.patch(p+3, b[0])
	w.patch(p+4, b[1])
	w.fr.hidden++
}

func (w *walker) run() {
	data := w.fr.data
	p := 0
	for p < len(data) {
		if !w.sequence(p) {
			return
		}
		p = w.fr.end
	}
	if len(data) == 0 {
		w.fr.fatal = &DecodeError{Path: w.path, Offset: 0, Err: errorf(ErrNotFIT, "empty file")}
	}
}

// sequence checks the FIT sequence starting at p. It returns false when the
// walk must stop; fr.end is then where decoding stops.
func (w *walker) sequence(p int) bool {
	fr := w.fr
	data := fr.data
	first := fr.seqs == 0
	fail := func(off int, err error) bool {
		if first {
			fr.fatal = &DecodeError{Path: w.path, Offset: int64(off), Err: err}
		} else {
			w.damage(off, err)
			fr.cut = true
		}
		fr.end = p
		return false
	}

	rest := len(data) - p
	hsize := int(data[p])
	if hsize != 12 && hsize != 14 {
		if first {
			return fail(p, errorf(ErrNotFIT, "not a FIT file (header size %d)", hsize))
		}
		return fail(p, errorf(ErrNotFIT, "%d trailing bytes are not a FIT sequence", rest))
	}
	if rest < hsize {
		if rest >= 12 && string(data[p+8:p+12]) != ".FIT" {
			return fail(p, errorf(ErrNotFIT, "no .FIT signature"))
		}
		return fail(p, errorf(ErrTruncated, "file ends inside the %d-byte FIT header", hsize))
	}
	if string(data[p+8:p+12]) != ".FIT" {
		return fail(p, errorf(ErrNotFIT, "no .FIT signature"))
	}
	dataSize := int(binary.LittleEndian.Uint32(data[p+4 : p+8]))
	if dataSize == 0 {
		return fail(p, errorf(ErrNotFIT, "FIT header declares no data"))
	}
	fr.seqs++

	crc := crc16Update(0, data[p:p+12])
	if hsize == 14 {
		if stored := binary.LittleEndian.Uint16(data[p+12 : p+14]); stored != 0 && stored != crc {
			w.damage(p+12, errorf(ErrCRC, "header CRC mismatch (stored 0x%04x, computed 0x%04x)", stored, crc))
		}
		crc = crc16Update(crc, data[p+12:p+14])
	}

	start := p + hsize
	dataEnd := start + dataSize
	truncated := dataSize > len(data)-start || len(data)-start-dataSize < 2
	limit := len(data)
	if dataSize <= len(data)-start {
		limit = dataEnd // only the CRC is missing
	}

	pos, err := w.records(start, limit)
	if w.stopAt >= 0 && w.found >= 0 {
		fr.end = pos
		return false
	}
	if err != nil {
		w.damage(pos, err)
		fr.end, fr.cut = pos, true
		return false
	}
	if truncated {
		w.damage(pos, errorf(ErrTruncated, "truncated: the FIT sequence at byte %d declares %d data bytes, the file ends at byte %d",
			p, dataSize, len(data)))
		fr.end, fr.cut = pos, true
		return false
	}

	sum := crc16Update(crc, data[start:dataEnd])
	stored := binary.LittleEndian.Uint16(data[dataEnd : dataEnd+2])
	if stored != sum {
		// Some writers leave the header CRC 0 and compute the file CRC over
		// the data only; accept that too.
		if crc16Update(0, data[start:dataEnd]) != stored {
			w.damage(dataEnd, errorf(ErrCRC, "file CRC mismatch (stored 0x%04x, computed 0x%04x)", stored, sum))
		}
	}
	fr.end = dataEnd + 2
	return true
}

// records walks the records in data[start:limit]. It returns the offset
// reached (the start of the offending record on error).
func (w *walker) records(start, limit int) (int, error) {
	data := w.fr.data
	for i := range w.defs {
		w.defs[i] = localDef{}
	}
	p := start
	for p < limit {
		h := data[p]
		if h&0xC0 == 0x40 { // definition message
			n, err := w.definition(p, limit)
			if err != nil {
				return p, err
			}
			p += n
			continue
		}
		local := h & 0x0F
		if h&0x80 != 0 { // compressed timestamp header
			local = (h >> 5) & 0x03
		}
		def := &w.defs[local]
		if !def.defined {
			return p, errorf(ErrCorrupt, "data message of undefined local type %d", local)
		}
		if w.stopAt >= 0 && w.nmesg == w.stopAt {
			w.found = p
			return p, nil
		}
		if limit-p-1 < def.size {
			return p, w.short(p, limit)
		}
		switch def.global {
		case mesgRecord:
			w.fr.records++
		case mesgHRV:
			w.fr.hrvs++
		case mesgHR:
			w.fr.hrs++
		}
		w.nmesg++
		p += 1 + def.size
		data = w.fr.data
	}
	return p, nil
}

// short explains a record that runs past limit.
func (w *walker) short(p, limit int) error {
	if limit == len(w.fr.data) {
		return errorf(ErrTruncated, "truncated: the file ends inside a message")
	}
	return errorf(ErrCorrupt, "message runs past the end of its FIT sequence")
}

// definition reads the definition message at p and returns its length.
func (w *walker) definition(p, limit int) (int, error) {
	data := w.fr.data
	if limit-p < 6 {
		return 0, w.short(p, limit)
	}
	h := data[p]
	arch := data[p+2]
	var global uint16
	if arch == 0 {
		global = binary.LittleEndian.Uint16(data[p+3 : p+5])
	} else {
		global = binary.BigEndian.Uint16(data[p+3 : p+5])
	}
	nf := int(data[p+5])
	n := 6 + 3*nf
	if limit-p < n {
		return 0, w.short(p, limit)
	}
	def := localDef{defined: true, global: global}
	for i := 0; i < nf; i++ {
		q := p + 6 + 3*i
		num, size, bt := data[q], int(data[q+1]), data[q+2]
		c, ok := canonicalBaseType(bt)
		if !ok {
			return 0, errorf(ErrCorrupt, "field %d of message %d has no valid base type (0x%02x)", num, global, bt)
		} else if c != bt {
			w.patch(q+2, c)
			w.fr.patched++
			data = w.fr.data
		}
		if (c == baseString || c == baseByte) && w.stopAt < 0 {
			if free, ok := unnumbered(global, num); ok {
				w.patch(q, free)
				w.fr.retyped++
				data = w.fr.data
			}
		}
		def.size += size
	}
	if h&0x20 != 0 { // developer fields
		if limit-p < n+1 {
			return 0, w.short(p, limit)
		}
		nd := int(data[p+n])
		n += 1 + 3*nd
		if limit-p < n {
			return 0, w.short(p, limit)
		}
		for i := 0; i < nd; i++ {
			def.size += int(data[p+n-3*nd+3*i+1])
		}
	}
	if global == mesgFieldDescription && w.stopAt < 0 {
		w.hide(p, arch)
	}
	w.defs[h&0x0F] = def
	return n, nil
}
