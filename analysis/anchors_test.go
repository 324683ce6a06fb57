package analysis

import (
	"strings"
	"testing"
	"time"

	"github.com/bounceback/bounceback/analysis/hrv"
)

// TestAnchors checks the choice of the suggested zone anchors: enough
// windows, the best R², the latest on a tie, within 90 days of the latest
// session, per sport.
func TestAnchors(t *testing.T) {
	t.Parallel()
	vt := func(hr float64, n int, r2 float64) hrv.Estimate {
		return hrv.Estimate{HR: hr, Windows: n, R2: r2}
	}
	none := vt(nan, 0, nan)
	at := func(s string) time.Time {
		d, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	file := func(path, sport, start string, vt1, vt2 hrv.Estimate) FileSummary {
		s := plainSession(sport, at(start), 3600)
		s.HRV = &hrv.Session{VT1: vt1, VT2: vt2}
		return planFile(path, s)
	}
	noRR := planFile("norr.fit", plainSession("running", at("2024-05-06T07:00:00Z"), 3600))
	b := Build([]FileSummary{
		file("old.fit", "running", "2024-01-01T07:00:00Z", vt(150, 30, 0.99), none),
		file("a.fit", "running", "2024-05-01T07:00:00Z", vt(154, 14, 0.82), vt(170, 12, 0.7)),
		file("few.fit", "running", "2024-05-02T07:00:00Z", vt(160, 5, 0.95), none),
		file("tie.fit", "running", "2024-05-03T07:00:00Z", vt(156, 20, 0.82), none),
		file("worse.fit", "running", "2024-05-04T07:00:00Z", vt(158, 20, 0.6), none),
		file("ride.fit", "cycling", "2024-05-05T07:00:00Z", none, vt(165, 10, 0.9)),
		noRR,
	}, Options{})
	var names []string
	for _, s := range b.Anchors {
		names = append(names, s.Sport+" "+s.Which+" "+s.Path)
	}
	if want := "running VT1 tie.fit, running VT2 a.fit, cycling VT2 ride.fit"; strings.Join(names, ", ") != want {
		t.Errorf("got %s, want %s", strings.Join(names, ", "), want)
	}
}
