package safeio

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadFile: a regular file is read in full; a folder, a FIFO and a
// device are refused at once (a FIFO without a writer never blocks), and a
// file over the cap is refused before it is read.
func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	ok := filepath.Join(dir, "a.fit")
	if err := os.WriteFile(ok, []byte("0123456789"), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := ReadFile(ok, 10)
	if err != nil || string(b) != "0123456789" {
		t.Fatalf("ReadFile = %q, %v", b, err)
	}
	if _, err := ReadFile(ok, 9); !errors.Is(err, ErrTooLarge) {
		t.Errorf("over the cap: %v", err)
	}
	if _, err := ReadFile(dir, 100); !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), "a folder") {
		t.Errorf("folder: %v", err)
	}

}

// TestReadAll: a stream longer than the cap is refused, and the buffer
// never grows past the cap.
func TestReadAll(t *testing.T) {
	data := bytes.Repeat([]byte{1}, 5000)
	b, err := ReadAll("s", bytes.NewReader(data), 0, 5000)
	if err != nil || len(b) != 5000 || cap(b) > 5001 {
		t.Errorf("at the cap: %d bytes (cap %d), %v", len(b), cap(b), err)
	}
	if _, err := ReadAll("s", bytes.NewReader(data), 0, 4999); !errors.Is(err, ErrTooLarge) {
		t.Errorf("over the cap: %v", err)
	}
	if _, err := ReadAll("s", bytes.NewReader(data), 1<<40, 100); !errors.Is(err, ErrTooLarge) {
		t.Errorf("a size over the cap: %v", err)
	}
}
