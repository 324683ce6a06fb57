package report_test

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/bounceback/bounceback/report"
)

var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

// TestColorKeepsAlignment renders the analyze table with and without
// colour at several widths: the coloured output must have colour, and
// without its escape codes be exactly the plain output (same columns,
// same alignment).
func TestColorKeepsAlignment(t *testing.T) {
	t.Parallel()
	b := analyzedBlock()
	for _, width := range []int{0, 80, 120} {
		var plain, colored bytes.Buffer
		if err := report.AnalyzeText(&plain, b, report.Options{Width: width}); err != nil {
			t.Fatal(err)
		}
		if err := report.AnalyzeText(&colored, analyzedBlock(), report.Options{Width: width, Color: true}); err != nil {
			t.Fatal(err)
		}
		if !ansi.Match(colored.Bytes()) {
			t.Errorf("width %d: no colour with Options.Color", width)
		}
		if ansi.Match(plain.Bytes()) {
			t.Errorf("width %d: colour without Options.Color", width)
		}
		if got := ansi.ReplaceAllString(colored.String(), ""); got != plain.String() {
			t.Errorf("width %d: the coloured table without its colour differs:\n%s\nwant:\n%s", width, got, plain.String())
		}
		for _, line := range strings.Split(colored.String(), "\n") {
			if strings.Count(line, "\x1b[") > 0 && !strings.Contains(line, "\x1b[0m") {
				t.Errorf("width %d: colour not reset on %q", width, line)
			}
		}
	}
}
