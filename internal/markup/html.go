package markup

import (
	"fmt"
	"slices"
	"strings"
)

// voidElements have no content and no end tag.
var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true,
}

// WriteHTML writes a tree as HTML. It is the only place a page's markup is
// made from values: text and attribute values are escaped here and nowhere
// else, attribute values are always double-quoted, and attributes come out
// sorted by name, so a tree renders to the same bytes every time (and a
// page's ETag is stable). Tags and attribute names come from the views'
// own code; one that is not a plain lower-case name is a programming error
// and panics rather than reach a page.
func WriteHTML(b *strings.Builder, n *Node) {
	if n == nil {
		return
	}
	if n.Tag == "" {
		Escape(b, n.Text)
		return
	}
	mustBeName("tag", n.Tag)
	if (n.Tag == "script" || n.Tag == "style") && len(n.Kids) > 0 {
		// Their content is raw text that escaping cannot make safe: a
		// page's scripts and styles are files, never inline.
		panic("markup: a " + n.Tag + " element with content")
	}
	b.WriteByte('<')
	b.WriteString(n.Tag)
	attrs := slices.Clone(n.Attrs)
	slices.SortStableFunc(attrs, func(a, b Attr) int { return strings.Compare(a.Name, b.Name) })
	for i, a := range attrs {
		if i > 0 && attrs[i-1].Name == a.Name {
			continue // set twice: the first wins, as in a browser's parser
		}
		mustBeName("attribute", a.Name)
		b.WriteByte(' ')
		b.WriteString(a.Name)
		if !a.Flag {
			b.WriteString(`="`)
			Escape(b, a.Value)
			b.WriteByte('"')
		}
	}
	b.WriteByte('>')
	if voidElements[n.Tag] {
		return
	}
	for _, k := range n.Kids {
		WriteHTML(b, k)
	}
	b.WriteString("</")
	b.WriteString(n.Tag)
	b.WriteByte('>')
}

// Escape writes s with the five characters that can change the meaning of
// HTML text or of a quoted attribute value replaced by references.
func Escape(b *strings.Builder, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var ref string
		switch s[i] {
		case '&':
			ref = "&amp;"
		case '<':
			ref = "&lt;"
		case '>':
			ref = "&gt;"
		case '"':
			ref = "&#34;"
		case '\'':
			ref = "&#39;"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(ref)
		last = i + 1
	}
	b.WriteString(s[last:])
}

// mustBeName panics unless s is a plain name: a-z, then a-z, 0-9 or -. An
// attribute may also have upper-case letters after its first: SVG's viewBox
// must be written so for the browser side, which sets it with setAttribute
// on an SVG element (the HTML parser reads it either way).
func mustBeName(what, s string) {
	ok := s != "" && s[0] >= 'a' && s[0] <= 'z'
	for i := 1; ok && i < len(s); i++ {
		c := s[i]
		ok = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || what == "attribute" && c >= 'A' && c <= 'Z'
	}
	if !ok {
		panic(fmt.Sprintf("markup: %s %q is not a plain lower-case name", what, s))
	}
}

// HTML renders a tree to a string.
func (n *Node) HTML() string {
	var b strings.Builder
	WriteHTML(&b, n)
	return b.String()
}

// Doctype is what starts an HTML document.
const Doctype = "<!doctype html>\n"
