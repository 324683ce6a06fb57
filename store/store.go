// Package store is bounceback's embedded SQLite store: a cache of the
// per-file analysis (so that a run over an unchanged folder decodes
// nothing) and the history of the block (sessions, days, weeks, the daily
// recovery series and the readiness) as tables any SQLite client can
// query:
//
//	sqlite3 bounceback.db 'select date, readiness from days'
//
// # The cache
//
// The cache maps an input's identity (its path, size, modification time,
// inode, or an archive member's CRC-32) to the SHA-256 of its bytes
// ([Store.Lookup]), and a SHA-256 to the summary blob stored under the
// analysis version ([Store.BySum]). The identity check needs no read of the
// file; the hash is the truth, so a file moved or copied is still a hit.
// The blobs are opaque here: the caller encodes and validates them. A
// summary of another analysis version than the store's is deleted at
// [Open].
//
// # The history
//
// [Store.WriteHistory] replaces an athlete's rows with what an
// [analysis.Block] holds, value by value as the Block has it, NULL where
// the Block has NaN or nothing; nothing in this package computes
// physiology. docs/store.md documents every table and column.
//
// # Reliability
//
// The database is in WAL mode with a busy timeout, so that two runs can
// share one store; every write is one transaction. A damaged file is moved
// aside at Open and a new store started; a store that cannot be written is
// opened read-only, its lookups working and its writes doing nothing. Open
// says what it had to do in [Store.Warnings]; when it cannot open the store
// at all it returns an error, and the caller goes on without one.
//
// This is the one package that imports the SQLite driver
// (modernc.org/sqlite, pure Go).
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"time"

	"modernc.org/sqlite"
)

// Sentinel errors, for errors.Is; they come wrapped with the store's
// path ("store: PATH: not a bounceback store: ...").
var (
	// ErrNewer: Open found a store written by a newer bounceback (a
	// schema version this package does not know). It is left as it is.
	ErrNewer = errors.New("written by a newer bounceback")
	// ErrSchema: Open found an SQLite database that is not a store of
	// this package's schema (a table or column it needs is missing, or it
	// holds other tables and no schema version). It is left as it is.
	ErrSchema = errors.New("not a bounceback store")
	// ErrReadOnly: Prune and Clear on a store opened read-only.
	ErrReadOnly = errors.New("opened read-only")
)

// mmapBytes is how much of the database file SQLite reads through a
// memory map (the rest, as usual, with read calls): none. A map halves
// the cost of one lookup (BenchmarkLookup), but a warm analyze over
// 5,000 files took the same time with it, and 20 MB more resident memory
// (the mapped pages of the whole file), more than the cold run's.
const mmapBytes = 0

// busyTimeout is how long a statement waits for another run's lock
// before it fails with SQLITE_BUSY.
const busyTimeout = 5 * time.Second

// Store is an open store. Its methods are safe for concurrent use; Put,
// WriteHistory, Prune and Clear are meant for one writer at a time (other
// programs on the same file wait for each other's transactions).
type Store struct {
	path, version string
	db            *sql.DB
	readers       *readers // the blob reads
	readOnly      bool
	now           func() time.Time

	mu       sync.RWMutex
	ids      map[string]known // by path, as loaded at Open and written by Put since
	warnings []string
	readErr  bool // a lookup failed on something else than a miss; warned once
}

// known is an identity the store holds, with its content hash.
type known struct {
	id  Identity
	sum [32]byte
}

// options are Open's knobs for the tests: now stamps the rows and the
// corrupt file's new name; failWrite, when set, is what opening the store
// for writing fails with (a test running as root cannot make a file
// unwritable).
type options struct {
	now       func() time.Time
	failWrite error
}

// Open opens the store at path, creating it and its folder (mode 0700)
// when absent. version is the analysis version of the cache: summaries of
// another version are deleted (a changed analysis version invalidates old
// entries), and BySum and Lookup see only this version's.
//
// A file that is not an SQLite database, or one SQLite finds damaged, is
// renamed to path + ".corrupt-" + a UTC time stamp (with its -wal and -shm
// files) and a new store is created in its place; a store that cannot be
// written (a read-only file or folder) is opened read-only. Warnings says
// which. Open returns an error when it cannot open the store at all: no
// folder can be made and there is no file, the file cannot be read, it is
// damaged and cannot be moved aside, or it is not a store of this
// package's schema (ErrSchema, ErrNewer).
func Open(path, version string) (*Store, error) {
	return open(path, version, options{})
}

