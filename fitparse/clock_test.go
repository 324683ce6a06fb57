package fitparse

import (
	"path/filepath"
	"testing"
	"time"
)

// TestDeviceClock checks how the device's clock is read on real files: a
// local_timestamp gives the UTC offset; a device whose clock was never set
// (timestamps counting from power-on, FIT date_time < 0x10000000) has its
// times moved onto its wall clock; a local_timestamp that is no time zone is
// ignored.
func TestDeviceClock(t *testing.T) {
	dir := realDir(t)
	tests := []struct {
		name      string
		path      string
		start     string // first session start, RFC 3339 in UTC
		hasOffset bool
		offset    time.Duration
	}{
		{
			name:      "offset from activity local_timestamp",
			path:      "msimms__TestFilesForFitnessApps/fit/20210507_run_garmin_fenix_6.fit",
			hasOffset: true,
			offset:    -4 * time.Hour,
		},
		{
			name:      "unset clock moved to the wall clock",
			path:      "dtcooper__python-fitparse/tests/files/antfs-dump.63.fit",
			start:     "2012-02-13T11:23:51Z",
			hasOffset: true,
			offset:    0,
		},
		{
			name:      "local_timestamp that is no time zone",
			path:      "adriangibbons__php-fit-file-analysis/demo/fit_files/power-analysis.fit",
			start:     "2015-07-21T10:28:36Z",
			hasOffset: false,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := DecodeFile(filepath.Join(dir, tt.path))
			if f.Status != OK {
				t.Fatalf("status %v: %v %v", f.Status, f.Err, f.Warnings)
			}
			if f.HasLocalOffset != tt.hasOffset || (tt.hasOffset && f.LocalOffset != tt.offset) {
				t.Errorf("local offset = %v (known %v), want %v (known %v)", f.LocalOffset, f.HasLocalOffset, tt.offset, tt.hasOffset)
			}
			if tt.start != "" {
				if got := f.Sessions[0].Start.Format(time.RFC3339); got != tt.start {
					t.Errorf("start = %s, want %s", got, tt.start)
				}
			}
			for i, ts := range f.Records.T {
				if ts < 1e9 { // 2001-09-09: no real record is older
					t.Fatalf("record %d at Unix %v: relative time leaked", i, ts)
				}
			}
		})
	}
}
