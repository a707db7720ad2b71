package translate

import (
	"fmt"
	"slices"
)

// Translation is a text in another language: Text, or for a plural Forms,
// one for each category of the language (in CLDR's order).
type Translation struct {
	Text  string
	Forms []Form
}

// Span is where a text is in a written document.
type Span struct {
	ID         string
	Start, End int
}

// Write writes the translation of an English document: its bytes with
// each text replaced by its translation (tr, by text id; every text must
// have one) and each top-level string member named in fields given that
// value ("lang": "es"). Everything else — the graph, ids, conditions,
// addresses of sources and pictures, numbers, the layout — is the English
// document's. A plural is written in the layout of the English one, with
// the forms of the translation. It returns where each text is in the
// output, for reporting problems in it.
func (d *Doc) Write(fields map[string]string, tr map[string]Translation) ([]byte, []Span, error) {
	var edits []edit
	var ids []string
	for name, v := range fields {
		m := d.root.get(name)
		if m == nil || m.kind != '"' {
			return nil, nil, fmt.Errorf("the English document has no string %q to set", name)
		}
		edits = append(edits, edit{m.start, m.end, appendString(nil, v)})
		ids = append(ids, "")
	}
	for i := range d.Texts {
		t := &d.Texts[i]
		x, ok := tr[t.ID]
		if !ok {
			return nil, nil, fmt.Errorf("no translation of %s", t.ID)
		}
		var with []byte
		if t.Plural == nil {
			with = appendString(nil, x.Text)
		} else {
			if len(x.Forms) == 0 {
				return nil, nil, fmt.Errorf("no forms of the plural %s", t.ID)
			}
			with = d.pluralObject(t.val, x.Forms)
		}
		edits = append(edits, edit{t.val.start, t.val.end, with})
		ids = append(ids, t.ID)
	}
	// Where each edit lands in the output: the edits are applied in
	// order of position.
	order := make([]int, len(edits))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return edits[a].start - edits[b].start })
	spans := make([]Span, 0, len(d.Texts))
	shift := 0
	for _, i := range order {
		e := edits[i]
		if ids[i] != "" {
			spans = append(spans, Span{ids[i], e.start + shift, e.start + shift + len(e.with)})
		}
		shift += len(e.with) - (e.end - e.start)
	}
	out, err := applyEdits(d.Data, edits)
	if err != nil {
		return nil, nil, err
	}
	return out, spans, nil
}

// pluralObject writes a plural's object with the forms of a translation,
// laid out as the English object o is: the same white space after its {,
// between a key and its value, between members and before its }; its
// count's member first, then the forms.
func (d *Doc) pluralObject(o *value, forms []Form) []byte {
	data := d.Data
	open, colon, sep, closing := []byte{}, []byte(": "), []byte(", "), []byte{}
	if len(o.keys) > 0 {
		open = data[o.start+1 : o.keyStart[0]]
		colon = data[stringEnd(data, o.keyStart[0]):o.vals[0].start]
		last := o.vals[len(o.vals)-1]
		closing = data[last.end : o.end-1]
	}
	if len(o.keys) > 1 {
		sep = data[o.vals[0].end:o.keyStart[1]]
	}
	out := []byte{'{'}
	out = append(out, open...)
	first := true
	member := func(key string, val []byte) {
		if !first {
			out = append(out, sep...)
		}
		first = false
		out = appendString(out, key)
		out = append(out, colon...)
		out = append(out, val...)
	}
	if c := o.get("plural"); c != nil {
		member("plural", data[c.start:c.end])
	}
	for _, f := range forms {
		member(f.Category, appendString(nil, f.Text))
	}
	out = append(out, closing...)
	return append(out, '}')
}

// stringEnd returns the offset just after the JSON string that starts at
// start.
func stringEnd(data []byte, start int) int {
	for i := start + 1; i < len(data); i++ {
		switch data[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(data)
}
