package report

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bounceback/bounceback/analysis"
)

// column is one column of a text table.
type column struct {
	// head is the header; a "\n" splits it over two lines, the unit on the
	// second.
	head  string
	right bool
	// keep ranks the column: when the table is too wide, columns with the
	// lowest keep go first. Columns with keep 0 are never dropped.
	keep int
	// shrink is the narrowest a long value may be shortened to; 0 means
	// the column is never shortened. A shortened value keeps its start and
	// its end (file names differ at the end), or only its start when
	// keepStart is set. A shortened path loses its folders first.
	shrink    int
	keepStart bool
	path      bool
	// cells holds one value per row; foot is the footer cell. A cell may
	// carry ANSI colour (see [Options.paint]): widths ignore it.
	cells []string
	foot  string
	// band, when set, says that each cell starts with a band of that kind
	// (a class name, a readiness or form band): the HTML page draws it as
	// a coloured chip.
	band colorKind
	// prose marks cells of running text (notes, problems), which the HTML
	// page lets wrap.
	prose bool
	// markdown is set by fit for a table of a view rendered as Markdown
	// (see [Render]): render then writes a pipe table.
	markdown bool
}

// gap is the space between two columns.
const gap = 2

// SessionsText writes one row per session, with a footer that totals the
// counted sessions and their timer time, then their distance by sport and
// a line for each session that is a duplicate, has an impossible date or
// was rebuilt from its records (marked in the note column). Start times are on the device's clock when the file
// recorded its UTC offset, else in UTC; the header says which (and when
// they are mixed, UTC times end in "Z"). Files without sessions get no row.
//
// When opts.Width is set and the table is wider, columns are dropped in this
// order until it fits: device, RR beats, HR source, max HR, file, avg HR,
// distance; long file names (losing their folders first, then their
// middle), device names and sports (at the end) are shortened with "..." to
// no less than 18, 12 and 13 columns, the longest first, before a column has
// to go. A block without sessions prints
// "0 sessions" instead of an empty table.
func SessionsText(w io.Writer, b *analysis.Block, opts Options) error {
	rows := sessionRows(b)
	if len(rows) == 0 {
		_, err := fmt.Fprintln(w, "0 sessions")
		return err
	}
	startHead, startCell := startColumn(rows)
	cols := []*column{
		{head: startHead},
		{head: "sport", keep: 90, shrink: 13, keepStart: true},
		{head: "time\n(h:mm:ss)", right: true},
		{head: "dist\n(km)", right: true, keep: 80},
		{head: "avg HR\n(bpm)", right: true, keep: 70},
		{head: "max HR\n(bpm)", right: true, keep: 40},
		{head: "HR\nsource", keep: 30},
		{head: "RR\nbeats", right: true, keep: 20},
		{head: "device", keep: 10, shrink: 12, keepStart: true},
		{head: "file", keep: 50, shrink: 18, path: true},
		{head: "note", keep: 85},
	}
	for _, r := range rows {
		start := startCell(r)
		s := r.s
		cells := []string{
			start,
			sport(s),
			hms(s.Timer),
			fixed(s.Distance/1000, 2),
			fixed(s.AvgHR, 0),
			fixed(s.MaxHR, 0),
			r.file.HRSource.String(),
			strconv.Itoa(s.RRIntervals),
			r.file.Device(),
			opts.name(r.file.Path),
			sessionMark(s),
		}
		for i, c := range cells {
			cols[i].cells = append(cols[i].cells, c)
		}
	}
	cols[0].foot = plural(b.Totals.Sessions, "session")
	cols[2].foot = hms(b.Totals.Timer)
	cols = dropEmptyLast(cols)
	cols = fit(cols, opts.Width)

	var buf bytes.Buffer
	if err := render(&buf, cols); err != nil {
		return err
	}
	if _, err := w.Write(tidy(buf.Bytes())); err != nil {
		return err
	}
	if d := distanceText(b.Totals.Distance); d != "" {
		if _, err := fmt.Fprintf(w, "distance: %s\n", d); err != nil {
			return err
		}
	}
	sessionNotes(w, rows, opts)
	return nil
}

