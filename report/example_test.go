package report_test

import (
	"math"
	"os"
	"time"

	"github.com/bounceback/bounceback/analysis"
	"github.com/bounceback/bounceback/fitparse"
	"github.com/bounceback/bounceback/report"
)

// exampleBlock is one easy run and one ride without heart rate.
func exampleBlock() *analysis.Block {
	nan := math.NaN()
	run := analysis.SessionSummary{Session: fitparse.Session{Sport: "running", SubSport: "trail", Start: time.Date(2024, 3, 5, 6, 12, 0, 0, time.UTC), Timer: 2711.5, Elapsed: 2790, Distance: 8043.7, Calories: 612, AvgHR: 138, MaxHR: 151, AvgTemp: nan, MaxTemp: nan, AerobicTE: 2.8, AnaerobicTE: nan, EPOC: nan, RPE: nan, Feel: nan, SweatLoss: nan}, Measures: analysis.Measures{HRSamples: 2712, RRIntervals: 3811}}
	ride := analysis.SessionSummary{Session: fitparse.Session{Sport: "cycling", Start: time.Date(2024, 3, 6, 16, 0, 0, 0, time.UTC), Timer: 3600, Elapsed: 3650, Distance: 30120, Calories: nan, AvgHR: nan, MaxHR: nan, AvgTemp: 18, MaxTemp: 21, AerobicTE: nan, AnaerobicTE: nan, EPOC: nan, RPE: nan, Feel: nan, SweatLoss: nan}}
	return analysis.Build([]analysis.FileSummary{
		{FileID: fitparse.FileID{Manufacturer: "garmin", Product: "fr955"}, Path: "runs/trail.fit", Status: fitparse.OK, HRSource: fitparse.HRRecord, Sessions: []analysis.SessionSummary{run}},
		{FileID: fitparse.FileID{Manufacturer: "wahoo_fitness"}, Path: "rides/commute.fit", Status: fitparse.OK, HRSource: fitparse.HRNone, Sessions: []analysis.SessionSummary{ride}},
	}, analysis.Options{})
}

func ExampleSessionsText() {
	// At 80 columns, the least important columns give way.
	err := report.SessionsText(os.Stdout, exampleBlock(), report.Options{Width: 80})
	if err != nil {
		panic(err)
	}
	// Output:
	// start             sport               time   dist  avg HR  max HR  file
	// (UTC)                            (h:mm:ss)   (km)   (bpm)   (bpm)
	// ------------------------------------------------------------------------------
	// 2024-03-05 06:12  running/trail    0:45:12   8.04     138     151  trail.fit
	// 2024-03-06 16:00  cycling          1:00:00  30.12                  commute.fit
	// ------------------------------------------------------------------------------
	// 2 sessions                         1:45:12
	// distance: running 8.0 km, cycling 30.1 km
}

func ExampleSessionsCSV() {
	if err := report.SessionsCSV(os.Stdout, exampleBlock()); err != nil {
		panic(err)
	}
	// Output:
	// path,start,start_local,sport,sub_sport,timer_s,elapsed_s,distance_m,calories_kcal,avg_hr_bpm,max_hr_bpm,avg_temperature_c,max_temperature_c,aerobic_te,anaerobic_te,epoc,rpe,feel,sweat_loss_l,hr_source,hr_samples,rr_intervals,device,status
	// runs/trail.fit,2024-03-05T06:12:00Z,,running,trail,2711.5,2790,8043.7,612,138,151,,,2.8,,,,,,record,2712,3811,garmin fr955,ok
	// rides/commute.fit,2024-03-06T16:00:00Z,,cycling,,3600,3650,30120,,,,18,21,,,,,,,none,0,0,wahoo_fitness,ok
}
