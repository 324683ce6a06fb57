package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

// migrations are the schema's steps, in order: migrations[i] takes a store
// from schema version i to i+1, and PRAGMA user_version holds the number of
// steps applied. Open applies the missing ones in one transaction. A step
// that has shipped is never edited: a change to the schema is a new step at
// the end (docs/store.md, "Versions").
var migrations = []string{
	// 1: the cache, the history and meta.
	`
CREATE TABLE meta (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

CREATE TABLE files (
	path TEXT PRIMARY KEY CHECK (path <> ''),
	size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0),
	mtime_ns INTEGER NOT NULL,
	inode INTEGER NOT NULL,
	member_crc32 INTEGER NOT NULL CHECK (member_crc32 BETWEEN 0 AND 4294967295),
	sha256 BLOB NOT NULL CHECK (length(sha256) = 32),
	stored_at TEXT NOT NULL
);
CREATE INDEX files_sha256 ON files (sha256);

CREATE TABLE summaries (
	sha256 BLOB NOT NULL CHECK (length(sha256) = 32),
	version TEXT NOT NULL,
	data BLOB NOT NULL,
	stored_at TEXT NOT NULL,
	PRIMARY KEY (sha256, version)
);

CREATE TABLE athletes (
	athlete TEXT PRIMARY KEY CHECK (athlete <> ''),
	written_at TEXT NOT NULL,
	written_by TEXT NOT NULL,
	as_of TEXT,
	load_metric TEXT,
	last_workout TEXT,
	last_data TEXT,
	stale INTEGER NOT NULL,
	stale_note TEXT
);

CREATE TABLE sessions (
	athlete TEXT NOT NULL,
	path TEXT NOT NULL,
	session_index INTEGER NOT NULL,
	start TEXT,
	start_local TEXT,
	sport TEXT,
	sub_sport TEXT,
	timer_s REAL,
	elapsed_s REAL,
	distance_m REAL,
	calories_kcal REAL,
	avg_hr_bpm REAL,
	max_hr_bpm REAL,
	avg_temperature_c REAL,
	max_temperature_c REAL,
	aerobic_te REAL,
	anaerobic_te REAL,
	epoc REAL,
	rpe REAL,
	feel REAL,
	sweat_loss_l REAL,
	hr_source TEXT NOT NULL,
	hr_samples INTEGER NOT NULL,
	rr_intervals INTEGER NOT NULL,
	device TEXT,
	status TEXT NOT NULL,
	counted INTEGER NOT NULL,
	duplicate_of_path TEXT,
	duplicate_of_session INTEGER,
	date_problem TEXT,
	reconstructed INTEGER NOT NULL,
	summary INTEGER NOT NULL,
	class TEXT NOT NULL,
	class_reason TEXT,
	long INTEGER NOT NULL,
	race INTEGER NOT NULL,
	hrv_reading INTEGER NOT NULL,
	trimp REAL,
	hrss REAL,
	edwards_trimp REAL,
	srpe_load REAL,
	load_estimated INTEGER NOT NULL,
	load_note TEXT,
	hr_time_s REAL,
	zone1_s REAL,
	zone2_s REAL,
	zone3_s REAL,
	zone4_s REAL,
	zone5_s REAL,
	below_zone1_s REAL,
	zone_model TEXT NOT NULL,
	hr_max_bpm_used REAL,
	hr_rest_bpm_used REAL,
	lthr_bpm_used REAL,
	decoupling_pct REAL,
	drift_pct REAL,
	hr_recovery_bpm REAL,
	max_5s_hr_bpm REAL,
	intervals INTEGER NOT NULL,
	garmin_recovery_h REAL,
	garmin_vo2max REAL,
	rr_artifact_pct REAL,
	rmssd_ms REAL,
	ln_rmssd REAL,
	dfa_a1_mean REAL,
	vt1_bpm REAL,
	vt2_bpm REAL,
	PRIMARY KEY (athlete, path, session_index)
);
CREATE INDEX sessions_start ON sessions (athlete, start);

CREATE TABLE days (
	athlete TEXT NOT NULL,
	date TEXT NOT NULL,
	load_metric TEXT,
	sessions INTEGER NOT NULL,
	timer_s REAL,
	distance_running_m REAL,
	distance_cycling_m REAL,
	distance_swimming_m REAL,
	distance_other_m REAL,
	load REAL,
	ctl REAL,
	atl REAL,
	tsb REAL,
	form_band TEXT,
	ramp REAL,
	acwr REAL,
	acwr_ewma REAL,
	acwr_note TEXT,
	monotony REAL,
	strain REAL,
	rest_days REAL,
	recovery_owed_h REAL,
	garmin_recovery_owed_h REAL,
	readiness REAL,
	readiness_band TEXT,
	advice TEXT,
	garmin_readiness REAL,
	garmin_acute_load REAL,
	garmin_chronic_load REAL,
	PRIMARY KEY (athlete, date)
);

CREATE TABLE weeks (
	athlete TEXT NOT NULL,
	week_start TEXT NOT NULL,
	load_metric TEXT,
	sessions INTEGER NOT NULL,
	days INTEGER NOT NULL,
	timer_s REAL,
	distance_running_m REAL,
	distance_cycling_m REAL,
	distance_swimming_m REAL,
	distance_other_m REAL,
	load REAL,
	zone1_s REAL,
	zone2_s REAL,
	zone3_s REAL,
	zone4_s REAL,
	zone5_s REAL,
	load_recovery REAL,
	load_endurance REAL,
	load_tempo REAL,
	load_threshold REAL,
	load_vo2max REAL,
	load_anaerobic REAL,
	load_unclassified REAL,
	below_vt1_s REAL,
	vt1_to_vt2_s REAL,
	above_vt2_s REAL,
	seiler_dfa_sessions INTEGER NOT NULL,
	polarization_index REAL,
	monotony REAL,
	strain REAL,
	ctl REAL,
	atl REAL,
	tsb REAL,
	form_band TEXT,
	readiness REAL,
	PRIMARY KEY (athlete, week_start)
);

CREATE TABLE daily (
	athlete TEXT NOT NULL,
	date TEXT NOT NULL,
	ln_rmssd REAL,
	rmssd_ms REAL,
	hrv_mean7 REAL,
	hrv_low REAL,
	hrv_high REAL,
	hrv_status TEXT,
	resting_hr_bpm REAL,
	resting_mean7_bpm REAL,
	resting_low_bpm REAL,
	resting_high_bpm REAL,
	resting_status TEXT,
	sleep_score REAL,
	garmin_hrv_status TEXT,
	garmin_hrv_low_ms REAL,
	garmin_hrv_high_ms REAL,
	readings INTEGER NOT NULL,
	other_ln_rmssd REAL,
	other_resting_hr_bpm REAL,
	sleep_h REAL,
	sleep_mean7_h REAL,
	sleep_low_h REAL,
	sleep_high_h REAL,
	sleep_status TEXT,
	deep_h REAL,
	light_h REAL,
	rem_h REAL,
	awake_h REAL,
	stress REAL,
	stress_mean7 REAL,
	stress_low REAL,
	stress_high REAL,
	stress_status TEXT,
	body_battery REAL,
	body_battery_mean7 REAL,
	body_battery_low REAL,
	body_battery_high REAL,
	body_battery_status TEXT,
	body_battery_day_low REAL,
	respiration_brpm REAL,
	respiration_mean7_brpm REAL,
	respiration_low_brpm REAL,
	respiration_high_brpm REAL,
	respiration_status TEXT,
	spo2_pct REAL,
	skin_temp_c REAL,
	garmin_readiness REAL,
	garmin_readiness_level TEXT,
	garmin_acute_load REAL,
	garmin_chronic_load REAL,
	garmin_acwr REAL,
	PRIMARY KEY (athlete, date)
);

CREATE TABLE readiness (
	athlete TEXT PRIMARY KEY,
	date TEXT NOT NULL,
	score REAL,
	band TEXT,
	confidence TEXT,
	confidence_note TEXT,
	weights TEXT NOT NULL,
	load_days INTEGER NOT NULL,
	hrv_days INTEGER NOT NULL,
	limiting TEXT,
	advice TEXT,
	advice_reason TEXT,
	sleep_advice TEXT,
	cannot_see TEXT,
	recovery_owed_h REAL,
	garmin_recovery_owed_h REAL,
	load_metric TEXT,
	load_seed REAL,
	days_since_workout INTEGER,
	returning_from_break INTEGER NOT NULL,
	garmin_readiness REAL,
	garmin_readiness_level TEXT,
	garmin_note TEXT
);

CREATE TABLE readiness_contributors (
	athlete TEXT NOT NULL,
	date TEXT NOT NULL,
	position INTEGER NOT NULL,
	contributor TEXT NOT NULL,
	value REAL,
	unit TEXT,
	baseline TEXT,
	score REAL,
	weight_pct REAL,
	note TEXT,
	PRIMARY KEY (athlete, position)
);
`,
}

