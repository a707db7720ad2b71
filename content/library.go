package content

import (
	"cmp"
	"io/fs"
	"path"
	"slices"
	"strings"

	engine "github.com/fixflow/fixflow/app"
)

// Source is one guide document to load: the name problems are reported
// against (a path ending in <guide-id>.<lang>.json) and its bytes.
type Source struct {
	Name string
	Data []byte
}

// Library is a set of validated guides, each in one or more languages.
type Library struct {
	guides []*guide // sorted by id, lang
	byID   map[string][]*guide
}

type guide struct {
	flow *engine.Flow
	raw  []byte
	file string
}

// New parses and validates the documents as a set: each one alone (Parse),
// its file name against its id and lang, and the languages of each guide
// against each other (CheckLanguages). The error is a Problems.
func New(srcs []Source) (*Library, error) {
	var probs Problems
	var flows []*engine.Flow
	var files []string
	l := &Library{byID: map[string][]*guide{}}
	for _, src := range srcs {
		f, err := Parse(src.Name, src.Data)
		if err != nil {
			probs = append(probs, err.(Problems)...)
			continue
		}
		if p := checkFileName(src.Name, f); p != nil {
			probs = append(probs, *p)
			continue
		}
		flows = append(flows, f)
		files = append(files, src.Name)
		l.add(f, src)
	}
	probs = append(probs, CheckLanguages(flows, files)...)
	if len(probs) > 0 {
		probs.Sort()
		return nil, probs
	}
	l.sort()
	return l, nil
}

func (l *Library) add(f *engine.Flow, src Source) {
	g := &guide{flow: f, raw: src.Data, file: src.Name}
	l.guides = append(l.guides, g)
	l.byID[f.ID] = append(l.byID[f.ID], g)
}

func (l *Library) sort() {
	byIDLang := func(a, b *guide) int {
		return cmp.Or(cmp.Compare(a.flow.ID, b.flow.ID), cmp.Compare(a.flow.Lang, b.flow.Lang))
	}
	slices.SortFunc(l.guides, byIDLang)
	for _, gs := range l.byID {
		slices.SortFunc(gs, byIDLang)
	}
}

// checkFileName checks that a document's file is named <id>.<lang>.json.
func checkFileName(name string, f *engine.Flow) *Problem {
	want := f.ID + "." + f.Lang + ".json"
	if path.Base(strings.ReplaceAll(name, "\\", "/")) == want {
		return nil
	}
	r := &reporter{file: name, loc: locatorOf(f)}
	r.at("id", "the file of guide %q in %q must be named %s; rename the file or fix id and lang", f.ID, f.Lang, want)
	return &r.probs[0]
}

// Load reads the guide documents dir/*.json of fsys into a library (see New).
// Problems name the files as dir/<file>.
func Load(fsys fs.FS, dir string) (*Library, error) {
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
	base, _, _ := strings.Cut(lang, "-")
	for _, match := range []func(string) bool{
		func(s string) bool { return s == lang },
		func(s string) bool { return strings.EqualFold(s, lang) },
		func(s string) bool { b, _, _ := strings.Cut(s, "-"); return base != "" && strings.EqualFold(b, base) },
		func(s string) bool { return s == "en" },
	} {
		for _, g := range gs {
			if match(g.flow.Lang) {
				return g
			}
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
