package analysis

import "testing"

// This file exports to the external tests (package analysis_test, which
// may import the packages that import analysis, such as internal/sanity)
// what they share with the internal ones. It is compiled into the tests
// only.

// RealFileBlock is one real FIT file built as its own block.
type RealFileBlock struct {
	Path  string
	Block *Block
}

// RealFileBlocks returns the real FIT files of expected.tsv, each built as
// its own block (see realFiles).
func RealFileBlocks(t *testing.T) []RealFileBlock {
	var out []RealFileBlock
	for _, rf := range realFiles(t) {
		out = append(out, RealFileBlock{rf.row["path"], rf.b})
	}
	return out
}
