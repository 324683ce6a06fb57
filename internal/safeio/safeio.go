// Package safeio opens and reads the files a user names with bounds: only
// regular files are read, opening never blocks (a FIFO named like a FIT
// file would otherwise wait for a writer forever), and no read goes past a
// cap.
//
// bounceback reads FIT files, archives, its profile and its weigh-in log
// this way: a device node, a FIFO or a socket given by name is refused
// with one error, and /dev/zero cannot run the program out of memory.
package safeio

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// Sentinel errors, for errors.Is.
var (
	// ErrNotRegular: the path is a FIFO, a device, a socket or a folder.
	ErrNotRegular = errors.New("not a regular file")
	// ErrTooLarge: the file is larger than the cap.
	ErrTooLarge = errors.New("larger than the size cap")
)

// Open opens the file at path for reading and returns it with its
// os.FileInfo, after checking that it is a regular file (symbolic links
// followed). It opens without blocking, so that a FIFO is refused rather
// than waited on. An error names path and wraps ErrNotRegular when the
// file is not a regular one.
func Open(path string) (*os.File, fs.FileInfo, error) {
	f, err := openNonblock(path)
	if err != nil {
		return nil, nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	if !info.Mode().IsRegular() {
		f.Close()
		return nil, nil, fmt.Errorf("%s: %w (%s)", path, ErrNotRegular, kind(info.Mode()))
	}
	return f, info, nil
}

// ReadFile reads the regular file at path (see [Open]) in full. A file
// larger than limit bytes is refused with an error wrapping ErrTooLarge,
// before anything is read; a file that grows past limit while it is read
// likewise. The buffer is sized from the file's size, never beyond limit.
func ReadFile(path string, limit int64) ([]byte, error) {
	f, info, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadAll(path, f, info.Size(), limit)
}

// ReadAll reads r, the contents of path, to the end into a buffer sized
// from size (the expected size, 0 when unknown), failing with an error
// wrapping ErrTooLarge as soon as more than limit bytes come. The buffer
// starts at min(size, limit) and grows by doubling, but never past
// limit + 1 bytes.
func ReadAll(path string, r io.Reader, size, limit int64) ([]byte, error) {
	if size > limit {
		return nil, &CapError{Path: path, Limit: limit}
	}
	n := max(min(size, limit), 512)
	buf := make([]byte, 0, n+1)
	for {
		if len(buf) == cap(buf) {
			if int64(len(buf)) > limit {
				return nil, &CapError{Path: path, Limit: limit}
			}
			grown := min(int64(cap(buf))*2, limit+1)
			nb := make([]byte, len(buf), grown)
			copy(nb, buf)
			buf = nb
		}
		m, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+m]
		if int64(len(buf)) > limit {
			return nil, &CapError{Path: path, Limit: limit}
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// CapError is a file or stream larger than its cap.
type CapError struct {
	Path  string
	Limit int64
}

func (e *CapError) Error() string {
	return fmt.Sprintf("%s: %v (%s)", e.Path, ErrTooLarge, Size(e.Limit))
}

func (e *CapError) Unwrap() error { return ErrTooLarge }

// Size formats a byte count for messages: "256 MiB", "64 KiB", "12 bytes".
func Size(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// kind names a file mode that is not a regular file.
func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeIrregular != 0:
		return "an irregular file"
	}
	return "not a file"
}
