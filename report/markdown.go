package report

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/bounceback/bounceback/analysis"
)

// View renders a block in opts.Format, as [Sessions], [Analyze] and [HRV]
// do.
type View func(w io.Writer, b *analysis.Block, opts Options) error

// markdownWidth is the [Options.Width] that Render gives a view's Text
// renderer for Markdown: fit then keeps every column whole and marks them,
// and render writes them as a pipe table.
const markdownWidth = math.MinInt

// Render writes the block with view, the renderer of the command named
// name, in opts.Format. Markdown is view's Text output without colour or
// width limit, with every table a GitHub pipe table (units in the headers,
// footers in bold) and every other line a paragraph. CSV with opts.Table
// set writes that table of the command (see [CSVTables]). Everything else
// is view's own.
//
// A Text or Markdown view of a stale block (analysis.Block.Stale) starts
// with the block's StaleNote.
func Render(w io.Writer, b *analysis.Block, name string, view View, opts Options) error {
	switch {
	case opts.Format == Markdown:
		text := opts
		text.Format, text.Width, text.Color = Text, markdownWidth, false
		var buf bytes.Buffer
		staleNote(&buf, b, text.Width)
		if err := view(&buf, b, text); err != nil {
			return err
		}
		_, err := w.Write(markdownDoc(buf.Bytes()))
		return err
	case opts.Format == Text:
		var buf bytes.Buffer
		staleNote(&buf, b, opts.Width)
		if _, err := w.Write(buf.Bytes()); err != nil {
			return err
		}
	case opts.Format == CSV && opts.Table != "":
		t, err := csvTable(name, opts.Table)
		if err != nil {
			return err
		}
		return t.write(w, b)
	case opts.Format == HTML:
		return fmt.Errorf("report: %s: no HTML output (bounceback report writes the HTML page)", name)
	}
	return view(w, b, opts)
}

