package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"slices"
)

// Identity is what says, without reading it, that an input is the one the
// store saw: all of it must be equal.
type Identity struct {
	// Path is the input's path as the program names it (an archive
	// member: "archive.zip/member.fit").
	Path string
	// Size is its length in bytes, ModTime its modification time in Unix
	// nanoseconds.
	Size    int64
	ModTime int64
	// Inode is its inode number, 0 when unknown.
	Inode uint64
	// Member is an archive member's CRC-32 from the zip directory; 0 for a
	// file on disk.
	Member uint32
}

// Entry is one input to record: its identity and the SHA-256 of its bytes,
// with the summary blob of that content under the store's analysis
// version. A nil (or empty) Blob only maps the identity to Sum (a file
// whose content the store already holds, moved or copied).
type Entry struct {
	Identity
	Sum  [32]byte
	Blob []byte
}

// Lookup returns the content hash and the summary blob stored for an
// input whose identity equals id exactly (path, size, modification time,
// inode and member CRC): the fast check, which reads no file. ok is false,
// and sum and blob zero, when the identity is unknown or differs, or the
// store holds no summary of its content under its analysis version.
// Lookup sees the identities the store held at Open and those Put has
// recorded since.
func (s *Store) Lookup(id Identity) (sum [32]byte, blob []byte, ok bool) {
	s.mu.RLock()
	k, found := s.ids[id.Path]
	s.mu.RUnlock()
	if !found || k.id != id {
		return sum, nil, false
	}
	if blob, ok = s.BySum(k.sum); !ok {
		return sum, nil, false
	}
	return k.sum, blob, true
}

// BySum returns the summary blob stored for the content hash sum (the
// SHA-256 of the bytes decoded) under the store's analysis version: the
// truth, so that a moved or copied file is a hit. The blob is returned as
// stored, whatever its bytes; the caller validates it. ok is false when
// there is none (or it is empty), and when the store cannot be read: the
// first such failure is added to Warnings.
func (s *Store) BySum(sum [32]byte) (blob []byte, ok bool) {
	ctx := context.Background()
	r, err := s.readers.get(ctx)
	if err == nil {
		blob, ok, err = r.blob(ctx, sum[:], s.version)
		s.readers.put(r)
	}
	if err != nil {
		s.readFailed(err)
		return nil, false
	}
	return blob, ok && len(blob) > 0
}

// readFailed adds the first failed read to the warnings.
func (s *Store) readFailed(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.readErr {
		s.readErr = true
		s.warnings = append(s.warnings, fmt.Sprintf("reading %s failed (%v): those inputs are decoded anew", s.path, err))
	}
}

// Put records entries in one transaction: each identity mapped to its Sum
// (replacing what the path had), and each non-empty Blob stored under the
// store's analysis version. On an error nothing is recorded. Put is meant
// to be called once, at the end of a run, by one writer; on a read-only
// store it does nothing and returns nil.
func (s *Store) Put(entries []Entry) error {
	if s.readOnly || len(entries) == 0 {
		return nil
	}
	ctx := context.Background()
	if err := s.put(ctx, entries); err != nil {
		return fmt.Errorf("store: %s: %w", s.path, err)
	}
	s.readers.refresh(ctx)
	s.mu.Lock()
	for _, e := range entries {
		s.ids[e.Path] = known{e.Identity, e.Sum}
	}
	s.mu.Unlock()
	return nil
}

func (s *Store) put(ctx context.Context, entries []Entry) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	files, err := tx.PrepareContext(ctx, `INSERT INTO files (path, size_bytes, mtime_ns, inode, member_crc32, sha256, stored_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (path) DO UPDATE SET size_bytes = excluded.size_bytes, mtime_ns = excluded.mtime_ns,
			inode = excluded.inode, member_crc32 = excluded.member_crc32, sha256 = excluded.sha256,
			stored_at = excluded.stored_at`)
	if err != nil {
		return err
	}
	defer files.Close()
	sums, err := tx.PrepareContext(ctx, `INSERT INTO summaries (sha256, version, data, stored_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (sha256, version) DO UPDATE SET data = excluded.data, stored_at = excluded.stored_at`)
	if err != nil {
		return err
	}
	defer sums.Close()
	now := stamp(s.now())
	for _, e := range entries {
		if len(e.Blob) > 0 {
			if _, err := sums.ExecContext(ctx, e.Sum[:], s.version, e.Blob, now); err != nil {
				return fmt.Errorf("%s: %w", e.Path, err)
			}
		}
		// SQLite's integers are signed: an inode past 2^63 is stored as
		// its two's complement, and read back as it was.
		if _, err := files.ExecContext(ctx, e.Path, e.Size, e.ModTime, int64(e.Inode), int64(e.Member),
			e.Sum[:], now); err != nil {
			return fmt.Errorf("%s: %w", e.Path, err)
		}
	}
	return tx.Commit()
}

// Info is what a store holds.
type Info struct {
	// Path is the database file; SchemaVersion its schema version;
	// Version the analysis version it was opened with; ReadOnly whether
	// it was opened read-only.
	Path          string
	SchemaVersion int
	Version       string
	ReadOnly      bool
	// Files counts the identities known, Summaries the summaries stored
	// by analysis version, BlobBytes the bytes of all their blobs.
	Files     int
	Summaries map[string]int
	BlobBytes int64
	// Athletes lists the athletes with a history, by name.
	Athletes []string
	// FileBytes is the size of the database file and its -wal file.
	FileBytes int64
}