// SchemaVersion is the schema version of the stores this package writes
// (PRAGMA user_version): the number of migration steps.
const SchemaVersion = 1

// latest is the schema version the migration steps lead to: SchemaVersion
// (a test holds the two equal; another test adds a step).
func latest() int { return len(migrations) }

// cacheTables are the tables of the cache, which Clear empties with the
// history tables.
var cacheTables = []string{"files", "summaries"}

// historyTableNames are the tables WriteHistory writes, each with an
// athlete column; readiness_contributors goes with readiness.
var historyTableNames = []string{"athletes", "sessions", "days", "weeks", "daily", "readiness", "readiness_contributors"}

// migrate applies, on tx, the migration steps a store at schema version
// have lacks and sets its user_version. A store of a newer schema than
// this package's is left as it is, with ErrNewer.
func migrate(ctx context.Context, tx *sql.Tx, have int) error {
	if have > latest() {
		return fmt.Errorf("%w: schema version %d, this program knows %d", ErrNewer, have, latest())
	}
	if have == latest() {
		return nil
	}
	for i := have; i < latest(); i++ {
		if _, err := tx.ExecContext(ctx, migrations[i]); err != nil {
			return fmt.Errorf("schema step %d: %w", i+1, err)
		}
	}
	// PRAGMA takes no parameters; the number is ours.
	_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", latest()))
	return err
}

