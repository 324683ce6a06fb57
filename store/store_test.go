package store

import (
	"bytes"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bounceback/bounceback/analysis"
)

// newStore opens a new store in a temporary folder with analysis version
// "v1".
func newStore(t testing.TB) *Store {
	t.Helper()
	return reopen(t, filepath.Join(t.TempDir(), "cache", "bounceback.db"), "v1")
}

// reopen opens the store at path and closes it at the end of the test.
func reopen(t testing.TB, path, version string) *Store {
	t.Helper()
	s, err := Open(path, version)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// entry makes the entry of input i: a path, an identity and a blob of its
// own.
func entry(i int) Entry {
	path := fmt.Sprintf("/fit/%05d.fit", i)
	return Entry{
		Identity: Identity{Path: path, Size: int64(1000 + i), ModTime: int64(i) * 1e9, Inode: uint64(100 + i)},
		Sum:      sha256.Sum256([]byte(path)),
		Blob:     []byte("summary of " + path),
	}
}

func entries(n int) []Entry {
	out := make([]Entry, n)
	for i := range out {
		out[i] = entry(i)
	}
	return out
}

// TestLookup: a hit needs the identity equal in every field; BySum finds
// the content under any path.
func TestLookup(t *testing.T) {
	s := newStore(t)
	e := entry(1)
	zip := entry(2)
	zip.Path, zip.Inode, zip.Member = "export.zip/a.fit", 0, 0xdeadbeef
	if err := s.Put([]Entry{e, zip}); err != nil {
		t.Fatal(err)
	}
	changed := func(f func(*Identity)) Identity {
		id := e.Identity
		f(&id)
		return id
	}
	for _, tt := range []struct {
		name string
		id   Identity
		hit  bool
	}{
		{"same", e.Identity, true},
		{"zip member", zip.Identity, true},
		{"size", changed(func(id *Identity) { id.Size++ }), false},
		{"mtime", changed(func(id *Identity) { id.ModTime++ }), false},
		{"inode", changed(func(id *Identity) { id.Inode = 0 }), false},
		{"member", changed(func(id *Identity) { id.Member = 1 }), false},
		{"path", changed(func(id *Identity) { id.Path += "x" }), false},
		{"zip member crc", func() Identity { id := zip.Identity; id.Member++; return id }(), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sum, blob, ok := s.Lookup(tt.id)
			if ok != tt.hit {
				t.Fatalf("Lookup: ok = %v, want %v", ok, tt.hit)
			}
			if !ok {
				if sum != [32]byte{} || blob != nil {
					t.Errorf("a miss returned %x, %q", sum, blob)
				}
				return
			}
			want := e
			if tt.id.Path == zip.Path {
				want = zip
			}
			if sum != want.Sum || !bytes.Equal(blob, want.Blob) {
				t.Errorf("Lookup = %x, %q; want %x, %q", sum, blob, want.Sum, want.Blob)
			}
		})
	}
	blob, ok := s.BySum(e.Sum)
	if !ok || !bytes.Equal(blob, e.Blob) {
		t.Errorf("BySum = %q, %v; want %q", blob, ok, e.Blob)
	}
	if _, ok := s.BySum(sha256.Sum256([]byte("nothing"))); ok {
		t.Error("BySum of an unknown sum: ok")
	}
}

// TestOddPath: a store whose path holds characters a URI escapes.
func TestOddPath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a b?c#d%41e&f=g", "bounceback.db")
	s := reopen(t, path, "v1")
	if err := s.Put(entries(1)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, path, "v1")
	if _, _, ok := s.Lookup(entry(0).Identity); !ok {
		t.Error("the entry is not found after reopening")
	}
}

