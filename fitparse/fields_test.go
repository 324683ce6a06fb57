package fitparse

import (
	"testing"

	"github.com/muktihari/fit/profile/factory"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/proto"
)

// TestReadFieldsProfile checks the hand-written table of the fields read
// (fields.go) against the FIT library's profile: base type, array, scale,
// offset, accumulation and components of every entry; that every field
// the profile expands into a field read has its components listed; and
// that the fields read as unknown are unknown to the profile.
func TestReadFieldsProfile(t *testing.T) {
	t.Parallel()
	lib := func(mesg uint16, num byte) *proto.FieldBase {
		for _, f := range factory.StandardFactory().CreateMesg(typedef.MesgNum(mesg)).Fields {
			if f.Num == num {
				return f.FieldBase
			}
		}
		return nil
	}
	for _, e := range readFields {
		fb := lib(e.mesg, e.num)
		if fb == nil {
			t.Errorf("message %d field %d: not in the profile", e.mesg, e.num)
			continue
		}
		sp := readSpecs[e.mesg].known[e.num]
		if byte(fb.BaseType) != sp.bt || fb.Array != sp.arr || fb.Scale != sp.scale || fb.Offset != sp.offset || fb.Accumulate != sp.acc {
			t.Errorf("message %d field %d (%s): table bt 0x%02x arr %v scale %g offset %g acc %v, profile bt 0x%02x arr %v scale %g offset %g acc %v",
				e.mesg, e.num, fb.Name, sp.bt, sp.arr, sp.scale, sp.offset, sp.acc,
				byte(fb.BaseType), fb.Array, fb.Scale, fb.Offset, fb.Accumulate)
		}
		if len(fb.Components) != len(sp.comps) {
			t.Errorf("message %d field %d (%s): %d components, profile %d", e.mesg, e.num, fb.Name, len(sp.comps), len(fb.Components))
			continue
		}
		for i, c := range fb.Components {
			s := sp.comps[i]
			if c.FieldNum != s.dest || c.Bits != s.bits || c.Scale != s.scale || c.Offset != s.offset || c.Accumulate != s.acc || s.spec == nil {
				t.Errorf("message %d field %d (%s) component %d: table %+v, profile %+v", e.mesg, e.num, fb.Name, i, s, c)
			}
		}
	}
	for _, mesg := range readMesgs {
		specs := readSpecs[mesg]
		for _, f := range factory.StandardFactory().CreateMesg(typedef.MesgNum(mesg)).Fields {
			comps := f.Components
			for _, s := range f.SubFields {
				comps = append(comps, s.Components...)
			}
			for _, c := range comps {
				if specs.wanted[c.FieldNum] && (specs.known[f.Num] == nil || len(specs.known[f.Num].comps) == 0) {
					t.Errorf("message %d: field %d (%s) expands into field %d, read, but its components are not listed", mesg, f.Num, f.Name, c.FieldNum)
				}
			}
		}
		if has := lib(mesg, fieldTimestamp) != nil; has != hasTimestamp()[mesg] {
			t.Errorf("message %d: timestamp in the profile %v, hasTimestamp %v", mesg, has, hasTimestamp()[mesg])
		}
	}
	for _, u := range unknownRead {
		if lib(u.mesg, u.num) != nil {
			t.Errorf("message %d field %d: read as unknown but in the profile", u.mesg, u.num)
		}
	}
}
