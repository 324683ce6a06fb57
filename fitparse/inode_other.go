//go:build !unix

package fitparse

import "io/fs"

// inode returns 0: this system's file information has no inode number.
func inode(fs.FileInfo) uint64 { return 0 }
