package main

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runGuarded runs bounceback with args like runCmd, but fails the test
// instead of hanging when it does not return within a generous bound (a
// guard against hangs, not a measure of speed).
func runGuarded(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	type result struct {
		code           int
		stdout, stderr string
	}
	done := make(chan result, 1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		var stdout, stderr bytes.Buffer
		code := run(ctx, args, &stdout, &stderr)
		done <- result{code, stdout.String(), stderr.String()}
	}()
	select {
	case r := <-done:
		return r.code, r.stdout, r.stderr
	case <-time.After(60 * time.Second):
		cancel()
		t.Fatalf("bounceback %s did not return within 60 s", strings.Join(args, " "))
		return 0, "", ""
	}
}

// TestReportOutputChecks: -o is refused (exit 2, before anything is
// scanned) at a folder, a FIFO or a device, inside a folder the scan reads
// (also through a symbolic link in an input folder), and in a folder that
// cannot be written.
func TestReportOutputChecks(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	elsewhere := filepath.Join(dir, "elsewhere")
	for _, d := range []string{in, elsewhere} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(blockRide)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(in, "ride.fit"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(elsewhere, filepath.Join(in, "link")); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, out, want string
	}{
		{"a folder", elsewhere, "is a folder"},
		{"inside the input", filepath.Join(in, "r.html"), "a folder the scan reads"},
		{"through a link in the input", filepath.Join(in, "link", "r.html"), "a folder the scan reads"},
		{"a folder that does not exist", filepath.Join(dir, "none", "r.html"), "cannot write in"},
	}
	if runtime.GOOS != "windows" {
		fifo := filepath.Join(dir, "fifo.html")
		if err := syscall.Mkfifo(fifo, 0o644); err != nil {
			t.Fatal(err)
		}
		cases = append(cases, struct{ name, out, want string }{"a FIFO", fifo, "not a regular file"},
			struct{ name, out, want string }{"a device", "/dev/null", "not a regular file"})
	}
	for _, c := range cases {
		code, stdout, stderr := runGuarded(t, "report", "--as-of", "2026-11-02", "-o", c.out, in)
		if code != exitUsage || stdout != "" || !strings.Contains(stderr, c.want) || strings.Contains(stderr, "files:") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want %d and %q before any scan", c.name, code, stdout, stderr, exitUsage, c.want)
		}
	}
	if _, err := os.Stat(filepath.Join(elsewhere, "r.html")); err == nil {
		t.Error("a report was written through the link")
	}
}

// TestReportMode: a new report gets the permissions the umask gives, and a
// report that replaces a 0600 file stays 0600.
func TestReportMode(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("no umask")
	}
	dir := t.TempDir()
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	out := filepath.Join(dir, "private.html")
	if code, _, stderr := runGuarded(t, "report", "--as-of", "2026-11-02", "-o", out, blockRide); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if info, err := os.Stat(out); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("umask 077: mode %v, %v; want 0600", info.Mode().Perm(), err)
	}
	syscall.Umask(0o022)
	if code, _, stderr := runGuarded(t, "report", "--as-of", "2026-11-02", "-o", out, blockRide); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if info, _ := os.Stat(out); info.Mode().Perm() != 0o600 {
		t.Errorf("replacing a 0600 report: mode %v", info.Mode().Perm())
	}
	fresh := filepath.Join(dir, "shared.html")
	if code, _, stderr := runGuarded(t, "report", "--as-of", "2026-11-02", "-o", fresh, blockRide); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if info, _ := os.Stat(fresh); info.Mode().Perm() != 0o644 {
		t.Errorf("umask 022: mode %v, want 0644", info.Mode().Perm())
	}
}

// TestControlCharacters: escape sequences and newlines in archive member
// names never reach the terminal or break a row: every printed name has
// them replaced.
func TestControlCharacters(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(blockRide)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i, name := range []string{"evil\x1b[31mred\x1b[0m.fit", "two\nlines.fit", "bad\u202eright.fit"} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data[:len(data)/2+100*i]) // damaged, each its own way: its name is printed on standard error
	}
	zw.Close()
	zipPath := filepath.Join(t.TempDir(), "export.zip")
	if err := os.WriteFile(zipPath, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"table", "markdown", "csv"} {
		_, stdout, stderr := runGuarded(t, "sessions", "--as-of", "2026-11-02", "--format", format, zipPath)
		for _, out := range []string{stdout, stderr} {
			if strings.ContainsAny(out, "\x1b\u202e") || strings.Contains(out, "two\nlines") {
				t.Errorf("%s: a control character reached the output:\n%q", format, out)
			}
		}
		if !strings.Contains(stderr, "evil?[31mred?[0m.fit") {
			t.Errorf("%s: stderr %q", format, stderr)
		}
	}
}

