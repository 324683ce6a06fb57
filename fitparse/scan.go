package fitparse

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultMaxMemberSize is the cap Scan puts on what one archive member, one
// nested archive or one .gz file may inflate to when
// ScanOptions.MaxMemberSize is not set: 256 MiB.
const DefaultMaxMemberSize = 256 << 20

// MaxArchiveDepth is how deep Scan follows zip archives nested in zip
// archives: a zip on disk is level 1, a zip inside it level 2. A zip nested
// deeper is reported as Failed.
const MaxArchiveDepth = 4

// ScanOptions configure Scan. The zero value is ready to use.
type ScanOptions struct {
	// Workers is the number of files decoded in parallel; <= 0 means
	// runtime.GOMAXPROCS(0).
	Workers int
	// MaxMemberSize caps, in bytes, what one archive member, nested archive
	// or .gz file may inflate to; <= 0 means DefaultMaxMemberSize. Plain
	// files on disk are not capped.
	MaxMemberSize int64
	// Progress, when not nil, is called after each input finishes with the
	// number of inputs done and the number found so far. Calls are
	// serialized. total is known before the first decode, except that it
	// changes when a zip nested inside a zip is opened (it counted as one
	// input until then). Progress must not block for long: workers wait for
	// it.
	Progress func(done, total int)
}

// IsFITName reports whether a file name looks like a FIT file that Scan
// picks up inside folders and archives: it ends in ".fit" or ".fit.gz", in
// any letter case.
func IsFITName(name string) bool {
	k := inputKindOf(name)
	return k == inputPlain || k == inputGz
}

// IsArchiveName reports whether a file name ends in ".zip", in any letter
// case: an archive Scan opens and walks.
func IsArchiveName(name string) bool { return inputKindOf(name) == inputZip }

// Scan finds FIT inputs under paths, decodes them in parallel and returns
// fn's result for each, ordered by start time then path.
//
// Each path may be a FIT file, a folder (walked recursively, following
// symbolic links to folders), a .zip archive (walked, including zips nested
// in it up to MaxArchiveDepth levels) or a .fit.gz file. Inside folders and
// archives only names ending in .fit, .fit.gz and .zip (in any letter case)
// are read; other files, and the "._" files and "__MACOSX" folders that macOS
// adds, are skipped silently. A file named explicitly in paths is always
// decoded (inflated first when it ends in .gz), whatever its name. Archive
// members and .gz files are inflated in memory, never written to disk, and
// may not inflate past opts.MaxMemberSize. An archive member's File.Path is
// the archive path, "/" and the member name ("export.zip/inner.zip/a.fit").
// A file or folder reached twice (named twice, as "./a.fit" and "a.fit",
// named and inside a folder named, or through a symbolic or hard link) is
// one input: it is read once and yields one result, under the path by which
// it was first reached (paths in the order given, folders in name order),
// and is no duplicate. Scan writes nothing and changes nothing on disk. It
// holds in memory the bytes of at most opts.Workers inputs at a time, plus
// each compressed zip nested in a zip while its members are read.
//
// fn is called once per input on a worker goroutine, right after the input
// decoded, so callers can reduce a big File to a small summary; it must be
// safe for concurrent use. Every input yields exactly one result, whatever
// went wrong: a nonexistent path, an unreadable file or folder, a broken
// symbolic link with a FIT or zip name, a folder loop, a corrupt archive or
// an archive member past the size cap each reaches fn as a File with Status
// Failed and Err naming the path (Err wraps ErrTooLarge when the cap hit).
// These never make Scan fail.
//
// The same activity found twice as distinct files (for example extracted
// and inside its zip) counts once. Two inputs are copies when their bytes,
// once inflated, are the same (the same size and CRC-32C), whether or not
// their file_id has a serial number or a time created; files that share a
// file_id but differ, such as a chained file that repeats an activity and
// appends another, are not copies, and failed inputs never are. The copy
// kept is the first in the result order. For each other copy, fn is called
// a second time, on the calling goroutine, with a small File holding only
// Path, Size, ID, Status Skipped and an Err wrapping ErrDuplicate that names
// the copy kept ("b.fit: duplicate of export.zip/b.fit"); that result
// replaces the first.
//
// Results are ordered by start time (the first session's start, else
// FileID.TimeCreated, else the first record's time), then by path; inputs
// without any time come after the others, by path. The order does not depend
// on opts.Workers.
//
// The returned error is non-nil only when ctx is cancelled: Scan then stops
// starting new inputs, waits for the ones running, and returns nil and
// ctx.Err().
func Scan[T any](ctx context.Context, paths []string, opts ScanOptions, fn func(*File) T) ([]T, error) {
	return scan(ctx, paths, opts, fn, DecodeBytes)
}

