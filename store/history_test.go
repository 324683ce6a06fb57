package store_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/bounceback/bounceback/analysis"
	"github.com/bounceback/bounceback/fitparse"
	"github.com/bounceback/bounceback/report"
	"github.com/bounceback/bounceback/store"
)

// The generated sample block, scanned and built once for the tests.
var (
	blockOnce sync.Once
	block     *analysis.Block
	blockErr  error
)

// sampleBlock returns ../testdata/block built as of 2026-11-02, the day
// after its race (as make demo does).
func sampleBlock(t testing.TB) *analysis.Block {
	t.Helper()
	blockOnce.Do(func() {
		var files []analysis.FileSummary
		files, blockErr = fitparse.Scan(context.Background(), []string{"../testdata/block"}, fitparse.ScanOptions{}, analysis.Summarize)
		asOf, _ := time.Parse(time.DateOnly, "2026-11-02")
		block = analysis.Build(files, analysis.Options{AsOf: asOf})
	})
	if blockErr != nil {
		t.Fatal(blockErr)
	}
	return block
}

// openTemp opens a new store in a temporary folder.
func openTemp(t testing.TB) *store.Store {
	t.Helper()
	s, err := store.Open(filepath.Join(t.TempDir(), "bounceback.db"), "test-1")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// query opens the store's file with database/sql, as any SQLite client
// would, for the test to read what was written.
func query(t testing.TB, s *store.Store) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+s.Path()+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func count(t testing.TB, db *sql.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// TestWriteHistoryRows: each history table has a row per session, day,
// week, daily entry and contributor of the block, and one readiness and
// athletes row, under the athlete given; a second write replaces them.
func TestWriteHistoryRows(t *testing.T) {
	b := sampleBlock(t)
	s := openTemp(t)
	for range 2 {
		if err := s.WriteHistory("", b); err != nil {
			t.Fatal(err)
		}
	}
	sessions := 0
	for _, f := range b.Files {
		sessions += len(f.Sessions)
	}
	if b.Readiness == nil || len(b.Days) == 0 || len(b.Weeks) == 0 || len(b.Daily) == 0 || sessions == 0 {
		t.Fatal("the sample block lacks days, weeks, daily values, sessions or readiness")
	}
	db := query(t, s)
	for _, tt := range []struct {
		table string
		want  int
	}{
		{"athletes", 1},
		{"sessions", sessions},
		{"days", len(b.Days)},
		{"weeks", len(b.Weeks)},
		{"daily", len(b.Daily)},
		{"readiness", 1},
		{"readiness_contributors", len(b.Readiness.Contributors)},
	} {
		if got := count(t, db, "SELECT count(*) FROM "+tt.table+" WHERE athlete = 'default'"); got != tt.want {
			t.Errorf("%s: %d rows, want %d", tt.table, got, tt.want)
		}
		if got := count(t, db, "SELECT count(*) FROM "+tt.table); got != tt.want {
			t.Errorf("%s: %d rows of every athlete, want %d", tt.table, got, tt.want)
		}
	}
	var day string
	var score float64
	if err := db.QueryRow("SELECT date, score FROM readiness").Scan(&day, &score); err != nil {
		t.Fatal(err)
	}
	if day != "2026-11-02" || score != b.Readiness.Score {
		t.Errorf("readiness: %s %v, want 2026-11-02 %v", day, score, b.Readiness.Score)
	}
	// The as-of day's readiness is also that day's in days.
	var dayScore float64
	if err := db.QueryRow("SELECT readiness FROM days WHERE date = '2026-11-02'").Scan(&dayScore); err != nil {
		t.Fatal(err)
	}
	if want := b.Days[len(b.Days)-1].Readiness; dayScore != want {
		t.Errorf("days.readiness of the as-of day: %v, want %v", dayScore, want)
	}
}

// TestWriteHistoryAthletes: each athlete's rows are its own; writing one
// leaves the other's as they were.
func TestWriteHistoryAthletes(t *testing.T) {
	b := sampleBlock(t)
	s := openTemp(t)
	if err := s.WriteHistory("ann", b); err != nil {
		t.Fatal(err)
	}
	short := *b
	short.Days = b.Days[:10]
	if err := s.WriteHistory("bob", &short); err != nil {
		t.Fatal(err)
	}
	db := query(t, s)
	if got := count(t, db, "SELECT count(*) FROM days WHERE athlete = 'ann'"); got != len(b.Days) {
		t.Errorf("ann: %d days, want %d", got, len(b.Days))
	}
	if got := count(t, db, "SELECT count(*) FROM days WHERE athlete = 'bob'"); got != 10 {
		t.Errorf("bob: %d days, want 10", got)
	}
	info, err := s.Info()
	if err != nil {
		t.Fatal(err)
	}
	if len(info.Athletes) != 2 || info.Athletes[0] != "ann" || info.Athletes[1] != "bob" {
		t.Errorf("Info.Athletes = %q, want [ann bob]", info.Athletes)
	}
}

// TestWriteHistoryAtomic: a write that fails midway (a day without a date,
// after every session and most days were inserted) leaves the history as
// it was.
func TestWriteHistoryAtomic(t *testing.T) {
	b := sampleBlock(t)
	s := openTemp(t)
	if err := s.WriteHistory("", b); err != nil {
		t.Fatal(err)
	}
	bad := *b
	bad.Days = append([]analysis.Day(nil), b.Days[:20]...)
	bad.Days = append(bad.Days, analysis.Day{})
	bad.Files = nil
	if err := s.WriteHistory("", &bad); err == nil {
		t.Fatal("WriteHistory of a day without a date: no error")
	}
	db := query(t, s)
	if got := count(t, db, "SELECT count(*) FROM days"); got != len(b.Days) {
		t.Errorf("days after the failed write: %d, want %d as before", got, len(b.Days))
	}
	if got := count(t, db, "SELECT count(*) FROM sessions"); got == 0 {
		t.Error("sessions after the failed write: none, want those before")
	}
}

// TestWriteHistoryNull: a value the Block has as NaN is NULL, never NaN
// or 0; a value it has is a number.
func TestWriteHistoryNull(t *testing.T) {
	b := sampleBlock(t)
	s := openTemp(t)
	if err := s.WriteHistory("", b); err != nil {
		t.Fatal(err)
	}
	db := query(t, s)
	// The first day's ramp (CTL 7 days before) and ACWR are undefined.
	if !math.IsNaN(b.Days[0].Ramp) || !math.IsNaN(b.Days[0].ACWR) {
		t.Fatal("the sample block's first day has a ramp or ACWR")
	}
	var ramp, acwr, ctl sql.NullFloat64
	var note sql.NullString
	first := b.Days[0].Date.Format(time.DateOnly)
	if err := db.QueryRow("SELECT ramp, acwr, acwr_note, ctl FROM days WHERE date = ?", first).Scan(&ramp, &acwr, &note, &ctl); err != nil {
		t.Fatal(err)
	}
	if ramp.Valid || acwr.Valid {
		t.Errorf("first day: ramp %v, acwr %v, want NULL", ramp, acwr)
	}
	if !note.Valid || note.String != b.Days[0].ACWRNote || !ctl.Valid || ctl.Float64 != b.Days[0].CTL {
		t.Errorf("first day: acwr_note %v, ctl %v, want %q and %v", note, ctl, b.Days[0].ACWRNote, b.Days[0].CTL)
	}
	// A session without RR intervals has no HRV; no column holds NaN.
	if got := count(t, db, "SELECT count(*) FROM sessions WHERE rr_intervals = 0 AND rmssd_ms IS NOT NULL"); got != 0 {
		t.Errorf("%d sessions without RR intervals have an RMSSD", got)
	}
	if got := count(t, db, "SELECT count(*) FROM sessions WHERE rmssd_ms IS NOT NULL"); got == 0 {
		t.Error("no session has an RMSSD")
	}
	for _, table := range []string{"sessions", "days", "weeks", "daily", "readiness", "readiness_contributors"} {
		rows, err := db.Query("SELECT * FROM " + table)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				if f, ok := v.(float64); ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
					t.Errorf("%s.%s holds %v", table, cols[i], f)
				}
			}
		}
		rows.Close()
	}
}

