//go:build !race

package fitparse

// raceEnabled is set when the tests run under the race detector.
const raceEnabled = false
