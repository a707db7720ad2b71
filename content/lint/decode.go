package lint

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
)

// Report is a JSON document read by Decode: where each of its values is,
// and the problems found so far, which a caller checking the decoded value
// adds to at the positions of their paths.
type Report struct {
	r reporter
}

// Decode reads one JSON document into v, a pointer to a struct, as strictly
// as Parse reads a guide: a byte order mark, invalid UTF-8, a syntax error,
// an unknown field, a duplicate key, a value of the wrong type, null and
// trailing data are problems, each at its file:line:col with its JSON path.
// what names what the document holds ("site configuration").
// The returned Report has those problems (Err); v is filled only when there
// are none.
func Decode(name string, data []byte, v any, what string) *Report {
	rep := &Report{r: reporter{file: name}}
	if p := CheckSize(name, int64(len(data))); p != nil {
		rep.r.probs = Problems{*p}
		return rep
	}
	if bytes.HasPrefix(data, []byte("\uFEFF")) {
		rep.r.probs = Problems{{File: name, Line: 1, Col: 1,
			Msg: "file starts with a byte order mark (BOM); save it as UTF-8 without BOM"}}
		return rep
	}
	pos, raw := scanDoc(data, reflect.TypeOf(v).Elem(), what)
	rep.r.pos = pos
	if bad := invalidUTF8(data); bad >= 0 {
		rep.r.add(bad, pos.enclosing(bad), fmt.Sprintf("invalid UTF-8 (byte 0x%02x); save the file as UTF-8", data[bad]))
	}
	for _, p := range raw {
		rep.r.add(p.off, p.path, p.msg)
	}
	if len(rep.r.probs) == 0 {
		// The scan accepted the document: it decodes without loss or surprise.
		if err := json.Unmarshal(data, v); err != nil {
			rep.r.add(0, "", "cannot decode "+what+": "+err.Error())
		}
	}
	return rep
}

// At reports a problem with the value at path (a path as the problems name
// them: brand.logo, contacts["x"].en), or with the object that should hold
// it when it is missing.
func (r *Report) At(path, format string, args ...any) { r.r.at(path, format, args...) }

// AtField reports a problem with the field at path itself, at its key.
func (r *Report) AtField(path, format string, args ...any) { r.r.atField(path, format, args...) }

// Err is the document's problems sorted by position, or nil.
func (r *Report) Err() error {
	if len(r.r.probs) == 0 {
		return nil
	}
	r.r.probs.Sort()
	return r.r.probs
}

// FieldPath and KeyPath build the paths Report takes, as the scanner names
// values: FieldPath("brand", "logo") is brand.logo, KeyPath for a map key
// quotes it when it is not a plain name.
func FieldPath(parent, name string) string { return fieldPath(parent, name) }

// KeyPath: see FieldPath.
func KeyPath(parent, key string) string { return keyPath(parent, key) }
