package site

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/fixflow/fixflow/internal/compress"
)

// asset is one file the server sends, with its compressed copies made once:
// at build time for the big ones (web/*.br, web/*.gz next to the file) or
// when the server starts, never per request.
type asset struct {
	name    string // URL path, e.g. /web/app.wasm
	ctype   string
	raw     []byte
	br, gz  []byte // nil when compressing does not pay
	etag    string // strong, from the content
	hashed  string // content-hashed URL, e.g. /web/app.1a2b3c4d.wasm
	modTime time.Time
}

// compressible says whether a content type is worth compressing.
func compressible(ctype string) bool {
	for _, p := range []string{"text/", "application/javascript", "application/json", "application/manifest+json", "application/wasm", "image/svg+xml"} {
		if strings.HasPrefix(ctype, p) {
			return true
		}
	}
	return false
}

func contentHash(b []byte) string {
	sum := sha256.Sum256(b)
	return base64.RawURLEncoding.EncodeToString(sum[:6])
}

// newAsset builds an asset from its bytes; br and gz are used when given
// (precompressed at build time), else made here if the type compresses.
func newAsset(name, ctype string, raw, br, gz []byte) *asset {
	if ctype == "" {
		ctype = mime.TypeByExtension(path.Ext(name))
		if ctype == "" {
			ctype = "application/octet-stream"
		}
	}
	a := &asset{name: name, ctype: ctype, raw: raw, modTime: time.Now()}
	h := contentHash(raw)
	a.etag = `"` + h + `"`
	ext := path.Ext(name)
	a.hashed = strings.TrimSuffix(name, ext) + "." + h + ext
	if compressible(ctype) && len(raw) > 256 {
		if br == nil {
			br = compress.Brotli(raw, 11)
		}
		if gz == nil {
			gz = compress.Gzip(raw)
		}
		if len(br) < len(raw) {
			a.br = br
		}
		if len(gz) < len(raw) {
			a.gz = gz
		}
	}
	return a
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

// serve writes the asset, choosing the smallest encoding the client takes.
// cache is the Cache-Control value; a matching If-None-Match gets a 304.
func (a *asset) serve(w http.ResponseWriter, r *http.Request, cache string) {
	h := w.Header()
	h.Set("Content-Type", a.ctype)
	h.Set("Cache-Control", cache)
	h.Set("ETag", a.etag)
	if a.br != nil || a.gz != nil {
		h.Add("Vary", "Accept-Encoding")
	}
	if inm := r.Header.Get("If-None-Match"); inm != "" && etagMatch(inm, a.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := a.raw
	switch {
	case a.br != nil && acceptsEncoding(r, "br"):
		body = a.br
		h.Set("Content-Encoding", "br")
	case a.gz != nil && acceptsEncoding(r, "gzip"):
		body = a.gz
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// etagMatch compares an If-None-Match list with a strong ETag; W/ prefixes
// are ignored (weak comparison, as RFC 9110 asks for If-None-Match).
func etagMatch(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}

// assetSet is the web directory as served: every file under its plain name
// (revalidated with its ETag) and under its content-hashed name (cached for
// a year, immutable).
type assetSet struct {
	byName   map[string]*asset
	byHashed map[string]*asset
}

// loadAssets reads every file of dir (the web directory) into memory, with
// the .br and .gz copies a build left beside them.
func loadAssets(fsys fs.FS, prefix string) (*assetSet, error) {
	set := &assetSet{byName: map[string]*asset{}, byHashed: map[string]*asset{}}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || strings.HasSuffix(p, ".br") || strings.HasSuffix(p, ".gz") || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		raw, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		br := precompressed(fsys, p, ".br")
		gz := precompressed(fsys, p, ".gz")
		set.add(newAsset(prefix+"/"+p, "", raw, br, gz))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading web assets: %w", err)
	}
	return set, nil
}

// precompressed reads the build's compressed copy of p, unless it is older
// than p itself: a copy left by an earlier build would send another program.
func precompressed(fsys fs.FS, p, ext string) []byte {
	orig, err1 := fs.Stat(fsys, p)
	cp, err2 := fs.Stat(fsys, p+ext)
	if err1 != nil || err2 != nil || cp.ModTime().Before(orig.ModTime()) {
		return nil
	}
	b, _ := fs.ReadFile(fsys, p+ext)
	return b
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
// revalidation. It reports false when the path is not an asset.
func (s *assetSet) serveHTTP(w http.ResponseWriter, r *http.Request) bool {
	if a, ok := s.byHashed[r.URL.Path]; ok {
		a.serve(w, r, cacheImmutable)
		return true
	}
	if a, ok := s.byName[r.URL.Path]; ok {
		a.serve(w, r, cacheRevalidate)
		return true
	}
	return false
}
