package fitparse

import (
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
	"github.com/muktihari/fit/profile/typedef"
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
// Decoding costs time linear in the size of data, whatever it holds
// (developer fields are skipped by their size, never looked up), and memory
// bounded by it: the values a File holds take at most 4 bytes per byte of
// data, plus 1 MiB (see DecodeExpansion); past that, decoding stops at the
// message that would exceed it, like a cancellation, with a warning
// wrapping ErrTooLarge. No real file comes near the bound.
//
// The FIT sequences are framed and checked here (header, header CRC, file
// CRC, truncation: frame.go), then the data messages are decoded by our
// own decoder (read.go), which reads only the fields bounceback uses, each
// as the FIT library reads it (profile base types, components, invalid
// values: a differential test holds it to the library on every real
// file). Field definitions whose base type lacks the endian bit
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
	d := mesgDecoderPool.Get().(*mesgDecoder)
	off := d.decodeMessages(fr.data[:fr.end], l)
	d.release()
	mesgDecoderPool.Put(d)
	if l.halted != nil {
		if off < 0 {
			off = fr.end
		}
		f.Warnings = append(f.Warnings, &DecodeError{Path: path, Offset: int64(off),
			Err: &detailError{msg: l.halted.Error() + ": the rest is not decoded", err: l.halted}})
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

// Bounds on what a decode may hold, in bytes (see DecodeContext).
const (
	// maxDecodedPerByte is how many bytes of decoded values a File may
	// hold per byte of FIT data. The real files hold at most about 3.
	maxDecodedPerByte = 4
	// maxDecodedSlack is what a File may hold beyond that, so that small
	// files with a few large messages decode.
	maxDecodedSlack = 1 << 20
)

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

	lastTS int64 // last valid timestamp (FIT seconds), -1 before any
	idSeen bool

	// t and cols are the record columns, written by index; nrec records
	// are in them (see record).
	t       []float64
	cols    [nCols][]float64
	nrec    int
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
		l.t = make([]float64, fr.records)
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

// onMesg reads one decoded message. The message and its fields are
// reused for the next one: everything is copied here.
func (l *listener) onMesg(m *message) {
	switch m.Num {
	case mesgFileID:
		l.fileID(m)
	case mesgRecord:
		l.record(m)
	case mesgHR:
		l.hrMesg(m)
	case mesgHRV:
		l.hrv(m)
	case mesgEvent:
		l.event(m)
	case mesgSession:
		l.session(m)
	case mesgLap:
		l.lap(m)
	case mesgUserProfile:
		l.userProfile(m)
	case mesgTimeInZone:
		l.timeInZone(m)
	case mesgWeatherConditions:
		l.weather(m)
	case mesgActivity:
		l.localClock(m, activityLocalTimestamp)
	case mesgMonitoringInfo:
		l.localClock(m, monitoringInfoLocalTimestamp)
	case mesgTimestampCorrelation:
		l.correlation(m)
	case mesgSport:
		l.sportMesg(m)
	case mesgGarmin:
		l.garmin(m)
	case mesgHRVStatusSummary, mesgHRVValue, mesgSleepAssessment, mesgMonitoringHRData:
		l.wellness(m)
	default:
		l.timestamp(m)
	}
}

// timestamp notes the message's timestamp, for messages we do not read.
func (l *listener) timestamp(m *message) {
	for i := range m.Fields {
		if m.Fields[i].Num == fieldTimestamp {
			l.noteTS(&m.Fields[i])
			return
		}
	}
}

// noteTS records a timestamp field as the last time seen and returns it in
// FIT seconds, or -1.
func (l *listener) noteTS(f *field) int64 {
	u, ok := u32(f)
	if !ok {
		return -1
	}
	l.lastTS = int64(u)
	return int64(u)
}

// dateTime returns a date_time field as a time, zero when invalid.
func dateTime(f *field) time.Time {
	u, ok := u32(f)
	if !ok {
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

func (l *listener) fileID(m *message) {
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
		case fileIDType:
			if u, ok := u8(f); ok {
				id.Type = profileName(typedef.File(u).String(), uint64(u))
			}
		case fileIDManufacturer:
			manuf, hasManuf = u16(f)
		case fileIDProduct:
			product, hasProduct = u16(f)
		case fileIDSerialNumber:
			if u, ok := u32(f); ok {
				id.Serial = u
			}
		case fileIDTimeCreated:
			id.TimeCreated = dateTime(f)
		case fileIDProductName:
			if t, ok := text(m, f); ok {
				productName = safeText(strings.TrimRight(t, "\x00 "))
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

func (l *listener) record(m *message) {
	t := int64(-1)
	var row [nCols]float64
	for i := range row {
		row[i] = nan
	}
	speed, altitude := nan, nan
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case fieldTimestamp:
			t = l.noteTS(f)
		case recordHR:
			row[colHR] = heartRate(f)
		case recordSpeed:
			speed = num(f)
		case recordEnhSpeed:
			row[colSpeed] = num(f)
		case recordPower:
			row[colPower] = num(f)
		case recordDistance:
			row[colDistance] = num(f)
		case recordTemperature:
			row[colTemperature] = num(f)
		case recordCadence:
			row[colCadence] = num(f)
		case recordAltitude:
			altitude = num(f)
		case recordEnhAltitude:
			row[colAltitude] = num(f)
		}
	}
	if math.IsNaN(row[colSpeed]) {
		row[colSpeed] = speed
	}
	if math.IsNaN(row[colAltitude]) {
		row[colAltitude] = altitude
	}
	l.addRecord(t, &row)
}

// addRecord stores a record at time t (FIT seconds, -1 when not
// recorded) with the column values row.
func (l *listener) addRecord(t int64, row *[nCols]float64) {
	// The columns are written by index, their lengths set by finish: an
	// append would store each slice back, a write barrier per value while
	// the garbage collector runs.
	n := l.nrec
	if n == len(l.t) {
		l.t = grow(l.t, n)
	}
	l.t[n] = unix(t)
	l.nrec++
	l.stored += 8
	for j := range row {
		v := row[j]
		col := l.cols[j]
		if col == nil {
			if math.IsNaN(v) {
				continue
			}
			col = make([]float64, max(l.capHint, n+1))
			for k := range n {
				col[k] = nan
			}
			l.cols[j] = col
			l.stored += 8 * int64(n)
		} else if n == len(col) {
			col = grow(col, n)
			l.cols[j] = col
		}
		col[n] = v
		l.stored += 8
	}
}

// grow returns col, of length n, with room for more values.
func grow(col []float64, n int) []float64 {
	col = append(col[:n], 0)
	return col[:cap(col)]
}

func (l *listener) hrv(m *message) {
	for i := range m.Fields {
		f := &m.Fields[i]
		if f.Num != hrvTime {
			continue
		}
		t := unix(l.lastTS)
		switch f.typ {
		case vSliceUint16:
			for _, u := range m.elems(f) {
				l.rr(u, t)
			}
		case vUint16:
			l.rr(uint32(f.u), t)
		}
	}
}

// rr appends an RR interval in ms, read at time t, unless it is invalid.
func (l *listener) rr(u uint32, t float64) {
	if u != math.MaxUint16 {
		l.f.RR = append(l.f.RR, float64(u)/1000)
		l.f.RRTime = append(l.f.RRTime, t)
		l.stored += 16
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

func (l *listener) event(m *message) {
	t := int64(-1)
	ev, typ := -1, -1
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case fieldTimestamp:
			t = l.noteTS(f)
		case eventEvent:
			if u, ok := u8(f); ok {
				ev = int(u)
			}
		case eventType:
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
		RRIndex: len(l.f.RR), RecordIndex: l.nrec})
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

func (l *listener) session(m *message) {
	s := newSession()
	avgSpeed, maxSpeed := nan, nan
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case fieldTimestamp:
			l.noteTS(f)
		case sessionStartTime:
			s.Start = dateTime(f)
		case sessionSport:
			if u, ok := u8(f); ok {
				s.Sport = profileName(typedef.Sport(u).String(), uint64(u))
			}
		case sessionSubSport:
			if u, ok := u8(f); ok {
				s.SubSport = profileName(typedef.SubSport(u).String(), uint64(u))
			}
		case sessionElapsed:
			s.Elapsed = num(f)
		case sessionTimer:
			s.Timer = num(f)
		case sessionDistance:
			s.Distance = num(f)
		case sessionCalories:
			s.Calories = num(f)
		case sessionAvgSpeed:
			avgSpeed = num(f)
		case sessionMaxSpeed:
			maxSpeed = num(f)
		case sessionEnhAvgSpeed:
			s.AvgSpeed = num(f)
		case sessionEnhMaxSpeed:
			s.MaxSpeed = num(f)
		case sessionAvgHR:
			s.AvgHR = heartRate(f)
		case sessionMaxHR:
			s.MaxHR = heartRate(f)
		case sessionAvgPower:
			s.AvgPower = num(f)
		case sessionMaxPower:
			s.MaxPower = num(f)
		case sessionAscent:
			s.Ascent = num(f)
		case sessionAerobicTE:
			s.AerobicTE = num(f) // profile scale 10
		case sessionAnaerobicTE:
			s.AnaerobicTE = num(f) // profile scale 10
		case sessionEPOC:
			s.EPOC = num(f) // profile scale 65536
		case sessionSweatLoss:
			s.SweatLoss = num(f) / 1000 // undocumented: ml
		case sessionFeel:
			s.Feel = num(f)
		case sessionRPE:
			s.RPE = num(f) / 10
		case sessionFirstLap:
			if u, ok := u16(f); ok {
				s.FirstLap = int(u)
			}
		case sessionNumLaps:
			if u, ok := u16(f); ok {
				s.NumLaps = int(u)
			}
		case sessionAvgTemp:
			s.AvgTemp = num(f)
		case sessionMaxTemp:
			s.MaxTemp = num(f)
		case sessionTimeInHRZone:
			s.TimeInHRZone = slice(m, f)
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

func (l *listener) lap(m *message) {
	p := Lap{Timer: nan, Elapsed: nan, Distance: nan, AvgHR: nan, MaxHR: nan, AvgSpeed: nan, AvgPower: nan}
	avgSpeed := nan
	var sport sportName
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case fieldTimestamp:
			l.noteTS(f)
		case lapStartTime:
			p.Start = dateTime(f)
		case lapElapsed:
			p.Elapsed = num(f)
		case lapTimer:
			p.Timer = num(f)
		case lapDistance:
			p.Distance = num(f)
		case lapAvgSpeed:
			avgSpeed = num(f)
		case lapEnhAvgSpeed:
			p.AvgSpeed = num(f)
		case lapAvgHR:
			p.AvgHR = heartRate(f)
		case lapMaxHR:
			p.MaxHR = heartRate(f)
		case lapAvgPower:
			p.AvgPower = num(f)
		case lapIntensity:
			if u, ok := u8(f); ok {
				p.Intensity = profileName(typedef.Intensity(u).String(), uint64(u))
			}
		case lapSport:
			sport.setSport(f)
		case lapSubSport:
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

func (l *listener) userProfile(m *message) {
	u := UserProfile{Age: nan, Weight: nan, Height: nan, RestingHR: nan, MaxHR: nan}
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case userProfileGender:
			if g, ok := u8(f); ok {
				switch typedef.Gender(g) {
				case typedef.GenderFemale:
					u.Sex = "female"
				case typedef.GenderMale:
					u.Sex = "male"
				}
			}
		case userProfileAge:
			u.Age = num(f)
		case userProfileHeight:
			u.Height = num(f)
		case userProfileWeight:
			u.Weight = num(f)
		case userProfileRestingHR:
			u.RestingHR = heartRate(f)
		case userProfileMaxHR:
			u.MaxHR = heartRate(f)
		}
	}
	l.f.UserProfiles = append(l.f.UserProfiles, u)
	l.stored += int64(unsafe.Sizeof(u))
}

func (l *listener) timeInZone(m *message) {
	z := ZoneSettings{T: nan, MaxHR: nan, RestingHR: nan, ThresholdHR: nan, FTP: nan}
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case fieldTimestamp:
			z.T = unix(l.noteTS(f))
		case timeInZoneReference:
			if u, ok := u16(f); ok {
				z.Ref = profileName(typedef.MesgNum(u).String(), uint64(u))
			}
		case timeInZoneTimeInHRZone:
			z.TimeInHRZone = slice(m, f)
		case timeInZoneHRZoneHigh:
			z.HRZoneHigh = slice(m, f)
		case timeInZoneHRCalc:
			if u, ok := u8(f); ok {
				z.HRCalc = profileName(typedef.HrZoneCalc(u).String(), uint64(u))
			}
		case timeInZoneMaxHR:
			z.MaxHR = heartRate(f)
		case timeInZoneRestingHR:
			z.RestingHR = heartRate(f)
		case timeInZoneThresholdHR:
			z.ThresholdHR = heartRate(f)
		case timeInZoneFTP:
			z.FTP = num(f)
		}
	}
	l.f.Zones = append(l.f.Zones, z)
	l.stored += int64(unsafe.Sizeof(z)) + 8*int64(len(z.HRZoneHigh)+len(z.TimeInHRZone))
}

func (l *listener) weather(m *message) {
	w := Weather{T: nan, Temperature: nan, Humidity: nan}
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case fieldTimestamp:
			w.T = unix(l.noteTS(f))
		case weatherTemperature:
			w.Temperature = num(f)
		case weatherHumidity:
			w.Humidity = num(f)
		}
	}
	l.f.Weather = append(l.f.Weather, w)
	l.stored += int64(unsafe.Sizeof(w))
}

// localClock reads the device's wall clock from an activity or
// monitoring_info message: local_timestamp (field localField) against the
// message's UTC timestamp gives the offset from UTC.
func (l *listener) localClock(m *message, localField byte) {
	ts, local := int64(-1), int64(-1)
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case fieldTimestamp:
			ts = l.noteTS(f)
		case localField:
			if u, ok := u32(f); ok {
				local = int64(u)
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
func (l *listener) correlation(m *message) {
	var tsField *field
	ts, sys, local := int64(-1), int64(-1), int64(-1)
	frac, fracMS, sysFrac, sysFracMS := nan, nan, nan, nan
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case fieldTimestamp:
			tsField, ts = f, fitSeconds(f)
		case correlationFractional:
			frac = num(f) // fractional_timestamp, s
		case correlationSystem:
			sys = fitSeconds(f)
		case correlationSystemFrac:
			sysFrac = num(f) // fractional_system_timestamp, s
		case correlationLocal:
			local = fitSeconds(f)
		case correlationTimestampMS:
			fracMS = num(f) // timestamp_ms
		case correlationSystemMS:
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
func fitSeconds(f *field) int64 {
	u, ok := u32(f)
	if !ok {
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
func (l *listener) garmin(m *message) {
	g := GarminMetrics{T: nan, RecoveryTime: nan, AerobicTE: nan, VO2max: nan}
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case fieldTimestamp:
			g.T = unix(l.noteTS(f))
		case garminAerobicTE:
			g.AerobicTE = num(f) / 10
		case garminVO2max:
			if v := num(f); v > 0 { // 0: not computed
				g.VO2max = v / 65536 * 3.5
			}
		case garminRecoveryTime:
			g.RecoveryTime = num(f)
		}
	}
	l.f.Garmin = append(l.f.Garmin, g)
	l.stored += int64(unsafe.Sizeof(g))
}

func (l *listener) wellness(m *message) {
	w := Wellness{RMSSD: nan, WeeklyRMSSD: nan, BaselineLow: nan, BaselineHigh: nan, SleepScore: nan, RestingHR: nan}
	ts := int64(-1)
	rest7 := nan
	for i := range m.Fields {
		f := &m.Fields[i]
		if f.Num == fieldTimestamp {
			ts = l.noteTS(f)
			continue
		}
		switch m.Num {
		case mesgHRVStatusSummary:
			switch f.Num {
			case hrvSummaryWeekly:
				w.WeeklyRMSSD = num(f)
			case hrvSummaryLastNight:
				w.RMSSD = num(f)
			case hrvSummaryBaselineLow:
				w.BaselineLow = num(f)
			case hrvSummaryBaselineHigh:
				w.BaselineHigh = num(f)
			case hrvSummaryStatus:
				if u, ok := u8(f); ok {
					w.Status = profileName(typedef.HrvStatus(u).String(), uint64(u))
				}
			}
		case mesgHRVValue:
			if f.Num == hrvValueValue {
				w.RMSSD = num(f)
			}
		case mesgSleepAssessment:
			if f.Num == sleepAssessmentScore {
				w.SleepScore = num(f)
			}
		case mesgMonitoringHRData:
			switch f.Num {
			case monitoringHRRest7:
				rest7 = heartRate(f)
			case monitoringHRRestToday:
				w.RestingHR = heartRate(f)
			}
		}
	}
	switch m.Num {
	case mesgHRVStatusSummary:
		w.Kind = WellnessHRVStatus
	case mesgHRVValue:
		w.Kind = WellnessHRVValue
	case mesgSleepAssessment:
		w.Kind = WellnessSleep
	case mesgMonitoringHRData:
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
	if l.t != nil {
		r.T = l.t[:l.nrec]
	}
	for j := range l.cols {
		if l.cols[j] != nil {
			l.cols[j] = l.cols[j][:l.nrec]
		}
	}
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
