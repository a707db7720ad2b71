package site

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/fixflow/fixflow/internal/compress"
)

// Export writes every page (prerendered, one index.html per step URL),
// every asset under its plain and its content-hashed name with .br and .gz
// copies, embed.js, the guides, robots.txt, sitemap.xml (with a public URL)
// and favicon.ico, and the headers a static host needs (_headers for
// Netlify/Cloudflare-style hosts, nginx.conf for nginx). It returns how
// many files it wrote.
//
// dir ends up holding exactly this export: the files an earlier export
// wrote that this one does not (the step pages of a guide changed since)
// are removed. Files export did not write are never touched, so dir must be
// new, empty, or an earlier export (see exportdir.go).
func (s *Site) Export(dir string) (int, error) {
	if dev := devLangs(s.lib); len(dev) > 0 {
		return 0, fmt.Errorf("the site has the pseudo-locales %s, which are for development and tests only: a site with them is never exported", strings.Join(dev, ", "))
	}
	out, err := openExport(dir)
	if err != nil {
		return 0, err
	}
	defer out.close()
	w := &exportWriter{files: map[string][]byte{}}
	// Assets first, pages last: a host serving dir while it is written
	// never has a page that names a file not there yet.
	if a, ok := s.assets.byName["/web/embed.js"]; ok {
		w.asset("/embed.js", a)
	}
	for _, name := range s.assets.names() {
		a := s.assets.byName[name]
		w.asset(name, a)
		if strings.HasPrefix(name, "/web/") {
			w.asset(a.hashed, a)
		}
	}
	for _, p := range sortedKeys(s.basics) {
		w.asset(p, s.basics[p])
	}
	w.file("/_headers", []byte(staticHeaders(s)), false)
	w.file("/nginx.conf", []byte(nginxConf(s)), false)
	if a, ok := s.assets.byName["/web/demo.html"]; ok {
		w.asset("/demo/index.html", a)
	}
	for _, p := range pagePaths(s.lib, s.def) {
		// The pages as the server sends them: prerendered and compressed
		// once, at start-up. A static host does not negotiate: a path
		// without a language prefix is English there, and the page
		// script sends a reader who prefers another language of the
		// guide to its page (web/fixflow.js).
		w.asset(path.Join(p, "index.html"), s.prerendered[p].asset)
	}
	return out.write(w.order, w.files)
}

func dedupe(xs []string) []string {
	sort.Strings(xs)
	out := xs[:0]
	for i, x := range xs {
		if i == 0 || x != xs[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// exportWriter collects an export's files: their slash paths relative to
// the export (no leading slash) in the order to write them, and bodies.
type exportWriter struct {
	order []string
	files map[string][]byte
}

func (w *exportWriter) write(name string, body []byte) {
	name = strings.TrimPrefix(name, "/")
	if _, dup := w.files[name]; !dup {
		w.order = append(w.order, name)
	}
	w.files[name] = body
}

// file adds a file and, when compressed is set, its .br and .gz copies.
func (w *exportWriter) file(name string, body []byte, compressed bool) {
	w.write(name, body)
	if compressed {
		w.write(name+".br", compress.Brotli(body, 11))
		w.write(name+".gz", compress.Gzip(body))
	}
}

// asset adds an asset and its precompressed copies, named as a build
// names them (.br, .gz).
func (w *exportWriter) asset(name string, a *asset) {
	w.write(name, a.raw)
	for _, e := range encodings {
		if v, ok := a.variant(e.Encoding()); ok {
			w.write(name+e.Suffix(), v.body)
		}
	}
}

// staticHeaders is the _headers file of Netlify/Cloudflare Pages-style hosts:
// the same caching and security headers the server sends.
func staticHeaders(s *Site) string {
	var b strings.Builder
	b.WriteString("/*\n")
	for _, k := range sortedKeys(s.headers) {
		fmt.Fprintf(&b, "  %s: %s\n", k, s.headers[k])
	}
	b.WriteString("  Cache-Control: " + cacheRevalidate + "\n")
	for _, n := range s.assets.names() {
		if a := s.assets.byName[n]; strings.HasPrefix(n, "/web/") {
			fmt.Fprintf(&b, "%s\n  Cache-Control: %s\n", a.hashed, cacheImmutable)
		}
	}
	b.WriteString("/embed.js\n  Access-Control-Allow-Origin: *\n  Cache-Control: public, max-age=300, must-revalidate\n")
	return b.String()
}

// nginxConf is a server-block fragment that serves the export as the Go
// server does: precompressed files, a year of caching for hashed names,
// revalidation for the rest, the pages' security headers.
func nginxConf(s *Site) string {
	var sec strings.Builder
	for _, k := range sortedKeys(s.headers) {
		fmt.Fprintf(&sec, "    add_header %s %q always;\n", k, s.headers[k])
	}
	return `# Include inside a server { } block; set root to the export directory.
# gzip_static is in Debian's nginx; brotli_static needs the brotli module.
# The server's types (Debian's mime.types knows wasm) stay in force: a types
# block here would replace them all.
gzip_static on;
location ~ "\.webmanifest$" {
    default_type application/manifest+json;
    add_header Cache-Control "` + cacheRevalidate + `";
}
location ~ "\.[A-Za-z0-9_-]{8}\.[a-z0-9]+$" {
    add_header Cache-Control "` + cacheImmutable + `";
    try_files $uri =404;
}
location = /embed.js {
    add_header Access-Control-Allow-Origin "*";
    add_header Cache-Control "public, max-age=300, must-revalidate";
}
location / {
    add_header Cache-Control "` + cacheRevalidate + `";
` + sec.String() + `    try_files $uri $uri/index.html =404;
}
`
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
