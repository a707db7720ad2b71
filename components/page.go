package components

import (
	"net/url"
)

// Page is what the server sends for a URL before the wasm arrives.
type Page struct {
	NotFound    bool   // the URL names no step of a guide: the page says so and links to the start
	Title       string // the page's title
	Description string // its meta description
	Guide       string // the guide shown
	Lang        string // its language
	Dir         string // the language's writing direction: "ltr" or "rtl"
	Body        string // the widget's HTML: the #ff-root element

	// Negotiated: the URL names no language, so the page's language is
	// the one the request's preferences picked (the server sends Vary:
	// Accept-Language).
	Negotiated bool

	// Canonical is the canonical path of the step shown in the page's
	// language, without a walk state or display options
	// ("/es/imessage-undelivered/check-wifi"; see CanonicalURL); "" when
	// the URL names no step. Alternates are the same step in each
	// language of the guide, when it has more than one.
	Canonical  string
	Alternates []Alternate
}

// Alternate is the canonical path of a page in another language.
type Alternate struct {
	Lang, Name, Href string
}

// Prerender renders the page a URL shows, as the server sends it: the same
// view the wasm draws, written as HTML (see html.go). prefs are the
// languages the request prefers (its Accept-Language), for a URL that
// names none. It never reads local storage, so "/" shows the start of
// guide def.
func Prerender(cat Catalog, def string, u *url.URL, prefs []string) Page {
	g := &Guide{cat: cat, def: def, prefs: prefs}
	g.load(u, func(string) (string, bool) { return "", false })
	p := Page{
		Title:       g.title(),
		Description: g.flow.Summary,
		Guide:       g.flow.ID,
		Lang:        g.flow.Lang,
		Dir:         g.words.Dir,
		Body:        g.view().HTML(),
		Negotiated:  g.negotiated,
	}
	if g.session == nil {
		p.NotFound = true
		return p
	}
	step := g.session.Current().ID
	p.Canonical = CanonicalURL(g.flow.ID, step, g.flow.Lang)
	if len(g.langs) > 1 {
		for _, l := range g.langs {
			p.Alternates = append(p.Alternates, Alternate{Lang: l.Tag, Name: l.Name, Href: CanonicalURL(g.flow.ID, step, l.Tag)})
		}
	}
	return p
}
