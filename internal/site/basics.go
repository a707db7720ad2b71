package site

import (
	"errors"
	"fmt"
	"net/http"
	"path"
	"slices"
	"strings"

	"github.com/fixflow/fixflow/components"
	"github.com/fixflow/fixflow/content"
)

// The basics every site is asked for: /robots.txt, /sitemap.xml and
// /favicon.ico. Without them these URLs fell through to go-app's page
// handler, which answered 500 (robots.txt, sitemap.xml) or 404.

// ParsePublicURL reads the address the site is reached at from outside,
// such as https://help.example.com or https://example.com/help: http or
// https, a host, an optional port and an optional path; no query, no
// fragment. It comes back without a trailing slash; "" stays "" (unknown).
func ParsePublicURL(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	u, err := parseHTTPURL(s)
	if err == nil {
		if p := u.EscapedPath(); p != "" && p != "/" && path.Clean(p) != strings.TrimSuffix(p, "/") {
			err = errors.New("its path has an empty, . or .. segment")
		}
	}
	if err != nil {
		return "", fmt.Errorf("%q is not a public URL like https://help.example.com: %v", s, err)
	}
	return u.Scheme + "://" + u.Host + strings.TrimSuffix(u.EscapedPath(), "/"), nil
}

// publicURL is the absolute URL of the site's path p ("/", "/guide/step")
// when the site was told its public URL; ok is false when it was not, and
// nothing may then claim to know the site's absolute address.
func (s *Site) publicURL(p string) (u string, ok bool) {
	if s.public == "" {
		return "", false
	}
	return s.public + p, true
}

// basicPaths are the URLs this file answers.
var basicPaths = map[string]bool{"/robots.txt": true, "/sitemap.xml": true, "/favicon.ico": true}

func isBasicPath(p string) bool { return basicPaths[p] }

// initBasics sets the public URL and makes the basic files once.
func (s *Site) initBasics(cfg Config) error {
	public, err := ParsePublicURL(cfg.PublicURL)
	if err != nil {
		return fmt.Errorf("Config.PublicURL: %w", err)
	}
	s.public = public
	s.basics = map[string]*asset{
		"/robots.txt": newAsset("/robots.txt", "text/plain; charset=utf-8", []byte(s.robotsTxt()), nil, nil),
	}
	if sitemap, ok := s.sitemapXML(cfg.Library); ok {
		s.basics["/sitemap.xml"] = newAsset("/sitemap.xml", "application/xml; charset=utf-8", []byte(sitemap), nil, nil)
	}
	for _, icon := range []string{"/web/favicon.ico", "/web/icons/icon-192.png"} {
		if a, ok := s.assets.byName[icon]; ok {
			s.basics["/favicon.ico"] = a
			break
		}
	}
	return nil
}

// robotsTxt lets crawlers in, but not into URLs with a query: those carry a
// visitor's walk (?s=) or a host page's display options (?embed=1), every
// stateless page is linked without one, and a crawler following walk links
// would render one page per combination of answers.
func (s *Site) robotsTxt() string {
	var b strings.Builder
	b.WriteString("# fixflow: every page without a walk in its URL is reachable without a query.\n")
	b.WriteString("User-agent: *\nDisallow: /*?\n")
	if u, ok := s.publicURL("/sitemap.xml"); ok {
		b.WriteString("\nSitemap: " + u + "\n")
	}
	return b.String()
}

// sitemapXML lists every stateless page, absolute: "/", each language's
// home, and each step of each guide in each of its languages, with the
// step's other languages as alternates (hreflang, and x-default: the URL
// that names no language). A sitemap's URLs must be absolute, so without a
// public URL there is none (ok false): /sitemap.xml then answers 404
// saying why, rather than listing relative URLs that crawlers reject or
// resolving them against a Host header anyone can send.
func (s *Site) sitemapXML(lib *content.Library) (string, bool) {
	if s.public == "" {
		return "", false
	}
	abs := func(p string) string { u, _ := s.publicURL(p); return escapeXML(u) }
	alternates := map[string][][2]string{} // canonical path → (lang, path) of each language
	for _, f := range lib.Guides() {
		langs := slices.DeleteFunc(lib.Langs(f.ID), func(l string) bool { return !listed(l) })
		if len(langs) < 2 {
			continue
		}
		steps := []string{""}
		for _, n := range f.Nodes {
			steps = append(steps, n.ID)
		}
		for _, step := range steps {
			var alt [][2]string
			for _, l := range langs {
				alt = append(alt, [2]string{l, trimSlash(components.CanonicalURL(f.ID, step, l))})
			}
			alt = append(alt, [2]string{"x-default", trimSlash(components.CanonicalURL(f.ID, step, content.Reference))})
			alternates[trimSlash(components.CanonicalURL(f.ID, step, f.Lang))] = alt
		}
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
	for _, p := range pagePaths(lib, s.def) {
		if !listedPath(p) {
			continue
		}
		alt := alternates[p]
		if len(alt) == 0 {
			b.WriteString("  <url><loc>" + abs(p) + "</loc></url>\n")
			continue
		}
		b.WriteString("  <url><loc>" + abs(p) + "</loc>")
		for _, a := range alt {
			b.WriteString(`<xhtml:link rel="alternate" hreflang="` + escapeXML(a[0]) + `" href="` + abs(a[1]) + `"/>`)
		}
		b.WriteString("</url>\n")
	}
	b.WriteString("</urlset>\n")
	return b.String(), true
}

// trimSlash drops a path's trailing slash ("/guide/" → "/guide"), as the
// pages' own paths have none.
func trimSlash(p string) string {
	if t := strings.TrimSuffix(p, "/"); t != "" {
		return t
	}
	return "/"
}

var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;")

func escapeXML(s string) string { return xmlEscaper.Replace(s) }

// serveBasic answers /robots.txt, /sitemap.xml and /favicon.ico.
func (s *Site) serveBasic(w http.ResponseWriter, r *http.Request) {
	if a, ok := s.basics[r.URL.Path]; ok {
		a.serve(w, r, cacheRevalidate)
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	switch r.URL.Path {
	case "/sitemap.xml":
		http.Error(w, "no sitemap: a sitemap lists absolute URLs, and this server was started without its public URL (fixflow serve -public-url https://…)", http.StatusNotFound)
	default:
		http.NotFound(w, r)
	}
}
