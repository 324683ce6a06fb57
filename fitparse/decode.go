package fitparse

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/bounceback/bounceback/internal/safeio"
	"github.com/muktihari/fit/decoder"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/proto"
)

// fitEpoch is the Unix time of the FIT epoch, 1989-12-31T00:00:00Z.
const fitEpoch = 631065600

var nan = math.NaN()

// Decode reads one FIT stream (plain or chained) from r and returns what it
// holds. path names the file in errors and warnings. Decode never returns nil
// and never panics on any input: damage is reported through File.Status,
// File.Err and File.Warnings.
//
// Decode reads r to the end into memory (FIT files are a few megabytes at
// most) and then works like [DecodeBytes]. A stream longer than
// DefaultMaxFileSize is not decoded: the File is Failed, its Err wrapping
// ErrTooLarge, and no more than the cap is read.
func Decode(r io.Reader, path string) *File {
	data, err := safeio.ReadAll(path, r, 0, DefaultMaxFileSize)
	if err != nil {
		return &File{Path: path, Size: int64(len(data)), Status: Failed, Err: readError(path, err, DefaultMaxFileSize)}
	}
	return DecodeBytes(data, path)
}

// DecodeFile reads and decodes the FIT file at path, like [Decode]. Only a
// regular file is read (symbolic links followed): a FIFO, a device or a
// socket is refused at once, never waited on, with an error wrapping
// ErrNotRegular; a file larger than DefaultMaxFileSize is refused before
// it is read, with an error wrapping ErrTooLarge.
//
// A .json file named as one of the kinds of Garmin's account export (see
// ExportKindOf; wherever it lies) is read with [DecodeExport] instead,
// under DefaultMaxJSONSize; another .json file in a DI_CONNECT folder is
// Skipped, wrapping ErrNotRead.
func DecodeFile(path string) *File {
	if exportInput(path, true) != inputNone {
		return decodeExportFile(path)
	}
	data, err := safeio.ReadFile(path, DefaultMaxFileSize)
	if err != nil {
		return &File{Path: path, Status: Failed, Err: readError(path, err, DefaultMaxFileSize)}
	}
	return DecodeBytes(data, path)
}

// DecodeBytes decodes the FIT stream held in data, like [Decode]. It does
// not modify data; the File it returns does not refer to it. It is
// [DecodeContext] with a context that is never cancelled.
func DecodeBytes(data []byte, path string) *File {
	return DecodeContext(context.Background(), data, path)
}

