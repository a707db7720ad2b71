package content

import (
	"strconv"
	"strings"
)

// Strings are the widget's own words in one language: every word it shows
// that is not a guide's (content/strings/<lang>.json; "en" is the
// reference every other language is checked against by content/lint).
//
//	{"lang": "es", "name": "Español", "dir": "ltr",
//	 "strings": {"skip": "Saltar al paso actual",
//	             "step_of": {"plural": "left", "one": "…", "many": "…", "other": "…"}}}
//
// A text may hold named placeholders, {step}, filled by Text; a text that
// depends on a count is a plural: its forms by CLDR plural category, and
// the name of the placeholder holding the count.
type Strings struct {
	Lang string `json:"lang"`
	// Name is the language's name in itself ("Español"), for the
	// language switch.
	Name string `json:"name"`
	// Dir is the writing direction: "ltr" or "rtl".
	Dir      string             `json:"dir"`
	Messages map[string]Message `json:"strings"`
}

// Message is one text of the interface. In a document it is a string (its
// Other form, the only one), or an object with the forms of a plural.
type Message struct {
	// Plural names the placeholder that holds the count; "" for a text
	// that is not a plural.
	Plural string `json:"plural"`
	// The forms by CLDR plural category: a language uses those its rules
	// name (PluralCategories), Other always.
	Zero  string `json:"zero"`
	One   string `json:"one"`
	Two   string `json:"two"`
	Few   string `json:"few"`
	Many  string `json:"many"`
	Other string `json:"other"`
}

// Form returns the text of category cat ("one"), or "" if it has none.
func (m Message) Form(cat string) string {
	switch cat {
	case "zero":
		return m.Zero
	case "one":
		return m.One
	case "two":
		return m.Two
	case "few":
		return m.Few
	case "many":
		return m.Many
	case "other":
		return m.Other
	}
	return ""
}

// Forms lists the categories m has a text for, in CLDR's order, with the
// texts.
func (m Message) Forms() (cats, texts []string) {
	for _, c := range PluralOrder {
		if t := m.Form(c); t != "" {
			cats, texts = append(cats, c), append(texts, t)
		}
	}
	return cats, texts
}

// Arg is a value for a placeholder: Text("step_of", N("step", 3), N("left", 5)).
type Arg struct {
	Name string
	N    int
}

// N is the placeholder name's value n.
func N(name string, n int) Arg { return Arg{name, n} }

// Text returns the text of key in these words, with the plural form its
// count asks for and its placeholders filled. A key the words lack returns
// the key itself (content/lint keeps every language complete).
func (s *Strings) Text(key string, args ...Arg) string {
	m, ok := s.Messages[key]
	if !ok {
		return key
	}
	t := m.Other
	if m.Plural != "" {
		for _, a := range args {
			if a.Name == m.Plural {
				if f := m.Form(PluralCategory(s.Lang, a.N)); f != "" {
					t = f
				}
			}
		}
	}
	if len(args) == 0 || !strings.Contains(t, "{") {
		return t
	}
	for _, a := range args {
		t = strings.ReplaceAll(t, "{"+a.Name+"}", strconv.Itoa(a.N))
	}
	return t
}

// Placeholders lists the placeholders of text t, {name}, in order of first
// appearance: a name is lower-case letters, digits and '_'. (A guide's
// markup names on-screen labels in braces too, {Settings}; in the
// interface words braces around such a name are a placeholder.)
func Placeholders(t string) []string {
	var out []string
	for i := 0; i < len(t); i++ {
		if t[i] != '{' {
			continue
		}
		j := i + 1
		for j < len(t) && (t[j] >= 'a' && t[j] <= 'z' || t[j] >= '0' && t[j] <= '9' || t[j] == '_') {
			j++
		}
		if j > i+1 && j < len(t) && t[j] == '}' {
			name := t[i+1 : j]
			seen := false
			for _, o := range out {
				seen = seen || o == name
			}
			if !seen {
				out = append(out, name)
			}
			i = j
		}
	}
	return out
}

