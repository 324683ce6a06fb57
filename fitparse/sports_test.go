package fitparse

import (
	"slices"
	"strconv"
	"testing"

	"github.com/muktihari/fit/profile/typedef"
)

func TestSportNames(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		names   []string
		want    []string
		exclude []string
		// decoded spells a value as the session listener does.
		decoded string
	}{
		{
			name:    "sports",
			names:   SportNames(),
			want:    []string{"running", "cycling", "swimming", "generic", "transition", "fitness_equipment", "training", "walking", "hiking"},
			exclude: []string{"invalid", "all", "", "255", "254"},
			decoded: profileName(typedef.SportCrossCountrySkiing.String(), uint64(typedef.SportCrossCountrySkiing)),
		},
		{
			name:    "sub-sports",
			names:   SubSportNames(),
			want:    []string{"trail", "indoor_cycling", "generic", "road", "treadmill", "lap_swimming", "open_water", "virtual_activity"},
			exclude: []string{"invalid", "all", "", "255", "254"},
			decoded: profileName(typedef.SubSportIndoorCycling.String(), uint64(typedef.SubSportIndoorCycling)),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if len(tt.names) < 20 {
				t.Fatalf("only %d names: %v", len(tt.names), tt.names)
			}
			if !slices.IsSorted(tt.names) || len(slices.Compact(slices.Clone(tt.names))) != len(tt.names) {
				t.Errorf("names not sorted or repeated: %v", tt.names)
			}
			for _, w := range append(tt.want, tt.decoded) {
				if !slices.Contains(tt.names, w) {
					t.Errorf("%q missing from %v", w, tt.names)
				}
			}
			for _, x := range tt.exclude {
				if slices.Contains(tt.names, x) {
					t.Errorf("%q listed", x)
				}
			}
		})
	}
	// Callers may change what they get.
	a := SportNames()
	a[0] = "changed"
	if SportNames()[0] == "changed" {
		t.Error("SportNames returns a shared slice")
	}
}

// TestSportNamesMatchDecode checks that every sport and sub-sport a session
// message can name decodes to a listed name.
func TestSportNamesMatchDecode(t *testing.T) {
	t.Parallel()
	sports, subs := SportNames(), SubSportNames()
	for v := 0; v < 254; v++ {
		f := DecodeBytes(encodeFIT(t,
			mesg(typedef.MesgNumFileId, fv{0, uint8(typedef.FileActivity)}),
			mesg(typedef.MesgNumSession, fv{5, uint8(v)}, fv{6, uint8(v)})), "s.fit")
		s := f.Sessions[0]
		if typedef.Sport(v).String() != "SportInvalid("+strconv.Itoa(v)+")" && !slices.Contains(sports, s.Sport) {
			t.Errorf("sport %d decodes as %q, not listed", v, s.Sport)
		}
		if typedef.SubSport(v).String() != "SubSportInvalid("+strconv.Itoa(v)+")" && !slices.Contains(subs, s.SubSport) {
			t.Errorf("sub-sport %d decodes as %q, not listed", v, s.SubSport)
		}
	}
}