// DecodeContext decodes the FIT stream held in data, like [DecodeBytes],
// and stops early when ctx is done: ctx is checked before every message,
// so a cancellation or a deadline is noticed within a message of it, also
// in a large file. What decoded before the stop is kept and the File is
// Partial (Failed when nothing usable decoded), with a *DecodeError naming
// the byte offset of the first message not decoded and wrapping
// context.Cause(ctx): context.Canceled, context.DeadlineExceeded, or the
// cause the context was given (Scan's per-file time budget gives one
// wrapping ErrTimeout: "decoding took longer than 20s").
//
// Decoding costs time linear in the size of data, whatever it holds (the
// field_description messages are hidden from the FIT library, which
// searched them all for every developer field: see frame.go), and memory
// bounded by it: the values a File holds take at most 4 bytes per byte of
// data, plus 1 MiB (see DecodeExpansion); past that, decoding stops at the
// message that would exceed it, like a cancellation, with a warning
// wrapping ErrTooLarge. No real file comes near the bound.
//
// The FIT sequences are framed and checked here (header, header CRC, file
// CRC, truncation), the messages are decoded by the FIT library with its
// own checksum off. Field definitions whose base type lacks the endian bit
// (6 where the profile has 0x86 uint32) are repaired on a private copy
// instead of rejecting the file.
//
// Status: workout, course, settings, weight and other non-activity files
// are Skipped (File.Err says which type); files with sessions, records or
// wellness values are OK, or Partial when damaged (File.Warnings hold a
// *DecodeError per problem); a monitoring or other file without any of
// them is Skipped; an activity file with nothing usable is Failed.
//
// Heart rate of 0 bpm (what devices write without a sensor) reads as not
// recorded. In multisport files Garmin's Training Effect, EPOC and sweat
// loss are cumulative over the sessions, as the device writes them.
//
// A device whose clock was never set writes times counting from power-on
// (FIT date_time values below 0x10000000). A timestamp_correlation message
// that pairs such a system time with a UTC date, wherever it sits in the
// file, moves every relative time onto UTC by their difference, and its
// local_timestamp (when within 14 hours) gives File.LocalOffset. Without
// one, the local_timestamp of an activity or monitoring_info message moves
// them onto the device's wall clock (HasLocalOffset true, LocalOffset
// zero); without either they stay in 1989–1998. Times that were real dates
// never move.
//
// An activity file (file type activity, or none) with records but no
// session message, at least one record holding a time, gets one Session
// rebuilt from its records, with
// Reconstructed set, and a warning wrapping ErrNoSession; its status is
// what it would be without it (Partial when damaged, else OK). The rebuilt
// session starts at the first record (the earliest, should times go back),
// or at the first timer start event when that comes at most 60 s earlier;
// Elapsed runs from the start to the latest record; Timer is the part of
// that span during which the timer events say the timer ran or, in a file
// without timer events, the sum of the steps forward between consecutive
// records, gaps longer than 60 s left out as pauses; it never exceeds
// Elapsed. Distance is the last valid record distance minus the first;
// AvgHR, AvgSpeed, AvgPower and AvgTemp are plain means over the records
// holding a value (not time-weighted), the maxima their maxima; Sport and
// SubSport come from the first sport message, else from the first lap.
// Every other value is not recorded.
//
// Values outside the physical range of their field (see valueRanges: a
// session timer longer than 7 days, a heart rate above 250 bpm, a Training
// Effect above 5) are dropped as not recorded, with one warning per file
// wrapping ErrOutOfRange that names the first of them; such a warning is
// no damage and leaves the status as it is. A field whose definition gives
// it a non-numeric base type (string or byte) where the profile has a
// number is never read as a number: it reads as not recorded. Control
// characters (C0, DEL, C1), Unicode bidirectional overrides and invalid
// UTF-8 in product_name become "?", so that no escape sequence from a file
// reaches a terminal.
func DecodeContext(ctx context.Context, data []byte, path string) (f *File) {
	f = &File{Path: path, Size: int64(len(data))}
	defer func() {
		// Belt and braces: the code below is written not to panic, but a
		// malformed file must never take the program down.
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

	l := newListener(ctx, f, fr)
	st := decoderPool.Get().(*decoderState)
	dec := st.dec
	dec.Reset(haltReader{l, bytes.NewReader(fr.data[:fr.end])},
		decoder.WithFactory(st.factory),
		decoder.WithMesgListener(l),
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
	dec.Reset(eofReader{})
	decoderPool.Put(st)

	switch {
	case l.halted != nil:
		// The library's error, if any, is the halt showing through the
		// reader.
		off := messageOffset(fr.data[:fr.end], l.nmesg)
		if off < 0 {
			off = fr.end
		}
		f.Warnings = append(f.Warnings, &DecodeError{Path: path, Offset: int64(off),
			Err: &detailError{msg: l.halted.Error() + ": the rest is not decoded", err: l.halted}})
	case decErr != nil && !(fr.cut && (errors.Is(decErr, io.EOF) || errors.Is(decErr, io.ErrUnexpectedEOF))):
		// The framing pass did not foresee this error; place it at the
		// message the library failed on.
		off := messageOffset(fr.data[:fr.end], l.nmesg)
		if off < 0 {
			off = fr.end
		}
		f.Warnings = append(f.Warnings, &DecodeError{Path: path, Offset: int64(off),
			Err: &detailError{msg: libraryError(decErr), err: ErrCorrupt}})
	}
	l.finish()
	return f
}

// readError is the error of reading the FIT file at path under the size
// cap limit, with a size-cap error worded like Scan's.
func readError(path string, err error, limit int64) error {
	var ce *safeio.CapError
	if errors.As(err, &ce) {
		return &capError{path: path, cap: limit, plain: true}
	}
	return withPath(path, err)
}

// haltReader is the listener's input: it fails once the listener halted,
// so that the FIT library stops within one read buffer of the halt.
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

// Bounds on what a decode may hold, in bytes (see DecodeContext).
const (
	// maxDecodedPerByte is how many bytes of decoded values a File may
	// hold per byte of FIT data. The real files hold at most about 3.
	maxDecodedPerByte = 4
	// maxDecodedSlack is what a File may hold beyond that, so that small
	// files with a few large messages decode.
	maxDecodedSlack = 1 << 20
)

// libraryError shortens an error of the FIT library to its last part: the
// DecodeError around it names the offset of the failing message, not the
// byte at which the library happened to notice.
func libraryError(err error) string {
	s := err.Error()
	if i := strings.LastIndex(s, "]: "); i >= 0 {
		s = s[i+3:]
	}
	return s
}

type eofReader struct{}

func (eofReader) Read([]byte) (int, error) { return 0, io.EOF }

// Column indexes of a record row.
const (
	colHR = iota
	colSpeed
	colPower
	colDistance
	colTemperature
	colCadence
	colAltitude
	nCols
)

// listener receives the decoded messages and fills a File.
type listener struct {
	ctx  context.Context
	f    *File
	fr   *frame
	path string

	// halted is why decoding stopped early (the context's cause, or the
	// memory bound); nil while it goes on. Messages after it are ignored.
	halted error
	// stored estimates the bytes of decoded values f holds; maxStored is
	// the bound on it.
	stored, maxStored int64

	nmesg  int   // messages received
	lastTS int64 // last valid timestamp (FIT seconds), -1 before any
	idSeen bool

	cols    [nCols][]float64
	capHint int

	hr hrData

	// clockShift, in seconds, moves relative device times onto the wall
	// clock (see localClock); 0 when the clock was set.
	clockShift int64
	// utc holds the first timestamp_correlation that ties the device's
	// relative system time to UTC (see correlation).
	utc clockCorrelation

	// sport and lapSport are what the first sport message and the first
	// lap say the activity was, for a session rebuilt from the records.
	sport, lapSport sportName
}

func newListener(ctx context.Context, f *File, fr *frame) *listener {
	l := &listener{ctx: ctx, f: f, fr: fr, path: f.Path, lastTS: -1, capHint: fr.records,
		maxStored: maxDecodedPerByte*int64(len(fr.data)) + maxDecodedSlack}
	if fr.records > 0 {
		f.Records.T = make([]float64, 0, fr.records)
	}
	if fr.hrvs > 0 {
		f.RR = make([]float64, 0, 5*fr.hrvs)
		f.RRTime = make([]float64, 0, 5*fr.hrvs)
	}
	if fr.hrs > 0 {
		l.hr.msgs = make([]hrMsg, 0, fr.hrs)
	}
	return l
}

// check halts the decode when the context is done or the decoded values
// passed their bound, and reports whether it halted.
func (l *listener) check() bool {
	switch {
	case l.halted != nil:
	case l.ctx.Err() != nil:
		l.halted = context.Cause(l.ctx)
	case l.stored > l.maxStored:
		l.halted = errorf(ErrTooLarge, "decoded values take more than %d bytes per byte of FIT data", maxDecodedPerByte)
	}
	return l.halted != nil
}

// OnMesg implements decoder.MesgListener. The message's field slice is
// reused by the decoder after OnMesg returns: everything is copied here.
// Once the decode halted (see check), messages are ignored.
func (l *listener) OnMesg(m proto.Message) {
	if l.check() {
		return
	}
	l.nmesg++
	switch m.Num {
	case typedef.MesgNumFileId:
		l.fileID(&m)
	case typedef.MesgNumRecord:
		l.record(&m)
	case mesgHR:
		l.hrMesg(&m)
	case typedef.MesgNumHrv:
		l.hrv(&m)
	case typedef.MesgNumEvent:
		l.event(&m)
	case typedef.MesgNumSession:
		l.session(&m)
	case typedef.MesgNumLap:
		l.lap(&m)
	case typedef.MesgNumUserProfile:
		l.userProfile(&m)
	case typedef.MesgNumTimeInZone:
		l.timeInZone(&m)
	case typedef.MesgNumWeatherConditions:
		l.weather(&m)
	case typedef.MesgNumActivity:
		l.localClock(&m, 5) // activity.local_timestamp
	case typedef.MesgNumMonitoringInfo:
		l.localClock(&m, 0) // monitoring_info.local_timestamp
	case typedef.MesgNumTimestampCorrelation:
		l.correlation(&m)
	case typedef.MesgNumSport:
		l.sportMesg(&m)
	case 140:
		l.garmin(&m)
	case typedef.MesgNumHrvStatusSummary, typedef.MesgNumHrvValue,
		typedef.MesgNumSleepAssessment, typedef.MesgNumMonitoringHrData:
		l.wellness(&m)
	default:
		l.timestamp(&m)
	}
}

// timestamp notes the message's timestamp, for messages we do not read.
func (l *listener) timestamp(m *proto.Message) {
	for i := range m.Fields {
		if m.Fields[i].Num == proto.FieldNumTimestamp {
			l.noteTS(&m.Fields[i])
			return
		}
	}
}

// noteTS records a timestamp field as the last time seen and returns it in
// FIT seconds, or -1.
func (l *listener) noteTS(f *proto.Field) int64 {
	v := f.Value
	if v.Type() != proto.TypeUint32 {
		return -1
	}
	u := v.Uint32()
	if u == math.MaxUint32 {
		return -1
	}
	l.lastTS = int64(u)
	return int64(u)
}

// num returns a numeric field in its profile units (scale and offset
// applied), or NaN when the field holds its 'invalid' value or is not a
// single number.
func num(f *proto.Field) float64 {
	v := f.Value
	var x float64
	switch v.Type() {
	case proto.TypeUint8:
		u := v.Uint8()
		if u == math.MaxUint8 && f.BaseType != 0x0A || u == 0 && f.BaseType == 0x0A {
			return nan
		}
		x = float64(u)
	case proto.TypeInt8:
		u := v.Int8()
		if u == math.MaxInt8 {
			return nan
		}
		x = float64(u)
	case proto.TypeUint16:
		u := v.Uint16()
		if u == math.MaxUint16 && f.BaseType != 0x8B || u == 0 && f.BaseType == 0x8B {
			return nan
		}
		x = float64(u)
	case proto.TypeInt16:
		u := v.Int16()
		if u == math.MaxInt16 {
			return nan
		}
		x = float64(u)
	case proto.TypeUint32:
		u := v.Uint32()
		if u == math.MaxUint32 && f.BaseType != 0x8C || u == 0 && f.BaseType == 0x8C {
			return nan
		}
		x = float64(u)
	case proto.TypeInt32:
		u := v.Int32()
		if u == math.MaxInt32 {
			return nan
		}
		x = float64(u)
	case proto.TypeFloat32, proto.TypeFloat64, proto.TypeUint64, proto.TypeInt64:
		if !v.Valid(f.BaseType) {
			return nan
		}
		switch v.Type() {
		case proto.TypeFloat32:
			x = float64(v.Float32())
		case proto.TypeFloat64:
			x = v.Float64()
		case proto.TypeUint64:
			x = float64(v.Uint64())
		default:
			x = float64(v.Int64())
		}
		if math.IsInf(x, 0) {
			return nan
		}
	default:
		return nan
	}
	if s := f.Scale; s != 1 && s != 0 {
		x /= s
	}
	return x - f.Offset
}

// heartRate returns a heart-rate field in bpm. 0 bpm is what devices write
// when no sensor is connected (Zwift, trainers, the SDK's own samples); it
// reads as not recorded, as in Garmin's SDK counts.
func heartRate(f *proto.Field) float64 {
	x := num(f)
	if x <= 0 {
		return nan
	}
	return x
}

// slice returns an array field's elements in profile units, invalid
// elements as NaN; nil when the field is not an array of numbers or holds
// no valid element.
func slice(f *proto.Field) []float64 {
	v := f.Value
	scale, offset := f.Scale, f.Offset
	if scale == 0 {
		scale = 1
	}
	var out []float64
	valid := false
	put := func(x float64, ok bool) {
		if ok {
			out = append(out, x/scale-offset)
			valid = true
		} else {
			out = append(out, nan)
		}
	}
	switch v.Type() {
	case proto.TypeSliceUint8:
		s := v.SliceUint8()
		out = make([]float64, 0, len(s))
		for _, u := range s {
			put(float64(u), u != math.MaxUint8)
		}
	case proto.TypeSliceUint16:
		s := v.SliceUint16()
		out = make([]float64, 0, len(s))
		for _, u := range s {
			put(float64(u), u != math.MaxUint16)
		}
	case proto.TypeSliceUint32:
		s := v.SliceUint32()
		out = make([]float64, 0, len(s))
		for _, u := range s {
			put(float64(u), u != math.MaxUint32)
		}
	default:
		if x := num(f); !math.IsNaN(x) {
			return []float64{x}
		}
		return nil
	}
	if !valid {
		return nil
	}
	return out
}

// u8 returns a single-byte field (enum, uint8) and whether it is valid.
func u8(f *proto.Field) (uint8, bool) {
	if f.Value.Type() != proto.TypeUint8 {
		return 0, false
	}
	u := f.Value.Uint8()
	return u, u != math.MaxUint8
}

// u16 returns a uint16 field and whether it is valid.
func u16(f *proto.Field) (uint16, bool) {
	if f.Value.Type() != proto.TypeUint16 {
		return 0, false
	}
	u := f.Value.Uint16()
	return u, u != math.MaxUint16
}

// dateTime returns a date_time field as a time, zero when invalid.
func dateTime(f *proto.Field) time.Time {
	if f.Value.Type() != proto.TypeUint32 {
		return time.Time{}
	}
	u := f.Value.Uint32()
	if u == math.MaxUint32 {
		return time.Time{}
	}
	return fitTime(int64(u))
}

func fitTime(s int64) time.Time { return time.Unix(s+fitEpoch, 0).UTC() }

// unix returns FIT seconds as Unix seconds, NaN for -1.
func unix(s int64) float64 {
	if s < 0 {
		return nan
	}
	return float64(s + fitEpoch)
}

// profileName turns a typedef String() result into a profile name: the
// name itself, or the number when the profile does not know the value.
func profileName(s string, n uint64) string {
	if strings.Contains(s, "Invalid(") {
		return strconv.FormatUint(n, 10)
	}
	return s
}

func (l *listener) fileID(m *proto.Message) {
	if l.idSeen {
		// A chained file has one file_id per sequence; the first one names
		// the file.
		return
	}
	l.idSeen = true
	id := &l.f.ID
	var manuf, product uint16
	var hasManuf, hasProduct bool
	var productName string
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case 0:
			if u, ok := u8(f); ok {
				id.Type = profileName(typedef.File(u).String(), uint64(u))
			}
		case 1:
			manuf, hasManuf = u16(f)
		case 2:
			product, hasProduct = u16(f)
		case 3:
			if f.Value.Type() == proto.TypeUint32 {
				if u := f.Value.Uint32(); u != math.MaxUint32 {
					id.Serial = u
				}
			}
		case 4:
			id.TimeCreated = dateTime(f)
		case 8:
			if f.Value.Type() == proto.TypeString {
				productName = safeText(strings.TrimRight(f.Value.String(), "\x00 "))
			}
		}
	}
	if hasManuf {
		id.Manufacturer = profileName(typedef.Manufacturer(manuf).String(), uint64(manuf))
	}
	if hasProduct {
		id.ProductID = product
	}
	id.Product = productLabel(manuf, hasManuf, product, hasProduct, productName)
}

