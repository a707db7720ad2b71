package components

import (
	"github.com/fixflow/fixflow/internal/markup"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// node is a piece of a view (see internal/markup: the server writes the
// same tree as HTML).
type node = markup.Node

var (
	el   = markup.El
	text = markup.Text
)

// handle is a go-app event handler as a view carries it.
func handle(fn app.EventHandler) app.EventHandler { return fn }

// ui turns a view into go-app elements. It is the one place the views meet
// go-app's element API: every element is go-app's generic Elem (each
// distinct go-app element type brings its whole method set into the wasm,
// about 13 KB apiece), every attribute goes through Attr, every handler
// through On.
//
// In the browser go-app sets attributes with setAttribute or the matching
// DOM property, which needs no escaping; go-app's own HTML encoder (which
// writes attribute values with strconv.Quote and does not HTML-escape) is
// never used for a page: the server writes pages with writeHTML.
func ui(n *node) app.UI {
	if n == nil {
		return nil
	}
	if n.Tag == "" {
		return app.Text(n.Text)
	}
	e := app.Elem(n.Tag)
	if svgTags[n.Tag] {
		e = e.XMLNS("http://www.w3.org/2000/svg")
	}
	for _, a := range n.Attrs {
		if a.Flag {
			e = e.Attr(a.Name, true)
		} else {
			e = e.Attr(a.Name, a.Value)
		}
	}
	for _, h := range n.On {
		if fn, ok := h.Fn.(app.EventHandler); ok {
			e = e.On(h.Event, fn)
		}
	}
	if len(n.Kids) > 0 {
		kids := make([]app.UI, len(n.Kids))
		for i, k := range n.Kids {
			kids[i] = ui(k)
		}
		e = e.Body(kids...)
	}
	return e
}
