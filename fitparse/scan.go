package fitparse

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bounceback/bounceback/internal/safeio"
)

// DefaultMaxFileSize is the cap Scan puts, when ScanOptions.MaxFileSize is
// not set, on everything it decodes as one FIT file: a plain file on disk
// (checked from its size, before it is read), an archive member, or what a
// .gz file or member inflates to: 64 MiB. Real FIT files are at most a few
// tens of MB (a 24-hour ride with one-second records, HRV and developer
// fields is about 30 MB). It is also the cap of DecodeFile and Decode.
const DefaultMaxFileSize = 64 << 20

// DefaultMaxMemberSize is the cap Scan puts on what one archive member, one
// nested zip archive or one .gz file may inflate to when
// ScanOptions.MaxMemberSize is not set: 256 MiB. A nested zip that is
// compressed is inflated into memory whole, so that its members can be
// read; what is decoded as FIT is capped by the smaller of this and the
// file size cap.
const DefaultMaxMemberSize = 256 << 20

// DefaultMemoryBudget is how many bytes the inputs being read and decoded
// may hold at once, all workers together, when ScanOptions.MemoryBudget is
// not set: 512 MiB.
const DefaultMemoryBudget = 512 << 20

// DecodeExpansion is the memory a decode is expected to take per byte of
// FIT data, the data included: the bytes read (1), the private copy the
// framing pass may patch (1) and the decoded values, which DecodeContext
// bounds at 4 bytes per byte (the real files hold at most about 3). Scan
// charges a plain file its size times DecodeExpansion against the memory
// budget.
const DecodeExpansion = 2 + maxDecodedPerByte

// MaxWorkers is the largest number of inputs Scan decodes in parallel: a
// larger ScanOptions.Workers is taken as MaxWorkers (the CLI refuses it).
const MaxWorkers = 64

// DefaultFileTimeout is the time budget of one input when
// ScanOptions.FileTimeout is not set: 20 s. No real file takes a second.
const DefaultFileTimeout = 20 * time.Second

// DefaultMaxArchiveMembers is how many members Scan reads from one zip
// archive named in its paths or found in a folder, the members of the zips
// nested in it included, when ScanOptions.MaxArchiveMembers is not set:
// 100,000 (a Garmin export of 20 years of daily activities and wellness
// files holds about 30,000).
const DefaultMaxArchiveMembers = 100_000

// DefaultMaxArchiveBytes is how many bytes Scan inflates from one zip
// archive named in its paths or found in a folder, the zips nested in it
// included, when ScanOptions.MaxArchiveBytes is not set: 8 GiB.
const DefaultMaxArchiveBytes = 8 << 30

// MaxArchiveDepth is how deep Scan follows zip archives nested in zip
// archives: a zip on disk is level 1, a zip inside it level 2. A zip nested
// deeper is reported as Failed.
const MaxArchiveDepth = 4