func open(path, version string, o options) (*Store, error) {
	if o.now == nil {
		o.now = time.Now
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	s := &Store{path: abs, version: version, now: o.now}
	dirErr := os.MkdirAll(filepath.Dir(abs), 0o700)
	if dirErr == nil {
		err = s.openWritable(o)
		if err == nil {
			return s, nil
		}
		if !isPermission(err) {
			return nil, fmt.Errorf("store: %s: %w", abs, err)
		}
	} else if _, err := os.Stat(abs); err != nil {
		return nil, fmt.Errorf("store: %w", dirErr)
	}
	if err := s.openReadOnly(); err != nil {
		return nil, fmt.Errorf("store: %s: %w", abs, err)
	}
	s.readOnly = true
	s.warn(fmt.Sprintf("%s is read-only: results are not cached", abs))
	return s, nil
}

// openWritable opens the store for reading and writing: once, and once
// more after moving a damaged file aside. An existing file is inspected
// read-only first, so that nothing is written to a file that is not a
// store of this schema (not even the switch to WAL).
func (s *Store) openWritable(o options) error {
	if o.failWrite != nil {
		return o.failWrite
	}
	for attempt := 0; ; attempt++ {
		before, statErr := os.Stat(s.path)
		var err error
		if statErr == nil && before.Size() > 0 {
			err = inspect(s.path)
		}
		if err == nil {
			err = s.connect(dsn(s.path, "rw"), true)
		}
		if err == nil || !isCorrupt(err) || attempt > 0 {
			return err
		}
		moved, merr := moveAside(s.path, before, o.now())
		if merr != nil {
			return fmt.Errorf("%w (moving it aside: %v)", err, merr)
		}
		if moved != "" {
			s.warn(fmt.Sprintf("moved the damaged store aside to %s (%v); starting anew", moved, err))
		}
	}
}

// inspect checks the database at path without writing to it: that SQLite
// finds it sound (quickCheck) and that it is a store of a schema this
// package can open.
func inspect(path string) error {
	ctx := context.Background()
	db, err := sql.Open("sqlite", dsn(path, "ro"))
	if err != nil {
		return err
	}
	defer db.Close()
	if err := quickCheck(ctx, db); err != nil {
		return err
	}
	return checkVersion(ctx, db, false)
}

// checkVersion checks the schema version of the store at q: a version
// this package knows (exactly its own when it may not migrate), and for
// version 0 no table at all (not another program's database); at its own
// version, the tables and columns it needs.
func checkVersion(ctx context.Context, q querier, exact bool) error {
	v, err := userVersion(ctx, q)
	if err != nil {
		return err
	}
	switch {
	case v > latest():
		return fmt.Errorf("%w: schema version %d, this program knows %d", ErrNewer, v, latest())
	case v == 0:
		var tables int
		if err := q.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master").Scan(&tables); err != nil {
			return err
		}
		if tables > 0 {
			return fmt.Errorf("%w: it holds %d tables and no schema version", ErrSchema, tables)
		}
	}
	if exact && v != latest() {
		return fmt.Errorf("%w: schema version %d, this program reads %d", ErrSchema, v, latest())
	}
	if v == latest() {
		return checkSchema(ctx, q)
	}
	return nil
}

// openReadOnly opens the store without writing to it: with mode=ro, and
// when SQLite cannot set up its shared memory beside the file (a
// read-only folder), as immutable.
func (s *Store) openReadOnly() error {
	if _, err := os.Stat(s.path); err != nil {
		return err
	}
	err := s.connect(dsn(s.path, "ro"), false)
	if err != nil && !isCorrupt(err) {
		if err2 := s.connect(dsn(s.path, "immutable"), false); err2 == nil {
			return nil
		}
	}
	return err
}

