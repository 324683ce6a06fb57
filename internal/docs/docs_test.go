package docs

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// root returns the module root: the first folder above the test's working
// directory that holds go.mod.
func root(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
}

// markdownFiles returns the repository's Markdown pages, as slash paths
// relative to root: the three at the top and every page in docs/.
func markdownFiles(t *testing.T, root string) []string {
	t.Helper()
	files := []string{"README.md", "VALIDATION.md", "BENCHMARKS.md"}
	pages, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		files = append(files, "docs/"+filepath.Base(p))
	}
	for _, need := range []string{"docs/methods.md", "docs/json.md"} {
		if !slices.Contains(files, need) {
			t.Errorf("%s is missing", need)
		}
	}
	return files
}

func readFile(t *testing.T, root, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// isFence reports whether a Markdown line opens or closes a fenced code
// block: it starts with ``` (after at most three spaces of indentation).
func isFence(line string) bool {
	trimmed := strings.TrimLeft(line, " ")
	return len(line)-len(trimmed) <= 3 && strings.HasPrefix(trimmed, "```")
}

// prose returns the lines of md outside fenced code blocks, with their line
// numbers (from 1), and inline code spans blanked out.
func prose(md string) (lines []string, numbers []int) {
	in := false
	for i, line := range strings.Split(md, "\n") {
		if isFence(line) {
			in = !in
			continue
		}
		if in {
			continue
		}
		lines = append(lines, codeSpan.ReplaceAllString(line, "``"))
		numbers = append(numbers, i+1)
	}
	return lines, numbers
}

var codeSpan = regexp.MustCompile("`[^`]*`")

// TestDocsFences: every Markdown file has an even number of fence lines,
// so that no code block swallows the rest of the page.
func TestDocsFences(t *testing.T) {
	r := root(t)
	for _, f := range markdownFiles(t, r) {
		open := 0 // line of the fence that opened the current block
		for i, line := range strings.Split(readFile(t, r, f), "\n") {
			if !isFence(line) {
				continue
			}
			if open == 0 {
				open = i + 1
			} else {
				open = 0
			}
		}
		if open != 0 {
			t.Errorf("%s:%d: this code fence is never closed (an odd number of lines start with ```)", f, open)
		}
	}
}

// link matches an inline Markdown link or image, [text](target) or
// [text](target "title"); the text may span lines.
var link = regexp.MustCompile(`!?\[[^\]]*\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)`)

// refDef matches a reference-style link definition, [label]: target.
var refDef = regexp.MustCompile(`(?m)^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$`)

// anchors returns the heading anchors of a Markdown page as GitHub makes
// them: the heading text in lower case, without punctuation (letters,
// digits, spaces, hyphens and underscores are kept), spaces turned into
// hyphens, and -1, -2, … added to repeats.
func anchors(md string) map[string]bool {
	out := map[string]bool{}
	seen := map[string]int{}
	lines, _ := prose(md)
	for _, line := range lines {
		hashes := len(line) - len(strings.TrimLeft(line, "#"))
		if hashes == 0 || hashes > 6 || !strings.HasPrefix(line[hashes:], " ") {
			continue
		}
		text := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(line[hashes:]), "#"))
		var b strings.Builder
		for _, c := range strings.ToLower(text) {
			switch {
			case unicode.IsLetter(c) || unicode.IsDigit(c) || c == '-' || c == '_':
				b.WriteRune(c)
			case c == ' ':
				b.WriteRune('-')
			}
		}
		slug := b.String()
		if n := seen[slug]; n > 0 {
			out[fmt.Sprintf("%s-%d", slug, n)] = true
		} else {
			out[slug] = true
		}
		seen[slug]++
	}
	return out
}

