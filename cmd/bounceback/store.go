package main

// This file connects the commands to the store (package store): the
// summary cache that fitparse.ScanCached consults, the history tables
// written after a run, --store and --no-store, and where the store lives.

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/spf13/pflag"

	"github.com/bounceback/bounceback/analysis"
	"github.com/bounceback/bounceback/fitparse"
	"github.com/bounceback/bounceback/store"
)

// storeName is the store's file in the user's data folder.
const storeName = "bounceback/bounceback.db"

// storeEnv, when set, is the store's path, or "off" for none: what
// --store and --no-store say, for scripts and cron jobs. The flags win.
const storeEnv = "BOUNCEBACK_STORE"

const storeFlagsUsage = `      --store FILE      keep the results and the history in the store FILE
                        (default: $XDG_DATA_HOME/bounceback/bounceback.db,
                        or $BOUNCEBACK_STORE)
      --no-store        read every file again and keep nothing
`

// addStore registers --store and --no-store.
func (f *flags) addStore(fs *pflag.FlagSet) {
	fs.StringVar(&f.store, "store", "", "")
	fs.BoolVar(&f.noStore, "no-store", false, "")
}

// storePath returns the store's path for the flags, "" for none, and
// whether the user named it.
func storePath(f *flags) (path string, named bool, err error) {
	switch {
	case f.noStore:
		return "", false, nil
	case f.store != "":
		return f.store, true, nil
	}
	switch v := os.Getenv(storeEnv); {
	case v == "off":
		return "", false, nil
	case v != "":
		return v, true, nil
	}
	p, err := dataPath(storeName)
	return p, false, err
}

// dataPath returns where the data file name lives: under $XDG_DATA_HOME
// when it is an absolute path, else under ~/.local/share.
func dataPath(name string) (string, error) {
	if dir := os.Getenv("XDG_DATA_HOME"); filepath.IsAbs(dir) {
		return filepath.Join(dir, filepath.FromSlash(name)), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("cannot find the data folder: %v", err)
	}
	return filepath.Join(home, ".local", "share", filepath.FromSlash(name)), nil
}

// checkStore refuses a store inside one of the folders read: nothing is
// ever written there.
func checkStore(path string, inputs []string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	for _, in := range inputs {
		dir, err := filepath.Abs(in)
		if err != nil {
			continue
		}
		if abs == dir || strings.HasPrefix(abs, dir+string(filepath.Separator)) {
			return fmt.Errorf("the store %s lies inside %s, which is read: nothing is written there", path, in)
		}
	}
	return nil
}

// openStore opens the store for a run on paths, unless the flags say
// none. A store that cannot be used is reported in one line and the run
// goes on without it; a store the user named inside an input folder is a
// usage error (exitUsage).
func (e *env) openStore(f *flags, paths []string) int {
	if e.store != nil {
		return exitOK
	}
	path, named, err := storePath(f)
	if path == "" {
		if err != nil {
			e.errorf("store: %v: running without it", err)
		}
		return exitOK
	}
	if err := checkStore(path, paths); err != nil {
		if named {
			e.errorf("%v", err)
			return exitUsage
		}
		e.errorf("%v: running without it", err)
		return exitOK
	}
	nameProgram.Do(func() { store.Program = "bounceback " + versionString() })
	st, err := store.Open(path, analysis.SummaryVersion)
	if err != nil {
		e.errorf("store %s: %v: running without it", path, err)
		return exitOK
	}
	for _, w := range st.Warnings() {
		e.errorf("store %s: %s", path, w)
	}
	e.store = &summaryCache{st: st, path: path}
	return exitOK
}

// closeStore writes what the run left to store and closes the store.
func (e *env) closeStore() {
	c := e.store
	if c == nil {
		return
	}
	e.store = nil
	c.flush()
	if c.err != nil {
		e.errorf("store %s: %v: the results of this run are not kept", c.path, c.err)
	}
	if err := c.st.Close(); err != nil && c.err == nil {
		e.errorf("store %s: %v", c.path, err)
	}
}

// saveHistory starts writing the block's history tables, when the run
// read everything (no --since, --until or --sport: the tables hold the
// whole history as the last such run computed it), and returns the
// function that waits for the write to end. The write runs beside the
// rendering of the report, which only reads the block too.
func (e *env) saveHistory(b *analysis.Block, f *flags) (wait func()) {
	return e.saveHistoryOf("", b, f)
}

// saveHistoryOf is saveHistory for the athlete named athlete ("" for the
// user): a squad's athletes each have their own rows.
func (e *env) saveHistoryOf(athlete string, b *analysis.Block, f *flags) (wait func()) {
	c := e.store
	if c == nil || c.st.ReadOnly() || f.since != "" || f.until != "" || len(f.sport) > 0 {
		return func() {}
	}
	done := make(chan error, 1)
	go func() { done <- c.st.WriteHistory(athlete, b) }()
	return func() {
		if err := <-done; err != nil {
			e.errorf("store %s: %v: the history tables are not updated", c.path, err)
		}
	}
}

