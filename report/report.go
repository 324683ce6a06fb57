// Package report renders an [analysis.Block] as text tables, CSV and JSON.
//
// It owns presentation only: every number it prints comes from the analysis
// package, and it computes nothing but formatting. Each renderer takes an
// io.Writer and returns the first write error; output is deterministic, so
// golden files can check it.
//
// # Formats
//
//   - Text: a table for a terminal, in aligned columns. Units are in the
//     headers, missing values are empty cells, and a narrow [Options.Width]
//     drops the least important columns and shortens long names rather than
//     wrapping rows.
//   - CSV: one header row (snake_case names with the unit as suffix, such as
//     timer_s and distance_m), ISO 8601 times, plain numbers and an empty
//     cell for a missing value, so that pandas and spreadsheets read it as
//     it is.
//   - JSON: one document, {"files": [...]}, whose fields are a documented,
//     stable interface (documented in the README, "JSON output"). A missing value is null;
//     NaN never reaches the output.
//
// # Views
//
// [Sessions] lists what was decoded (the sessions command). [Analyze] is
// the main view: a summary, then one row per session with its load, zone
// split and class; its JSON, [AnalysisJSON], adds the athlete, each
// session's analysis and the daily series to the sessions document.
// [Session] explains sessions in full (zones, load, class and reason,
// intervals, HRV when the session has RR data, Garmin's own values). [HRV]
// shows the daily recovery series (HRV, resting heart rate, sleep score
// against their normal ranges). [AthleteText], [AthleteJSON] and
// [ProfileJSON] show the athlete values with their sources, and
// [VTSuggestions] picks the VT1/VT2 estimates that profile offers as zone
// anchors, never applying them.
package report

import (
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"
	"time"

	"github.com/bounceback/bounceback/analysis"
)

// Format is an output format.
type Format int

const (
	// Text is a table for a terminal.
	Text Format = iota
	// CSV is comma-separated values with a header row.
	CSV
	// JSON is the documented JSON document.
	JSON
	// Markdown is the Text output with its tables as GitHub pipe tables
	// and every other line a paragraph: see [Render].
	Markdown
	// HTML is one self-contained HTML page with inline SVG charts: see
	// [Page].
	HTML
)

var formatNames = [...]string{"table", "csv", "json", "markdown", "html"}

// String returns "table", "csv", "json", "markdown" or "html".
func (f Format) String() string {
	if f < 0 || int(f) >= len(formatNames) {
		return fmt.Sprintf("Format(%d)", int(f))
	}
	return formatNames[f]
}

// ParseFormat returns the Format named s ("table", "csv", "json",
// "markdown" or "html").
func ParseFormat(s string) (Format, error) {
	for i, name := range formatNames {
		if s == name {
			return Format(i), nil
		}
	}
	return 0, fmt.Errorf("unknown format %q (want table, csv, json, markdown or html)", s)
}

// Options says how to render.
type Options struct {
	// Format selects the renderer used by [Sessions].
	Format Format
	// Width is the number of columns a Text table must fit in; 0 means no
	// limit (every column, nothing shortened). Below about 60 columns the
	// table still shows its most important columns and may be wider.
	Width int
	// Name returns the name shown for a file in the Text table's file
	// column, for instance the path relative to the folder the user named;
	// nil shows the base name of the path.
	Name func(path string) string
	// Color allows ANSI colour in Text output: the readiness and form
	// bands and the intensity classes (see [Options.paint]). The caller
	// sets it only when standard output is a terminal and NO_COLOR is
	// unset. Markdown, CSV and JSON are never coloured.
	Color bool
	// Table names the CSV table to write, for the views that have several
	// (see [CSVTables]); "" writes the view's first table.
	Table string
	// Version is the bounceback version the HTML pages name in their
	// footer (what bounceback --version prints); "" leaves it out.
	Version string
	// Now returns the time the HTML pages say they were made at, in their
	// footer; nil leaves it out (the tests fix it, or leave it out, so that
	// the pages stay the same from run to run).
	Now func() time.Time
	// InputFiles and InputFolders count the paths the user named that are
	// files (FIT files, archives) and folders, for the HTML pages' footer;
	// both 0 leaves them out.
	InputFiles, InputFolders int
}

