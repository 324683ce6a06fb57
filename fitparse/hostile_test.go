package fitparse

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	"github.com/muktihari/fit/encoder"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/proto"
)

// The tests in this file feed Scan and DecodeContext the inputs of issue
// 12, each of which crashed or hung the scanner before: every path,
// archive and file must cost bounded time and memory. Each runs under a
// wall-clock guard that fails the test rather than let it hang; the
// memory-sensitive ones measure the peak heap. None asserts a speed.

// TestScanSparseFile: a 3 GB sparse .fit in a folder is refused from its
// size, before anything is read.
func TestScanSparseFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "in", "big.fit")
	scanWrite(t, dir, map[string][]byte{"in/big.fit": nil, "in/a.fit": smallActivity(t)})
	if err := os.Truncate(p, 3<<30); err != nil {
		t.Skipf("no sparse file: %v", err)
	}
	var got []string
	peak := heapPeak(256<<20, func() { got = scanGuarded(t, []string{dir + "/in"}, ScanOptions{}) })
	want := []string{
		dir + "/in/a.fit ok",
		dir + "/in/big.fit failed: " + p + ": 3221225472 bytes, larger than the 64 MiB cap [larger than the size cap]",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
	if peak > 16<<20 {
		t.Errorf("peak heap %d MiB, want nothing of the file read", peak>>20)
	}
	if f := DecodeFile(p); f.Status != Failed || !errors.Is(f.Err, ErrTooLarge) {
		t.Errorf("DecodeFile: %v %v", f.Status, f.Err)
	}
}

// bombCap is the size cap of the gzip bomb tests: the default, or 16 MiB
// under the race detector, which inflates ten times slower.
func bombCap() (int64, string) {
	if raceEnabled {
		return 16 << 20, "16 MiB"
	}
	return DefaultMaxFileSize, "64 MiB"
}