// dropEmptyLast drops the last column when all its cells are empty (the
// note column of the session tables).
func dropEmptyLast(cols []*column) []*column {
	last := cols[len(cols)-1]
	for _, c := range last.cells {
		if c != "" {
			return cols
		}
	}
	return cols[:len(cols)-1]
}

// distanceText formats distances by sport: "running 42.2 km, cycling
// 120.0 km"; "" when all are 0. Sports are never added together.
func distanceText(d analysis.Distances) string {
	var parts []string
	for _, x := range []struct {
		name string
		m    float64
	}{{"running", d.Run}, {"cycling", d.Bike}, {"swimming", d.Swim}, {"other sports", d.Other}} {
		if x.m > 0 {
			parts = append(parts, fmt.Sprintf("%s %.1f km", x.name, x.m/1000))
		}
	}
	return strings.Join(parts, ", ")
}

// width returns the display width of s in columns: one per rune, ANSI
// escape sequences excluded.
func width(s string) int { return utf8.RuneCountInString(stripANSI(s)) }

// natural returns the width the column needs to show every cell in full.
func (c *column) natural() int {
	n := width(c.foot)
	for _, line := range strings.Split(c.head, "\n") {
		n = max(n, width(line))
	}
	for _, s := range c.cells {
		n = max(n, width(s))
	}
	return n
}

// least returns the narrowest the column can be made.
func (c *column) least() int {
	n := c.natural()
	if c.shrink == 0 || n <= c.shrink {
		return n
	}
	h := width(c.foot)
	for _, line := range strings.Split(c.head, "\n") {
		h = max(h, width(line))
	}
	return max(c.shrink, h)
}

// fit drops and shortens columns until the table is at most limit columns
// wide (0: no limit). It returns the columns to show, in order. The limit
// markdownWidth keeps every column whole and marks them for Markdown.
func fit(cols []*column, limit int) []*column {
	if limit == markdownWidth {
		for _, c := range cols {
			c.markdown = true
		}
		return cols
	}
	if limit <= 0 {
		return cols
	}
	total := func(cs []*column, w func(*column) int) int {
		n := gap * (len(cs) - 1)
		for _, c := range cs {
			n += w(c)
		}
		return n
	}
	for total(cols, (*column).least) > limit {
		drop := -1
		for i, c := range cols {
			if c.keep > 0 && (drop < 0 || c.keep < cols[drop].keep) {
				drop = i
			}
		}
		if drop < 0 {
			break
		}
		cols = append(cols[:drop:drop], cols[drop+1:]...)
	}
	// Shorten columns until the table fits, taking first from the one
	// with the most to spare (usually the file names).
	widths := make([]int, len(cols))
	for i, c := range cols {
		widths[i] = c.natural()
	}
	over := total(cols, (*column).natural) - limit
	for over > 0 {
		next, spare := -1, 0
		for i, c := range cols {
			if s := widths[i] - c.least(); s > spare {
				next, spare = i, s
			}
		}
		if next < 0 {
			break
		}
		cut := min(over, spare)
		widths[next] -= cut
		over -= cut
	}
	for i, c := range cols {
		if widths[i] < c.natural() {
			for j, s := range c.cells {
				if c.path {
					s = trimFolders(s, widths[i])
				}
				if width(s) > widths[i] {
					// A shortened cell loses its colour.
					s = stripANSI(s)
				}
				c.cells[j] = shorten(s, widths[i], c.keepStart)
			}
		}
	}
	return cols
}

// trimFolders drops leading folders from the slash-separated path p until
// it fits in n columns or only the base name is left.
func trimFolders(p string, n int) string {
	for width(p) > n {
		i := strings.Index(p, "/")
		if i < 0 {
			break
		}
		p = p[i+1:]
	}
	return p
}

// shorten cuts s to n columns by replacing its middle with "...", keeping
// more of the end (where file names differ and extensions are), or by
// replacing its end when keepStart is set.
func shorten(s string, n int, keepStart bool) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	if n <= 3 {
		return string(r[:n])
	}
	keep := n - 3
	if keepStart {
		return string(r[:keep]) + "..."
	}
	head := keep / 3
	tail := keep - head
	return string(r[:head]) + "..." + string(r[len(r)-tail:])
}

