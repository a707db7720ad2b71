package site

import (
	"bytes"
	"mime"
	"net/http"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/fixflow/fixflow/content"
)

// asset is one file the server sends, in each encoding of the table made
// once: at build time for the big ones (web/*.br, web/*.gz next to the
// file), else on the first request that asks for that encoding, never
// again (so a server starts without compressing what nobody asks for).
type asset struct {
	name     string // URL path, e.g. /web/app.wasm
	ctype    string
	raw      []byte
	etag     string     // the identity body's strong ETag, from the content
	hashed   string     // content-hashed URL, e.g. /web/app.1a2b3c4d.wasm
	encoded  []*encoded // the table's codings, in its order
	identity variant
	csp      string // its own Content-Security-Policy, if any (the guides' images)
}

// encoded is the asset in one coding of the table, made at most once.
type encoded struct {
	coding   string
	once     sync.Once
	make     func() []byte // nil when a build gave the body
	body     []byte
	variant  variant
	smaller  bool // the coding pays: the body is smaller than the file
	contentH string
}

// get makes the body the first time and reports whether the coding pays.
func (e *encoded) get() (variant, bool) {
	e.once.Do(func() {
		if e.make != nil {
			e.body = e.make()
		}
		e.smaller = len(e.body) < e.variant.size
		e.variant.body = e.body
		e.variant.etag = `"` + e.contentH + "-" + e.coding + "-" + content.Hash(e.body) + `"`
	})
	return e.variant, e.smaller
}

// variant is the asset in one encoding, with an ETag of its own: a strong
// validator names one sequence of bytes, and brotli, gzip and identity
// bodies are three (RFC 9110, 8.8.3.3). If-None-Match, If-Match, If-Range
// and Range all apply to the variant the request gets.
type variant struct {
	coding string // Content-Encoding token; identity for none
	body   []byte
	etag   string
	size   int // the identity body's length (to judge whether a coding pays)
}

// compressible says whether a content type is worth compressing.
func compressible(ctype string) bool {
	for _, p := range []string{"text/", "application/javascript", "application/json", "application/manifest+json", "application/wasm", "application/xml", "image/svg+xml"} {
		if strings.HasPrefix(ctype, p) {
			return true
		}
	}
	return false
}

// newAsset builds an asset from its bytes; br and gz are used when given
// (precompressed at build time), else made here if the type compresses.
func newAsset(name, ctype string, raw, br, gz []byte) *asset {
	return newAssetFrom(name, ctype, raw, map[string][]byte{"br": br, "gzip": gz})
}

// newAssetFrom builds an asset from its bytes and the copies a build made
// (by coding token); the table's other codings are made here if the type
// compresses, and kept when they are smaller.
func newAssetFrom(name, ctype string, raw []byte, copies map[string][]byte) *asset {
	return makeAsset(name, ctype, raw, copies, false)
}

// newPageAsset is a page rendered on request: compressed quickly, in the
// codings its requests ask for.
func newPageAsset(name string, raw []byte) *asset {
	return makeAsset(name, pageType, raw, nil, true)
}

func makeAsset(name, ctype string, raw []byte, copies map[string][]byte, quick bool) *asset {
	if ctype == "" {
		ctype = mime.TypeByExtension(path.Ext(name))
		if ctype == "" {
			ctype = "application/octet-stream"
		}
	}
	h := content.Hash(raw)
	a := &asset{name: name, ctype: ctype, raw: raw, etag: `"` + h + `"`}
	ext := path.Ext(name)
	a.hashed = strings.TrimSuffix(name, ext) + "." + h + ext
	if compressible(ctype) && len(raw) > 256 {
		for _, e := range encodings {
			enc := &encoded{coding: e.Encoding(), body: copies[e.Encoding()], contentH: h,
				variant: variant{coding: e.Encoding(), size: len(raw)}}
			if enc.body == nil {
				e := e
				enc.make = func() []byte { return e.Compress(raw) }
				if quick {
					enc.make = func() []byte { return e.CompressQuick(raw) }
				}
			}
			a.encoded = append(a.encoded, enc)
		}
	}
	a.identity = variant{coding: identity, body: raw, etag: a.etag, size: len(raw)}
	return a
}

// variant returns the asset in coding, if it has it (a coding that does
// not make the file smaller it has not).
func (a *asset) variant(coding string) (variant, bool) {
	if coding == identity {
		return a.identity, true
	}
	for _, e := range a.encoded {
		if e.coding == coding {
			return e.get()
		}
	}
	return variant{}, false
}

// negotiate picks the variant the client prefers among those the asset
// has; identity when nothing else fits (even if the client refused it: a
// body it may not decode beats none).
func (a *asset) negotiate(r *http.Request) variant {
	for _, c := range acceptedEncodings(r.Header.Get("Accept-Encoding")) {
		if v, ok := a.variant(c); ok {
			return v
		}
	}
	return a.identity
}

