package content

import (
	"errors"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// reader reads a JSON document value by value, without reflection: the
// decoders of the guide and of the interface words (decode_flow.go,
// strings.go) say field by field what they expect, and the reader checks
// the syntax as it goes. It is what the wasm decodes with: a reflective
// decode (encoding/json into the engine's types) was the largest part of
// the wasm's own boot work and brought reflect's code paths into it.
//
// It is strict in the ways that cannot happen in a document lint accepted:
// an unknown field, a value of the wrong type, null, a number that is not a
// whole number, data after the value; each is an error naming the JSON
// path. The first error stops the decode (every method then does nothing).
type reader struct {
	data []byte
	i    int
	err  error
	path []step // the path of the value being read, for errors
}

// step is one step of a JSON path: an object's key (obj), or an array's
// index. n counts the members read so far (-1 before the first).
type step struct {
	key string
	n   int
	obj bool
}

func newReader(data []byte) *reader { return &reader{data: data} }

// fail records the first error.
func (r *reader) fail(format string, args ...any) {
	if r.err != nil {
		return
	}
	at := ""
	for _, p := range r.path {
		switch {
		case p.n < 0:
		case p.obj:
			at += "." + p.key
		default:
			at += "[" + strconv.Itoa(p.n) + "]"
		}
	}
	msg := format
	if len(args) > 0 {
		msg = sprintf(format, args...)
	}
	if at != "" {
		msg = at + ": " + msg
	}
	r.err = errors.New(msg + " (at byte " + strconv.Itoa(r.i) + ")")
}

// sprintf is a tiny %s/%q formatter: fmt is not otherwise needed here, and
// each package the wasm links costs bytes.
func sprintf(format string, args ...any) string {
	out := make([]byte, 0, len(format)+16)
	for i := 0; i < len(format); i++ {
		if format[i] != '%' || i+1 == len(format) || len(args) == 0 {
			out = append(out, format[i])
			continue
		}
		i++
		s, _ := args[0].(string)
		args = args[1:]
		if format[i] == 'q' {
			out = strconv.AppendQuote(out, s)
		} else {
			out = append(out, s...)
		}
	}
	return string(out)
}

func (r *reader) space() {
	for r.i < len(r.data) {
		switch r.data[r.i] {
		case ' ', '\t', '\r', '\n':
			r.i++
		default:
			return
		}
	}
}

// peek returns the next significant byte, or 0 at the end.
func (r *reader) peek() byte {
	r.space()
	if r.i < len(r.data) {
		return r.data[r.i]
	}
	return 0
}

// expect consumes c.
func (r *reader) expect(c byte, what string) bool {
	if r.err != nil {
		return false
	}
	if r.peek() != c {
		r.wrong(what)
		return false
	}
	r.i++
	return true
}

// wrong reports a value that is not what was expected.
func (r *reader) wrong(want string) {
	got := "the end of the document"
	switch c := r.peek(); {
	case c == '{':
		got = "an object"
	case c == '[':
		got = "an array"
	case c == '"':
		got = "a string"
	case c == 't' || c == 'f':
		got = "true or false"
	case c == 'n':
		got = "null"
	case c == '-' || '0' <= c && c <= '9':
		got = "a number"
	case c != 0:
		got = strconv.QuoteRune(rune(c))
	}
	r.fail("want %s, got %s", want, got)
}

// object starts an object and array an array; the members follow in a
// loop, without a callback (a closure per field was most of the decoder's
// bytes in the wasm):
//
//	for r.object(); r.more('}'); {
//		switch k := r.key(); k { ... }
//	}
//	for r.array(); r.more(']'); { ... }
func (r *reader) object() { r.open('{', false) }

func (r *reader) array() { r.open('[', true) }

func (r *reader) open(c byte, array bool) {
	what := "an object"
	if array {
		what = "an array"
	}
	if r.expect(c, what) {
		r.path = append(r.path, step{n: -1, obj: !array})
	}
}

// more says whether another member of the object or array opened last
// follows (end is '}' or ']'); at its end it is closed.
func (r *reader) more(end byte) bool {
	if r.err != nil {
		return false
	}
	top := &r.path[len(r.path)-1]
	switch c := r.peek(); {
	case c == end:
		r.i++
		r.path = r.path[:len(r.path)-1]
		return false
	case top.n < 0:
	case c == ',':
		r.i++
	default:
		r.wrong("',' or '" + string(end) + "'")
		return false
	}
	top.n++
	top.key = ""
	return true
}

// key reads an object's key and its colon; it becomes the path's last
// part.
func (r *reader) key() string {
	k := r.str()
	if r.expect(':', "':' after a key") {
		r.path[len(r.path)-1].key = k
	}
	return k
}

// unknown reports a field the decoder does not know.
func (r *reader) unknown(key string) { r.fail("unknown field %q", key) }

// str reads a string.
func (r *reader) str() string {
	if r.err != nil {
		return ""
	}
	if r.peek() != '"' {
		r.wrong("a string")
		return ""
	}
	r.i++
	start := r.i
	for r.i < len(r.data) {
		c := r.data[r.i]
		switch {
		case c == '"':
			s := string(r.data[start:r.i])
			r.i++
			return s
		case c == '\\':
			return r.escaped(start)
		case c < 0x20:
			r.fail("a control character in a string")
			return ""
		}
		r.i++
	}
	r.fail("a string is not closed")
	return ""
}

// escaped reads the rest of a string that has an escape at r.i.
func (r *reader) escaped(start int) string {
	out := append(make([]byte, 0, r.i-start+16), r.data[start:r.i]...)
	for r.i < len(r.data) {
		c := r.data[r.i]
		switch {
		case c == '"':
			r.i++
			return string(out)
		case c < 0x20:
			r.fail("a control character in a string")
			return ""
		case c != '\\':
			out = append(out, c)
			r.i++
			continue
		}
		if r.i+1 >= len(r.data) {
			break
		}
		e := r.data[r.i+1]
		r.i += 2
		switch e {
		case '"', '\\', '/':
			out = append(out, e)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			c1, ok := r.hex4()
			if !ok {
				return ""
			}
			if utf16.IsSurrogate(c1) {
				// A pair makes one character; a lone half is U+FFFD,
				// as encoding/json decodes it.
				if r.i+1 < len(r.data) && r.data[r.i] == '\\' && r.data[r.i+1] == 'u' {
					save := r.i
					r.i += 2
					c2, ok := r.hex4()
					if !ok {
						return ""
					}
					if d := utf16.DecodeRune(c1, c2); d != utf8.RuneError {
						out = utf8.AppendRune(out, d)
						continue
					}
					r.i = save
				}
				c1 = utf8.RuneError
			}
			out = utf8.AppendRune(out, c1)
		default:
			r.i -= 2
			r.fail("invalid escape in a string")
			return ""
		}
	}
	r.fail("a string is not closed")
	return ""
}

func (r *reader) hex4() (rune, bool) {
	if r.i+4 > len(r.data) {
		r.fail("a \\u escape is cut short")
		return 0, false
	}
	var v rune
	for _, c := range r.data[r.i : r.i+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			r.fail("invalid \\u escape")
			return 0, false
		}
		v = v<<4 | rune(c)
	}
	r.i += 4
	return v, true
}

// strs reads an array of strings.
func (r *reader) strs() []string {
	var out []string
	for r.array(); r.more(']'); {
		out = append(out, r.str())
	}
	if out == nil && r.err == nil {
		out = []string{}
	}
	return out
}

// end checks that nothing but white space follows the document's value.
func (r *reader) end() error {
	if r.err == nil && r.peek() != 0 {
		r.fail("unexpected data after the document")
	}
	return r.err
}
