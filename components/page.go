package components

import (
	"net/url"

	"github.com/fixflow/fixflow/content"
)

// Page is what the server sends for a URL before the wasm arrives.
type Page struct {
	NotFound    bool   // the URL names no step of a guide: the page says so and links to the start
	Title       string // the page's title
	Description string // its meta description
	Lang        string // the guide's language
	Body        string // the widget's HTML: the #ff-root element

	// Canonical is the path of the step shown, without a walk state or
	// display options ("/imessage-undelivered/check-wifi"); "" when the
	// URL names no step.
	Canonical string
}

// Prerender renders the page a URL shows, as the server sends it: the same
// view the wasm draws, written as HTML (see html.go). It never reads local
// storage, so "/" shows the start of guide def.
func Prerender(lib *content.Library, def string, u *url.URL) Page {
	g := &Guide{lib: lib, def: def}
	g.load(u, func(string) (string, bool) { return "", false })
	p := Page{
		Title:       g.title(),
		Description: g.flow.Summary,
		Lang:        g.flow.Lang,
		Body:        g.view().HTML(),
	}
	if g.session == nil {
		p.NotFound = true
	} else {
		p.Canonical = Location{Guide: g.flow.ID}.StepURL(g.session.Current().ID, "")
	}
	return p
}