// productLabel names a product: the profile's name where the profile
// knows it, else the product_name string, else the number.
func productLabel(manuf uint16, hasManuf bool, product uint16, hasProduct bool, name string) string {
	if hasManuf && hasProduct {
		var s string
		switch typedef.Manufacturer(manuf) {
		case typedef.ManufacturerGarmin, typedef.ManufacturerDynastream,
			typedef.ManufacturerDynastreamOem, typedef.ManufacturerTacx:
			s = typedef.GarminProduct(product).String()
		case typedef.ManufacturerFaveroElectronics:
			s = typedef.FaveroProduct(product).String()
		}
		if s != "" && !strings.Contains(s, "Invalid(") {
			return s
		}
	}
	if name != "" {
		return name
	}
	if hasProduct {
		return strconv.FormatUint(uint64(product), 10)
	}
	return ""
}

func (l *listener) record(m *proto.Message) {
	t := int64(-1)
	var row [nCols]float64
	for i := range row {
		row[i] = nan
	}
	speed, altitude := nan, nan
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case proto.FieldNumTimestamp:
			t = l.noteTS(f)
		case 3:
			row[colHR] = heartRate(f)
		case 6:
			speed = num(f)
		case 73:
			row[colSpeed] = num(f)
		case 7:
			row[colPower] = num(f)
		case 5:
			row[colDistance] = num(f)
		case 13:
			row[colTemperature] = num(f)
		case 4:
			row[colCadence] = num(f)
		case 2:
			altitude = num(f)
		case 78:
			row[colAltitude] = num(f)
		}
	}
	if math.IsNaN(row[colSpeed]) {
		row[colSpeed] = speed
	}
	if math.IsNaN(row[colAltitude]) {
		row[colAltitude] = altitude
	}

	r := &l.f.Records
	n := len(r.T)
	r.T = append(r.T, unix(t))
	l.stored += 8
	for j := range row {
		v := row[j]
		col := l.cols[j]
		if col == nil {
			if math.IsNaN(v) {
				continue
			}
			col = make([]float64, n, max(l.capHint, n+1))
			for k := range col {
				col[k] = nan
			}
			l.stored += 8 * int64(n)
		}
		l.cols[j] = append(col, v)
		l.stored += 8
	}
}

