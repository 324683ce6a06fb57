package fitparse

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"path"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/bounceback/bounceback/internal/safeio"
)

// This file reads the JSON files of Garmin Connect's account export
// (docs/garmin-export.md): which files they are, the streaming walk
// through them, and the checks every record goes through. What each kind
// takes from its records is in exportkinds.go.

// DefaultMaxJSONSize is the cap Scan puts, when ScanOptions.MaxJSONSize is
// not set, on one JSON file of the account export (on disk, checked from
// its size before it is read, or what an archive member inflates to): 128
// MiB. The largest file of a real export is summarizedActivities, 2–4 KB
// per activity: 128 MiB holds 30,000 activities or more, 40 years of
// training twice a day; the daily files (UDSFile, sleepData shards) are a
// few MB. Memory does not grow with the size (the file is read one record
// at a time), so the cap bounds the time a file takes: the reader walks
// 15–40 MB/s on one core (measured), so 128 MiB takes 3–9 s, within the
// per-file time budget of 20 s even on a slow machine. It is also the cap
// of DecodeExport and DecodeFile.
const DefaultMaxJSONSize = 128 << 20

// Bounds on what reading one JSON file of the export holds in memory.
const (
	// maxExportRecord is the most bytes one record, or any one value
	// outside the record lists, may span: a real record is a few KB.
	maxExportRecord = 4 << 20
	// exportChunk is the most bytes read from the file at once.
	exportChunk = 64 << 10
	// maxExportHeld bounds the values kept from one file: 4 bytes per
	// byte read plus exportHeldSlack, and at most maxExportHeld (20
	// years of daily records take about 2 MB, 20,000 activities 8 MB).
	maxExportHeld   = 64 << 20
	exportHeldSlack = 64 << 10
	// maxRecordWarnings is how many record problems one file lists; the
	// others are counted in one more warning.
	maxRecordWarnings = 20
	// maxExportText is the most bytes kept of a string value (a
	// feedback key, a status).
	maxExportText = 256
)

// exportCost is what Scan takes from its memory budget for a JSON file of
// size bytes: the decoder's buffer, which holds at most one record and may
// double while it grows (4 × the record bound, or the file), and the
// values kept (see maxExportHeld).
func exportCost(size int64) int64 {
	return 4*min(size+exportChunk, maxExportRecord+exportChunk) + exportHeldBound(size)
}

// exportHeldBound is the most the values kept from n bytes may take.
func exportHeldBound(n int64) int64 { return min(4*n+exportHeldSlack, maxExportHeld) }

// exportKinds lists the kinds with the name bounceback recognizes them by:
// a name that contains it (sleepData shards, healthStatusData,
// summarizedActivities prefixed with the account's e-mail), that starts
// with it (UDSFile_, TrainingReadinessDTO_, MetricsAcuteTrainingLoad_
// followed by a date range), or the exact name (user_profile.json); in any
// letter case, ending in .json.
var exportKinds = []struct {
	kind  ExportKind
	match func(base string) bool
}{
	{ExportSleep, func(b string) bool { return strings.Contains(b, "sleepdata") }},
	{ExportHealth, func(b string) bool { return strings.Contains(b, "healthstatusdata") }},
	{ExportDaySummary, func(b string) bool { return strings.HasPrefix(b, "udsfile_") }},
	{ExportReadiness, func(b string) bool { return strings.HasPrefix(b, "trainingreadinessdto_") }},
	{ExportLoad, func(b string) bool { return strings.HasPrefix(b, "metricsacutetrainingload_") }},
	{ExportActivities, func(b string) bool { return strings.Contains(b, "summarizedactivities") }},
	{ExportUserProfile, func(b string) bool { return b == "user_profile.json" }},
}

// exportKindOfName returns the kind of a JSON file by its base name, "" when
// the name is none of exportKinds.
func exportKindOfName(base string) ExportKind {
	b := strings.ToLower(base)
	if !strings.HasSuffix(b, ".json") {
		return ""
	}
	for _, k := range exportKinds {
		if k.match(b) {
			return k.kind
		}
	}
	return ""
}

// underDIConnect reports whether path p lies in a DI_CONNECT folder (in any
// letter case), the root of the account export: as given, or once made
// absolute (for a path relative to a folder inside DI_CONNECT).
func underDIConnect(p string) bool {
	in := func(p string) bool {
		s := "/" + strings.ToLower(filepath.ToSlash(p))
		return strings.Contains(s, "/di_connect/")
	}
	if in(p) {
		return true
	}
	if !filepath.IsAbs(p) {
		if abs, err := filepath.Abs(p); err == nil {
			return in(abs)
		}
	}
	return false
}

