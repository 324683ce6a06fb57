package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// chromium returns the path of Debian's headless-capable chromium. Without
// it the test skips, except under CI (which installs it, see .ci/run),
// where it fails.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("CI is set but chromium is not installed (.ci/run installs Debian's chromium)")
	}
	t.Skip("chromium not found: install Debian's chromium (apt-get install chromium) to run the browser test")
	return ""
}

// headless runs chromium headless on the page with args and returns its
// standard output and standard error (its log, with the page's console
// messages).
func headless(t *testing.T, bin, page string, args ...string) (stdout, stderr []byte) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	// A profile folder of its own, so that runs never share state.
	profile := t.TempDir()
	all := append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-extensions", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0"}, args...)
	cmd := exec.CommandContext(ctx, bin, append(all, "file://"+page)...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %s: %v\n%s", strings.Join(args, " "), err, errOut.String())
	}
	return out.Bytes(), errOut.Bytes()
}

// consoleError matches what chromium logs for a problem in a page: any
// console message (":CONSOLE:1]" or "CONSOLE(1)" by version; the page has
// no script, so any message is an error), an uncaught exception, a load
// blocked by the Content-Security-Policy or failed.
var consoleError = regexp.MustCompile(`(?i)(uncaught|CONSOLE[:(]|Refused to|violates the following Content Security Policy|Failed to load|net::ERR_)`)

// TestBrowserReport writes the HTML report of the generated block, opens
// it in headless Chromium and checks, in the DOM Chromium built, that every
// chart rendered as an SVG with data paths and that every table is there;
// it checks the browser's log for console errors (the page's
// Content-Security-Policy makes any fetch from the network one). Then it
// checks the layout at 1280 and 400 px (checkLayout: every chart text at
// least 10 CSS px high and inside its SVG, no table wider than the
// viewport but the weeks' in its scroll box with its header) and saves a
// screenshot of each width in the test's artifact folder (go test
// -artifacts keeps them).
func TestBrowserReport(t *testing.T) {
	t.Parallel()
	bin := chromium(t)
	dir := t.ArtifactDir()
	page, err := filepath.Abs(filepath.Join(dir, "block.html"))
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"report", "-q", "-o", page, blockDir}, &stdout, &stderr); code != exitOK {
		t.Fatalf("bounceback report: exit status %d\n%s", code, stderr.String())
	}

	dom, log := headless(t, bin, page, "--dump-dom", "--virtual-time-budget=5000")
	if len(dom) == 0 {
		t.Fatalf("chromium dumped no DOM\n%s", log)
	}
	for _, line := range strings.Split(string(log), "\n") {
		if consoleError.MatchString(line) {
			t.Errorf("console error: %s", line)
		}
	}
	charts := []string{"fitness", "weekly-load", "hrv", "readiness-history", "zones"}
	for _, id := range charts {
		fig, ok := element(string(dom), `<figure id="`+id+`">`, "</figure>")
		if !ok {
			t.Errorf("chart %s: no figure in the DOM", id)
			continue
		}
		svg, ok := element(fig, "<svg", "</svg>")
		switch {
		case !ok:
			t.Errorf("chart %s: no <svg> (the page says: %s)", id, text(fig))
		case strings.Count(svg, "<path") < 5:
			t.Errorf("chart %s: %d paths; want the axes and the data", id, strings.Count(svg, "<path"))
		}
	}
	for _, id := range []string{"summary", "readiness", "weeks", "sessions", "files"} {
		if !strings.Contains(string(dom), `id="`+id+`"`) {
			t.Errorf("no section %s in the DOM", id)
		}
	}

	checkLayout(t, bin, page, len(charts))
	t.Logf("report and screenshots: %s", page)
}

// element returns the first part of s from open to the end of close, and
// whether there is one.
func element(s, open, close string) (string, bool) {
	i := strings.Index(s, open)
	if i < 0 {
		return "", false
	}
	j := strings.Index(s[i:], close)
	if j < 0 {
		return "", false
	}
	return s[i : i+j+len(close)], true
}

var tags = regexp.MustCompile(`<[^>]*>`)

// text returns the text of an HTML fragment, without its tags.
func text(html string) string {
	return strings.Join(strings.Fields(tags.ReplaceAllString(html, " ")), " ")
}