func (l *listener) hrv(m *proto.Message) {
	for i := range m.Fields {
		f := &m.Fields[i]
		if f.Num != 0 {
			continue
		}
		t := unix(l.lastTS)
		switch f.Value.Type() {
		case proto.TypeSliceUint16:
			for _, u := range f.Value.SliceUint16() {
				if u != math.MaxUint16 {
					l.f.RR = append(l.f.RR, float64(u)/1000)
					l.f.RRTime = append(l.f.RRTime, t)
					l.stored += 16
				}
			}
		case proto.TypeUint16:
			if u := f.Value.Uint16(); u != math.MaxUint16 {
				l.f.RR = append(l.f.RR, float64(u)/1000)
				l.f.RRTime = append(l.f.RRTime, t)
				l.stored += 16
			}
		}
	}
}

// Event and event type values of a timer event.
const (
	eventTimer             = 0
	eventTypeStart         = 0
	eventTypeStop          = 1
	eventTypeStopAll       = 4
	eventTypeStopDisable   = 8
	eventTypeStopDisableAl = 9
)

func (l *listener) event(m *proto.Message) {
	t := int64(-1)
	ev, typ := -1, -1
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case proto.FieldNumTimestamp:
			t = l.noteTS(f)
		case 0:
			if u, ok := u8(f); ok {
				ev = int(u)
			}
		case 1:
			if u, ok := u8(f); ok {
				typ = int(u)
			}
		}
	}
	if ev != eventTimer {
		return
	}
	var kind EventKind
	switch typ {
	case eventTypeStart:
		kind = TimerStart
	case eventTypeStop, eventTypeStopAll, eventTypeStopDisable, eventTypeStopDisableAl:
		kind = TimerStop
	default:
		return
	}
	l.f.Events = append(l.f.Events, Event{T: unix(t), Kind: kind,
		RRIndex: len(l.f.RR), RecordIndex: len(l.f.Records.T)})
	l.stored += int64(unsafe.Sizeof(Event{}))
}