// ExportKindOf returns the kind of the JSON file of Garmin's account export
// at path p, or "" when bounceback does not read it as one: a .json file
// inside a DI_CONNECT folder (in any letter case), named as one of the
// kinds (*sleepData*.json, *healthStatusData*.json, UDSFile_*.json,
// TrainingReadinessDTO_*.json, MetricsAcuteTrainingLoad_*.json,
// *summarizedActivities*.json, user_profile.json). p may be a path on disk
// or an archive member's path ("export.zip/DI_CONNECT/...").
func ExportKindOf(p string) ExportKind {
	if !underDIConnect(p) {
		return ""
	}
	return exportKindOfName(path.Base(filepath.ToSlash(p)))
}

// exportInput classifies p, a file whose name ends in .json: inputExport
// when it is a kind bounceback reads, inputExportOther when it is another
// JSON file of the export (a DI_CONNECT folder holds it), inputNone for
// any other JSON file. named is set for a file the user named: it is read
// by its name alone, wherever it lies.
func exportInput(p string, named bool) inputKind {
	if !strings.HasSuffix(strings.ToLower(p), ".json") {
		return inputNone
	}
	switch {
	case ExportKindOf(p) != "":
		return inputExport
	case named && exportKindOfName(path.Base(filepath.ToSlash(p))) != "":
		return inputExport
	case underDIConnect(p):
		return inputExportOther
	}
	return inputNone
}

// exportKindFor returns the kind Scan reads p as (see exportInput).
func exportKindFor(p string) ExportKind {
	return exportKindOfName(path.Base(filepath.ToSlash(p)))
}

// exportNotRead is the Skipped File for p, a JSON file of the export that
// bounceback does not read. It is never opened.
func exportNotRead(p string) *File {
	return &File{
		Path:   p,
		Status: Skipped,
		Err:    &detailError{msg: p + ": a JSON file of Garmin's account export that bounceback does not read", err: ErrNotRead},
		ID:     FileID{Type: "garmin_export", Manufacturer: "garmin"},
	}
}

// DecodeExport reads one JSON file of Garmin Connect's account export from
// r, of the given kind ("" for the kind its path names, see ExportKindOf
// and docs/garmin-export.md), and returns what it holds. path names the
// file in errors and warnings. DecodeExport never returns nil and never
// panics: problems are reported through File.Status, File.Err and
// File.Warnings.
//
// The file is read as a stream, one record at a time (the top-level
// array, or the list inside a wrapper object, is walked token by token;
// each record is decoded alone), so memory does not grow with its size:
// no record may span more than 4 MiB, and the values kept take at most 4
// bytes per byte read plus 64 KiB, 64 MiB in all. At most
// DefaultMaxJSONSize bytes are read.
//
// The File has ID.Type "garmin_export", ID.Manufacturer "garmin",
// ID.Product the kind, and Export set; activity summaries go to Sessions
// (Session.Summary set) and the user profile to UserProfiles. Status is
// OK; Partial when some records or values could not be used (each is a
// *RecordError warning naming the record, counting from 1; past 20, one
// more warning counts the rest); Failed when the file is not JSON, is cut
// short, is not an array or object of records, holds a record larger than
// 4 MiB, is larger than the cap, or none of its records is usable (Err
// says which, a *DecodeError with the byte offset where there is one);
// Skipped when it holds no records at all. Values outside their physical
// range are dropped with one warning per file wrapping ErrOutOfRange, and
// a file in which no record has a field bounceback needs gets one warning
// naming the field; neither changes the status. When ctx is done, reading
// stops: what decoded is kept, with a warning wrapping context.Cause(ctx).
func DecodeExport(ctx context.Context, r io.Reader, path string, kind ExportKind) *File {
	f, _ := decodeExport(ctx, r, path, kind, DefaultMaxJSONSize, false)
	return f
}

// decodeExportFile reads the JSON file at p (see DecodeFile).
func decodeExportFile(p string) *File {
	if exportInput(p, true) == inputExportOther {
		return exportNotRead(p)
	}
	fh, info, err := safeio.Open(p)
	if err != nil {
		return &File{Path: p, Status: Failed, Err: withPath(p, err)}
	}
	defer fh.Close()
	if info.Size() > DefaultMaxJSONSize {
		return &File{Path: p, Status: Failed, Err: &capError{path: p, cap: DefaultMaxJSONSize, plain: true, size: info.Size()}}
	}
	f, _ := decodeExport(context.Background(), fh, p, exportKindFor(p), DefaultMaxJSONSize, true)
	return f
}

