package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestStoreSameOutput checks that a cold run that fills the store, a
// warm run served from it and a run without a store print the same
// bytes, on the generated block and on the account export, and that a
// moved file is still served from the store.
func TestStoreSameOutput(t *testing.T) {
	_, folder, _ := demoExport(t)
	for _, c := range []struct {
		name string
		args []string
	}{
		{"block", []string{"analyze", "--as-of", "2026-11-02", "-q", "../../testdata/block"}},
		{"block json", []string{"analyze", "--as-of", "2026-11-02", "-q", "--format", "json", "../../testdata/block"}},
		{"export", []string{"readiness", "--as-of", "2026-11-02", "-q", folder}},
	} {
		t.Run(c.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "store.db")
			with := func(flag ...string) (int, string, string) {
				return runCmd(append(append([]string{c.args[0]}, flag...), c.args[1:]...)...)
			}
			code, want, wantErr := with("--no-store")
			for _, run := range []string{"cold", "warm"} {
				got, out, errs := with("--store", db)
				if got != code || out != want || errs != wantErr {
					t.Errorf("%s run: exit %d, stdout and stderr differ from --no-store's (exit %d):\n%s\n--- want stderr:\n%s",
						run, got, code, diffLines(want+wantErr, out+errs), wantErr)
				}
			}
		})
	}
}

// TestStoreWarmReadsNothing checks that a warm run does not decode the
// files again: it is served from the store even when the files' bytes
// cannot be read any more (their contents changed while their identity
// did not, which only a warm run cannot see).
func TestStoreWarmReadsNothing(t *testing.T) {
	dir := t.TempDir()
	src := "../../testdata/block/activities"
	names, _ := filepath.Glob(filepath.Join(src, "*.fit"))
	names = names[:8]
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(n)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(t.TempDir(), "store.db")
	args := []string{"analyze", "--as-of", "2026-11-02", "-q", "--store", db, dir}
	code, want, _ := runCmd(args...)
	if code != exitOK {
		t.Fatalf("cold run: exit %d", code)
	}
	// Overwrite each file with zeros of the same size, keeping its times.
	for _, n := range names {
		p := filepath.Join(dir, filepath.Base(n))
		info, _ := os.Stat(p)
		if err := os.WriteFile(p, make([]byte, info.Size()), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, info.ModTime(), info.ModTime())
	}
	if code, got, errs := runCmd(args...); code != exitOK || got != want {
		t.Errorf("warm run: exit %d, output differs (stderr %q)", code, errs)
	}
	if code, _, _ := runCmd("analyze", "--as-of", "2026-11-02", "-q", "--no-store", dir); code != exitFailed {
		t.Errorf("--no-store on the zeroed files: exit %d, want %d", code, exitFailed)
	}
}

// TestStoreProblems checks the ways a store cannot be used: inside an
// input folder (a usage error when named), a corrupt file (moved aside,
// rebuilt), and a path that cannot be created (the run goes on without).
func TestStoreProblems(t *testing.T) {
	block := "../../testdata/block/activities"
	code, want, _ := runCmd("analyze", "--as-of", "2026-11-02", "-q", "--no-store", block)

	if code, _, errs := runCmd("analyze", "-q", "--store", filepath.Join(block, "x.db"), block); code != exitUsage ||
		!strings.Contains(errs, "lies inside") {
		t.Errorf("a store inside the input folder: exit %d, stderr %q", code, errs)
	}
	if _, err := os.Stat(filepath.Join(block, "x.db")); err == nil {
		os.Remove(filepath.Join(block, "x.db"))
		t.Errorf("a store was written inside the input folder")
	}

	dir := t.TempDir()
	db := filepath.Join(dir, "store.db")
	if err := os.WriteFile(db, []byte(strings.Repeat("not a database ", 300)), 0o600); err != nil {
		t.Fatal(err)
	}
	got, out, errs := runCmd("analyze", "--as-of", "2026-11-02", "-q", "--store", db, block)
	if got != code || out != want || !strings.Contains(errs, "corrupt") {
		t.Errorf("a corrupt store: exit %d, same output %v, stderr %q", got, out == want, errs)
	}
	aside, _ := filepath.Glob(db + ".corrupt-*")
	if len(aside) != 1 {
		t.Errorf("the corrupt store was not moved aside: %v", aside)
	}
	if got, out, _ := runCmd("analyze", "--as-of", "2026-11-02", "-q", "--store", db, block); got != code || out != want {
		t.Errorf("the rebuilt store: exit %d, output differs", got)
	}

	// A folder where a file is: the store cannot be created.
	blocked := filepath.Join(dir, "file")
	os.WriteFile(blocked, nil, 0o600)
	got, out, errs = runCmd("analyze", "--as-of", "2026-11-02", "-q", "--store", filepath.Join(blocked, "store.db"), block)
	if got != code || out != want || strings.Count(errs, "running without it") != 1 {
		t.Errorf("a store that cannot be created: exit %d, same output %v, stderr %q", got, out == want, errs)
	}
}