// markdownDoc turns a view's Text output, whose tables are already pipe
// tables, into Markdown: each other line becomes a paragraph of its own,
// its leading spaces dropped and its Markdown punctuation escaped, and a
// blank line separates the blocks.
func markdownDoc(text []byte) []byte {
	var out []string
	blank := func() {
		if len(out) > 0 && out[len(out)-1] != "" {
			out = append(out, "")
		}
	}
	inTable := false
	for _, line := range strings.Split(string(text), "\n") {
		if strings.HasPrefix(line, "|") {
			if !inTable {
				blank()
			}
			out = append(out, line)
			inTable = true
			continue
		}
		inTable = false
		line = strings.TrimSpace(stripANSI(line))
		blank()
		if line != "" {
			out = append(out, mdLine(line))
		}
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	if len(out) == 0 {
		return nil
	}
	return []byte(strings.Join(out, "\n") + "\n")
}

// mdReplacer escapes the characters that start inline Markdown: code,
// emphasis, links and HTML.
var mdReplacer = strings.NewReplacer(`\`, `\\`, "`", "\\`", `*`, `\*`, `[`, `\[`, `]`, `\]`, `<`, `\<`)

// mdInline escapes s for a Markdown paragraph or table cell; in a cell
// (cell set) the pipe too. A tilde is escaped only when there are two,
// which could strike through the text between them (a lone one marks an
// estimate).
func mdInline(s string, cell bool) string {
	s = mdReplacer.Replace(stripANSI(s))
	if strings.Count(s, "~") > 1 {
		s = strings.ReplaceAll(s, "~", `\~`)
	}
	if cell {
		s = strings.ReplaceAll(s, "|", `\|`)
	}
	return s
}

// mdLine escapes a paragraph line, including the marks that would make it
// a heading, a list item, a quote or a rule.
func mdLine(s string) string {
	s = mdInline(s, false)
	switch {
	case s == "":
		return s
	case strings.ContainsRune("#+-=_>", rune(s[0])):
		return `\` + s
	}
	// "1. " or "1) " starts an ordered list.
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')') && (i+1 == len(s) || s[i+1] == ' ') {
		return s[:i] + `\` + s[i:]
	}
	return s
}

// renderMarkdown writes the columns as a GitHub pipe table: the header's
// lines joined by a space (so the unit stays beside the name), right
// alignment for right-aligned columns, the footer as a last row in bold,
// and every cell padded to its column's width so that the table also
// reads as plain text.
func renderMarkdown(w io.Writer, cols []*column) error {
	if len(cols) == 0 {
		return nil
	}
	n := len(cols[0].cells)
	hasFoot := false
	for _, c := range cols {
		hasFoot = hasFoot || c.foot != ""
	}
	rows := make([][]string, 0, n+2)
	head := make([]string, len(cols))
	for i, c := range cols {
		head[i] = mdInline(strings.Join(strings.Fields(c.head), " "), true)
	}
	rows = append(rows, head)
	for r := range n {
		row := make([]string, len(cols))
		for i, c := range cols {
			row[i] = mdInline(c.cells[r], true)
		}
		rows = append(rows, row)
	}
	if hasFoot {
		row := make([]string, len(cols))
		for i, c := range cols {
			if c.foot != "" {
				row[i] = "**" + mdInline(c.foot, true) + "**"
			}
		}
		rows = append(rows, row)
	}
	widths := make([]int, len(cols))
	for i := range cols {
		widths[i] = 3
		for _, row := range rows {
			widths[i] = max(widths[i], width(row[i]))
		}
	}
	var b strings.Builder
	line := func(cells []string) {
		b.WriteString("|")
		for i, s := range cells {
			pad := strings.Repeat(" ", widths[i]-width(s))
			if cols[i].right {
				s = pad + s
			} else {
				s += pad
			}
			b.WriteString(" " + s + " |")
		}
		b.WriteString("\n")
	}
	line(rows[0])
	b.WriteString("|")
	for i, c := range cols {
		if c.right {
			b.WriteString(" " + strings.Repeat("-", widths[i]-1) + ": |")
		} else {
			b.WriteString(" " + strings.Repeat("-", widths[i]) + " |")
		}
	}
	b.WriteString("\n")
	for _, row := range rows[1:] {
		line(row)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// markdown writes the page as Markdown: the title as a heading, the key
// numbers and every section as pipe tables; the charts are only in the
// HTML page.
func (p *page) markdown(w io.Writer) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s\n\n%s\n\n", mdInline(p.Title, false), mdLine(p.Subtitle))
	facts := []*column{{head: "key number"}, {head: "value", right: true}, {head: "note"}}
	for _, f := range p.Facts {
		value := f.Value
		if f.Band != nil {
			value += " " + f.Band.Text
		}
		for i, s := range []string{f.Label, value, f.Note} {
			facts[i].cells = append(facts[i].cells, s)
		}
	}
	if err := renderMarkdown(&b, facts); err != nil {
		return err
	}
	if r := p.Readiness; r != nil && r.Empty != "" {
		fmt.Fprintf(&b, "\n## %s\n\n%s\n", mdInline(r.Title, false), mdLine(r.Empty))
	} else if r != nil {
		fmt.Fprintf(&b, "\n## %s\n\n", mdInline(r.Title, false))
		score := r.Score
		if r.Band != nil {
			score += " (" + r.Band.Text + ")"
		}
		fmt.Fprintf(&b, "Score: **%s**\n", mdInline(score, false))
		for _, l := range r.Lines {
			fmt.Fprintf(&b, "\n%s: %s\n", mdInline(l[0], false), mdInline(l[1], false))
		}
		if err := p.mdSection(&b, r.Contributors, "###"); err != nil {
			return err
		}
	}
	b.WriteString("\n## Charts\n\nThe charts (fitness, fatigue and form; weekly load by class; daily HRV; " +
		"readiness history; zones per week) are in the HTML report: bounceback report PATH... -o block.html\n")
	for _, s := range p.Sections {
		if err := p.mdSection(&b, s, "##"); err != nil {
			return err
		}
	}
	b.WriteString("\n")
	for i, l := range p.Footer {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(mdLine(l) + "\n")
	}
	_, err := w.Write(b.Bytes())
	return err
}

// mdSection writes a section: its heading at the given level, its
// introduction and its table (or why it is empty).
func (p *page) mdSection(b *bytes.Buffer, s section, level string) error {
	fmt.Fprintf(b, "\n%s %s\n", level, mdInline(s.Title, false))
	for _, l := range s.Intro {
		fmt.Fprintf(b, "\n%s\n", mdLine(l))
	}
	b.WriteString("\n")
	if len(s.cols) == 0 || len(s.cols[0].cells) == 0 {
		b.WriteString(mdLine(s.Empty) + "\n")
		return nil
	}
	return renderMarkdown(b, s.cols)
}
