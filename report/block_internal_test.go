package report

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// jsonNames returns the JSON names of v's struct fields.
func jsonNames(v any) map[string]bool {
	names := map[string]bool{}
	t := reflect.TypeOf(v)
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		names[name] = true
	}
	return names
}

// TestBlockJSONDoc checks the README's week, day, readiness and
// contributor tables against the JSON types, as TestJSONDoc does for the
// others.
func TestBlockJSONDoc(t *testing.T) {
	md, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	tables := map[string]map[string]bool{}
	var section string
	for _, line := range strings.Split(string(md), "\n") {
		if strings.HasPrefix(line, "### ") {
			section = strings.TrimPrefix(line, "### ")
			continue
		}
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		for _, name := range strings.Split(strings.Split(line, "|")[1], ",") {
			if tables[section] == nil {
				tables[section] = map[string]bool{}
			}
			tables[section][strings.Trim(strings.TrimSpace(name), "`")] = true
		}
	}
	for section, fields := range map[string]map[string]bool{
		"Week object": jsonNames(jsonWeek{}), "Day object": jsonNames(jsonDay{}),
		"Readiness object": jsonNames(jsonReadiness{}), "Contributor object": jsonNames(jsonContributor{}),
	} {
		for name := range fields {
			if !tables[section][name] {
				t.Errorf("README, %s: field %q is not documented", section, name)
			}
		}
		for name := range tables[section] {
			if !fields[name] {
				t.Errorf("README, %s: documents %q, which the output does not have", section, name)
			}
		}
	}
}
