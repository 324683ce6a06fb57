package fitparse

import (
	"archive/zip"
	"cmp"
	"fmt"
	"slices"
	"sync/atomic"

	"github.com/bounceback/bounceback/internal/safeio"
)

// checkEntries returns an error naming p, the path of archive zr, when two
// of its entries share bytes: they start at the same offset (an entry
// repeated in the central directory) or one starts inside another. A zip
// writer never does that; a hostile archive does it so that a few KB list
// the same member thousands of times, and a stored zip nested in it lists
// them again, to 10^8 members. Such an archive is refused whole.
func checkEntries(p string, zr *zip.Reader) error {
	type span struct {
		start, end int64
		name       string
	}
	spans := make([]span, 0, len(zr.File))
	for _, f := range zr.File {
		off, err := f.DataOffset()
		if err != nil {
			continue // reading the member reports it
		}
		spans = append(spans, span{off, off + int64(min(f.CompressedSize64, 1<<62)), f.Name})
	}
	slices.SortFunc(spans, func(a, b span) int {
		return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end))
	})
	for i := 1; i < len(spans); i++ {
		prev, cur := spans[i-1], spans[i]
		if cur.start == prev.start || cur.start < prev.end {
			return fmt.Errorf("%s: %w", p, errorf(ErrCorrupt,
				"zip entries %q and %q share the bytes at offset %d: the archive is refused", prev.name, cur.name, cur.start))
		}
		// Keep the entry that ends last as the one to compare with.
		if prev.end > cur.end {
			spans[i] = prev
		}
	}
	return nil
}

// archiveInput is what Scan read from one zip archive on disk, the zips
// nested in it included, for the caps ScanOptions.MaxArchiveMembers and
// MaxArchiveBytes.
type archiveInput struct {
	path string
	// members counts the members read; full is set once a cap was
	// reached (why says which) and rest counts the members left unread.
	// The dispatching goroutine alone uses them.
	members int
	full    bool
	why     string
	rest    int
	// bytes counts what the members inflate to: their declared sizes, or
	// what a .gz member inflated to (added by its worker).
	bytes atomic.Int64
}

// stopped reports whether member f, and every member after it, is past a
// cap.
func (in *archiveInput) stopped(opts ScanOptions, f *zip.File) bool {
	if in.full {
		return true
	}
	switch {
	case in.members >= opts.MaxArchiveMembers:
		in.why = fmt.Sprintf("holds more than %d members, nested zips included", opts.MaxArchiveMembers)
	case in.bytes.Load()+int64(min(f.UncompressedSize64, uint64(opts.MaxMemberSize))) > opts.MaxArchiveBytes:
		in.why = fmt.Sprintf("inflates to more than %s, nested zips included", safeio.Size(opts.MaxArchiveBytes))
	default:
		return false
	}
	in.full = true
	return true
}

// restError is the error of the one result that stands for the members
// left unread.
func (in *archiveInput) restError() error {
	return &detailError{
		msg: fmt.Sprintf("%s: %s: the other %d members are not read", in.path, in.why, in.rest),
		err: ErrTooLarge,
	}
}
