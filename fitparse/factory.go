package fitparse

import (
	"sync"

	"github.com/muktihari/fit/decoder"
	"github.com/muktihari/fit/profile/factory"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/proto"
)

// profileFields maps a message number and field number to the profile's
// field definition; nil where the profile defines none. It mirrors the
// FIT library's standard factory.
var profileFields = sync.OnceValue(func() []*[256]*proto.FieldBase {
	const n = 1 << 16
	var table []*[256]*proto.FieldBase
	for num := 0; num < n; num++ {
		m := factory.StandardFactory().CreateMesg(typedef.MesgNum(num))
		if len(m.Fields) == 0 {
			continue
		}
		if num >= len(table) {
			table = append(table, make([]*[256]*proto.FieldBase, num+1-len(table))...)
		}
		fields := new([256]*proto.FieldBase)
		for _, f := range m.Fields {
			fields[f.Num] = f.FieldBase
		}
		table[num] = fields
	}
	return table
})

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

// decoderState is a decoder with its factory, recycled between decodes.
type decoderState struct {
	dec     *decoder.Decoder
	factory *fieldFactory
}

var decoderPool = sync.Pool{New: func() any {
	return &decoderState{
		dec:     decoder.New(eofReader{}),
		factory: &fieldFactory{table: profileFields()},
	}
}}
