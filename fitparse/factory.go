package fitparse

import (
	"sync"

	"github.com/muktihari/fit/profile/factory"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/proto"
)

// profileFields maps a message number and field number to the profile's
// field definition; nil where the profile defines none. It mirrors the
// FIT library's standard factory, and is built once: the framing pass
// asks it which fields the profile defines as numbers (unnumbered), the
// decoder which messages have a timestamp (hasTimestamp).
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
