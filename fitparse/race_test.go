//go:build race

package fitparse

// raceEnabled is set when the tests run under the race detector, which
// slows the largest hostile inputs down past what a test should take.
const raceEnabled = true