// ScanOptions configure Scan. The zero value is ready to use.
type ScanOptions struct {
	// Workers is the number of files decoded in parallel; <= 0 means
	// runtime.GOMAXPROCS(0), more than MaxWorkers means MaxWorkers.
	Workers int
	// MaxFileSize caps, in bytes, what Scan decodes as one FIT file: a
	// plain file's size, an archive member's, or what a .gz file or member
	// inflates to; <= 0 means DefaultMaxFileSize.
	MaxFileSize int64
	// MaxMemberSize caps, in bytes, what one archive member, nested zip
	// archive or .gz file may inflate to; <= 0 means DefaultMaxMemberSize.
	// What is decoded as FIT is capped by the smaller of the two.
	MaxMemberSize int64
	// MaxJSONSize caps, in bytes, one JSON file of Garmin's account
	// export: its size on disk (checked before it is read) or what an
	// archive member inflates to (capped by MaxMemberSize as well); <= 0
	// means DefaultMaxJSONSize.
	MaxJSONSize int64
	// MemoryBudget bounds, in bytes, what the inputs being read and
	// decoded hold at once, whatever Workers is; <= 0 means
	// DefaultMemoryBudget. Before an input is read, its expected cost is
	// taken from the budget, and it waits until the cost fits: a plain
	// file costs its size times DecodeExpansion, an archive member its
	// declared size (capped as above) times DecodeExpansion, a .gz file or
	// member the file size cap times DecodeExpansion until it has
	// inflated, then its inflated size times DecodeExpansion, a
	// compressed nested zip its inflated size while its members are read,
	// and a JSON file of the export what reading it one record at a time
	// may hold (at most 4 × 4 MiB for the decoder and 64 MiB of values,
	// less for a small file: see DecodeExport).
	// An input that costs more than the whole budget waits until nothing
	// else is read (but the archives it is read from) and runs alone.
	MemoryBudget int64
	// FileTimeout is the time budget of one input, from opening it to the
	// end of its decode; <= 0 means DefaultFileTimeout. An input that
	// takes longer stops there: what decoded before is kept, the File is
	// Partial (or Failed when nothing decoded) and a warning wrapping
	// ErrTimeout names the byte it stopped at ("decoding took longer than
	// 20s: the rest is not decoded").
	FileTimeout time.Duration
	// MaxArchiveMembers is how many members Scan reads from one zip
	// archive named in paths or found in a folder, the members of nested
	// zips included; <= 0 means DefaultMaxArchiveMembers. The members past
	// it are not read: they yield one Failed result, wrapping ErrTooLarge,
	// under the archive's path.
	MaxArchiveMembers int
	// MaxArchiveBytes is how many bytes Scan inflates from one such
	// archive, nested zips included, counting each member's declared size
	// (what a .gz member inflated to for those); <= 0 means
	// DefaultMaxArchiveBytes. Past it the rest of the archive is not read,
	// as for MaxArchiveMembers.
	MaxArchiveBytes int64
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
// are read, and the JSON files of Garmin's account export: a .json file in
// a DI_CONNECT folder, of one of the kinds ExportKindOf knows, is read with
// DecodeExport (a File with Export set); another .json file in a DI_CONNECT
// folder yields a Skipped File wrapping ErrNotRead, without being opened.
// Other files, JSON files outside a DI_CONNECT folder among them, and the
// "._" files and "__MACOSX" folders that macOS adds, are skipped silently.
// A file named explicitly in paths is always decoded (inflated first when
// it ends in .gz), whatever its name; a .json file named explicitly is read
// as an export file when its name is one of the kinds, wherever it lies. Only
// regular files are read: a FIFO, a device or a socket named in paths, or
// found in a folder under a name Scan would read, is never opened for
// reading (so never waited on) and yields a Failed result wrapping
// ErrNotRegular ("x.fit: not a regular file (a FIFO)"). Archive members and
// .gz files are inflated in memory, never written to disk. An archive
// member's File.Path is the archive path, "/" and the member name
// ("export.zip/inner.zip/a.fit"), with control characters and bidirectional
// overrides in the member name replaced by "?". A file or folder reached
// twice (named twice, as "./a.fit" and "a.fit", named and inside a folder
// named, or through a symbolic or hard link) is one input: it is read once
// and yields one result, under the path by which it was first reached
// (paths in the order given, folders in name order), and is no duplicate.
// Scan writes nothing and changes nothing on disk.
//
// Every input costs bounded time and memory. Nothing decoded as FIT may be
// larger than opts.MaxFileSize (a plain file is refused from its size,
// before it is read; a member or .gz stops inflating at the cap), nor a
// nested zip than opts.MaxMemberSize, nor a JSON file of the export than
// opts.MaxJSONSize. Buffers are sized from the expected
// size and never grow past the cap. What all workers hold at once is
// bounded by opts.MemoryBudget (see ScanOptions), whatever opts.Workers
// is. A zip archive whose entries share bytes (entries that overlap, or
// repeat, which would make a small archive expand to millions of members)
// is refused whole, and one zip archive on disk yields at most
// opts.MaxArchiveMembers members and inflates at most opts.MaxArchiveBytes,
// nested zips included. Each input has opts.FileTimeout to decode.
//
// A .gz file or member is read as gzip -d reads it: its members in turn,
// then any trailing zero bytes silently, or other trailing bytes with a
// warning. A .gz stream that is cut or corrupt keeps what inflated before
// the damage, like a cut plain file: that is decoded, and the File is
// Partial with a warning naming the byte offset in the compressed stream
// ("truncated .gz: ..."); so is an archive member whose inflating fails
// after some bytes.
//
// fn is called once per input on a worker goroutine, right after the input
// decoded, so callers can reduce a big File to a small summary; it must be
// safe for concurrent use. Every input yields exactly one result, whatever
// went wrong: a nonexistent path, an unreadable file or folder, a broken
// symbolic link with a FIT or zip name, a folder loop, a corrupt archive or
// an archive member past the size cap each reaches fn as a File with Status
// Failed and Err naming the path (Err wraps ErrTooLarge when a cap hit).
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
// starting new inputs, stops the ones running at their next message, waits
// for them, and returns nil and ctx.Err().
func Scan[T any](ctx context.Context, paths []string, opts ScanOptions, fn func(*File) T) ([]T, error) {
	return scan(ctx, paths, opts, fn, DecodeContext)
}

// decodeFunc decodes one input; Scan's is DecodeContext.
type decodeFunc func(ctx context.Context, data []byte, path string) *File

// withDefaults returns opts with every unset value at its default and
// Workers at most MaxWorkers.
func (opts ScanOptions) withDefaults() ScanOptions {
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	opts.Workers = min(opts.Workers, MaxWorkers)
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = DefaultMaxFileSize
	}
	if opts.MaxMemberSize <= 0 {
		opts.MaxMemberSize = DefaultMaxMemberSize
	}
	if opts.MaxJSONSize <= 0 {
		opts.MaxJSONSize = DefaultMaxJSONSize
	}
	if opts.MemoryBudget <= 0 {
		opts.MemoryBudget = DefaultMemoryBudget
	}
	if opts.FileTimeout <= 0 {
		opts.FileTimeout = DefaultFileTimeout
	}
	if opts.MaxArchiveMembers <= 0 {
		opts.MaxArchiveMembers = DefaultMaxArchiveMembers
	}
	if opts.MaxArchiveBytes <= 0 {
		opts.MaxArchiveBytes = DefaultMaxArchiveBytes
	}
	return opts
}

