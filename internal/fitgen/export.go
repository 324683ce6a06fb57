package fitgen

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"math"
	"os"
	"path"
	"strconv"
	"strings"
	"time"
)

// This file writes the demo block as Garmin Connect's account export
// ("Export Your Data"): one zip holding DI_CONNECT/ with the block's FIT
// files in a nested zip and the JSON files Garmin writes beside them,
// their values taken from the same generator state as the FIT files (see
// exportdata.go). The export is generated at test time, never committed.

// Names in the demo export.
const (
	// ExportManifestName and ExportActivitiesName are the manifests at the
	// top level of the zip (outside DI_CONNECT, so bounceback never reads
	// them): what each day's JSON holds, and one row per activity
	// summary.
	ExportManifestName   = "MANIFEST-export.tsv"
	ExportActivitiesName = "MANIFEST-export-activities.tsv"
	// ExportEmail and ExportUserID are the demo account's, as the export
	// names its files with them.
	ExportEmail  = "alex.demo@example.com"
	ExportUserID = 81234567
	// ExportUploadedFiles is the nested zip of the FIT files.
	ExportUploadedFiles = "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip"
)

// ExportCreated is when the demo export was made: the evening of the
// block's last day (the race), so that day's Body Battery has no end of
// day yet.
var ExportCreated = BlockStart.AddDate(0, 0, 7*BlockWeeks-1).Add(20*time.Hour + 15*time.Minute)

// ExportBirthDate is the athlete's birth date in the export's
// user_profile.json: Athlete.Age years old through the block.
var ExportBirthDate = time.Date(1991, 3, 17, 0, 0, 0, 0, time.UTC)

// ExportDisagreement is a day on which the export's JSON and the block's
// wellness FIT files were made to disagree: Garmin Connect recomputed
// the value after the watch wrote its file.
type ExportDisagreement struct {
	// Date is the calendar day (midnight UTC of the local date, as
	// fitparse dates the export's records).
	Date time.Time
	// Measure is "hrv" (healthStatusData's overnight HRV, ms) or
	// "resting_hr" (the daily summary's and healthStatusData's resting
	// heart rate, bpm).
	Measure string
	// Delta is the JSON's value less the FIT file's, before rounding.
	Delta float64
}

// ExportDisagreements are the three designed days of disagreement, all in
// the weeks that have wellness FIT files (WellnessFrom–WellnessTo). On
// every other day the JSON's overnight HRV (within 1 ms), resting heart
// rate and sleep score (within 1) equal the FIT files'.
var ExportDisagreements = []ExportDisagreement{
	{Date: exportDate(dayIndex(5, 3)), Measure: "hrv", Delta: 9},
	{Date: exportDate(dayIndex(6, 4)), Measure: "resting_hr", Delta: 4},
	{Date: exportDate(dayIndex(7, 2)), Measure: "hrv", Delta: -8},
}

