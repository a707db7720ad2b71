package lint

import (
	"errors"
	"path"
	"reflect"
	"slices"
	"strings"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/content"
)

// The interface words: one strings document per language,
// content/strings/<lang>.json (see content.Strings). They are checked
// alone (ParseStrings) and against the reference language's, English
// (CheckStrings): complete, no key English lacks, valid markup, the
// placeholders English has, the plural forms the language needs.

// StringsDoc is a strings document ParseStrings accepted.
type StringsDoc struct {
	content.Source
	Strings *content.Strings
	Pos     *Positions
}

var stringsType = reflect.TypeFor[content.Strings]()

// IsStringsFile says whether a document's file name is a strings
// document's, <lang>.json, rather than a guide's, <id>.<lang>.json.
func IsStringsFile(name string) bool {
	base := path.Base(strings.ReplaceAll(name, "\\", "/"))
	stem, ok := strings.CutSuffix(base, ".json")
	return ok && !strings.Contains(stem, ".")
}

// ParseStrings checks one strings document alone and decodes it: strictly
// (as Parse reads a guide), then its lang (a tag fixflow has plural rules
// for, the file's name), its name and dir, and each text (not empty, not
// too long, valid markup, a plural's forms those of its language).
func ParseStrings(name string, data []byte) (*StringsDoc, error) {
	rep := scanStrict(name, data, stringsType, "interface words")
	if err := rep.Err(); err != nil {
		return nil, err
	}
	// The scan accepted it: the wasm's decoder reads it as it is.
	s, err := content.DecodeStrings(data)
	if err != nil {
		rep.r.add(0, "", "cannot decode the strings: "+err.Error())
		return nil, rep.Err()
	}
	r := &rep.r
	switch {
	case s.Lang == "":
		r.at("lang", "missing lang; give the language of these words as a BCP 47 tag such as \"es\"")
	case !validLang(s.Lang):
		r.at("lang", "lang %q is not a simple BCP 47 tag; write e.g. \"es\", \"pt-BR\", \"zh-Hant\" or \"es-419\"", s.Lang)
	case path.Base(strings.ReplaceAll(name, "\\", "/")) != s.Lang+".json":
		r.at("lang", "the words of %q must be in a file named %s.json; rename the file or fix lang", s.Lang, s.Lang)
	}
	cats, known := content.PluralCategories(s.Lang)
	if s.Lang != "" && validLang(s.Lang) && !known {
		r.at("lang", "fixflow has no plural rules for %q; add its CLDR rules to content/plural.go (see docs/translating.md)", content.Base(s.Lang))
	}
	required(r, "name", s.Name, "the language's name in itself, e.g. \"Español\"")
	if i := strings.IndexAny(s.Name, "*{}[]<\\"); i >= 0 {
		r.inString("name", i, "the language's name is plain text: remove %q", s.Name[i:i+1])
	}
	if s.Dir != "ltr" && s.Dir != "rtl" {
		r.at("dir", "dir %q: give \"ltr\" (left to right) or \"rtl\" (right to left)", s.Dir)
	}
	if len(s.Messages) == 0 {
		r.at("strings", "no strings; give the interface words, key by key as in en.json")
	}
	keys := make([]string, 0, len(s.Messages))
	for k := range s.Messages {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		m := s.Messages[k]
		p := keyPath("strings", k)
		isText := r.pos != nil && r.pos.str[p]
		if m.Plural == "" && !isText {
			r.at(p, "a text that is not a plural is written as a string; an object is for a plural, with \"plural\" naming its count")
			continue
		}
		formCats, texts := m.Forms()
		for i, t := range texts {
			fp := p
			if !isText {
				fp = fieldPath(p, formCats[i])
			}
			checkStringText(r, fp, t)
		}
		if m.Other == "" {
			r.at(p, "no \"other\" form: every text needs it (the form for most counts)")
		} else if m.Plural != "" && !slices.Contains(content.Placeholders(m.Other), m.Plural) {
			r.at(fieldPath(p, "plural"), "the count {%s} is not a placeholder of the \"other\" form; name the placeholder that holds the count", m.Plural)
		}
		if m.Plural == "" || !known {
			continue
		}
		for _, c := range cats {
			if m.Form(c) == "" {
				r.at(p, "no %q form: %s plurals have %s", c, s.Lang, strings.Join(cats, ", "))
			}
		}
		for _, c := range formCats {
			if !slices.Contains(cats, c) {
				r.at(fieldPath(p, c), "%s has no %q plural form (it has %s); remove it", s.Lang, c, strings.Join(cats, ", "))
			}
		}
	}
	if len(r.probs) > 0 {
		return nil, rep.Err()
	}
	return &StringsDoc{Source: content.Source{Name: name, Data: data}, Strings: s, Pos: r.pos}, nil
}

