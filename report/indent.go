package report

import "encoding/json"

// marshalIndent is json.MarshalIndent(v, prefix, "  "), the same bytes,
// with the indentation done in one pass over the compact encoding
// instead of by encoding/json's scanner, which spent a third of the time
// of `analyze --format json` (BENCHMARKS.md).
func marshalIndent(v any, prefix string) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return appendIndent(make([]byte, 0, len(b)+len(b)/2), b, prefix, "  "), nil
}

// appendIndent appends src, a compact JSON document as json.Marshal
// writes it (no space outside strings), to dst indented as json.Indent
// indents it: each element and member on its own line, beginning with
// prefix and one indent per level of nesting, "{}" and "[]" kept empty,
// ": " after a key.
func appendIndent(dst, src []byte, prefix, indent string) []byte {
	depth := 0
	newline := func() {
		dst = append(dst, '\n')
		dst = append(dst, prefix...)
		for range depth {
			dst = append(dst, indent...)
		}
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch c {
		case '"':
			// Copy the string through its closing quote.
			j := i + 1
			for j < len(src) && src[j] != '"' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			j = min(j, len(src)-1)
			dst = append(dst, src[i:j+1]...)
			i = j
		case '{', '[':
			dst = append(dst, c)
			if i+1 < len(src) && (src[i+1] == '}' || src[i+1] == ']') {
				dst = append(dst, src[i+1])
				i++
				continue
			}
			depth++
			newline()
		case '}', ']':
			depth--
			newline()
			dst = append(dst, c)
		case ',':
			dst = append(dst, c)
			newline()
		case ':':
			dst = append(dst, ':', ' ')
		default:
			dst = append(dst, c)
		}
	}
	return dst
}