// decodeExport is DecodeExport with the cap, whether the cap is the size
// of a file on disk (plain) or what an archive member inflates to, and
// the CRC-32C of the bytes read for Scan's copies: the whole file unless
// reading stopped at an error.
func decodeExport(ctx context.Context, r io.Reader, p string, kind ExportKind, limit int64, plain bool) (f *File, sum uint32) {
	if kind == "" {
		kind = exportKindFor(p)
	}
	f = &File{Path: p, ID: FileID{Type: "garmin_export", Manufacturer: "garmin", Product: string(kind)}}
	x := &exportReader{ctx: ctx, r: r, limit: limit}
	defer func() {
		// Belt and braces, as in DecodeContext.
		if rec := recover(); rec != nil {
			*f = File{Path: p, Size: x.n, Status: Failed, ID: f.ID,
				Err: fmt.Errorf("%s: internal error while reading: %v", p, rec)}
			sum = 0
		}
	}()
	h := newKindHandler(kind)
	if h == nil {
		f.Status, f.Err = Failed, fmt.Errorf("%s: %w: %q is not a kind of export file bounceback reads", p, ErrExportFormat, string(kind))
		return f, 0
	}
	f.Export = &Export{Kind: kind}
	d := &exportDecoder{path: p, f: f, x: x, h: h}
	err := d.run()
	// Read what is left, so that the checksum covers the whole file.
	if err == nil || errors.Is(err, errExportHeld) {
		if _, derr := io.Copy(io.Discard, x); derr != nil && err == nil {
			err = derr
		}
	}
	f.Size = x.n
	d.finish(err, limit, plain)
	return f, x.sum
}

// errExportHeld stops a walk whose kept values reached their bound.
var errExportHeld = errors.New("held")

// errRecordTooLarge is the reader's error when the decoder holds more than
// maxExportRecord bytes not yet decoded: one value that large.
var errRecordTooLarge = errors.New("record too large")

// errOverCap is the reader's error past the size cap.
var errOverCap = errors.New("over the cap")

// exportReader is the decoder's input: it stops at the size cap, when a
// single value grows past maxExportRecord, and when ctx is done; and it
// keeps the CRC-32C of what it read.
type exportReader struct {
	ctx   context.Context
	r     io.Reader
	n     int64 // bytes read
	limit int64
	sum   uint32
	// consumed returns how many of the bytes read the decoder has used;
	// nil until the decoder exists.
	consumed func() int64
}

func (x *exportReader) Read(p []byte) (int, error) {
	if x.ctx.Err() != nil {
		return 0, context.Cause(x.ctx)
	}
	if x.consumed != nil && x.n-x.consumed() > maxExportRecord {
		return 0, errRecordTooLarge
	}
	if len(p) > exportChunk {
		p = p[:exportChunk]
	}
	if room := x.limit + 1 - x.n; int64(len(p)) > room {
		p = p[:max(room, 0)]
	}
	if len(p) == 0 {
		return 0, errOverCap
	}
	m, err := x.r.Read(p)
	x.sum = crc32.Update(x.sum, castagnoli, p[:m])
	x.n += int64(m)
	if x.n > x.limit {
		return m, errOverCap
	}
	return m, err
}

// kindHandler takes the records of one kind: begin starts a record, field
// returns where the value of a member goes (its name in lower case; nil
// to skip it), end converts and keeps the record, finish runs once after
// the last record.
type kindHandler interface {
	begin()
	field(key string) any
	end(c *conv)
	finish(d *exportDecoder)
	// required is the field a record cannot do without ("calendarDate");
	// keys are the fields whose absence from every record is worth a
	// warning; wrappers are the member names, in lower case, of an object
	// whose array value is the list of records.
	required() string
	keys() []string
	wrappers() []string
}

// exportDecoder walks one JSON file.
type exportDecoder struct {
	path string
	f    *File
	x    *exportReader
	h    kindHandler
	dec  *json.Decoder
	bom  int64

	records int   // records met, usable or not
	kept    int   // records kept
	held    int64 // bytes the kept values take
	// usedField is set when the current record had a member bounceback
	// reads; typeErrs are its members of the wrong type (the first
	// maxRecordWarnings; typeMore counts the others).
	usedField bool
	typeErrs  []string
	typeMore  int

	seen    map[string]bool // fields found in some record
	missing map[string][]int
	nMiss   map[string]int

	warned, unlisted int // record problems listed and not
	damaged          bool
	rangeFirst       string
	rangeCount       int
	notes            []error // warnings that are no damage, in order
}

