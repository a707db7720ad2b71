package lint

import (
	"errors"
	"sort"

	engine "github.com/fixflow/fixflow/app"
)

// textKind is how a text field is checked beyond its size.
type textKind int

const (
	textOther  textKind = iota // size only
	textPlain                  // no markup characters
	textMarkup                 // inline markup (engine.ParseInline)
)

type textField struct {
	path  string
	value string
	kind  textKind
}

// textFields lists every text of a guide with its path and kind; textPath
// gives the path of a step's text (see reporter.textPath).
func textFields(f *engine.Flow, textPath func(string) string) []textField {
	var out []textField
	add := func(path, v string, k textKind) {
		if v != "" {
			out = append(out, textField{path, v, k})
		}
	}
	add("id", f.ID, textOther)
	add("lang", f.Lang, textOther)
	add("title", f.Title, textPlain)
	add("summary", f.Summary, textPlain)
	add("start", f.Start, textOther)
	for i, fa := range f.Facts {
		p := indexPath("facts", i)
		add(fieldPath(p, "id"), fa.ID, textOther)
		add(fieldPath(p, "question"), fa.Question, textPlain)
		add(fieldPath(p, "label"), fa.Label, textPlain)
		for j, o := range fa.Options {
			op := indexPath(fieldPath(p, "options"), j)
			add(fieldPath(op, "id"), o.ID, textOther)
			add(fieldPath(op, "label"), o.Label, textPlain)
			add(fieldPath(op, "hint"), o.Hint, textPlain)
		}
		add(fieldPath(fieldPath(p, "unknown"), "label"), fa.Unknown.Label, textPlain)
		add(fieldPath(fieldPath(p, "unknown"), "help"), fa.Unknown.Help, textMarkup)
	}
	keys := make([]string, 0, len(f.Strings))
	for k := range f.Strings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		add(keyPath("strings", k), f.Strings[k], textOther)
	}
	steps := func(p string, ins []engine.Instruction) {
		for j, in := range ins {
			sp := indexPath(p, j)
			add(textPath(sp), in.Text, textMarkup)
			add(fieldPath(sp, "warning"), in.Warning, textMarkup)
			if in.Image != nil {
				add(fieldPath(fieldPath(sp, "image"), "alt"), in.Image.Alt, textPlain)
			}
		}
	}
	for i := range f.Nodes {
		n := &f.Nodes[i]
		p := indexPath("nodes", i)
		field := func(name string) string { return fieldPath(p, name) }
		add(field("id"), n.ID, textOther)
		add(field("kind"), string(n.Kind), textOther)
		add(field("title"), n.Title, textPlain)
		add(field("body"), n.Body, textMarkup)
		for j, o := range n.Options {
			op := indexPath(field("options"), j)
			add(fieldPath(op, "id"), o.ID, textOther)
			add(fieldPath(op, "label"), o.Label, textPlain)
			add(fieldPath(op, "hint"), o.Hint, textPlain)
			add(fieldPath(op, "next"), o.Next, textOther)
		}
		add(field("why"), n.Why, textMarkup)
		steps(field("steps"), n.Steps)
		for j, sp := range n.Paths {
			pp := indexPath(field("paths"), j)
			for k, seg := range sp.Path {
				add(indexPath(fieldPath(pp, "path"), k), seg, textPlain)
			}
		}
		add(field("warning"), n.Warning, textMarkup)
		for j, m := range n.Models {
			steps(fieldPath(indexPath(field("models"), j), "steps"), m.Steps)
		}
		for j, l := range n.Links {
			lp := indexPath(field("links"), j)
			add(fieldPath(lp, "label"), l.Label, textPlain)
			add(fieldPath(lp, "url"), l.URL, textOther)
		}
		for j, src := range n.Sources {
			add(indexPath(field("sources"), j), src, textOther)
		}
		if v := n.Verified; v != nil {
			add(fieldPath(field("verified"), "version"), v.Version, textPlain)
			add(fieldPath(field("verified"), "date"), v.Date, textOther)
		}
		add(field("fixed"), n.Fixed, textOther)
		add(field("next"), n.Next, textOther)
		add(field("cant_find"), n.CantFind, textOther)
		add(field("result"), n.Result, textOther)
		for j, c := range n.Contacts {
			cp := indexPath(field("contacts"), j)
			add(fieldPath(cp, "kind"), c.Kind, textOther)
			add(fieldPath(cp, "who"), c.Who, textPlain)
			add(fieldPath(cp, "why"), c.Why, textMarkup)
			add(fieldPath(cp, "tell"), c.Tell, textMarkup)
			add(fieldPath(cp, "url"), c.URL, textOther)
			add(fieldPath(cp, "phone"), c.Phone, textOther)
			add(fieldPath(cp, "hours"), c.Hours, textPlain)
		}
		if w := n.Wait; w != nil {
			add(fieldPath(field("wait"), "for"), w.For, textMarkup)
		}
		if w := n.Workaround; w != nil {
			add(fieldPath(field("workaround"), "now"), w.Now, textMarkup)
			add(fieldPath(field("workaround"), "remains"), w.Remains, textMarkup)
		}
	}
	return out
}

// checkTexts checks the size of every text, the markup of markup fields and
// that plain fields have none.
func checkTexts(f *engine.Flow, r *reporter) {
	for _, t := range textFields(f, r.textPath) {
		if len(t.value) > MaxText {
			r.at(t.path, "text is %d bytes, over the limit of %d; shorten it", len(t.value), MaxText)
			continue
		}
		switch t.kind {
		case textMarkup:
			if _, err := engine.ParseInline(t.value); err != nil {
				var me *engine.MarkupError
				if errors.As(err, &me) {
					r.inString(t.path, me.Offset, "%s", me.Msg)
				} else {
					r.at(t.path, "%v", err)
				}
			}
		case textPlain:
			if off, msg := plainProblem(t.value); off >= 0 {
				r.inString(t.path, off, "%s", msg)
			}
		}
	}
}

// plainProblem finds markup in a plain text field: an unescaped *, {, }, [
// or ], or a '<' that looks like HTML. It returns the offset and message,
// or -1.
func plainProblem(s string) (int, string) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			i++
		case '*', '{', '}', '[', ']':
			return i, "plain text cannot hold markup: '" + string(c) + "' is only for body, why, steps, warnings, help, a contact's why and tell, wait and workaround; remove it or escape it as \\" + string(c)
		case '<':
			if engine.LooksLikeHTML(s, i) {
				return i, "'<' followed by a letter or '/' looks like HTML, which is not allowed; remove it or escape it as \\<"
			}
		}
	}
	return -1, ""
}

// PlainProblem finds markup in a text that must be plain (a title, a
// label, a contact's name): the offset of the first markup character and
// what is wrong, or -1. A site configuration's contacts are checked by it
// too.
func PlainProblem(s string) (int, string) { return plainProblem(s) }