// dsn is the driver's name of the database at path, opened in mode "rw",
// "ro" or "immutable". Every connection gets the busy timeout, WAL and
// synchronous=NORMAL (rw), the memory map, and distrusts the schema (a
// crafted file's views and triggers cannot call functions with side
// effects).
func dsn(path, mode string) string {
	q := url.Values{}
	q.Set("_busy_timeout", fmt.Sprint(busyTimeout.Milliseconds()))
	q.Add("_pragma", "trusted_schema(0)")
	q.Add("_pragma", fmt.Sprintf("mmap_size(%d)", mmapBytes))
	switch mode {
	case "rw":
		q.Set("_auto_vacuum", "INCREMENTAL") // takes effect only on a new file
		q.Set("_journal_mode", "WAL")
		q.Set("_synchronous", "NORMAL")
		q.Set("_txlock", "immediate")
	case "ro":
		q.Set("mode", "ro")
	case "immutable":
		q.Set("mode", "ro")
		q.Set("immutable", "1")
	}
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a volume name: file:/C:/...
	}
	u := url.URL{Scheme: "file", OmitHost: true, Path: p, RawQuery: q.Encode()}
	return u.String()
}

// connect opens the database named name, checks it and loads the
// identities; write says whether it may migrate it and delete the
// summaries of other versions (the caller has inspected it), else it is
// checked here. On an error the database is closed.
func (s *Store) connect(name string, write bool) (err error) {
	ctx := context.Background()
	db, err := sql.Open("sqlite", name)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			db.Close()
		}
	}()
	// Each worker of a scan reads through a connection of its own (see
	// readers); idle ones are kept, since opening one reads the schema
	// again.
	n := max(4, runtime.GOMAXPROCS(0))
	db.SetMaxIdleConns(n)
	if write {
		if err := s.setUp(ctx, db); err != nil {
			return err
		}
	} else if err := quickCheck(ctx, db); err != nil {
		return err
	}
	if err := checkVersion(ctx, db, true); err != nil {
		return err
	}
	ids, bad, err := loadIdentities(ctx, db)
	if err != nil {
		return err
	}
	pool := newReaders(db, n)
	r, err := pool.get(ctx) // the statement is sound
	if err != nil {
		return err
	}
	pool.put(r)
	if bad > 0 {
		s.warn(fmt.Sprintf("%d files rows of %s are unreadable (wrong types) and were ignored", bad, s.path))
	}
	s.db, s.readers, s.ids = db, pool, ids
	return nil
}

// quickCheck runs PRAGMA quick_check: a damaged page, a truncated file or
// a file that is not a database fails here, as an error of its own kind
// (isCorrupt) or a report of the damage.
func quickCheck(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, "PRAGMA quick_check(1)")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var msg string
		if err := rows.Scan(&msg); err != nil {
			return err
		}
		if msg != "ok" {
			return &corruptError{msg}
		}
	}
	return rows.Err()
}

// corruptError is the damage PRAGMA quick_check reports.
type corruptError struct{ msg string }

func (e *corruptError) Error() string { return "damaged: " + e.msg }

