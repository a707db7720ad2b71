package lint

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"

	engine "github.com/fixflow/fixflow/app"
)

// rawProblem is a problem located by byte offset, before line:col.
type rawProblem struct {
	off       int
	path, msg string
}

// scanner walks a document token by token alongside the Go type it decodes
// into, recording the offset of every value and key, and reporting syntax
// errors, unknown fields, duplicate keys, wrong types and nulls. A document
// it accepts decodes into the type without loss or surprise.
type scanner struct {
	what  string // what the document holds, for messages: "guide"
	data  []byte
	dec   *json.Decoder
	pos   *Positions
	probs []rawProblem
}

func scan(data []byte, t reflect.Type) (*Positions, []rawProblem) {
	return scanDoc(data, t, "guide")
}

// scanDoc scans a document holding what (a "guide", a "scenario").
func scanDoc(data []byte, t reflect.Type, what string) (*Positions, []rawProblem) {
	s := &scanner{what: what, data: data, dec: json.NewDecoder(bytes.NewReader(data)), pos: newPositions(data)}
	s.dec.UseNumber()
	if s.value("", t) {
		if off := s.skipSpace(int(s.dec.InputOffset())); off < len(data) {
			s.add(off, "", "unexpected data after the %s's closing }; a file holds exactly one JSON object", what)
		}
	}
	return s.pos, s.probs
}

func (s *scanner) add(off int, path, format string, args ...any) {
	s.probs = append(s.probs, rawProblem{off: off, path: path, msg: fmt.Sprintf(format, args...)})
}

func (s *scanner) skipSpace(off int) int {
	for off < len(s.data) {
		switch s.data[off] {
		case ' ', '\t', '\r', '\n':
			off++
		default:
			return off
		}
	}
	return off
}

// next returns the offset where the next token starts: the decoder leaves
// separators (',' and ':') and white space before it unread.
func (s *scanner) next() int {
	off := int(s.dec.InputOffset())
	for off < len(s.data) {
		switch s.data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
		default:
			return off
		}
	}
	return off
}

// syntax reports a decoder error; the scan stops after one.
func (s *scanner) syntax(err error, off int) {
	var se *json.SyntaxError
	switch {
	case errors.Is(err, io.EOF) && off == 0 && len(bytes.TrimSpace(s.data)) == 0:
		s.add(0, "", "empty file: want a JSON object with the %s", s.what)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		s.add(len(s.data), "", "unexpected end of file: the JSON is cut short; close every string, [ and {")
	case errors.As(err, &se):
		at := max(int(se.Offset)-1, 0)
		if at < off {
			at = off
		}
		s.add(at, "", "invalid JSON: %s", se.Error())
	default:
		s.add(off, "", "invalid JSON: %v", err)
	}
}

// stringForms are the struct types a document may also write as a string,
// and the field the string fills: a check's step is its text or an object.
var stringForms = map[reflect.Type]string{
	reflect.TypeFor[engine.Instruction](): "text",
}

// value scans one value at path that decodes into t. It returns false when
// the scan cannot go on (a syntax error).
func (s *scanner) value(path string, t reflect.Type) bool {
	if t.Kind() == reflect.Pointer { // an optional object: null is still refused
		t = t.Elem()
	}
	off := s.next()
	s.pos.val[path] = off
	tok, err := s.dec.Token()
	if err != nil {
		s.syntax(err, off)
		return false
	}
	got := ""
	switch tok := tok.(type) {
	case json.Delim:
		switch {
		case tok == '{' && t.Kind() == reflect.Struct:
			return s.object(path, t)
		case tok == '{' && t.Kind() == reflect.Map:
			return s.mapping(path, t)
		case tok == '[' && t.Kind() == reflect.Slice:
			return s.array(path, t.Elem())
		}
		got = map[json.Delim]string{'{': "an object", '[': "an array"}[tok]
		s.wrongType(off, path, t, got)
		return s.skipRest()
	case string:
		if t.Kind() == reflect.String {
			return true
		}
		if field, ok := stringForms[t]; ok {
			// Its text: problems with the text name the field, as they
			// would in the object form.
			s.pos.val[fieldPath(path, field)] = off
			s.pos.str[path] = true
			return true
		}
		got = "a string"
	case json.Number:
		if t.Kind() == reflect.Int {
			if _, err := strconv.ParseInt(string(tok), 10, strconv.IntSize); err != nil {
				s.add(off, path, "want a whole number, got %s", tok)
			}
			return true
		}
		got = "a number"
	case bool:
		if t.Kind() == reflect.Bool {
			return true
		}
		got = "true or false"
	case nil:
		s.add(off, path, "null is not allowed; give %s or remove the field", typeName(t))
		return true
	}
	s.wrongType(off, path, t, got)
	return true
}