// TestBrowserSquadPage writes the squad page of the generated squad (report
// --squad), opens it in headless Chromium and checks, in the DOM Chromium
// built, that there is one section per athlete with its chart drawn (or
// saying why not), that every link points to an id on the page, that no
// text says NaN, and that the browser's log has no console error (the
// Content-Security-Policy makes any request leaving the page one); then
// its layout at 1280 and 400 px as the report's (checkLayout).
func TestBrowserSquadPage(t *testing.T) {
	t.Parallel()
	bin := chromium(t)
	squad := squadFixture(t)
	page, err := filepath.Abs(filepath.Join(t.ArtifactDir(), "squad.html"))
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	args := []string{"report", "--squad", "-q", "--as-of", "2026-11-02", "-o", page, squad}
	if code := run(context.Background(), args, &stdout, &stderr); code != exitFailed {
		t.Fatalf("bounceback report --squad: exit status %d, want %d (ben's broken file)\n%s", code, exitFailed, stderr.String())
	}

	out, log := headless(t, bin, page, "--dump-dom", "--virtual-time-budget=2000")
	dom := string(out)
	if len(dom) == 0 {
		t.Fatalf("chromium dumped no DOM\n%s", log)
	}
	for _, line := range strings.Split(string(log), "\n") {
		if consoleError.MatchString(line) {
			t.Errorf("console error: %s", line)
		}
	}
	if !strings.Contains(dom, `<section id="squad">`) {
		t.Error("no squad table in the DOM")
	}
	for _, name := range []string{"ana", "ben", "cleo", "dan"} {
		sec, ok := element(dom, `<section id="athlete-`+name+`" class="athlete">`, "</section>")
		if !ok {
			t.Errorf("athlete %s: no section in the DOM", name)
			continue
		}
		fig, ok := element(sec, `<figure id="athlete-`+name+`-chart">`, "</figure>")
		switch svg, drawn := element(fig, "<svg", "</svg>"); {
		case !ok:
			t.Errorf("athlete %s: no chart", name)
		case name == "dan" && !strings.Contains(text(fig), "No data"):
			t.Errorf("athlete dan (no data): the chart says %q, want that there is no data", text(fig))
		case name != "dan" && (!drawn || strings.Count(svg, "<path") < 5):
			t.Errorf("athlete %s: the chart has no drawing (the page says: %s)", name, text(fig))
		}
	}
	if n := strings.Count(dom, `class="athlete"`); n != 6 {
		t.Errorf("%d athlete sections, want 6", n)
	}
	links := regexp.MustCompile(`href="#([^"]*)"`).FindAllStringSubmatch(dom, -1)
	if len(links) < 8 {
		t.Errorf("%d links on the page, want the 4 names and the 4 ways back", len(links))
	}
	for _, l := range links {
		if !strings.Contains(dom, `id="`+l[1]+`"`) {
			t.Errorf("link #%s: no such id on the page", l[1])
		}
	}
	if strings.Contains(text(dom), "NaN") {
		t.Error("the page says NaN")
	}
	if m := regexp.MustCompile(`(?i)(src|href)="(https?:|//)[^"]*"`).FindString(dom); m != "" {
		t.Errorf("the page refers to the network: %s", m)
	}
	// The charts of the four athletes with data, at 1280 and 400 px.
	checkLayout(t, bin, page, 4)
}

// measureJS runs in a copy of the page (the page itself has no script and
// forbids any): it measures, in the layout Chromium made at the window's
// width, every chart text that is shown (its font size in CSS pixels: the
// SVG's font size times the scale the SVG is drawn at; and whether its box
// stays inside its SVG) and every table (whether it is wider than the
// viewport, and if so whether it sits in a scroll container that fits the
// viewport with its header shown), and writes what it found as JSON in the
// body's data-measure attribute, which --dump-dom prints.
const measureJS = `<script>
(function () {
  var vw = document.documentElement.clientWidth, res = {vw: vw, minFont: 1e9, texts: 0, charts: 0, problems: []};
  document.querySelectorAll('svg.chart').forEach(function (svg) {
    var r = svg.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return;
    res.charts++;
    var id = svg.closest('figure') ? svg.closest('figure').id : '?';
    var scale = r.width / svg.viewBox.baseVal.width;
    svg.querySelectorAll('text').forEach(function (t) {
      if (!t.textContent.trim()) return;
      res.texts++;
      var px = parseFloat(getComputedStyle(t).fontSize) * scale, b = t.getBoundingClientRect();
      res.minFont = Math.min(res.minFont, px);
      if (px < 10) res.problems.push(id + ': text "' + t.textContent + '" is ' + px.toFixed(1) + ' px high');
      if (b.left < r.left - 0.5 || b.right > r.right + 0.5 || b.top < r.top - 0.5 || b.bottom > r.bottom + 0.5)
        res.problems.push(id + ': text "' + t.textContent + '" overflows its chart by ' +
          [r.left - b.left, b.right - r.right, r.top - b.top, b.bottom - r.bottom].map(function (v) { return Math.max(0, v).toFixed(1); }).join('/') + ' px (left/right/top/bottom)');
    });
  });
  document.querySelectorAll('table').forEach(function (tb) {
    var sec = tb.closest('section'), id = sec ? sec.id : '?', r = tb.getBoundingClientRect();
    var box = tb.closest('.scroll'), head = tb.querySelector('thead');
    if (box && box.scrollWidth > box.clientWidth + 1) {
      if (!box.classList.contains('wide')) res.problems.push(id + ': table scrolls sideways (' + box.scrollWidth + ' in ' + box.clientWidth + ' px)');
      if (!head || head.getBoundingClientRect().height === 0) res.problems.push(id + ': table scrolls without a header');
    }
    var outer = box ? box.getBoundingClientRect() : r;
    if (outer.right > vw + 0.5) res.problems.push(id + ': table is ' + Math.round(outer.right) + ' px wide in a ' + vw + ' px viewport');
  });
  var h1 = document.querySelector('h1');
  res.h1Lines = h1 ? Math.round(h1.getBoundingClientRect().height / parseFloat(getComputedStyle(h1).lineHeight)) : 0;
  window.parent.document.body.setAttribute('data-measure', JSON.stringify(res));
})();
</script>`

