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

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Register routes every page of the widget to a Guide over cat in go-app's
// router: "/", each language's "/<lang>/", and the paths of each guide the
// catalog has at hand, with or without a language prefix and a step. It is
// called once, by the wasm's main; the server does not use go-app's router.
//
// The paths of the guides' steps are routed one by one (a map look-up):
// compiling go-app's regexp routes was boot work, and the regexp package's
// code compiled on the main thread in a first visit's boot. A page opened at
// a path no guide has (a mistyped step: the Guide says so and links to the
// start, as the server does) still needs the patterns: only such a page
// registers them.
func Register(cat *PageCatalog, def string) {
	counts := &tally{} // what this page counts, shared by the guides it routes
	newGuide := func() app.Composer { return &Guide{cat: cat, def: def, counts: counts} }
	known := RoutedPaths(cat)
	for _, p := range known {
		app.Route(p, newGuide)
	}
	if app.IsClient && !slices.Contains(known, app.Window().URL().Path) {
		for _, id := range cat.guides() {
			app.RouteWithRegexp(GuidePathPattern(id), newGuide)
		}
	}
}

// RoutedPaths are the paths Register routes one by one: "/", "/<lang>" for
// each language, and each guide's start and steps, unprefixed and under
// each of its languages, with and without a trailing slash, sorted.
func RoutedPaths(cat *PageCatalog) []string {
	set := map[string]bool{"/": true}
	both := func(p string) { set[p], set[p+"/"] = true, true }
	for _, l := range cat.index.Langs {
		both("/" + l.Lang)
	}
	for _, id := range cat.guides() {
		f := cat.anyFlow(id)
		if f == nil {
			continue
		}
		prefixes := []string{""}
		for _, l := range cat.Langs(id) {
			prefixes = append(prefixes, "/"+l.Tag)
		}
		for _, pre := range prefixes {
			both(pre + "/" + id)
			for _, n := range f.Nodes {
				both(pre + "/" + id + "/" + n.ID)
			}
		}
	}
	out := make([]string, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// GuidePathPattern matches the paths of one guide: its start and its
// steps, with or without a language prefix.
func GuidePathPattern(guideID string) string {
	return `^(/[a-z]{2,3}(-[A-Za-z0-9]{2,8})*)?/` + strings.ReplaceAll(guideID, "-", `\-`) + "(/[^/]*)?/?$"
}
