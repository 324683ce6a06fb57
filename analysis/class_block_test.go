package analysis

import (
	"bufio"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// manifestRow is one session row of testdata/block/MANIFEST.tsv.
type manifestRow struct {
	path, kind, intensity string
	session               int
	flags                 []string
}

func readManifest(t *testing.T, dir string) []manifestRow {
	t.Helper()
	fh, err := os.Open(filepath.Join(dir, "MANIFEST.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	var rows []manifestRow
	var col map[string]int
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		c := strings.Split(line, "\t")
		if col == nil {
			col = map[string]int{}
			for i, h := range c {
				col[h] = i
			}
			continue
		}
		var n int
		for _, ch := range c[col["session"]] {
			if ch < '0' || ch > '9' {
				n = -1
				break
			}
			n = 10*n + int(ch-'0')
		}
		if n < 0 {
			continue // a file without sessions
		}
		r := manifestRow{path: c[col["path"]], session: n, kind: c[col["kind"]], intensity: c[col["intensity"]]}
		if f := c[col["flags"]]; f != "-" {
			r.flags = strings.Split(f, ",")
		}
		rows = append(rows, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestClassBlock runs the generated training block through the public
// pipeline (DecodeFile → Summarize → Build) and checks that every activity
// session gets the class the generator built it as, the long and race
// flags, and the structure its workout had.
func TestClassBlock(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("..", "testdata", "block")
	rows := readManifest(t, dir)
	var files []string
	for _, r := range rows {
		if (r.intensity != "-" || r.kind == "morning_hrv") && !slices.Contains(files, r.path) {
			files = append(files, r.path)
		}
	}
	sums := make([]FileSummary, len(files))
	for i, p := range files {
		sums[i] = blockFile(t, dir, p)
	}
	b := Build(sums, Options{})
	got := map[string]*SessionSummary{}
	for i := range b.Files {
		for j := range b.Files[i].Sessions {
			rel, _ := filepath.Rel(dir, b.Files[i].Path)
			got[filepath.ToSlash(rel)+"#"+string(rune('0'+j))] = &b.Files[i].Sessions[j]
		}
	}
	confusion := map[[2]string]int{}
	checked := 0
	readings := 0
	for _, r := range rows {
		if s := got[r.path+"#"+string(rune('0'+r.session))]; s != nil {
			// A morning HRV reading is no workout; nothing else is one.
			if want := r.kind == "morning_hrv"; s.Class.Reading != want {
				t.Errorf("%s (%s): HRV reading %v, want %v (%s)", r.path, r.kind, s.Class.Reading, want, s.Class.Reason)
			}
			if s.Class.Reading {
				readings++
			}
		}
		if r.intensity == "-" {
			continue
		}
		checked++
		s := got[r.path+"#"+string(rune('0'+r.session))]
		if s == nil {
			t.Errorf("%s session %d: not in the block", r.path, r.session)
			continue
		}
		c := s.Class
		confusion[[2]string{r.intensity, c.Class.String()}]++
		name := r.path + " (" + r.kind + ")"
		if c.Class.String() != r.intensity {
			t.Errorf("%s: class %v (%s), want %s", name, c.Class, c.Reason, r.intensity)
		}
		if want := slices.Contains(r.flags, "long"); c.Long != want {
			t.Errorf("%s: long %v, want %v", name, c.Long, want)
		}
		if want := slices.Contains(r.flags, "race"); c.Race != want {
			t.Errorf("%s: race %v (%s), want %v", name, c.Race, c.Reason, want)
		}
		st := &s.Structure
		switch r.kind {
		case "vo2max", "threshold", "sprint":
			if len(st.Intervals) < 2 || st.Source == "hr" {
				t.Errorf("%s: %d intervals from %q, want the repeats from power or speed", name, len(st.Intervals), st.Source)
			}
			if r.kind != "sprint" && math.IsNaN(st.HRRecovery) {
				t.Errorf("%s: no heart-rate recovery after the last bout", name)
			}
		case "easy", "long", "tempo", "race", "multisport", "swim":
			if len(st.Intervals) != 0 {
				t.Errorf("%s: %d intervals %+v in a steady session", name, len(st.Intervals), st.Intervals)
			}
			if r.kind != "multisport" && r.kind != "swim" && (math.IsNaN(st.Decoupling) || math.Abs(st.Decoupling) > 10) {
				t.Errorf("%s: decoupling %.2f %%, want a number within ±10 %%", name, st.Decoupling)
			}
		}
	}
	if checked < 50 {
		t.Errorf("checked %d sessions, want every activity session of the block (≥ 50)", checked)
	}
	if readings < 50 {
		t.Errorf("%d HRV readings, want the block's morning readings (≥ 50)", readings)
	}
	if testing.Verbose() {
		var keys [][2]string
		for k := range confusion {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(a, b [2]string) int { return strings.Compare(a[0]+a[1], b[0]+b[1]) })
		for _, k := range keys {
			t.Logf("manifest %-10s → %-10s %d", k[0], k[1], confusion[k])
		}
	}
}
