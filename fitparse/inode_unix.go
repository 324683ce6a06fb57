//go:build unix

package fitparse

import (
	"io/fs"
	"syscall"
)

// inode returns the file's inode number, 0 when the system does not say.
func inode(info fs.FileInfo) uint64 {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Ino)
	}
	return 0
}
