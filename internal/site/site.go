package site

import (
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"fmt"
	"io/fs"
	"log"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/fixflow/fixflow/internal/stats/store"

	"github.com/fixflow/fixflow/components"
	"github.com/fixflow/fixflow/content"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// workerJS is the service worker template (go-app fills in the version and
// the files to precache).
//
//go:embed app-worker.js
var workerJS string

// Config is what a site is made of.
type Config struct {
	Library      *content.Library // the guides, validated
	WebDir       string           // the web directory: styles, icons, embed.js, app.wasm
	Web          fs.FS            // the web directory as a file system; when set, WebDir is not read
	Log          *log.Logger      // notices at start-up (a stale precompressed copy); nil: none
	Version      string           // "" derives it from the content of everything served
	EmbedOrigins []string         // who may frame the widget; empty means any
	PublicURL    string           // where the site is reached from outside (see ParsePublicURL); "" unknown
	DefaultGuide string           // the guide "/" shows; "" is content.DefaultGuide
	Images       fs.FS            // the guides' images, as content.EmbeddedFiles lays them out; nil: content.EmbeddedFiles()

	// The host's look, from a site configuration (internal/siteconfig);
	// zero keeps fixflow's.
	Brand Brand
	// Stats keeps the widget's counts (see stats.go); nil: this site
	// takes none, and has no /stats/events and no /stats.
	Stats store.Store
	// StatsCollector is where the pages send their counts: the absolute
	// URL of another server's /stats/events (a static export's collector);
	// "" is this site's own /stats/events when it has Stats, else the pages
	// count nothing.
	StatsCollector string
	// StatsToken opens /stats and /stats.csv (?token= or Authorization:
	// Bearer); "" opens them to clients on this machine only.
	StatsToken string
}

// Site is the whole HTTP surface: the prerendered pages (go-app), the web
// assets precompressed and content-hashed, the guides' JSON, embed.js and
// the health check.
type Site struct {
	lib     *content.Library
	def     string // the guide "/" shows
	assets  *assetSet
	version string
	headers map[string]string // security headers for pages
	public  string            // the public URL, without a trailing slash; "" unknown (basics.go)
	brand   Brand             // the host's look (brand.go)
	theme   string            // the theme colour: the brand's, or fixflow's
	basics  map[string]*asset // robots.txt, sitemap.xml, favicon.ico (basics.go)

	// pages holds the pages of URLs with a walk state or display options,
	// rendered and compressed on first request, most recently used kept.
	pages *pageCache

	// prerendered holds every page whose URL has no walk state in it ("/",
	// each guide, each step), rendered and compressed once at start-up;
	// only URLs with a state ("?s=…") are rendered per request.
	prerendered map[string]*prerendered

	stats *siteStats // the widget's counts (stats.go)
}

const (
	themeColor = "#0b5cad"
	pageType   = "text/html; charset=utf-8"
)

// generated are the files go-app makes in memory; the site serves them from
// its own asset set so that they go out compressed, with an ETag.
var generated = []string{"/app.js", "/wasm_exec.js", "/app.css", "/app-worker.js", "/manifest.webmanifest"}

func New(cfg Config) (*Site, error) {
	assets, err := loadWeb(cfg)
	if err != nil {
		return nil, err
	}
	if err := addBrand(assets, cfg.Brand); err != nil {
		return nil, err
	}
	if cfg.DefaultGuide == "" {
		cfg.DefaultGuide = content.DefaultGuide
	}
	def, ok := cfg.Library.Guide(cfg.DefaultGuide, "")
	if !ok {
		return nil, fmt.Errorf("the default guide %q is not in the library", cfg.DefaultGuide)
	}
	// The guides and the interface words: the wasm fetches those of the
	// page's language in the compact form (components/fetch.go), written
	// from the library's flows; the JSON is the library's documents. Both
	// are the library as the site has it: a site configuration's contacts
	// are in its documents and flows (siteconfig.Config.Apply).
	for _, f := range cfg.Library.Guides() {
		if _, ok := cfg.Library.Strings(f.Lang); !ok {
			return nil, fmt.Errorf("guide %s is in %q, which has no interface words (content/strings/%s.json)", f.ID, f.Lang, f.Lang)
		}
		raw, _ := cfg.Library.Raw(f.ID, f.Lang)
		assets.add(newAsset(components.GuideJSONURL(f.ID, f.Lang), "application/json", raw, nil, nil))
		assets.add(newAsset(components.GuideURL(f.ID, f.Lang), compactType, content.MarshalFlow(f), nil, nil))
	}
	for _, lang := range cfg.Library.StringsLangs() {
		raw, _ := cfg.Library.RawStrings(lang)
		w, _ := cfg.Library.Strings(lang)
		assets.add(newAsset(components.StringsJSONURL(lang), "application/json", raw, nil, nil))
		assets.add(newAsset(components.StringsURL(lang), compactType, content.MarshalStrings(w), nil, nil))
	}
	x := index(cfg.Library, def.ID)
	assets.add(newAsset(components.IndexJSONURL, "application/json", indexJSON(x), nil, nil))
	assets.add(newAsset(components.IndexURL, compactType, content.MarshalIndex(&x), nil, nil))
	if err := addImages(assets, cfg.Images); err != nil {
		return nil, err
	}
	version := cfg.Version
	if version == "" {
		version = digest(assets)
	}
	wasmLen := ""
	if a, ok := assets.byName["/web/app.wasm"]; ok {
		wasmLen = strconv.Itoa(len(a.raw))
	}
	s := &Site{lib: cfg.Library, def: def.ID, assets: assets, version: version, pages: newPageCache(pageCacheSize),
		brand: cfg.Brand, theme: themeColor}
	if cfg.Brand.Color != "" {
		s.theme = cfg.Brand.Color
	}
	if err := s.initBasics(cfg); err != nil {
		return nil, err
	}
	handler := &app.Handler{
		Name:            "fixflow",
		ShortName:       "fixflow",
		Title:           def.Title,
		Description:     def.Summary,
		Lang:            def.Lang,
		Author:          "fixflow",
		BackgroundColor: "#ffffff",
		ThemeColor:      s.theme,
		Icon: app.Icon{
			Default:  "/web/icons/icon-192.png",
			Large:    "/web/icons/icon-512.png",
			Maskable: "/web/icons/maskable-512.png",
			SVG:      "/web/icons/icon.svg",
		},
		CacheableResources:    cacheable(assets, cfg.Library),
		LoadingLabel:          "{progress}",
		Resources:             assets,
		Version:               version,
		ServiceWorkerTemplate: workerJS,
		WasmContentLength:     wasmLen,
	}
	for _, p := range generated {
		body, ctype, err := capture(handler, p)
		if err != nil {
			return nil, err
		}
		if p == "/app.js" {
			if body, err = patchAppJS(body); err != nil {
				return nil, err
			}
		}
		if p == "/app-worker.js" {
			if body, err = patchWorker(body, langFiles(cfg.Library, def.ID)); err != nil {
				return nil, err
			}
		}
		if p == "/manifest.webmanifest" {
			if body, err = brandManifest(body, cfg.Brand, assets.Resolve(brandLogoPath)); err != nil {
				return nil, err
			}
		}
		assets.add(newAsset(p, ctype, body, nil, nil))
	}
	collector, err := s.initStats(cfg)
	if err != nil {
		return nil, err
	}
	s.headers = securityHeaders(cfg.EmbedOrigins, collector)
	if err := s.prerender(); err != nil {
		return nil, err
	}
	return s, nil
}

// Version is the app version the service worker sees.
func (s *Site) Version() string { return s.version }

// prerender renders every page without a walk state (pagePaths), each
// in English where its URL names no language.
func (s *Site) prerender() error {
	s.prerendered = map[string]*prerendered{}
	for _, p := range pagePaths(s.lib, s.def) {
		status, page, body := s.document(&url.URL{Path: p}, nil)
		if status != http.StatusOK {
			return fmt.Errorf("prerendering %s: status %d", p, status)
		}
		s.prerendered[p] = &prerendered{asset: newAsset(p, pageType, body, nil, nil), lang: page.Lang}
	}
	return nil
}

// prerendered is a page rendered at start-up, and its language.
type prerendered struct {
	*asset
	lang string
}

// imageCSP is the policy of an image served on its own (opened as a
// document of this origin): nothing in it runs or loads; its own <style>
// elements apply, each allowed by its hash (never all inline styles).
func imageCSP(data []byte) string {
	csp := "default-src 'none'; sandbox"
	var hashes []string
	for _, m := range svgStyle.FindAllSubmatch(data, -1) {
		sum := sha256.Sum256(m[1])
		hashes = append(hashes, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'")
	}
	if len(hashes) > 0 {
		csp += "; style-src " + strings.Join(hashes, " ")
	}
	return csp
}

// svgStyle is a <style> element of an SVG and its text (the guides' SVGs
// write their styles as plain text: no CDATA, no entities).
var svgStyle = regexp.MustCompile(`(?s)<style[^>]*>(.*?)</style>`)

// addImages adds the guides' images (images/<name> of fsys) to the assets,
// served at /images/<name> and under their content-hashed names, and so
// precached by the worker with the rest (cacheable). A guide's image src
// "images/x.svg" is drawn from /images/x.svg.
func addImages(assets *assetSet, fsys fs.FS) error {
	if fsys == nil {
		fsys = content.EmbeddedFiles()
	}
	names, err := fs.Glob(fsys, "images/*")
	if err != nil {
		return fmt.Errorf("reading the guides' images: %w", err)
	}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return fmt.Errorf("reading the guides' images: %w", err)
		}
		a := newAsset("/"+name, "", data, nil, nil)
		a.csp = imageCSP(data)
		assets.add(a)
	}
	return nil
}

