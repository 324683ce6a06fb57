package main

// This file finds, reads and writes the athlete profile file. The file is
// TOML; its keys are the names of the profile flags. The analysis package
// never sees the file: it gets the values as an analysis.ProfileInput.

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/bounceback/bounceback/analysis"
	"github.com/bounceback/bounceback/internal/safeio"
)

// profileName is the profile's file name inside the config folder.
const profileName = "bounceback/profile.toml"

// defaultProfilePath returns where the profile lives when --profile is not
// given: $XDG_CONFIG_HOME/bounceback/profile.toml when XDG_CONFIG_HOME is
// set to an absolute path, else bounceback/profile.toml in
// os.UserConfigDir.
func defaultProfilePath() (string, error) {
	if dir := os.Getenv("XDG_CONFIG_HOME"); filepath.IsAbs(dir) {
		return filepath.Join(dir, filepath.FromSlash(profileName)), nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("cannot find the config folder for the profile: %v (use --profile FILE)", err)
	}
	return filepath.Join(dir, filepath.FromSlash(profileName)), nil
}

// profileError is a problem in a profile file, at a line when known.
type profileError struct {
	Path string
	Line int // 0 when unknown
	Msg  string
}

func (e *profileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Msg)
}

// loadProfile reads the profile at path (explicit reports whether the user
// named it with --profile). A missing file is no error unless it was named:
// it returns a ProfileInput that says nothing and found false.
//
// The file must be a regular file of at most maxProfileSize bytes (a FIFO
// or /dev/zero given as --profile is refused at once); a UTF-8 byte order
// mark at its start is skipped.
func loadProfile(path string, explicit bool) (in analysis.ProfileInput, found bool, err error) {
	data, err := safeio.ReadFile(path, maxProfileSize)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) && !explicit {
			return noInput(), false, nil
		}
		return noInput(), false, fmt.Errorf("profile: %v", err)
	}
	in, err = parseProfile(path, bytes.TrimPrefix(data, utf8BOM))
	return in, err == nil, err
}

// maxProfileSize caps the profile file: a real one is a few hundred bytes.
const maxProfileSize = 1 << 20

// utf8BOM is the byte order mark some editors write at the start of a
// UTF-8 file.
var utf8BOM = []byte("\ufeff")

// The keys a profile file may hold, at the top and in a sport's table.
var (
	topKeys        = []string{"hrmax", "hrrest", "lthr", "weight", "height", "age", "sex", "zones", "sweat-sodium", "running", "cycling", "swimming"}
	sportTables    = []string{"running", "cycling", "swimming"}
	sportTableKeys = []string{"hrmax", "hrrest", "lthr"}
)

// parseProfile parses a profile file's contents; path names the file in
// errors, which also give the line. The [athletes.NAME] tables (a squad's
// athletes' values, see athleteProfile) are checked but not part of the
// result.
func parseProfile(path string, data []byte) (analysis.ProfileInput, error) {
	in, names, err := parseProfileAt(path, data, nil)
	if err != nil {
		return in, err
	}
	for _, name := range names {
		if _, _, err := parseProfileAt(path, data, toml.Key{athletesTable, name}); err != nil {
			return in, err
		}
	}
	return in, nil
}

// athletesTable holds, in the user's profile, a table of values per
// athlete of a squad: [athletes.ana] with the keys of a profile, and
// [athletes.ana.running] with a sport's.
const athletesTable = "athletes"

// athleteProfile returns the values of the [athletes.NAME] table of the
// profile file's contents data; found is false when it has none.
func athleteProfile(path string, data []byte, name string) (in analysis.ProfileInput, found bool, err error) {
	_, names, err := parseProfileAt(path, data, nil)
	if err != nil || !contains(names, name) {
		return noInput(), false, err
	}
	in, _, err = parseProfileAt(path, data, toml.Key{athletesTable, name})
	return in, err == nil, err
}

