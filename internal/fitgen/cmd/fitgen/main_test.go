package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestRun(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name  string
		args  []string
		code  int
		files int
	}{
		{"bad flag", []string{"-nope"}, 2, 0},
		{"extra argument", []string{"-out", dir, "x"}, 2, 0},
		{"help", []string{"-h"}, 0, 0},
		{"many", []string{"-many", "2", "-seed", "3", "-out", filepath.Join(dir, "many")}, 0, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			if code := run(tt.args, &stderr); code != tt.code {
				t.Fatalf("run(%q) = %d, want %d; stderr: %s", tt.args, code, tt.code, stderr.String())
			}
			if tt.files > 0 {
				ents, err := os.ReadDir(filepath.Join(dir, "many"))
				if err != nil || len(ents) != tt.files {
					t.Errorf("%d files (%v), want %d", len(ents), err, tt.files)
				}
			}
		})
	}
}
