//go:build !(linux || darwin)

package main

import "os"

// ttyColumns returns 0: the terminal width is not known on this system.
func ttyColumns(*os.File) int { return 0 }
