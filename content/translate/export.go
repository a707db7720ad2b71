package translate

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/fixflow/fixflow/internal/po"
)

// The header fields that say what a PO file of fixflow's is the
// translation of. Translators' tools keep X- fields they do not know.
const (
	FieldGuide   = "X-Fixflow-Guide"
	FieldVersion = "X-Fixflow-Guide-Version"
)

// WordsPrefix starts the msgctxt of every interface word, so that the
// guide's texts and the widget's words share one file without sharing an
// id (a guide's paths start with one of its own members: title, summary,
// facts, strings, nodes).
const WordsPrefix = "interface/"

// Pair is one document of a translation round: the English document, the
// current translation of it (nil when there is none yet), and their file
// names, which references and messages give.
type Pair struct {
	English         *Doc
	EnglishName     string
	Translation     *Doc
	TranslationName string
}

// prefix is the msgctxt prefix of the pair's texts.
func (p Pair) prefix() string {
	if p.English.Kind == Words {
		return WordsPrefix
	}
	return ""
}

// Round is what Export writes into one PO file, and what Import writes
// back: a guide and the interface words, in one language.
type Round struct {
	Lang  string
	Guide Pair
	Words Pair
}

var langTag = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

// ValidLang reports whether lang can name a translation: a BCP 47 tag
// ("es", "pt-BR") other than English, the language translated from.
func ValidLang(lang string) error {
	if !langTag.MatchString(lang) {
		return fmt.Errorf("%q is not a language tag (like es or pt-BR)", lang)
	}
	if base(lang) == "en" {
		return fmt.Errorf("%q is English, the language every translation is made from", lang)
	}
	return nil
}

// Export writes a round as a gettext PO file: a header naming the guide,
// the language and its plural forms, then one entry for each text of the
// guide and of the interface words, in document order. Each entry's
// msgctxt is the text's id (an interface word's with WordsPrefix), its
// msgid the English, its msgstr the current translation ("" if none), its
// #. comments the notes and its #: reference where the English is. A
// plural is an entry of msgid_plural, its msgstr[n] the language's forms.
//
// previous, when not nil, is the PO file of the last round (the one the
// translator sent back, or the last export): where its English differs
// from today's, the entry is marked fuzzy with the English the
// translation was made against as its previous msgid (#|), which is how
// translators' tools show what changed; a translation it has and the
// current translation does not is kept; its entries for texts English no
// longer has are kept as obsolete entries (#~), and its header's other
// fields (translator, team, dates) are kept.
func Export(r Round, previous *po.File) (*po.File, error) {
	if err := ValidLang(r.Lang); err != nil {
		return nil, err
	}
	pf, ok := pluralsOf(r.Lang)
	if !ok {
		return nil, fmt.Errorf("fixflow knows no plural rules for %q (it knows %s): add them to content/translate/plural.go", r.Lang, knownPlurals())
	}
	prev := map[string]*po.Entry{}
	if previous != nil {
		for _, e := range previous.Entries {
			if e.HasContext && !e.Obsolete {
				prev[e.Context] = e
			}
		}
	}
	f := &po.File{}
	f.Entries = append(f.Entries, header(r, pf, previous))
	used := map[string]bool{}
	for _, p := range []Pair{r.Guide, r.Words} {
		var tr map[string]*Text
		if p.Translation != nil {
			tr = p.Translation.Index()
		}
		for i := range p.English.Texts {
			t := &p.English.Texts[i]
			ctx := p.prefix() + t.ID
			used[ctx] = true
			e := &po.Entry{
				Extracted:  t.Notes,
				References: []string{p.EnglishName + ":" + strconv.Itoa(t.Line)},
				Context:    ctx, HasContext: true,
			}
			setSource(e, t)
			e.Str = translationOf(t, tr[t.ID], pf)
			if old := prev[ctx]; old != nil {
				carryOver(e, old, pf)
			}
			f.Entries = append(f.Entries, e)
		}
	}
	if previous != nil {
		for _, e := range previous.Entries {
			if e.HasContext && !used[e.Context] && e.Translated() {
				o := *e
				o.Obsolete, o.Line, o.IDLine, o.StrLine = true, 0, 0, 0
				o.Extracted, o.References = nil, nil
				f.Entries = append(f.Entries, &o)
			}
		}
	}
	return f, nil
}

