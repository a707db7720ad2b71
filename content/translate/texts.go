// Package translate carries a guide's texts, and the widget's interface
// words, to translators and back: every translatable text of a document
// with a stable id and context for the translator (Texts), a gettext PO
// file of them in a language (Export), and the translated documents
// written back from such a file (Import).
//
// A translation is written in its English document's own layout: the
// same lines, indentation and key order, the same members in the same
// form, only the texts (and lang) differ — the graph and every other
// field are always English's. That is the canonical form of a
// translation: importing the PO exported from a translation gives back
// its bytes.
package translate

import (
	"fmt"
	"strconv"
	"strings"
)

// Format is what a text may hold; the translator's comments say it.
type Format int

const (
	// Plain text: no markup.
	Plain Format = iota
	// Markup: the guides' tiny inline markup (*emphasis*, {On-screen
	// label}, [link](https://…), \ escapes).
	Markup
	// Address: an https address; a translation may give the same page in
	// its language.
	Address
)

func (f Format) String() string {
	switch f {
	case Markup:
		return "markup"
	case Address:
		return "an https address"
	}
	return "plain text"
}

// Text is one translatable text of a document.
type Text struct {
	// ID names the text, stably: its JSON path, by ids where the document
	// has them ("nodes/check-wifi/steps/2/text"), so that moving a node,
	// an option or a contact keeps the ids of its texts. It is the PO
	// entry's msgctxt.
	ID string
	// Source is the text; for a plural, its other form.
	Source string
	// Plural is set for a text that depends on a count.
	Plural *Plural
	Format Format
	// Notes say where the text shows and what it belongs to, for the
	// translator (one line each).
	Notes []string
	// Line is where the text is in its document (1-based).
	Line int

	val *value
}

// Plural is a text whose form depends on a count.
type Plural struct {
	// Count names the placeholder that holds the count ("left").
	Count string
	// Forms by CLDR category, in CLDR's order.
	Forms []Form
}

// Form is one form of a plural.
type Form struct {
	Category, Text string
}

// form returns the text of category cat, or "".
func (p *Plural) form(cat string) string {
	for _, f := range p.Forms {
		if f.Category == cat {
			return f.Text
		}
	}
	return ""
}

// DocKind is what a document holds.
type DocKind int

const (
	// Guide: a guide document, content/guides/<id>.<lang>.json.
	Guide DocKind = iota
	// Words: the interface words of one language,
	// content/strings/<lang>.json.
	Words
)

// Doc is a document read for translation: its texts in order, and where
// each is.
type Doc struct {
	Kind  DocKind
	Data  []byte
	Texts []Text

	root *value
}

// Parse reads a document of kind k and finds its texts. It checks only
// what it needs (JSON, the members that name texts); a document to
// translate from is checked first by content/lint.
func Parse(k DocKind, data []byte) (*Doc, error) {
	root, err := parseJSON(data)
	if err != nil {
		return nil, err
	}
	if root.kind != '{' {
		return nil, errAt(lineOf(data, root.start), "the document is not a JSON object")
	}
	d := &Doc{Kind: k, Data: data, root: root}
	w := &walker{d: d, seen: map[string]bool{}}
	if k == Guide {
		w.guide(root)
	} else {
		w.words(root)
	}
	return d, nil
}

// Lang is the document's lang.
func (d *Doc) Lang() string { return d.root.text("lang") }

// ID is a guide's id ("" for interface words).
func (d *Doc) ID() string { return d.root.text("id") }

// Version is a guide's version (0 for interface words).
func (d *Doc) Version() int {
	if v := d.root.get("version"); v != nil && v.kind == 0 {
		n, _ := strconv.Atoi(string(d.Data[v.start:v.end]))
		return n
	}
	return 0
}

// Field returns a top-level string member of the document ("dir").
func (d *Doc) Field(name string) string { return d.root.text(name) }