// exportDate is day d of the block as midnight UTC of its local date.
func exportDate(d int) time.Time {
	t := BlockStart.AddDate(0, 0, d)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// The quirks of the export's days (ExportDay.Quirks).
const (
	// QuirkNotWorn: the watch was not worn (includesWellnessData false,
	// no sleep, health status or Training Readiness; an Edge recorded
	// the day's ride).
	QuirkNotWorn = "not_worn"
	// QuirkNoHRV: healthStatusData's HRV is 0 (not measured).
	QuirkNoHRV = "hrv_not_measured"
	// QuirkNoSleepScore: the night has stages but no sleepScores, and its
	// sleep stress is -1.
	QuirkNoSleepScore = "no_sleep_score"
	// QuirkRestZero: the daily summary's resting heart rate is 0; the
	// health status has it.
	QuirkRestZero = "uds_resting_hr_0"
	// QuirkStressTooActive: the daily summary's all-day stress is -2.
	QuirkStressTooActive = "stress_-2"
	// QuirkHydrationRecord: the day's hydration is in a second daily
	// summary record that holds only hydration.
	QuirkHydrationRecord = "hydration_record"
	// QuirkNoRespiration: the night's breathing rate is 0 in sleepData
	// and healthStatusData.
	QuirkNoRespiration = "respiration_0"
	// QuirkNoSpO2: SpO2 is 0 (not measured).
	QuirkNoSpO2 = "spo2_0"
	// QuirkDayNotOver: the export was made before the day ended: Body
	// Battery has MOSTRECENT, no ENDOFDAY.
	QuirkDayNotOver = "day_not_over"
	// QuirkDisagreeHRV and QuirkDisagreeRest mark ExportDisagreements.
	QuirkDisagreeHRV  = "disagree_hrv"
	QuirkDisagreeRest = "disagree_resting_hr"
)

// ExportDay is one calendar day of the demo export: what its JSON files
// hold, as bounceback should read them (NaN, "" or the zero time where
// the JSON has no value or Garmin's 0, -1 or -2 for "not measured"), and
// what the block's wellness FIT files hold for the same day.
type ExportDay struct {
	// Date is midnight UTC of the local date.
	Date time.Time
	// Worn is false on the day the watch was not worn.
	Worn bool
	// HRV is healthStatusData's overnight HRV (ms), HRVStatus its status
	// in lower case; RestingHR the daily summary's resting heart rate
	// (bpm, else healthStatusData's); SleepScore sleepData's overall
	// score.
	HRV        float64
	HRVStatus  string
	RestingHR  float64
	SleepScore float64
	// FITHRV (hrv_status_summary's last night average, ms), FITRestingHR
	// (monitoring_hr_data's current day resting heart rate, bpm) and
	// FITSleepScore (sleep_assessment's overall score) are the values of
	// the wellness FIT files of the same day as written; NaN on days
	// without them.
	FITHRV, FITRestingHR, FITSleepScore float64
	// The night (sleepData): window, stages (s), breathing rate, SpO2,
	// average sleep stress.
	SleepStart, SleepEnd                  time.Time
	Deep, Light, REM, Awake, Unmeasurable float64
	Respiration, SpO2, SleepStress        float64
	// The day (UDSFile): all-day stress (TOTAL, AWAKE, ASLEEP), Body
	// Battery, steps, drunk and sweat loss (L).
	Stress, StressAwake, StressAsleep                   float64
	BBStart, BBEnd, BBHigh, BBLow, BBCharged, BBDrained float64
	Steps                                               float64
	HydrationL, SweatLossL                              float64
	// Readiness is Garmin's morning Training Readiness (the
	// AFTER_WAKEUP_RESET record), ReadinessLevel its level, at
	// ReadinessTime; ReadinessRecords counts the day's records.
	Readiness        float64
	ReadinessLevel   string
	ReadinessTime    time.Time
	ReadinessRecords int
	// Acute, Chronic, Ratio and ACWRStatus are the day's last
	// MetricsAcuteTrainingLoad record.
	Acute, Chronic, Ratio float64
	ACWRStatus            string
	// Load is the day's summed activity training load (EPOC).
	Load float64
	// Quirks lists the day's Quirk* values.
	Quirks []string
}

// HasQuirk reports whether the day has quirk q.
func (d *ExportDay) HasQuirk(q string) bool {
	for _, x := range d.Quirks {
		if x == q {
			return true
		}
	}
	return false
}

// ExportActivity is one record of summarizedActivities.
type ExportActivity struct {
	ID int64
	// ParentID is the multisport parent's ID for a leg, 0 otherwise;
	// Parent marks the multisport parent (which bounceback drops, its legs
	// being in the file).
	ParentID int64
	Parent   bool
	// Type is activityType; Sport and SubSport the FIT profile names
	// fitparse maps it to.
	Type, Sport, SubSport string
	// Start is startTimeGmt (UTC); Timer (duration) and Elapsed
	// (elapsedDuration) in s; Distance in m.
	Start          time.Time
	Timer, Elapsed float64
	Distance       float64
	// AvgHR and MaxHR in bpm, NaN without heart rate; Calories in kcal;
	// EPOC is activityTrainingLoad (NaN when absent); SweatLoss is
	// waterEstimated in litres (NaN when absent).
	AvgHR, MaxHR, Calories, EPOC, SweatLoss float64
	// FIT is the path, in the block, of the FIT file that recorded it,
	// and Session its session there; "" and -1 for an activity without a
	// FIT file (a strength session, a manual entry). The multisport
	// parent names its file with Session -1.
	FIT     string
	Session int
	// Manual marks a manually entered activity.
	Manual bool
}

// ExportManifest is what the demo export holds.
type ExportManifest struct {
	// Days are the block's days in order.
	Days []ExportDay
	// Activities are the activity summaries, by start.
	Activities []ExportActivity
	// Disagreements are ExportDisagreements.
	Disagreements []ExportDisagreement
	// Members are the zip's member names in order, UploadedFiles its
	// nested zip's (the block's activity and wellness FIT files, by their
	// base names); NotRead names the JSON members bounceback does not
	// read.
	Members, UploadedFiles, NotRead []string
}

// Day returns the manifest's day of date (midnight UTC of the local
// date), nil outside the block.
func (m *ExportManifest) Day(date time.Time) *ExportDay {
	for i := range m.Days {
		if m.Days[i].Date.Equal(date) {
			return &m.Days[i]
		}
	}
	return nil
}

// GarminExportManifest returns what GarminExport writes, without writing
// it.
func GarminExportManifest() (*ExportManifest, error) {
	x, err := buildExport()
	if err != nil {
		return nil, err
	}
	return x.manifest(), nil
}

// GarminExport writes the demo block as Garmin Connect's account export,
// one zip, to w, and returns its manifest. The layout is the real
// export's:
//
//	MANIFEST-export.tsv, MANIFEST-export-activities.tsv   (ours, outside DI_CONNECT)
//	DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip
//	DI_CONNECT/DI-Connect-Wellness/<from>_<to>_<userid>_sleepData.json   (two shards)
//	DI_CONNECT/DI-Connect-Wellness/<userid>_healthStatusData.json
//	DI_CONNECT/DI-Connect-Aggregator/UDSFile_<from>_<to>.json             (two shards)
//	DI_CONNECT/DI-Connect-Metrics/TrainingReadinessDTO_<from>_<to>.json
//	DI_CONNECT/DI-Connect-Metrics/MetricsAcuteTrainingLoad_<from>_<to>.json
//	DI_CONNECT/DI-Connect-Metrics/MetricsMaxMetData_<from>_<to>.json      (not read)
//	DI_CONNECT/DI-Connect-Fitness/<email>_0_summarizedActivities.json
//	DI_CONNECT/DI-Connect-Fitness/<email>_gear.json, _personalRecord.json (not read)
//	DI_CONNECT/DI-Connect-User/user_profile.json
//
// The nested zip holds the block's activity files (morning readings
// included) and wellness files, not its workout and settings files. The
// same call always writes the same bytes.
func GarminExport(w io.Writer) (*ExportManifest, error) {
	x, err := buildExport()
	if err != nil {
		return nil, err
	}
	if err := x.writeZip(w); err != nil {
		return nil, err
	}
	return x.manifest(), nil
}

// WriteGarminExport writes GarminExport's zip to the file name.
func WriteGarminExport(name string) (*ExportManifest, error) {
	f, err := os.Create(name)
	if err != nil {
		return nil, err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	m, err := GarminExport(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
		return nil, err
	}
	return m, nil
}

// member is one file of the export zip.
type member struct {
	name string
	data []byte
}

// zipModified is the modification time of every zip member.
func zipModified() time.Time { return ExportCreated.UTC().Add(40 * time.Minute) }

// newZipWriter is a zip writer that deflates at flate's best speed: the
// FIT files of the block are 7 MB, and the export is generated at test
// time.
func newZipWriter(w io.Writer) *zip.Writer {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestSpeed)
	})
	return zw
}

