package fitparse

// This file is the part of the FIT profile that bounceback reads: the
// global message numbers and field numbers the listener names, and for
// each field read, how the FIT profile (21.x, as the FIT library v0.28
// carries it) defines it: the base type its value is read as, whether it is
// an array, its scale and offset, and the components it expands into. A
// test checks every entry against the library's profile.

// Global message numbers read (mesgRecord, mesgHRV, mesgHR and
// mesgFieldDescription are in frame.go).
const (
	mesgFileID               = 0
	mesgUserProfile          = 3
	mesgSport                = 12
	mesgSession              = 18
	mesgLap                  = 19
	mesgEvent                = 21
	mesgActivity             = 34
	mesgMonitoringInfo       = 103
	mesgWeatherConditions    = 128
	mesgGarmin               = 140 // undocumented: Garmin's physiological metrics
	mesgTimestampCorrelation = 162
	mesgMonitoringHRData     = 211
	mesgTimeInZone           = 216
	mesgSleepAssessment      = 346
	mesgHRVStatusSummary     = 370
	mesgHRVValue             = 371
)

// fieldTimestamp is the field number of the timestamp of every message.
const fieldTimestamp = 253

// Field numbers read, per message.
const (
	fileIDType         = 0
	fileIDManufacturer = 1
	fileIDProduct      = 2
	fileIDSerialNumber = 3
	fileIDTimeCreated  = 4
	fileIDProductName  = 8

	userProfileGender    = 1
	userProfileAge       = 2
	userProfileHeight    = 3
	userProfileWeight    = 4
	userProfileRestingHR = 8
	userProfileMaxHR     = 11 // default_max_heart_rate

	sportSport    = 0
	sportSubSport = 1

	sessionStartTime    = 2
	sessionSport        = 5
	sessionSubSport     = 6
	sessionElapsed      = 7 // total_elapsed_time
	sessionTimer        = 8 // total_timer_time
	sessionDistance     = 9
	sessionCalories     = 11
	sessionAvgSpeed     = 14
	sessionMaxSpeed     = 15
	sessionAvgHR        = 16
	sessionMaxHR        = 17
	sessionAvgPower     = 20
	sessionMaxPower     = 21
	sessionAscent       = 22
	sessionAerobicTE    = 24 // total_training_effect
	sessionFirstLap     = 25
	sessionNumLaps      = 26
	sessionAvgTemp      = 57
	sessionMaxTemp      = 58
	sessionTimeInHRZone = 65
	sessionEnhAvgSpeed  = 124
	sessionEnhMaxSpeed  = 125
	sessionAnaerobicTE  = 137
	sessionEPOC         = 168 // training_load_peak
	sessionSweatLoss    = 178 // undocumented
	sessionFeel         = 192 // workout_feel
	sessionRPE          = 193 // workout_rpe

	lapStartTime   = 2
	lapElapsed     = 7
	lapTimer       = 8
	lapDistance    = 9
	lapAvgSpeed    = 13
	lapMaxSpeed    = 14
	lapAvgHR       = 15
	lapMaxHR       = 16
	lapAvgPower    = 19
	lapIntensity   = 23
	lapSport       = 25
	lapSubSport    = 39
	lapEnhAvgSpeed = 110

	recordAltitude        = 2
	recordHR              = 3
	recordCadence         = 4
	recordDistance        = 5
	recordSpeed           = 6
	recordPower           = 7
	recordCompressedSpeed = 8 // compressed_speed_distance
	recordTemperature     = 13
	recordEnhSpeed        = 73
	recordEnhAltitude     = 78

	eventEvent = 0
	eventType  = 1

	hrvTime = 0

	activityLocalTimestamp       = 5
	monitoringInfoLocalTimestamp = 0

	weatherTemperature = 1
	weatherHumidity    = 7

	garminAerobicTE    = 4
	garminVO2max       = 7
	garminRecoveryTime = 9

	correlationFractional  = 0 // fractional_timestamp
	correlationSystem      = 1 // system_timestamp
	correlationSystemFrac  = 2 // fractional_system_timestamp
	correlationLocal       = 3 // local_timestamp
	correlationTimestampMS = 4
	correlationSystemMS    = 5 // system_timestamp_ms
	hrFractional           = 0 // fractional_timestamp
	hrTime256              = 1
	hrFilteredBPM          = 6
	hrEventTimestamp       = 9
	hrEventTimestamp12     = 10
	monitoringHRRest7      = 0 // resting_heart_rate
	monitoringHRRestToday  = 1 // current_day_resting_heart_rate
	timeInZoneReference    = 0 // reference_mesg
	timeInZoneTimeInHRZone = 2
	timeInZoneHRZoneHigh   = 6 // hr_zone_high_boundary
	timeInZoneHRCalc       = 10
	timeInZoneMaxHR        = 11
	timeInZoneRestingHR    = 12
	timeInZoneThresholdHR  = 13
	timeInZoneFTP          = 15
	hrvSummaryWeekly       = 0 // weekly_average
	hrvSummaryLastNight    = 1 // last_night_average
	hrvSummaryBaselineLow  = 4 // baseline_balanced_lower
	hrvSummaryBaselineHigh = 5 // baseline_balanced_upper
	hrvSummaryStatus       = 6
	hrvValueValue          = 0
	sleepAssessmentScore   = 6 // overall_sleep_score
)

