package report_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/bounceback/bounceback/analysis"
	"github.com/bounceback/bounceback/report"
)

// fluidFields and refuelFields are the documented fields of the fluid and
// refuel objects, with their types.
var (
	fluidFields = map[string]jsonKind{
		"estimable": jBool, "why_not": jString | jNull, "sweat_loss_l": jNumber | jNull,
		"sweat_rate_l_per_h": jNumber | jNull, "source": jString | jNull, "uncertainty_pct": jNumber | jNull,
		"model_rate_l_per_h": jNumber | jNull, "inputs": jString | jNull, "deficit_pct_bm": jNumber | jNull,
		"deficit_flag": jBool, "overdrank": jBool, "body_mass_kg": jNumber | jNull, "body_mass_note": jString | jNull,
		"drink_l": jNumber | jNull, "drink_within_h": jNumber | jNull, "rapid": jBool, "rapid_reason": jString | jNull,
		"first_drink_ml": jNumber | jNull, "sodium_mg": jNumber | jNull, "sodium_mg_per_l": jNumber | jNull,
		"sodium_note": jString | jNull, "next_time_l_per_h": jNumber | jNull, "next_time_ml_per_15min": jNumber | jNull,
		"next_time_sodium_drink": jBool, "limits_applied": jArray, "part_of_event": jBool,
	}
	refuelFields = map[string]jsonKind{
		"tier": jString, "tier_reason": jString, "window": jString, "carbs_g": jNumber | jNull,
		"carbs_range_g": jArray, "protein_g": jNumber | jNull, "protein_range_g": jArray, "ratio": jNumber | jNull,
		"per_hour_for_h": jNumber, "kcal": jNumber | jNull, "kcal_source": jString | jNull,
		"day_carb_g_per_kg": jArray, "day_training_h": jNumber, "next_session_h": jNumber | jNull,
		"next_session_note": jString | jNull, "foods": jArray, "light": jBool, "limits_applied": jArray,
	}
)

// TestPlanJSON checks the fluid and refuel objects of every session on the
// generated block and on the real files: the documented fields and types,
// null only for HRV readings, the pairs of the arrays, the fields the issue
// names, no negative number.
func TestPlanJSON(t *testing.T) {
	t.Parallel()
	eachDir(t, func(t *testing.T, dir string, _ []analysis.FileSummary, b *analysis.Block) {
		var buf bytes.Buffer
		if err := report.AnalysisJSON(&buf, b); err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Files []struct {
				Path     string           `json:"path"`
				Sessions []map[string]any `json:"sessions"`
			} `json:"files"`
			Events []map[string]any `json:"events"`
		}
		if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		// The plans: each workout's, or for a part of a multisport event
		// the event's; a duplicate has none.
		type plan struct {
			where    string
			s        map[string]any
			timeline any
		}
		var all []plan
		for _, f := range doc.Files {
			for _, s := range f.Sessions {
				reading := false
				for _, fl := range s["flags"].([]any) {
					reading = reading || fl == "hrv_reading"
				}
				switch {
				case reading:
					if s["fluid"] != nil || s["refuel"] != nil {
						t.Errorf("%s: an HRV reading has a plan", f.Path)
					}
				case s["event"] != nil:
					fluid, _ := s["fluid"].(map[string]any)
					if s["refuel"] != nil || fluid == nil || fluid["part_of_event"] != true || fluid["drink_l"] != nil {
						t.Errorf("%s: part of event %v: fluid %v, refuel %v", f.Path, s["event"], s["fluid"], s["refuel"])
					}
					checkFields(t, f.Path+": part's fluid", fluid, fluidFields)
				case s["duplicate_of"] != nil:
					if s["fluid"] != nil || s["refuel"] != nil {
						t.Errorf("%s: a duplicate has a plan", f.Path)
					}
				default:
					all = append(all, plan{f.Path, s, s["timeline"]})
				}
			}
		}
		for i, e := range doc.Events {
			all = append(all, plan{fmt.Sprintf("event %d", i), e, e["timeline"]})
		}
		plans := 0
		for _, p := range all {
			f := struct{ Path string }{p.where}
			s := p.s
			{
				fluid, _ := s["fluid"].(map[string]any)
				refuel, _ := s["refuel"].(map[string]any)
				if fluid == nil || refuel == nil {
					t.Errorf("%s: a workout without a plan: fluid %v, refuel %v", f.Path, s["fluid"], s["refuel"])
					continue
				}
				plans++
				if tl, _ := p.timeline.([]any); len(tl) == 0 {
					t.Errorf("%s: a workout with a plan but no timeline", f.Path)
				}
				checkFields(t, f.Path+": fluid", fluid, fluidFields)
				checkFields(t, f.Path+": refuel", refuel, refuelFields)
				if fluid["estimable"] == true {
					for _, k := range []string{"sweat_loss_l", "source", "uncertainty_pct", "deficit_pct_bm", "drink_l",
						"drink_within_h", "first_drink_ml", "sodium_mg"} {
						if fluid[k] == nil {
							t.Errorf("%s: estimable fluid without %s", f.Path, k)
						}
					}
				} else if fluid["why_not"] == nil {
					t.Errorf("%s: fluid not estimable without why_not", f.Path)
				}
				for _, obj := range []map[string]any{fluid, refuel} {
					for k, v := range obj {
						if x, ok := v.(float64); ok && x < 0 {
							t.Errorf("%s: %s = %v", f.Path, k, x)
						}
					}
				}
				ranges := []string{"carbs_range_g", "protein_range_g", "day_carb_g_per_kg"}
				light := refuel["light"] == true
				if light {
					// Normal meals: no grams.
					ranges = ranges[2:]
					if refuel["carbs_g"] != nil || refuel["tier"] != "C" || len(refuel["foods"].([]any)) != 0 {
						t.Errorf("%s: light refuel %v", f.Path, refuel)
					}
				}
				for _, k := range ranges {
					a, _ := refuel[k].([]any)
					lo, ok1 := a[0].(float64)
					hi, ok2 := a[1].(float64)
					if len(a) != 2 || !ok1 || !ok2 || lo > hi {
						t.Errorf("%s: %s = %v", f.Path, k, refuel[k])
					}
				}
				if !strings.Contains("ABC", refuel["tier"].(string)) || len(refuel["foods"].([]any)) == 0 && !light {
					t.Errorf("%s: tier %v, foods %v", f.Path, refuel["tier"], refuel["foods"])
				}
			}
		}
		if plans == 0 {
			t.Errorf("%s: no plans", dir)
		}
	})
}

// ExampleSweatText shows the calibration line of the profile command.
func ExampleSweatText() {
	ws := []analysis.WeighIn{{Logged: time.Date(2026, 9, 1, 10, 0, 0, 0, time.UTC), PreKg: 70, PostKg: 68.8,
		DrankL: 0.3, Duration: 3600, ModelLH: 1.2}}
	c := analysis.DefaultSweat.Calibrate(ws, func(w analysis.WeighIn) float64 { return w.ModelLH }, time.Time{})
	report.SweatText(os.Stdout, &c)
	// Output:
	// sweat calibration: ×1.12 from 1 weigh-in (measured over model, recent ones count more; half-weight at 90 days; the model itself counts as 1)
}