func knownPlurals() string {
	var ls []string
	for l := range plurals {
		ls = append(ls, l)
	}
	slices.Sort(ls)
	return strings.Join(ls, ", ")
}

// header writes the file's header entry.
func header(r Round, pf pluralForms, previous *po.File) *po.Entry {
	ours := []po.Field{
		{Name: "Project-Id-Version", Value: fmt.Sprintf("%s %d", r.Guide.English.ID(), r.Guide.English.Version())},
		{Name: "Language", Value: r.Lang},
		{Name: "MIME-Version", Value: "1.0"},
		{Name: "Content-Type", Value: "text/plain; charset=UTF-8"},
		{Name: "Content-Transfer-Encoding", Value: "8bit"},
		{Name: "Plural-Forms", Value: pf.formula},
		{Name: FieldGuide, Value: r.Guide.English.ID()},
		{Name: FieldVersion, Value: strconv.Itoa(r.Guide.English.Version())},
	}
	fields := ours
	var comments []string
	if previous != nil {
		if h := previous.Header(); h != nil && len(h.Str) > 0 {
			comments = h.Comments
			for _, fl := range po.HeaderFields(h.Str[0]) {
				if !slices.ContainsFunc(ours, func(o po.Field) bool { return strings.EqualFold(o.Name, fl.Name) }) {
					fields = append(fields, fl)
				}
			}
		}
	}
	if comments == nil {
		comments = []string{
			fmt.Sprintf("The guide %s and the widget's interface words, to translate into %s.", r.Guide.English.ID(), r.Lang),
			"Written by fixflow i18n export; read back by fixflow i18n import.",
			"Each msgctxt names its text: keep it. The #. lines say where the text shows.",
		}
	}
	return &po.Entry{Comments: comments, Str: []string{po.FormatHeader(fields)}}
}

// setSource sets an entry's English: msgid, or for a plural msgid (the
// one form) and msgid_plural (the other form).
func setSource(e *po.Entry, t *Text) {
	if t.Plural == nil {
		e.ID = t.Source
		return
	}
	e.Plural = true
	e.ID = t.Plural.form("one")
	if e.ID == "" {
		e.ID = t.Plural.Forms[0].Text
	}
	e.IDPlural = t.Source
}

// translationOf is a text's msgstr from its current translation x (nil:
// none): one string, or one for each plural form of the language.
func translationOf(t *Text, x *Text, pf pluralForms) []string {
	if t.Plural == nil {
		if x == nil || x.Plural != nil {
			return []string{""}
		}
		return []string{x.Source}
	}
	strs := make([]string, len(pf.cats))
	if x != nil && x.Plural != nil {
		for i, c := range pf.cats {
			strs[i] = x.Plural.form(c)
		}
	}
	return strs
}

// carryOver brings what the last round's entry old knows into e: the
// English its translation was made against, when that is not today's (a
// previous msgid and the fuzzy flag), and its translation where e has
// none.
func carryOver(e, old *po.Entry, pf pluralForms) {
	if !e.Translated() && old.Translated() && old.Plural == e.Plural && (!e.Plural || len(old.Str) == len(pf.cats)) {
		e.Str = slices.Clone(old.Str)
	}
	if !e.Translated() {
		return
	}
	// The English the translation was made against: the last round's
	// previous source if it was already stale, else its source.
	id, idPlural := old.ID, old.IDPlural
	if old.Previous.HasID {
		id, idPlural = old.Previous.ID, old.Previous.IDPlural
	}
	if id == e.ID && idPlural == e.IDPlural {
		return
	}
	e.Previous = po.Previous{ID: id, HasID: true, IDPlural: idPlural, HasIDPlural: e.Plural && idPlural != ""}
	e.Flags = append(e.Flags, po.FlagFuzzy)
}