// TestPutRemap: a nil Blob maps a new identity (a moved file) to a stored
// sum; a Put replaces what a path had.
func TestPutRemap(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	s := reopen(t, path, "v1")
	e := entry(1)
	if err := s.Put([]Entry{e}); err != nil {
		t.Fatal(err)
	}
	moved := Entry{Identity: e.Identity, Sum: e.Sum}
	moved.Path = "/elsewhere/a.fit"
	if err := s.Put([]Entry{moved}); err != nil {
		t.Fatal(err)
	}
	edited := entry(2)
	edited.Identity = e.Identity
	edited.Size++
	if err := s.Put([]Entry{edited}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = reopen(t, path, "v1")
	if _, blob, ok := s.Lookup(moved.Identity); !ok || !bytes.Equal(blob, e.Blob) {
		t.Errorf("the moved file: %q, %v; want %q", blob, ok, e.Blob)
	}
	if _, _, ok := s.Lookup(e.Identity); ok {
		t.Error("the path's old identity still hits after it was replaced")
	}
	if sum, blob, ok := s.Lookup(edited.Identity); !ok || sum != edited.Sum || !bytes.Equal(blob, edited.Blob) {
		t.Errorf("the edited file: %x %q %v", sum, blob, ok)
	}
}

// TestPutAtomic: a Put that fails midway (an entry the schema refuses,
// after others were inserted) records none of its entries.
func TestPutAtomic(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	s := reopen(t, path, "v1")
	if err := s.Put(entries(3)); err != nil {
		t.Fatal(err)
	}
	batch := entries(10)[3:]
	batch[len(batch)-1].Size = -1
	if err := s.Put(batch); err == nil {
		t.Fatal("Put of a negative size: no error")
	}
	for _, e := range batch {
		if _, _, ok := s.Lookup(e.Identity); ok {
			t.Errorf("%s: recorded by the failed Put", e.Path)
		}
		if _, ok := s.BySum(e.Sum); ok {
			t.Errorf("%s: blob stored by the failed Put", e.Path)
		}
	}
	s.Close()
	s = reopen(t, path, "v1")
	info, err := s.Info()
	if err != nil {
		t.Fatal(err)
	}
	if info.Files != 3 || info.Summaries["v1"] != 3 {
		t.Errorf("after the failed Put: %d files, %v summaries; want 3 and 3", info.Files, info.Summaries)
	}
}

// TestVersion: summaries of another analysis version are deleted at Open;
// the identities stay (their hash does not depend on the version).
func TestVersion(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	s := reopen(t, path, "v1")
	e := entry(1)
	if err := s.Put([]Entry{e}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = reopen(t, path, "v2")
	if _, _, ok := s.Lookup(e.Identity); ok {
		t.Error("Lookup under v2 found the v1 summary")
	}
	if _, ok := s.BySum(e.Sum); ok {
		t.Error("BySum under v2 found the v1 summary")
	}
	info, err := s.Info()
	if err != nil {
		t.Fatal(err)
	}
	if info.Files != 1 || len(info.Summaries) != 0 || info.BlobBytes != 0 || info.Version != "v2" {
		t.Errorf("Info under v2 = %+v; want 1 file, no summary", info)
	}
}

// TestInfo: the counts, the sizes and the schema version.
func TestInfo(t *testing.T) {
	s := newStore(t)
	es := entries(20)
	if err := s.Put(es); err != nil {
		t.Fatal(err)
	}
	info, err := s.Info()
	if err != nil {
		t.Fatal(err)
	}
	var blobBytes int64
	for _, e := range es {
		blobBytes += int64(len(e.Blob))
	}
	if info.Files != 20 || info.Summaries["v1"] != 20 || info.BlobBytes != blobBytes ||
		info.SchemaVersion != SchemaVersion || info.Path != s.Path() || info.FileBytes < blobBytes || info.ReadOnly {
		t.Errorf("Info = %+v", info)
	}
}

// TestPrune: the identities of gone files go, then the summaries nobody
// refers to; a summary still referred to by another path stays.
func TestPrune(t *testing.T) {
	s := newStore(t)
	es := entries(6)
	copied := Entry{Identity: es[0].Identity, Sum: es[0].Sum}
	copied.Path = "/copy/of/0.fit"
	if err := s.Put(append(es, copied)); err != nil {
		t.Fatal(err)
	}
	gone := map[string]bool{es[0].Path: true, es[1].Path: true, es[2].Path: true}
	files, summaries, err := s.Prune(func(p string) bool { return gone[p] })
	if err != nil {
		t.Fatal(err)
	}
	if files != 3 || summaries != 2 {
		t.Errorf("Prune = %d files, %d summaries; want 3 and 2", files, summaries)
	}
	if _, _, ok := s.Lookup(es[1].Identity); ok {
		t.Error("a pruned identity still hits")
	}
	if _, _, ok := s.Lookup(copied.Identity); !ok {
		t.Error("the copy's summary was pruned with the original's path")
	}
	info, _ := s.Info()
	if info.Files != 4 || info.Summaries["v1"] != 4 {
		t.Errorf("after Prune: %+v", info)
	}
}

// TestClear: nothing is left of the cache or the history; the store works
// on.
func TestClear(t *testing.T) {
	s := newStore(t)
	if err := s.Put(entries(5)); err != nil {
		t.Fatal(err)
	}
	if err := s.Clear(); err != nil {
		t.Fatal(err)
	}
	info, _ := s.Info()
	if info.Files != 0 || len(info.Summaries) != 0 || len(info.Athletes) != 0 {
		t.Errorf("after Clear: %+v", info)
	}
	if _, _, ok := s.Lookup(entry(1).Identity); ok {
		t.Error("a lookup hits after Clear")
	}
	if err := s.Put(entries(2)); err != nil {
		t.Fatal(err)
	}
	if _, _, ok := s.Lookup(entry(1).Identity); !ok {
		t.Error("a Put after Clear is not found")
	}
}

// TestConcurrentLookups: lookups from many goroutines while a Put runs
// (run it with -race).
func TestConcurrentLookups(t *testing.T) {
	s := newStore(t)
	es := entries(50)
	if err := s.Put(es[:25]); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 9)
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				e := es[(i+w)%25]
				if _, blob, ok := s.Lookup(e.Identity); !ok || !bytes.Equal(blob, e.Blob) {
					errs <- fmt.Errorf("%s: %q %v", e.Path, blob, ok)
					return
				}
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := s.Put(es[25:]); err != nil {
			errs <- err
		}
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestConcurrentStores: two Stores on one file (two runs) writing at once
// from goroutines, entries and histories: no error, no row lost.
func TestConcurrentStores(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.db")
	a, b := reopen(t, path, "v1"), reopen(t, path, "v1")
	const writers, perWriter, batches, days = 4, 20, 4, 30
	var wg sync.WaitGroup
	errs := make(chan error, writers*(batches+1))
	for w, s := range []*Store{a, b, a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range batches {
				var batch []Entry
				for i := range perWriter / batches {
					batch = append(batch, entry(w*perWriter+k*perWriter/batches+i))
				}
				if err := s.Put(batch); err != nil {
					errs <- err
				}
			}
			if err := s.WriteHistory(fmt.Sprint("athlete ", w), dayBlock(days)); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	c := reopen(t, path, "v1")
	for i := range writers * perWriter {
		if _, _, ok := c.Lookup(entry(i).Identity); !ok {
			t.Errorf("%s: lost", entry(i).Path)
		}
	}
	info, _ := c.Info()
	if info.Files != writers*perWriter || len(info.Athletes) != writers {
		t.Errorf("%d files, athletes %q; want %d and %d", info.Files, info.Athletes, writers*perWriter, writers)
	}
	var n int
	if err := c.db.QueryRow("SELECT count(*) FROM days").Scan(&n); err != nil || n != writers*days {
		t.Errorf("%d days (%v), want %d", n, err, writers*days)
	}
}

// dayBlock is a block of n days of the load model and nothing else.
func dayBlock(n int) *analysis.Block {
	b := &analysis.Block{Readiness: &analysis.Readiness{LoadMetric: analysis.LoadTRIMP, Score: math.NaN()}}
	first := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		b.Days = append(b.Days, analysis.Day{Date: first.AddDate(0, 0, i), Load: float64(10 * i), CTL: math.NaN()})
	}
	b.Readiness.Date = b.Days[n-1].Date
	return b
}

// TestCorrupt: a file that is not a store, or a damaged one, is moved
// aside untouched and a new store made in its place.
func TestCorrupt(t *testing.T) {
	good := filepath.Join(t.TempDir(), "good.db")
	s := reopen(t, good, "v1")
	if err := s.Put(entries(200)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	whole, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	if len(whole) < 64<<10 {
		t.Fatalf("the real store is only %d bytes", len(whole))
	}
	garbage := make([]byte, 64<<10)
	for i := range garbage {
		garbage[i] = byte(i*7 + i>>8)
	}
	damaged := slices.Clone(whole)
	for i := 8192; i < len(damaged)-4096; i += 4096 { // every b-tree page but the first two
		copy(damaged[i:i+64], garbage)
	}
	for _, tt := range []struct {
		name string
		data []byte
	}{
		{"garbage", garbage},
		{"text", []byte("[profile]\nhr_max = 190\n")},
		{"truncated", whole[:len(whole)/3]},
		{"header only", whole[:100]},
		{"damaged pages", damaged},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "bounceback.db")
			if err := os.WriteFile(path, tt.data, 0o600); err != nil {
				t.Fatal(err)
			}
			now := time.Date(2026, 11, 2, 7, 30, 0, 0, time.UTC)
			s, err := open(path, "v1", options{now: func() time.Time { return now }})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			aside := path + ".corrupt-20261102T073000Z"
			if w := s.Warnings(); len(w) != 1 || !strings.Contains(w[0], "moved the damaged store aside to "+aside) {
				t.Errorf("Warnings = %q", w)
			}
			kept, err := os.ReadFile(aside)
			if err != nil || !bytes.Equal(kept, tt.data) {
				t.Errorf("the damaged file was not kept as it was at %s: %v", aside, err)
			}
			if err := s.Put(entries(2)); err != nil {
				t.Fatal(err)
			}
			if _, _, ok := s.Lookup(entry(1).Identity); !ok {
				t.Error("the new store does not work")
			}
		})
	}
	t.Run("twice", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "bounceback.db")
		now := func() time.Time { return time.Date(2026, 11, 2, 7, 30, 0, 0, time.UTC) }
		for range 2 {
			if err := os.WriteFile(path, garbage, 0o600); err != nil {
				t.Fatal(err)
			}
			s, err := open(path, "v1", options{now: now})
			if err != nil {
				t.Fatal(err)
			}
			s.Close()
		}
		for _, name := range []string{"bounceback.db.corrupt-20261102T073000Z", "bounceback.db.corrupt-20261102T073000Z-2"} {
			if _, err := os.Stat(filepath.Join(filepath.Dir(path), name)); err != nil {
				t.Error(err)
			}
		}
	})
	t.Run("empty", func(t *testing.T) {
		// An empty file is an empty SQLite database: a new store.
		path := filepath.Join(t.TempDir(), "bounceback.db")
		if err := os.WriteFile(path, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		s := reopen(t, path, "v1")
		if w := s.Warnings(); len(w) != 0 {
			t.Errorf("Warnings = %q", w)
		}
	})
}

