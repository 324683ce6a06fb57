package report

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"testing"
	"time"

	"github.com/bounceback/bounceback/analysis"
	"github.com/bounceback/bounceback/fitparse"
)

// TestJSONStreamed: AnalysisJSON and WriteJSON, which write their
// documents member by member, write the very bytes that encoding the
// whole document at once (jsonAnalysisDoc, jsonDoc) writes.
func TestJSONStreamed(t *testing.T) {
	t.Parallel()
	// Two weeks of the generated block with the triathlon, a morning
	// reading and the wellness files, and an empty block.
	paths, _ := filepath.Glob("../testdata/block/activities/2026-10-0*")
	more, _ := filepath.Glob("../testdata/block/morning/*2026-10-0*")
	paths = append(append(paths, more...), "../testdata/block/activities/21800458429_ACTIVITY.fit", "../testdata/block/wellness")
	files, err := fitparse.Scan(context.Background(), paths, fitparse.ScanOptions{}, analysis.Summarize)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 10 {
		t.Fatalf("%d files", len(files))
	}
	asOf := time.Date(2026, 10, 11, 0, 0, 0, 0, time.UTC)
	for _, b := range []*analysis.Block{analysis.Build(files, analysis.Options{AsOf: asOf}), analysis.Build(nil, analysis.Options{})} {
		doc := jsonAnalysisDoc{Athlete: athleteJSON(&b.Athlete), Files: make([]jsonFile, len(b.Files))}
		sessions := jsonDoc{Files: make([]jsonFile, len(b.Files))}
		for i := range b.Files {
			doc.Files[i] = fileJSON(&b.Files[i], true)
			sessions.Files[i] = fileJSON(&b.Files[i], false)
		}
		ds, src := blockDaily(b)
		doc.Daily, doc.DailySources = dailyJSON(ds, src)
		doc.Weeks, doc.Days, doc.Readiness = weeksJSON(b), daysJSON(b), readinessJSON(b)
		doc.Events = eventsJSON(b)
		if b.Stale {
			doc.Stale = str(b.StaleNote)
		}
		for _, c := range []struct {
			name  string
			doc   any
			write func(io.Writer, *analysis.Block) error
		}{{"AnalysisJSON", doc, AnalysisJSON}, {"WriteJSON", sessions, WriteJSON}} {
			var want, got bytes.Buffer
			if err := encode(&want, c.doc); err != nil {
				t.Fatal(err)
			}
			if err := c.write(&got, b); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Errorf("%s (%d files): the streamed document differs from the encoded one:\n%s\nwant:\n%s", c.name, len(b.Files), got.Bytes(), want.Bytes())
			}
		}
	}
}
