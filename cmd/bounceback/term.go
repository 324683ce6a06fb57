package main

// This file holds what depends on the terminal. The rules follow age's
// cmd/age/tui.go: the report goes to standard output; everything else goes
// to standard error, each line prefixed with "bounceback: ", lowercase and
// without a final period. The progress bar is drawn only when standard error
// is a terminal, and is erased when done.

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
)

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// termWidth returns the width in columns of the terminal w, from the
// terminal itself, else $COLUMNS, else 80; it returns 0 (no limit) when w is
// not a terminal.
func termWidth(w io.Writer) int {
	if !isTerminal(w) {
		return 0
	}
	if n := ttyColumns(w.(*os.File)); n > 0 {
		return n
	}
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 0 {
		return n
	}
	return 80
}

// useColor reports whether output to w may use ANSI colour: w is a
// terminal, NO_COLOR is unset or empty (https://no-color.org) and TERM is
// not "dumb".
func useColor(w io.Writer) bool {
	return isTerminal(w) && os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb"
}

// progressBar draws "bounceback: 120/1000 files [=====     ]" on one line of
// a terminal, never wider than width-1 columns (a line that reaches the last
// column wraps on some terminals, and each redraw would leave a line in the
// scrollback): the bar shrinks to fit, then goes, leaving the count. Its
// methods may be called on a nil *progressBar, which draws nothing.
type progressBar struct {
	w io.Writer
	// min is the number of inputs a batch needs for the bar to show.
	min int
	// width is the terminal's width in columns (termWidth); 0 for no limit.
	width int

	mu    sync.Mutex
	shown int // length of the line on screen; 0 when nothing is shown
	last  int // the last number of bar cells drawn
}

const (
	barCells = 30
	// minBarCells is the narrowest bar drawn; a terminal too narrow for it
	// gets the count alone.
	minBarCells = 5
)

// barLine returns the progress line for done of total inputs in width
// columns (0: no limit) and the number of bar cells filled.
func barLine(done, total, width int) (string, int) {
	count := fmt.Sprintf("%s%d/%d files", prefix, done, total)
	cells := barCells
	if width > 0 {
		cells = min(barCells, width-1-len(count)-3)
	}
	if cells < minBarCells {
		if width > 0 && len(count) > width-1 {
			count = fmt.Sprintf("%d/%d", done, total)
			count = count[:max(0, min(len(count), width-1))]
		}
		return count, -1
	}
	filled := cells * done / total
	return fmt.Sprintf("%s [%s%s]", count, strings.Repeat("=", filled), strings.Repeat(" ", cells-filled)), filled
}

// update draws the bar for done of total inputs; it redraws only when the
// bar or the count changes visibly.
func (p *progressBar) update(done, total int) {
	if p == nil || total <= p.min {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	line, cells := barLine(done, total, p.width)
	if p.shown > 0 && done != total && (cells >= 0 && cells == p.last && done%10 != 0 ||
		cells < 0 && done%max(1, total/100) != 0) {
		return
	}
	p.last = cells
	pad := max(0, p.shown-len(line))
	fmt.Fprintf(p.w, "\r%s%s", line, strings.Repeat(" ", pad))
	p.shown = len(line)
}

// clear erases the bar.
func (p *progressBar) clear() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown > 0 {
		fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", p.shown))
		p.shown = 0
	}
}