// diffLines returns the first line where a and b differ, for messages.
func diffLines(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return "line " + strconv.Itoa(i+1) + ":\n- " + al[i] + "\n+ " + bl[i]
		}
	}
	return "one is longer"
}

func TestStoreHelp(t *testing.T) {
	t.Parallel()
	golden(t, "helpStore", exitOK, "store", "--help")
	golden(t, "helpStore", exitOK, "help", "store")
	golden(t, "storeBadSub", exitUsage, "store", "compact")
}

// TestStoreCommand checks store info, prune and clear on a store filled
// by a run: prune forgets a file deleted since, clear empties it.
func TestStoreCommand(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"2026-09-01-18-15-12_RUN.fit", "2026-09-02-07-05-06_RIDE.fit"} {
		b, err := os.ReadFile(filepath.Join("../../testdata/block/activities", n))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, n), b, 0o644)
	}
	db := filepath.Join(t.TempDir(), "s.db")
	if code, out, errs := runCmd("store", "--store", db); code != exitOK || !strings.Contains(out, "none yet") {
		t.Errorf("store info before any run: exit %d, %q %q", code, out, errs)
	}
	if _, err := os.Stat(db); err == nil {
		t.Errorf("store info created the store")
	}
	if code, _, errs := runCmd("analyze", "-q", "--as-of", "2026-11-02", "--store", db, dir); code != exitOK {
		t.Fatalf("analyze: exit %d: %s", code, errs)
	}
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"store", "--store", db}, []string{"files known: 2\n", "summaries:   2 of analysis version", "history of:  default"}},
		{[]string{"store", "info", "--store", db}, []string{"files known: 2\n"}},
		{[]string{"store", "prune", "--store", db}, []string{"pruned 0 files", "files known: 2\n"}},
		{[]string{"rm"}, nil},
		{[]string{"store", "prune", "--store", db}, []string{"pruned 1 files that are gone and 1 summaries", "files known: 1\n"}},
		{[]string{"store", "clear", "--store", db}, []string{"cleared", "files known: 0\n", "summaries:   none", "history of:  none"}},
	} {
		if c.args[0] == "rm" {
			os.Remove(filepath.Join(dir, "2026-09-01-18-15-12_RUN.fit"))
			continue
		}
		code, out, errs := runCmd(c.args...)
		if code != exitOK {
			t.Errorf("%v: exit %d: %s", c.args, code, errs)
		}
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v: output lacks %q:\n%s", c.args, w, out)
			}
		}
	}
}

// TestStoreSquad checks that a squad run keeps each athlete's history
// under the athlete's name, and that its output is the same with the
// store as without.
func TestStoreSquad(t *testing.T) {
	dir := squadFixture(t)
	db := filepath.Join(t.TempDir(), "squad.db")
	args := []string{"squad", "--as-of", "2026-11-02", "-q"}
	code, want, _ := runCmd(append(args, "--no-store", dir)...)
	for _, run := range []string{"cold", "warm"} {
		if got, out, errs := runCmd(append(args, "--store", db, dir)...); got != code || out != want {
			t.Errorf("%s run: exit %d (want %d), output differs from --no-store's; stderr:\n%s", run, got, code, errs)
		}
	}
	_, out, _ := runCmd("store", "--store", db)
	if !strings.Contains(out, "history of:  ana, ben, cleo, dan, eve") {
		t.Errorf("store info after a squad run:\n%s", out)
	}
}