// run walks the file; the error is what stopped it early, nil at the end.
func (d *exportDecoder) run() error {
	var head [3]byte
	n, err := io.ReadFull(d.x, head[:])
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return err
	}
	in := io.MultiReader(bytes.NewReader(head[:n]), d.x)
	if n == 3 && head == [3]byte{0xEF, 0xBB, 0xBF} { // a UTF-8 byte order mark
		d.bom = 3
		in = d.x
	}
	d.dec = json.NewDecoder(in)
	// Token returns numbers as json.Number: as a float64, one too large
	// for it (1e999) would be an error that stops the walk.
	d.dec.UseNumber()
	d.x.consumed = func() int64 { return d.dec.InputOffset() + d.bom }
	d.seen = map[string]bool{}
	d.missing = map[string][]int{}
	d.nMiss = map[string]int{}

	tok, err := d.dec.Token()
	if err == io.EOF {
		// No value at all: not JSON (as an empty file is not FIT).
		return &DecodeError{Path: d.path, Offset: d.offset(), Err: errorf(ErrMalformedJSON, "the file is empty")}
	}
	if err != nil {
		return err
	}
	switch tok {
	case json.Delim('['):
		err = d.array(true)
	case json.Delim('{'):
		err = d.object(true, true)
	default:
		return d.shape("the top level is %s, not an array or an object of records", describe(tok))
	}
	if err != nil {
		return err
	}
	if _, err := d.dec.Token(); err != io.EOF {
		if err == nil {
			return &DecodeError{Path: d.path, Offset: d.offset(),
				Err: errorf(ErrMalformedJSON, "more JSON after the end of the top-level value")}
		}
		return err
	}
	return nil
}

// offset is the byte offset in the file of the decoder's position.
func (d *exportDecoder) offset() int64 { return d.dec.InputOffset() + d.bom }

// shape is the error of a file that is JSON but not the export's layout.
func (d *exportDecoder) shape(format string, args ...any) error {
	return &DecodeError{Path: d.path, Offset: d.offset(), Err: errorf(ErrExportFormat, format, args...)}
}

// array walks the elements of an array whose '[' was read: at the top
// level each may be a record, a wrapper object or a list of records;
// inside a wrapper, a record.
func (d *exportDecoder) array(top bool) error {
	for d.dec.More() {
		tok, err := d.dec.Token()
		if err != nil {
			return err
		}
		switch {
		case tok == json.Delim('{'):
			err = d.object(top, false)
		case tok == json.Delim('[') && top:
			err = d.array(false)
		default:
			d.records++
			d.recordProblem(d.records, "%s where a record (an object) is expected", describe(tok))
			err = d.skip(tok)
		}
		if err != nil {
			return err
		}
	}
	_, err := d.dec.Token() // ']'
	return err
}

// object walks an object whose '{' was read. With wrapper set, a member
// named as one of the kind's wrappers whose value is an array is a list
// of records (at the top level, so are "data", "records" and the like);
// an object holding such a list is a wrapper, whatever else it holds. Any
// other object is a record.
func (d *exportDecoder) object(wrapper, top bool) error {
	d.h.begin()
	d.usedField, d.typeErrs, d.typeMore = false, d.typeErrs[:0], 0
	start := d.offset()
	wrapped := false
	for d.dec.More() {
		tok, err := d.dec.Token()
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		lk := strings.ToLower(key)
		if wrapper && d.isWrapper(lk, top) {
			tok, err := d.dec.Token()
			if err != nil {
				return err
			}
			if tok == json.Delim('[') {
				wrapped = true
				if err := d.array(false); err != nil {
					return err
				}
				continue
			}
			if err := d.skip(tok); err != nil {
				return err
			}
			continue
		}
		if err := d.member(lk, key); err != nil {
			return err
		}
		if !wrapped && d.offset()-start > maxExportRecord {
			return errRecordTooLarge // a record of many values
		}
	}
	if _, err := d.dec.Token(); err != nil { // '}'
		return err
	}
	if wrapped {
		return nil
	}
	d.records++
	return d.endRecord()
}

// wrapperKeys are the member names, in lower case, that hold the list of
// records of a top-level object, whatever the kind.
var wrapperKeys = []string{"data", "records", "items", "entries", "summaries", "dailysummaries", "values"}

func (d *exportDecoder) isWrapper(lk string, top bool) bool {
	for _, w := range d.h.wrappers() {
		if lk == w {
			return true
		}
	}
	if top && len(d.h.wrappers()) > 0 {
		for _, w := range wrapperKeys {
			if lk == w {
				return true
			}
		}
	}
	return false
}

// member decodes the value of member key (lk in lower case) of the current
// record into where the kind wants it, or skips it.
func (d *exportDecoder) member(lk, key string) error {
	target := d.h.field(lk)
	if target == nil {
		return d.dec.Decode(&skipValue{})
	}
	d.usedField = true
	d.seen[lk] = true
	err := d.dec.Decode(target)
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if len(d.typeErrs) == maxRecordWarnings {
			d.typeMore++
			return nil
		}
		d.typeErrs = append(d.typeErrs, fmt.Sprintf("%s is %s where %s is expected", key, withArticle(te.Value), kindOfType(target)))
		return nil
	}
	return err
}