// newSession returns a Session in which every value reads as not recorded.
func newSession() Session {
	return Session{
		Timer: nan, Elapsed: nan, Distance: nan, Calories: nan,
		AvgHR: nan, MaxHR: nan, AvgSpeed: nan, MaxSpeed: nan,
		AvgPower: nan, MaxPower: nan, AvgTemp: nan, MaxTemp: nan, Ascent: nan,
		AerobicTE: nan, AnaerobicTE: nan, EPOC: nan, RPE: nan, Feel: nan, SweatLoss: nan,
	}
}

func (l *listener) session(m *proto.Message) {
	s := newSession()
	avgSpeed, maxSpeed := nan, nan
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case proto.FieldNumTimestamp:
			l.noteTS(f)
		case 2:
			s.Start = dateTime(f)
		case 5:
			if u, ok := u8(f); ok {
				s.Sport = profileName(typedef.Sport(u).String(), uint64(u))
			}
		case 6:
			if u, ok := u8(f); ok {
				s.SubSport = profileName(typedef.SubSport(u).String(), uint64(u))
			}
		case 7:
			s.Elapsed = num(f)
		case 8:
			s.Timer = num(f)
		case 9:
			s.Distance = num(f)
		case 11:
			s.Calories = num(f)
		case 14:
			avgSpeed = num(f)
		case 15:
			maxSpeed = num(f)
		case 124:
			s.AvgSpeed = num(f)
		case 125:
			s.MaxSpeed = num(f)
		case 16:
			s.AvgHR = heartRate(f)
		case 17:
			s.MaxHR = heartRate(f)
		case 20:
			s.AvgPower = num(f)
		case 21:
			s.MaxPower = num(f)
		case 22:
			s.Ascent = num(f)
		case 24:
			s.AerobicTE = num(f) // profile scale 10
		case 137:
			s.AnaerobicTE = num(f) // profile scale 10
		case 168:
			s.EPOC = num(f) // profile scale 65536
		case 178:
			s.SweatLoss = num(f) / 1000 // undocumented: ml
		case 192:
			s.Feel = num(f)
		case 193:
			s.RPE = num(f) / 10
		case 25:
			if u, ok := u16(f); ok {
				s.FirstLap = int(u)
			}
		case 26:
			if u, ok := u16(f); ok {
				s.NumLaps = int(u)
			}
		case 57:
			s.AvgTemp = num(f)
		case 58:
			s.MaxTemp = num(f)
		case 65:
			s.TimeInHRZone = slice(f)
		}
	}
	if math.IsNaN(s.AvgSpeed) {
		s.AvgSpeed = avgSpeed
	}
	if math.IsNaN(s.MaxSpeed) {
		s.MaxSpeed = maxSpeed
	}
	l.f.Sessions = append(l.f.Sessions, s)
	l.stored += int64(unsafe.Sizeof(s)) + 8*int64(len(s.TimeInHRZone))
}