// parseProfileAt parses the keys of data under prefix (nil: the top of
// the file, without the athletes' tables) into a ProfileInput, and returns
// the names of the athletes' tables.
func parseProfileAt(path string, data []byte, prefix toml.Key) (analysis.ProfileInput, []string, error) {
	in, err := parseKeys(path, data, prefix)
	if err != nil {
		return in, nil, err
	}
	var m map[string]any
	toml.Decode(string(data), &m)
	t, _ := m[athletesTable].(map[string]any)
	names := make([]string, 0, len(t))
	for name := range t {
		names = append(names, name)
	}
	slices.Sort(names)
	return in, names, nil
}

// parseKeys is parseProfileAt's parse.
func parseKeys(path string, data []byte, prefix toml.Key) (analysis.ProfileInput, error) {
	in := noInput()
	var m map[string]any
	md, err := toml.Decode(string(data), &m)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return in, &profileError{path, pe.Position.Line, pe.Message}
		}
		return in, &profileError{Path: path, Msg: err.Error()}
	}
	lines := keyLines(string(data))
	bad := func(key toml.Key, format string, args ...any) error {
		return &profileError{path, lines[normKey(key.String())], fmt.Sprintf(format, args...)}
	}
	numeric := map[string]field{"hrmax": fieldHRMax, "hrrest": fieldHRRest, "lthr": fieldLTHR,
		"weight": fieldMass, "height": fieldHeight, "age": fieldAge, "sweat-sodium": fieldSweatSodium}
	for _, full := range md.Keys() {
		key, ok := under(full, prefix)
		if !ok {
			if prefix == nil && len(full) == 1 && full[0] == athletesTable {
				if _, isTable := lookupKey(m, full).(map[string]any); !isTable {
					return in, bad(full, "%s: want tables ([%s.NAME]) of an athlete's values, not %s", athletesTable, athletesTable, md.Type(full...))
				}
			}
			if prefix == nil && len(full) == 2 && full[0] == athletesTable {
				if _, isTable := lookupKey(m, full).(map[string]any); !isTable {
					return in, bad(full, "%s.%s: want a table ([%s.%s]) of the athlete's values, not %s", athletesTable, full[1], athletesTable, full[1], md.Type(full...))
				}
			}
			continue
		}
		var sport string
		name := key[len(key)-1]
		switch len(key) {
		case 1:
			if !contains(topKeys, name) {
				return in, bad(full, "unknown key %q (known: %s)", name, strings.Join(topKeys, ", "))
			}
		case 2:
			if !contains(sportTables, key[0]) {
				// A dotted key (runing.hrmax = 185) or a table of an
				// unknown name: its first part is the unknown key.
				return in, bad(full, "unknown key %q (known: %s)", key[0], strings.Join(topKeys, ", "))
			}
			if !contains(sportTableKeys, name) {
				return in, bad(full, "unknown key %q in [%s] (known: %s)", name, key[0], strings.Join(sportTableKeys, ", "))
			}
			sport, _ = analysis.ParseSportKey(key[0])
		default:
			continue // below a key already reported
		}
		v := lookupKey(m, full)
		if f, ok := numeric[name]; ok {
			x, ok := toFloat(v)
			if !ok {
				return in, bad(full, "%s: want a number (%s), not %s", name, f.unit, md.Type(full...))
			}
			if err := f.check(x); err != nil {
				return in, bad(full, "%s = %v", name, err)
			}
			f.set(&in, sport, x)
			continue
		}
		switch name {
		case "sex", "zones":
			s, ok := v.(string)
			if !ok {
				return in, bad(full, "%s: want a string, not %s", name, md.Type(full...))
			}
			if name == "sex" {
				if in.Sex, err = analysis.ParseSex(s); err != nil {
					return in, bad(full, "%s = %q: %v", name, s, err)
				}
				break
			}
			z, err := analysis.ParseZoneModel(s)
			if err != nil {
				return in, bad(full, "%s = %q: %v", name, s, err)
			}
			in.ZoneModel = z.String()
		case "running", "cycling", "swimming":
			if _, ok := v.(map[string]any); !ok {
				return in, bad(full, "%s: want a table ([%s]) of hrmax, hrrest and lthr, not %s", name, name, md.Type(full...))
			}
		}
	}
	if err := in.Check(); err != nil {
		return in, &profileError{Path: path, Msg: err.Error()}
	}
	return in, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// under returns key without prefix when key lies under it: a key of the
