package main

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	dir := t.TempDir()
	export := filepath.Join(dir, "export.zip")
	tests := []struct {
		name  string
		args  []string
		code  int
		files int
		zip   string // the export written
	}{
		{"bad flag", []string{"-nope"}, 2, 0, ""},
		{"extra argument", []string{"-out", dir, "x"}, 2, 0, ""},
		{"help", []string{"-h"}, 0, 0, ""},
		{"many", []string{"-many", "2", "-seed", "3", "-out", filepath.Join(dir, "many")}, 0, 2, ""},
		{"export with -out", []string{"-export", filepath.Join(dir, "x.zip"), "-out", dir}, 2, 0, ""},
		{"export with -many", []string{"-export", filepath.Join(dir, "x.zip"), "-many", "2"}, 2, 0, ""},
		{"export into a missing folder", []string{"-export", filepath.Join(dir, "no", "x.zip")}, 1, 0, ""},
		{"export", []string{"-export", export}, 0, 0, export},
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
			if tt.zip != "" {
				zr, err := zip.OpenReader(tt.zip)
				if err != nil {
					t.Fatal(err)
				}
				defer zr.Close()
				var dataFiles, manifests int
				for _, f := range zr.File {
					switch {
					case strings.HasPrefix(f.Name, "DI_CONNECT/"):
						dataFiles++
					case strings.HasSuffix(f.Name, ".tsv"):
						manifests++
					}
				}
				if dataFiles < 10 || manifests != 2 {
					t.Errorf("%s: %d members under DI_CONNECT, %d manifests", tt.zip, dataFiles, manifests)
				}
			}
			if tt.code != 0 || tt.zip == "" {
				if _, err := os.Stat(filepath.Join(dir, "x.zip")); err == nil {
					t.Errorf("a failed run left %s", filepath.Join(dir, "x.zip"))
				}
			}
		})
	}
}
