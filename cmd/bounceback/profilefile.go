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
	topKeys        = []string{"hrmax", "hrrest", "lthr", "weight", "age", "sex", "zones", "sweat-sodium", "running", "cycling", "swimming"}
	sportTables    = []string{"running", "cycling", "swimming"}
	sportTableKeys = []string{"hrmax", "hrrest", "lthr"}
)

// parseProfile parses a profile file's contents; path names the file in
// errors, which also give the line.
func parseProfile(path string, data []byte) (analysis.ProfileInput, error) {
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
		"weight": fieldMass, "age": fieldAge, "sweat-sodium": fieldSweatSodium}
	for _, key := range md.Keys() {
		var sport string
		name := key[len(key)-1]
		switch len(key) {
		case 1:
			if !contains(topKeys, name) {
				return in, bad(key, "unknown key %q (known: %s)", name, strings.Join(topKeys, ", "))
			}
		case 2:
			if !contains(sportTables, key[0]) {
				// A dotted key (runing.hrmax = 185) or a table of an
				// unknown name: its first part is the unknown key.
				return in, bad(key, "unknown key %q (known: %s)", key[0], strings.Join(topKeys, ", "))
			}
			if !contains(sportTableKeys, name) {
				return in, bad(key, "unknown key %q in [%s] (known: %s)", name, key[0], strings.Join(sportTableKeys, ", "))
			}
			sport, _ = analysis.ParseSportKey(key[0])
		default:
			continue // below a key already reported
		}
		v := lookupKey(m, key)
		if f, ok := numeric[name]; ok {
			x, ok := toFloat(v)
			if !ok {
				return in, bad(key, "%s: want a number (%s), not %s", name, f.unit, md.Type(key...))
			}
			if err := f.check(x); err != nil {
				return in, bad(key, "%s = %v", name, err)
			}
			f.set(&in, sport, x)
			continue
		}
		switch name {
		case "sex", "zones":
			s, ok := v.(string)
			if !ok {
				return in, bad(key, "%s: want a string, not %s", name, md.Type(key...))
			}
			if name == "sex" {
				if in.Sex, err = analysis.ParseSex(s); err != nil {
					return in, bad(key, "%s = %q: %v", name, s, err)
				}
				break
			}
			z, err := analysis.ParseZoneModel(s)
			if err != nil {
				return in, bad(key, "%s = %q: %v", name, s, err)
			}
			in.ZoneModel = z.String()
		case "running", "cycling", "swimming":
			if _, ok := v.(map[string]any); !ok {
				return in, bad(key, "%s: want a table ([%s]) of hrmax, hrrest and lthr, not %s", name, name, md.Type(key...))
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
