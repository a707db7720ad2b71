package translate

import (
	"cmp"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/fixflow/fixflow/content/lint"
	"github.com/fixflow/fixflow/internal/po"
)

// Problem is something about an entry of a PO file: an error that stops
// an import, or a note on what was imported (missing, stale, left out).
type Problem struct {
	File string
	Line int // 1-based; 0 for the file as a whole
	ID   string
	Msg  string
}

func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(": ")
	if p.ID != "" {
		b.WriteString(p.ID)
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Problems are the errors of an import: a non-empty Problems is the error
// Import returns, and nothing is to be written.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

func (ps Problems) sort() {
	slices.SortStableFunc(ps, func(a, b Problem) int { return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line)) })
}

// Target says which guide and language a PO file is the translation of,
// from its header.
type Target struct {
	Guide, Lang string
}

var guideID = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// TargetOf reads what a PO file translates from its header: the guide
// (X-Fixflow-Guide) and the language (Language; a locale's es_ES is the
// tag es-ES). A field of given that is not empty is used instead, for a
// file whose tool has dropped or changed the header.
func TargetOf(name string, f *po.File, given Target) (Target, error) {
	line := 1
	t := given
	if h := f.Header(); h != nil {
		line = h.Line
		if t.Guide == "" {
			t.Guide, _ = f.HeaderField(FieldGuide)
		}
		if t.Lang == "" {
			t.Lang, _ = f.HeaderField("Language")
			t.Lang = strings.ReplaceAll(t.Lang, "_", "-")
		}
	}
	var probs Problems
	if !guideID.MatchString(t.Guide) {
		probs = append(probs, Problem{File: name, Line: line, Msg: fmt.Sprintf("the header's %s is %q, not a guide id: export the file with fixflow i18n export, or name the guide (-guide)", FieldGuide, t.Guide)})
	}
	if err := ValidLang(t.Lang); err != nil {
		probs = append(probs, Problem{File: name, Line: line, Msg: "the header's Language: " + err.Error() + "; or name the language (-lang)"})
	}
	if len(probs) > 0 {
		return Target{}, probs
	}
	return t, nil
}

// Result is a round read back from a PO file.
type Result struct {
	// Guide and Words are the translated documents, in their English
	// documents' layout.
	Guide, Words []byte
	// Texts is how many texts the round has; Missing lists those without
	// a translation (written in English, or as the current translation has
	// them), Stale those whose translation was made against English that
	// has changed since, or that a translator marked for review, Ignored
	// the entries that name no text of today's English (left out).
	Texts                   int
	Missing, Stale, Ignored []Problem
}