// Index maps each text's id to it.
func (d *Doc) Index() map[string]*Text {
	m := make(map[string]*Text, len(d.Texts))
	for i := range d.Texts {
		m[d.Texts[i].ID] = &d.Texts[i]
	}
	return m
}

// walker finds the texts of a document.
type walker struct {
	d    *Doc
	seen map[string]bool
}

// add adds string value v as the text id, when it is a non-empty string
// (nothing to translate otherwise) and id is new (a document with
// duplicate ids is refused by lint; here the first one counts).
func (w *walker) add(id string, v *value, f Format, notes ...string) {
	if v == nil || v.kind != '"' || v.str == "" || w.seen[id] {
		return
	}
	w.seen[id] = true
	var ns []string
	for _, n := range notes {
		if n != "" {
			ns = append(ns, n)
		}
	}
	w.d.Texts = append(w.d.Texts, Text{ID: id, Source: v.str, Format: f, Notes: ns, Line: lineOf(w.d.Data, v.start), val: v})
}

// what writes a note's first line: where the text is, what it is, its
// format.
func what(where, field string, f Format) string {
	return fmt.Sprintf("%s: %s (%s)", where, field, f)
}

// onPage is the note naming the on-screen heading a text belongs to.
func onPage(title string) string {
	if title == "" {
		return ""
	}
	return fmt.Sprintf("on the page %q", title)
}

// when writes a condition ({"ios": ["26", "18"]}) for a note: "ios 26 or
// 18, and model 7"; "" for none.
func when(v *value) string {
	if v == nil || v.kind != '{' || len(v.keys) == 0 {
		return ""
	}
	var parts []string
	for i, fact := range v.keys {
		var opts []string
		for _, o := range v.vals[i].vals {
			if o.kind == '"' {
				opts = append(opts, o.str)
			}
		}
		parts = append(parts, fact+" "+strings.Join(opts, " or "))
	}
	return strings.Join(parts, ", and ")
}

func onlyWhen(what string, v *value) string {
	if c := when(v); c != "" {
		return what + " only when " + c
	}
	return ""
}

// guide finds a guide's texts: its title and summary, its facts' words,
// its strings, and each node's.
func (w *walker) guide(root *value) {
	w.add("title", root.get("title"), Plain, what("the guide", "its title", Plain))
	w.add("summary", root.get("summary"), Plain, what("the guide", "its summary, for search results and link previews", Plain))
	for _, fa := range root.list("facts") {
		id := fa.text("id")
		base, where, page := "facts/"+id, "fact "+id, onPage(fa.text("question"))
		w.add(base+"/question", fa.get("question"), Plain, what(where, "the question, the heading of the page that asks it", Plain))
		w.add(base+"/label", fa.get("label"), Plain, what(where, "its short name, in the line of answers at the top of the page", Plain), page)
		for _, o := range fa.list("options") {
			oid := o.text("id")
			w.add(base+"/options/"+oid+"/label", o.get("label"), Plain, what(where, "answer "+oid, Plain), page)
			w.add(base+"/options/"+oid+"/hint", o.get("hint"), Plain, what(where, "answer "+oid+", the line under it", Plain), page)
		}
		u := fa.get("unknown")
		w.add(base+"/unknown/label", u.get("label"), Plain, what(where, `the answer "I don't know"`, Plain), page)
		w.add(base+"/unknown/help", u.get("help"), Markup, what(where, `how to find out, shown with the answer "I don't know"`, Markup), page)
	}
	if s := root.get("strings"); s != nil && s.kind == '{' {
		for i, k := range s.keys {
			w.add("strings/"+k, s.vals[i], Plain, what("the guide's interface words", k+", "+guideStringUse(k), Plain))
		}
	}
	for _, n := range root.list("nodes") {
		w.node(n)
	}
}