// FIT base types (the base type byte, endian bit included).
const (
	btEnum    = 0x00
	btSint8   = 0x01
	btUint8   = 0x02
	btSint16  = 0x83
	btUint16  = 0x84
	btSint32  = 0x85
	btUint32  = 0x86
	btFloat32 = 0x88
	btFloat64 = 0x89
	btUint8z  = 0x0A
	btUint16z = 0x8B
	btUint32z = 0x8C
	btSint64  = 0x8E
	btUint64  = 0x8F
	btUint64z = 0x90
)

// baseTypeSize returns the size in bytes of a value of base type bt.
func baseTypeSize(bt byte) int {
	switch bt {
	case btSint16, btUint16, btUint16z:
		return 2
	case btSint32, btUint32, btUint32z, btFloat32:
		return 4
	case btFloat64, btSint64, btUint64, btUint64z:
		return 8
	}
	return 1
}

// fieldSpec is how a field is read: as the profile defines it for a field
// the profile knows, as its definition says for one it does not.
type fieldSpec struct {
	bt            byte // base type the value is read as
	arr           bool // an array, whatever its size
	known         bool // defined by the profile
	acc           bool // the profile's accumulate flag
	scale, offset float64
	comps         []component
}

// component is part of a field's value that the profile expands into
// another field (FIT profile components), as the FIT library does.
type component struct {
	dest          byte // field number of the destination
	bits          uint8
	acc           bool // accumulated over messages
	scale, offset float64
	spec          *fieldSpec // the destination's spec
}

type specEntry struct {
	mesg  uint16
	num   byte
	bt    byte
	arr   bool
	scale float64
	off   float64
	acc   bool
	comps []component // spec filled in by init
}

