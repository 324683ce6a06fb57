//go:build unix

package fitparse

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// TestScanNotRegular: a FIFO, a device or a socket named as an argument,
// or found in a folder under an input's name, is refused at once with one
// Failed result naming it; it is never opened for reading (a FIFO without
// a writer would block forever, /dev/zero would run the program out of
// memory).
func TestScanNotRegular(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"x.fit", "x.fit.gz", "x.zip", "folder/y.fit", "folder/notes.txt"} {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
	}
	scanWrite(t, dir, map[string][]byte{"folder/a.fit": smallActivity(t)})
	sock := filepath.Join(dir, "folder", "s.fit")
	if l, err := net.Listen("unix", sock); err == nil {
		defer l.Close()
	} else {
		t.Logf("no unix socket: %v", err)
	}
	args := []string{dir + "/x.fit", dir + "/x.fit.gz", dir + "/x.zip", dir + "/folder"}
	for _, dev := range []string{"/dev/zero", "/dev/urandom"} {
		if _, err := os.Stat(dev); err == nil {
			args = append(args, dev)
		}
	}
	got := scanGuarded(t, args, ScanOptions{})
	for i := range got {
		got[i] = strings.ReplaceAll(got[i], dir, "$D")
	}
	want := []string{
		"$D/folder/a.fit ok",
		"$D/folder/s.fit failed: $D/folder/s.fit: not a regular file (a socket)",
		"$D/folder/y.fit failed: $D/folder/y.fit: not a regular file (a FIFO)",
		"$D/x.fit failed: $D/x.fit: not a regular file (a FIFO)",
		"$D/x.fit.gz failed: $D/x.fit.gz: not a regular file (a FIFO)",
		"$D/x.zip failed: $D/x.zip: not a regular file (a FIFO)",
	}
	if _, err := os.Stat(sock); err != nil {
		want = slices.Delete(want, 1, 2)
	}
	var devs []string
	for _, l := range got {
		if strings.HasPrefix(l, "/dev/") {
			devs = append(devs, l)
		}
	}
	got = slices.DeleteFunc(got, func(l string) bool { return strings.HasPrefix(l, "/dev/") })
	if !slices.Equal(got, want) {
		t.Errorf("got:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
	for _, l := range devs {
		if !strings.HasSuffix(l, ": not a regular file (a character device)") {
			t.Errorf("device: %s", l)
		}
	}
	if len(devs) != len(args)-4 {
		t.Errorf("%d device results for %d devices", len(devs), len(args)-4)
	}

	// DecodeFile refuses them the same way.
	within(t, guard, func() {
		for _, p := range []string{dir + "/x.fit", "/dev/zero"} {
			if f := DecodeFile(p); f.Status != Failed || !errors.Is(f.Err, ErrNotRegular) {
				if _, err := os.Stat(p); err == nil {
					t.Errorf("DecodeFile(%s): %v %v", p, f.Status, f.Err)
				}
			}
		}
	})
}
