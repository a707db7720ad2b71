package translate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"unicode/utf8"
)

// value is a JSON value of a document and where it is: enough to find the
// texts of a guide and to write a translation in the English document's
// own layout, replacing only the texts' bytes.
type value struct {
	kind       byte // '{', '[', '"'; 0 for a number, true, false or null
	start, end int  // the value's bytes in the document
	str        string
	keys       []string // an object's keys, in order
	keyStart   []int    // where each key starts
	vals       []*value // an object's values, an array's elements
}

// get returns an object's member key, or nil.
func (v *value) get(key string) *value {
	if v == nil || v.kind != '{' {
		return nil
	}
	if i := slices.Index(v.keys, key); i >= 0 {
		return v.vals[i]
	}
	return nil
}

// text returns a string member's text, or "".
func (v *value) text(key string) string {
	if m := v.get(key); m != nil && m.kind == '"' {
		return m.str
	}
	return ""
}

// list returns an array member's elements, or nil.
func (v *value) list(key string) []*value {
	if m := v.get(key); m != nil && m.kind == '[' {
		return m.vals
	}
	return nil
}

// parseJSON reads one JSON document (UTF-8, one value, duplicate keys
// refused) with where each of its values is. Errors name the line.
func parseJSON(data []byte) (*value, error) {
	if !utf8.Valid(data) {
		for i := 0; i < len(data); {
			r, n := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n == 1 {
				return nil, errAt(lineOf(data, i), "not UTF-8 (byte 0x%02x)", data[i])
			}
			i += n
		}
	}
	p := &jsonParser{data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	p.dec.UseNumber()
	v, err := p.value()
	if err != nil {
		return nil, p.located(err)
	}
	if _, err := p.dec.Token(); err != io.EOF {
		return nil, errAt(lineOf(data, p.next()), "data after the document's end")
	}
	return v, nil
}

type jsonParser struct {
	data  []byte
	dec   *json.Decoder
	depth int
}

// next is where the next token starts: the decoder leaves white space and
// separators before it unread.
func (p *jsonParser) next() int {
	off := int(p.dec.InputOffset())
	for off < len(p.data) {
		switch p.data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
		default:
			return off
		}
	}
	return off
}

func (p *jsonParser) located(err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return errAt(lineOf(p.data, int(se.Offset)), "%v", se)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errAt(lineOf(p.data, len(p.data)), "the document ends too early")
	}
	return err
}

func (p *jsonParser) value() (*value, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > 64 {
		return nil, errAt(lineOf(p.data, p.next()), "nested too deep")
	}
	start := p.next()
	tok, err := p.dec.Token()
	if err != nil {
		return nil, err
	}
	v := &value{start: start}
	switch t := tok.(type) {
	case json.Delim:
		v.kind = byte(t)
		if t != '{' && t != '[' {
			return nil, errAt(lineOf(p.data, start), "unexpected %q", t)
		}
		for p.dec.More() {
			if t == '{' {
				ks := p.next()
				kt, err := p.dec.Token()
				if err != nil {
					return nil, err
				}
				key := kt.(string)
				if slices.Contains(v.keys, key) {
					return nil, errAt(lineOf(p.data, ks), "the key %q twice in one object", key)
				}
				v.keys = append(v.keys, key)
				v.keyStart = append(v.keyStart, ks)
			}
			m, err := p.value()
			if err != nil {
				return nil, err
			}
			v.vals = append(v.vals, m)
		}
		if _, err := p.dec.Token(); err != nil {
			return nil, err
		}
	case string:
		v.kind, v.str = '"', t
	}
	v.end = int(p.dec.InputOffset())
	return v, nil
}

// LineError is a problem at a line of a document.
type LineError struct {
	Line int // 1-based
	Msg  string
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

func errAt(line int, format string, args ...any) error {
	return &LineError{line, fmt.Sprintf(format, args...)}
}

// lineOf is the 1-based line of offset off in data.
func lineOf(data []byte, off int) int {
	off = min(max(off, 0), len(data))
	return bytes.Count(data[:off], []byte("\n")) + 1
}

// appendString writes s as a JSON string the way the guides are written:
// UTF-8 as it is, only the quote, the backslash and control characters
// escaped (\n, \t…, else \u00XX).
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\t':
			b = append(b, '\\', 't')
		case '\r':
			b = append(b, '\\', 'r')
		case '\b':
			b = append(b, '\\', 'b')
		case '\f':
			b = append(b, '\\', 'f')
		default:
			if c < 0x20 {
				b = append(b, `\u00`...)
				b = append(b, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&15])
				continue
			}
			b = append(b, c)
		}
	}
	return append(b, '"')
}

// edit replaces the bytes [start, end) of a document.
type edit struct {
	start, end int
	with       []byte
}

// applyEdits makes the edits to data; edits that overlap are an error.
func applyEdits(data []byte, edits []edit) ([]byte, error) {
	edits = slices.Clone(edits)
	slices.SortFunc(edits, func(a, b edit) int { return a.start - b.start })
	out := make([]byte, 0, len(data)+len(data)/4)
	at := 0
	for _, e := range edits {
		if e.start < at {
			return nil, errAt(lineOf(data, e.start), "two changes to the same value")
		}
		out = append(out, data[at:e.start]...)
		out = append(out, e.with...)
		at = e.end
	}
	return append(out, data[at:]...), nil
}