// summaryCache is the store as fitparse's cache of summaries. Entries
// are written in batches of storeBatch, each one transaction, so that a
// cold run over a large export never holds them all.
type summaryCache struct {
	st   *store.Store
	path string

	mu      sync.Mutex
	pending []store.Entry
	size    int   // bytes of blobs pending
	err     error // the first write that failed; nothing is written after it
}

// nameProgram names this program in the stores it writes, once.
var nameProgram sync.Once

// storeBatch is how many bytes of entries a transaction writes.
const storeBatch = 4 << 20

// identity is the store's key of an input: its absolute path (an archive
// member's under its archive's absolute path).
func identity(id fitparse.InputID) store.Identity {
	p := id.Path
	if abs, err := filepath.Abs(p); err == nil {
		p = abs
	}
	return store.Identity{Path: p, Size: id.Size, ModTime: id.ModTime, Inode: id.Inode, Member: id.Member}
}

// Lookup implements fitparse.Cache.
func (c *summaryCache) Lookup(id fitparse.InputID) (analysis.FileSummary, fitparse.ScanMeta, bool) {
	_, blob, ok := c.st.Lookup(identity(id))
	if !ok {
		return analysis.FileSummary{}, fitparse.ScanMeta{}, false
	}
	return decodeEntry(blob, id.Path)
}

// LookupSum implements fitparse.Cache.
func (c *summaryCache) LookupSum(id fitparse.InputID, sum [32]byte) (analysis.FileSummary, fitparse.ScanMeta, bool) {
	blob, ok := c.st.BySum(sum)
	if !ok {
		return analysis.FileSummary{}, fitparse.ScanMeta{}, false
	}
	return decodeEntry(blob, id.Path)
}

// Store implements fitparse.Cache. A summary that cannot be encoded is
// not kept (the next run decodes the file again).
func (c *summaryCache) Store(id fitparse.InputID, sum [32]byte, m fitparse.ScanMeta, v analysis.FileSummary) {
	if c.st.ReadOnly() {
		return
	}
	blob, err := encodeEntry(m, &v)
	if err != nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return
	}
	c.pending = append(c.pending, store.Entry{Identity: identity(id), Sum: sum, Blob: blob})
	c.size += len(blob)
	if c.size >= storeBatch {
		c.flushLocked()
	}
}

// flush writes the pending entries.
func (c *summaryCache) flush() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.flushLocked()
}

func (c *summaryCache) flushLocked() {
	if len(c.pending) == 0 || c.err != nil {
		c.pending, c.size = nil, 0
		return
	}
	c.err = c.st.Put(c.pending)
	c.pending, c.size = nil, 0
}

// A cache entry's blob is a header, then analysis.EncodeSummary's
// encoding of the summary. The header holds what Scan keeps beside the
// summary (fitparse.ScanMeta) that the summary does not: the size, the
// CRC-32C and the start; the status and the file_id are the summary's
// own.
const entryMagic = 1

func encodeEntry(m fitparse.ScanMeta, v *analysis.FileSummary) ([]byte, error) {
	if v.Status != m.Status || v.FileID != m.ID {
		return nil, errors.New("the summary's status or file_id differs from the file's")
	}
	sum, err := analysis.EncodeSummary(v)
	if err != nil {
		return nil, err
	}
	start, err := m.Start.MarshalBinary()
	if err != nil {
		return nil, err
	}
	b := make([]byte, 0, 1+binary.MaxVarintLen64+4+1+len(start)+len(sum))
	b = append(b, entryMagic)
	b = binary.AppendVarint(b, m.Size)
	b = binary.LittleEndian.AppendUint32(b, m.CRC)
	b = append(b, byte(len(start)))
	b = append(b, start...)
	return append(b, sum...), nil
}

// decodeEntry decodes a blob of the store for the input at path; a blob
// that does not decode (a store written by something else, or damaged)
// is a miss.
func decodeEntry(b []byte, path string) (analysis.FileSummary, fitparse.ScanMeta, bool) {
	var m fitparse.ScanMeta
	if len(b) < 1 || b[0] != entryMagic {
		return analysis.FileSummary{}, m, false
	}
	b = b[1:]
	size, n := binary.Varint(b)
	if n <= 0 || len(b) < n+5 {
		return analysis.FileSummary{}, m, false
	}
	b = b[n:]
	m.Size, m.CRC = size, binary.LittleEndian.Uint32(b)
	k := int(b[4])
	b = b[5:]
	if len(b) < k {
		return analysis.FileSummary{}, m, false
	}
	var start time.Time
	if err := start.UnmarshalBinary(b[:k]); err != nil {
		return analysis.FileSummary{}, m, false
	}
	m.Start = start
	f, err := analysis.DecodeSummary(b[k:], path)
	if err != nil {
		return analysis.FileSummary{}, m, false
	}
	m.Status, m.ID = f.Status, f.FileID
	return f, m, true
}

// cachesSummaries reports whether the store keeps what summarize makes:
// analysis.Summarize's summaries, not analysis.Count's counts (the
// sessions command's, which cost little more than reading the file).
func cachesSummaries(summarize func(*fitparse.File) analysis.FileSummary) bool {
	return reflect.ValueOf(summarize).Pointer() == reflect.ValueOf(analysis.Summarize).Pointer()
}
