package fitparse

import (
	"slices"

	"github.com/muktihari/fit/profile/typedef"
)

// SportNames returns the sport names of the FIT profile, spelled as
// Session.Sport holds them ("cycling", "running", "swimming", ...), sorted
// and without repeats. The profile's invalid value (255) is left out, and so
// is "all" (254), which the profile reserves for goals. A sport number the
// profile does not know reads as the number in Session.Sport and is not
// listed. Each call returns a new slice.
func SportNames() []string {
	return profileNames(typedef.ListSport(), typedef.SportAll)
}

// SubSportNames returns the sub-sport names of the FIT profile, spelled as
// Session.SubSport holds them ("trail", "indoor_cycling", "lap_swimming",
// ...), sorted and without repeats, leaving out the invalid value (255) and
// "all" (254) as SportNames does. Each call returns a new slice.
func SubSportNames() []string {
	return profileNames(typedef.ListSubSport(), typedef.SubSportAll)
}

// profileNames returns the names of values as profileName spells them,
// sorted and without repeats, leaving out all and any value the profile
// does not name.
func profileNames[E interface {
	~uint8
	String() string
}](values []E, all E) []string {
	names := make([]string, 0, len(values))
	for _, v := range values {
		s := profileName(v.String(), uint64(v))
		if v == all || v == 0xFF || s == "" || s == "invalid" || s[0] >= '0' && s[0] <= '9' {
			continue
		}
		names = append(names, s)
	}
	slices.Sort(names)
	return slices.Compact(names)
}