func (l *listener) lap(m *proto.Message) {
	p := Lap{Timer: nan, Elapsed: nan, Distance: nan, AvgHR: nan, MaxHR: nan, AvgSpeed: nan, AvgPower: nan}
	avgSpeed := nan
	var sport sportName
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case proto.FieldNumTimestamp:
			l.noteTS(f)
		case 2:
			p.Start = dateTime(f)
		case 7:
			p.Elapsed = num(f)
		case 8:
			p.Timer = num(f)
		case 9:
			p.Distance = num(f)
		case 13:
			avgSpeed = num(f)
		case 110:
			p.AvgSpeed = num(f)
		case 15:
			p.AvgHR = heartRate(f)
		case 16:
			p.MaxHR = heartRate(f)
		case 19:
			p.AvgPower = num(f)
		case 23:
			if u, ok := u8(f); ok {
				p.Intensity = profileName(typedef.Intensity(u).String(), uint64(u))
			}
		case 25:
			sport.setSport(f)
		case 39:
			sport.setSubSport(f)
		}
	}
	if math.IsNaN(p.AvgSpeed) {
		p.AvgSpeed = avgSpeed
	}
	if len(l.f.Laps) == 0 {
		l.lapSport = sport
	}
	l.f.Laps = append(l.f.Laps, p)
	l.stored += int64(unsafe.Sizeof(p))
}

func (l *listener) userProfile(m *proto.Message) {
	u := UserProfile{Age: nan, Weight: nan, Height: nan, RestingHR: nan, MaxHR: nan}
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case 1:
			if g, ok := u8(f); ok {
				switch typedef.Gender(g) {
				case typedef.GenderFemale:
					u.Sex = "female"
				case typedef.GenderMale:
					u.Sex = "male"
				}
			}
		case 2:
			u.Age = num(f)
		case 3:
			u.Height = num(f)
		case 4:
			u.Weight = num(f)
		case 8:
			u.RestingHR = heartRate(f)
		case 11:
			u.MaxHR = heartRate(f)
		}
	}
	l.f.UserProfiles = append(l.f.UserProfiles, u)
	l.stored += int64(unsafe.Sizeof(u))
}

func (l *listener) timeInZone(m *proto.Message) {
	z := ZoneSettings{T: nan, MaxHR: nan, RestingHR: nan, ThresholdHR: nan, FTP: nan}
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case proto.FieldNumTimestamp:
			z.T = unix(l.noteTS(f))
		case 0:
			if u, ok := u16(f); ok {
				z.Ref = profileName(typedef.MesgNum(u).String(), uint64(u))
			}
		case 2:
			z.TimeInHRZone = slice(f)
		case 6:
			z.HRZoneHigh = slice(f)
		case 10:
			if u, ok := u8(f); ok {
				z.HRCalc = profileName(typedef.HrZoneCalc(u).String(), uint64(u))
			}
		case 11:
			z.MaxHR = heartRate(f)
		case 12:
			z.RestingHR = heartRate(f)
		case 13:
			z.ThresholdHR = heartRate(f)
		case 15:
			z.FTP = num(f)
		}
	}
	l.f.Zones = append(l.f.Zones, z)
	l.stored += int64(unsafe.Sizeof(z)) + 8*int64(len(z.HRZoneHigh)+len(z.TimeInHRZone))
}

func (l *listener) weather(m *proto.Message) {
	w := Weather{T: nan, Temperature: nan, Humidity: nan}
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case proto.FieldNumTimestamp:
			w.T = unix(l.noteTS(f))
		case 1:
			w.Temperature = num(f)
		case 7:
			w.Humidity = num(f)
		}
	}
	l.f.Weather = append(l.f.Weather, w)
	l.stored += int64(unsafe.Sizeof(w))
}

// localClock reads the device's wall clock from an activity or
// monitoring_info message: local_timestamp (field localField) against the
// message's UTC timestamp gives the offset from UTC.
func (l *listener) localClock(m *proto.Message, localField byte) {
	ts, local := int64(-1), int64(-1)
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case proto.FieldNumTimestamp:
			ts = l.noteTS(f)
		case localField:
			if f.Value.Type() == proto.TypeUint32 {
				if u := f.Value.Uint32(); u != math.MaxUint32 {
					local = int64(u)
				}
			}
		}
	}
	switch {
	case ts < 0 || local < 0:
	case ts < fitRelativeLimit && local >= fitRelativeLimit:
		// The device clock was never set: timestamps count seconds from
		// power-on while local_timestamp is the wall clock. finish shifts
		// every time onto the wall clock.
		l.clockShift = local - ts
	case ts >= fitRelativeLimit && local >= fitRelativeLimit && abs64(local-ts) <= maxUTCOffset:
		l.f.LocalOffset = time.Duration(local-ts) * time.Second
		l.f.HasLocalOffset = true
	}
}

// clockCorrelation is a timestamp_correlation message of a device whose
// clock was never set: it pairs the device's system time with UTC.
type clockCorrelation struct {
	// ok is set once such a message was read.
	ok bool
	// shift, in seconds, moves a relative system time onto UTC.
	shift int64
	// offset is the device's offset from UTC in seconds (local_timestamp
	// against timestamp); hasOffset says whether it is known.
	offset    int64
	hasOffset bool
}

