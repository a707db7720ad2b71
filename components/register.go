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
	"slices"
	"strings"

	"github.com/fixflow/fixflow/content"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Register routes every page of the widget to a Guide over lib in go-app's
// router: "/" (guide def) and each guide's paths, with or without a step.
// It is called once, by the wasm's main; the server does not use go-app's
// router.
//
// The paths of the guides' steps are routed one by one (a map look-up):
// compiling go-app's regexp routes was boot work, and the regexp package's
// code compiled on the main thread in a first visit's boot. A page opened at
// a path no guide has (a mistyped step: the Guide says so and links to the
// start, as the server does) still needs the patterns: only such a page
// registers them.
func Register(lib *content.Library, def string) {
	newGuide := func() app.Composer { return &Guide{lib: lib, def: def} }
	known := RoutedPaths(lib)
	for _, p := range known {
		app.Route(p, newGuide)
	}
	if app.IsClient && !slices.Contains(known, app.Window().URL().Path) {
		seen := map[string]bool{}
		for _, f := range lib.Guides() {
			if !seen[f.ID] {
				seen[f.ID] = true
				app.RouteWithRegexp(GuidePathPattern(f.ID), newGuide)
			}
		}
	}
}

// RoutedPaths are the paths Register routes one by one: "/", and each
// guide's start and steps, with and without a trailing slash, sorted.
func RoutedPaths(lib *content.Library) []string {
	set := map[string]bool{"/": true}
	for _, f := range lib.Guides() {
		set["/"+f.ID], set["/"+f.ID+"/"] = true, true
		for _, n := range f.Nodes {
			set["/"+f.ID+"/"+n.ID], set["/"+f.ID+"/"+n.ID+"/"] = true, true
		}
	}
	out := make([]string, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// GuidePathPattern matches the paths of one guide: its start and its steps.
func GuidePathPattern(guideID string) string {
	return "^/" + strings.ReplaceAll(guideID, "-", `\-`) + "(/[^/]*)?/?$"
}
