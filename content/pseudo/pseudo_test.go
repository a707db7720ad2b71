package pseudo

import (
	"encoding/json"
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/content"
	"github.com/fixflow/fixflow/content/lint"
)

// english are the English documents the pseudo-locales are made from: the
// guides and the interface words built into the binary, and the test
// guides.
func english(t *testing.T) []content.Source {
	t.Helper()
	srcs, err := content.EmbeddedSources()
	if err != nil {
		t.Fatal(err)
	}
	strs, err := content.EmbeddedStringSources()
	if err != nil {
		t.Fatal(err)
	}
	var out []content.Source
	for _, s := range append(srcs, strs...) {
		if strings.HasSuffix(s.Name, "/en.json") || strings.HasSuffix(s.Name, ".en.json") {
			out = append(out, s)
		}
	}
	for _, name := range []string{"mini.en.json", "router.en.json"} {
		data, err := os.ReadFile("../testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, content.Source{Name: "content/testdata/" + name, Data: data})
	}
	return out
}

// text is one text of a document, with what it is.
type text struct {
	where        string
	s            string
	markup       bool
	placeholders bool
}

// texts lists every text of an English guide or words document, as Flow
// and Strings change them.
func texts(t *testing.T, src content.Source) []text {
	t.Helper()
	var out []text
	add := func(where, s string, markup, placeholders bool) {
		if s != "" {
			out = append(out, text{where, s, markup, placeholders})
		}
	}
	if strings.HasSuffix(src.Name, "/en.json") {
		w, err := content.DecodeStrings(src.Data)
		if err != nil {
			t.Fatal(err)
		}
		for k, m := range w.Messages {
			add(k+"/one", m.One, true, true)
			add(k, m.Other, true, true)
		}
		return out
	}
	f, err := content.Decode(src.Name, src.Data)
	if err != nil {
		t.Fatal(err)
	}
	add("title", f.Title, false, false)
	for _, fa := range f.Facts {
		add(fa.ID+"/question", fa.Question, false, false)
		add(fa.ID+"/unknown/help", fa.Unknown.Help, true, false)
	}
	for k, v := range f.Strings {
		add("strings/"+k, v, false, false)
	}
	for _, n := range f.Nodes {
		add(n.ID+"/title", n.Title, false, false)
		add(n.ID+"/body", n.Body, true, false)
		add(n.ID+"/why", n.Why, true, false)
		for _, in := range n.Steps {
			add(n.ID+"/step", in.Text, true, false)
		}
		for _, c := range n.Contacts {
			add(n.ID+"/tell", c.Tell, true, false)
		}
	}
	return out
}

func (x text) in(t *testing.T, l Locale) string {
	t.Helper()
	switch {
	case !x.markup:
		return l.Plain(x.s)
	case x.placeholders:
		s, err := l.Message(x.s)
		if err != nil {
			t.Fatalf("%s: %v", x.where, err)
		}
		return s
	}
	s, err := l.Markup(x.s)
	if err != nil {
		t.Fatalf("%s: %v", x.where, err)
	}
	return s
}

// TestMarkupAndPlaceholdersKept: a pseudo-locale's text has the markup of
// the English one — the same spans in the same order, the same link URLs —
// and the same placeholders; URLs written out in the text stay as they
// are.
func TestMarkupAndPlaceholdersKept(t *testing.T) {
	n := 0
	for _, src := range english(t) {
		for _, x := range texts(t, src) {
			for _, l := range Locales() {
				got := x.in(t, l)
				if x.placeholders && !slices.Equal(content.Placeholders(got), content.Placeholders(x.s)) {
					t.Errorf("%s %s: placeholders %v, English %v: %q", l.Tag, x.where, content.Placeholders(got), content.Placeholders(x.s), got)
				}
				if !x.markup {
					continue
				}
				want, _ := engine.ParseInline(x.s)
				spans, err := engine.ParseInline(got)
				if err != nil {
					t.Fatalf("%s %s: %q is not valid markup: %v", l.Tag, x.where, got, err)
				}
				// The marks around a text are text: compare the rest.
				want, spans = markupOnly(want), markupOnly(spans)
				if len(spans) != len(want) {
					t.Errorf("%s %s: %d spans, English %d:\n%q\n%q", l.Tag, x.where, len(spans), len(want), got, x.s)
					continue
				}
				for i := range spans {
					if spans[i].Kind != want[i].Kind || spans[i].URL != want[i].URL {
						t.Errorf("%s %s: span %d is %v %q, English %v %q", l.Tag, x.where, i, spans[i].Kind, spans[i].URL, want[i].Kind, want[i].URL)
					}
				}
				n++
			}
		}
	}
	if n < 100 {
		t.Errorf("only %d texts in markup looked at", n)
	}
	for in, want := range map[string]string{
		"See [the status](https://example.com/a_b) or https://example.com/x now": "https://example.com/a_b",
		`Step {step} of \{all\}`: "{step}",
	} {
		got, err := Accented.Message(in)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(got, want) || strings.Contains(in, "example.com/x") && !strings.Contains(got, "https://example.com/x ") {
			t.Errorf("%q → %q: lost %q", in, got, want)
		}
		if strings.Contains(in, `\{`) && (strings.Contains(got, "all") || !strings.Contains(got, `\{`)) {
			t.Errorf("%q → %q: the escaped braces' word is not changed, or the escape lost", in, got)
		}
	}
	// In a guide, braces are an on-screen label: its words change.
	if got, _ := Accented.Markup("Open {Settings}"); strings.Contains(got, "Settings") || !strings.Contains(got, "{") {
		t.Errorf("a label of a guide: %q", got)
	}
}

func markupOnly(spans []engine.Inline) []engine.Inline {
	return slices.DeleteFunc(spans, func(sp engine.Inline) bool { return sp.Kind == engine.InlineText })
}

// TestAccentedIsLonger: en-XA's texts are about 40% longer than English
// (counting what is seen: characters), each with its brackets.
func TestAccentedIsLonger(t *testing.T) {
	var en, xa int
	for _, src := range english(t) {
		for _, x := range texts(t, src) {
			got := x.in(t, Accented)
			a, b := utf8.RuneCountInString(x.s), utf8.RuneCountInString(got)
			en, xa = en+a, xa+b
			if !strings.HasPrefix(got, "⟦") || !strings.HasSuffix(got, "⟧") {
				t.Errorf("%s: %q is not in brackets", x.where, got)
			}
			if a >= 12 && float64(b) < 1.25*float64(a) {
				t.Errorf("%s: %d characters from %d: %q", x.where, b, a, got)
			}
		}
	}
	if r := float64(xa) / float64(en); r < 1.3 || r > 1.6 {
		t.Errorf("en-XA is %.2f× as long as English, want about 1.4", r)
	}
	if got := Accented.Plain("Back"); got != "⟦Ɓáááçķ⟧" {
		t.Errorf("Back → %q", got)
	}
}

// TestMirroredIsRightToLeft: in ar-XB every word runs right to left (an
// override around it), and every text starts right to left.
func TestMirroredIsRightToLeft(t *testing.T) {
	if got, want := Mirrored.Plain("Step 2, Wi-Fi"), "\u200f\u202eStep\u202c 2, \u202eWi\u202c-\u202eFi\u202c"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if Mirrored.Dir != "rtl" || Accented.Dir != "ltr" {
		t.Error("directions")
	}
}

// nonText are the keys of a guide or words document whose strings are not
// words for people: ids, references, kinds, conditions, URLs, dates.
var nonText = map[string]bool{
	"id": true, "lang": true, "start": true, "kind": true, "next": true, "fixed": true, "cant_find": true,
	"result": true, "src": true, "url": true, "sources": true, "date": true, "when": true, "detect": true,
	"also": true, "plural": true, "dir": true,
}

// TestEveryTextChanged: no string of a pseudo-locale's documents but ids,
// references and URLs holds a word left in English — a text of the guide
// model that Flow does not know would show here.
func TestEveryTextChanged(t *testing.T) {
	docs, err := Generate(english(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2*4 {
		t.Fatalf("%d documents, want each of 3 guides and the words in 2 pseudo-locales", len(docs))
	}
	for _, d := range docs {
		var v any
		if err := json.Unmarshal(d.Data, &v); err != nil {
			t.Fatal(err)
		}
		n := 0
		var walk func(key string, v any, inNonText bool)
		walk = func(key string, v any, skip bool) {
			switch v := v.(type) {
			case map[string]any:
				for k, x := range v {
					walk(key+"/"+k, x, skip || nonText[k])
				}
			case []any:
				for _, x := range v {
					walk(key, x, skip)
				}
			case string:
				if skip {
					return
				}
				n++
				if w := EnglishWords(v); len(w) > 0 {
					t.Errorf("%s %s: English words %q in %q", d.Name, key, w, v)
				}
			}
		}
		walk("", v, false)
		if n < 40 {
			t.Errorf("%s: only %d texts", d.Name, n)
		}
	}
}

// TestOutputLints: the pseudo-locales are valid guides and interface
// words, by every rule of content/lint, beside the English ones; their
// plural forms are their base language's (ar's six for ar-XB).
func TestOutputLints(t *testing.T) {
	en := english(t)[:0]
	for _, s := range english(t) {
		if !strings.Contains(s.Name, "testdata") {
			en = append(en, s)
		}
	}
	docs, err := Generate(en)
	if err != nil {
		t.Fatal(err)
	}
	opts := lint.Options{Files: func(string) fs.FS { return content.EmbeddedFiles() }, MaxAge: -1}
	lib, _, err := opts.Library(append(en, docs...))
	if err != nil {
		t.Fatalf("the pseudo-locales do not lint:\n%v", err)
	}
	for _, l := range Locales() {
		w, ok := lib.Strings(l.Tag)
		if !ok || w.Dir != l.Dir || w.Name != l.Name {
			t.Fatalf("%s: words %+v", l.Tag, w)
		}
		f, ok := lib.Guide(content.DefaultGuide, l.Tag)
		if !ok || f.Lang != l.Tag {
			t.Fatalf("%s: no guide", l.Tag)
		}
		cats, _ := content.PluralCategories(l.Tag)
		if _, forms := w.Messages["step_of"].Forms(); len(forms) != len(cats) {
			t.Errorf("%s: step_of has %d forms, %s needs %v", l.Tag, len(forms), l.Tag, cats)
		}
	}
	if got := lib.Index(); len(got.Langs) != 3 {
		t.Errorf("index languages %+v", got.Langs)
	}
	// The test guides (not built in) lint too, without their images.
	var test []content.Source
	for _, s := range english(t) {
		if strings.Contains(s.Name, "testdata") || strings.HasSuffix(s.Name, "/en.json") {
			test = append(test, s)
		}
	}
	docs, err = Generate(test)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lint.Library(append(test, docs...)); err != nil {
		t.Fatalf("the test guides' pseudo-locales do not lint:\n%v", err)
	}
}

// A document in another language than English is not a source.
func TestGenerateOnlyFromEnglish(t *testing.T) {
	es, err := os.ReadFile("../strings/es.json")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Accented.Words(content.Source{Name: "en.json", Data: es}); err == nil {
		t.Error("made from Spanish")
	}
	docs, err := Generate([]content.Source{{Name: "content/strings/es.json", Data: es}})
	if err != nil || len(docs) != 0 {
		t.Errorf("Generate of Spanish: %d, %v", len(docs), err)
	}
}

func TestIsPseudo(t *testing.T) {
	for tag, want := range map[string]bool{"en-XA": true, "ar-XB": true, "en-xa": true, "en": false, "es-419": false, "en-US": false, "zh-Hant-XA": true} {
		if IsPseudo(tag) != want {
			t.Errorf("IsPseudo(%q) = %v", tag, !want)
		}
	}
	for _, l := range Locales() {
		if !IsPseudo(l.Tag) || !content.ValidTag(l.Tag) {
			t.Errorf("%s", l.Tag)
		}
	}
}

func TestEnglishWords(t *testing.T) {
	got := EnglishWords("⟦Ɓáááçķ⟧ Back a https://x.example/Path \u202eWord\u202c ok")
	if !slices.Equal(got, []string{"Back", "ok"}) {
		t.Errorf("%q", got)
	}
}
