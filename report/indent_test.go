package report

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"
)

func TestMarshalIndent(t *testing.T) {
	for _, v := range []any{
		nil, 1, "x", []int{}, map[string]any{}, []any{[]int{}, map[string]int{}, nil},
		map[string]any{"a": []any{1, "b", map[string]any{"c": []int{}}}, "d": map[string]any{}},
		[]string{`quote " inside`, `back\slash`, "tab\tnew\nline", "<html> & ünïcode ☃", `\"`, `\\`, ""},
		struct {
			A float64 `json:"a"`
			B []byte  `json:"b"`
			C *int    `json:"c"`
		}{math.Pi, []byte("bytes"), nil},
	} {
		want, err := json.MarshalIndent(v, "    ", "  ")
		if err != nil {
			t.Fatal(err)
		}
		got, err := marshalIndent(v, "    ")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("marshalIndent(%v):\n%s\nwant\n%s", v, got, want)
		}
	}
}

// FuzzAppendIndent checks appendIndent against json.Indent on every
// valid document, compacted first as json.Marshal would write it.
func FuzzAppendIndent(f *testing.F) {
	for _, s := range []string{`{}`, `[]`, `{"a":[1,{"b":[]},"c\"d"],"e":{}}`, `"\\\""`, `[[],[{}],[[1]]]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !json.Valid(data) {
			return
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, data); err != nil {
			return
		}
		var want bytes.Buffer
		if err := json.Indent(&want, compact.Bytes(), "  ", "  "); err != nil {
			t.Fatal(err)
		}
		if got := appendIndent(nil, compact.Bytes(), "  ", "  "); !bytes.Equal(got, want.Bytes()) {
			t.Errorf("appendIndent(%q) = %q, want %q", compact.Bytes(), got, want.Bytes())
		}
	})
}