// TestMigrations: the steps lead to SchemaVersion; a store of an older
// version gets the steps it lacks at Open, in one transaction, its rows
// kept; a step that fails leaves it at its version, with an error.
func TestMigrations(t *testing.T) {
	if latest() != SchemaVersion {
		t.Fatalf("%d migration steps, SchemaVersion %d", latest(), SchemaVersion)
	}
	path := filepath.Join(t.TempDir(), "s.db")
	s := reopen(t, path, "v1")
	if err := s.Put(entries(3)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	orig := migrations
	t.Cleanup(func() { migrations = orig })
	state := func() (version, extra int) {
		t.Helper()
		db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := db.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRow("SELECT count(*) FROM sqlite_master WHERE name = 'extra'").Scan(&extra); err != nil {
			t.Fatal(err)
		}
		return version, extra
	}

	migrations = append(slices.Clone(orig), "CREATE TABLE extra (a INTEGER); INSERT INTO nowhere VALUES (1)")
	if s, err := Open(path, "v1"); err == nil {
		s.Close()
		t.Fatal("Open with a failing step: no error")
	}
	if v, extra := state(); v != SchemaVersion || extra != 0 {
		t.Errorf("after the failing step: version %d, table extra %d; want %d and none", v, extra, SchemaVersion)
	}

	migrations = append(slices.Clone(orig), "CREATE TABLE extra (a INTEGER)")
	s = reopen(t, path, "v1")
	if _, _, ok := s.Lookup(entry(2).Identity); !ok {
		t.Error("an entry was lost by the migration")
	}
	s.Close()
	if v, extra := state(); v != SchemaVersion+1 || extra != 1 {
		t.Errorf("after the step: version %d, table extra %d; want %d and 1", v, extra, SchemaVersion+1)
	}
}

// TestNotAStore: an SQLite database of another program, or of a newer
// schema, is left alone with an error.
func TestNotAStore(t *testing.T) {
	for _, tt := range []struct {
		name string
		sql  string
		want error
	}{
		{"other program", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)", ErrSchema},
		{"newer schema", fmt.Sprintf("PRAGMA user_version = %d", SchemaVersion+1), ErrNewer},
		{"missing column", migrations[0] + "; ALTER TABLE files DROP COLUMN inode; PRAGMA user_version = 1", ErrSchema},
		{"missing table", migrations[0] + "; DROP TABLE daily; PRAGMA user_version = 1", ErrSchema},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "other.db")
			craft(t, path, tt.sql)
			before, _ := os.ReadFile(path)
			s, err := Open(path, "v1")
			if err == nil {
				s.Close()
				t.Fatal("Open: no error")
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("Open: %v, want %v", err, tt.want)
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
				t.Error("Open changed the file")
			}
		})
	}
}