// measurement is what measureJS found.
type measurement struct {
	VW       int      `json:"vw"`
	MinFont  float64  `json:"minFont"`
	Texts    int      `json:"texts"`
	Charts   int      `json:"charts"`
	Problems []string `json:"problems"`
}

var measured = regexp.MustCompile(`data-measure="([^"]*)"`)

// measure opens a copy of page with measureJS (and without the page's
// Content-Security-Policy, which forbids the script) in a window width
// CSS pixels wide and returns what it measured.
func measure(t *testing.T, bin, page string, width int) measurement {
	t.Helper()
	src, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	csp := regexp.MustCompile(`<meta http-equiv="Content-Security-Policy"[^>]*>`)
	if !csp.Match(src) {
		t.Fatal("the page has no Content-Security-Policy")
	}
	src = csp.ReplaceAll(src, nil)
	src = bytes.Replace(src, []byte("</body>"), []byte(measureJS+"</body>"), 1)
	// Chromium's headless window is at least 500 px wide: the page is
	// shown in a frame of the width wanted, which is its viewport.
	probe := strings.TrimSuffix(page, ".html") + fmt.Sprintf("-%d.html", width)
	frame := fmt.Sprintf(`<!DOCTYPE html><html><body style="margin:0"><iframe style="border:0;display:block" width="%d" height="5000" srcdoc="%s"></iframe></body></html>`,
		width, html.EscapeString(string(src)))
	if err := os.WriteFile(probe, []byte(frame), 0o644); err != nil {
		t.Fatal(err)
	}
	out, log := headless(t, bin, probe, "--dump-dom", "--window-size=1300,5000", "--hide-scrollbars")
	m := measured.FindSubmatch(out)
	if m == nil {
		t.Fatalf("width %d: the probe wrote no measurement\n%s", width, log)
	}
	var res measurement
	if err := json.Unmarshal([]byte(html.UnescapeString(string(m[1]))), &res); err != nil {
		t.Fatalf("width %d: %v", width, err)
	}
	if res.VW != width {
		t.Fatalf("the window is %d px wide, want %d", res.VW, width)
	}
	return res
}

// checkLayout checks the page at 1280 and 400 CSS pixels wide (see
// measureJS) and saves a screenshot of each in the artifact folder.
func checkLayout(t *testing.T, bin, page string, wantCharts int) {
	t.Helper()
	for _, width := range []int{1280, 400} {
		m := measure(t, bin, page, width)
		for _, p := range m.Problems {
			t.Errorf("at %d px: %s", width, p)
		}
		if m.Charts < wantCharts || m.Texts < 10*wantCharts {
			t.Errorf("at %d px: %d charts shown with %d texts, want %d charts", width, m.Charts, m.Texts, wantCharts)
		}
		t.Logf("at %d px: %d charts, %d texts, the smallest %.1f CSS px high", width, m.Charts, m.Texts, m.MinFont)
		shot := strings.TrimSuffix(page, ".html") + fmt.Sprintf("-%d.png", width)
		probe := strings.TrimSuffix(page, ".html") + fmt.Sprintf("-%d.html", width)
		_, log := headless(t, bin, probe, "--screenshot="+shot, fmt.Sprintf("--window-size=%d,5000", max(width, 500)), "--hide-scrollbars")
		if info, err := os.Stat(shot); err != nil || info.Size() < 10000 {
			t.Errorf("no screenshot at %d px: %v\n%s", width, err, log)
		}
	}
}