// TestDocsLinks: every relative link of every Markdown file points to a
// file or folder of the repository, inside it, and a link to a heading
// (#anchor, or page.md#anchor) to a heading that exists. Links with a
// scheme (https:, mailto:) are not followed.
func TestDocsLinks(t *testing.T) {
	r := root(t)
	pages := map[string]map[string]bool{} // anchors by page, read once
	anchorsOf := func(rel string) map[string]bool {
		if a, ok := pages[rel]; ok {
			return a
		}
		a := anchors(readFile(t, r, rel))
		pages[rel] = a
		return a
	}
	scheme := regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:`)
	for _, f := range markdownFiles(t, r) {
		lines, numbers := prose(readFile(t, r, f))
		text := strings.Join(lines, "\n")
		lineOf := func(offset int) int { return numbers[strings.Count(text[:offset], "\n")] }
		var targets [][2]int // offsets of each target in text
		for _, m := range link.FindAllStringSubmatchIndex(text, -1) {
			targets = append(targets, [2]int{m[2], m[3]})
		}
		for _, m := range refDef.FindAllStringSubmatchIndex(text, -1) {
			targets = append(targets, [2]int{m[2], m[3]})
		}
		for _, tg := range targets {
			target := text[tg[0]:tg[1]]
			where := fmt.Sprintf("%s:%d: link %q", f, lineOf(tg[0]), target)
			if target == "" || scheme.MatchString(target) || strings.HasPrefix(target, "//") {
				continue
			}
			file, anchor, _ := strings.Cut(target, "#")
			if unescaped, err := urlUnescape(file); err == nil {
				file = unescaped
			}
			rel := f
			if file != "" {
				rel = path.Join(path.Dir(f), file)
				if rel == ".." || strings.HasPrefix(rel, "../") || path.IsAbs(file) {
					t.Errorf("%s points outside the repository", where)
					continue
				}
				if _, err := os.Stat(filepath.Join(r, filepath.FromSlash(rel))); err != nil {
					t.Errorf("%s: no such file in the repository", where)
					continue
				}
			}
			if anchor != "" && strings.HasSuffix(rel, ".md") && !anchorsOf(rel)[strings.ToLower(anchor)] {
				t.Errorf("%s: %s has no heading with the anchor #%s", where, rel, anchor)
			}
		}
	}
}

// urlUnescape undoes the %XX escapes of a link target.
func urlUnescape(s string) (string, error) {
	if !strings.Contains(s, "%") {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			b.WriteByte(s[i])
			continue
		}
		if i+2 >= len(s) {
			return "", fmt.Errorf("bad escape in %q", s)
		}
		v, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
		if err != nil {
			return "", err
		}
		b.WriteByte(byte(v))
		i += 2
	}
	return b.String(), nil
}

// methodsSection matches a section heading of docs/methods.md, "## 7. Fluid
// and electrolytes".
var methodsSection = regexp.MustCompile(`(?m)^## (\d+)\. \S`)

// methodsRef matches a reference to a section of docs/methods.md from
// anywhere in the repository: "docs/methods.md §7", "docs/methods.md
// §7–8".
var methodsRef = regexp.MustCompile(`docs/methods\.md §(\d+)(?:[–-](\d+))?`)

// TestDocsMethodsSections: docs/methods.md has its sections 1 to 10 in
// order (code comments cite them by number), and every "docs/methods.md §N"
// in the repository names one of them.
func TestDocsMethodsSections(t *testing.T) {
	r := root(t)
	md := readFile(t, r, "docs/methods.md")
	have := map[int]bool{}
	var order []int
	for _, m := range methodsSection.FindAllStringSubmatch(md, -1) {
		n, _ := strconv.Atoi(m[1])
		have[n] = true
		order = append(order, n)
	}
	for n := 1; n <= 10; n++ {
		if !have[n] {
			t.Errorf("docs/methods.md has no section \"## %d. ...\"", n)
		}
	}
	if !slices.IsSorted(order) {
		t.Errorf("docs/methods.md: sections out of order: %v", order)
	}
	walkText(t, r, func(rel string, lines []string) {
		for i, line := range lines {
			for _, m := range methodsRef.FindAllStringSubmatch(line, -1) {
				for _, s := range m[1:] {
					if s == "" {
						continue
					}
					if n, _ := strconv.Atoi(s); !have[n] {
						t.Errorf("%s:%d: %q: docs/methods.md has no section %d", rel, i+1, m[0], n)
					}
				}
			}
		}
	})
}

// goName matches a qualified Go name of one of the project's packages in a
// code span: `analysis.DefaultSweat`, `fitparse.Scan`, `hrv.DefaultOptions`,
// `store.Open` (the packages under analysis go by their own names).
var goName = regexp.MustCompile("`(analysis|fitparse|report|store|hrv|load)\\.([A-Z][A-Za-z0-9_]*)")

// pkgDirs are the folders of the packages goName names.
var pkgDirs = map[string]string{"analysis": "analysis", "fitparse": "fitparse", "report": "report",
	"store": "store", "hrv": "analysis/hrv", "load": "analysis/load"}

// repoPath matches a repository path in a code span: `analysis/plan.go`,
// `internal/realfit`, `testdata/block`.
var repoPath = regexp.MustCompile("`((?:analysis|fitparse|report|store|internal|cmd|testdata|docs)/[A-Za-z0-9_./-]*[A-Za-z0-9_])`")

// TestDocsCodeRefs: the Go names the documentation quotes (`analysis.X`,
// `fitparse.X`, `report.X`) are declared in those packages, and the
// repository paths it quotes exist, so that a rename in the code cannot
// leave the documentation pointing at nothing.
func TestDocsCodeRefs(t *testing.T) {
	r := root(t)
	decls := map[string]map[string]bool{}
	declared := func(pkg string) map[string]bool {
		if d, ok := decls[pkg]; ok {
			return d
		}
		d, err := topLevelNames(filepath.Join(r, filepath.FromSlash(pkgDirs[pkg])))
		if err != nil {
			t.Fatalf("reading package %s: %v", pkg, err)
		}
		decls[pkg] = d
		return d
	}
	for _, f := range markdownFiles(t, r) {
		for i, line := range strings.Split(readFile(t, r, f), "\n") {
			for _, m := range goName.FindAllStringSubmatch(line, -1) {
				if !declared(m[1])[m[2]] {
					t.Errorf("%s:%d: %s.%s is not declared in package %s", f, i+1, m[1], m[2], m[1])
				}
			}
			for _, m := range repoPath.FindAllStringSubmatch(line, -1) {
				if _, err := os.Stat(filepath.Join(r, filepath.FromSlash(m[1]))); err != nil {
					t.Errorf("%s:%d: %s does not exist in the repository", f, i+1, m[1])
				}
			}
		}
	}
}

// topLevelNames returns the names declared at the top level of the Go
// package in dir (its non-test files).
func topLevelNames(dir string) (map[string]bool, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	names := map[string]bool{}
	fset := token.NewFileSet()
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, filepath.Join(dir, n), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		for _, d := range file.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					names[d.Name.Name] = true
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						names[s.Name.Name] = true
					case *ast.ValueSpec:
						for _, id := range s.Names {
							names[id.Name] = true
						}
					}
				}
			}
		}
	}
	return names, nil
}