// render writes the columns as a borderless table: the header (a "\n" in
// a header splits it over lines), a rule of '-', the rows, and, when some
// column has one, a rule and the footer; each column as wide as its widest
// cell (colour ignored), aligned left or right, gap spaces after it.
// Columns marked for Markdown (see fit) are written as a pipe table
// instead. The table is written as it goes: a table of thousands of rows
// is held once, as its cells.
func render(w io.Writer, cols []*column) error {
	if len(cols) > 0 && cols[0].markdown {
		return renderMarkdown(w, cols)
	}
	heads := make([][]string, len(cols))
	widths := make([]int, len(cols))
	lines, hasFoot := 0, false
	for i, c := range cols {
		heads[i] = strings.Split(c.head, "\n")
		lines = max(lines, len(heads[i]))
		for _, h := range heads[i] {
			widths[i] = max(widths[i], width(h))
		}
		for _, v := range c.cells {
			widths[i] = max(widths[i], width(v))
		}
		widths[i] = max(widths[i], width(c.foot))
		hasFoot = hasFoot || c.foot != ""
	}
	total := 0
	for _, n := range widths {
		total += n + gap
	}
	bw := bufio.NewWriter(w)
	var line []byte
	row := func(cell func(i int) string) {
		line = line[:0]
		for i, c := range cols {
			v := cell(i)
			pad := widths[i] - width(v)
			if c.right {
				line = appendSpaces(line, pad)
				line = append(line, v...)
			} else {
				line = append(line, v...)
				line = appendSpaces(line, pad)
			}
			line = appendSpaces(line, gap)
		}
		line = append(line, '\n')
		bw.Write(line)
	}
	rule := func() {
		bw.WriteString(strings.Repeat("-", total))
		bw.WriteByte('\n')
	}
	for l := range lines {
		row(func(i int) string {
			if l < len(heads[i]) {
				return heads[i][l]
			}
			return ""
		})
	}
	rule()
	n := 0
	if len(cols) > 0 {
		n = len(cols[0].cells)
	}
	for r := range n {
		row(func(i int) string { return cols[i].cells[r] })
	}
	if hasFoot {
		rule()
		row(func(i int) string { return cols[i].foot })
	}
	return bw.Flush()
}

// appendSpaces appends n spaces to b.
func appendSpaces(b []byte, n int) []byte {
	for range n {
		b = append(b, ' ')
	}
	return b
}

// tidy removes trailing spaces from every line and cuts the rule lines
// (made of '-') to the width of the widest other line.
func tidy(b []byte) []byte {
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	widest := 0
	for i, l := range lines {
		lines[i] = trimRight(l)
		if strings.Trim(lines[i], "-") != "" {
			widest = max(widest, width(lines[i]))
		}
	}
	for i, l := range lines {
		if l != "" && strings.Trim(l, "-") == "" && len(l) > widest {
			lines[i] = l[:widest]
		}
	}
	return []byte(strings.Join(lines, "\n") + "\n")
}

// reset ends ANSI colour.
const reset = "\x1b[0m"

// trimRight removes the trailing spaces of a line, also those before the
// colour resets that end a coloured cell, and keeps the colour of
// the last cell closed.
func trimRight(l string) string {
	colored := strings.Contains(l, "\x1b[")
	for {
		t := strings.TrimSuffix(strings.TrimRight(l, " "), reset)
		if t == l {
			break
		}
		l = t
	}
	if colored && strings.LastIndex(l, "\x1b[") > strings.LastIndex(l, reset) {
		l += reset
	}
	return l
}

// startColumn returns the header of the start-time column of rows and a
// function formatting one row's start: the device's local time when every
// row knows its UTC offset, UTC when none does, and local time with UTC rows
// marked "Z" when they are mixed.
func startColumn(rows []sessionRef) (head string, cell func(sessionRef) string) {
	local, utc := 0, 0
	for _, r := range rows {
		if _, ok := localTime(r); ok {
			local++
		} else {
			utc++
		}
	}
	head = "start\n(UTC)"
	switch {
	case local > 0 && utc > 0:
		head = "start (local,\nZ = UTC)"
	case local > 0:
		head = "start\n(local)"
	}
	return head, func(r sessionRef) string {
		t, isLocal := localTime(r)
		if t.IsZero() {
			return ""
		}
		start := t.Format("2006-01-02 15:04")
		if !isLocal && local > 0 {
			start += "Z"
		}
		return start
	}
}