// scan is Scan with the decoder as a parameter, for tests.
func scan[T any](ctx context.Context, paths []string, opts ScanOptions, fn func(*File) T, decode func([]byte, string) *File) ([]T, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.MaxMemberSize <= 0 {
		opts.MaxMemberSize = DefaultMaxMemberSize
	}
	s := &scanner[T]{
		ctx:    ctx,
		opts:   opts,
		fn:     fn,
		decode: decode,
		sem:    make(chan struct{}, opts.Workers),
	}

	// Find every input first, so that Progress knows the total before the
	// first decode. Archives are only listed here, not inflated.
	w := scanWalker{ctx: ctx, visited: map[int64][]os.FileInfo{}}
	for _, p := range paths {
		w.arg(p)
	}
	for _, src := range w.sources {
		s.total += src.count
	}

	for _, src := range w.sources {
		if !s.dispatch(src) {
			break
		}
	}
	s.mu.Lock()
	s.total = len(s.slots)
	s.mu.Unlock()
	s.wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	slots := s.slots
	slices.SortStableFunc(slots, compareSlots)
	s.dedup(slots)
	out := make([]T, len(slots))
	for i, sl := range slots {
		out[i] = sl.val
	}
	return out, nil
}

// inputKind says how an input is read.
type inputKind int

const (
	inputNone   inputKind = iota // not an input (inside folders and archives)
	inputPlain                   // a FIT file
	inputGz                      // a gzip-compressed FIT file
	inputZip                     // a zip archive
	inputFailed                  // found, but cannot be read: scanSource.err says why
)

// inputKindOf classifies a name found inside a folder or an archive.
func inputKindOf(name string) inputKind {
	n := strings.ToLower(name)
	switch {
	case strings.HasSuffix(n, ".fit"):
		return inputPlain
	case strings.HasSuffix(n, ".fit.gz"):
		return inputGz
	case strings.HasSuffix(n, ".zip"):
		return inputZip
	}
	return inputNone
}

// argKindOf classifies a file the user named: it is read whatever its name.
func argKindOf(name string) inputKind {
	n := strings.ToLower(name)
	switch {
	case strings.HasSuffix(n, ".zip"):
		return inputZip
	case strings.HasSuffix(n, ".gz"):
		return inputGz
	}
	return inputPlain
}

// isAppleDouble reports whether a name is one of the "._name" metadata files
// or "__MACOSX" folders that macOS adds to folders and zips.
func isAppleDouble(name string) bool {
	name = filepath.ToSlash(name)
	return strings.HasPrefix(path.Base(name), "._") ||
		name == "__MACOSX" || strings.HasPrefix(name, "__MACOSX/")
}

// scanSource is one input found on disk: a file, an archive, or a failure.
type scanSource struct {
	path  string
	kind  inputKind
	err   error // for inputFailed
	count int   // results expected: 1, or an archive's member count
}

// scanWalker finds the inputs under the paths given to Scan.
type scanWalker struct {
	ctx     context.Context
	sources []scanSource
	// visited holds every folder walked and every file added, bucketed by
	// modification time, so that one reached twice (named twice, named and
	// inside a folder named, through a symbolic or a hard link) is read
	// once.
	visited map[int64][]os.FileInfo
}

func (w *scanWalker) add(src scanSource) {
	if src.kind == inputFailed {
		src.count = 1
	}
	w.sources = append(w.sources, src)
}

// arg adds a path given to Scan.
func (w *scanWalker) arg(p string) {
	if w.ctx.Err() != nil {
		return
	}
	info, err := os.Stat(p)
	switch {
	case err != nil:
		w.add(scanSource{path: p, kind: inputFailed, err: err})
	case info.IsDir():
		w.dir(filepath.Clean(p), info, nil)
	default:
		w.file(p, info, argKindOf(p))
	}
}

