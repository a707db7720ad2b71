package site

import (
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/fixflow/fixflow/content"

	"github.com/fixflow/fixflow/components"
	"github.com/fixflow/fixflow/internal/markup"
)

// The widget's pages are written here, not by go-app's handler: the
// document (head, scripts, go-app's loader) is a markup tree and the body is
// the view components.Prerender renders, so every value on a page is escaped
// by markup.WriteHTML and nothing else. go-app's handler still makes its
// generated files (app.js, wasm_exec.js, the manifest, the worker).
//
// What go-app's browser side needs of the document, and this one gives it:
//   - the widget's root as the first element of <body>: go-app's Load takes
//     body.firstElementChild as the element its root component replaces;
//   - go-app's loader after it, #app-wasm-loader with #app-wasm-loader-icon
//     and #app-wasm-loader-label: app.js writes the progress there and
//     removes it once the wasm runs;
//   - wasm_exec.js before app.js (app.js calls new Go()).
//
// TestPageDocumentMatchesGoApp holds this against go-app's own rendering,
// so a go-app upgrade that changes any of it fails loudly.

// pageScripts are the page's scripts, all deferred and so run in this
// order: fixflow.js must follow wasm_exec.js (it watches the Go program the
// page runs) and come before app.js (which starts it).
var pageScripts = []string{"/wasm_exec.js", "/web/fixflow.js", "/app.js", "/web/frame.js"}

// document renders the full HTML document of the page at u, and its
// status; prefs are the languages the request prefers (for a URL that
// names none).
func (s *Site) document(u *url.URL, prefs []string) (int, components.Page, []byte) {
	p := components.Prerender(components.LibraryCatalog(s.lib), s.def, u, prefs)
	head := markup.El("head").Body(
		markup.El("meta").Set("charset", "utf-8"),
		markup.El("meta").Set("name", "viewport").Set("content", "width=device-width, initial-scale=1, viewport-fit=cover"),
		markup.El("title").Says(p.Title),
		markup.El("meta").Set("name", "description").Set("content", p.Description),
		markup.El("meta").Set("name", "theme-color").Set("content", s.theme),
		markup.El("meta").Set("name", "mobile-web-app-capable").Set("content", "yes"),
	)
	if s.stats.url != "" {
		// Where the widget sends its counts (internal/stats); no tag, no counting.
		head.Body(markup.El("meta").Set("name", statsMetaName).Set("content", s.stats.url))
	}
	head.Body(s.openGraph(p, u)...)
	head.Body(s.languageLinks(p)...)
	icon := markup.El("link").Set("rel", "icon").Set("href", s.assets.Resolve("/web/icons/icon.svg")).Set("type", "image/svg+xml")
	touch := markup.El("link").Set("rel", "apple-touch-icon").Set("sizes", "180x180").Set("href", s.assets.Resolve("/web/icons/apple-touch-icon.png"))
	var brandCSS *markup.Node
	if len(s.brand.Logo) > 0 {
		icon = markup.El("link").Set("rel", "icon").Set("href", s.assets.Resolve(brandLogoPath)).Set("type", "image/png")
		touch = markup.El("link").Set("rel", "apple-touch-icon").Set("href", s.assets.Resolve(brandLogoPath))
	}
	if s.brand.Color != "" {
		brandCSS = markup.El("link").Set("rel", "stylesheet").Set("href", s.assets.Resolve(brandCSSPath))
	}
	head.Body(
		icon,
		touch,
		markup.El("link").Set("rel", "manifest").Set("href", "/manifest.webmanifest"),
		markup.El("link").Set("rel", "stylesheet").Set("href", s.assets.Resolve("/web/fixflow.css")),
		brandCSS,
		// The wasm download starts with the HTML, not after the deferred
		// scripts run: on a slow link that is a few round trips sooner.
		// go-app's fetch() then takes the preloaded response (same URL,
		// same CORS mode). At low priority: the page works without it and
		// starts it only at a tap, while the scripts that answer a tap
		// (fixflow.js) must not wait behind 1.5 MB on a slow link.
		markup.El("link").Set("rel", "preload").Set("href", s.assets.Resolve("/web/app.wasm")).
			Set("as", "fetch").Set("type", "application/wasm").Set("crossorigin", "anonymous").Set("fetchpriority", "low"),
	)
	// What the wasm fetches first (components/fetch.go): the site's index,
	// and the page's guide and interface words in its language. At low
	// priority: the page works without them.
	for _, data := range []string{components.IndexURL, components.GuideURL(p.Guide, p.Lang), components.StringsURL(p.Lang)} {
		head.Body(markup.El("link").Set("rel", "preload").Set("href", data).Set("as", "fetch").
			Set("crossorigin", "anonymous").Set("fetchpriority", "low"))
	}
	for _, src := range pageScripts {
		head.Body(markup.El("script").Set("src", s.assets.Resolve(src)).Flag("defer", true))
	}
	loader := markup.El("aside").ID("app-wasm-loader").Class("goapp-app-info").Body(
		markup.El("img").ID("app-wasm-loader-icon").Class("goapp-logo").
			Set("src", s.assets.Resolve("/web/icons/icon-192.png")).Set("alt", "").Set("width", "1").Set("height", "1"),
		markup.El("p").ID("app-wasm-loader-label").Class("goapp-label").Says("0"),
	)
	var b strings.Builder
	b.WriteString(markup.Doctype)
	b.WriteString(`<html dir="`)
	markup.Escape(&b, p.Dir)
	b.WriteString(`" lang="`)
	markup.Escape(&b, p.Lang)
	b.WriteString(`">`)
	markup.WriteHTML(&b, head)
	b.WriteString("<body>")
	b.WriteString(p.Body)
	markup.WriteHTML(&b, loader)
	b.WriteString("</body></html>\n")
	if p.NotFound {
		return http.StatusNotFound, p, []byte(b.String())
	}
	return http.StatusOK, p, []byte(b.String())
}

