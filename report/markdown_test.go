package report_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/bounceback/bounceback/report"
)

// TestRenderMarkdown checks the Markdown of the analyze view on the
// hand-made block: pipe tables with units in the headers, paragraphs, and
// no colour even when asked.
func TestRenderMarkdown(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	opts := report.Options{Format: report.Markdown, Width: 60, Color: true}
	if err := report.Render(&buf, analyzedBlock(), "analyze", report.Analyze, opts); err != nil {
		t.Fatal(err)
	}
	golden(t, "analyze.md", buf.Bytes())
	if strings.Contains(buf.String(), "\x1b[") {
		t.Error("the Markdown has colour")
	}
	// Every row of a table has as many cells as its header.
	cells := func(l string) int { return strings.Count(strings.ReplaceAll(l, `\|`, ""), "|") }
	head, tables := "", 0
	for _, l := range strings.Split(buf.String(), "\n") {
		switch {
		case !strings.HasPrefix(l, "|"):
			head = ""
		case head == "":
			head = l
			tables++
		case cells(l) != cells(head):
			t.Errorf("row %q has %d cells, its header %d", l, cells(l)-1, cells(head)-1)
		}
	}
	if tables == 0 {
		t.Fatalf("no table:\n%s", buf.String())
	}
}

// TestSessionsMarkdownEscapes checks that the Markdown escapes what could
// break a table or start markup.
func TestSessionsMarkdownEscapes(t *testing.T) {
	t.Parallel()
	b := sampleBlock()
	b.Files[0].Manufacturer, b.Files[0].Product = "garmin |", "fr955 *pro* <b>"
	var buf bytes.Buffer
	if err := report.Sessions(&buf, b, report.Options{Format: report.Markdown}); err != nil {
		t.Fatal(err)
	}
	if want := `garmin \| fr955 \*pro\* \<b>`; !strings.Contains(buf.String(), want) {
		t.Errorf("the device is not escaped as %q:\n%s", want, buf.String())
	}
}

// TestCSVTables checks the named tables of each command and the errors of
// Render for an unknown one.
func TestCSVTables(t *testing.T) {
	t.Parallel()
	if got := strings.Join(report.CSVTables("analyze"), ","); got != "sessions,weeks,days" {
		t.Errorf("CSVTables(analyze) = %s", got)
	}
	if got := report.CSVTables("session"); got != nil {
		t.Errorf("CSVTables(session) = %v, want nil", got)
	}
	b := analyzedBlock()
	var buf bytes.Buffer
	err := report.Render(&buf, b, "analyze", report.Analyze, report.Options{Format: report.CSV, Table: "months"})
	if err == nil || err.Error() != `--table: unknown table "months" (analyze has sessions, weeks, days)` {
		t.Errorf("unknown table: got error %v", err)
	}
	for _, table := range []string{"weeks", "days"} {
		buf.Reset()
		if err := report.Render(&buf, b, "analyze", report.Analyze, report.Options{Format: report.CSV, Table: table}); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(buf.String(), map[string]string{"weeks": "week_start,", "days": "date,"}[table]) {
			t.Errorf("--table %s: %q", table, buf.String())
		}
	}
}