// file adds the file p (whose os.Stat is info) of a known kind, unless it
// was added before under another path or the same one.
func (w *scanWalker) file(p string, info os.FileInfo, k inputKind) {
	if w.seen(info) {
		return
	}
	if k != inputZip {
		w.add(scanSource{path: p, kind: k, count: 1})
		return
	}
	// List the archive now for the total; it is opened again when its
	// turn comes, so that a folder of many archives holds one open at a
	// time.
	f, zr, err := openZip(p)
	if err != nil {
		w.add(scanSource{path: p, kind: inputFailed, err: err})
		return
	}
	n := len(zipMembers(zr))
	f.Close()
	w.add(scanSource{path: p, kind: inputZip, count: n})
}

// seen reports whether the folder or file info was met before (os.SameFile),
// and records it.
func (w *scanWalker) seen(info os.FileInfo) bool {
	key := info.ModTime().UnixNano()
	for _, v := range w.visited[key] {
		if os.SameFile(v, info) {
			return true
		}
	}
	w.visited[key] = append(w.visited[key], info)
	return false
}

// dir walks folder p (whose os.Stat is info) in name order. ancestors are the
// folders above it, for loop detection.
func (w *scanWalker) dir(p string, info os.FileInfo, ancestors []scanAncestor) {
	if w.ctx.Err() != nil || w.seen(info) {
		return
	}
	ancestors = append(ancestors, scanAncestor{p, info})
	entries, err := os.ReadDir(p)
	if err != nil {
		// os.ReadDir's error names the folder. Keep any entries it read.
		w.add(scanSource{path: p, kind: inputFailed, err: err})
	}
	for _, e := range entries {
		if w.ctx.Err() != nil {
			return
		}
		name := e.Name()
		if isAppleDouble(name) {
			continue
		}
		q := filepath.Join(p, name)
		typ := e.Type()
		var qinfo os.FileInfo
		if typ&fs.ModeSymlink != 0 {
			qinfo, err = os.Stat(q)
			if err != nil {
				// A broken link: report it only when it looks like an
				// input, as other names are skipped silently.
				if inputKindOf(name) != inputNone {
					w.add(scanSource{path: q, kind: inputFailed, err: err})
				}
				continue
			}
			typ = qinfo.Mode().Type()
		}
		switch {
		case typ.IsDir():
			if qinfo == nil {
				if qinfo, err = os.Stat(q); err != nil {
					w.add(scanSource{path: q, kind: inputFailed, err: err})
					continue
				}
			}
			if a, ok := loopAncestor(ancestors, qinfo); ok {
				what := "folder loop"
				if e.Type()&fs.ModeSymlink != 0 {
					what = "symlink loop"
				}
				w.add(scanSource{path: q, kind: inputFailed, err: fmt.Errorf("%s: %s back to %s", q, what, a)})
				continue
			}
			w.dir(q, qinfo, ancestors)
		case typ.IsRegular():
			k := inputKindOf(name)
			if k == inputNone {
				continue
			}
			if qinfo == nil {
				if qinfo, err = e.Info(); err != nil {
					w.add(scanSource{path: q, kind: inputFailed, err: err})
					continue
				}
			}
			w.file(q, qinfo, k)
		}
	}
}

// scanAncestor is a folder being walked.
type scanAncestor struct {
	path string
	info os.FileInfo
}

// loopAncestor returns the path of the ancestor that info is, if any.
func loopAncestor(ancestors []scanAncestor, info os.FileInfo) (string, bool) {
	for _, a := range ancestors {
		if os.SameFile(a.info, info) {
			return a.path, true
		}
	}
	return "", false
}

// openZip opens the zip archive at p. Errors name p.
func openZip(p string) (*os.File, *zip.Reader, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	zr, err := newZipReader(f, info.Size())
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("%s: %w", p, err)
	}
	return f, zr, nil
}

// newZipReader is zip.NewReader, accepting member names such as
// "../a.fit" or "/a.fit" that would be unsafe to extract: Scan never
// extracts, it only uses them in File.Path.
func newZipReader(ra io.ReaderAt, size int64) (*zip.Reader, error) {
	zr, err := zip.NewReader(ra, size)
	if errors.Is(err, zip.ErrInsecurePath) && zr != nil {
		err = nil
	}
	return zr, err
}

// zipMember is an archive member Scan reads.
type zipMember struct {
	f    *zip.File
	kind inputKind
}

// zipMembers returns the members of zr that are inputs, in archive order.
func zipMembers(zr *zip.Reader) []zipMember {
	var ms []zipMember
	for _, f := range zr.File {
		mode := f.Mode()
		if mode.IsDir() || mode&fs.ModeSymlink != 0 || strings.HasSuffix(f.Name, "/") || isAppleDouble(f.Name) {
			continue
		}
		if k := inputKindOf(f.Name); k != inputNone {
			ms = append(ms, zipMember{f, k})
		}
	}
	return ms
}