// endRecord converts the record just read.
func (d *exportDecoder) endRecord() error {
	rec := d.records
	for _, e := range d.typeErrs {
		d.recordProblem(rec, "%s: not used", e)
	}
	if d.typeMore > 0 {
		d.damaged = true
		d.unlisted += d.typeMore
	}
	if !d.usedField {
		// Nothing bounceback reads (an empty record, one that only says
		// "retro": false): passed over.
		return nil
	}
	c := &conv{d: d, rec: rec}
	d.h.end(c)
	if d.held > exportHeldBound(d.x.n) {
		d.f.Warnings = append(d.f.Warnings, &RecordError{Path: d.path, Record: rec,
			Err: fmt.Errorf("%w: the values kept from this file would take more than %s: the rest is not read",
				ErrTooLarge, safeio.Size(exportHeldBound(d.x.n)))})
		d.damaged = true
		return errExportHeld
	}
	return nil
}

// skip skips the rest of the value that tok opened (nothing for a scalar).
func (d *exportDecoder) skip(tok json.Token) error {
	switch tok {
	case json.Delim('['):
		for d.dec.More() {
			if err := d.dec.Decode(&skipValue{}); err != nil {
				return err
			}
		}
	case json.Delim('{'):
		for d.dec.More() {
			if _, err := d.dec.Token(); err != nil {
				return err
			}
			if err := d.dec.Decode(&skipValue{}); err != nil {
				return err
			}
		}
	default:
		return nil
	}
	_, err := d.dec.Token()
	return err
}

// recordProblem lists a problem of record rec (a value or the whole record
// not used): the file is Partial.
func (d *exportDecoder) recordProblem(rec int, format string, args ...any) {
	d.damaged = true
	if d.warned >= maxRecordWarnings {
		d.unlisted++
		return
	}
	d.warned++
	d.f.Warnings = append(d.f.Warnings, &RecordError{Path: d.path, Record: rec, Err: errorf(ErrExportFormat, format, args...)})
}

// keep counts n bytes of kept values.
func (d *exportDecoder) keep(n uintptr) {
	d.kept++
	d.held += int64(n)
}

// miss notes that record rec lacks the required field: it is listed as a
// problem at the end if some other record has the field, else the file
// gets one error naming the field.
func (d *exportDecoder) miss(field string, rec int) {
	lk := strings.ToLower(field)
	d.nMiss[lk]++
	if len(d.missing[lk]) < maxRecordWarnings {
		d.missing[lk] = append(d.missing[lk], rec)
	}
}

// finish runs the kind's last step and decides the status once the walk
// stopped with err (nil at the end of the file).
func (d *exportDecoder) finish(err error, limit int64, plain bool) {
	f := d.f
	var stop error // the cancellation that stopped the walk
	if err != nil && !errors.Is(err, errExportHeld) {
		cause, stopped := d.stopped(err)
		if !stopped {
			d.fail(d.fatal(err, limit, plain))
			return
		}
		stop = &DecodeError{Path: d.path, Offset: d.x.n,
			Err: &detailError{msg: cause.Error() + ": the rest is not read", err: cause}}
		f.Warnings = append(f.Warnings, stop)
		d.damaged = true
	}
	d.h.finish(d)
	req := strings.ToLower(d.h.required())
	if req != "" && d.nMiss[req] > 0 {
		// Some record had it, or dated itself otherwise (healthStatusData's
		// "date", an activity's beginTimestamp): the others are damaged.
		if d.seen[req] || d.kept > 0 {
			for _, rec := range d.missing[req] {
				d.recordProblem(rec, "no %s: record not used", d.h.required())
			}
			d.unlisted += d.nMiss[req] - len(d.missing[req])
		} else if d.kept == 0 {
			d.fail(fmt.Errorf("%s: %w: no record has %s", d.path, ErrExportFormat, d.h.required()))
			return
		}
	}
	if d.kept > 0 {
		for _, k := range d.h.keys() {
			if !d.seen[strings.ToLower(k)] {
				d.notes = append(d.notes, fmt.Errorf("%s: no record has %s", d.path, k))
			}
		}
	}
	if d.unlisted > 0 {
		f.Warnings = append(f.Warnings, &RecordError{Path: d.path, Record: d.records,
			Err: errorf(ErrExportFormat, "and %d more record problems, not listed", d.unlisted)})
	}
	if d.rangeCount > 0 {
		msg := d.path + ": " + d.rangeFirst
		if d.rangeCount > 1 {
			msg += fmt.Sprintf(" (and %d more values outside their ranges dropped)", d.rangeCount-1)
		}
		d.notes = append(d.notes, &detailError{msg: msg, err: ErrOutOfRange})
	}
	f.Warnings = append(f.Warnings, d.notes...)
	switch {
	case d.kept > 0 && d.damaged:
		f.Status = Partial
	case d.kept > 0:
		f.Status = OK
	case stop != nil:
		d.fail(stop) // stopped before anything was kept
	case d.damaged:
		d.fail(fmt.Errorf("%s: %w: none of its %d records is usable", d.path, ErrNoData, d.records))
	case d.records == 0:
		f.Status = Skipped
		f.Err = fmt.Errorf("%s: holds no records", d.path)
	default:
		f.Status = Skipped
		f.Err = fmt.Errorf("%s: none of its %d records holds a value bounceback reads", d.path, d.records)
	}
}

