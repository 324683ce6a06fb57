package report

import (
	"math"
	"testing"

	"github.com/bounceback/bounceback/analysis/hrv"
)

func TestHMS(t *testing.T) {
	t.Parallel()
	test := func(sec float64, want string) {
		t.Helper()
		if got := hms(sec); got != want {
			t.Errorf("hms(%v) = %q, want %q", sec, got, want)
		}
	}
	test(0, "0:00:00")
	test(59.4, "0:00:59")
	test(59.5, "0:01:00")
	test(3599.6, "1:00:00")
	test(5595.6, "1:33:16")
	test(366263, "101:44:23")
	test(-61, "-0:01:01")
	test(math.NaN(), "")
	test(math.Inf(1), "")
}

func TestShorten(t *testing.T) {
	t.Parallel()
	test := func(s string, n int, want string) {
		t.Helper()
		got := shorten(s, n, false)
		if got != want {
			t.Errorf("shorten(%q, %d) = %q, want %q", s, n, got, want)
		}
		if len([]rune(got)) > n && len([]rune(s)) > n {
			t.Errorf("shorten(%q, %d) is %d runes long", s, n, len([]rune(got)))
		}
	}
	test("short.fit", 12, "short.fit")
	test("2024-03-05-easy-run.fit", 12, "202...un.fit")
	test("abcdefghij", 3, "abc")
	test("ßüöäéèàñçøåæ", 8, "ß...çøåæ")
	if got := shorten("cycling/indoor_cycling", 13, true); got != "cycling/in..." {
		t.Errorf("shorten keeping the start = %q", got)
	}
}

func TestTrimFolders(t *testing.T) {
	t.Parallel()
	test := func(p string, n int, want string) {
		t.Helper()
		if got := trimFolders(p, n); got != want {
			t.Errorf("trimFolders(%q, %d) = %q, want %q", p, n, got, want)
		}
	}
	test("a/b/c.fit", 9, "a/b/c.fit")
	test("a/b/c.fit", 8, "b/c.fit")
	test("a/b/c.fit", 5, "c.fit")
	test("a/b/c.fit", 2, "c.fit")
	test("export.zip/x.fit", 10, "x.fit")
}

func TestFitDropsByRank(t *testing.T) {
	t.Parallel()
	mk := func(head string, keep, shrink int, cell string) *column {
		return &column{head: head, keep: keep, shrink: shrink, cells: []string{cell}}
	}
	cols := []*column{
		mk("a", 0, 0, "aaaaaaaaaa"),        // 10, never dropped
		mk("b", 30, 0, "bbbbbbbbbb"),       // 10
		mk("c", 10, 0, "cccccccccc"),       // 10, dropped first
		mk("d", 20, 8, "dddddddddddddddd"), // 16, may shrink to 8
	}
	names := func(cs []*column) string {
		s := ""
		for _, c := range cs {
			s += c.head
		}
		return s
	}
	if got := names(fit(cols, 0)); got != "abcd" {
		t.Errorf("no limit: got columns %q", got)
	}
	// 10+2+10+2+10+2+16 = 52: dropping c gives 40, which fits 40.
	if got := names(fit(append([]*column(nil), cols...), 40)); got != "abd" {
		t.Errorf("width 40: got columns %q, want abd", got)
	}
	// At 32, d shrinks to 8 after c is dropped: 10+2+10+2+8 = 32.
	got := fit(append([]*column(nil), cols...), 32)
	if names(got) != "abd" || got[2].cells[0] != "d...dddd" {
		t.Errorf("width 32: got columns %q, d = %q", names(got), got[2].cells[0])
	}
}

func TestVTText(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	tests := []struct {
		v    hrv.Estimate
		want string
	}{
		{hrv.Estimate{HR: 154.4, Windows: 14, R2: 0.823}, "154 bpm (14 windows, R² 0.82)"},
		{hrv.Estimate{HR: nan, Windows: 0, R2: nan}, "not estimable: no steady, reliable 2-min windows"},
		{hrv.Estimate{HR: nan, Windows: 5, R2: nan}, "not estimable: 5 steady, reliable windows, too few (8 needed)"},
		{hrv.Estimate{HR: nan, Windows: 20, R2: 0.1}, "not estimable: 20 windows, a poor fit (R² 0.10, 0.3 needed)"},
		{hrv.Estimate{HR: nan, Windows: 20, R2: 0.9},
			"not estimable: 20 windows, R² 0.90, but the heart rates span less than 20 bpm or the windows do not cross α1 = 0.75"},
	}
	for _, tt := range tests {
		if got := vtText(tt.v, 0.75); got != tt.want {
			t.Errorf("vtText(%+v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}