// Info returns what the store holds: files known, summaries by analysis
// version and the bytes of their blobs, the athletes with a history, the
// database's size on disk (with its -wal file), its schema version and
// path.
func (s *Store) Info() (Info, error) {
	ctx := context.Background()
	in := Info{Path: s.path, Version: s.version, ReadOnly: s.readOnly, Summaries: map[string]int{}}
	var err error
	if in.SchemaVersion, err = userVersion(ctx, s.db); err != nil {
		return in, fmt.Errorf("store: %s: %w", s.path, err)
	}
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM files").Scan(&in.Files); err != nil {
		return in, fmt.Errorf("store: %s: %w", s.path, err)
	}
	if err := s.summaryInfo(ctx, &in); err != nil {
		return in, fmt.Errorf("store: %s: %w", s.path, err)
	}
	if in.Athletes, err = s.athletes(ctx); err != nil {
		return in, fmt.Errorf("store: %s: %w", s.path, err)
	}
	for _, p := range []string{s.path, s.path + "-wal"} {
		if fi, err := os.Stat(p); err == nil {
			in.FileBytes += fi.Size()
		}
	}
	return in, nil
}

// summaryInfo counts the summaries by version and their bytes.
func (s *Store) summaryInfo(ctx context.Context, in *Info) error {
	rows, err := s.db.QueryContext(ctx, "SELECT version, count(*), coalesce(sum(length(data)), 0) FROM summaries GROUP BY version")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var v string
		var n int
		var bytes int64
		if err := rows.Scan(&v, &n, &bytes); err != nil {
			return err
		}
		in.Summaries[v] += n
		in.BlobBytes += bytes
	}
	return rows.Err()
}

// athletes returns the athletes with a history.
func (s *Store) athletes(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT athlete FROM athletes ORDER BY athlete")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Prune drops the identities whose file is gone (gone(path) reports true)
// and then the summaries no identity refers to, of any analysis version,
// in one transaction, and returns how many of each it dropped. gone is
// called once per identity, before the transaction starts. On a read-only
// store it returns ErrReadOnly.
func (s *Store) Prune(gone func(path string) bool) (files, summaries int, err error) {
	if s.readOnly {
		return 0, 0, fmt.Errorf("store: %s: %w", s.path, ErrReadOnly)
	}
	ctx := context.Background()
	paths, err := s.paths(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("store: %s: %w", s.path, err)
	}
	var drop []string
	for _, p := range paths {
		if gone(p) {
			drop = append(drop, p)
		}
	}
	if files, summaries, err = s.prune(ctx, drop); err != nil {
		return 0, 0, fmt.Errorf("store: %s: %w", s.path, err)
	}
	s.readers.refresh(ctx)
	s.mu.Lock()
	for _, p := range drop {
		delete(s.ids, p)
	}
	s.mu.Unlock()
	s.vacuum(ctx)
	return files, summaries, nil
}

// paths returns the paths of every identity in the database (another run
// may have added some since Open).
func (s *Store) paths(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT path FROM files")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var p sql.NullString
		if err := rows.Scan(&p); err != nil {
			return nil, err
		}
		out = append(out, p.String)
	}
	return out, rows.Err()
}

func (s *Store) prune(ctx context.Context, drop []string) (files, summaries int, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, 0, err
	}
	defer tx.Rollback()
	del, err := tx.PrepareContext(ctx, "DELETE FROM files WHERE path = ?")
	if err != nil {
		return 0, 0, err
	}
	defer del.Close()
	for _, p := range drop {
		r, err := del.ExecContext(ctx, p)
		if err != nil {
			return 0, 0, err
		}
		n, _ := r.RowsAffected()
		files += int(n)
	}
	r, err := tx.ExecContext(ctx, "DELETE FROM summaries WHERE sha256 NOT IN (SELECT sha256 FROM files)")
	if err != nil {
		return 0, 0, err
	}
	n, _ := r.RowsAffected()
	return files, int(n), tx.Commit()
}

// Clear empties the cache and the history tables in one transaction
// (meta is kept). On a read-only store it returns ErrReadOnly.
func (s *Store) Clear() error {
	if s.readOnly {
		return fmt.Errorf("store: %s: %w", s.path, ErrReadOnly)
	}
	ctx := context.Background()
	if err := s.clear(ctx); err != nil {
		return fmt.Errorf("store: %s: %w", s.path, err)
	}
	s.readers.refresh(ctx)
	s.mu.Lock()
	clear(s.ids)
	s.mu.Unlock()
	s.vacuum(ctx)
	return nil
}

func (s *Store) clear(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, t := range slices.Concat(cacheTables, historyTableNames) {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+t); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// vacuum gives the pages freed back to the file system, as far as the
// store's auto_vacuum allows (a store made by this package: all of them).
// It is best effort: another run reading the store may hold the pages, and
// the space is then reused by the next writes instead.
func (s *Store) vacuum(ctx context.Context) {
	s.db.ExecContext(ctx, "PRAGMA incremental_vacuum")
	s.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
}