// guideStringUse says where a guide's string shows.
func guideStringUse(key string) string {
	switch key {
	case "fixed_yes":
		return "the answer to a check that says it worked"
	case "fixed_no":
		return "the answer to a check that says it did not work"
	case "did_it_work":
		return "the question under every check"
	case "continue":
		return "the button that goes on from a page that explains something"
	case "back":
		return "the button that goes back one step"
	case "restart":
		return "the button that starts the guide again"
	case "tried":
		return "the heading of the list of what the user has tried"
	case "not_fixed":
		return "in that list, after a check that did not help"
	case "was_fixed":
		return "in that list, after the check that fixed it"
	case "answered":
		return "in that list, before the answer to a question"
	case "read":
		return "in that list, before a page that was read"
	case "stale_state":
		return "the notice shown when saved progress is from an older version of the guide"
	case "unknown_step":
		return "the notice shown when a link names a step the guide does not have"
	case "cant_find":
		return "the third answer of a check: the setting cannot be found"
	case "not_found":
		return "in the list of what was tried, after that answer"
	case "recipient_why":
		return "on a step the other person must do, why they must"
	case "recipient_send":
		return "the button that sends that step to the other person"
	case "result":
		return "in the copied list of what was tried, before the outcome"
	}
	return "one of the guide's interface words"
}

// node finds the texts of one node.
func (w *walker) node(n *value) {
	id, kind, title := n.text("id"), n.text("kind"), n.text("title")
	base, where, page := "nodes/"+id, kind+" "+id, onPage(title)
	if r := n.text("result"); r != "" {
		where += " (" + r + ")"
	}
	cond := onlyWhen("the page shows", n.get("when"))
	recipient := ""
	if r := n.get("recipient"); r != nil && string(w.d.Data[r.start:r.end]) == "true" {
		recipient = "the other person does this one, on their device"
	}
	headings := map[string]string{
		"question": "the question, the page's heading",
		"check":    "its title: what to try, the page's heading",
		"info":     "the page's heading",
		"outcome":  "the page's heading",
	}
	heading, ok := headings[kind]
	if !ok {
		heading = "its title"
	}
	w.add(base+"/title", n.get("title"), Plain, what(where, heading, Plain), cond, recipient)
	w.add(base+"/body", n.get("body"), Markup, what(where, "the text under the heading", Markup), page, cond)
	for _, o := range n.list("options") {
		oid := o.text("id")
		c := onlyWhen("offered", o.get("when"))
		w.add(base+"/options/"+oid+"/label", o.get("label"), Plain, what(where, "answer "+oid, Plain), page, c)
		w.add(base+"/options/"+oid+"/hint", o.get("hint"), Plain, what(where, "answer "+oid+", the line under it", Plain), page, c)
	}
	w.add(base+"/why", n.get("why"), Markup, what(where, "why this helps", Markup), page, cond)
	w.steps(base+"/steps", where, "", n.list("steps"), page, cond, recipient)
	for i, p := range n.list("paths") {
		segs := p.list("path")
		var names []string
		for _, s := range segs {
			names = append(names, s.str)
		}
		full := fmt.Sprintf("the path %q", strings.Join(names, " > "))
		c := onlyWhen("shown", p.get("when"))
		for j, s := range segs {
			w.add(fmt.Sprintf("%s/paths/%d/path/%d", base, i, j), s, Plain,
				what(where, fmt.Sprintf("where to find it: item %d of %d of %s, a name the device shows on screen", j+1, len(segs), full), Plain), page, c)
		}
	}
	w.add(base+"/warning", n.get("warning"), Markup, what(where, "a warning about the whole check", Markup), page, cond)
	for i, m := range n.list("models") {
		c := when(m.get("when"))
		w.steps(fmt.Sprintf("%s/models/%d/steps", base, i), where, "the steps for "+c+": ", m.list("steps"), page, cond, recipient)
	}
	for i, l := range n.list("links") {
		c := onlyWhen("shown", l.get("when"))
		lp := fmt.Sprintf("%s/links/%d", base, i)
		w.add(lp+"/label", l.get("label"), Plain, what(where, "the text of a link", Plain), page, c)
		w.add(lp+"/url", l.get("url"), Address, what(where, fmt.Sprintf("the address of the link %q: keep it, or give the address of the same page in your language", l.text("label")), Address), page, c)
	}
	for _, c := range n.list("contacts") {
		k := c.text("kind")
		cp := base + "/contacts/" + k
		who := "contact " + k
		w.add(cp+"/who", c.get("who"), Plain, what(where, who+": who to turn to", Plain), page)
		w.add(cp+"/why", c.get("why"), Markup, what(where, who+": why them", Markup), page)
		w.add(cp+"/tell", c.get("tell"), Markup, what(where, who+": what to tell them (the list of what was tried follows)", Markup), page)
	}
	wt := n.get("wait")
	w.add(base+"/wait/for", wt.get("for"), Markup, what(where, "what to wait for", Markup), page)
	wa := n.get("workaround")
	w.add(base+"/workaround/now", wa.get("now"), Markup, what(where, "what works for now", Markup), page)
	w.add(base+"/workaround/remains", wa.get("remains"), Markup, what(where, "what is still wrong", Markup), page)
}