// craft makes an SQLite database at path with the statements q, as
// another program would.
func craft(t *testing.T, path, q string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(q); err != nil {
		t.Fatal(err)
	}
}

// TestHostile: a store of the right schema with rows of the wrong types
// and blobs of any bytes: no panic; the unreadable identities are left
// out with a warning, the blobs come back as they are.
func TestHostile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hostile.db")
	sum := sha256.Sum256([]byte("a"))
	noise := []byte{0, 0xff, 0xfe, 'x', 0, 1}
	craft(t, path, migrations[0]+fmt.Sprintf(`;
		PRAGMA user_version = 1;
		INSERT INTO files VALUES ('/a.fit', 10, 20, 30, 0, X'%x', 'now');
		INSERT INTO files VALUES ('/b.fit', 'ten', 20, 30, 0, X'%x', 'now');
		INSERT INTO files VALUES ('/c.fit', 10, 2.5, 30, 0, X'%x', 'now');
		INSERT INTO summaries VALUES (X'%x', 'v1', X'%x', 'now');
		INSERT INTO summaries VALUES (X'%x', 'v1', 12345, 'now');
		INSERT INTO summaries VALUES (X'%x', 'v1', 'text', 'now');
	`, sum, sum, sum, sum, noise, sha256.Sum256([]byte("int")), sha256.Sum256([]byte("text"))))
	s := reopen(t, path, "v1")
	if w := s.Warnings(); len(w) != 1 || !strings.Contains(w[0], "2 files rows") {
		t.Errorf("Warnings = %q", w)
	}
	if _, blob, ok := s.Lookup(Identity{Path: "/a.fit", Size: 10, ModTime: 20, Inode: 30}); !ok || !bytes.Equal(blob, noise) {
		t.Errorf("Lookup = %q, %v; want %q", blob, ok, noise)
	}
	if _, _, ok := s.Lookup(Identity{Path: "/b.fit", Size: 10, ModTime: 20, Inode: 30}); ok {
		t.Error("a row with a text size hits")
	}
	for _, tt := range []struct{ key, want string }{{"int", "12345"}, {"text", "text"}} {
		if blob, ok := s.BySum(sha256.Sum256([]byte(tt.key))); !ok || string(blob) != tt.want {
			t.Errorf("BySum of a %s blob = %q, %v", tt.key, blob, ok)
		}
	}
	if _, err := s.Info(); err != nil {
		t.Errorf("Info: %v", err)
	}
}