// fail makes the File Failed with err: nothing of it is used.
func (d *exportDecoder) fail(err error) {
	f := d.f
	f.Status, f.Err = Failed, err
	f.Export = &Export{Kind: f.Export.Kind}
	f.Sessions, f.UserProfiles = nil, nil
	f.LocalOffset, f.HasLocalOffset = 0, false
	// The record problems stay: they say what else was wrong.
	var ws []error
	for _, w := range f.Warnings {
		var re *RecordError
		if errors.As(w, &re) {
			ws = append(ws, w)
		}
	}
	f.Warnings = ws
}

// stopped reports whether err is the context's: reading stopped, what
// decoded is kept.
func (d *exportDecoder) stopped(err error) (error, bool) {
	if d.x.ctx.Err() == nil {
		return nil, false
	}
	cause := context.Cause(d.x.ctx)
	if errors.Is(err, cause) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return cause, true
	}
	return nil, false
}

// fatal turns the error that stopped the walk into the File's error.
func (d *exportDecoder) fatal(err error, limit int64, plain bool) error {
	off := d.x.n
	if d.dec != nil {
		off = d.offset()
	}
	var se *json.SyntaxError
	var de *DecodeError
	switch {
	case errors.As(err, &de):
		return err
	case errors.Is(err, errOverCap):
		return &capError{path: d.path, cap: limit, plain: plain}
	case errors.Is(err, errRecordTooLarge):
		return &DecodeError{Path: d.path, Offset: off, Err: &detailError{
			msg: fmt.Sprintf("record %d spans more than the %s a record may hold", d.records+1, safeio.Size(maxExportRecord)),
			err: ErrTooLarge}}
	case errors.As(err, &se):
		return &DecodeError{Path: d.path, Offset: d.syntaxOffset(), Err: errorf(ErrMalformedJSON, "malformed JSON: %v", se)}
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return &DecodeError{Path: d.path, Offset: d.x.n,
			Err: errorf(ErrTruncated, "the JSON is cut short (after %d records)", d.records)}
	}
	return withPath(d.path, err)
}

// syntaxOffset returns the offset in the file of the syntax error that
// stopped the decoder. The decoder's SyntaxError.Offset cannot be used: for
// an error inside a value it counts only the bytes of the values read so
// far (not the delimiters Token consumed), from 1. The decoder stands at
// the start of the value it failed on (or at the character Token did not
// expect): that value is scanned again alone.
func (d *exportDecoder) syntaxOffset() int64 {
	var se *json.SyntaxError
	if err := json.NewDecoder(d.dec.Buffered()).Decode(&skipValue{}); errors.As(err, &se) && se.Offset > 0 {
		return d.offset() + se.Offset - 1
	}
	return d.offset()
}

// describe names the JSON value a token starts, for messages.
func describe(tok json.Token) string {
	switch v := tok.(type) {
	case json.Delim:
		if v == '[' {
			return "an array"
		}
		return "an object"
	case string:
		return "a string"
	case float64, json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return "a value"
}

func withArticle(jsonKind string) string {
	switch jsonKind {
	case "array", "object":
		return "an " + jsonKind
	case "number", "string", "bool":
		return "a " + jsonKind
	}
	if strings.HasPrefix(jsonKind, "number") {
		return "a number"
	}
	return jsonKind
}

// kindOfType names what a decode target expects: the targets that are
// not a jv are objects or arrays.
func kindOfType(target any) string {
	if t := reflect.TypeOf(target); t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Slice {
		return "an array"
	}
	return "an object"
}

// skipValue is a decode target that keeps nothing.
type skipValue struct{}

func (*skipValue) UnmarshalJSON([]byte) error { return nil }

// maxListItems is the most elements kept of a list inside a record
// (metrics, aggregatorList, bodyBatteryStatList, childIds: a real one has
// a handful).
const maxListItems = 64

// list is a JSON array inside a record, of which the first maxListItems
// elements are kept and the others skipped: decoded whole, a record of 4
// MiB of empty objects would make hundreds of MB of elements.
type list[T any] []T

func (l *list[T]) UnmarshalJSON(b []byte) error {
	*l = nil
	dec := json.NewDecoder(bytes.NewReader(b))
	tok, err := dec.Token()
	if err != nil || tok == nil {
		return err // null: no list
	}
	if tok != json.Delim('[') {
		return &json.UnmarshalTypeError{Value: describe(tok), Type: reflect.TypeOf(*l)}
	}
	// An element of the wrong type is kept as far as it decoded, and the
	// first such error returned at the end, as encoding/json does.
	var first error
	for dec.More() {
		if len(*l) == maxListItems {
			if err := dec.Decode(&skipValue{}); err != nil {
				return err
			}
			continue
		}
		var v T
		err := dec.Decode(&v)
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &te):
			if first == nil {
				first = err
			}
		case err != nil:
			return err
		}
		*l = append(*l, v)
	}
	return first
}

