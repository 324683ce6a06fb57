package report

import (
	"strings"
)

// This file holds the colours of the bands, one palette for the terminal
// (ANSI), the HTML page and its charts, so that a band looks the same
// everywhere.

// colorKind is a kind of band a cell or a series may be coloured by.
type colorKind int

const (
	noBand colorKind = iota
	// classBand: the intensity classes (analysis.Class.String()).
	classBand
	// readinessBand: "ready", "moderate", "recover".
	readinessBand
	// formBand: the TSB bands "transition", "fresh", "neutral",
	// "optimal", "overload".
	formBand
)

// bandColor is one band's colours: sgr is the ANSI Select Graphic
// Rendition parameter for the terminal ("" leaves it uncoloured), fg the
// HTML text and chart colour, bg a light shade for backgrounds.
type bandColor struct {
	sgr, fg, bg string
}

// palette maps each kind of band to its bands' colours. The classes go
// from cool to hot with intensity; readiness and form use green for good,
// yellow for caution and red for too much.
var palette = map[colorKind]map[string]bandColor{
	classBand: {
		"recovery":     {"36", "#5b9bd5", "#e3eef8"},
		"endurance":    {"32", "#2e8b57", "#dcefe3"},
		"tempo":        {"33", "#c9a000", "#fbf1c7"},
		"threshold":    {"38;5;208", "#e8710a", "#fde3cc"},
		"vo2max":       {"31", "#c62828", "#f8d7d7"},
		"anaerobic":    {"35", "#8e24aa", "#efd9f4"},
		"unclassified": {"", "#8a8a8a", "#ececec"},
	},
	readinessBand: {
		"ready":    {"32", "#2e8b57", "#dcefe3"},
		"moderate": {"33", "#c9a000", "#fbf1c7"},
		"recover":  {"31", "#c62828", "#f8d7d7"},
	},
	formBand: {
		"transition": {"33", "#b08900", "#fbf3d0"},
		"fresh":      {"36", "#2b7bb9", "#dcebf7"},
		"neutral":    {"", "#7a7a7a", "#f0f0f0"},
		"optimal":    {"32", "#2e8b57", "#dcefe3"},
		"overload":   {"31", "#c62828", "#f8d7d7"},
	},
}

// zoneColors are the colours of heart-rate zones 1 to 5.
var zoneColors = [5]string{"#9ecae1", "#4daf4a", "#f2c12e", "#f28e2b", "#d62728"}

// band returns the colours of the band named by the first word of text,
// and whether the palette has it.
func band(kind colorKind, text string) (bandColor, bool) {
	key, _, _ := strings.Cut(strings.TrimSpace(text), " ")
	c, ok := palette[kind][strings.ToLower(key)]
	return c, ok
}

// paint returns text in the ANSI colour of its band of the given kind (the
// band is text's first word, such as "endurance" in "endurance long") when
// opts.Color is set; otherwise, or for a band without colour, text as it
// is. Widths in tables ignore the colour (see width).
func (o *Options) paint(kind colorKind, text string) string {
	return o.paintAs(kind, text, text)
}

// paintAs is paint with the band named apart from the text, as in
// paintAs(readinessBand, "moderate", "62 (moderate)").
func (o *Options) paintAs(kind colorKind, bandName, text string) string {
	if !o.Color || text == "" {
		return text
	}
	c, ok := band(kind, bandName)
	if !ok || c.sgr == "" {
		return text
	}
	return "\x1b[" + c.sgr + "m" + text + "\x1b[0m"
}

// stripANSI removes the ANSI escape sequences (ESC [ ... final byte) from s.
func stripANSI(s string) string {
	if !strings.Contains(s, "\x1b[") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '[' {
			j := i + 2
			for j < len(s) && !(s[j] >= 0x40 && s[j] <= 0x7e) {
				j++
			}
			i = j
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
