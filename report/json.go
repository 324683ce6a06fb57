package report

import (
	"encoding/json"
	"io"
	"math"
	"time"

	"github.com/bounceback/bounceback/analysis"
)

// The types below are the JSON document described in the README ("JSON output"). They are kept
// apart from the analysis types on purpose: the field names are a stable
// interface, and a missing value must be null, which NaN cannot express.
// Add fields; never rename or remove one.

type jsonDoc struct {
	Files []jsonFile `json:"files"`
}

type jsonFile struct {
	Path           string        `json:"path"`
	Status         string        `json:"status"`
	Error          *string       `json:"error"`
	Warnings       []string      `json:"warnings"`
	FileType       *string       `json:"file_type"`
	Manufacturer   *string       `json:"manufacturer"`
	Product        *string       `json:"product"`
	SerialNumber   *uint32       `json:"serial_number"`
	Device         *string       `json:"device"`
	TimeCreated    *string       `json:"time_created"`
	UTCOffsetS     *int64        `json:"utc_offset_s"`
	Records        int           `json:"records"`
	HRSamples      int           `json:"hr_samples"`
	StrapHRSamples int           `json:"strap_hr_samples"`
	HRSource       string        `json:"hr_source"`
	RRIntervals    int           `json:"rr_intervals"`
	WellnessValues int           `json:"wellness_values"`
	Sessions       []jsonSession `json:"sessions"`
}

type jsonSession struct {
	Sport       *string  `json:"sport"`
	SubSport    *string  `json:"sub_sport"`
	Start       *string  `json:"start"`
	StartLocal  *string  `json:"start_local"`
	TimerS      *float64 `json:"timer_s"`
	ElapsedS    *float64 `json:"elapsed_s"`
	DistanceM   *float64 `json:"distance_m"`
	Calories    *float64 `json:"calories_kcal"`
	AvgHR       *float64 `json:"avg_hr_bpm"`
	MaxHR       *float64 `json:"max_hr_bpm"`
	AvgTemp     *float64 `json:"avg_temperature_c"`
	MaxTemp     *float64 `json:"max_temperature_c"`
	AerobicTE   *float64 `json:"aerobic_te"`
	AnaerobicTE *float64 `json:"anaerobic_te"`
	EPOC        *float64 `json:"epoc"`
	RPE         *float64 `json:"rpe"`
	Feel        *float64 `json:"feel"`
	SweatLossL  *float64 `json:"sweat_loss_l"`
	HRSamples   int      `json:"hr_samples"`
	RRIntervals int      `json:"rr_intervals"`
}

// WriteJSON writes the block as one JSON document, {"files": [...]}, with
// one object per input file in the block's order, indented by two spaces.
// The fields are documented in the README; a value the file did not record is
// null, and arrays are never null.
func WriteJSON(w io.Writer, b *analysis.Block) error {
	doc := jsonDoc{Files: make([]jsonFile, len(b.Files))}
	for i := range b.Files {
		doc.Files[i] = fileJSON(&b.Files[i])
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

func fileJSON(f *analysis.FileSummary) jsonFile {
	j := jsonFile{
		Path:           f.Path,
		Status:         f.Status.String(),
		Warnings:       make([]string, len(f.Warnings)),
		FileType:       str(f.FileType),
		Manufacturer:   str(f.Manufacturer),
		Product:        str(f.Product),
		Device:         str(f.Device),
		TimeCreated:    str(utcTime(f.TimeCreated)),
		Records:        f.Records,
		HRSamples:      f.HRSamples,
		StrapHRSamples: f.StrapHR,
		HRSource:       f.HRSource.String(),
		RRIntervals:    f.RRIntervals,
		WellnessValues: f.Wellness,
		Sessions:       make([]jsonSession, len(f.Sessions)),
	}
	if f.Err != nil {
		j.Error = str(f.Err.Error())
		if *j.Error == "" {
			j.Error = ptr("unknown error")
		}
	}
	for i, w := range f.Warnings {
		j.Warnings[i] = w.Error()
	}
	if f.Serial != 0 {
		j.SerialNumber = ptr(f.Serial)
	}
	if f.HasLocalOffset {
		j.UTCOffsetS = ptr(int64(f.LocalOffset / time.Second))
	}
	for i := range f.Sessions {
		s := &f.Sessions[i]
		r := sessionRef{f, s}
		j.Sessions[i] = jsonSession{
			Sport:       str(s.Sport),
			SubSport:    str(s.SubSport),
			Start:       str(utcTime(s.Start)),
			StartLocal:  str(localClock(r)),
			TimerS:      number(s.Timer),
			ElapsedS:    number(s.Elapsed),
			DistanceM:   number(s.Distance),
			Calories:    number(s.Calories),
			AvgHR:       number(s.AvgHR),
			MaxHR:       number(s.MaxHR),
			AvgTemp:     number(s.AvgTemp),
			MaxTemp:     number(s.MaxTemp),
			AerobicTE:   number(s.AerobicTE),
			AnaerobicTE: number(s.AnaerobicTE),
			EPOC:        number(s.EPOC),
			RPE:         number(s.RPE),
			Feel:        number(s.Feel),
			SweatLossL:  number(s.SweatLoss),
			HRSamples:   s.HRSamples,
			RRIntervals: s.RRIntervals,
		}
	}
	return j
}

func ptr[T any](v T) *T { return &v }

// str returns nil for "", else a pointer to s.
func str(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// number returns nil for NaN and infinities, else a pointer to v.
func number(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}
