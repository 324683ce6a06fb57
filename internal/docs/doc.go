// Package docs holds no code. Its tests check the repository's
// documentation: README.md, VALIDATION.md, BENCHMARKS.md and the pages in
// docs/.
//
//   - Every Markdown file has balanced code fences, and every relative link
//     in it points to a file of the repository (and, for a link to a
//     heading, to a heading that exists).
//   - docs/methods.md has its numbered sections, and every reference of the
//     form "docs/methods.md §N" anywhere in the repository names one of
//     them.
//   - The Go names and repository paths the documentation quotes in code
//     spans exist.
//   - No file of the repository points to material a user's clone does not
//     have: the reference notes the project was planned from live outside
//     it, and the documentation cites the published sources instead.
//
// Run them with go test ./internal/docs/.
package docs