// DecodeStrings decodes a strings document without reflection (see
// reader). It does not validate it: content/lint does.
func DecodeStrings(data []byte) (*Strings, error) {
	r := newReader(data)
	s := new(Strings)
	for r.object(); r.more('}'); {
		switch k := r.key(); k {
		case "lang":
			s.Lang = r.str()
		case "name":
			s.Name = r.str()
		case "dir":
			s.Dir = r.str()
		case "strings":
			s.Messages = map[string]Message{}
			for r.object(); r.more('}'); {
				k := r.key()
				s.Messages[k] = r.message()
			}
		default:
			r.unknown(k)
		}
	}
	if err := r.end(); err != nil {
		return nil, err
	}
	return s, nil
}

func (r *reader) message() Message {
	var m Message
	if r.peek() == '"' {
		m.Other = r.str()
		return m
	}
	for r.object(); r.more('}'); {
		switch k := r.key(); k {
		case "plural":
			m.Plural = r.str()
		case "zero":
			m.Zero = r.str()
		case "one":
			m.One = r.str()
		case "two":
			m.Two = r.str()
		case "few":
			m.Few = r.str()
		case "many":
			m.Many = r.str()
		case "other":
			m.Other = r.str()
		default:
			r.unknown(k)
		}
	}
	return m
}

// Index lists the site's guides and languages: what the wasm knows before
// it has fetched any guide (served at /guides/index.json).
type Index struct {
	// Default is the guide the site shows at "/" (set by the site).
	Default string       `json:"default"`
	Guides  []IndexGuide `json:"guides"`
	Langs   []IndexLang  `json:"langs"`
}

// IndexGuide is a guide and the languages it is in.
type IndexGuide struct {
	ID    string   `json:"id"`
	Langs []string `json:"langs"`
}

// IndexLang is a language of the interface words: its name in itself and
// its writing direction.
type IndexLang struct {
	Lang string `json:"lang"`
	Name string `json:"name"`
	Dir  string `json:"dir"`
}

// Index is the library's index: every guide with its languages that have
// interface words, and those languages.
func (l *Library) Index() Index {
	var x Index
	seen := map[string]bool{}
	for _, f := range l.Guides() {
		if _, ok := l.words[f.Lang]; !ok {
			continue
		}
		if n := len(x.Guides); n == 0 || x.Guides[n-1].ID != f.ID {
			x.Guides = append(x.Guides, IndexGuide{ID: f.ID})
		}
		g := &x.Guides[len(x.Guides)-1]
		g.Langs = append(g.Langs, f.Lang)
		if !seen[f.Lang] {
			seen[f.Lang] = true
		}
	}
	for _, lang := range l.langs {
		if seen[lang] {
			w := l.words[lang].s
			x.Langs = append(x.Langs, IndexLang{Lang: lang, Name: w.Name, Dir: w.Dir})
		}
	}
	return x
}

// DecodeIndex decodes an index without reflection.
func DecodeIndex(data []byte) (*Index, error) {
	r := newReader(data)
	x := new(Index)
	for r.object(); r.more('}'); {
		switch k := r.key(); k {
		case "default":
			x.Default = r.str()
		case "guides":
			for r.array(); r.more(']'); {
				var g IndexGuide
				for r.object(); r.more('}'); {
					switch k := r.key(); k {
					case "id":
						g.ID = r.str()
					case "langs":
						g.Langs = r.strs()
					default:
						r.unknown(k)
					}
				}
				x.Guides = append(x.Guides, g)
			}
		case "langs":
			for r.array(); r.more(']'); {
				var l IndexLang
				for r.object(); r.more('}'); {
					switch k := r.key(); k {
					case "lang":
						l.Lang = r.str()
					case "name":
						l.Name = r.str()
					case "dir":
						l.Dir = r.str()
					default:
						r.unknown(k)
					}
				}
				x.Langs = append(x.Langs, l)
			}
		default:
			r.unknown(k)
		}
	}
	if err := r.end(); err != nil {
		return nil, err
	}
	return x, nil
}
