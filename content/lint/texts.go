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

// textFields lists every text of a guide with its path and kind.
func textFields(f *engine.Flow) []textField {
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
	keys := make([]string, 0, len(f.Strings))
	for k := range f.Strings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		add(keyPath("strings", k), f.Strings[k], textOther)
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
			add(fieldPath(op, "label"), o.Label, textPlain)
			add(fieldPath(op, "hint"), o.Hint, textPlain)
			add(fieldPath(op, "next"), o.Next, textOther)
		}
		add(field("why"), n.Why, textMarkup)
		for j, s := range n.Steps {
			add(indexPath(field("steps"), j), s, textMarkup)
		}
		for j, sp := range n.Paths {
			pp := indexPath(field("paths"), j)
			add(fieldPath(pp, "ios"), sp.IOS, textOther)
			for k, seg := range sp.Path {
				add(indexPath(fieldPath(pp, "path"), k), seg, textPlain)
			}
		}
		add(field("warning"), n.Warning, textMarkup)
		for j, m := range n.Models {
			mp := indexPath(field("models"), j)
			add(fieldPath(mp, "id"), m.ID, textOther)
			add(fieldPath(mp, "models"), m.Models, textPlain)
			for k, s := range m.Steps {
				add(indexPath(fieldPath(mp, "steps"), k), s, textMarkup)
			}
		}
		for j, l := range n.Links {
			lp := indexPath(field("links"), j)
			add(fieldPath(lp, "label"), l.Label, textPlain)
			add(fieldPath(lp, "url"), l.URL, textOther)
		}
		add(field("fixed"), n.Fixed, textOther)
		add(field("next"), n.Next, textOther)
		add(field("result"), n.Result, textOther)
		for j, c := range n.Contacts {
			cp := indexPath(field("contacts"), j)
			add(fieldPath(cp, "who"), c.Who, textPlain)
			add(fieldPath(cp, "why"), c.Why, textMarkup)
		}
	}
	return out
}

// checkTexts checks the size of every text, the markup of markup fields and
// that plain fields have none.
func checkTexts(f *engine.Flow, r *reporter) {
	for _, t := range textFields(f) {
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
			return i, "plain text cannot hold markup: '" + string(c) + "' is only for body, why, steps, warning and a contact's why; remove it or escape it as \\" + string(c)
		case '<':
			if engine.LooksLikeHTML(s, i) {
				return i, "'<' followed by a letter or '/' looks like HTML, which is not allowed; remove it or escape it as \\<"
			}
		}
	}
	return -1, ""
}