// acceptsEncoding reports whether the request's Accept-Encoding allows enc
// (a q=0 refuses it).
func acceptsEncoding(r *http.Request, enc string) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), enc) && strings.TrimSpace(name) != "*" {
			continue
		}
		if q, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if v, err := strconv.ParseFloat(q, 64); err == nil && v == 0 {
				return false
			}
		}
		return true
	}
	return false
}

// serve writes the asset in the encoding the client prefers, through
// http.ServeContent: conditional requests and ranges are checked against
// that encoding's own ETag. cache is the Cache-Control value. Every answer
// varies with Accept-Encoding, a 304 and an identity body included.
func (a *asset) serve(w http.ResponseWriter, r *http.Request, cache string) {
	v := a.negotiate(r)
	h := w.Header()
	h.Set("Content-Type", a.ctype)
	h.Set("Cache-Control", cache)
	h.Set("ETag", v.etag)
	if a.csp != "" {
		h.Set("Content-Security-Policy", a.csp)
	}
	addVary(h)
	if v.coding != identity {
		w = encodingWriter{w, v.coding}
		if strings.Contains(r.Header.Get("Range"), ",") {
			// Several ranges go out as multipart/byteranges, whose parts
			// a Content-Encoding on the whole message would misdescribe:
			// send the whole encoded body instead, as RFC 9110 allows.
			r = r.Clone(r.Context())
			r.Header.Del("Range")
		}
	}
	// No modification time: the ETag is the validator (a zero time sends
	// no Last-Modified and ignores If-Modified-Since).
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(v.body))
}

// assetSet is the web directory as served: every file under its plain name
// (revalidated with its ETag) and under its content-hashed name (cached for
// a year, immutable).
type assetSet struct {
	byName   map[string]*asset
	byHashed map[string]*asset
}

func (s *assetSet) add(a *asset) {
	s.byName[a.name] = a
	s.byHashed[a.hashed] = a
}

// names lists the plain names, sorted.
func (s *assetSet) names() []string {
	out := make([]string, 0, len(s.byName))
	for n := range s.byName {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Resolve implements go-app's ResourceResolver: a /web/ file the set holds
// resolves to its content-hashed URL, so browsers may cache it for good.
// go-app's own files (/app.js, /manifest.webmanifest, …) keep their names:
// go-app lists them by those names for the service worker to precache.
func (s *assetSet) Resolve(location string) string {
	if location == "" {
		return "/"
	}
	if a, ok := s.byName[location]; ok && strings.HasPrefix(location, "/web/") {
		return a.hashed
	}
	return location
}

const (
	cacheImmutable  = "public, max-age=31536000, immutable"
	cacheRevalidate = "no-cache"
)

// serveHTTP serves a hashed name for a year and a plain name with
// revalidation; the hashed name of another build gets the current file,
// revalidated (see previousBuild). It reports false when the path is not an
// asset.
func (s *assetSet) serveHTTP(w http.ResponseWriter, r *http.Request) bool {
	if a, ok := s.byHashed[r.URL.Path]; ok {
		a.serve(w, r, cacheImmutable)
		return true
	}
	if a, ok := s.byName[r.URL.Path]; ok {
		a.serve(w, r, cacheRevalidate)
		return true
	}
	if a, ok := s.previousBuild(r.URL.Path); ok {
		a.serve(w, r, cacheRevalidate)
		return true
	}
	return false
}

// hashedWebName is a content-hashed name as Resolve makes them: the plain
// name with an 8-character hash before its extension.
var hashedWebName = regexp.MustCompile(`^(/web/.+)\.[A-Za-z0-9_-]{8}(\.[A-Za-z0-9]+)$`)

// previousBuild finds the current file for the content-hashed name of a
// file of another build: /web/app.<old hash>.wasm is /web/app.wasm now.
//
// After a deploy, a page loaded before it asks for the hashed files its
// HTML and app.js name: the wasm above all, which it may not have fetched
// yet. The server holds only the current build, so such a name gets the
// current file rather than a 404 that leaves the page dead. That is safe
// for this site: the wasm renders the whole page from its URL (go-app
// re-renders, it does not hydrate), and the styles and scripts under /web/
// are the current page's. It is sent with revalidation, never as immutable:
// the name promises other bytes, and no cache may keep the current file
// under it for a year. Keeping the previous build's files instead would need
// them on disk and a rule for when to drop them, for a case this answers.
// One limit: wasm_exec.js must match the Go release that built the wasm; a
// deploy that changes Go and meets a page mid-load leaves that page
// prerendered (its links still work) until it is reloaded.
func (s *assetSet) previousBuild(p string) (*asset, bool) {
	m := hashedWebName.FindStringSubmatch(p)
	if m == nil {
		return nil, false
	}
	a, ok := s.byName[m[1]+m[2]]
	return a, ok
}
