package fitgen

import (
	"fmt"
	"math"
	"time"

	"github.com/muktihari/fit/encoder"
	"github.com/muktihari/fit/kit/datetime"
	"github.com/muktihari/fit/profile/basetype"
	"github.com/muktihari/fit/profile/factory"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/profile/untyped/fieldnum"
	"github.com/muktihari/fit/profile/untyped/mesgnum"
	"github.com/muktihari/fit/proto"
)

// memFile is an in-memory io.Writer and io.WriterAt for the stream encoder.
type memFile struct{ b []byte }

func (m *memFile) Write(p []byte) (int, error) {
	m.b = append(m.b, p...)
	return len(p), nil
}

func (m *memFile) WriteAt(p []byte, off int64) (int, error) {
	if off < 0 || int(off)+len(p) > len(m.b) {
		return 0, fmt.Errorf("fitgen: write at %d beyond %d bytes", off, len(m.b))
	}
	copy(m.b[off:], p)
	return len(p), nil
}

// fitWriter encodes one FIT file message by message. The first error sticks.
type fitWriter struct {
	mf    memFile
	enc   *encoder.StreamEncoder
	err   error
	count map[typedef.MesgNum]int
}

func newFitWriter(sizeHint int) *fitWriter {
	w := &fitWriter{mf: memFile{b: make([]byte, 0, sizeHint)}, count: map[typedef.MesgNum]int{}}
	// 16 local message types keep interleaved record/hrv/lap messages from
	// redefining each other.
	w.enc, w.err = encoder.NewStream(&w.mf, encoder.WithHeaderOption(encoder.HeaderOptionNormal, 15))
	return w
}

func (w *fitWriter) put(m proto.Message) {
	if w.err != nil {
		return
	}
	m.Header = 0
	if err := w.enc.WriteMessage(&m); err != nil {
		w.err = fmt.Errorf("fitgen: %v: %w", m.Num, err)
		return
	}
	w.count[m.Num]++
}

func (w *fitWriter) finish() ([]byte, error) {
	if w.err != nil {
		return nil, w.err
	}
	if err := w.enc.SequenceCompleted(); err != nil {
		return nil, fmt.Errorf("fitgen: %w", err)
	}
	return w.mf.b, nil
}

// fitTime converts to FIT's seconds since 1989-12-31 UTC.
func fitTime(t time.Time) uint32 { return datetime.ToUint32(t) }

// Field templates for the messages written in bulk (records, hrv, hr).
var (
	fRecTimestamp = factory.CreateField(mesgnum.Record, fieldnum.RecordTimestamp)
	fRecHR        = factory.CreateField(mesgnum.Record, fieldnum.RecordHeartRate)
	fRecDistance  = factory.CreateField(mesgnum.Record, fieldnum.RecordDistance)
	fRecSpeed     = factory.CreateField(mesgnum.Record, fieldnum.RecordEnhancedSpeed)
	fRecAltitude  = factory.CreateField(mesgnum.Record, fieldnum.RecordEnhancedAltitude)
	fRecCadence   = factory.CreateField(mesgnum.Record, fieldnum.RecordCadence)
	fRecTemp      = factory.CreateField(mesgnum.Record, fieldnum.RecordTemperature)
	fRecPower     = factory.CreateField(mesgnum.Record, fieldnum.RecordPower)
	fHrvTime      = factory.CreateField(mesgnum.Hrv, fieldnum.HrvTime)
	fHrTimestamp  = factory.CreateField(mesgnum.Hr, fieldnum.HrTimestamp)
	fHrFraction   = factory.CreateField(mesgnum.Hr, fieldnum.HrFractionalTimestamp)
	fHrBpm        = factory.CreateField(mesgnum.Hr, fieldnum.HrFilteredBpm)
	fHrEventTS    = factory.CreateField(mesgnum.Hr, fieldnum.HrEventTimestamp)
	fHrEventTS12  = factory.CreateField(mesgnum.Hr, fieldnum.HrEventTimestamp12)
)

// unknownField makes a field the FIT profile does not define (Garmin's
// undocumented fields), with the base type Garmin's devices use for it.
func unknownField(num byte, bt basetype.BaseType, v proto.Value) proto.Field {
	return proto.Field{
		FieldBase: &proto.FieldBase{Name: factory.NameUnknown, Num: num, BaseType: bt, Scale: 1},
		Value:     v,
	}
}

func u8(x float64) uint8 { return uint8(clamp(math.Round(x), 0, 254)) }

func u16(x float64) uint16 { return uint16(clamp(math.Round(x), 0, 65534)) }

func u32(x float64) uint32 { return uint32(clamp(math.Round(x), 0, 4294967294)) }

func s8(x float64) int8 { return int8(clamp(math.Round(x), -127, 126)) }