// provenance is the footer line of the HTML pages that says what made
// the page, when, for which day and from what: "Made by bounceback v1.2.3
// on 2026-11-02 20:00 UTC, as of Sunday 1 November 2026 (--as-of
// 2026-11-01), from 1 folder." Each part the options or asOf (zero) do
// not know is left out.
func (o *Options) provenance(asOf time.Time) string {
	s := "Made by bounceback"
	if o.Version != "" {
		s += " " + o.Version
	}
	if o.Now != nil {
		s += " on " + o.Now().UTC().Format("2006-01-02 15:04 MST")
	}
	if !asOf.IsZero() {
		s += fmt.Sprintf(", as of %s (--as-of %s)", asOf.Format("Monday 2 January 2006"), asOf.Format(time.DateOnly))
	}
	var in []string
	if o.InputFolders > 0 {
		in = append(in, plural(o.InputFolders, "folder"))
	}
	if o.InputFiles > 0 {
		in = append(in, plural(o.InputFiles, "file"))
	}
	if len(in) > 0 {
		s += ", from " + strings.Join(in, " and ") + " named on the command line"
	}
	return s + "."
}

func (o *Options) name(path string) string {
	if o.Name != nil {
		return Clean(o.Name(path))
	}
	return Clean(filepath.Base(path))
}

// Clean returns s with every control character (the C0 and C1 controls,
// DEL) and every Unicode bidirectional control replaced by "?": text from
// files and archives (names, paths) that is shown to a person could
// otherwise move the cursor, recolour the terminal, reorder what is shown
// or break a table row.
func Clean(s string) string {
	if strings.IndexFunc(s, isControl) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return '?'
		}
		return r
	}, s)
}

func isControl(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true // bidirectional marks, embeddings, overrides and isolates
	}
	return false
}

// Sessions writes the block's sessions in opts.Format: [SessionsText],
// [SessionsCSV] or [WriteJSON].
func Sessions(w io.Writer, b *analysis.Block, opts Options) error {
	switch opts.Format {
	case Text:
		return SessionsText(w, b, opts)
	case CSV:
		return SessionsCSV(w, b)
	case JSON:
		return WriteJSON(w, b)
	case Markdown:
		return Render(w, b, "sessions", Sessions, opts)
	}
	return fmt.Errorf("report: unknown format %v", opts.Format)
}

// sessionRef is one session row with the file it came from.
type sessionRef struct {
	file *analysis.FileSummary
	s    *analysis.SessionSummary
}

// sessionRows lists the block's sessions in file order, then session order.
func sessionRows(b *analysis.Block) []sessionRef {
	var rows []sessionRef
	for i := range b.Files {
		f := &b.Files[i]
		for j := range f.Sessions {
			rows = append(rows, sessionRef{f, &f.Sessions[j]})
		}
	}
	return rows
}

// sport returns "sport/sub_sport", or the sport alone when the sub-sport is
// missing or "generic".
func sport(s *analysis.SessionSummary) string {
	switch {
	case s.SubSport == "" || s.SubSport == "generic" || s.SubSport == s.Sport:
		return s.Sport
	case s.Sport == "":
		return s.SubSport
	}
	return s.Sport + "/" + s.SubSport
}

// hms formats seconds as h:mm:ss, rounded to the nearest second; "" for NaN.
func hms(sec float64) string {
	if math.IsNaN(sec) || math.IsInf(sec, 0) {
		return ""
	}
	neg := ""
	if sec < 0 {
		neg, sec = "-", -sec
	}
	s := int64(math.Round(sec))
	return fmt.Sprintf("%s%d:%02d:%02d", neg, s/3600, s/60%60, s%60)
}

// fixed formats v with prec decimals; "" for NaN.
func fixed(v float64, prec int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	return fmt.Sprintf("%.*f", prec, v)
}

// plural returns "1 session", "2 sessions".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// localTime returns the session start on the device's clock when known,
// else in UTC, and whether it is local.
func localTime(r sessionRef) (time.Time, bool) {
	return r.file.Local(r.s.Start)
}