// zipArchive is an open zip archive whose members are being read. It is closed
// when the walk and every member read are done (refs reaches zero).
type zipArchive struct {
	closer io.Closer   // the archive file; nil for one held in memory
	parent *zipArchive // the archive a stored nested zip is read from
	refs   atomic.Int64
}

func newZipArchive(closer io.Closer, parent *zipArchive) *zipArchive {
	a := &zipArchive{closer: closer, parent: parent}
	a.refs.Store(1)
	if parent != nil {
		parent.acquire()
	}
	return a
}

func (a *zipArchive) acquire() { a.refs.Add(1) }

func (a *zipArchive) release() {
	if a.refs.Add(-1) != 0 {
		return
	}
	if a.closer != nil {
		a.closer.Close()
	}
	if a.parent != nil {
		a.parent.release()
	}
}

// scanSlot is the result for one input.
type scanSlot[T any] struct {
	path   string
	size   int64
	status Status
	id     FileID
	start  time.Time
	sum    uint32 // CRC-32C of the decoded bytes
	val    T
}

// scanner dispatches inputs to bounded workers.
type scanner[T any] struct {
	ctx    context.Context
	opts   ScanOptions
	fn     func(*File) T
	decode func([]byte, string) *File
	sem    chan struct{}
	wg     sync.WaitGroup
	slots  []*scanSlot[T] // appended to by the dispatching goroutine only

	mu          sync.Mutex // guards done, total and Progress calls
	done, total int
}

// addTotal changes the expected number of results by d.
func (s *scanner[T]) addTotal(d int) {
	if d == 0 {
		return
	}
	s.mu.Lock()
	s.total += d
	s.mu.Unlock()
}

// finish counts one input done and reports progress.
func (s *scanner[T]) finish() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.done++
	if s.opts.Progress != nil {
		s.opts.Progress(s.done, max(s.total, s.done))
	}
}

// launch runs job on a worker once one is free, and fills a new slot with
// fn's result. It returns false, without running job, when ctx is cancelled.
func (s *scanner[T]) launch(p string, job func() (*File, uint32)) bool {
	if s.ctx.Err() != nil {
		return false
	}
	select {
	case s.sem <- struct{}{}:
	case <-s.ctx.Done():
		return false
	}
	if s.ctx.Err() != nil {
		// Both were ready and select chose the semaphore.
		<-s.sem
		return false
	}
	sl := &scanSlot[T]{path: p}
	s.slots = append(s.slots, sl)
	s.wg.Go(func() {
		defer func() { <-s.sem }()
		f, sum := job()
		sl.sum = sum
		if f.Path == "" {
			f.Path = p
		}
		sl.size = f.Size
		sl.status = f.Status
		sl.id = f.ID
		sl.start = fileStart(f)
		sl.val = s.fn(f)
		s.finish()
	})
	return true
}

// fail launches a Failed result for p.
func (s *scanner[T]) fail(p string, err error) bool {
	return s.launch(p, func() (*File, uint32) { return failed(p, err) })
}

// dispatch launches the work for one source. It returns false when ctx is
// cancelled.
func (s *scanner[T]) dispatch(src scanSource) bool {
	switch src.kind {
	case inputFailed:
		return s.fail(src.path, src.err)
	case inputPlain:
		return s.launch(src.path, func() (*File, uint32) { return s.readPlain(src.path) })
	case inputGz:
		return s.launch(src.path, func() (*File, uint32) { return s.readGz(src.path) })
	case inputZip:
		f, zr, err := openZip(src.path)
		if err != nil {
			s.addTotal(1 - src.count)
			return s.fail(src.path, err)
		}
		a := newZipArchive(f, nil)
		ok := s.walkArchive(src.path, 1, zr, f, a, src.count)
		a.release()
		return ok
	}
	return true
}

