package store

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/bounceback/bounceback/analysis"
)

// docTable is a table as docs/store.md documents it: its columns in
// order, each with its type.
type docTable struct {
	cols  []string
	types map[string]string
}

// docRow matches a column row of a table in docs/store.md:
// | `name` | TYPE | unit | meaning |.
var docRow = regexp.MustCompile("^\\| `([a-z0-9_]+)` \\| ([A-Z]+) \\| [^|]+ \\| [^|]+ \\|$")

// readDocTables parses the section "## Tables" of docs/store.md: each
// "### name" heading opens a table, each row of its Markdown table is a
// column.
func readDocTables(t *testing.T) map[string]docTable {
	t.Helper()
	md, err := os.ReadFile(filepath.Join("..", "docs", "store.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(md), "\n## Tables\n")
	if !ok {
		t.Fatal(`docs/store.md has no section "## Tables"`)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	tables := map[string]docTable{}
	var name string
	for i, line := range strings.Split(section, "\n") {
		switch {
		case strings.HasPrefix(line, "### "):
			name = strings.TrimPrefix(line, "### ")
			if _, dup := tables[name]; dup {
				t.Errorf("docs/store.md: table %s documented twice", name)
			}
			tables[name] = docTable{types: map[string]string{}}
		case strings.HasPrefix(line, "| `"):
			m := docRow.FindStringSubmatch(line)
			if m == nil || name == "" {
				t.Errorf("docs/store.md, Tables line %d: not a column row of a table: %q", i+1, line)
				continue
			}
			d := tables[name]
			d.cols = append(d.cols, m[1])
			d.types[m[1]] = m[2]
			tables[name] = d
		}
	}
	return tables
}

// TestDocsSchema: docs/store.md documents exactly the tables and columns
// of a new store, in their order and with their declared types; and the
// history tables are written with exactly the columns they have.
func TestDocsSchema(t *testing.T) {
	s := newStore(t)
	have, err := columns(context.Background(), s.db)
	if err != nil {
		t.Fatal(err)
	}
	doc := readDocTables(t)
	for name, cols := range have {
		d, ok := doc[name]
		if !ok {
			t.Errorf("table %s is not documented in docs/store.md", name)
			continue
		}
		var names []string
		same := true // the same columns, whatever their order
		for _, c := range cols {
			names = append(names, c.Name)
			if !slices.Contains(d.cols, c.Name) {
				t.Errorf("%s.%s is not documented", name, c.Name)
				same = false
			} else if d.types[c.Name] != c.Type {
				t.Errorf("%s.%s: documented as %s, declared %s", name, c.Name, d.types[c.Name], c.Type)
			}
		}
		for _, c := range d.cols {
			if !slices.Contains(names, c) {
				t.Errorf("docs/store.md documents %s.%s, which the store does not have", name, c)
				same = false
			}
		}
		if same && !slices.Equal(names, d.cols) {
			t.Errorf("%s: documented as %v, the table has %v", name, d.cols, names)
		}
	}
	for name := range doc {
		if _, ok := have[name]; !ok {
			t.Errorf("docs/store.md documents table %s, which the store does not have", name)
		}
	}
	for table, want := range wantColumns() {
		var got []string
		for _, c := range have[table] {
			got = append(got, c.Name)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: the package writes %v, the table has %v", table, want, got)
		}
	}
}

// TestWeekClasses: every class has its load_<class> column in weeks.
func TestWeekClasses(t *testing.T) {
	cols := names(weekColumns())
	for c := range 100 {
		name := analysis.Class(c).String()
		if strings.HasPrefix(name, "Class(") {
			break
		}
		if !slices.Contains(cols, "load_"+name) {
			t.Errorf("weeks has no column load_%s", name)
		}
	}
}