// Import reads a round back from PO file f (name is what messages call
// it): each text's translation is its entry's msgstr, found by msgctxt.
// The documents are written as the English ones (Doc.Write): the graph
// and layout are English's, only the texts, lang (and for the interface
// words, dir) are the translation's.
//
// A text without a translation keeps the current translation's (r's
// Translation), or else its English, and is reported missing. An entry
// is stale when its msgid is not today's English, when its previous msgid
// (#|) is not, or when it is fuzzy: its translation is written and it is
// reported.
//
// Errors name the line of the PO file: a header that does not match r, an
// entry without msgctxt, a msgctxt twice, a plural where the English has
// none (or the other way round), plural forms that are not the
// language's, an interface word whose placeholders are not English's.
// With any error nothing is returned to write.
func Import(name string, f *po.File, r Round) (*Result, error) {
	pf, ok := pluralsOf(r.Lang)
	if !ok {
		return nil, Problems{{File: name, Line: 1, Msg: fmt.Sprintf("fixflow knows no plural rules for %q (it knows %s)", r.Lang, knownPlurals())}}
	}
	var probs Problems
	if h := f.Header(); h != nil {
		if v, ok := f.HeaderField("Plural-Forms"); ok && !sameFormula(v, pf.formula) {
			probs = append(probs, Problem{File: name, Line: h.Line, Msg: fmt.Sprintf("Plural-Forms is %q, but fixflow writes %s's forms as %q (msgstr[n] are its CLDR forms %s, in that order): set it back", v, r.Lang, pf.formula, strings.Join(pf.cats, ", "))})
		}
	}
	byCtx := map[string]*po.Entry{}
	res := &Result{}
	for _, e := range f.Entries {
		switch {
		case e.Obsolete || e.IsHeader():
			continue
		case !e.HasContext:
			probs = append(probs, Problem{File: name, Line: e.Line, Msg: fmt.Sprintf("an entry without msgctxt (msgid %q): fixflow finds each text by its msgctxt; export the file again", clip(e.ID))})
			continue
		}
		if first, dup := byCtx[e.Context]; dup {
			probs = append(probs, Problem{File: name, Line: e.Line, ID: e.Context, Msg: fmt.Sprintf("msgctxt twice (also at line %d): keep one", first.Line)})
			continue
		}
		byCtx[e.Context] = e
	}
	known := map[string]bool{}
	var docs [2][]byte
	for k, p := range []Pair{r.Guide, r.Words} {
		var current map[string]*Text
		if p.Translation != nil {
			current = p.Translation.Index()
		}
		tr := map[string]Translation{}
		for i := range p.English.Texts {
			t := &p.English.Texts[i]
			ctx := p.prefix() + t.ID
			known[ctx] = true
			res.Texts++
			e := byCtx[ctx]
			x, line, ok := fromEntry(name, e, t, pf, &probs)
			if ok && p.English.Kind == Words {
				ok = samePlaceholders(name, line, ctx, t, x, &probs)
			}
			if !ok {
				x = fallback(t, current[t.ID], pf)
				msg := "no translation: written in English"
				if c := current[t.ID]; c != nil && (c.Plural == nil) == (t.Plural == nil) {
					msg = "no translation: the one in " + p.TranslationName + " is kept"
				}
				if e == nil {
					msg = "not in the file; " + msg
				}
				res.Missing = append(res.Missing, Problem{File: name, Line: line, ID: ctx, Msg: msg})
			} else if why := staleness(e, t); why != "" {
				res.Stale = append(res.Stale, Problem{File: name, Line: e.Line, ID: ctx, Msg: why})
			}
			tr[t.ID] = x
		}
		fields := map[string]string{"lang": r.Lang}
		if p.English.Kind == Words {
			fields["dir"] = "ltr"
			if slices.Contains(rightToLeft, base(r.Lang)) {
				fields["dir"] = "rtl"
			}
			if p.Translation != nil && p.Translation.Field("dir") != "" {
				fields["dir"] = p.Translation.Field("dir")
			}
		}
		out, spans, err := p.English.Write(fields, tr)
		if err != nil {
			probs = append(probs, Problem{File: p.EnglishName, Msg: err.Error()})
		} else if p.English.Kind == Guide {
			probs = append(probs, checkGuide(name, p.TranslationName, out, spans, p.prefix(), byCtx)...)
		}
		docs[k] = out
	}
	for _, e := range f.Entries {
		if e.HasContext && !e.Obsolete && !known[e.Context] && byCtx[e.Context] == e {
			res.Ignored = append(res.Ignored, Problem{File: name, Line: e.Line, ID: e.Context, Msg: "no such text in today's English: left out"})
		}
	}
	if len(probs) > 0 {
		probs.sort()
		return nil, probs
	}
	res.Guide, res.Words = docs[0], docs[1]
	return res, nil
}

// fromEntry reads the translation of text t from its entry e (nil: none).
// ok is false when there is none; a mismatch of the entry's form and the
// text's is an error added to probs. line is where the translation is (or
// the entry; 0 with no entry).
func fromEntry(name string, e *po.Entry, t *Text, pf pluralForms, probs *Problems) (x Translation, line int, ok bool) {
	if e == nil {
		return Translation{}, 0, false
	}
	line = e.StrLine
	bad := func(format string, args ...any) (Translation, int, bool) {
		*probs = append(*probs, Problem{File: name, Line: e.Line, ID: e.Context, Msg: fmt.Sprintf(format, args...)})
		return Translation{}, line, false
	}
	switch {
	case t.Plural == nil && e.Plural:
		return bad("a plural (msgid_plural), but the English is one text: export the file again")
	case t.Plural != nil && !e.Plural:
		return bad("one text, but the English is a plural (msgid_plural): export the file again")
	case t.Plural != nil && len(e.Str) != len(pf.cats):
		return bad("%d plural forms, but the language has %d (%s): write msgstr[0] to msgstr[%d]", len(e.Str), len(pf.cats), strings.Join(pf.cats, ", "), len(pf.cats)-1)
	}
	if !e.Translated() {
		return Translation{}, line, false
	}
	if t.Plural == nil {
		return Translation{Text: e.Str[0]}, line, true
	}
	for i, c := range pf.cats {
		x.Forms = append(x.Forms, Form{c, e.Str[i]})
	}
	return x, line, true
}

// fallback is what a text without a translation is written as: its
// current translation (cur, nil: none), else its English (a plural's
// English form of each of the language's categories, or its other form).
func fallback(t *Text, cur *Text, pf pluralForms) Translation {
	if t.Plural == nil {
		if cur != nil && cur.Plural == nil {
			return Translation{Text: cur.Source}
		}
		return Translation{Text: t.Source}
	}
	var x Translation
	for _, c := range pf.cats {
		s := ""
		if cur != nil && cur.Plural != nil {
			s = cur.Plural.form(c)
		}
		if s == "" {
			s = t.Plural.form(c)
		}
		if s == "" {
			s = t.Source
		}
		x.Forms = append(x.Forms, Form{c, s})
	}
	return x
}