// languageLinks are the page's canonical URL and, for a guide in more than
// one language, its alternates: the same step in each language, and
// x-default, the URL that names none (it answers in the reader's
// language). Absolute where the site knows its public URL.
func (s *Site) languageLinks(p components.Page) []*markup.Node {
	if p.Canonical == "" {
		return nil
	}
	abs := func(path string) string {
		if u, ok := s.publicURL(path); ok {
			return u
		}
		return path
	}
	links := []*markup.Node{markup.El("link").Set("rel", "canonical").Set("href", abs(p.Canonical))}
	alts := slices.DeleteFunc(slices.Clone(p.Alternates), func(a components.Alternate) bool { return !listed(a.Lang) })
	if len(alts) < 2 {
		alts = nil // a page in one listed language has no alternates
	}
	for _, a := range alts {
		links = append(links, markup.El("link").Set("rel", "alternate").Set("hreflang", a.Lang).Set("href", abs(a.Href)))
	}
	if len(alts) > 0 {
		links = append(links, markup.El("link").Set("rel", "alternate").Set("hreflang", "x-default").
			Set("href", abs(components.CanonicalURL(p.Guide, path.Base(p.Canonical), content.Reference))))
	}
	return links
}

// openGraph are the link-preview tags. They need absolute URLs, so they are
// there only when the site knows its public URL (-public-url); og:url is the
// page's canonical path as the widget resolved it, never the request's.
func (s *Site) openGraph(p components.Page, u *url.URL) []*markup.Node {
	if p.Canonical == "" {
		return nil
	}
	if _, ok := s.publicURL("/"); !ok {
		return nil
	}
	abs := func(path string) string { u, _ := s.publicURL(path); return u }
	return []*markup.Node{
		markup.El("meta").Set("property", "og:type").Set("content", "website"),
		markup.El("meta").Set("property", "og:title").Set("content", p.Title),
		markup.El("meta").Set("property", "og:description").Set("content", p.Description),
		markup.El("meta").Set("property", "og:url").Set("content", abs(p.Canonical)),
		markup.El("meta").Set("property", "og:image").Set("content", abs(s.assets.Resolve("/web/icons/icon-512.png"))),
	}
}