// readFields lists the fields read and the profile's definition of each.
// Fields read that the profile does not define (session 178, message
// 140, sleep_assessment's timestamp) are read by their definitions and
// are not listed.
var readFields = []specEntry{
	{mesg: mesgFileID, num: fileIDType, bt: btEnum},
	{mesg: mesgFileID, num: fileIDManufacturer, bt: btUint16},
	{mesg: mesgFileID, num: fileIDProduct, bt: btUint16},
	{mesg: mesgFileID, num: fileIDSerialNumber, bt: btUint32z},
	{mesg: mesgFileID, num: fileIDTimeCreated, bt: btUint32},
	{mesg: mesgFileID, num: fileIDProductName, bt: baseString},

	{mesg: mesgUserProfile, num: userProfileGender, bt: btEnum},
	{mesg: mesgUserProfile, num: userProfileAge, bt: btUint8},
	{mesg: mesgUserProfile, num: userProfileHeight, bt: btUint8, scale: 100},
	{mesg: mesgUserProfile, num: userProfileWeight, bt: btUint16, scale: 10},
	{mesg: mesgUserProfile, num: userProfileRestingHR, bt: btUint8},
	{mesg: mesgUserProfile, num: userProfileMaxHR, bt: btUint8},

	{mesg: mesgSport, num: sportSport, bt: btEnum},
	{mesg: mesgSport, num: sportSubSport, bt: btEnum},

	{mesg: mesgSession, num: fieldTimestamp, bt: btUint32},
	{mesg: mesgSession, num: sessionStartTime, bt: btUint32},
	{mesg: mesgSession, num: sessionSport, bt: btEnum},
	{mesg: mesgSession, num: sessionSubSport, bt: btEnum},
	{mesg: mesgSession, num: sessionElapsed, bt: btUint32, scale: 1000},
	{mesg: mesgSession, num: sessionTimer, bt: btUint32, scale: 1000},
	{mesg: mesgSession, num: sessionDistance, bt: btUint32, scale: 100},
	{mesg: mesgSession, num: sessionCalories, bt: btUint16},
	{mesg: mesgSession, num: sessionAvgSpeed, bt: btUint16, scale: 1000,
		comps: []component{{dest: sessionEnhAvgSpeed, bits: 16, scale: 1000}}},
	{mesg: mesgSession, num: sessionMaxSpeed, bt: btUint16, scale: 1000,
		comps: []component{{dest: sessionEnhMaxSpeed, bits: 16, scale: 1000}}},
	{mesg: mesgSession, num: sessionAvgHR, bt: btUint8},
	{mesg: mesgSession, num: sessionMaxHR, bt: btUint8},
	{mesg: mesgSession, num: sessionAvgPower, bt: btUint16},
	{mesg: mesgSession, num: sessionMaxPower, bt: btUint16},
	{mesg: mesgSession, num: sessionAscent, bt: btUint16},
	{mesg: mesgSession, num: sessionAerobicTE, bt: btUint8, scale: 10},
	{mesg: mesgSession, num: sessionFirstLap, bt: btUint16},
	{mesg: mesgSession, num: sessionNumLaps, bt: btUint16},
	{mesg: mesgSession, num: sessionAvgTemp, bt: btSint8},
	{mesg: mesgSession, num: sessionMaxTemp, bt: btSint8},
	{mesg: mesgSession, num: sessionTimeInHRZone, bt: btUint32, arr: true, scale: 1000},
	{mesg: mesgSession, num: sessionEnhAvgSpeed, bt: btUint32, scale: 1000},
	{mesg: mesgSession, num: sessionEnhMaxSpeed, bt: btUint32, scale: 1000},
	{mesg: mesgSession, num: sessionAnaerobicTE, bt: btUint8, scale: 10},
	{mesg: mesgSession, num: sessionEPOC, bt: btSint32, scale: 65536},
	{mesg: mesgSession, num: sessionFeel, bt: btUint8},
	{mesg: mesgSession, num: sessionRPE, bt: btUint8},

	{mesg: mesgLap, num: fieldTimestamp, bt: btUint32},
	{mesg: mesgLap, num: lapStartTime, bt: btUint32},
	{mesg: mesgLap, num: lapElapsed, bt: btUint32, scale: 1000},
	{mesg: mesgLap, num: lapTimer, bt: btUint32, scale: 1000},
	{mesg: mesgLap, num: lapDistance, bt: btUint32, scale: 100},
	{mesg: mesgLap, num: lapAvgSpeed, bt: btUint16, scale: 1000,
		comps: []component{{dest: lapEnhAvgSpeed, bits: 16, scale: 1000}}},
	{mesg: mesgLap, num: lapAvgHR, bt: btUint8},
	{mesg: mesgLap, num: lapMaxHR, bt: btUint8},
	{mesg: mesgLap, num: lapAvgPower, bt: btUint16},
	{mesg: mesgLap, num: lapIntensity, bt: btEnum},
	{mesg: mesgLap, num: lapSport, bt: btEnum},
	{mesg: mesgLap, num: lapSubSport, bt: btEnum},
	{mesg: mesgLap, num: lapEnhAvgSpeed, bt: btUint32, scale: 1000},

	{mesg: mesgRecord, num: fieldTimestamp, bt: btUint32},
	{mesg: mesgRecord, num: recordAltitude, bt: btUint16, scale: 5, off: 500,
		comps: []component{{dest: recordEnhAltitude, bits: 16, scale: 5, offset: 500}}},
	{mesg: mesgRecord, num: recordHR, bt: btUint8},
	{mesg: mesgRecord, num: recordCadence, bt: btUint8},
	{mesg: mesgRecord, num: recordDistance, bt: btUint32, scale: 100, acc: true},
	{mesg: mesgRecord, num: recordSpeed, bt: btUint16, scale: 1000,
		comps: []component{{dest: recordEnhSpeed, bits: 16, scale: 1000}}},
	{mesg: mesgRecord, num: recordPower, bt: btUint16},
	{mesg: mesgRecord, num: recordCompressedSpeed, bt: baseByte, arr: true,
		comps: []component{{dest: recordSpeed, bits: 12, scale: 100}, {dest: recordDistance, bits: 12, scale: 16, acc: true}}},
	{mesg: mesgRecord, num: recordTemperature, bt: btSint8},
	{mesg: mesgRecord, num: recordEnhSpeed, bt: btUint32, scale: 1000},
	{mesg: mesgRecord, num: recordEnhAltitude, bt: btUint32, scale: 5, off: 500},

	{mesg: mesgEvent, num: fieldTimestamp, bt: btUint32},
	{mesg: mesgEvent, num: eventEvent, bt: btEnum},
	{mesg: mesgEvent, num: eventType, bt: btEnum},

	{mesg: mesgHRV, num: hrvTime, bt: btUint16, arr: true, scale: 1000},

	{mesg: mesgHR, num: fieldTimestamp, bt: btUint32},
	{mesg: mesgHR, num: hrFractional, bt: btUint16, scale: 32768},
	{mesg: mesgHR, num: hrTime256, bt: btUint8, scale: 256,
		comps: []component{{dest: hrFractional, bits: 8, scale: 256}}},
	{mesg: mesgHR, num: hrFilteredBPM, bt: btUint8, arr: true},
	{mesg: mesgHR, num: hrEventTimestamp, bt: btUint32, arr: true, scale: 1024, acc: true},
	{mesg: mesgHR, num: hrEventTimestamp12, bt: baseByte, arr: true, acc: true,
		comps: eventTimestamp12},

	{mesg: mesgActivity, num: fieldTimestamp, bt: btUint32},
	{mesg: mesgActivity, num: activityLocalTimestamp, bt: btUint32},
	{mesg: mesgMonitoringInfo, num: fieldTimestamp, bt: btUint32},
	{mesg: mesgMonitoringInfo, num: monitoringInfoLocalTimestamp, bt: btUint32},

	{mesg: mesgWeatherConditions, num: fieldTimestamp, bt: btUint32},
	{mesg: mesgWeatherConditions, num: weatherTemperature, bt: btSint8},
	{mesg: mesgWeatherConditions, num: weatherHumidity, bt: btUint8},

	{mesg: mesgTimestampCorrelation, num: fieldTimestamp, bt: btUint32},
	{mesg: mesgTimestampCorrelation, num: correlationFractional, bt: btUint16, scale: 32768},
	{mesg: mesgTimestampCorrelation, num: correlationSystem, bt: btUint32},
	{mesg: mesgTimestampCorrelation, num: correlationSystemFrac, bt: btUint16, scale: 32768},
	{mesg: mesgTimestampCorrelation, num: correlationLocal, bt: btUint32},
	{mesg: mesgTimestampCorrelation, num: correlationTimestampMS, bt: btUint16},
	{mesg: mesgTimestampCorrelation, num: correlationSystemMS, bt: btUint16},

	{mesg: mesgMonitoringHRData, num: fieldTimestamp, bt: btUint32},
	{mesg: mesgMonitoringHRData, num: monitoringHRRest7, bt: btUint8},
	{mesg: mesgMonitoringHRData, num: monitoringHRRestToday, bt: btUint8},

	{mesg: mesgTimeInZone, num: fieldTimestamp, bt: btUint32},
	{mesg: mesgTimeInZone, num: timeInZoneReference, bt: btUint16},
	{mesg: mesgTimeInZone, num: timeInZoneTimeInHRZone, bt: btUint32, arr: true, scale: 1000},
	{mesg: mesgTimeInZone, num: timeInZoneHRZoneHigh, bt: btUint8, arr: true},
	{mesg: mesgTimeInZone, num: timeInZoneHRCalc, bt: btEnum},
	{mesg: mesgTimeInZone, num: timeInZoneMaxHR, bt: btUint8},
	{mesg: mesgTimeInZone, num: timeInZoneRestingHR, bt: btUint8},
	{mesg: mesgTimeInZone, num: timeInZoneThresholdHR, bt: btUint8},
	{mesg: mesgTimeInZone, num: timeInZoneFTP, bt: btUint16},

	{mesg: mesgSleepAssessment, num: sleepAssessmentScore, bt: btUint8},

	{mesg: mesgHRVStatusSummary, num: fieldTimestamp, bt: btUint32},
	{mesg: mesgHRVStatusSummary, num: hrvSummaryWeekly, bt: btUint16, scale: 128},
	{mesg: mesgHRVStatusSummary, num: hrvSummaryLastNight, bt: btUint16, scale: 128},
	{mesg: mesgHRVStatusSummary, num: hrvSummaryBaselineLow, bt: btUint16, scale: 128},
	{mesg: mesgHRVStatusSummary, num: hrvSummaryBaselineHigh, bt: btUint16, scale: 128},
	{mesg: mesgHRVStatusSummary, num: hrvSummaryStatus, bt: btEnum},

	{mesg: mesgHRVValue, num: fieldTimestamp, bt: btUint32},
	{mesg: mesgHRVValue, num: hrvValueValue, bt: btUint16, scale: 128},
}