// steps finds the texts of a list of steps: each one's text (a step is a
// string or an object; its id is the same either way), warning and
// picture's description.
func (w *walker) steps(base, where, group string, steps []*value, page, cond, recipient string) {
	for i, s := range steps {
		sp := fmt.Sprintf("%s/%d", base, i)
		step := fmt.Sprintf("%sstep %d of %d", group, i+1, len(steps))
		if s.kind == '"' {
			w.add(sp+"/text", s, Markup, what(where, step, Markup), page, cond, recipient)
			continue
		}
		c := onlyWhen("shown", s.get("when"))
		w.add(sp+"/text", s.get("text"), Markup, what(where, step, Markup), page, cond, c, recipient)
		w.add(sp+"/warning", s.get("warning"), Markup, what(where, step+": its warning, what it can cost", Markup), page, cond, c)
		w.add(sp+"/image/alt", s.get("image").get("alt"), Plain, what(where, step+": what its picture shows, for those who cannot see it", Plain), page, c)
	}
}

// words finds the texts of the interface words: the language's name, and
// each word (a text, or a plural: an object of its count's placeholder
// and a form by CLDR category).
func (w *walker) words(root *value) {
	w.add("name", root.get("name"), Plain, "the name of the language, written in the language itself, for the language switch (plain text)")
	s := root.get("strings")
	if s == nil || s.kind != '{' {
		return
	}
	for i, k := range s.keys {
		v := s.vals[i]
		id := "strings/" + k
		switch {
		case v.kind == '"':
			w.add(id, v, Markup, what("interface word", k, Markup), placeholdersNote(v.str))
		case v.kind == '{' && !w.seen[id]:
			p := &Plural{Count: v.text("plural")}
			for _, cat := range cldrOrder {
				if t := v.text(cat); t != "" {
					p.Forms = append(p.Forms, Form{cat, t})
				}
			}
			if len(p.Forms) == 0 {
				continue
			}
			other := p.form("other")
			if other == "" {
				other = p.Forms[len(p.Forms)-1].Text
			}
			w.seen[id] = true
			w.d.Texts = append(w.d.Texts, Text{
				ID: id, Source: other, Plural: p, Format: Markup, Line: lineOf(w.d.Data, v.start), val: v,
				Notes: []string{
					what("interface word", k+", by the number {"+p.Count+"}", Markup),
					"one text for each plural form of your language (msgstr[0], msgstr[1]…: see Plural-Forms in the header)",
					placeholdersNote(other),
				},
			})
		}
	}
}

// placeholdersNote names a text's placeholders, {name}, which the widget
// fills; "" when it has none.
func placeholdersNote(s string) string {
	names := placeholders(s)
	if len(names) == 0 {
		return ""
	}
	if len(names) == 1 {
		return "keep " + names[0] + " as it is: the widget fills it in"
	}
	return "keep " + strings.Join(names, ", ") + " as they are: the widget fills them in"
}