// TestNumberFlags: NaN and infinities are refused, and so are dates out
// of range.
func TestNumberFlags(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	for _, args := range [][]string{
		{"sweat-test", "--pre", "70", "--post", "69", "--drank", "nan", "--duration", "1h"},
		{"sweat-test", "--pre", "70", "--post", "69", "--urine", "-Inf", "--duration", "1h"},
		{"analyze", "--weight", "nan", blockRide},
		{"analyze", "--age", "inf", blockRide},
		{"analyze", "--as-of", "9999-12-31", blockRide},
		{"load", "--since", "1900-01-01", blockRide},
	} {
		code, stdout, stderr := runGuarded(t, args...)
		if code != exitUsage || stdout != "" || !strings.Contains(stderr, "want a") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
}

// TestProfileFileProblems: a dotted key with a typo, NaN and infinities
// are refused with FILE:LINE; a byte order mark is skipped; a FIFO given
// as --profile is refused at once.
func TestProfileFileProblems(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, c := range []struct {
		name, text, want string
	}{
		{"dotted typo", "hrmax = 190\nruning.hrmax = 185\n", `profile.toml:2: unknown key "runing"`},
		{"nan", "hrmax = nan\n", "profile.toml:1:"},
		{"inf", "weight = inf\n", "profile.toml:1:"},
		{"bom", "\ufeffhrmax = 190\n", ""},
	} {
		p := filepath.Join(dir, "profile.toml")
		if err := os.WriteFile(p, []byte(c.text), 0o644); err != nil {
			t.Fatal(err)
		}
		code, _, stderr := runGuarded(t, "profile", "--profile", p)
		switch {
		case c.want == "" && code != exitOK:
			t.Errorf("%s: exit %d: %s", c.name, code, stderr)
		case c.want != "" && (code != exitUsage || !strings.Contains(stderr, c.want)):
			t.Errorf("%s: exit %d, stderr %q; want %q", c.name, code, stderr, c.want)
		}
	}
	if runtime.GOOS != "windows" {
		fifo := filepath.Join(dir, "fifo.toml")
		if err := syscall.Mkfifo(fifo, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{fifo, "/dev/zero"} {
			code, _, stderr := runGuarded(t, "profile", "--profile", p)
			if code != exitUsage || !strings.Contains(stderr, "not a regular file") {
				t.Errorf("--profile %s: exit %d, stderr %q", p, code, stderr)
			}
		}
	}
}

// TestWeighInLogProblems: a line over the line cap is reported and the
// weigh-ins after it are still read; a log that starts with a byte order
// mark is read; sweat-test reports the log's bad lines.
func TestWeighInLogProblems(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_DATA_HOME", dir)
	log := filepath.Join(dir, "bounceback", "weigh-ins.tsv")
	if err := os.MkdirAll(filepath.Dir(log), 0o700); err != nil {
		t.Fatal(err)
	}
	good := "2026-09-05T12:00:00Z\t\t70.4\t69.6\t0.2\t\t3600\t24\t"
	text := "\ufeff" + weighInVersion + "\n" + weighInHeader + "\n" + strings.Repeat("x", 100<<10) + "\n" + good + "\n"
	if err := os.WriteFile(log, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	ws, errs := readWeighIns(log)
	if len(ws) != 1 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "weigh-ins.tsv:3: a line longer than") {
		t.Errorf("weigh-ins %v, problems %v", ws, errs)
	}
	code, _, stderr := runGuarded(t, "sweat-test", "--pre", "70", "--post", "69.5", "--duration", "1h")
	if code != exitOK || !strings.Contains(stderr, "weigh-ins.tsv:3: a line longer than") {
		t.Errorf("sweat-test: exit %d, stderr %q", code, stderr)
	}
	if ws, _ := readWeighIns(log); len(ws) != 2 {
		t.Errorf("after sweat-test: %d weigh-ins, want 2", len(ws))
	}
	if info, _ := os.Stat(log); info.Mode().Perm() != 0o600 {
		t.Errorf("log mode %v", info.Mode().Perm())
	}
}