// correlation reads a timestamp_correlation message. When its timestamp is
// a real date (UTC, from GPS or a phone) and its system_timestamp counts
// from power-on, the device's clock was never set: the first such message
// gives the shift, timestamp − system_timestamp, that finish applies to
// every relative time of the file, and its local_timestamp, when it lies
// within maxUTCOffset of the timestamp, gives the UTC offset. The
// fractional fields, when present, refine the shift, which is rounded to
// whole seconds like every FIT time. In such a message only the system
// timestamp is on the clock of the file's other times, so it, not the UTC
// timestamp, is noted as the last time seen. Any other correlation (a set
// clock) is read like a message we do not read.
func (l *listener) correlation(m *proto.Message) {
	var tsField *proto.Field
	ts, sys, local := int64(-1), int64(-1), int64(-1)
	frac, fracMS, sysFrac, sysFracMS := nan, nan, nan, nan
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case proto.FieldNumTimestamp:
			tsField, ts = f, fitSeconds(f)
		case 0:
			frac = num(f) // fractional_timestamp, s
		case 1:
			sys = fitSeconds(f)
		case 2:
			sysFrac = num(f) // fractional_system_timestamp, s
		case 3:
			local = fitSeconds(f)
		case 4:
			fracMS = num(f) // timestamp_ms
		case 5:
			sysFracMS = num(f) // system_timestamp_ms
		}
	}
	if ts < fitRelativeLimit || sys < 0 || sys >= fitRelativeLimit {
		if tsField != nil {
			l.noteTS(tsField)
		}
		return
	}
	l.lastTS = sys
	if l.utc.ok {
		return
	}
	d := float64(ts-sys) + fraction(frac, fracMS) - fraction(sysFrac, sysFracMS)
	l.utc = clockCorrelation{ok: true, shift: int64(math.Round(d))}
	if local >= fitRelativeLimit && abs64(local-ts) <= maxUTCOffset {
		l.utc.offset, l.utc.hasOffset = local-ts, true
	}
}

// fraction returns the fractional part of a time in seconds from a field
// in seconds or, failing that, one in milliseconds; 0 when neither is
// valid.
func fraction(s, ms float64) float64 {
	switch {
	case s >= 0 && s < 1:
		return s
	case ms >= 0 && ms < 1000:
		return ms / 1000
	}
	return 0
}

// fitSeconds returns a date_time or local_date_time field in FIT seconds,
// or -1 when it is invalid or not a uint32.
func fitSeconds(f *proto.Field) int64 {
	if f.Value.Type() != proto.TypeUint32 {
		return -1
	}
	u := f.Value.Uint32()
	if u == math.MaxUint32 {
		return -1
	}
	return int64(u)
}

// fitRelativeLimit is the FIT date_time below which a value counts seconds
// since the device powered on rather than since the FIT epoch (FIT profile,
// date_time: "if less than 0x10000000 ... system time").
const fitRelativeLimit = 0x10000000

// relativeUnix is fitRelativeLimit as Unix seconds (1998-07-05): a decoded
// time before it was a relative device time.
const relativeUnix = fitEpoch + fitRelativeLimit

// maxUTCOffset is the largest offset from UTC in use anywhere (UTC+14), in
// seconds; a local_timestamp further than this from the timestamp is not a
// time zone.
const maxUTCOffset = 14 * 3600

func abs64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// garmin reads Garmin's undocumented message 140.
func (l *listener) garmin(m *proto.Message) {
	g := GarminMetrics{T: nan, RecoveryTime: nan, AerobicTE: nan, VO2max: nan}
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case proto.FieldNumTimestamp:
			g.T = unix(l.noteTS(f))
		case 4:
			g.AerobicTE = num(f) / 10
		case 7:
			if v := num(f); v > 0 { // 0: not computed
				g.VO2max = v / 65536 * 3.5
			}
		case 9:
			g.RecoveryTime = num(f)
		}
	}
	l.f.Garmin = append(l.f.Garmin, g)
	l.stored += int64(unsafe.Sizeof(g))
}

func (l *listener) wellness(m *proto.Message) {
	w := Wellness{RMSSD: nan, WeeklyRMSSD: nan, BaselineLow: nan, BaselineHigh: nan, SleepScore: nan, RestingHR: nan}
	ts := int64(-1)
	rest7 := nan
	for i := range m.Fields {
		f := &m.Fields[i]
		if f.Num == proto.FieldNumTimestamp {
			ts = l.noteTS(f)
			continue
		}
		switch m.Num {
		case typedef.MesgNumHrvStatusSummary:
			switch f.Num {
			case 0:
				w.WeeklyRMSSD = num(f)
			case 1:
				w.RMSSD = num(f)
			case 4:
				w.BaselineLow = num(f)
			case 5:
				w.BaselineHigh = num(f)
			case 6:
				if u, ok := u8(f); ok {
					w.Status = profileName(typedef.HrvStatus(u).String(), uint64(u))
				}
			}
		case typedef.MesgNumHrvValue:
			if f.Num == 0 {
				w.RMSSD = num(f)
			}
		case typedef.MesgNumSleepAssessment:
			if f.Num == 6 {
				w.SleepScore = num(f)
			}
		case typedef.MesgNumMonitoringHrData:
			switch f.Num {
			case 0:
				rest7 = heartRate(f)
			case 1:
				w.RestingHR = heartRate(f)
			}
		}
	}
	switch m.Num {
	case typedef.MesgNumHrvStatusSummary:
		w.Kind = WellnessHRVStatus
	case typedef.MesgNumHrvValue:
		w.Kind = WellnessHRVValue
	case typedef.MesgNumSleepAssessment:
		w.Kind = WellnessSleep
	case typedef.MesgNumMonitoringHrData:
		w.Kind = WellnessRestingHR
		if math.IsNaN(w.RestingHR) {
			w.RestingHR = rest7
		}
	}
	if ts < 0 {
		ts = l.lastTS
	}
	if ts >= 0 {
		w.Time = fitTime(ts)
	}
	if math.IsNaN(w.RMSSD) && math.IsNaN(w.WeeklyRMSSD) && math.IsNaN(w.SleepScore) &&
		math.IsNaN(w.RestingHR) && w.Status == "" {
		return
	}
	l.f.Wellness = append(l.f.Wellness, w)
	l.stored += int64(unsafe.Sizeof(w))
}