// writeZipTo writes members as a zip, deflated.
func writeZipTo(w io.Writer, members []member) error {
	zw := newZipWriter(w)
	for _, m := range members {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: m.name, Method: zip.Deflate, Modified: zipModified()})
		if err != nil {
			return err
		}
		if _, err := fw.Write(m.data); err != nil {
			return err
		}
	}
	return zw.Close()
}

// writeZip writes the export.
func (x *exportModel) writeZip(w io.Writer) error {
	var inner bytes.Buffer
	if err := writeZipTo(&inner, x.uploaded); err != nil {
		return err
	}
	zw := newZipWriter(w)
	put := func(name string, data []byte, method uint16) error {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method, Modified: zipModified()})
		if err != nil {
			return err
		}
		_, err = fw.Write(data)
		return err
	}
	if err := put(ExportManifestName, x.manifest().daysTSV(), zip.Deflate); err != nil {
		return err
	}
	if err := put(ExportActivitiesName, x.manifest().activitiesTSV(), zip.Deflate); err != nil {
		return err
	}
	// The nested zip is stored: its members are deflated already.
	if err := put(ExportUploadedFiles, inner.Bytes(), zip.Store); err != nil {
		return err
	}
	for _, m := range x.json {
		if err := put(m.name, m.data, zip.Deflate); err != nil {
			return err
		}
	}
	return zw.Close()
}