// eventTimestamp12 is the expansion of hr.event_timestamp_12: ten 12-bit
// event times in 1/1024 s, accumulated into event_timestamp across their
// rollover.
var eventTimestamp12 = func() []component {
	c := make([]component, 10)
	for i := range c {
		c[i] = component{dest: hrEventTimestamp, bits: 12, scale: 1024, acc: true}
	}
	return c
}()

// readMesgs lists the messages the listener reads (OnMesg's cases); the
// timestamp is read in every message.
var readMesgs = []uint16{
	mesgFileID, mesgUserProfile, mesgSport, mesgSession, mesgLap, mesgRecord, mesgEvent,
	mesgHRV, mesgHR, mesgActivity, mesgMonitoringInfo, mesgWeatherConditions, mesgGarmin,
	mesgTimestampCorrelation, mesgMonitoringHRData, mesgTimeInZone, mesgSleepAssessment,
	mesgHRVStatusSummary, mesgHRVValue,
}

// unknownRead lists the fields read that the profile does not define.
var unknownRead = []struct {
	mesg uint16
	num  byte
}{
	{mesgSession, sessionSweatLoss},
	{mesgGarmin, garminAerobicTE}, {mesgGarmin, garminVO2max}, {mesgGarmin, garminRecoveryTime},
}