// staleness says why entry e's translation of t is stale, or "".
func staleness(e *po.Entry, t *Text) string {
	var want, wantPlural string
	if t.Plural == nil {
		want = t.Source
	} else {
		want, wantPlural = t.Plural.form("one"), t.Source
		if want == "" {
			want = t.Plural.Forms[0].Text
		}
	}
	switch {
	case e.ID != want || e.Plural && e.IDPlural != wantPlural:
		return fmt.Sprintf("the English has changed since the export: was %q, now %q; check the translation", clip(e.ID), clip(want))
	case e.Previous.HasID && (e.Previous.ID != want || e.Plural && e.Previous.HasIDPlural && e.Previous.IDPlural != wantPlural):
		return fmt.Sprintf("translated from older English (#| %q, now %q); check it and remove the fuzzy mark", clip(e.Previous.ID), clip(want))
	case e.Fuzzy():
		return "marked fuzzy: a translator asked for it to be checked"
	}
	return ""
}

// samePlaceholders checks that an interface word's translation has the
// placeholders of its English: the same ones for a text; for a plural,
// every form only English's, and its other form all of them. It adds an
// error to probs and returns false if not.
func samePlaceholders(name string, line int, ctx string, t *Text, x Translation, probs *Problems) bool {
	want := placeholders(t.Source)
	if t.Plural != nil {
		for _, f := range t.Plural.Forms {
			for _, p := range placeholders(f.Text) {
				if !slices.Contains(want, p) {
					want = append(want, p)
				}
			}
		}
	}
	check := func(what, s string, all bool) bool {
		got := placeholders(s)
		for _, p := range got {
			if !slices.Contains(want, p) {
				*probs = append(*probs, Problem{File: name, Line: line, ID: ctx, Msg: fmt.Sprintf("%s has %s, which the English has not (it has %s)", what, p, orNone(want))})
				return false
			}
		}
		if all {
			for _, p := range want {
				if !slices.Contains(got, p) {
					*probs = append(*probs, Problem{File: name, Line: line, ID: ctx, Msg: fmt.Sprintf("%s lacks %s: keep every placeholder of the English (%s)", what, p, orNone(want))})
					return false
				}
			}
		}
		return true
	}
	if t.Plural == nil {
		return check("the translation", x.Text, true)
	}
	ok := true
	for i, f := range x.Forms {
		ok = check(fmt.Sprintf("msgstr[%d] (%s)", i, f.Category), f.Text, f.Category == "other") && ok
	}
	return ok
}

// placeholders lists the {name} placeholders of s (lower-case names), in
// order, each once.
func placeholders(s string) []string {
	var names []string
	for rest := s; ; {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			return names
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			return names
		}
		name := rest[i+1 : i+j]
		if name != "" && strings.Trim(name, "abcdefghijklmnopqrstuvwxyz0123456789_") == "" && !slices.Contains(names, "{"+name+"}") {
			names = append(names, "{"+name+"}")
		}
		rest = rest[i+j+1:]
	}
}

func orNone(ps []string) string {
	if len(ps) == 0 {
		return "none"
	}
	return strings.Join(ps, ", ")
}

// clip shortens a text for a message.
func clip(s string) string {
	r := []rune(s)
	if len(r) > 60 {
		return string(r[:57]) + "..."
	}
	return s
}

// checkGuide checks a translated guide as fixflow lint does, and reports
// each problem at the PO entry of the text it is in (else in the guide
// file, outName). Warnings are not errors.
func checkGuide(name, outName string, out []byte, spans []Span, prefix string, byCtx map[string]*po.Entry) Problems {
	_, err := lint.Parse(outName, out)
	var lps lint.Problems
	if !errors.As(err, &lps) {
		if err != nil {
			return Problems{{File: outName, Msg: err.Error()}}
		}
		return nil
	}
	lineStart := []int{0}
	for i, c := range out {
		if c == '\n' {
			lineStart = append(lineStart, i+1)
		}
	}
	var probs Problems
	for _, lp := range lps {
		if lp.Warning {
			continue
		}
		p := Problem{File: outName, Line: lp.Line, Msg: lp.String()}
		if lp.Line > 0 && lp.Line <= len(lineStart) {
			off := lineStart[lp.Line-1] + max(lp.Col-1, 0)
			for _, s := range spans {
				if off >= s.Start && off < s.End {
					if e := byCtx[prefix+s.ID]; e != nil {
						p = Problem{File: name, Line: e.StrLine, ID: e.Context, Msg: "the translation would not pass fixflow lint: " + lp.Msg}
					}
					break
				}
			}
		}
		probs = append(probs, p)
	}
	return probs
}
