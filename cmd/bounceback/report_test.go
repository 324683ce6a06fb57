package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMarkdownAndTables checks the Markdown of the table commands and the
// named CSV tables on the generated block.
func TestMarkdownAndTables(t *testing.T) {
	t.Parallel()
	golden(t, "blockMarkdown", exitOK, "analyze", "-q", "--format", "markdown", blockDir)
	golden(t, "sessionsMarkdown", exitOK, "sessions", "-q", "--format", "markdown", blockDir+"/activities")
	golden(t, "hrvMarkdown", exitOK, "hrv", "-q", "--format", "markdown", blockDir)
	golden(t, "blockWeeksCSV", exitOK, "analyze", "-q", "--format", "csv", "--table", "weeks", blockDir)
	golden(t, "blockDaysCSV", exitOK, "analyze", "-q", "--format", "csv", "--table", "days", blockDir)

	// --table sessions is the default table.
	var def, named bytes.Buffer
	run(context.Background(), []string{"analyze", "-q", "--format", "csv", blockDir}, &def, &bytes.Buffer{})
	run(context.Background(), []string{"analyze", "-q", "--format", "csv", "--table", "sessions", blockDir}, &named, &bytes.Buffer{})
	if def.String() != named.String() || def.Len() == 0 {
		t.Error("analyze --table sessions differs from the default CSV")
	}
}

// TestReportMarkdown checks the Markdown report of the generated block,
// written to standard output.
func TestReportMarkdown(t *testing.T) {
	t.Parallel()
	golden(t, "reportMarkdown", exitOK, "report", "-q", "--format", "markdown", "-o", "-", blockDir)
}

// TestReportFile checks that report writes its file, and only its file,
// and replaces an existing one.
func TestReportFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "block.html")
	if err := os.WriteFile(out, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"report", "-q", "-o", out, blockDir}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit status %d\n%s", code, stderr.String())
	}
	if stdout.Len() != 0 {
		t.Errorf("report -o FILE wrote to standard output: %.100q", stdout.String())
	}
	page, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(page, []byte("<!DOCTYPE html>")) || !bytes.HasSuffix(page, []byte("</html>\n")) {
		t.Errorf("%s is not a whole HTML page: %.60q", out, page)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("the output folder holds %d files, want only block.html (no temporary file left)", len(entries))
	}
}

// TestReportUsageErrors checks the report command's usage errors: each
// exits 2 before reading anything, and nothing is written.
func TestReportUsageErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	input := filepath.Join(dir, "in")
	if err := os.MkdirAll(filepath.Join(input, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "ride.fit")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(input, link); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
	}{
		{"reportNoOutput", []string{"report", blockDir}},
		{"reportNoPath", []string{"report", "-o", "x.html"}},
		{"reportBadFormat", []string{"report", "--format", "csv", "-o", "x.html", blockDir}},
		{"reportIntoInput", []string{"report", "-o", filepath.Join(input, "sub", "block.html"), input}},
		{"reportIntoInputLink", []string{"report", "-o", filepath.Join(link, "block.html"), input}},
		{"reportOverInput", []string{"report", "-o", file, file}},
		{"reportToFolder", []string{"report", "-o", dir, blockDir}},
		{"analyzeTableNotCSV", []string{"analyze", "--table", "weeks", "x.fit"}},
		{"analyzeBadTable", []string{"analyze", "--format", "csv", "--table", "months", "x.fit"}},
		{"analyzeHTML", []string{"analyze", "--format", "html", "x.fit"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			goldenReplacing(t, []string{dir, "TMP"}, tt.name, exitUsage, tt.args...)
		})
	}
	for _, p := range []string{filepath.Join(input, "sub", "block.html"), filepath.Join(input, "block.html")} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s was written", p)
		}
	}
	if data, _ := os.ReadFile(file); string(data) != "x" {
		t.Errorf("the input %s was overwritten", file)
	}
}

// TestHelpReport checks the report command's help.
func TestHelpReport(t *testing.T) {
	t.Parallel()
	golden(t, "helpReport", exitOK, "help", "report")
	var stdout bytes.Buffer
	run(context.Background(), []string{"--help"}, &stdout, &bytes.Buffer{})
	if !strings.Contains(stdout.String(), "  report     write the block as one HTML page") {
		t.Errorf("the command list does not show report:\n%s", stdout.String())
	}
}