// jv is one scalar value of a record as the file wrote it: a number, a
// string (kept up to maxExportText bytes), a boolean, or an object or
// array (kept raw when small, for the wrapped forms some values come in:
// {"value": 80}, {"typeKey": "running"}, {"date": "..."}). The zero jv is
// a missing or null value.
type jv struct {
	kind byte // 0 missing or null, 'n' number, 's' string, 'b' boolean, 'o' object, 'a' array
	num  float64
	str  string
	raw  []byte
}

func (v *jv) UnmarshalJSON(b []byte) error {
	*v = jv{}
	if len(b) == 0 {
		return nil
	}
	switch c := b[0]; {
	case c == 'n':
		// null
	case c == 't' || c == 'f':
		v.kind, v.num = 'b', 0
		if c == 't' {
			v.num = 1
		}
	case c == '"':
		var s string
		if len(b) > 4*maxExportText {
			// Only the start of a long string is kept, cut before an
			// escape sequence the cut would split; it stays valid JSON by
			// closing it, in a copy (b is the decoder's).
			end := 1 // after the last character or escape before the cut
			for i := 1; i < 4*maxExportText; {
				n := 1
				if b[i] == '\\' {
					n = 2
					if b[i+1] == 'u' {
						n = 6
					}
				}
				if i+n > 4*maxExportText {
					break
				}
				i += n
				end = i
			}
			b = append(b[:end:end], '"')
		}
		if err := json.Unmarshal(b, &s); err != nil {
			s = ""
		}
		v.kind, v.str = 's', s
	case c == '{' || c == '[':
		v.kind = c
		if c == '[' {
			v.kind = 'a'
		} else {
			v.kind = 'o'
		}
		if len(b) <= 4<<10 {
			v.raw = bytes.Clone(b)
		}
	default:
		n, err := strconv.ParseFloat(string(b), 64)
		if err != nil || math.IsInf(n, 0) {
			v.kind = 's' // a number too large: not usable as one
			return nil
		}
		v.kind, v.num = 'n', n
	}
	return nil
}

// present reports whether the value is there (not missing, not null).
func (v *jv) present() bool { return v.kind != 0 }

// what names the value's JSON type, for messages.
func (v *jv) what() string {
	switch v.kind {
	case 'n':
		return "a number"
	case 's':
		return "a string"
	case 'b':
		return "a boolean"
	case 'o':
		return "an object"
	case 'a':
		return "an array"
	}
	return "null"
}

// number returns the value as a number: a JSON number, a string holding
// one, or an object {"value": n}.
func (v *jv) number() (float64, bool) {
	switch v.kind {
	case 'n':
		return v.num, true
	case 's':
		n, err := strconv.ParseFloat(strings.TrimSpace(v.str), 64)
		return n, err == nil && !math.IsNaN(n) && !math.IsInf(n, 0)
	case 'o':
		var w struct {
			Value jv `json:"value"`
		}
		if v.raw != nil && json.Unmarshal(v.raw, &w) == nil && w.Value.kind == 'n' {
			return w.Value.num, true
		}
	}
	return 0, false
}

// text returns a string value, safe to print and at most maxExportText
// bytes; "" for anything else. An object {"typeKey": s} or {"key": s}
// gives s.
func (v *jv) text() string {
	s := v.str
	switch v.kind {
	case 's':
	case 'o':
		var w struct {
			TypeKey jv `json:"typeKey"`
			Key     jv `json:"key"`
		}
		if v.raw == nil || json.Unmarshal(v.raw, &w) != nil {
			return ""
		}
		s = w.TypeKey.str
		if s == "" {
			s = w.Key.str
		}
	default:
		return ""
	}
	s = strings.TrimSpace(s)
	if len(s) > maxExportText {
		s = s[:maxExportText]
	}
	return safeText(s)
}

// boolean returns a boolean value.
func (v *jv) boolean() (bool, bool) {
	if v.kind == 'b' {
		return v.num == 1, true
	}
	return false, false
}