// checkStringText checks one text: not empty, not too long, valid markup.
func checkStringText(r *reporter, p, t string) {
	switch {
	case strings.TrimSpace(t) == "":
		r.at(p, "empty text; give the words")
	case len(t) > MaxText:
		r.at(p, "text is %d bytes, over the limit of %d; shorten it", len(t), MaxText)
	default:
		if _, err := engine.ParseInline(t); err != nil {
			var me *engine.MarkupError
			if errors.As(err, &me) {
				r.inString(p, me.Offset, "%s", me.Msg)
			} else {
				r.at(p, "%v", err)
			}
		}
	}
}

// CheckStrings checks the strings documents against the reference
// language's (content.Reference): the same keys, and for each key the same
// placeholders and, for a plural, the same count. Two documents of one
// language are an error; so is a set without the reference.
func CheckStrings(docs []*StringsDoc) Problems {
	var probs Problems
	var ref *StringsDoc
	seen := map[string]*StringsDoc{}
	for _, d := range docs {
		if first, dup := seen[d.Strings.Lang]; dup {
			r := &reporter{file: d.Name, pos: d.Pos}
			r.at("lang", "the words of %q are here and in %s; keep one file per language", d.Strings.Lang, first.Name)
			probs = append(probs, r.probs...)
			continue
		}
		seen[d.Strings.Lang] = d
		if d.Strings.Lang == content.Reference {
			ref = d
		}
	}
	if ref == nil {
		for _, d := range docs {
			r := &reporter{file: d.Name, pos: d.Pos}
			r.at("lang", "no %s.json with these: the words of every language are checked against %s.json; lint the directory", content.Reference, content.Reference)
			probs = append(probs, r.probs...)
		}
		return probs
	}
	refKeys := make([]string, 0, len(ref.Strings.Messages))
	for k := range ref.Strings.Messages {
		refKeys = append(refKeys, k)
	}
	slices.Sort(refKeys)
	for _, d := range docs {
		r := &reporter{file: d.Name, pos: d.Pos}
		in := path.Base(strings.ReplaceAll(ref.Name, "\\", "/"))
		for _, k := range refKeys {
			if _, ok := d.Strings.Messages[k]; !ok {
				r.at("strings", "missing %q (in %s: %q); translate it", k, in, ref.Strings.Messages[k].Other)
			}
		}
		for k, m := range d.Strings.Messages {
			p := keyPath("strings", k)
			rm, ok := ref.Strings.Messages[k]
			if !ok {
				r.atField(p, "unknown key %q: %s has no such text%s", k, in, suggestField(k, refKeys))
				continue
			}
			compareMessage(r, p, m, rm, in)
		}
		probs = append(probs, r.probs...)
	}
	probs.Sort()
	return probs
}

// compareMessage checks a text against the reference's: a plural where it
// is one, on the same count, with its placeholders.
func compareMessage(r *reporter, p string, m, ref content.Message, in string) {
	want := content.Placeholders(ref.Other)
	switch {
	case ref.Plural == "" && m.Plural != "":
		r.at(p, "a plural here, a plain text in %s; write it as a string", in)
		return
	case ref.Plural != "" && m.Plural == "":
		r.at(p, "a plain text here, a plural on {%s} in %s; give its forms by count (see %s)", ref.Plural, in, in)
		return
	case ref.Plural != "" && m.Plural != ref.Plural:
		r.at(fieldPath(p, "plural"), "the count is {%s} here but {%s} in %s", m.Plural, ref.Plural, in)
		return
	}
	cats, texts := m.Forms()
	for i, t := range texts {
		fp := p
		if m.Plural != "" {
			fp = fieldPath(p, cats[i])
		}
		got := content.Placeholders(t)
		for _, g := range got {
			if !slices.Contains(want, g) {
				r.at(fp, "unknown placeholder {%s}: %s has %s here", g, in, placeholderList(want))
			}
		}
		for _, w := range want {
			// A form for exactly one or two (or none) may say the
			// count in words instead: "about an hour".
			if !slices.Contains(got, w) && !(w == m.Plural && (cats[i] == "zero" || cats[i] == "one" || cats[i] == "two")) {
				r.at(fp, "missing placeholder {%s}: %s has %s here", w, in, placeholderList(want))
			}
		}
	}
}

func placeholderList(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return "{" + strings.Join(names, "} {") + "}"
}
