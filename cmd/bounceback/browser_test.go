package main

import (
	"bytes"
	"context"
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
// Content-Security-Policy makes any fetch from the network one), and saves
// a screenshot in the test's artifact folder (go test -artifacts keeps it).
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

	shot := filepath.Join(dir, "block.png")
	_, log = headless(t, bin, page, "--screenshot="+shot, "--window-size=1280,4000", "--hide-scrollbars")
	info, err := os.Stat(shot)
	if err != nil || info.Size() < 10000 {
		t.Fatalf("no screenshot: %v\n%s", err, log)
	}
	t.Logf("report and screenshot: %s, %s", page, shot)
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
// Content-Security-Policy makes any request leaving the page one).
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
}