// walkArchive launches the members of archive zr, found at p at nesting
// level depth and read through ra. count is how many results were expected
// from it.
func (s *scanner[T]) walkArchive(p string, depth int, zr *zip.Reader, ra io.ReaderAt, a *zipArchive, count int) bool {
	ms := zipMembers(zr)
	s.addTotal(len(ms) - count)
	for _, m := range ms {
		mp := p + "/" + m.f.Name
		if m.kind == inputZip {
			if !s.walkNested(mp, depth+1, m.f, ra, a) {
				return false
			}
			continue
		}
		a.acquire()
		ok := s.launch(mp, func() (*File, uint32) { return s.readMember(mp, m, a) })
		if !ok {
			a.release()
			return false
		}
	}
	return true
}

// walkNested opens the zip archive zf, a member of archive parent (read
// through ra), found at p at nesting level depth, and launches its members.
// A stored (uncompressed) nested zip is read in place; a compressed one is
// inflated into memory, under the size cap, and held until its members are
// read.
func (s *scanner[T]) walkNested(p string, depth int, zf *zip.File, ra io.ReaderAt, parent *zipArchive) bool {
	if depth > MaxArchiveDepth {
		return s.fail(p, fmt.Errorf("%s: zip archives nested deeper than %d levels", p, MaxArchiveDepth))
	}
	if zf.Method == zip.Store {
		if off, err := zf.DataOffset(); err == nil {
			sr := io.NewSectionReader(ra, off, int64(zf.CompressedSize64))
			if zr, err := newZipReader(sr, sr.Size()); err == nil {
				a := newZipArchive(nil, parent)
				ok := s.walkArchive(p, depth, zr, sr, a, 1)
				a.release()
				return ok
			}
		}
		// Fall through to reading it the ordinary way, which reports the
		// error.
	}
	b, err := s.readZipFile(p, zf, false)
	if err != nil {
		return s.fail(p, err)
	}
	br := bytes.NewReader(b)
	zr, err := newZipReader(br, br.Size())
	if err != nil {
		return s.fail(p, fmt.Errorf("%s: %w", p, err))
	}
	return s.walkArchive(p, depth, zr, br, newZipArchive(nil, nil), 1)
}

// readPlain decodes the FIT file at p.
func (s *scanner[T]) readPlain(p string) (*File, uint32) {
	b, err := func() ([]byte, error) {
		f, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		var size int64
		if info, err := f.Stat(); err == nil && info.Mode().IsRegular() {
			size = info.Size()
		}
		return s.readAll(p, f, size, -1)
	}()
	if err != nil {
		return failed(p, err)
	}
	return s.decodeBytes(b, p)
}

// readGz inflates and decodes the gzip-compressed FIT file at p.
func (s *scanner[T]) readGz(p string) (*File, uint32) {
	b, err := func() ([]byte, error) {
		f, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return s.gunzip(p, bufio.NewReader(f))
	}()
	if err != nil {
		return failed(p, err)
	}
	return s.decodeBytes(b, p)
}

// readMember inflates and decodes archive member m, found at p, then
// releases the archive.
func (s *scanner[T]) readMember(p string, m zipMember, a *zipArchive) (*File, uint32) {
	b, err := func() ([]byte, error) {
		defer a.release()
		return s.readZipFile(p, m.f, m.kind == inputGz)
	}()
	if err != nil {
		return failed(p, err)
	}
	return s.decodeBytes(b, p)
}

// readZipFile inflates zf, found at p, under the size cap; gunzipped says to
// also inflate the gzip stream it holds.
func (s *scanner[T]) readZipFile(p string, zf *zip.File, gunzipped bool) ([]byte, error) {
	if err := s.ctx.Err(); err != nil {
		return nil, err
	}
	if !gunzipped && zf.UncompressedSize64 > uint64(s.opts.MaxMemberSize) {
		return nil, &capError{p, s.opts.MaxMemberSize}
	}
	rc, err := zf.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	defer rc.Close()
	if gunzipped {
		return s.gunzip(p, rc)
	}
	return s.readAll(p, rc, int64(zf.UncompressedSize64), s.opts.MaxMemberSize)
}

// gunzip inflates the gzip stream r, found at p, under the size cap.
func (s *scanner[T]) gunzip(p string, r io.Reader) ([]byte, error) {
	zr, err := gzip.NewReader(cancelReader{s.ctx, r})
	if err != nil {
		return nil, withPath(p, err)
	}
	defer zr.Close()
	return s.readAll(p, zr, 0, s.opts.MaxMemberSize)
}