// manifest returns the model's manifest.
func (x *exportModel) manifest() *ExportManifest {
	m := &ExportManifest{Disagreements: append([]ExportDisagreement(nil), ExportDisagreements...)}
	for _, d := range x.days {
		e := d.out
		e.Quirks = append([]string(nil), d.out.Quirks...)
		m.Days = append(m.Days, e)
	}
	for _, a := range x.acts {
		m.Activities = append(m.Activities, a.out)
	}
	m.Members = []string{ExportManifestName, ExportActivitiesName, ExportUploadedFiles}
	for _, j := range x.json {
		m.Members = append(m.Members, j.name)
		if ExportNotRead(j.name) {
			m.NotRead = append(m.NotRead, j.name)
		}
	}
	for _, u := range x.uploaded {
		m.UploadedFiles = append(m.UploadedFiles, u.name)
	}
	return m
}

// ExportNotRead reports whether a member of the demo export is one of
// the JSON files bounceback does not read (gear, personal records,
// VO2max history).
func ExportNotRead(name string) bool {
	b := path.Base(name)
	return strings.HasSuffix(b, "_gear.json") || strings.HasSuffix(b, "_personalRecord.json") ||
		strings.HasPrefix(b, "MetricsMaxMetData_")
}

// tsvNum formats a manifest value: "-" for NaN.
func tsvNum(x float64, prec int) string {
	if math.IsNaN(x) {
		return "-"
	}
	return strconv.FormatFloat(x, 'f', prec, 64)
}

func tsvText(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func tsvTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}

// exportDaysHeader lists the columns of MANIFEST-export.tsv.
var exportDaysHeader = []string{"date", "worn", "hrv_ms", "fit_hrv_ms", "hrv_status", "resting_hr", "fit_resting_hr",
	"sleep_score", "fit_sleep_score", "sleep_start", "sleep_end", "deep_s", "light_s", "rem_s", "awake_s",
	"respiration", "spo2", "stress", "bb_high", "bb_low", "bb_end", "steps", "hydration_l", "sweat_loss_l",
	"readiness", "readiness_level", "readiness_records", "acute", "chronic", "acwr", "acwr_status", "load", "quirks"}

