package report_test

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/bounceback/bounceback/analysis"
	"github.com/bounceback/bounceback/report"
)

// The documented fields of the block model's objects in the analysis
// document (README: "Week object", "Day object", "Readiness object",
// "Contributor object") and their types.
var (
	schemaWeekFields = map[string]jsonKind{
		"week_start": jString, "sessions": jInt, "days": jInt, "timer_s": jNumber, "distance_by_sport_m": jObject,
		"load": jNumber, "class_load": jObject, "zone_seconds": jArray, "seiler_s": jArray, "seiler_pct": jArray,
		"seiler_dfa_sessions": jInt, "polarization_index": jNumber | jNull, "monotony": jNumber | jNull,
		"strain": jNumber | jNull, "ctl": jNumber | jNull, "atl": jNumber | jNull, "tsb": jNumber | jNull,
		"readiness": jNumber | jNull,
	}
	schemaDayFields = map[string]jsonKind{
		"date": jString, "load": jNumber, "sessions": jInt, "timer_s": jNumber, "distance_by_sport_m": jObject,
		"ctl": jNumber | jNull, "atl": jNumber | jNull, "tsb": jNumber | jNull, "form_band": jString | jNull,
		"ramp": jNumber | jNull, "acwr": jNumber | jNull, "acwr_ewma": jNumber | jNull, "acwr_note": jString | jNull,
		"monotony": jNumber | jNull,
		"strain":   jNumber | jNull, "rest_days": jNumber | jNull, "recovery_owed_h": jNumber | jNull,
		"garmin_recovery_owed_h": jNumber | jNull, "readiness": jNumber | jNull, "readiness_band": jString | jNull,
		"advice": jString | jNull, "garmin_readiness": jNumber | jNull, "garmin_acute_load": jNumber | jNull,
		"garmin_chronic_load": jNumber | jNull,
	}
	schemaReadinessFields = map[string]jsonKind{
		"date": jString, "score": jNumber | jNull, "band": jString | jNull, "confidence": jString,
		"confidence_note": jString, "weights": jString, "load_days": jInt, "hrv_days": jInt, "contributors": jArray,
		"limiting": jArray, "advice": jString | jNull, "advice_reason": jString, "sleep": jString,
		"cannot_see": jString, "recovery_owed_h": jNumber | jNull, "garmin_recovery_owed_h": jNumber | jNull,
		"load_metric": jString, "load_convention": jString, "load_seed": jNumber | jNull,
		"days_since_workout": jInt | jNull, "returning": jBool, "garmin": jObject | jNull,
		"garmin_note": jString | jNull,
	}
	schemaGarminReadinessFields = map[string]jsonKind{
		"score": jNumber | jNull, "level": jString | jNull, "feedback": jString | jNull, "time": jString | jNull,
		"sleep_factor_pct": jNumber | jNull, "recovery_time_factor_pct": jNumber | jNull,
		"acute_load_factor_pct": jNumber | jNull, "stress_history_factor_pct": jNumber | jNull,
		"hrv_factor_pct": jNumber | jNull, "sleep_history_factor_pct": jNumber | jNull,
	}
	schemaContributorFields = map[string]jsonKind{
		"name": jString, "value": jNumber | jNull, "unit": jString, "baseline": jString | jNull,
		"score": jNumber | jNull, "weight": jNumber, "note": jString,
	}
	schemaDistanceFields = map[string]jsonKind{"running": jNumber, "cycling": jNumber, "swimming": jNumber, "other": jNumber}
	schemaBlockSections  = map[string]map[string]jsonKind{
		"Distances object": schemaDistanceFields,
		"Week object":      schemaWeekFields, "Day object": schemaDayFields,
		"Readiness object": schemaReadinessFields, "Contributor object": schemaContributorFields,
		"Garmin readiness object": schemaGarminReadinessFields,
	}
)

// TestBlockJSONSchemaReal checks every documented field of the top-level
// weeks, days and readiness of the analysis document, with its type, on
// the generated block and on the real files in ../shared/fit (where CI
// requires them). The generated block must have a model: weeks, days, a
// readiness with its six contributors.
func TestBlockJSONSchemaReal(t *testing.T) {
	t.Parallel()
	eachDir(t, func(t *testing.T, dir string, _ []analysis.FileSummary, b *analysis.Block) {
		var buf bytes.Buffer
		if err := report.AnalysisJSON(&buf, b); err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Weeks     []map[string]any `json:"weeks"`
			Days      []map[string]any `json:"days"`
			Readiness map[string]any   `json:"readiness"`
		}
		if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		generated := filepath.Base(dir) == "block"
		if generated && (len(doc.Weeks) == 0 || len(doc.Days) == 0 || doc.Readiness == nil) {
			t.Errorf("the generated block has %d weeks, %d days, readiness %v", len(doc.Weeks), len(doc.Days), doc.Readiness != nil)
		}
		for _, w := range doc.Weeks {
			checkFields(t, "weeks", w, schemaWeekFields)
			if d, ok := w["distance_by_sport_m"].(map[string]any); ok {
				checkFields(t, "weeks: distance_by_sport_m", d, schemaDistanceFields)
			}
			checkLen(t, "weeks: zone_seconds", w["zone_seconds"], 5)
			checkLen(t, "weeks: seiler_s", w["seiler_s"], 3)
		}
		for _, d := range doc.Days {
			checkFields(t, "days", d, schemaDayFields)
		}
		if r := doc.Readiness; r != nil {
			checkFields(t, "readiness", r, schemaReadinessFields)
			cs, _ := r["contributors"].([]any)
			if len(cs) != 6 {
				t.Errorf("readiness: %d contributors, want 6", len(cs))
			}
			for _, c := range cs {
				obj, ok := c.(map[string]any)
				if !ok {
					t.Errorf("readiness: contributor %v is not an object", c)
					continue
				}
				checkFields(t, "readiness: contributor", obj, schemaContributorFields)
			}
		}
	})
}

// checkLen checks that v is an array of n elements.
func checkLen(t *testing.T, where string, v any, n int) {
	t.Helper()
	if a, ok := v.([]any); !ok || len(a) != n {
		t.Errorf("%s = %v, want an array of %d", where, v, n)
	}
}