// mesgSpecs holds, per message read, the spec of each field read (nil for
// a field not read); for a field the profile does not define, the spec
// is nil and wanted says it is read all the same.
type mesgSpecs struct {
	known  [256]*fieldSpec
	wanted [256]bool
}

var readSpecs = func() map[uint16]*mesgSpecs {
	m := make(map[uint16]*mesgSpecs, len(readMesgs))
	for _, n := range readMesgs {
		s := &mesgSpecs{}
		s.wanted[fieldTimestamp] = true
		m[n] = s
	}
	for _, e := range readFields {
		scale := e.scale
		if scale == 0 {
			scale = 1
		}
		sp := &fieldSpec{bt: e.bt, arr: e.arr, known: true, acc: e.acc, scale: scale, offset: e.off, comps: e.comps}
		m[e.mesg].known[e.num] = sp
		m[e.mesg].wanted[e.num] = true
	}
	for _, u := range unknownRead {
		m[u.mesg].wanted[u.num] = true
	}
	for _, s := range m {
		for _, sp := range s.known {
			if sp == nil {
				continue
			}
			comps := make([]component, len(sp.comps))
			copy(comps, sp.comps)
			for i := range comps {
				comps[i].spec = s.known[comps[i].dest]
			}
			sp.comps = comps
		}
	}
	return m
}()

// unknownSpecs[bt&0x1F] reads a field the profile does not define by its
// definition's base type (scale 1, offset 0).
var unknownSpecs = func() (t [len(fitBaseTypes)]fieldSpec) {
	for i, bt := range fitBaseTypes {
		t[i] = fieldSpec{bt: bt, scale: 1}
	}
	return t
}()

// timestampSpec reads the timestamp of a message whose profile defines one
// (every timestamp of the profile is a uint32 date_time), and the time of
// a compressed timestamp header.
var timestampSpec = &fieldSpec{bt: btUint32, known: true, scale: 1}
