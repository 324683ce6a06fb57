package fitparse

import (
	"context"
	"crypto/sha256"
	"errors"
	"hash"
	"io"
	"io/fs"
	"time"
)

// A Cache lets [ScanCached] reuse what it made of an input on an earlier
// run instead of reading and decoding the input again. Its methods are
// called on Scan's worker goroutines, concurrently.
//
// Scan asks Lookup before it reads an input, with the input's identity: a
// hit is used as it is, and the input is not opened. On a miss Scan reads
// the input (inflates it, for a .gz file or an archive member) and asks
// LookupSum with the SHA-256 of the bytes it would decode, which finds an
// input whose identity changed but whose contents did not (a file moved,
// copied or touched). On a miss again it decodes the bytes, calls fn and
// hands the result to Store, unless the input failed, or its decoding was
// cut short by its time budget or by the context: only what depends on
// the bytes alone is stored. Scan also calls Store after a LookupSum hit,
// so that the input's new identity is recorded.
//
// A hit's value must be what fn would return for the input under the path
// in the InputID (the same contents may have been stored under another
// path). JSON files of Garmin's account export are looked up by identity
// only.
type Cache[T any] interface {
	Lookup(id InputID) (v T, m ScanMeta, ok bool)
	LookupSum(id InputID, sum [32]byte) (v T, m ScanMeta, ok bool)
	Store(id InputID, sum [32]byte, m ScanMeta, v T)
}

// InputID is what identifies an input without reading it.
type InputID struct {
	// Path names the input as File.Path does ("a.fit",
	// "export.zip/inner.zip/a.fit").
	Path string
	// Size is the file's size on disk, or an archive member's size once
	// inflated, in bytes.
	Size int64
	// ModTime is the modification time, Unix nanoseconds (an archive
	// member's as its archive records it).
	ModTime int64
	// Inode is the file's inode number where the system has one; 0 for
	// an archive member.
	Inode uint64
	// Member is an archive member's CRC-32 from the archive's directory;
	// 0 for a file on disk.
	Member uint32
}

// ScanMeta is what Scan keeps of an input besides fn's result, to order
// the results and to tell copies apart: a Cache stores it with the
// result.
type ScanMeta struct {
	// Size is File.Size; CRC the CRC-32C of the bytes decoded.
	Size int64
	CRC  uint32
	// Status and ID are File.Status and File.ID.
	Status Status
	ID     FileID
	// Start is the input's start: its first session's, else its
	// file_id's time created, else its first record's.
	Start time.Time
}

// ScanCached is [Scan] with a cache of the results of earlier runs (see
// [Cache]); a nil cache makes it Scan. The results, their order and the
// copies found are the same as Scan's as long as the cache returns what
// fn returned.
func ScanCached[T any](ctx context.Context, paths []string, opts ScanOptions, fn func(*File) T, cache Cache[T]) ([]T, error) {
	return scanWith(ctx, paths, opts, fn, DecodeContext, cache)
}

// fileID returns the identity of a file on disk from its os.FileInfo.
func fileID(p string, info fs.FileInfo) *InputID {
	return &InputID{Path: p, Size: info.Size(), ModTime: info.ModTime().UnixNano(), Inode: inode(info)}
}

// cacheable reports whether f is a result a cache may keep: one that the
// input's bytes alone decide.
func cacheable(ctx context.Context, f *File) bool {
	if ctx.Err() != nil || f.Status == Failed || f.Status == Skipped {
		return false
	}
	if errors.Is(f.Err, ErrTimeout) {
		return false
	}
	for _, w := range f.Warnings {
		if errors.Is(w, ErrTimeout) {
			return false
		}
	}
	return true
}

// hashingReader is r, keeping the SHA-256 of what was read.
type hashingReader struct {
	r io.Reader
	h hash.Hash
}

func newHashingReader(r io.Reader) *hashingReader { return &hashingReader{r, sha256.New()} }

func (h *hashingReader) Read(p []byte) (int, error) {
	n, err := h.r.Read(p)
	h.h.Write(p[:n])
	return n, err
}

func (h *hashingReader) sum() (s [32]byte) {
	h.h.Sum(s[:0])
	return s
}