func (s *scanner) wrongType(off int, path string, t reflect.Type, got string) {
	if path == "" {
		s.add(off, path, "want a JSON object with the %s, got %s", s.what, got)
		return
	}
	want := typeName(t)
	if _, ok := stringForms[t]; ok {
		want = "a string or an object"
	}
	s.add(off, path, "want %s, got %s", want, got)
}

// skipRest consumes the rest of an object or array whose opening delimiter
// was just read.
func (s *scanner) skipRest() bool {
	for depth := 1; depth > 0; {
		off := s.next()
		tok, err := s.dec.Token()
		if err != nil {
			s.syntax(err, off)
			return false
		}
		if d, ok := tok.(json.Delim); ok {
			if d == '{' || d == '[' {
				depth++
			} else {
				depth--
			}
		}
	}
	return true
}

// skipValue consumes one whole value.
func (s *scanner) skipValue() bool {
	off := s.next()
	tok, err := s.dec.Token()
	if err != nil {
		s.syntax(err, off)
		return false
	}
	if d, ok := tok.(json.Delim); ok && (d == '{' || d == '[') {
		return s.skipRest()
	}
	return true
}

// end consumes the closing delimiter of an object or array.
func (s *scanner) end() bool {
	off := s.next()
	if _, err := s.dec.Token(); err != nil {
		s.syntax(err, off)
		return false
	}
	return true
}

// objectKeys scans the keys of an object whose '{' was just read, calling
// field for each key that is not a duplicate.
func (s *scanner) objectKeys(path string, field func(key string, keyOff int) bool) bool {
	seen := map[string]int{}
	for s.dec.More() {
		off := s.next()
		tok, err := s.dec.Token()
		if err != nil {
			s.syntax(err, off)
			return false
		}
		key, _ := tok.(string)
		if first, dup := seen[key]; dup {
			line, _ := s.pos.lineCol(first)
			s.add(off, keyPath(path, key), "duplicate key %q (first on line %d); keep one", key, line)
			if !s.skipValue() {
				return false
			}
			continue
		}
		seen[key] = off
		if !field(key, off) {
			return false
		}
	}
	return s.end()
}

func (s *scanner) object(path string, t reflect.Type) bool {
	fields := jsonFields(t)
	return s.objectKeys(path, func(key string, off int) bool {
		p := fieldPath(path, key)
		f, ok := fields.byName[key]
		if !ok {
			s.add(off, p, "unknown field %q%s", key, suggestField(key, fields.names))
			return s.skipValue()
		}
		s.pos.key[p] = off
		return s.value(p, f)
	})
}

func (s *scanner) mapping(path string, t reflect.Type) bool {
	return s.objectKeys(path, func(key string, off int) bool {
		p := keyPath(path, key)
		s.pos.key[p] = off
		return s.value(p, t.Elem())
	})
}

func (s *scanner) array(path string, elem reflect.Type) bool {
	for i := 0; s.dec.More(); i++ {
		if !s.value(indexPath(path, i), elem) {
			return false
		}
	}
	return s.end()
}

// typeName says in words what JSON a Go type wants.
func typeName(t reflect.Type) string {
	if t == conditionType {
		return `a condition: an object of fact ids, each with an array of option ids, e.g. {"os": ["18"]}`
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Int:
		return "a whole number"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice:
		return "an array of " + pluralName(typeName(t.Elem()))
	case reflect.Map:
		return "an object of " + pluralName(typeName(t.Elem()))
	case reflect.Struct:
		return "an object"
	case reflect.Pointer:
		return typeName(t.Elem())
	}
	return t.String()
}

var conditionType = reflect.TypeFor[engine.Condition]()

// pluralName turns "a string" into "strings", "an array of strings" into
// "arrays of strings".
func pluralName(name string) string {
	name = strings.TrimPrefix(strings.TrimPrefix(name, "a "), "an ")
	if rest, ok := strings.CutPrefix(name, "array of "); ok {
		return "arrays of " + rest
	}
	return name + "s"
}

// structFields are the JSON fields of a struct type.
type structFields struct {
	byName map[string]reflect.Type
	names  []string // sorted
}

var fieldCache sync.Map // reflect.Type -> *structFields

// jsonFields lists the exported fields of t by their json names.
func jsonFields(t reflect.Type) *structFields {
	if f, ok := fieldCache.Load(t); ok {
		return f.(*structFields)
	}
	fs := &structFields{byName: map[string]reflect.Type{}}
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		fs.byName[name] = sf.Type
		fs.names = append(fs.names, name)
	}
	sort.Strings(fs.names)
	fieldCache.Store(t, fs)
	return fs
}

// suggestField says which field an unknown key may have meant.
func suggestField(key string, names []string) string {
	if m := closest(key, names); m != "" {
		return fmt.Sprintf("; did you mean %q?", m)
	}
	return "; the fields here are " + strings.Join(names, ", ")
}