// TestScanGzipBomb: a .fit.gz of 2 GiB of zeros stops inflating at the 64
// MiB cap, and the buffer never grows past it (bytes.Buffer doubled it to
// 1 GiB).
func TestScanGzipBomb(t *testing.T) {
	dir := t.TempDir()
	scanWrite(t, dir, map[string][]byte{"bomb.fit.gz": gzipBomb(t)})
	limit, name := bombCap()
	var got []string
	peak := heapPeak(256<<20, func() { got = scanGuarded(t, []string{dir}, ScanOptions{MaxFileSize: limit}) })
	want := []string{dir + "/bomb.fit.gz failed: " + dir + "/bomb.fit.gz: inflates past the " + name + " cap [larger than the size cap]"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	// The buffer doubles up to the cap: the last step holds half the cap
	// and the cap.
	if peak > uint64(limit)*5/2 {
		t.Errorf("peak heap %d MiB, want at most about 1.5 × the %s cap", peak>>20, name)
	}
	t.Logf("peak heap %d MiB", peak>>20)
}

// TestScanGzipBombsInParallel: 8 gzip bombs at Workers 8 share the memory
// budget: a .gz costs the cap times DecodeExpansion (384 MiB) until it has
// inflated, so they inflate one at a time (each held 1 GiB before).
func TestScanGzipBombsInParallel(t *testing.T) {
	dir := t.TempDir()
	bomb := gzipBomb(t)
	files := map[string][]byte{}
	for i := range 8 {
		files[fmt.Sprintf("b%d.fit.gz", i)] = bomb
	}
	scanWrite(t, dir, files)
	limit, name := bombCap()
	var got []string
	peak := heapPeak(384<<20, func() { got = scanGuarded(t, []string{dir}, ScanOptions{Workers: 8, MaxFileSize: limit}) })
	if len(got) != 8 {
		t.Fatalf("%d results, want 8", len(got))
	}
	for _, l := range got {
		if !strings.HasSuffix(l, "inflates past the "+name+" cap [larger than the size cap]") {
			t.Errorf("result %s", l)
		}
	}
	// At the 64 MiB cap the bombs inflate one at a time (about 100 MiB at
	// the peak); at 16 MiB five at a time.
	if peak > 256<<20 {
		t.Errorf("peak heap %d MiB, want at most half the 512 MiB budget", peak>>20)
	}
	t.Logf("peak heap %d MiB", peak>>20)
}

// TestScanZipMembersDeclaringMore: 20 members that declare 255 MiB each, at
// Workers 20, are refused from their declared size, without inflating.
func TestScanZipMembersDeclaringMore(t *testing.T) {
	dir := t.TempDir()
	raw, crc := deflateZeros(t, 1<<20)
	var names []string
	for i := range 20 {
		names = append(names, fmt.Sprintf("m%02d.fit", i))
	}
	scanWrite(t, dir, map[string][]byte{"big.zip": zipRaw(t, names, raw, 255<<20, crc)})
	var got []string
	peak := heapPeak(256<<20, func() { got = scanGuarded(t, []string{dir + "/big.zip"}, ScanOptions{Workers: 20}) })
	if len(got) != 20 {
		t.Fatalf("%d results, want 20", len(got))
	}
	for _, l := range got {
		if !strings.HasSuffix(l, "inflates past the 64 MiB cap [larger than the size cap]") {
			t.Errorf("result %s", l)
		}
	}
	if peak > 32<<20 {
		t.Errorf("peak heap %d MiB, want nothing inflated", peak>>20)
	}
}

// TestScanMemoryBudget: 20 members of 8 MiB at Workers 20 under a 32 MiB
// budget are read one at a time (each costs 8 MiB × DecodeExpansion, more
// than the budget, and runs alone); without the budget all 20 buffers could
// be held at once.
func TestScanMemoryBudget(t *testing.T) {
	dir := t.TempDir()
	const size = 8 << 20
	raw, crc := deflateZeros(t, size)
	var names []string
	for i := range 20 {
		names = append(names, fmt.Sprintf("m%02d.fit", i))
	}
	scanWrite(t, dir, map[string][]byte{"z.zip": zipRaw(t, names, raw, size, crc)})
	opts := ScanOptions{Workers: 20, MaxFileSize: size, MemoryBudget: 32 << 20}
	var got []string
	peak := heapPeak(64<<20, func() { got = scanGuarded(t, []string{dir}, opts) })
	if len(got) != 20 {
		t.Fatalf("%d results, want 20", len(got))
	}
	for _, l := range got {
		if !strings.HasSuffix(l, "not a FIT file (header size 0) [not a FIT file]") {
			t.Errorf("result %s", l)
		}
	}
	if peak > 48<<20 {
		t.Errorf("peak heap %d MiB under a 32 MiB budget", peak>>20)
	}
	t.Logf("peak heap %d MiB", peak>>20)
}

// TestMemBudget: acquire waits until the bytes fit, or until nothing but
// the pinned bytes is held (then a cost larger than the budget runs alone),
// and gives up when its context is cancelled.
func TestMemBudget(t *testing.T) {
	b := newMemBudget(100)
	ctx := context.Background()
	if !b.acquire(ctx, 60, 0) || !b.acquire(ctx, 40, 0) {
		t.Fatal("fitting costs waited")
	}
	got := make(chan bool)
	go func() { got <- b.acquire(ctx, 500, 0) }() // more than the budget
	select {
	case <-got:
		t.Fatal("a cost larger than the budget ran while others held it")
	case <-time.After(20 * time.Millisecond):
	}
	b.release(60)
	select {
	case <-got:
		t.Fatal("ran beside another holder")
	case <-time.After(20 * time.Millisecond):
	}
	b.release(40)
	within(t, guard, func() {
		if !<-got {
			t.Error("acquire failed")
		}
	})
	if b.used != 500 || b.peak != 500 {
		t.Errorf("used %d, peak %d", b.used, b.peak)
	}
	b.release(500)

	// Pinned bytes (the archive an input is read from) do not count as
	// another holder.
	if !b.acquire(ctx, 80, 0) {
		t.Fatal("acquire failed")
	}
	within(t, guard, func() {
		if !b.acquire(ctx, 50, 80) {
			t.Error("acquire failed")
		}
	})

	cctx, cancel := context.WithCancel(ctx)
	go func() { got <- b.acquire(cctx, 90, 0) }()
	time.Sleep(10 * time.Millisecond)
	cancel()
	within(t, guard, func() {
		if <-got {
			t.Error("acquire succeeded after cancellation")
		}
	})
	if b.used != 130 {
		t.Errorf("used %d, want 130", b.used)
	}
}

// TestScanMaxWorkers: Workers above MaxWorkers decode at most MaxWorkers
// inputs at a time.
func TestScanMaxWorkers(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{}
	for i := range 3 * MaxWorkers {
		files[fmt.Sprintf("%03d.fit", i)] = scanFake(fmt.Sprintf("start=%d", i))
	}
	scanWrite(t, dir, files)
	var running, most atomic.Int64
	got, err := scan(context.Background(), []string{dir}, ScanOptions{Workers: 100000}, func(f *File) int {
		n := running.Add(1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		time.Sleep(2 * time.Millisecond)
		running.Add(-1)
		return 0
	}, scanFakeDecode)
	if err != nil || len(got) != 3*MaxWorkers {
		t.Fatalf("%d results, %v", len(got), err)
	}
	if m := most.Load(); m > MaxWorkers {
		t.Errorf("%d inputs decoded at once, want at most %d", m, MaxWorkers)
	}
}

// TestScanRepeatedEntries: zips whose central directory lists the same
// bytes many times, or entries that overlap, are refused whole, at the
// top level or nested: stored zips repeating one entry 100 × 100 and 900 ×
// 900 times expanded to 10,000 and 810,000 members.
func TestScanRepeatedEntries(t *testing.T) {
	dir := t.TempDir()
	tiny := scanFake("start=1")
	inner := repeatedZip(t, "a.fit", tiny, 100)
	inner900 := repeatedZip(t, "a.fit", tiny, 900)
	// An entry whose data starts inside another's: the second central
	// directory record points at the local header of the stored zip's own
	// member.
	nested := scanZip(t, scanZipEntry{name: "x.fit", data: tiny, store: true})
	overlap := scanZip(t, scanZipEntry{name: "in.zip", data: nested, store: true}, scanZipEntry{name: "y.fit", data: tiny, store: true})
	cd := bytes.LastIndex(overlap, []byte("PK\x01\x02"))
	copy(overlap[cd+42:cd+46], []byte{byte(30 + len("in.zip")), 0, 0, 0}) // y.fit's local header offset
	scanWrite(t, dir, map[string][]byte{
		"r10k.zip":    repeatedZip(t, "inner.zip", inner, 100),
		"r810k.zip":   repeatedZip(t, "inner.zip", inner900, 900),
		"nested.zip":  scanZip(t, scanZipEntry{name: "ok.fit", data: tiny}, scanZipEntry{name: "r.zip", data: inner, store: true}),
		"inner.zip":   scanZip(t, scanZipEntry{name: "r.zip", data: inner}), // compressed nested zip
		"overlap.zip": overlap,
	})
	got := scanLines(t, dir, []string{dir}, ScanOptions{})
	want := []string{
		`$D/nested.zip/ok.fit ok`,
		`$D/inner.zip/r.zip failed: $D/inner.zip/r.zip: zip entries "a.fit" and "a.fit" share the bytes at offset 35: the archive is refused`,
		`$D/nested.zip/r.zip failed: $D/nested.zip/r.zip: zip entries "a.fit" and "a.fit" share the bytes at offset 35: the archive is refused`,
		`$D/overlap.zip failed: $D/overlap.zip: zip entries "in.zip" and "y.fit" share the bytes at offset 71: the archive is refused`,
		`$D/r10k.zip failed: $D/r10k.zip: zip entries "inner.zip" and "inner.zip" share the bytes at offset 39: the archive is refused`,
		`$D/r810k.zip failed: $D/r810k.zip: zip entries "inner.zip" and "inner.zip" share the bytes at offset 39: the archive is refused`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("got:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}

// TestScanArchiveCaps: one archive on disk yields at most MaxArchiveMembers
// members and inflates at most MaxArchiveBytes, nested zips included; the
// rest is one Failed result under the archive's path.
func TestScanArchiveCaps(t *testing.T) {
	// At the default cap, 100,000 members plus one: generating and
	// scanning them takes a few seconds, too long under the race detector
	// and -short, where a cap of 5,000 shows the same.
	n, opts := DefaultMaxArchiveMembers, ScanOptions{}
	if raceEnabled || testing.Short() {
		n, opts = 5000, ScanOptions{MaxArchiveMembers: 5000}
	}
	dir := t.TempDir()
	entries := make([]scanZipEntry, n+1)
	for i := range entries {
		entries[i] = scanZipEntry{name: fmt.Sprintf("m%06d.fit", i), data: scanFake(fmt.Sprintf("pad=%d", i)), store: true}
	}
	others := make([]scanZipEntry, n+1)
	for i := range others {
		others[i] = scanZipEntry{name: fmt.Sprintf("n%06d.fit", i), data: scanFake(fmt.Sprintf("pad=n%d", i)), store: true}
	}
	third := func(i int) []scanZipEntry { return others[i*(n+1)/3 : (i+1)*(n+1)/3] }
	scanWrite(t, dir, map[string][]byte{
		"many.zip": scanZip(t, entries...),
		"nested.zip": scanZip(t,
			scanZipEntry{name: "a.zip", data: scanZip(t, third(0)...), store: true},
			scanZipEntry{name: "b.zip", data: scanZip(t, third(1)...)},
			scanZipEntry{name: "c.zip", data: scanZip(t, third(2)...), store: true},
			scanZipEntry{name: "d.fit", data: scanFake("start=1")},
		),
	})
	ctx, cancel := context.WithTimeout(context.Background(), guard)
	defer cancel()
	count := map[string]int{}
	var rest []string
	var mu sync.Mutex
	within(t, guard+10*time.Second, func() {
		_, err := scan(ctx, []string{dir}, opts, func(f *File) int {
			mu.Lock()
			defer mu.Unlock()
			top := strings.TrimPrefix(f.Path, dir+"/")
			top, _, _ = strings.Cut(top, "/")
			count[top]++
			if errors.Is(f.Err, ErrTooLarge) {
				rest = append(rest, strings.ReplaceAll(f.Err.Error(), dir, "$D"))
			}
			return 0
		}, scanFakeDecode)
		if err != nil {
			t.Error(err)
		}
	})
	// The three nested zips count as members: nested.zip yields 3 results
	// fewer.
	if count["many.zip"] != n+1 || count["nested.zip"] != n-2 {
		t.Errorf("results %v, want %d and %d", count, n+1, n-2)
	}
	slices.Sort(rest)
	want := []string{
		fmt.Sprintf("$D/many.zip: holds more than %d members, nested zips included: the other 1 members are not read", n),
		fmt.Sprintf("$D/nested.zip: holds more than %d members, nested zips included: the other 5 members are not read", n),
	}
	if !slices.Equal(rest, want) {
		t.Errorf("got:\n\t%s\nwant:\n\t%s", strings.Join(rest, "\n\t"), strings.Join(want, "\n\t"))
	}

	// The bytes cap counts the members' declared sizes.
	small := t.TempDir()
	big := scanFake("pad=" + strings.Repeat("x", 1000))
	scanWrite(t, small, map[string][]byte{"z.zip": scanZip(t,
		scanZipEntry{name: "a.fit", data: big}, scanZipEntry{name: "b.fit", data: big},
		scanZipEntry{name: "in.zip", data: scanZip(t, scanZipEntry{name: "c.fit", data: big})})})
	got := scanLines(t, small, []string{small}, ScanOptions{MaxArchiveBytes: 2500})
	wantBytes := []string{
		"$D/z.zip failed: $D/z.zip: inflates to more than 2500 bytes, nested zips included: the other 1 members are not read [larger than the size cap]",
		"$D/z.zip/a.fit ok",
		"$D/z.zip/b.fit skipped: $D/z.zip/b.fit: duplicate of $D/z.zip/a.fit [duplicate]",
	}
	if !slices.Equal(got, wantBytes) {
		t.Errorf("got:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(wantBytes, "\n\t"))
	}
}

// noValidation is an encoder message validator that checks nothing, so
// that the encoder writes a developer-field flood in linear time (its own
// validator searches the field descriptions as the decoder did).
type noValidation struct{}

func (noValidation) Validate(*proto.Message) error { return nil }
func (noValidation) Reset()                        {}

// devFieldFlood returns a FIT activity of about 2.5 MB: nDesc
// field_description messages that no developer field uses, the 255 that
// they use, then nRec records with a heart rate and 255 one-byte developer
// fields each. The FIT library searched every description for every
// developer field: nRec × 255 × nDesc comparisons.
func devFieldFlood(tb testing.TB, nDesc, nRec int) []byte {
	tb.Helper()
	ts := fitTS(testStart)
	msgs := []proto.Message{
		mesg(typedef.MesgNumFileId, fv{0, uint8(typedef.FileActivity)}),
		mesg(typedef.MesgNumDeveloperDataId, fv{3, uint8(0)}),
		mesg(typedef.MesgNumDeveloperDataId, fv{3, uint8(1)}),
	}
	for i := range nDesc {
		msgs = append(msgs, mesg(typedef.MesgNumFieldDescription, fv{0, uint8(1)}, fv{1, uint8(i)}, fv{2, uint8(0x02)}))
	}
	for i := range 255 {
		msgs = append(msgs, mesg(typedef.MesgNumFieldDescription, fv{0, uint8(0)}, fv{1, uint8(i)}, fv{2, uint8(0x02)}))
	}
	dev := make([]proto.DeveloperField, 255)
	for i := range dev {
		dev[i] = proto.DeveloperField{Num: byte(i), DeveloperDataIndex: 0, Value: proto.Uint8(uint8(i))}
	}
	for i := range nRec {
		m := mesg(typedef.MesgNumRecord, fv{253, ts + uint32(i)}, fv{3, uint8(100 + i%50)})
		m.DeveloperFields = dev
		msgs = append(msgs, m)
	}
	var buf bytes.Buffer
	enc := encoder.New(&buf, encoder.WithProtocolVersion(proto.V2), encoder.WithMessageValidator(noValidation{}))
	if err := enc.Encode(&proto.FIT{Messages: msgs}); err != nil {
		tb.Fatalf("encode: %v", err)
	}
	return buf.Bytes()
}

// TestDecodeDeveloperFieldFlood: a flood of field descriptions and
// developer fields decodes in time linear in its size (it took hours), and
// every record decodes as without the developer fields.
func TestDecodeDeveloperFieldFlood(t *testing.T) {
	const nDesc, nRec = 100_000, 8000
	data := devFieldFlood(t, nDesc, nRec)
	var f *File
	within(t, guard, func() { f = DecodeBytes(data, "flood.fit") })
	checkInvariants(t, f)
	if f.Status != OK || f.Records.Len() != nRec {
		t.Fatalf("%d bytes: status %v, %d records, want ok and %d (err %v)", len(data), f.Status, f.Records.Len(), nRec, f.Err)
	}
	for i, hr := range f.Records.HR {
		if hr != float64(100+i%50) || f.Records.T[i] != float64(testStart.Unix()+int64(i)) {
			t.Fatalf("record %d: HR %v at %v", i, hr, f.Records.T[i])
		}
	}
	if fr := scanFrame(data, "flood.fit"); fr.hidden != 1 {
		t.Errorf("%d field_description definitions hidden, want 1", fr.hidden)
	}
}

// countdownCtx is a context that is cancelled at its n-th Err call:
// DecodeContext asks before every message, so the decode must stop after
// about n messages, whatever the clock says.
type countdownCtx struct {
	context.Context
	left atomic.Int64
	once sync.Once
	done chan struct{}
}

func newCountdown(n int64) *countdownCtx {
	c := &countdownCtx{Context: context.Background(), done: make(chan struct{})}
	c.left.Store(n)
	return c
}

func (c *countdownCtx) Err() error {
	if c.left.Add(-1) < 0 {
		c.once.Do(func() { close(c.done) })
		return context.Canceled
	}
	return nil
}

func (c *countdownCtx) Done() <-chan struct{} { return c.done }

// clockCtx is a context cancelled after a delay that starts at its first
// Err call, when DecodeContext checks before the first message.
type clockCtx struct {
	context.Context
	after     time.Duration
	start     time.Time
	cancelled time.Time
}

func (c *clockCtx) Err() error {
	switch {
	case c.start.IsZero():
		c.start = time.Now()
	case !c.cancelled.IsZero():
		return context.Canceled
	case time.Since(c.start) > c.after:
		c.cancelled = time.Now()
		return context.Canceled
	}
	return nil
}

// TestDecodeContextCancel: DecodeContext notices a cancellation between two
// messages, also inside one large file, keeps what decoded before, marks
// the File Partial and names the byte it stopped at.
func TestDecodeContextCancel(t *testing.T) {
	data := rawRecords(1 << 20)
	const n = 1000
	f := DecodeContext(newCountdown(n), data, "big.fit")
	checkInvariants(t, f)
	got := f.Records.Len()
	if f.Status != Partial || got == 0 || got > n {
		t.Fatalf("status %v, %d records; want partial with 1 to %d", f.Status, got, n)
	}
	var de *DecodeError
	if !errors.As(firstDecodeError(f.Warnings), &de) || !errors.Is(de, context.Canceled) {
		t.Fatalf("warnings %v, want a *DecodeError wrapping context.Canceled", f.Warnings)
	}
	// 14-byte header, file_id definition and message, record definition;
	// 6 bytes a record.
	if want := int64(14 + 9 + 2 + 12 + 6*got); de.Offset != want {
		t.Errorf("stopped at byte %d, want %d (after %d records)", de.Offset, want, got)
	}
	if want := fmt.Sprintf("big.fit: byte %d: context canceled: the rest is not decoded", de.Offset); de.Error() != want {
		t.Errorf("warning %q, want %q", de, want)
	}

	// Cancelled before the first message: nothing decoded.
	if f := DecodeContext(newCountdown(0), data, "big.fit"); f.Status != Failed || !errors.Is(f.Err, context.Canceled) {
		t.Errorf("cancelled before: %v %v", f.Status, f.Err)
	}

	// On the clock: cancelled 5 ms into the messages of a 4 MiB file, the
	// decode stops there.
	big := rawRecords(4 << 20)
	ctx := &clockCtx{Context: context.Background(), after: 5 * time.Millisecond}
	within(t, guard, func() { f = DecodeContext(ctx, big, "big.fit") })
	latency := time.Since(ctx.cancelled)
	if f.Status != Partial || f.Records.Len() >= 4<<20/6-10 || !errors.Is(firstDecodeError(f.Warnings), context.Canceled) {
		t.Errorf("status %v, %d records, warnings %v; want partial, cancelled", f.Status, f.Records.Len(), f.Warnings)
	}
	t.Logf("stopped %v after the cancellation, %d records decoded", latency, f.Records.Len())
}

// TestScanFileTimeout: an input that takes longer than FileTimeout stops
// there with what decoded before, and a clear warning.
func TestScanFileTimeout(t *testing.T) {
	dir := t.TempDir()
	scanWrite(t, dir, map[string][]byte{"slow.fit": rawRecords(4 << 20), "quick.fit": smallActivity(t)})
	// A decoder that is slow only for slow.fit: it waits for the time
	// budget to run out before decoding, like a pathological file.
	slow := func(ctx context.Context, b []byte, p string) *File {
		if strings.HasSuffix(p, "slow.fit") {
			<-ctx.Done()
		}
		return DecodeContext(ctx, b, p)
	}
	var got []string
	within(t, guard, func() {
		var err error
		got, err = scan(context.Background(), []string{dir}, ScanOptions{FileTimeout: 50 * time.Millisecond}, func(f *File) string {
			s := scanLine(f)
			if !errors.Is(f.Err, ErrTimeout) && len(f.Warnings) > 0 && errors.Is(f.Warnings[0], ErrTimeout) {
				s += " | " + f.Warnings[0].Error()
			}
			return strings.ReplaceAll(s, dir, "$D")
		}, slow)
		if err != nil {
			t.Error(err)
		}
	})
	want := []string{
		"$D/quick.fit ok",
		"$D/slow.fit failed: $D/slow.fit: byte 23: decoding took longer than 50ms: the rest is not decoded",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}

	// With the real decoder on a 4 MiB file and a budget of half its
	// decoding time, measured here: what decoded in time is kept (when
	// the budget runs out while the file is read, the File is Failed).
	big := rawRecords(4 << 20)
	t0 := time.Now()
	DecodeBytes(big, "slow.fit")
	budget := time.Since(t0) / 2
	scanWrite(t, dir, map[string][]byte{"slow.fit": big})
	var f *File
	within(t, guard, func() {
		Scan(context.Background(), []string{dir + "/slow.fit"}, ScanOptions{FileTimeout: budget}, func(g *File) int {
			f = g
			return 0
		})
	})
	timedOut := errors.Is(f.Err, ErrTimeout)
	for _, w := range f.Warnings {
		timedOut = timedOut || errors.Is(w, ErrTimeout)
	}
	if f.Status == OK || !timedOut {
		t.Errorf("status %v, err %v, warnings %v; want a timeout", f.Status, f.Err, f.Warnings)
	}
	t.Logf("%v, %d records: %v %v", f.Status, f.Records.Len(), f.Err, f.Warnings)
}

// TestScanDamagedGz: a cut .gz keeps what inflated before the cut, like a
// cut plain file; zero padding after the stream is accepted silently, other
// trailing bytes with a warning; members follow one another as in gzip -d;
// the same holds for .gz members of a zip.
func TestScanDamagedGz(t *testing.T) {
	// Each input holds other records, so that none is a duplicate.
	data := rawRecords(200 << 10)
	other := func(i int) []byte { return rawRecords(200<<10 + 6*i) }
	gz := func(i int) []byte { return scanGzip(t, other(i)) }
	g := gz(0)
	two := func(b []byte) []byte { return append(scanGzip(t, b[:len(b)/2]), scanGzip(t, b[len(b)/2:])...) }
	cutmember := two(other(4))
	dir := t.TempDir()
	scanWrite(t, dir, map[string][]byte{
		"cut.fit.gz":       g[:len(g)/2],
		"plaincut.fit":     data[:len(data)/2],
		"zeros.fit.gz":     append(gz(1), make([]byte, 4096)...),
		"garbage.fit.gz":   append(gz(2), "junk!"...),
		"members.fit.gz":   two(other(3)),
		"cutmember.fit.gz": cutmember[:len(cutmember)-100],
		"z.zip": scanZip(t, scanZipEntry{name: "cut.fit.gz", data: gz(5)[:len(g)/2]},
			scanZipEntry{name: "zeros.fit.gz", data: append(gz(6), make([]byte, 100)...)}),
	})
	files := map[string]*File{}
	var mu sync.Mutex
	within(t, guard, func() {
		Scan(context.Background(), []string{dir}, ScanOptions{}, func(f *File) int {
			mu.Lock()
			files[strings.TrimPrefix(f.Path, dir+"/")] = f
			mu.Unlock()
			return 0
		})
	})
	full := DecodeBytes(data, "x").Records.Len()
	plain := files["plaincut.fit"].Records.Len()
	tests := []struct {
		name    string
		status  Status
		warning string // in the first warning; "" for none
		minRecs int
	}{
		{"cut.fit.gz", Partial, "cut.fit.gz: byte ", plain * 9 / 10},
		{"z.zip/cut.fit.gz", Partial, "z.zip/cut.fit.gz: byte ", plain * 9 / 10},
		{"zeros.fit.gz", OK, "", full},
		{"z.zip/zeros.fit.gz", OK, "", full},
		{"garbage.fit.gz", OK, "garbage.fit.gz: 5 bytes of trailing garbage after the gzip stream, from byte ", full},
		{"members.fit.gz", OK, "", full},
		{"cutmember.fit.gz", Partial, "truncated .gz: unexpected EOF; the ", full / 2},
	}
	for _, tt := range tests {
		f := files[tt.name]
		if f == nil {
			t.Errorf("%s: no result", tt.name)
			continue
		}
		if f.Status != tt.status {
			t.Errorf("%s: status %v, want %v (%v, %v)", tt.name, f.Status, tt.status, f.Err, f.Warnings)
		}
		if tt.warning == "" && slices.ContainsFunc(f.Warnings, func(w error) bool { return !errors.Is(w, ErrNoSession) }) {
			t.Errorf("%s: warnings %v", tt.name, f.Warnings)
		}
		if tt.warning != "" && (len(f.Warnings) == 0 || !strings.Contains(f.Warnings[0].Error(), tt.warning)) {
			t.Errorf("%s: warnings %v, want %q", tt.name, f.Warnings, tt.warning)
		}
		if f.Records.Len() < tt.minRecs {
			t.Errorf("%s: %d records, want at least %d (a plain file cut in half keeps %d)", tt.name, f.Records.Len(), tt.minRecs, plain)
		}
	}
	var de *DecodeError
	if w := files["cut.fit.gz"].Warnings[0]; !errors.As(w, &de) || !errors.Is(w, ErrTruncated) || de.Offset <= 0 {
		t.Errorf("cut.fit.gz: warning %v, want a *DecodeError wrapping ErrTruncated", w)
	}
	t.Logf("cut .gz keeps %d records, the plain cut %d, of %d", files["cut.fit.gz"].Records.Len(), plain, full)
}

// TestScanDamagedGzReal: a cut .gz of a real file keeps about what the
// same cut keeps of the plain file.
func TestScanDamagedGzReal(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(realDir(t), "muktihari__fit", "testdata", "big_activity.fit"))
	if err != nil {
		t.Fatal(err)
	}
	g := scanGzip(t, data)
	dir := t.TempDir()
	scanWrite(t, dir, map[string][]byte{"cut.fit.gz": g[:len(g)/2], "cut.fit": data[:len(data)/2]})
	got := map[string]int{}
	var mu sync.Mutex
	within(t, guard, func() {
		Scan(context.Background(), []string{dir}, ScanOptions{}, func(f *File) int {
			if f.Status != Partial {
				t.Errorf("%s: %v %v", f.Path, f.Status, f.Err)
			}
			mu.Lock()
			got[filepath.Base(f.Path)] = f.Records.Len()
			mu.Unlock()
			return 0
		})
	})
	if got["cut.fit.gz"] < got["cut.fit"]*9/10 || got["cut.fit"] == 0 {
		t.Errorf("records kept: %v", got)
	}
	t.Logf("records kept: %v", got)
}

// TestOutOfRange: session and lap values outside their physical range are
// dropped with one warning per file, which is no damage; fields with a
// non-numeric base type are never read as numbers.
func TestOutOfRange(t *testing.T) {
	ts := fitTS(testStart)
	data := encodeFIT(t,
		mesg(typedef.MesgNumFileId, fv{0, uint8(typedef.FileActivity)}),
		mesg(typedef.MesgNumRecord, fv{253, ts}, fv{3, uint8(120)}),
		mesg(typedef.MesgNumLap, fv{253, ts}, fv{2, ts}, fv{15, uint8(251)}, fv{8, uint32(600000)}),
		mesg(typedef.MesgNumSession, fv{253, ts}, fv{2, ts}, fv{8, uint32(1094400000)}, fv{7, uint32(3600000)},
			fv{9, uint32(1094800000)}, fv{24, uint8(65)}, fv{16, uint8(140)}, fv{178, uint16(30000)},
			fv{57, int8(-70)}, fv{11, uint16(2000)}))
	f := DecodeBytes(data, "x.fit")
	checkInvariants(t, f)
	if f.Status != OK {
		t.Fatalf("status %v (%v), want ok", f.Status, f.Err)
	}
	s, lap := f.Sessions[0], f.Laps[0]
	for name, v := range map[string]float64{"timer": s.Timer, "distance": s.Distance, "TE": s.AerobicTE,
		"sweat": s.SweatLoss, "temperature": s.AvgTemp, "lap HR": lap.AvgHR} {
		if !math.IsNaN(v) {
			t.Errorf("%s = %v, want dropped", name, v)
		}
	}
	if s.Elapsed != 3600 || s.AvgHR != 140 || s.Calories != 2000 || lap.Timer != 600 {
		t.Errorf("kept values changed: elapsed %v, HR %v, calories %v, lap timer %v", s.Elapsed, s.AvgHR, s.Calories, lap.Timer)
	}
	want := "x.fit: session 1: total_timer_time 1094400 s is outside 0–604800 s: dropped (and 5 more values outside their ranges dropped)"
	if len(f.Warnings) != 1 || f.Warnings[0].Error() != want || !errors.Is(f.Warnings[0], ErrOutOfRange) {
		t.Errorf("warnings %v, want one: %s", f.Warnings, want)
	}

	// A string or byte field where the profile has a number reads as not
	// recorded: the FIT library would read "ABCDEFG" as a 1145 ks timer,
	// "x" as 120 bpm.
	m := proto.Message{Num: typedef.MesgNumSession}
	for _, c := range []struct {
		num byte
		v   proto.Value
	}{
		{8, proto.String("ABCDEFG")}, {9, proto.SliceUint8([]byte{1, 2, 3, 4})}, {16, proto.String("x")}, {24, proto.SliceUint8([]byte{65})},
	} {
		field := mesg(typedef.MesgNumSession, fv{c.num, uint8(0)}).Fields[0]
		fb := *field.FieldBase
		fb.BaseType = baseTypeOf(c.v.Any())
		if c.v.Type() == proto.TypeString {
			fb.BaseType = baseString
		} else {
			fb.BaseType = baseByte
		}
		field.FieldBase = &fb
		field.Value = c.v
		m.Fields = append(m.Fields, field)
	}
	m.Fields = append(m.Fields, mesg(typedef.MesgNumSession, fv{7, uint32(60000)}).Fields[0])
	data = encodeFIT(t, mesg(typedef.MesgNumFileId, fv{0, uint8(typedef.FileActivity)}), m)
	if fr := scanFrame(data, "s.fit"); fr.retyped != 4 {
		t.Errorf("%d fields renumbered, want 4", fr.retyped)
	}
	f = DecodeBytes(data, "s.fit")
	s = f.Sessions[0]
	if !math.IsNaN(s.Timer) || !math.IsNaN(s.Distance) || !math.IsNaN(s.AvgHR) || !math.IsNaN(s.AerobicTE) || s.Elapsed != 60 {
		t.Errorf("timer %v, distance %v, HR %v, TE %v, elapsed %v; want the text fields not recorded", s.Timer, s.Distance, s.AvgHR, s.AerobicTE, s.Elapsed)
	}
	if len(f.Warnings) != 0 {
		t.Errorf("warnings %v", f.Warnings)
	}
}

// TestSafeText: control characters, bidirectional overrides and invalid
// UTF-8 in strings from a file (product_name, archive member names) become
// "?".
func TestSafeText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Edge 530", "Edge 530"},
		{"Forerunner® 955 Ü 日本", "Forerunner® 955 Ü 日本"},
		{"\x1b[31mred\x1b[0m", "?[31mred?[0m"},
		{"a\x07b\x7fc\u009bd", "a?b?c?d"},
		{"evil\u202egnp.fit", "evil?gnp.fit"},
		{"\u2066x\u2069\u200f", "?x??"},
		{"bad \xff\xfe bytes", "bad ?? bytes"},
		{"line\nfeed\ttab\r", "line?feed?tab?"},
	}
	for _, tt := range tests {
		if got := safeText(tt.in); got != tt.want {
			t.Errorf("safeText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}

	data := encodeFIT(t,
		mesg(typedef.MesgNumFileId, fv{0, uint8(typedef.FileActivity)}, fv{1, uint16(typedef.ManufacturerDevelopment)},
			fv{8, "\x1b]0;pwned\x07Bike\u202e"}),
		mesg(typedef.MesgNumRecord, fv{253, fitTS(testStart)}, fv{3, uint8(100)}))
	if f := DecodeBytes(data, "x.fit"); f.ID.Product != "?]0;pwned?Bike?" {
		t.Errorf("product %q", f.ID.Product)
	}
	dir := t.TempDir()
	scanWrite(t, dir, map[string][]byte{"a.zip": scanZip(t, scanZipEntry{name: "\x1b[2Jx\u202e.fit", data: scanFake()})})
	got := scanLines(t, dir, []string{dir}, ScanOptions{})
	if want := []string{"$D/a.zip/?[2Jx?.fit ok"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestDecodeMemoryBound: a file of 1-byte session messages (a definition
// without fields, then headers only) would make a 300-byte Session of each
// byte; the decode stops once the values take more than 4 bytes per byte
// of the file, plus 1 MiB, and keeps what decoded before.
func TestDecodeMemoryBound(t *testing.T) {
	body := []byte{
		0x40, 0, 0, 0, 0, 1, 0, 1, 0x00, 0x00, 4, // file_id: activity
		0x41, 0, 0, 18, 0, 0, // session, no fields
	}
	body = append(body, bytes.Repeat([]byte{0x01}, 200_000)...)
	var f *File
	within(t, guard, func() { f = DecodeBytes(fitStream(body), "sessions.fit") })
	checkInvariants(t, f)
	var de *DecodeError
	if f.Status != Partial || !errors.As(firstDecodeError(f.Warnings), &de) || !errors.Is(de, ErrTooLarge) {
		t.Fatalf("status %v, warnings %v; want partial, stopped at the bound", f.Status, f.Warnings)
	}
	bound := maxDecodedPerByte*(len(body)+16) + maxDecodedSlack
	if n := len(f.Sessions); n == 0 || n*int(unsafe.Sizeof(Session{})) > bound+int(unsafe.Sizeof(Session{})) {
		t.Errorf("%d sessions kept, bound %d bytes", n, bound)
	}
	t.Logf("%d sessions kept: %v", len(f.Sessions), de)
}