// date returns a calendar day as midnight UTC of that date: a string that
// starts with YYYY-MM-DD, epoch milliseconds (the UTC date of that
// instant, which is how the export stores a day as a number), or an
// object {"date": "Jan 2, 2006 12:00:00 AM"} (older exports).
func (v *jv) date() (time.Time, bool) {
	switch v.kind {
	case 's':
		s := strings.TrimSpace(v.str)
		if len(s) >= 10 {
			if t, err := time.Parse(time.DateOnly, s[:10]); err == nil && inEpochRange(t) {
				return t, true
			}
		}
		for _, layout := range []string{"Jan 2, 2006 3:04:05 PM", "Jan 2, 2006"} {
			if t, err := time.Parse(layout, s); err == nil && inEpochRange(t) {
				return midnight(t), true
			}
		}
	case 'n':
		if t, ok := epoch(v.num, true); ok {
			return midnight(t), true
		}
	case 'o':
		var w struct {
			Date jv `json:"date"`
		}
		if v.raw != nil && json.Unmarshal(v.raw, &w) == nil && w.Date.kind == 's' {
			return w.Date.date()
		}
	}
	return time.Time{}, false
}

// instant returns a time as UTC: an ISO 8601 string with or without a
// zone (without one it is UTC, as the *GMT fields are), or epoch
// milliseconds (seconds for a number below 10^11, before 1973 in ms).
func (v *jv) instant() (time.Time, bool) {
	switch v.kind {
	case 's':
		s := strings.TrimSpace(v.str)
		for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05", "2006-01-02T15:04Z07:00", "2006-01-02T15:04"} {
			if t, err := time.Parse(layout, s); err == nil && inEpochRange(t) {
				return t.UTC(), true
			}
		}
	case 'n':
		return epoch(v.num, math.Abs(v.num) >= 1e11)
	}
	return time.Time{}, false
}

// epoch converts Unix milliseconds (ms set) or seconds to a time within
// years 1900–2200.
func epoch(n float64, ms bool) (time.Time, bool) {
	if ms {
		n /= 1000
	}
	if math.IsNaN(n) || n < -2208988800 || n > 7258118400 {
		return time.Time{}, false
	}
	sec := math.Floor(n)
	return time.Unix(int64(sec), int64((n-sec)*1e9)).UTC(), true
}

// inEpochRange reports whether t lies within the years epoch accepts,
// 1900–2200: a date or time written as a string outside them ("0000-01-01")
// is no date either.
func inEpochRange(t time.Time) bool {
	return t.Unix() >= -2208988800 && t.Unix() <= 7258118400
}

// midnight returns midnight UTC of t's date.
func midnight(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// conv converts the values of one record, reporting what cannot be used.
type conv struct {
	d   *exportDecoder
	rec int
}

// num returns v as a number, NaN when missing; a value of another type is
// a problem of the record, and reads as NaN.
func (c *conv) num(name string, v *jv) float64 {
	if !v.present() {
		return nan
	}
	n, ok := v.number()
	if !ok {
		c.d.recordProblem(c.rec, "%s is %s where a number is expected: not used", name, v.what())
		return nan
	}
	return n
}

// nz is num with Garmin's 0 for "not measured" read as NaN.
func (c *conv) nz(name string, v *jv) float64 {
	n := c.num(name, v)
	if n == 0 {
		return nan
	}
	return n
}

// in returns n when it lies within [lo, hi] (or is NaN); else it notes the
// value as outside its physical range and returns NaN.
func (c *conv) in(name, unit string, n, lo, hi float64) float64 {
	if math.IsNaN(n) || n >= lo && n <= hi {
		return n
	}
	if c.d.rangeCount == 0 {
		r := valueRange{field: name, unit: unit, lo: lo, hi: hi}
		c.d.rangeFirst = fmt.Sprintf("record %d: %s %s is outside %s: dropped", c.rec, name, withUnit(n, unit), r.bounds())
	}
	c.d.rangeCount++
	return nan
}

// date returns v as a calendar day; a value that is there but no date is a
// problem of the record.
func (c *conv) date(name string, v *jv) (time.Time, bool) {
	if !v.present() {
		return time.Time{}, false
	}
	t, ok := v.date()
	if !ok {
		c.d.recordProblem(c.rec, "%s %s is not a date: not used", name, v.quoted())
	}
	return t, ok
}

// instant returns v as a time, like date.
func (c *conv) instant(name string, v *jv) time.Time {
	if !v.present() {
		return time.Time{}
	}
	t, ok := v.instant()
	if !ok {
		c.d.recordProblem(c.rec, "%s %s is not a time: not used", name, v.quoted())
	}
	return t
}

// quoted shows the value in a message.
func (v *jv) quoted() string {
	switch v.kind {
	case 's':
		s := v.str
		if len(s) > 40 {
			s = s[:40] + "…"
		}
		return strconv.Quote(safeText(s))
	case 'n':
		return strconv.FormatFloat(v.num, 'f', -1, 64)
	}
	return "(" + v.what() + ")"
}

// drop notes that record rec is not used, and why.
func (c *conv) drop(format string, args ...any) {
	c.d.recordProblem(c.rec, format+": record not used", args...)
}

// sizeOf returns the bytes a kept value of type T takes, strings apart.
func sizeOf[T any]() uintptr {
	var v T
	return unsafe.Sizeof(v)
}