// readAll reads r, found at p, to the end. When limit >= 0 it fails with a
// *capError if r holds more than limit bytes. hint is the expected size, or
// 0.
func (s *scanner[T]) readAll(p string, r io.Reader, hint, limit int64) ([]byte, error) {
	r = cancelReader{s.ctx, r}
	if limit >= 0 {
		// A header can lie about the size: trust it for at most 16 MiB up
		// front.
		hint = min(hint, limit, 16<<20)
		r = io.LimitReader(r, limit+min(1, math.MaxInt64-limit))
	}
	var buf bytes.Buffer
	buf.Grow(int(hint) + bytes.MinRead)
	n, err := buf.ReadFrom(r)
	if limit >= 0 && n > limit {
		return nil, &capError{p, limit}
	}
	if err != nil {
		return nil, withPath(p, err)
	}
	return buf.Bytes(), nil
}

// failed returns a Failed File for p.
func failed(p string, err error) (*File, uint32) {
	return &File{Path: p, Status: Failed, Err: err}, 0
}

// castagnoli is the CRC-32C table, for the checksum that tells identical
// copies apart from distinct files that share a file_id.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// decodeBytes decodes b, the contents of p, and returns the File and the
// CRC-32C of b.
func (s *scanner[T]) decodeBytes(b []byte, p string) (*File, uint32) {
	f := s.decode(b, p)
	if f == nil {
		f = &File{Path: p, Status: Failed, Err: fmt.Errorf("%s: %w", p, ErrNoData)}
	}
	if f.Size == 0 {
		f.Size = int64(len(b))
	}
	return f, crc32.Checksum(b, castagnoli)
}

// dedup marks the second and later copies of each input, in slots' order,
// as Skipped duplicates of the first, and replaces their results. Copies
// are inputs with the same bytes once inflated (the same size and CRC-32C,
// and so the same file_id), whether or not their file_id has a serial
// number or a time created. Files that share a file_id but differ, such as
// a chained file that repeats an activity and adds another, are distinct.
// Failed inputs are never copies: each failure is reported.
func (s *scanner[T]) dedup(slots []*scanSlot[T]) {
	type key struct {
		size   int64
		sum    uint32
		serial uint32
		sec    int64
		nsec   int
	}
	kept := map[key]*scanSlot[T]{}
	for _, sl := range slots {
		if sl.status == Failed {
			continue
		}
		t := sl.id.TimeCreated
		k := key{sl.size, sl.sum, sl.id.Serial, t.Unix(), t.Nanosecond()}
		first, ok := kept[k]
		if !ok {
			kept[k] = sl
			continue
		}
		d := &File{
			Path:   sl.path,
			Size:   sl.size,
			Status: Skipped,
			Err:    fmt.Errorf("%s: %w of %s", sl.path, ErrDuplicate, first.path),
			ID:     sl.id,
		}
		sl.status = Skipped
		sl.val = s.fn(d)
	}
}

// compareSlots orders results by start time, then path; results without a
// time come last.
func compareSlots[T any](a, b *scanSlot[T]) int {
	az, bz := a.start.IsZero(), b.start.IsZero()
	switch {
	case !az && !bz:
		if c := a.start.Compare(b.start); c != 0 {
			return c
		}
	case !az:
		return -1
	case !bz:
		return 1
	}
	return strings.Compare(a.path, b.path)
}

// fileStart returns when f starts: its first session's start, else its
// file_id time created, else its first record's time; the zero time when it
// has none.
func fileStart(f *File) time.Time {
	for _, s := range f.Sessions {
		if !s.Start.IsZero() {
			return s.Start
		}
	}
	if !f.ID.TimeCreated.IsZero() {
		return f.ID.TimeCreated
	}
	for _, t := range f.Records.T {
		if t == t { // not NaN
			sec := int64(t)
			return time.Unix(sec, int64((t-float64(sec))*1e9)).UTC()
		}
	}
	return time.Time{}
}

// capError is an input that inflates past the size cap.
type capError struct {
	path string
	cap  int64
}

func (e *capError) Error() string {
	return fmt.Sprintf("%s: inflates past the %s cap", e.path, capString(e.cap))
}

func (e *capError) Unwrap() error { return ErrTooLarge }

// capString formats a byte count for messages: "256 MiB", "64 KiB",
// "100-byte".
func capString(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d-byte", n)
}

// withPath prefixes err with p, unless err already names a path.
func withPath(p string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf("%s: %w", p, err)
}

// cancelReader is a reader that stops with ctx's error once ctx is cancelled.
type cancelReader struct {
	ctx context.Context
	r   io.Reader
}

func (c cancelReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
