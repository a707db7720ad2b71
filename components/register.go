// Package components renders a fixflow Session with go-app. The views hold no
// troubleshooting logic: the engine decides where a walk goes, the content
// package says what a guide is, and these components only show the current
// step, its choices as real links, and what was tried.
package components

import (
	"regexp"

	"github.com/fixflow/fixflow/content"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// library holds the guides the components render; Register sets it once at
// start-up, before any page is rendered, on the server and in the wasm.
var library *content.Library

// Register routes "/" (the default guide) and every guide of lib, with or
// without a step ("/imessage-undelivered", "/imessage-undelivered/check-wifi"),
// to the Guide component. Any other path is not routed, so the server answers
// 404 for it.
func Register(lib *content.Library) {
	library = lib
	newGuide := func() app.Composer { return &Guide{} }
	app.Route("/", newGuide)
	seen := map[string]bool{}
	for _, f := range lib.Guides() {
		if seen[f.ID] {
			continue
		}
		seen[f.ID] = true
		app.RouteWithRegexp(GuidePathPattern(f.ID), newGuide)
	}
}

// GuidePathPattern matches the paths of one guide: its start and its steps.
func GuidePathPattern(guideID string) string {
	return "^/" + regexp.QuoteMeta(guideID) + "(/[^/]*)?/?$"
}

// el makes an element of any tag through go-app's generic Elem. Every
// distinct go-app element type brings its whole method set into the wasm
// (about 13 KB each), so the views use this one type for all but div.
func el(tag string) app.HTMLElem { return app.Elem(tag) }