// querier is what *sql.DB, *sql.Conn and *sql.Tx have in common.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// userVersion reads PRAGMA user_version.
func userVersion(ctx context.Context, q querier) (int, error) {
	var v int
	err := q.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	return v, err
}

// columns returns the columns of each table of the store's schema, in
// their order, by table name: the database's own description (PRAGMA
// table_info), not this package's idea of it.
func columns(ctx context.Context, q querier) (map[string][]column, error) {
	rows, err := q.QueryContext(ctx, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
	if err != nil {
		return nil, err
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, err
		}
		names = append(names, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make(map[string][]column, len(names))
	for _, n := range names {
		cols, err := tableInfo(ctx, q, n)
		if err != nil {
			return nil, err
		}
		out[n] = cols
	}
	return out, nil
}

// column is one column of a table of the store, as the database declares
// it.
type column struct {
	Name, Type string
	NotNull    bool
}

// tableInfo returns the columns of table.
func tableInfo(ctx context.Context, q querier, table string) ([]column, error) {
	rows, err := q.QueryContext(ctx, "SELECT name, type, \"notnull\" FROM pragma_table_info(?)", table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cols []column
	for rows.Next() {
		var c column
		if err := rows.Scan(&c.Name, &c.Type, &c.NotNull); err != nil {
			return nil, err
		}
		cols = append(cols, c)
	}
	return cols, rows.Err()
}

// wantColumns are the columns this package reads and writes, by table: a
// store of the current schema version lacking one of them is not one this
// package wrote, and Open says so rather than fail on every query.
func wantColumns() map[string][]string {
	want := map[string][]string{
		"meta":      {"key", "value"},
		"files":     {"path", "size_bytes", "mtime_ns", "inode", "member_crc32", "sha256", "stored_at"},
		"summaries": {"sha256", "version", "data", "stored_at"},
	}
	for _, t := range historyTables() {
		want[t.name] = t.columnNames()
	}
	return want
}

// checkSchema reports a table or column this package needs that the store
// lacks.
func checkSchema(ctx context.Context, q querier) error {
	have, err := columns(ctx, q)
	if err != nil {
		return err
	}
	want := wantColumns()
	tables := make([]string, 0, len(want))
	for t := range want {
		tables = append(tables, t)
	}
	slices.Sort(tables)
	for _, t := range tables {
		cols, ok := have[t]
		if !ok {
			return fmt.Errorf("%w: no table %s", ErrSchema, t)
		}
		var missing []string
		for _, c := range want[t] {
			if !slices.ContainsFunc(cols, func(x column) bool { return x.Name == c }) {
				missing = append(missing, c)
			}
		}
		if len(missing) > 0 {
			return fmt.Errorf("%w: table %s lacks %s", ErrSchema, t, strings.Join(missing, ", "))
		}
	}
	return nil
}