// scan is Scan with the decoder as a parameter, for tests.
func scan[T any](ctx context.Context, paths []string, opts ScanOptions, fn func(*File) T, decode decodeFunc) ([]T, error) {
	return scanWith(ctx, paths, opts, fn, decode, nil)
}

// scanWith is scan with a cache (nil for none).
func scanWith[T any](ctx context.Context, paths []string, opts ScanOptions, fn func(*File) T, decode decodeFunc, cache Cache[T]) ([]T, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	opts = opts.withDefaults()
	s := &scanner[T]{
		ctx:    ctx,
		opts:   opts,
		fn:     fn,
		decode: decode,
		cache:  cache,
		sem:    make(chan struct{}, opts.Workers),
		mem:    newMemBudget(opts.MemoryBudget),
	}

	// Find every input first, so that Progress knows the total before the
	// first decode. Archives are only listed here, not inflated.
	w := scanWalker{ctx: ctx, opts: opts, visited: map[int64][]os.FileInfo{}}
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
	inputNone        inputKind = iota // not an input (inside folders and archives)
	inputPlain                        // a FIT file
	inputGz                           // a gzip-compressed FIT file
	inputZip                          // a zip archive
	inputFailed                       // found, but cannot be read: scanSource.err says why
	inputExport                       // a JSON file of Garmin's account export bounceback reads
	inputExportOther                  // another JSON file of the export: Skipped, never opened
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

// inputKindAt classifies the file found at p, whose name (base name in a
// folder, member name in an archive) is name: by its name, and a .json
// file by where it lies (see exportInput).
func inputKindAt(p, name string) inputKind {
	if k := inputKindOf(name); k != inputNone {
		return k
	}
	return exportInput(p, false)
}

// argKindOf classifies a file the user named: it is read whatever its name.
func argKindOf(name string) inputKind {
	if k := exportInput(name, true); k != inputNone {
		return k
	}
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

// notRegular is the error for path, whose mode is not a regular file's:
// "x.fit: not a regular file (a FIFO)", wrapping ErrNotRegular.
func notRegular(p string, mode fs.FileMode) error {
	var what string
	switch {
	case mode&fs.ModeNamedPipe != 0:
		what = "a FIFO"
	case mode&fs.ModeSocket != 0:
		what = "a socket"
	case mode&fs.ModeCharDevice != 0:
		what = "a character device"
	case mode&fs.ModeDevice != 0:
		what = "a device"
	default:
		what = "an irregular file"
	}
	return fmt.Errorf("%s: %w (%s)", p, ErrNotRegular, what)
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
	opts    ScanOptions
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
	case !info.Mode().IsRegular():
		w.add(scanSource{path: p, kind: inputFailed, err: notRegular(p, info.Mode())})
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
	defer f.Close()
	if err := checkEntries(p, zr); err != nil {
		w.add(scanSource{path: p, kind: inputFailed, err: err})
		return
	}
	n := len(zipMembers(p, zr))
	if n > w.opts.MaxArchiveMembers {
		n = w.opts.MaxArchiveMembers + 1 // and one result for the rest
	}
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
				if inputKindAt(q, name) != inputNone {
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
			k := inputKindAt(q, name)
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
		default:
			// A FIFO, a device or a socket: reported when its name looks
			// like an input, like a broken link.
			if inputKindAt(q, name) != inputNone {
				w.add(scanSource{path: q, kind: inputFailed, err: notRegular(q, typ)})
			}
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

// openZip opens the zip archive at p, a regular file (see safeio.Open).
// Errors name p.
func openZip(p string) (*os.File, *zip.Reader, error) {
	f, info, err := safeio.Open(p)
	if err != nil {
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

// zipMembers returns the members of zr, the archive at p, that are
// inputs, in archive order.
func zipMembers(p string, zr *zip.Reader) []zipMember {
	var ms []zipMember
	for _, f := range zr.File {
		mode := f.Mode()
		if mode.IsDir() || mode&fs.ModeSymlink != 0 || strings.HasSuffix(f.Name, "/") || isAppleDouble(f.Name) {
			continue
		}
		if k := inputKindAt(p+"/"+f.Name, f.Name); k != inputNone {
			ms = append(ms, zipMember{f, k})
		}
	}
	return ms
}

// zipArchive is an open zip archive whose members are being read. It is
// closed, and the memory it holds given back to the budget, when the walk
// and every member read are done (refs reaches zero).
type zipArchive struct {
	closer io.Closer   // the archive file; nil for one held in memory
	parent *zipArchive // the archive a nested zip is read from
	refs   atomic.Int64
	// mem and held are the budget and the bytes this archive took from it
	// (a compressed nested zip inflated into memory); pinned is what the
	// archives above it hold.
	mem          *memBudget
	held, pinned int64
	// input is shared by the archive on disk and every zip nested in it.
	input *archiveInput
}

func newZipArchive(closer io.Closer, parent *zipArchive) *zipArchive {
	a := &zipArchive{closer: closer, parent: parent}
	a.refs.Store(1)
	if parent != nil {
		parent.acquire()
		a.pinned = parent.pinned + parent.held
		a.input = parent.input
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
	if a.held > 0 {
		a.mem.release(a.held)
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
	// unread is set for an input Scan did not open (a JSON file of the
	// export it does not read): it is nobody's copy.
	unread bool
	val    T
}

// scanner dispatches inputs to bounded workers.
type scanner[T any] struct {
	ctx    context.Context
	opts   ScanOptions
	fn     func(*File) T
	decode decodeFunc
	cache  Cache[T] // nil for none
	sem    chan struct{}
	mem    *memBudget
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

// scanJob reads and decodes one input on a worker. It runs with cost bytes
// taken from the memory budget and may give some back early through
// costs.lower; the rest is given back when fn has returned.
type scanJob func(ctx context.Context, c *jobCost) (*File, uint32)

// jobCost is the memory a running job holds from the budget, and what the
// job found in the cache.
type jobCost struct {
	mem *memBudget
	n   int64

	// id is the input's identity when a cache may keep its result; sum
	// is the SHA-256 of its bytes once hashed is set.
	id     *InputID
	sum    [32]byte
	hashed bool
	// hit is set when the cache had the input: the job returned no File,
	// and hitVal (a T) and hitMeta are the result.
	hit     bool
	hitVal  any
	hitMeta ScanMeta
}

// lower gives back what the job holds beyond n bytes.
func (c *jobCost) lower(n int64) {
	if n < c.n {
		c.mem.release(c.n - n)
		c.n = n
	}
}

// launch runs job on a worker once one is free and cost bytes fit in the
// memory budget (pinned of them are held by the archives the input is read
// from, see memBudget.acquire), and fills a new slot with fn's result. It
// returns false, without running job, when ctx is cancelled.
func (s *scanner[T]) launch(p string, cost, pinned int64, job scanJob) bool {
	if s.ctx.Err() != nil {
		return false
	}
	select {
	case s.sem <- struct{}{}:
	case <-s.ctx.Done():
		return false
	}
	if !s.mem.acquire(s.ctx, cost, pinned) {
		<-s.sem
		return false
	}
	if s.ctx.Err() != nil {
		// Both were ready and select chose the semaphore.
		s.mem.release(cost)
		<-s.sem
		return false
	}
	sl := &scanSlot[T]{path: p}
	s.slots = append(s.slots, sl)
	s.wg.Go(func() {
		c := &jobCost{mem: s.mem, n: cost}
		defer func() {
			c.lower(0)
			<-s.sem
		}()
		f, sum := func() (*File, uint32) {
			ctx, cancel := context.WithTimeoutCause(s.ctx, s.opts.FileTimeout, &timeoutError{s.opts.FileTimeout})
			defer cancel()
			return job(ctx, c)
		}()
		if c.hit {
			s.fillHit(sl, c)
			s.finish()
			return
		}
		sl.sum = sum
		sl.unread = f.Status == Skipped && errors.Is(f.Err, ErrNotRead)
		if f.Path == "" {
			f.Path = p
		}
		sl.size = f.Size
		sl.status = f.Status
		sl.id = f.ID
		sl.start = fileStart(f)
		sl.val = s.fn(f)
		if s.cache != nil && c.id != nil && c.hashed && cacheable(s.ctx, f) {
			s.cache.Store(*c.id, c.sum, ScanMeta{Size: sl.size, CRC: sl.sum, Status: sl.status, ID: sl.id, Start: sl.start}, sl.val)
		}
		s.finish()
	})
	return true
}

// fillHit fills sl with the result the cache had for the job c, and
// stores the input's identity when the hit was by its contents.
func (s *scanner[T]) fillHit(sl *scanSlot[T], c *jobCost) {
	m := c.hitMeta
	sl.size, sl.sum, sl.status, sl.id, sl.start = m.Size, m.CRC, m.Status, m.ID, m.Start
	sl.val = c.hitVal.(T)
	if c.hashed {
		s.cache.Store(*c.id, c.sum, m, sl.val)
	}
}

// lookup notes id as the identity of c's input and asks the cache for
// it; it reports a hit (c holds the result).
func (s *scanner[T]) lookup(c *jobCost, id *InputID) bool {
	if s.cache == nil {
		return false
	}
	c.id = id
	v, m, ok := s.cache.Lookup(*id)
	if ok {
		c.hit, c.hitVal, c.hitMeta = true, v, m
	}
	return ok
}

// lookupSum hashes b, the bytes of c's input, and asks the cache for
// them; it reports a hit (c holds the result).
func (s *scanner[T]) lookupSum(c *jobCost, b []byte) bool {
	if s.cache == nil || c == nil || c.id == nil {
		return false
	}
	c.sum, c.hashed = sha256.Sum256(b), true
	v, m, ok := s.cache.LookupSum(*c.id, c.sum)
	if ok {
		c.hit, c.hitVal, c.hitMeta = true, v, m
	}
	return ok
}

// fail launches a Failed result for p.
func (s *scanner[T]) fail(p string, err error) bool {
	return s.launch(p, 0, 0, func(context.Context, *jobCost) (*File, uint32) { return failed(p, err) })
}

// dispatch launches the work for one source. It returns false when ctx is
// cancelled.
func (s *scanner[T]) dispatch(src scanSource) bool {
	switch src.kind {
	case inputFailed:
		return s.fail(src.path, src.err)
	case inputPlain, inputGz:
		// Open the file here, so that its cost is its size now and the job
		// reads what was measured.
		f, info, err := safeio.Open(src.path)
		if err != nil {
			return s.fail(src.path, err)
		}
		var cost int64
		var job scanJob
		if src.kind == inputPlain {
			if info.Size() > s.opts.MaxFileSize {
				f.Close()
				return s.fail(src.path, &capError{path: src.path, cap: s.opts.MaxFileSize, plain: true, size: info.Size()})
			}
			cost = info.Size() * DecodeExpansion
			job = func(ctx context.Context, c *jobCost) (*File, uint32) {
				defer f.Close()
				if s.lookup(c, fileID(src.path, info)) {
					return nil, 0
				}
				return s.readPlain(ctx, src.path, f, info.Size(), c)
			}
		} else {
			cost = s.memberCap() * DecodeExpansion
			job = func(ctx context.Context, c *jobCost) (*File, uint32) {
				defer f.Close()
				if s.lookup(c, fileID(src.path, info)) {
					return nil, 0
				}
				return s.readGz(ctx, src.path, f, c)
			}
		}
		if !s.launch(src.path, cost, 0, job) {
			f.Close()
			return false
		}
		return true
	case inputExport:
		f, info, err := safeio.Open(src.path)
		if err != nil {
			return s.fail(src.path, err)
		}
		if info.Size() > s.opts.MaxJSONSize {
			f.Close()
			return s.fail(src.path, &capError{path: src.path, cap: s.opts.MaxJSONSize, plain: true, size: info.Size()})
		}
		job := func(ctx context.Context, c *jobCost) (*File, uint32) {
			defer f.Close()
			if s.lookup(c, fileID(src.path, info)) {
				return nil, 0
			}
			return s.readExport(ctx, f, src.path, s.opts.MaxJSONSize, true, c)
		}
		if !s.launch(src.path, exportCost(info.Size()), 0, job) {
			f.Close()
			return false
		}
		return true
	case inputExportOther:
		return s.notRead(src.path)
	case inputZip:
		f, zr, err := openZip(src.path)
		if err == nil {
			err = checkEntries(src.path, zr)
			if err != nil {
				f.Close()
			}
		}
		if err != nil {
			s.addTotal(1 - src.count)
			return s.fail(src.path, err)
		}
		a := newZipArchive(f, nil)
		a.mem = s.mem
		a.input = &archiveInput{path: src.path}
		ok := s.walkArchive(src.path, 1, zr, f, a, src.count)
		if ok {
			ok = s.reportRest(a.input)
		}
		a.release()
		return ok
	}
	return true
}

// notRead launches the Skipped result of p, a JSON file of the export that
// bounceback does not read.
func (s *scanner[T]) notRead(p string) bool {
	return s.launch(p, 0, 0, func(context.Context, *jobCost) (*File, uint32) { return exportNotRead(p), 0 })
}

// walkArchive launches the members of archive zr, found at p at nesting
// level depth and read through ra. count is how many results were expected
// from it.
func (s *scanner[T]) walkArchive(p string, depth int, zr *zip.Reader, ra io.ReaderAt, a *zipArchive, count int) bool {
	ms := zipMembers(p, zr)
	in := a.input
	s.addTotal(min(len(ms), max(s.opts.MaxArchiveMembers-in.members, 0)) - count)
	for i, m := range ms {
		if in.stopped(s.opts, m.f) {
			in.rest += len(ms) - i
			return true
		}
		in.members++
		mp := p + "/" + safeText(m.f.Name)
		if m.kind == inputZip {
			if m.f.Method != zip.Store { // a stored one is read in place
				in.bytes.Add(int64(min(m.f.UncompressedSize64, uint64(s.opts.MaxMemberSize))))
			}
			if !s.walkNested(mp, depth+1, m.f, ra, a) {
				return false
			}
			continue
		}
		var cost int64
		id := &InputID{Path: mp, Size: int64(m.f.UncompressedSize64), ModTime: m.f.Modified.UnixNano(), Member: m.f.CRC32}
		job := func(ctx context.Context, c *jobCost) (*File, uint32) {
			if s.lookup(c, id) {
				a.release()
				return nil, 0
			}
			return s.readMember(ctx, mp, m, a, c)
		}
		switch m.kind {
		case inputExportOther:
			if !s.notRead(mp) {
				return false
			}
			continue
		case inputExport:
			size := min(m.f.UncompressedSize64, uint64(s.jsonCap()))
			in.bytes.Add(int64(size))
			cost = exportCost(int64(size))
			job = func(ctx context.Context, c *jobCost) (*File, uint32) {
				if s.lookup(c, id) {
					a.release()
					return nil, 0
				}
				return s.readExportMember(ctx, mp, m, a, c)
			}
		case inputPlain:
			size := min(m.f.UncompressedSize64, uint64(s.memberCap()))
			in.bytes.Add(int64(size))
			cost = int64(size) * DecodeExpansion
		default:
			cost = s.memberCap() * DecodeExpansion
		}
		a.acquire()
		ok := s.launch(mp, cost, a.pinned+a.held, job)
		if !ok {
			a.release()
			return false
		}
	}
	return true
}

// memberCap is the cap on what is inflated and decoded as FIT: an archive
// member, or a .gz file or member.
func (s *scanner[T]) memberCap() int64 { return min(s.opts.MaxFileSize, s.opts.MaxMemberSize) }

// jsonCap is the cap on what a JSON member of an archive inflates to.
func (s *scanner[T]) jsonCap() int64 { return min(s.opts.MaxJSONSize, s.opts.MaxMemberSize) }

// readExportMember reads archive member m, a JSON file of the export found
// at p, as it inflates, then releases the archive.
func (s *scanner[T]) readExportMember(ctx context.Context, p string, m zipMember, a *zipArchive, c *jobCost) (*File, uint32) {
	defer a.release()
	limit := s.jsonCap()
	if err := ctx.Err(); err != nil {
		return failed(p, withPath(p, err))
	}
	if m.f.UncompressedSize64 > uint64(limit) {
		return failed(p, &capError{path: p, cap: limit})
	}
	rc, err := m.f.Open()
	if err != nil {
		return failed(p, fmt.Errorf("%s: %w", p, err))
	}
	defer rc.Close()
	return s.readExport(ctx, rc, p, limit, false, c)
}

// readExport decodes the JSON file of the export that r reads, found at
// p, under the size cap limit (see decodeExport), hashing what it reads
// when a cache may keep the result.
func (s *scanner[T]) readExport(ctx context.Context, r io.Reader, p string, limit int64, plain bool, c *jobCost) (*File, uint32) {
	if s.cache == nil || c.id == nil {
		return decodeExport(ctx, r, p, exportKindFor(p), limit, plain)
	}
	h := newHashingReader(r)
	f, sum := decodeExport(ctx, h, p, exportKindFor(p), limit, plain)
	c.sum, c.hashed = h.sum(), true
	return f, sum
}

// walkNested opens the zip archive zf, a member of archive parent (read
// through ra), found at p at nesting level depth, and launches its members.
// A stored (uncompressed) nested zip is read in place; a compressed one is
// inflated into memory, under the size cap and charged to the memory
// budget, and held until its members are read.
func (s *scanner[T]) walkNested(p string, depth int, zf *zip.File, ra io.ReaderAt, parent *zipArchive) bool {
	if depth > MaxArchiveDepth {
		return s.fail(p, fmt.Errorf("%s: zip archives nested deeper than %d levels", p, MaxArchiveDepth))
	}
	if zf.Method == zip.Store {
		if off, err := zf.DataOffset(); err == nil {
			sr := io.NewSectionReader(ra, off, int64(zf.CompressedSize64))
			if zr, err := newZipReader(sr, sr.Size()); err == nil {
				if err := checkEntries(p, zr); err != nil {
					return s.fail(p, err)
				}
				a := newZipArchive(nil, parent)
				ok := s.walkArchive(p, depth, zr, sr, a, 1)
				a.release()
				return ok
			}
		}
		// Fall through to reading it the ordinary way, which reports the
		// error.
	}
	if zf.UncompressedSize64 > uint64(s.opts.MaxMemberSize) {
		return s.fail(p, &capError{path: p, cap: s.opts.MaxMemberSize})
	}
	a := newZipArchive(nil, parent)
	defer a.release()
	a.mem, a.held = s.mem, int64(zf.UncompressedSize64)
	if !s.mem.acquire(s.ctx, a.held, a.pinned) {
		a.held = 0
		return false
	}
	b, err := s.readZipFile(s.ctx, p, zf, s.opts.MaxMemberSize)
	if err != nil {
		return s.fail(p, err)
	}
	br := bytes.NewReader(b)
	zr, err := newZipReader(br, br.Size())
	if err != nil {
		return s.fail(p, fmt.Errorf("%s: %w", p, err))
	}
	if err := checkEntries(p, zr); err != nil {
		return s.fail(p, err)
	}
	return s.walkArchive(p, depth, zr, br, a, 1)
}

// reportRest launches the one Failed result for the members of an archive
// on disk that its caps left unread, if any.
func (s *scanner[T]) reportRest(in *archiveInput) bool {
	if in.rest == 0 {
		return true
	}
	s.addTotal(1)
	return s.fail(in.path, in.restError())
}

// readPlain reads and decodes the FIT file f, found at p, of the given
// size.
func (s *scanner[T]) readPlain(ctx context.Context, p string, f io.Reader, size int64, c *jobCost) (*File, uint32) {
	b, err := safeio.ReadAll(p, cancelReader{ctx, f}, size, s.opts.MaxFileSize)
	if err != nil {
		return failed(p, s.readError(p, err, s.opts.MaxFileSize))
	}
	return s.decodeBytes(ctx, b, p, nil, c)
}

// readGz inflates and decodes the gzip-compressed FIT file f, found at p.
func (s *scanner[T]) readGz(ctx context.Context, p string, f io.Reader, c *jobCost) (*File, uint32) {
	b, warn, err := gunzip(ctx, p, f, s.memberCap())
	if err != nil {
		return failed(p, s.readError(p, err, s.memberCap()))
	}
	c.lower(int64(len(b)) * DecodeExpansion)
	return s.decodeBytes(ctx, b, p, warn, c)
}

// readMember inflates and decodes archive member m, found at p, then
// releases the archive.
func (s *scanner[T]) readMember(ctx context.Context, p string, m zipMember, a *zipArchive, c *jobCost) (*File, uint32) {
	var warn error
	b, err := func() ([]byte, error) {
		defer a.release()
		if m.kind == inputGz {
			rc, err := m.f.Open()
			if err != nil {
				return nil, fmt.Errorf("%s: %w", p, err)
			}
			defer rc.Close()
			b, w, err := gunzip(ctx, p, rc, s.memberCap())
			warn = w
			if err == nil {
				a.input.bytes.Add(int64(len(b)))
			}
			return b, err
		}
		b, err := s.readZipFile(ctx, p, m.f, s.memberCap())
		var de *DecodeError
		if errors.As(err, &de) && len(b) > 0 {
			// Inflating failed after some bytes: decode them, like a cut
			// plain file.
			warn, err = err, nil
		}
		return b, err
	}()
	if err != nil {
		return failed(p, s.readError(p, err, s.memberCap()))
	}
	c.lower(int64(len(b)) * DecodeExpansion)
	return s.decodeBytes(ctx, b, p, warn, c)
}

// readZipFile inflates zf, found at p, under the size cap limit. When
// inflating fails after some bytes, it returns them with a *DecodeError
// naming the number of bytes inflated.
func (s *scanner[T]) readZipFile(ctx context.Context, p string, zf *zip.File, limit int64) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if zf.UncompressedSize64 > uint64(limit) {
		return nil, &capError{path: p, cap: limit}
	}
	rc, err := zf.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	defer rc.Close()
	b, err := safeio.ReadAll(p, cancelReader{ctx, rc}, int64(zf.UncompressedSize64), limit)
	var ce *safeio.CapError
	switch {
	case err == nil:
		return b, nil
	case errors.As(err, &ce):
		return nil, &capError{path: p, cap: limit}
	case len(b) > 0 && ctx.Err() == nil:
		return b, &DecodeError{Path: p, Offset: int64(len(b)),
			Err: errorf(ErrCorrupt, "corrupt archive member: %v after %d bytes inflated", err, len(b))}
	}
	return nil, withPath(p, err)
}

// readError is the error for reading p under the size cap limit.
func (s *scanner[T]) readError(p string, err error, limit int64) error {
	var ce *safeio.CapError
	if errors.As(err, &ce) {
		return &capError{path: p, cap: limit}
	}
	if strings.HasPrefix(err.Error(), p+": ") {
		return err
	}
	var te *timeoutError
	if errors.As(err, &te) {
		return fmt.Errorf("%s: %w", p, err)
	}
	return withPath(p, err)
}

// failed returns a Failed File for p.
func failed(p string, err error) (*File, uint32) {
	return &File{Path: p, Status: Failed, Err: err}, 0
}

// castagnoli is the CRC-32C table, for the checksum that tells identical
// copies apart from distinct files that share a file_id.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// decodeBytes decodes b, the contents of p, and returns the File and the
// CRC-32C of b. warn, when not nil, is a problem of inflating b: a
// *DecodeError (the stream was damaged: the File is at best Partial) or a
// plain warning. When c is not nil and the cache has b's contents, it
// returns no File and c holds the result.
func (s *scanner[T]) decodeBytes(ctx context.Context, b []byte, p string, warn error, c *jobCost) (*File, uint32) {
	if warn == nil && s.lookupSum(c, b) {
		return nil, 0
	}
	f := s.decode(ctx, b, p)
	if f == nil {
		f = &File{Path: p, Status: Failed, Err: fmt.Errorf("%s: %w", p, ErrNoData)}
	}
	if f.Size == 0 {
		f.Size = int64(len(b))
	}
	if warn != nil {
		f.Warnings = append([]error{warn}, f.Warnings...)
		var de *DecodeError
		if f.Status == OK && errors.As(warn, &de) {
			f.Status = Partial
		}
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
		if sl.status == Failed || sl.unread {
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
			Err:    &DuplicateError{Path: sl.path, Of: first.path},
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

// capError is an input larger than its size cap: a file on disk (plain,
// with its size when known) or what an archive member or .gz inflates to.
type capError struct {
	path  string
	cap   int64
	plain bool
	size  int64
}

func (e *capError) Error() string {
	switch {
	case e.plain && e.size > 0:
		return fmt.Sprintf("%s: %d bytes, larger than the %s cap", e.path, e.size, capString(e.cap))
	case e.plain:
		return fmt.Sprintf("%s: larger than the %s cap", e.path, capString(e.cap))
	}
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
	if errors.As(err, &pe) || errors.Is(err, ErrNotRegular) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf("%s: %w", p, err)
}

// cancelReader is a reader that stops with ctx's cause once ctx is done.
type cancelReader struct {
	ctx context.Context
	r   io.Reader
}

func (c cancelReader) Read(p []byte) (int, error) {
	if c.ctx.Err() != nil {
		return 0, context.Cause(c.ctx)
	}
	return c.r.Read(p)
}

// timeoutError is the cause of a per-input context whose time budget ran
// out.
type timeoutError struct{ d time.Duration }

func (e *timeoutError) Error() string { return fmt.Sprintf("decoding took longer than %v", e.d) }

func (e *timeoutError) Unwrap() error { return ErrTimeout }