// staleNote writes the block's StaleNote and a blank line when the block
// is stale, wrapped to limit columns (0 or less: one line).
func staleNote(w io.Writer, b *analysis.Block, limit int) {
	if !b.Stale {
		return
	}
	wordWrap(w, "", "Note: "+b.StaleNote+".", max(limit, 0))
	fmt.Fprintln(w)
}

// Hints returns the lines that point from the view of the command named
// command to the commands that say more, for standard error; nil when it
// has none.
func Hints(command string) []string {
	switch command {
	case "analyze":
		return []string{
			"reasons, zones, intervals and HRV of a session: bounceback session FILE",
			"the readiness in full: bounceback readiness PATH...; the daily load: bounceback load PATH...",
			"daily HRV, resting HR and sleep score: bounceback hrv PATH...",
			"the athlete values and their sources: bounceback profile PATH...",
		}
	case "readiness":
		return []string{"daily load, fitness and form: bounceback load PATH..."}
	case "load":
		return []string{"the readiness in full: bounceback readiness PATH..."}
	}
	return nil
}

// FileCounts describes the files of a block in one line: "10 files: 7 ok,
// 1 partial, 1 failed, 1 skipped", and the sessions not counted.
func FileCounts(t analysis.Totals) string {
	s := fileCounts(t)
	var not []string
	if t.Duplicates > 0 {
		not = append(not, plural(t.Duplicates, "duplicate session"))
	}
	if t.Undated > 0 {
		not = append(not, plural(t.Undated, "session")+" with an impossible date")
	}
	if len(not) > 0 {
		s += "; not counted: " + strings.Join(not, ", ")
	}
	return s
}

// fileCounts describes the files of a block: "10 files: 7 ok, 1 partial,
// 1 failed, 1 skipped".
func fileCounts(t analysis.Totals) string {
	var parts []string
	for _, c := range []struct {
		n    int
		name string
	}{{t.OK, "ok"}, {t.Partial, "partial"}, {t.Failed, "failed"}, {t.Skipped, "skipped"}} {
		if c.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c.n, c.name))
		}
	}
	s := plural(t.Files, "file")
	if len(parts) > 0 {
		s += ": " + strings.Join(parts, ", ")
	}
	return s
}

// sessionMark is the short note of a session's row: "duplicate", "bad
// date", "rebuilt" (no session message) or "".
func sessionMark(s *analysis.SessionSummary) string {
	switch {
	case s.DuplicateOf != nil:
		return "duplicate"
	case s.DateProblem != "":
		return "bad date"
	case s.Reconstructed:
		return "rebuilt"
	}
	return ""
}

// sessionNotes writes, after a table of rows, one line for each session
// that is a duplicate, has an impossible date or was rebuilt from its
// records, saying what was done with it; nothing when there is none.
func sessionNotes(w io.Writer, rows []sessionRef, opts Options) {
	var lines []string
	for _, r := range rows {
		s := r.s
		var what string
		switch {
		case s.DuplicateOf != nil:
			d := s.DuplicateOf
			what = fmt.Sprintf("duplicate: a second recording of %s session %d (%s; kept: %s), counted once",
				opts.name(d.Path), d.Session+1, d.Rule, d.Kept)
		case s.DateProblem != "":
			what = "bad date: " + s.DateProblem + "; listed, but not counted in the days, weeks and readiness"
		case s.Reconstructed:
			what = "rebuilt: the file has no session message; the session was rebuilt from its records"
		default:
			continue
		}
		start := ""
		if t, local := localTime(r); !t.IsZero() {
			start = t.Format("2006-01-02 15:04")
			if !local {
				start += "Z"
			}
			start += " "
		}
		lines = append(lines, fmt.Sprintf("%s%s %s session %d: %s", start, sportName(s), opts.name(r.file.Path), s.Index+1, what))
	}
	if len(lines) == 0 {
		return
	}
	fmt.Fprintln(w)
	for _, l := range lines {
		wordWrap(w, "", l, opts.Width)
	}
}
