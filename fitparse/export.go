package fitparse

import "time"

// This file holds what bounceback keeps of the JSON files of Garmin
// Connect's account export ("Export Your Data": a zip holding DI_CONNECT/,
// see docs/garmin-export.md). Each JSON file is one [File] of the scan,
// with Export set. Units are SI-like as everywhere in fitparse: seconds,
// bpm, ms for RMSSD, °C, breaths/min, %; NaN (or "", or the zero time)
// when the file did not record the value, including Garmin's 0 that means
// "not measured".

// ExportKind names a JSON file kind of the export.
type ExportKind string

// The JSON file kinds bounceback reads.
const (
	ExportSleep       ExportKind = "sleepData"                // DI-Connect-Wellness/*_sleepData.json
	ExportHealth      ExportKind = "healthStatusData"         // DI-Connect-Wellness/*_healthStatusData.json
	ExportDaySummary  ExportKind = "UDSFile"                  // DI-Connect-Aggregator/UDSFile_*.json
	ExportReadiness   ExportKind = "TrainingReadinessDTO"     // DI-Connect-Metrics/TrainingReadinessDTO_*.json
	ExportLoad        ExportKind = "MetricsAcuteTrainingLoad" // DI-Connect-Metrics/MetricsAcuteTrainingLoad_*.json
	ExportActivities  ExportKind = "summarizedActivities"     // DI-Connect-Fitness/*_summarizedActivities.json
	ExportUserProfile ExportKind = "user_profile"             // DI-Connect-User/user_profile.json
)

// Export is what one JSON file of the account export holds. Only the
// slice of its kind is filled; activities go to File.Sessions and the
// user profile to File.UserProfiles.
type Export struct {
	Kind        ExportKind
	Sleep       []Sleep
	Health      []HealthStatus
	DaySummary  []DaySummary
	Readiness   []GarminReadiness
	Load        []GarminLoad
	BirthDate   time.Time // user_profile's birth date; zero when absent
	ProfileDate time.Time // when the profile was last changed; zero when absent
}

// Sleep is one night of sleepData.
type Sleep struct {
	// Date is the calendar day the night ends on (calendarDate, as
	// midnight UTC of that date).
	Date time.Time
	// Start and End bound the sleep window (UTC).
	Start, End time.Time
	// Deep, Light, REM and Awake are the stage durations, Unmeasurable
	// the time the watch could not classify, seconds.
	Deep, Light, REM, Awake, Unmeasurable float64
	// Score is sleepScores.overallScore (0–100); Quality, Duration,
	// Recovery, DeepScore, REMScore, LightScore, AwakeningsScore,
	// AwakeTimeScore, RestfulnessScore and InterruptionsScore its
	// sub-scores as Garmin wrote them (some are percentages, some 0–100
	// scores).
	Score, Quality, Duration, Recovery                float64
	DeepScore, REMScore, LightScore                   float64
	AwakeningsScore, AwakeTimeScore, RestfulnessScore float64
	InterruptionsScore                                float64
	Feedback, Insight                                 string
	// Respiration is the average, Low and High the lowest and highest
	// breathing rate during sleep, breaths/min.
	Respiration, RespirationLow, RespirationHigh float64
	// Stress is the average sleep stress (0–100); AwakeCount the
	// awakenings; SpO2 the average SpO2 (%) and HR the average heart rate
	// of spo2SleepSummary.
	Stress, AwakeCount, SpO2, HR float64
}

// HealthStatus is one day of healthStatusData: Garmin's overnight values,
// each with Garmin's baseline band (NaN when absent).
type HealthStatus struct {
	Date time.Time
	// HRV is the overnight average RMSSD, ms; HRVStatus Garmin's status in
	// lower case ("balanced", "unbalanced", "low", "poor").
	HRV, HRVLow, HRVHigh float64
	HRVStatus            string
	// RestingHR (bpm), Respiration (breaths/min), SkinTemp (°C, the change
	// from Garmin's baseline as it writes it) and SpO2 (%).
	RestingHR, RestingLow, RestingHigh           float64
	Respiration, RespirationLow, RespirationHigh float64
	SkinTemp, SkinTempLow, SkinTempHigh          float64
	SpO2, SpO2Low, SpO2High                      float64
}

// DaySummary is one day of the UDSFile (Garmin's user daily summary).
type DaySummary struct {
	Date time.Time
	// RestingHR is restingHeartRate (bpm); MinHR and MaxHR the day's.
	RestingHR, MinHR, MaxHR float64
	// Stress is the all-day average stress (aggregator TOTAL), Asleep and
	// Awake the averages of those parts (0–100).
	Stress, StressAsleep, StressAwake float64
	// BodyBattery values (0–100): at the start and end of the day, the
	// highest and lowest, and what was charged and drained.
	BBStart, BBEnd, BBHigh, BBLow, BBCharged, BBDrained float64
	Steps                                               float64
	// Respiration is the average waking breathing rate, breaths/min.
	Respiration float64
	// HydrationL is what was logged as drunk, SweatLossL Garmin's
	// estimate of the day's sweat loss, litres.
	HydrationL, SweatLossL float64
}

// GarminReadiness is Garmin's Training Readiness for a day: the morning
// record (inputContext AFTER_WAKEUP_RESET) when the day has one, else the
// day's first.
type GarminReadiness struct {
	Date time.Time
	// Time is when Garmin computed it (UTC).
	Time time.Time
	// Score is 0–100; Level Garmin's word ("HIGH", "MODERATE", "LOW",
	// "POOR", "PRIME" as written); Feedback its short feedback key.
	Score    float64
	Level    string
	Feedback string
	// The factors, each as Garmin's percentage (0–100, higher is better).
	Sleep, RecoveryTime, ACWR, StressHistory, HRV, SleepHistory float64
	// SleepScore, RecoveryTimeMin (minutes), AcuteLoad and HRVWeekly (ms)
	// are the inputs Garmin reports with it.
	SleepScore, RecoveryTimeMin, AcuteLoad, HRVWeekly float64
	// Context is inputContext ("AFTER_WAKEUP_RESET", ...).
	Context string
}

// GarminLoad is Garmin's acute and chronic training load of a day
// (MetricsAcuteTrainingLoad).
type GarminLoad struct {
	Date time.Time
	// Time is when Garmin computed it (UTC); a day with several records
	// keeps the last.
	Time time.Time
	// Acute and Chronic are Garmin's loads (its EPOC-based units), Ratio
	// their ratio; Status Garmin's word ("OPTIMAL", "HIGH", ...).
	Acute, Chronic, Ratio float64
	Status                string
}