// daysTSV renders the days as MANIFEST-export.tsv.
func (m *ExportManifest) daysTSV() []byte {
	var b bytes.Buffer
	b.WriteString("# bounceback demo block as Garmin Connect's account export: one row per day, the values of its JSON files\n")
	b.WriteString("# as bounceback should read them (- for none or Garmin's not-measured 0/-1/-2), and the wellness FIT files' (fit_*).\n")
	b.WriteString("# Generated by internal/fitgen (fitgen -export FILE.zip); designed disagreements: ")
	for i, d := range m.Disagreements {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s %s %+g", d.Date.Format(time.DateOnly), d.Measure, d.Delta)
	}
	b.WriteString("\n")
	b.WriteString(strings.Join(exportDaysHeader, "\t") + "\n")
	for _, d := range m.Days {
		q := strings.Join(d.Quirks, ",")
		cols := []string{d.Date.Format(time.DateOnly), strconv.FormatBool(d.Worn), tsvNum(d.HRV, 0), tsvNum(d.FITHRV, 2),
			tsvText(d.HRVStatus), tsvNum(d.RestingHR, 0), tsvNum(d.FITRestingHR, 0), tsvNum(d.SleepScore, 0),
			tsvNum(d.FITSleepScore, 0), tsvTime(d.SleepStart), tsvTime(d.SleepEnd), tsvNum(d.Deep, 0),
			tsvNum(d.Light, 0), tsvNum(d.REM, 0), tsvNum(d.Awake, 0), tsvNum(d.Respiration, 1), tsvNum(d.SpO2, 0),
			tsvNum(d.Stress, 0), tsvNum(d.BBHigh, 0), tsvNum(d.BBLow, 0), tsvNum(d.BBEnd, 0), tsvNum(d.Steps, 0),
			tsvNum(d.HydrationL, 3), tsvNum(d.SweatLossL, 3), tsvNum(d.Readiness, 0), tsvText(d.ReadinessLevel),
			strconv.Itoa(d.ReadinessRecords), tsvNum(d.Acute, 0), tsvNum(d.Chronic, 0), tsvNum(d.Ratio, 1),
			tsvText(d.ACWRStatus), tsvNum(d.Load, 1), tsvText(q)}
		b.WriteString(strings.Join(cols, "\t") + "\n")
	}
	return b.Bytes()
}

// exportActivitiesHeader lists the columns of MANIFEST-export-activities.tsv.
var exportActivitiesHeader = []string{"activity_id", "parent_id", "type", "sport", "sub_sport", "start", "timer_s",
	"elapsed_s", "distance_m", "avg_hr", "max_hr", "calories", "training_load", "sweat_loss_l", "fit", "session", "note"}

// activitiesTSV renders the activities as MANIFEST-export-activities.tsv.
func (m *ExportManifest) activitiesTSV() []byte {
	var b bytes.Buffer
	b.WriteString("# bounceback demo block as Garmin Connect's account export: one row per record of summarizedActivities.\n")
	b.WriteString("# fit names the block's FIT file of the activity (- when it has none); note: parent (multisport, dropped), manual.\n")
	b.WriteString(strings.Join(exportActivitiesHeader, "\t") + "\n")
	for _, a := range m.Activities {
		note := "-"
		switch {
		case a.Parent:
			note = "parent"
		case a.Manual:
			note = "manual"
		}
		cols := []string{strconv.FormatInt(a.ID, 10), strconv.FormatInt(a.ParentID, 10), a.Type, a.Sport,
			tsvText(a.SubSport), tsvTime(a.Start), tsvNum(a.Timer, 0), tsvNum(a.Elapsed, 0), tsvNum(a.Distance, 1),
			tsvNum(a.AvgHR, 0), tsvNum(a.MaxHR, 0), tsvNum(a.Calories, 0), tsvNum(a.EPOC, 1), tsvNum(a.SweatLoss, 3),
			tsvText(a.FIT), strconv.Itoa(a.Session), note}
		b.WriteString(strings.Join(cols, "\t") + "\n")
	}
	return b.Bytes()
}
