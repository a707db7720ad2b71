package components

import (
	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/content"
)

// Catalog is what the views draw from: the guides and the interface words,
// by language. The server's holds everything (LibraryCatalog); the wasm's
// holds what the page has fetched so far, and fetches a language the first
// time a page needs it (see fetch.go).
type Catalog interface {
	// Flow returns guide id in exactly lang, if it is at hand.
	Flow(id, lang string) (*engine.Flow, bool)
	// Words returns the interface words of exactly lang, if at hand.
	Words(lang string) (*content.Strings, bool)
	// Langs lists the languages guide id is in, in the order the
	// language switch shows them; none for a guide the catalog does not
	// know.
	Langs(id string) []Lang
}

// Lang is a language a guide is in: its tag, its name in itself and its
// writing direction, from its interface words.
type Lang struct {
	Tag, Name, Dir string
}

// tags lists the tags of langs.
func tags(langs []Lang) []string {
	out := make([]string, len(langs))
	for i, l := range langs {
		out[i] = l.Tag
	}
	return out
}

// LibraryCatalog is the catalog of a whole library: every guide in every
// language that has its interface words (lint makes sure they all do).
func LibraryCatalog(lib *content.Library) Catalog { return libraryCatalog{lib} }

type libraryCatalog struct{ lib *content.Library }

func (c libraryCatalog) Flow(id, lang string) (*engine.Flow, bool) {
	f, ok := c.lib.Guide(id, lang)
	if !ok || f.Lang != lang {
		return nil, false
	}
	return f, true
}

func (c libraryCatalog) Words(lang string) (*content.Strings, bool) { return c.lib.Strings(lang) }

func (c libraryCatalog) Langs(id string) []Lang {
	var out []Lang
	for _, tag := range c.lib.Langs(id) {
		if w, ok := c.lib.Strings(tag); ok {
			out = append(out, Lang{Tag: tag, Name: w.Name, Dir: w.Dir})
		}
	}
	return out
}
