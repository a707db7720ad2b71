// Package components renders a fixflow Session with go-app. The views hold no
// troubleshooting logic: the engine decides where a walk goes, the content
// package says what a guide is, and these components only show the current
// step, its choices as real links, and what was tried.
//
// The views build a small tree of nodes (view.go). The server writes it as
// HTML (html.go, through Prerender); the browser renders it with go-app
// (goapp.go). Both start from the same URL, so the page the server sends and
// the page the wasm draws agree.
package components

import (
	"strings"

	"github.com/fixflow/fixflow/content"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Register routes every page of the widget to a Guide over lib in go-app's
// router: "/" (guide def) and each guide's paths, with or without a
// step. Whether the step exists is the Guide's to say (it shows a not-found
// page with a link to the start, as the server does). It is called once, by
// the wasm's main; the server does not use go-app's router.
func Register(lib *content.Library, def string) {
	newGuide := func() app.Composer { return &Guide{lib: lib, def: def} }
	app.Route("/", newGuide)
	seen := map[string]bool{}
	for _, f := range lib.Guides() {
		if !seen[f.ID] {
			seen[f.ID] = true
			app.RouteWithRegexp(GuidePathPattern(f.ID), newGuide)
		}
	}
}

// GuidePathPattern matches the paths of one guide: its start and its steps.
func GuidePathPattern(guideID string) string {
	return "^/" + strings.ReplaceAll(guideID, "-", `\-`) + "(/[^/]*)?/?$"
}
