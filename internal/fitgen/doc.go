// Package fitgen writes bounceback's synthetic FIT fixtures with
// github.com/muktihari/fit's encoder.
//
// [WriteBlock] writes the demo training block of one athlete ([Athlete]):
// nine weeks of runs and rides starting Monday 2026-08-31 (local time UTC+2),
// with easy, long, tempo, threshold, VO2max-interval and sprint sessions, rest
// days, one overload week (week 6), a recovery week, a two-week taper ending
// in a half-marathon race, a pool swim whose heart rate only exists as
// strap-stored hr messages, a triathlon (five sessions in one file), short
// morning HRV readings on most mornings, overnight wellness files, one
// workout file and one settings file. A MANIFEST.tsv beside the files says
// what each session was built as (kind, intensity class, flags), so tests can
// check an analysis against the intent.
//
// [GarminExport] writes the same block as Garmin Connect's account export
// ("Export Your Data"): a zip holding DI_CONNECT/ with the block's activity
// and wellness files in a nested zip and the JSON files Garmin writes beside
// them (sleep, health status, daily summaries, Training Readiness, acute and
// chronic load, activity summaries, the user profile, and a few files
// bounceback does not read). Their values come from the same generator state
// as the FIT files and agree with them, but on three designed days
// ([ExportDisagreements]); Garmin's quirks (0, -1 and -2 for "not measured",
// a night without a sleep score, a day without the watch, epoch
// milliseconds beside ISO strings) are on days of their own. The export is
// generated at test time, never committed; its manifest ([ExportManifest],
// also MANIFEST-export.tsv at the top of the zip) says what each day and
// activity holds.
//
// [Many] writes any number of realistic activity files for benchmarks.
//
// # Determinism
//
// Every file is generated from a fixed seed with math/rand/v2's PCG and fixed
// dates, and files are encoded independently of each other, so generating
// twice gives byte-identical output (also when generated in parallel).
//
// # The physiology
//
// Heart rate follows first-order kinetics towards a steady state set by the
// effort (time constant about 30 s on, 60 s off), with a slow component
// above threshold, cardiac drift on long sessions, overload-week fatigue and
// noise. Speed and power follow the workout steps immediately, so heart rate
// lags power. RR intervals are 60/HR plus fluctuations from an AR(1) process
// whose correlation and amplitude fall with intensity, so DFA-α1 falls from
// about 1.0–1.2 at easy efforts to about 0.5 at hard efforts; about 1 % of the
// beats carry an injected artefact (ectopic beat with compensatory pause,
// missed beat, or extra detection).
package fitgen