// walkText calls fn with the lines of every text file of the repository
// under root, by slash path: the files a clone holds, without .git, the
// build output and Go's leftovers (bin/, *.test, *.prof, *.got-*, the
// binary at the root), and without binary files (FIT fixtures, archives,
// images: any file with a NUL byte in its first 8 KiB).
func walkText(t *testing.T, root string, fn func(rel string, lines []string)) {
	t.Helper()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		name := d.Name()
		if d.IsDir() {
			if rel == ".git" || rel == "bin" {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || rel == "bounceback" || strings.HasSuffix(name, ".test") ||
			strings.HasSuffix(name, ".prof") || strings.Contains(name, ".got-") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if bytes.IndexByte(b[:min(len(b), 8<<10)], 0) >= 0 {
			return nil
		}
		fn(rel, strings.Split(string(b), "\n"))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The references to material outside the repository. They are built from
// parts, so that this file does not match them itself.
var (
	methodsFile = "METHODS" + ".md"
	sharedDir   = ".." + "/shared"
	outside     = []string{
		methodsFile,
		sharedDir,
		"shared" + "/research",
		"research/" + "TRAINING",
		"research/" + "READINESS",
		"research/" + "GARMIN",
	}
)

// realfitImport is the import path of the package that locates the real
// FIT files the tests read.
const realfitImport = `"github.com/bounceback/bounceback/internal/realfit"`

// TestDocsNoOutsideRefs: no file of the repository mentions the planning
// notes a clone does not have (their methods file, their research folder),
// nor the folder beside the checkout that holds them; the documentation
// cites the published sources instead (docs/methods.md). The one exception
// is the real-file test corpus in that folder: internal/realfit locates it,
// the CI script checks it is there, and the test files of the packages
// whose tests use internal/realfit may name its path. The failure lists every offending line.
func TestDocsNoOutsideRefs(t *testing.T) {
	r := root(t)
	// The folders whose tests use realfit.
	usesRealfit := map[string]bool{}
	walkText(t, r, func(rel string, lines []string) {
		if strings.HasSuffix(rel, "_test.go") && slices.ContainsFunc(lines, func(l string) bool {
			return strings.Contains(l, realfitImport)
		}) {
			usesRealfit[path.Dir(rel)] = true
		}
	})
	var found []string
	walkText(t, r, func(rel string, lines []string) {
		// CI lays out its machine: it checks the corpus is there.
		corpusOK := strings.HasPrefix(rel, "internal/realfit/") || strings.HasPrefix(rel, ".ci/") ||
			(strings.HasSuffix(rel, "_test.go") && usesRealfit[path.Dir(rel)])
		for i, line := range lines {
			for _, s := range outside {
				if s == sharedDir && corpusOK {
					continue
				}
				if strings.Contains(line, s) {
					found = append(found, fmt.Sprintf("%s:%d: %s: %s", rel, i+1, s, strings.TrimSpace(line)))
				}
			}
		}
	})
	if len(found) > 0 {
		t.Errorf("%d lines point to material outside the repository (cite docs/methods.md or the published source instead):\n%s",
			len(found), strings.Join(found, "\n"))
	}
}