// nonActivity lists the file types that hold no workout data: such files
// are Skipped, not decoded into activities.
var nonActivity = map[string]bool{
	"device": true, "settings": true, "sport": true, "workout": true, "course": true,
	"schedules": true, "weight": true, "totals": true, "goals": true,
	"blood_pressure": true, "segment": true, "segment_list": true,
	"exd_configuration": true,
}

// finish merges the heart rate and decides the file's status.
func (l *listener) finish() {
	f := l.f
	r := &f.Records
	r.HR = l.cols[colHR]
	r.Speed = l.cols[colSpeed]
	r.Power = l.cols[colPower]
	r.Distance = l.cols[colDistance]
	r.Temperature = l.cols[colTemperature]
	r.Cadence = l.cols[colCadence]
	r.Altitude = l.cols[colAltitude]

	f.StrapHR = l.hr.count()
	if f.StrapHR > 0 && r.Len() > 0 {
		l.hr.maxSamples = int(max(l.maxStored-l.stored, 0)/int64(unsafe.Sizeof(hrSample{}))) + 1
		if n, err := l.hr.merge(r); err != nil {
			f.Warnings = append(f.Warnings, fmt.Errorf("%s: hr messages not merged: %w", f.Path, err))
		} else if n > 0 {
			f.HRSource = HRStrap
		}
	}
	if f.HRSource == HRNone && r.HR != nil {
		f.HRSource = HRRecord
	}
	l.setClock()
	l.rebuildSession()
	if err := f.dropOutOfRange(); err != nil {
		f.Warnings = append(f.Warnings, err)
	}

	damaged := len(l.fr.damage) > 0 || len(f.Warnings) > 0 && hasDecodeError(f.Warnings)
	switch {
	case nonActivity[f.ID.Type]:
		f.Status = Skipped
		f.Err = fmt.Errorf("%s: %s file, not an activity", f.Path, f.ID.Type)
	case f.IsActivity() || len(f.Wellness) > 0:
		f.Status = OK
		if damaged {
			f.Status = Partial
		}
	case damaged:
		f.Status = Failed
		f.Err = firstDecodeError(f.Warnings)
	case f.ID.Type == "" || f.ID.Type == "activity":
		f.Status = Failed
		f.Err = &DecodeError{Path: f.Path, Offset: int64(len(l.fr.data)),
			Err: errorf(ErrNoData, "no sessions, records or wellness values")}
	default:
		f.Status = Skipped
		f.Err = fmt.Errorf("%s: %s file holds none of the activity or wellness messages bounceback reads", f.Path, f.ID.Type)
	}
}

func hasDecodeError(ws []error) bool { return firstDecodeError(ws) != nil }

func firstDecodeError(ws []error) error {
	for _, w := range ws {
		var de *DecodeError
		if errors.As(w, &de) {
			return w
		}
	}
	return nil
}

// setClock moves the times of a device whose clock was never set. A
// timestamp_correlation puts them on UTC; the UTC offset then comes from
// its local_timestamp or, failing that, from the wall clock of an activity
// or monitoring_info message. Without a correlation, that wall clock puts
// them on local time with an unknown UTC offset, recorded as
// HasLocalOffset with a zero LocalOffset. Otherwise the times stay as the
// file holds them: a device clock never set and never correlated leaves
// dates in 1989–1998.
func (l *listener) setClock() {
	f := l.f
	switch {
	case l.utc.ok:
		f.shiftRelative(l.utc.shift)
		switch wall := l.clockShift - l.utc.shift; {
		case l.utc.hasOffset:
			f.LocalOffset, f.HasLocalOffset = time.Duration(l.utc.offset)*time.Second, true
		case l.clockShift != 0 && abs64(wall) <= maxUTCOffset:
			f.LocalOffset, f.HasLocalOffset = time.Duration(wall)*time.Second, true
		}
	case l.clockShift != 0:
		f.shiftRelative(l.clockShift)
		f.LocalOffset, f.HasLocalOffset = 0, true
	}
}

// shiftRelative moves by d seconds every time in f that was a relative
// device time (before relativeUnix once decoded); times that were real
// dates, and missing times, stay as they are.
func (f *File) shiftRelative(d int64) {
	dt := time.Duration(d) * time.Second
	shiftT := func(t *time.Time) {
		if !t.IsZero() && t.Unix() < relativeUnix {
			*t = t.Add(dt)
		}
	}
	shiftU := func(x *float64) {
		if *x < relativeUnix { // false for NaN
			*x += float64(d)
		}
	}
	shiftUs := func(xs []float64) {
		for i := range xs {
			shiftU(&xs[i])
		}
	}
	shiftT(&f.ID.TimeCreated)
	for i := range f.Sessions {
		shiftT(&f.Sessions[i].Start)
	}
	for i := range f.Laps {
		shiftT(&f.Laps[i].Start)
	}
	shiftUs(f.Records.T)
	shiftUs(f.RRTime)
	for i := range f.Events {
		shiftU(&f.Events[i].T)
	}
	for i := range f.Zones {
		shiftU(&f.Zones[i].T)
	}
	for i := range f.Weather {
		shiftU(&f.Weather[i].T)
	}
	for i := range f.Garmin {
		shiftU(&f.Garmin[i].T)
	}
	for i := range f.Wellness {
		shiftT(&f.Wellness[i].Time)
	}
}
