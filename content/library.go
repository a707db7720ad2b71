// Package content holds the guides (content/guides/<id>.<lang>.json, built
// into the binary) and what the wasm needs of them: decoding (Decode), the
// Library of decoded guides and the content Hash. It does not validate: the
// rules, and the positions they report, live in content/lint, which the
// server and the CLI load guides through and which the wasm never links.
package content

import (
	"cmp"
	"fmt"
	"io/fs"
	"path"
	"slices"

	engine "github.com/fixflow/fixflow/app"
)

// Source is one guide document to load: the name problems are reported
// against (a path ending in <guide-id>.<lang>.json) and its bytes.
type Source struct {
	Name string
	Data []byte
}

// Library is a set of decoded guides, each in one or more languages, and
// the interface words of each language.
type Library struct {
	guides []*guide // sorted by id, lang
	byID   map[string][]*guide
	words  map[string]*words // by lang
	langs  []string          // the languages of words, sorted
}

type words struct {
	s   *Strings
	raw []byte
}

// StringsDoc is one strings document and the words decoded from it.
type StringsDoc struct {
	Source
	Strings *Strings
}

type guide struct {
	flow *engine.Flow
	raw  []byte
}

// Doc is one document and the flow decoded from it.
type Doc struct {
	Source
	Flow *engine.Flow
}

// New decodes the guide documents (Decode) and the strings documents
// (DecodeStrings) into a library, without validating them: for documents
// that lint has not checked, use lint.Library.
func New(srcs []Source, strs ...Source) (*Library, error) {
	docs := make([]Doc, len(srcs))
	for i, src := range srcs {
		f, err := Decode(src.Name, src.Data)
		if err != nil {
			return nil, err
		}
		docs[i] = Doc{Source: src, Flow: f}
	}
	sdocs := make([]StringsDoc, len(strs))
	for i, src := range strs {
		s, err := DecodeStrings(src.Data)
		if err != nil {
			return nil, fmt.Errorf("%s: cannot decode the strings: %w", src.Name, err)
		}
		sdocs[i] = StringsDoc{Source: src, Strings: s}
	}
	return Assemble(docs, sdocs...), nil
}

// Assemble makes a library of documents already decoded (lint.Library
// decodes and validates each document once, then assembles them). The
// flows and words must not be changed afterwards.
func Assemble(docs []Doc, strs ...StringsDoc) *Library {
	l := &Library{byID: map[string][]*guide{}, words: map[string]*words{}}
	for _, d := range strs {
		if _, dup := l.words[d.Strings.Lang]; !dup {
			l.langs = append(l.langs, d.Strings.Lang)
		}
		l.words[d.Strings.Lang] = &words{s: d.Strings, raw: d.Data}
	}
	slices.Sort(l.langs)
	for _, d := range docs {
		g := &guide{flow: d.Flow, raw: d.Data}
		l.guides = append(l.guides, g)
		l.byID[d.Flow.ID] = append(l.byID[d.Flow.ID], g)
	}
	byIDLang := func(a, b *guide) int {
		return cmp.Or(cmp.Compare(a.flow.ID, b.flow.ID), cmp.Compare(a.flow.Lang, b.flow.Lang))
	}
	slices.SortFunc(l.guides, byIDLang)
	for _, gs := range l.byID {
		slices.SortFunc(gs, byIDLang)
	}
	return l
}

// ReadDir reads the guide documents dir/*.json of fsys, named dir/<file>.
func ReadDir(fsys fs.FS, dir string) ([]Source, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	srcs := make([]Source, 0, len(names))
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		srcs = append(srcs, Source{Name: name, Data: data})
	}
	return srcs, nil
}

// Load decodes the guide documents dir/*.json of fsys into a library (see
// New), without validating them.
func Load(fsys fs.FS, dir string) (*Library, error) {
	srcs, err := ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	return New(srcs)
}

// Guide returns guide id in lang. An empty or unknown lang falls back to a
// language of the same base ("en-GB" → "en"), then to "en", then to the
// guide's first language.
func (l *Library) Guide(id, lang string) (*engine.Flow, bool) {
	g := l.find(id, lang)
	if g == nil {
		return nil, false
	}
	return g.flow, true
}

// Raw returns the document bytes of guide id in lang (with Guide's fallback),
// exactly as loaded: the server serves these.
func (l *Library) Raw(id, lang string) ([]byte, bool) {
	g := l.find(id, lang)
	if g == nil {
		return nil, false
	}
	return g.raw, true
}

func (l *Library) find(id, lang string) *guide {
	gs := l.byID[id]
	if len(gs) == 0 {
		return nil
	}
	have := l.Langs(id)
	m, ok := Match(lang, have)
	if !ok {
		m = Fallback(have)
	}
	for _, g := range gs {
		if g.flow.Lang == m {
			return g
		}
	}
	return gs[0]
}

// Guides returns every guide in every language, sorted by id, then lang.
func (l *Library) Guides() []*engine.Flow {
	out := make([]*engine.Flow, len(l.guides))
	for i, g := range l.guides {
		out[i] = g.flow
	}
	return out
}

// Langs returns the languages guide id is available in, sorted.
func (l *Library) Langs(id string) []string {
	var out []string
	for _, g := range l.byID[id] {
		out = append(out, g.flow.Lang)
	}
	return out
}

// Strings returns the interface words of exactly lang.
func (l *Library) Strings(lang string) (*Strings, bool) {
	w, ok := l.words[lang]
	if !ok {
		return nil, false
	}
	return w.s, true
}

// RawStrings returns the strings document of exactly lang, as loaded: the
// server serves these.
func (l *Library) RawStrings(lang string) ([]byte, bool) {
	w, ok := l.words[lang]
	if !ok {
		return nil, false
	}
	return w.raw, true
}

// StringsLangs lists the languages the library has interface words in,
// sorted.
func (l *Library) StringsLangs() []string { return slices.Clone(l.langs) }
