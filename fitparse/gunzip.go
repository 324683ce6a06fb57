package fitparse

import (
	"bufio"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/bounceback/bounceback/internal/safeio"
)

// maxTrailer is how many bytes after the last gzip member gunzip looks at
// to tell zero padding from other trailing data.
const maxTrailer = 64 << 10

// gunzip inflates the gzip stream r, found at p, under the size cap limit,
// as gzip -d does: member after member, until the input ends or what
// follows a member is not another one. It returns the inflated bytes, a
// warning, and an error when nothing usable inflated.
//
// Trailing zero bytes (padding to a block size) are accepted silently;
// other trailing bytes give a warning that is no damage, since every
// member before them passed its CRC. A stream that is cut or corrupt
// returns what inflated before the damage with a *DecodeError warning
// naming the offset in the compressed stream ("truncated .gz: ..."), or
// the error when nothing inflated. A stream that inflates past limit is an
// error wrapping ErrTooLarge; no more than limit + 1 bytes are held.
func gunzip(ctx context.Context, p string, r io.Reader, limit int64) ([]byte, error, error) {
	g := &gzStream{cr: &countingReader{r: cancelReader{ctx, r}}}
	g.br = bufio.NewReader(g.cr)
	zr, err := gzip.NewReader(g.br)
	if err != nil {
		if err == io.EOF {
			err = errors.New("empty .gz file")
		}
		return nil, nil, withPath(p, err)
	}
	zr.Multistream(false)
	g.zr = zr
	b, err := safeio.ReadAll(p, g, 0, limit)
	var ce *safeio.CapError
	switch {
	case err == nil:
		return b, g.trailerWarning(p), nil
	case errors.As(err, &ce):
		return nil, nil, &capError{path: p, cap: limit}
	case ctx.Err() != nil || len(b) == 0:
		return nil, nil, withPath(p, err)
	}
	what, sentinel := "corrupt", ErrCorrupt
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		what, sentinel = "truncated", ErrTruncated
	}
	return b, &DecodeError{Path: p, Offset: g.offset(),
		Err: errorf(sentinel, "%s .gz: %v; the %d bytes inflated before it are decoded", what, err, len(b))}, nil
}

// gzStream reads the members of a gzip stream in turn.
type gzStream struct {
	zr *gzip.Reader
	br *bufio.Reader
	cr *countingReader
	// done is set after the last member.
	done bool
	// trailing counts the bytes after the last member (up to maxTrailer
	// and one more); garbage is set when one of them is not zero; end is
	// the offset where they start.
	trailing int
	garbage  bool
	end      int64
}

// offset returns how many bytes of the compressed stream were consumed.
func (g *gzStream) offset() int64 { return g.cr.n - int64(g.br.Buffered()) }

func (g *gzStream) Read(p []byte) (int, error) {
	for {
		if g.done {
			return 0, io.EOF
		}
		n, err := g.zr.Read(p)
		if err != io.EOF {
			return n, err
		}
		if err := g.next(); err != nil {
			return n, err
		}
		if n > 0 {
			return n, nil
		}
	}
}

// next moves past the end of a member: to the next member, or to the end.
func (g *gzStream) next() error {
	g.end = g.offset()
	head, _ := g.br.Peek(2)
	switch {
	case len(head) == 0:
		g.done = true
	case len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b:
		if err := g.zr.Reset(g.br); err != nil {
			return err
		}
		g.zr.Multistream(false)
	default:
		g.done = true
		buf := make([]byte, 4<<10)
		for g.trailing <= maxTrailer {
			n, err := g.br.Read(buf)
			for _, c := range buf[:n] {
				if c != 0 {
					g.garbage = true
				}
			}
			g.trailing += n
			if err != nil {
				break
			}
		}
	}
	return nil
}

// trailerWarning returns the warning for trailing bytes that are not zero
// padding, or nil.
func (g *gzStream) trailerWarning(p string) error {
	switch {
	case g.trailing > maxTrailer:
		return fmt.Errorf("%s: more than %d bytes after the gzip stream, from byte %d: ignored", p, maxTrailer, g.end)
	case g.garbage:
		return fmt.Errorf("%s: %d bytes of trailing garbage after the gzip stream, from byte %d: ignored", p, g.trailing, g.end)
	}
	return nil
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