// readCSV parses what write writes for b: a header and records.
func readCSV(t *testing.T, b *analysis.Block, write func(io.Writer, *analysis.Block) error) (map[string]int, [][]string) {
	t.Helper()
	var buf bytes.Buffer
	if err := write(&buf, b); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := map[string]int{}
	for i, h := range recs[0] {
		head[h] = i
	}
	return head, recs[1:]
}

// csvCell formats a database value as the CSV views format numbers
// (rounded to 6 decimals, the shortest form) and text; NULL is empty.
func csvCell(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case float64:
		if math.Abs(v) < 1e12 {
			v = math.Round(v*1e6) / 1e6
		}
		return strconv.FormatFloat(v, 'f', -1, 64)
	case int64:
		return strconv.FormatInt(v, 10)
	case string:
		return v
	case []byte:
		return string(v)
	}
	return "?"
}

// TestWriteHistoryCSV: the values in the tables are those the CSV views
// print, column by column, for the columns both have.
func TestWriteHistoryCSV(t *testing.T) {
	b := sampleBlock(t)
	s := openTemp(t)
	if err := s.WriteHistory("", b); err != nil {
		t.Fatal(err)
	}
	db := query(t, s)
	for _, tt := range []struct {
		name  string
		write func(io.Writer, *analysis.Block) error
		table string
		key   string // the column of both that names the row
		cols  []string
	}{
		{"LoadCSV", report.LoadCSV, "days", "date",
			[]string{"sessions", "timer_s", "distance_running_m", "load", "ctl", "atl", "tsb", "form_band", "ramp", "acwr",
				"acwr_note", "monotony", "rest_days", "recovery_owed_h", "readiness", "advice", "garmin_readiness"}},
		{"WeeksCSV", report.WeeksCSV, "weeks", "week_start",
			[]string{"sessions", "days", "load", "zone2_s", "load_endurance", "load_unclassified", "above_vt2_s",
				"polarization_index", "monotony", "ctl", "readiness"}},
		{"HRVCSV", report.HRVCSV, "daily", "date",
			[]string{"ln_rmssd", "hrv_mean7", "hrv_status", "resting_hr_bpm", "sleep_score", "readings", "sleep_h", "garmin_readiness"}},
		{"AnalyzeCSV", report.AnalyzeCSV, "sessions", "path || '#' || session_index",
			[]string{"start", "start_local", "sport", "timer_s", "distance_m", "avg_hr_bpm", "hr_source", "device", "class",
				"trimp", "hrss", "zone3_s", "zone_model", "hr_max_bpm_used", "decoupling_pct", "intervals",
				"garmin_recovery_h", "rmssd_ms", "vt1_bpm"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			head, recs := readCSV(t, b, tt.write)
			want := map[string][]string{} // by key, the CSV's cells of cols
			index := map[string]int{}     // sessions: the place of each row among its file's
			for _, rec := range recs {
				key := ""
				if tt.table == "sessions" {
					path := rec[head["path"]]
					key = path + "#" + strconv.Itoa(index[path])
					index[path]++
				} else {
					key = rec[head[tt.key]]
				}
				var cells []string
				for _, c := range tt.cols {
					i, ok := head[c]
					if !ok {
						t.Fatalf("the CSV has no column %s", c)
					}
					cells = append(cells, rec[i])
				}
				want[key] = cells
			}
			q := "SELECT " + tt.key
			for _, c := range tt.cols {
				q += ", " + c
			}
			rows, err := db.Query(q + " FROM " + tt.table)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			n := 0
			for rows.Next() {
				vals := make([]any, len(tt.cols)+1)
				ptrs := make([]any, len(vals))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				if err := rows.Scan(ptrs...); err != nil {
					t.Fatal(err)
				}
				key := csvCell(vals[0])
				w, ok := want[report.Clean(key)]
				if !ok {
					t.Errorf("row %s is not in the CSV", key)
					continue
				}
				n++
				for i, c := range tt.cols {
					if got := csvCell(vals[i+1]); got != w[i] {
						t.Errorf("%s %s: %s = %q, the CSV has %q", tt.table, key, c, got, w[i])
					}
				}
			}
			if n == 0 || n != len(want) {
				t.Errorf("%d rows matched, the CSV has %d", n, len(want))
			}
		})
	}
}