// cacheable lists what the service worker precaches at install besides
// go-app's own files: every web asset but the demo, the guides' images
// and the site's index. A language's guides, words and pages it keeps once
// a page in that language is shown (langFiles, app-worker.js).
func cacheable(a *assetSet, lib *content.Library) []string {
	perLang := map[string]bool{}
	for _, files := range langFiles(lib, "") {
		for _, f := range files {
			perLang[f] = true
		}
	}
	var out []string
	for _, n := range a.names() {
		if strings.HasPrefix(n, "/web/demo") || perLang[n] {
			continue
		}
		out = append(out, n)
	}
	return out
}

// digest derives the version from everything served, so a build that
// changes any of it gets a new version and a new service worker.
func digest(a *assetSet) string {
	h := sha256.New()
	for _, n := range a.names() {
		fmt.Fprintf(h, "%s %s\n", n, a.byName[n].etag)
	}
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:9])
}

func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == StatsEventsPath {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		s.serveStatsEvents(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	switch p := r.URL.Path; {
	case p == "/healthz":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		fmt.Fprintln(w, "ok")
	case p == "/embed.js":
		s.serveEmbedJS(w, r)
	case p == "/demo" || p == "/demo/":
		s.serveDemo(w, r)
	case isStatsPagePath(p): // /stats, /stats.csv, /stats/style.css
		s.serveStatsPage(w, r)
	case isBasicPath(p): // robots.txt, sitemap.xml, favicon.ico
		s.serveBasic(w, r)
	case strings.HasPrefix(p, "/images/"):
		// An image opened on its own is a document of this origin: its
		// asset's policy lets nothing in it run or load (lint already
		// refuses such SVGs).
		if !s.assets.serveHTTP(w, r) {
			http.NotFound(w, r)
		}
	case strings.HasPrefix(p, "/web/") || strings.HasPrefix(p, "/guides/"):
		if !s.assets.serveHTTP(w, r) {
			http.NotFound(w, r)
		}
	default:
		if s.assets.serveHTTP(w, r) { // go-app's generated files
			return
		}
		s.servePage(w, r)
	}
}

// serveEmbedJS serves the loader any host page may include: CORS open, a
// short cache, revalidated with its ETag.
func (s *Site) serveEmbedJS(w http.ResponseWriter, r *http.Request) {
	a, ok := s.assets.byName["/web/embed.js"]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Cross-Origin-Resource-Policy", "cross-origin")
	a.serve(w, r, "public, max-age=300, must-revalidate")
}

func (s *Site) serveDemo(w http.ResponseWriter, r *http.Request) {
	a, ok := s.assets.byName["/web/demo.html"]
	if !ok {
		http.NotFound(w, r)
		return
	}
	for k, v := range s.headers {
		w.Header().Set(k, v)
	}
	a.serve(w, r, cacheRevalidate)
}

// servePage sends a page with the widget's security headers: prerendered
// at start-up when its URL has no query, else rendered on first request and
// kept (pageCache). A URL that names no step of a guide is a 404 page with a
// link to the start.
func (s *Site) servePage(w http.ResponseWriter, r *http.Request) {
	for k, v := range s.headers {
		w.Header().Set(k, v)
	}
	var prefs []string
	key := r.URL.Path + "?" + r.URL.RawQuery
	negotiated := !namesLanguage(r.URL)
	if negotiated {
		prefs = acceptLanguages(r.Header.Get("Accept-Language"))
		lang := s.negotiated(r.URL, prefs)
		key = lang + " " + key
		if p, ok := s.prerendered[inLang(r.URL.Path, lang)]; ok && r.URL.RawQuery == "" {
			setLanguageHeaders(w.Header(), p.lang, true)
			p.serve(w, r, cacheRevalidate)
			return
		}
	} else if p, ok := s.prerendered[r.URL.Path]; ok && r.URL.RawQuery == "" {
		setLanguageHeaders(w.Header(), p.lang, false)
		p.serve(w, r, cacheRevalidate)
		return
	}
	if a, ok := s.pages.get(key); ok {
		setLanguageHeaders(w.Header(), a.lang, negotiated)
		a.serve(w, r, cacheRevalidate)
		return
	}
	status, page, body := s.document(r.URL, prefs)
	setLanguageHeaders(w.Header(), page.Lang, negotiated)
	if status != http.StatusOK {
		w.Header().Set("Content-Type", pageType)
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(status)
		if r.Method != http.MethodHead {
			w.Write(body)
		}
		return
	}
	// Pages with a state are many and each is asked for rarely: a quick
	// compression, only in the coding asked for (the stateless pages get
	// the best, once).
	a := &prerendered{asset: newPageAsset(key, body), lang: page.Lang}
	s.pages.put(key, a)
	a.serve(w, r, cacheRevalidate)
}