// setUp brings the store at db to this package's schema and records in
// meta who opened it, in one transaction with the deletion of the
// summaries of other analysis versions.
func (s *Store) setUp(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := checkVersion(ctx, tx, false); err != nil {
		return err
	}
	have, err := userVersion(ctx, tx)
	if err != nil {
		return err
	}
	if err := migrate(ctx, tx, have); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM summaries WHERE version <> ?", s.version); err != nil {
		return err
	}
	meta := [][2]string{{"schema_version", fmt.Sprint(latest())}, {"analysis_version", s.version},
		{"written_by", writtenBy()}}
	for _, kv := range meta {
		if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE value IS NOT excluded.value`, kv[0], kv[1]); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, "INSERT OR IGNORE INTO meta (key, value) VALUES ('created_at', ?)",
		stamp(s.now())); err != nil {
		return err
	}
	return tx.Commit()
}

// loadIdentities reads every row of files into a map by path; rows of the
// wrong types (a crafted store) are counted in bad and left out.
func loadIdentities(ctx context.Context, db *sql.DB) (ids map[string]known, bad int, err error) {
	var n int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM files").Scan(&n); err != nil {
		return nil, 0, err
	}
	ids = make(map[string]known, n)
	rows, err := db.QueryContext(ctx, "SELECT path, size_bytes, mtime_ns, inode, member_crc32, sha256 FROM files")
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var v [6]any
	for rows.Next() {
		if err := rows.Scan(&v[0], &v[1], &v[2], &v[3], &v[4], &v[5]); err != nil {
			return nil, 0, err
		}
		k, ok := knownOf(v)
		if !ok {
			bad++
			continue
		}
		ids[k.id.Path] = k
	}
	return ids, bad, rows.Err()
}

// knownOf converts a files row; ok is false when a value has the wrong
// type or range.
func knownOf(v [6]any) (k known, ok bool) {
	path, ok1 := v[0].(string)
	size, ok2 := v[1].(int64)
	mtime, ok3 := v[2].(int64)
	inode, ok4 := v[3].(int64)
	member, ok5 := v[4].(int64)
	sum, ok6 := v[5].([]byte)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || path == "" || size < 0 || len(sum) != 32 ||
		member < 0 || member > 1<<32-1 {
		return known{}, false
	}
	k.id = Identity{Path: path, Size: size, ModTime: mtime, Inode: uint64(inode), Member: uint32(member)}
	copy(k.sum[:], sum)
	return k, true
}

// moveAside renames the damaged store at path, and its -wal and -shm
// files, to path.corrupt-<UTC stamp> (with -2, -3, ... when taken), unless
// the file at path is no longer the one found damaged (before): another
// run has replaced it, and it is left alone. It returns the new name, ""
// when nothing was moved.
func moveAside(path string, before fs.FileInfo, now time.Time) (string, error) {
	after, err := os.Stat(path)
	if err != nil || before == nil || !os.SameFile(before, after) {
		return "", nil
	}
	base := path + ".corrupt-" + now.UTC().Format("20060102T150405Z")
	dst := base
	for i := 2; ; i++ {
		if _, err := os.Lstat(dst); errors.Is(err, fs.ErrNotExist) {
			break
		}
		dst = fmt.Sprintf("%s-%d", base, i)
	}
	if err := os.Rename(path, dst); err != nil {
		return "", err
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Lstat(path + suffix); err == nil {
			if err := os.Rename(path+suffix, dst+suffix); err != nil {
				return dst, err
			}
		}
	}
	return dst, nil
}

// SQLite's primary result codes that Open tells apart.
const (
	sqlitePerm     = 3
	sqliteReadOnly = 8
	sqliteCorrupt  = 11
	sqliteCantOpen = 14
	sqliteNotADB   = 26
)

// sqliteCode returns the primary result code of an SQLite error in err's
// chain, 0 when there is none.
func sqliteCode(err error) int {
	var e *sqlite.Error
	if errors.As(err, &e) {
		return e.Code() & 0xff
	}
	return 0
}

// isCorrupt reports whether err says the file is damaged or not a
// database.
func isCorrupt(err error) bool {
	var c *corruptError
	if errors.As(err, &c) {
		return true
	}
	switch sqliteCode(err) {
	case sqliteCorrupt, sqliteNotADB:
		return true
	}
	return false
}

// isPermission reports whether err says the store cannot be written (or
// created) where it is.
func isPermission(err error) bool {
	if errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS) {
		return true
	}
	switch sqliteCode(err) {
	case sqlitePerm, sqliteReadOnly, sqliteCantOpen:
		return true
	}
	return false
}

// Program names the program that writes the store, for meta and
// athletes ("bounceback v1.2.3"); when empty, the module version the
// build recorded is used.
var Program string

// writtenBy names the program, for meta and athletes: Program, else its
// version as the build recorded it.
func writtenBy() string {
	if Program != "" {
		return Program
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok || bi.Main.Version == "" {
		return "bounceback"
	}
	return "bounceback " + bi.Main.Version
}

// warn records a warning.
func (s *Store) warn(w string) {
	s.mu.Lock()
	s.warnings = append(s.warnings, w)
	s.mu.Unlock()
}

// Warnings returns what Open had to do ("moved the damaged store aside to
// X; starting anew", "X is read-only: results are not cached"), and, once,
// a lookup that failed on something else than a miss: for the caller to
// show. nil when all went well.
func (s *Store) Warnings() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return append([]string(nil), s.warnings...)
}

// ReadOnly reports whether the store was opened read-only: lookups work,
// Put and WriteHistory do nothing.
func (s *Store) ReadOnly() bool { return s.readOnly }

// Path returns the store's file, an absolute path.
func (s *Store) Path() string { return s.path }

// Close closes the store; SQLite then folds the -wal file into the
// database and removes it.
func (s *Store) Close() error {
	s.readers.close()
	return s.db.Close()
}