// athlete's table for the prefix [athletes NAME]; for a nil prefix, a key
// outside the athletes' tables.
func under(key, prefix toml.Key) (toml.Key, bool) {
	if prefix == nil {
		return key, len(key) == 0 || key[0] != athletesTable
	}
	if len(key) <= len(prefix) || !slices.Equal(key[:len(prefix)], prefix) {
		return nil, false
	}
	return key[len(prefix):], true
}

// lookupKey returns the value at key in the decoded document m.
func lookupKey(m map[string]any, key toml.Key) any {
	var v any = m
	for _, k := range key {
		t, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = t[k]
	}
	return v
}

// toFloat returns a TOML integer or float as a float64.
func toFloat(v any) (float64, bool) {
	switch v := v.(type) {
	case int64:
		return float64(v), true
	case float64:
		return v, !math.IsNaN(v) && !math.IsInf(v, 0)
	}
	return 0, false
}

// keyLines maps each key of a simple TOML document ("a", "table.b") to the
// line where it is defined, for error messages. It understands [table]
// headers and key = value lines, which is all a profile holds; a key it
// cannot place gets no line.
func keyLines(doc string) map[string]int {
	lines := map[string]int{}
	table := ""
	for i, line := range strings.Split(doc, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
			continue
		case strings.HasPrefix(line, "["):
			end := strings.Index(line, "]")
			if end < 0 {
				continue
			}
			table = normKey(strings.Trim(line[:end], "[]"))
			if _, ok := lines[table]; !ok {
				lines[table] = i + 1
			}
		default:
			k, _, ok := strings.Cut(line, "=")
			if !ok {
				continue
			}
			k = normKey(k)
			if table != "" {
				k = table + "." + k
			}
			if _, seen := lines[k]; !seen {
				lines[k] = i + 1
			}
		}
	}
	return lines
}

// normKey removes spaces and quotes from a TOML key, so that keys written
// differently compare equal.
func normKey(k string) string {
	return strings.NewReplacer(" ", "", "\t", "", `"`, "", "'", "").Replace(k)
}

// profileTemplate is what "bounceback profile init" writes.
const profileTemplate = `# bounceback athlete profile.
#
# bounceback resolves each value in this order and says which source won:
# a flag (--hrmax, --lthr...) > this file > what your watch recorded in the
# FIT files > an estimate from the data (HRmax: the highest sustained 5-s
# heart rate) > a formula (HRmax from your age, Tanaka) > a default.
# Uncomment a line to set a value; leave it commented to let bounceback
# find it. "bounceback profile" shows every value and where it came from.

# Heart rate, in beats per minute, for every sport.
# hrmax = 190         # maximum heart rate
# hrrest = 48         # resting heart rate, measured on waking
# lthr = 172          # lactate-threshold heart rate (about your 1-hour race HR)

# weight = 70         # body mass, kg
# height = 1.78       # metres: the body surface area of the sweat model
# age = 35            # years
# sex = "female"      # "male" or "female": sets the TRIMP constants
# sweat-sodium = 920  # sodium in your sweat, mg/L (salty sweaters 1400-1600)

# Heart-rate zones: "hrr" (% of heart-rate reserve, the default), "lthr"
# (Friel's % of LTHR for running and cycling) or "hrmax" (% of HRmax).
# zones = "hrr"

# A sport's own heart-rate values, where they differ from the ones above
# (your HRmax and LTHR are usually lower on the bike and in the water).
# [running]
# hrmax = 192
# lthr = 175

# [cycling]
# hrmax = 185
# lthr = 165

# [swimming]
# hrmax = 178
`

// writeTemplate writes the profile template to path, creating its folder.
// It refuses to replace an existing file unless force is set.
func writeTemplate(path string, force bool) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	flag := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if force {
		flag = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(path, flag, 0o644)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s already exists (--force replaces it)", path)
	}
	if err != nil {
		return err
	}
	if _, err := f.WriteString(profileTemplate); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