// TestReadOnly: a store that cannot be written is opened read-only, with
// one warning: lookups work, Put and WriteHistory do nothing.
func TestReadOnly(t *testing.T) {
	setUp := func(t *testing.T) (string, Entry) {
		path := filepath.Join(t.TempDir(), "ro", "bounceback.db")
		s, err := Open(path, "v1")
		if err != nil {
			t.Fatal(err)
		}
		e := entry(1)
		if err := s.Put([]Entry{e}); err != nil {
			t.Fatal(err)
		}
		s.Close()
		return path, e
	}
	check := func(t *testing.T, s *Store, e Entry) {
		t.Helper()
		if !s.ReadOnly() {
			t.Fatal("ReadOnly() = false")
		}
		if w := s.Warnings(); len(w) != 1 || !strings.Contains(w[0], "read-only: results are not cached") {
			t.Errorf("Warnings = %q", w)
		}
		if _, blob, ok := s.Lookup(e.Identity); !ok || !bytes.Equal(blob, e.Blob) {
			t.Errorf("Lookup = %q, %v", blob, ok)
		}
		if err := s.Put(entries(3)); err != nil {
			t.Errorf("Put: %v", err)
		}
		if _, _, ok := s.Lookup(entry(2).Identity); ok {
			t.Error("Put on a read-only store recorded an entry")
		}
		if err := s.WriteHistory("", nil); err != nil {
			t.Errorf("WriteHistory: %v", err)
		}
		if _, _, err := s.Prune(func(string) bool { return true }); !errors.Is(err, ErrReadOnly) {
			t.Errorf("Prune: %v, want ErrReadOnly", err)
		}
		if err := s.Clear(); !errors.Is(err, ErrReadOnly) {
			t.Errorf("Clear: %v, want ErrReadOnly", err)
		}
	}
	t.Run("simulated", func(t *testing.T) {
		// What a permission error does, whoever runs the test.
		path, e := setUp(t)
		s, err := open(path, "v1", options{failWrite: &os.PathError{Op: "open", Path: path, Err: os.ErrPermission}})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		check(t, s, e)
	})
	t.Run("file mode", func(t *testing.T) {
		skipRoot(t)
		path, e := setUp(t)
		if err := os.Chmod(path, 0o400); err != nil {
			t.Fatal(err)
		}
		s := reopen(t, path, "v1")
		check(t, s, e)
	})
	t.Run("folder mode", func(t *testing.T) {
		skipRoot(t)
		path, e := setUp(t)
		dir := filepath.Dir(path)
		if err := os.Chmod(dir, 0o500); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o700) })
		s := reopen(t, path, "v1")
		check(t, s, e)
	})
	t.Run("no store", func(t *testing.T) {
		// Nothing to open, and nowhere to make it: an error.
		file := filepath.Join(t.TempDir(), "file")
		if err := os.WriteFile(file, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		if s, err := Open(filepath.Join(file, "bounceback.db"), "v1"); err == nil {
			s.Close()
			t.Error("Open under a file: no error")
		}
	})
}

// skipRoot skips a test of file modes when it runs as root, whom they do
// not stop (CI runs as root).
func skipRoot(t *testing.T) {
	t.Helper()
	if os.Geteuid() == 0 {
		t.Skip("running as root, who may write whatever the file mode says; the simulated case covers this")
	}
}
