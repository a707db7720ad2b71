package site

import (
	"bytes"
	"compress/gzip"
	"log"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/fixflow/fixflow/internal/compress"
)

// wasmFixture is the program testAssets serves, and its build copies: made
// at other settings than the server's, so a test can tell them apart.
var (
	wasmFixture   = bytes.Repeat([]byte{0, 1, 2, 3}, 1000)
	wasmFixtureBr = compress.Brotli(wasmFixture, 1)
	wasmFixtureGz = gzipFast(wasmFixture)
)

func gzipFast(b []byte) []byte {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

func testAssets(t *testing.T) *assetSet {
	t.Helper()
	css := []byte(strings.Repeat("body { color: red; }\n", 100))
	fsys := fstest.MapFS{
		"a.css":          {Data: css},
		"app.wasm":       {Data: wasmFixture},
		"app.wasm.br":    {Data: wasmFixtureBr},
		"app.wasm.gz":    {Data: wasmFixtureGz},
		"icons/x.png":    {Data: []byte("\x89PNG not really")},
		".hidden":        {Data: []byte("secret")},
		".git/config":    {Data: []byte("[remote]")},
		"sub/tiny.js":    {Data: []byte("x")},
		"sub/weird name": {Data: []byte("y")},
	}
	s, err := loadAssets(fsys, "/web")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func serveAsset(s *assetSet, path string, header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	if !s.serveHTTP(w, r) {
		w.Code = 404
	}
	return w
}

func TestAssetsPreferPrecompressedCopies(t *testing.T) {
	s := testAssets(t)
	w := serveAsset(s, "/web/app.wasm", "Accept-Encoding", "gzip, deflate, br")
	if w.Header().Get("Content-Encoding") != "br" || !bytes.Equal(w.Body.Bytes(), wasmFixtureBr) {
		t.Fatalf("got %q, %d bytes: not the build's brotli copy", w.Header().Get("Content-Encoding"), w.Body.Len())
	}
	if w.Header().Get("Content-Length") != strconv.Itoa(len(wasmFixtureBr)) {
		t.Errorf("Content-Length %q", w.Header().Get("Content-Length"))
	}
	w = serveAsset(s, "/web/app.wasm", "Accept-Encoding", "gzip")
	if w.Header().Get("Content-Encoding") != "gzip" || !bytes.Equal(w.Body.Bytes(), wasmFixtureGz) {
		t.Errorf("gzip: got %q, not the build's copy", w.Header().Get("Content-Encoding"))
	}
	w = serveAsset(s, "/web/app.wasm", "Accept-Encoding", "br;q=0, gzip;q=0")
	if w.Header().Get("Content-Encoding") != "" || w.Body.Len() != 4000 {
		t.Errorf("identity: got %q, %d bytes", w.Header().Get("Content-Encoding"), w.Body.Len())
	}
	if w.Header().Get("Content-Type") != "application/wasm" {
		t.Errorf("wasm content type %q", w.Header().Get("Content-Type"))
	}
}

func TestAssetsCompressedAtLoadWhenNoCopy(t *testing.T) {
	s := testAssets(t)
	w := serveAsset(s, "/web/a.css", "Accept-Encoding", "br")
	if w.Header().Get("Content-Encoding") != "br" || w.Body.Len() >= 2100 {
		t.Errorf("css: %q, %d bytes", w.Header().Get("Content-Encoding"), w.Body.Len())
	}
	w = serveAsset(s, "/web/icons/x.png", "Accept-Encoding", "br")
	if w.Header().Get("Content-Encoding") != "" {
		t.Error("a png was compressed")
	}
	w = serveAsset(s, "/web/sub/tiny.js", "Accept-Encoding", "br")
	if w.Header().Get("Content-Encoding") != "" {
		t.Error("a tiny file was compressed")
	}
}

func TestAssetsHashedURLsAreImmutable(t *testing.T) {
	s := testAssets(t)
	hashed := s.Resolve("/web/a.css")
	if hashed == "/web/a.css" || !strings.HasPrefix(hashed, "/web/a.") || !strings.HasSuffix(hashed, ".css") {
		t.Fatalf("Resolve: %q", hashed)
	}
	w := serveAsset(s, hashed)
	if w.Code != 200 || w.Header().Get("Cache-Control") != cacheImmutable {
		t.Errorf("hashed: %d %q", w.Code, w.Header().Get("Cache-Control"))
	}
	w = serveAsset(s, "/web/a.css")
	if w.Header().Get("Cache-Control") != cacheRevalidate || w.Header().Get("ETag") == "" {
		t.Errorf("plain: %q %q", w.Header().Get("Cache-Control"), w.Header().Get("ETag"))
	}
	w2 := serveAsset(s, "/web/a.css", "If-None-Match", `W/`+w.Header().Get("ETag"))
	if w2.Code != http.StatusNotModified || w2.Body.Len() != 0 {
		t.Errorf("revalidation: %d", w2.Code)
	}
	if s.Resolve("/web/missing.css") != "/web/missing.css" || s.Resolve("/") != "/" {
		t.Error("unknown paths must resolve to themselves")
	}
}

func TestAssetsHostileNames(t *testing.T) {
	s := testAssets(t)
	for _, p := range []string{"/web/.hidden", "/web/.git/config", "/web/../go.mod", "/web/app.wasm.br", "/web/app.wasm.gz", "/web/", "/web/sub", "/web/A.CSS"} {
		if w := serveAsset(s, p); w.Code != 404 {
			t.Errorf("%s: served (%d)", p, w.Code)
		}
	}
	if w := serveAsset(s, "/web/sub/weird%20name"); w.Code != 200 {
		t.Errorf("a file with a space: %d", w.Code)
	}
}

func TestAcceptsEncoding(t *testing.T) {
	cases := []struct {
		header, enc string
		want        bool
	}{
		{"gzip, br", "br", true},
		{"gzip", "br", false},
		{"br;q=0", "br", false},
		{"BR;q=0.5", "br", true},
		{"*", "gzip", true},
		{"", "gzip", false},
	}
	for _, c := range cases {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Accept-Encoding", c.header)
		if got := acceptsEncoding(r, c.enc); got != c.want {
			t.Errorf("%q %s: %v", c.header, c.enc, got)
		}
	}
}

// A build's copy is judged by its content, not its time: a copy of another
// build is ignored however new, and the right copy is used however old (a
// directory copied without timestamps has them in any order).
func TestAssetsJudgeCopiesByContent(t *testing.T) {
	now := time.Now()
	program := bytes.Repeat([]byte("new program "), 100)
	other := bytes.Repeat([]byte("old program "), 100)
	fsys := fstest.MapFS{
		"stale.wasm":    {Data: program, ModTime: now.Add(-time.Hour)},
		"stale.wasm.br": {Data: compress.Brotli(other, 1), ModTime: now},
		"stale.wasm.gz": {Data: []byte("not gzip at all"), ModTime: now},
		"fresh.wasm":    {Data: program, ModTime: now},
		"fresh.wasm.br": {Data: compress.Brotli(program, 1), ModTime: now.Add(-time.Hour)},
		"fresh.wasm.gz": {Data: gzipFast(program), ModTime: now.Add(-time.Hour)},
		"long.wasm":     {Data: program},
		"long.wasm.br":  {Data: compress.Brotli(append(append([]byte{}, program...), "more"...), 1)},
	}
	s, err := loadAssets(fsys, "/web")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/web/stale.wasm", "/web/long.wasm"} {
		for _, enc := range []string{"br", "gzip"} {
			w := serveAsset(s, p, "Accept-Encoding", enc)
			if w.Header().Get("Content-Encoding") != enc {
				t.Fatalf("%s %s: Content-Encoding %q", p, enc, w.Header().Get("Content-Encoding"))
			}
			if got := body(t, w.Result()); got != string(program) {
				t.Errorf("%s in %s decodes to %.20q…, not the file", p, enc, got)
			}
		}
	}
	if w := serveAsset(s, "/web/fresh.wasm", "Accept-Encoding", "br"); !bytes.Equal(w.Body.Bytes(), fsys["fresh.wasm.br"].Data) {
		t.Error("an older copy that holds the file's content was not used")
	}
	if w := serveAsset(s, "/web/fresh.wasm", "Accept-Encoding", "gzip"); !bytes.Equal(w.Body.Bytes(), fsys["fresh.wasm.gz"].Data) {
		t.Error("an older gzip copy that holds the file's content was not used")
	}
}

func TestAcceptedEncodingsInQValueOrder(t *testing.T) {
	cases := []struct{ header, want string }{
		{"", "identity"},
		{"gzip, deflate, br", "br gzip identity"},
		{"gzip;q=1, br;q=0.5", "gzip br identity"},
		{"br;q=0.2, gzip;q=0.8", "gzip br identity"},
		{"*", "br gzip identity"},
		{"gzip, *;q=0", "gzip"},
		{"br;q=0, *", "gzip identity"},
		{"identity", "identity"},
		{"identity;q=0.5, gzip;q=0.4", "identity gzip"},
		{"BR;Q=0.9, GZIP", "gzip br identity"},
		{"br;q=nonsense, gzip;q=0.5", "br gzip identity"},
		{"deflate", "identity"},
	}
	for _, c := range cases {
		if got := strings.Join(acceptedEncodings(c.header), " "); got != c.want {
			t.Errorf("Accept-Encoding %q: %q, want %q", c.header, got, c.want)
		}
	}
}

// The client's q-values choose the encoding, not the server's liking.
func TestAssetsServeTheEncodingTheClientPrefers(t *testing.T) {
	s := testAssets(t)
	for header, want := range map[string]string{
		"gzip;q=1, br;q=0.5":   "gzip",
		"br;q=0.1, gzip;q=0.9": "gzip",
		"gzip, br":             "br",
		"br;q=0, gzip;q=0":     "",
		"identity, br;q=0.5":   "",
	} {
		w := serveAsset(s, "/web/a.css", "Accept-Encoding", header)
		if got := w.Header().Get("Content-Encoding"); got != want {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, want %q", header, got, want)
		}
	}
}

// Each encoding of a file is its own representation, with its own strong
// ETag; a validator of one never revalidates another.
func TestAssetsETagPerEncoding(t *testing.T) {
	s := testAssets(t)
	etags := map[string]string{}
	for _, enc := range []string{"br", "gzip", "identity"} {
		w := serveAsset(s, "/web/a.css", "Accept-Encoding", enc)
		etag := w.Header().Get("ETag")
		if w.Code != 200 || etag == "" || strings.HasPrefix(etag, "W/") {
			t.Fatalf("%s: status %d, ETag %q", enc, w.Code, etag)
		}
		for other, e := range etags {
			if e == etag {
				t.Errorf("%s and %s bodies share the ETag %s", enc, other, etag)
			}
		}
		etags[enc] = etag
	}
	for enc, etag := range etags {
		if w := serveAsset(s, "/web/a.css", "Accept-Encoding", enc, "If-None-Match", etag); w.Code != http.StatusNotModified {
			t.Errorf("%s revalidated with its own ETag: %d, want 304", enc, w.Code)
		}
	}
	if w := serveAsset(s, "/web/a.css", "Accept-Encoding", "br", "If-None-Match", etags["identity"]); w.Code != 200 || w.Header().Get("Content-Encoding") != "br" {
		t.Errorf("a brotli request revalidated with the identity ETag: %d %q, want a 200 in brotli", w.Code, w.Header().Get("Content-Encoding"))
	}
}

// Caches must key every answer on Accept-Encoding: identity bodies, 304s
// and files that never compress included.
func TestAssetsVaryAlways(t *testing.T) {
	s := testAssets(t)
	etag := serveAsset(s, "/web/a.css").Header().Get("ETag")
	for _, c := range []struct {
		path   string
		header []string
	}{
		{"/web/a.css", nil},
		{"/web/a.css", []string{"Accept-Encoding", "br"}},
		{"/web/a.css", []string{"If-None-Match", etag}},
		{"/web/icons/x.png", []string{"Accept-Encoding", "br"}},
		{"/web/sub/tiny.js", nil},
	} {
		w := serveAsset(s, c.path, c.header...)
		if got := w.Header().Values("Vary"); len(got) != 1 || got[0] != "Accept-Encoding" {
			t.Errorf("%s %v: status %d, Vary %q", c.path, c.header, w.Code, got)
		}
	}
	if w := serveAsset(s, "/web/a.css", "If-None-Match", etag); w.Code != http.StatusNotModified || w.Header().Get("Content-Encoding") != "" {
		t.Errorf("304: status %d, Content-Encoding %q", w.Code, w.Header().Get("Content-Encoding"))
	}
}

// Ranges and their preconditions apply to the encoding sent, checked
// against that encoding's ETag.
func TestAssetsRanges(t *testing.T) {
	s := testAssets(t)
	raw := s.byName["/web/app.wasm"].raw
	br, _ := s.byName["/web/app.wasm"].variant("br")

	w := serveAsset(s, "/web/app.wasm", "Range", "bytes=100-199")
	if w.Code != http.StatusPartialContent || !bytes.Equal(w.Body.Bytes(), raw[100:200]) ||
		w.Header().Get("Content-Range") != "bytes 100-199/"+strconv.Itoa(len(raw)) || w.Header().Get("Content-Length") != "100" {
		t.Errorf("identity range: %d, Content-Range %q, %d bytes", w.Code, w.Header().Get("Content-Range"), w.Body.Len())
	}
	w = serveAsset(s, "/web/app.wasm", "Accept-Encoding", "br", "Range", "bytes=0-9")
	if w.Code != http.StatusPartialContent || w.Header().Get("Content-Encoding") != "br" || !bytes.Equal(w.Body.Bytes(), br.body[:10]) ||
		w.Header().Get("Content-Range") != "bytes 0-9/"+strconv.Itoa(len(br.body)) {
		t.Errorf("brotli range: %d %q, Content-Range %q", w.Code, w.Header().Get("Content-Encoding"), w.Header().Get("Content-Range"))
	}
	// If-Range with the identity ETag on a brotli request: the range is of
	// another representation, so the whole brotli body comes.
	w = serveAsset(s, "/web/app.wasm", "Accept-Encoding", "br", "Range", "bytes=0-9", "If-Range", s.byName["/web/app.wasm"].etag)
	if w.Code != 200 || !bytes.Equal(w.Body.Bytes(), br.body) {
		t.Errorf("If-Range with another encoding's ETag: %d, %d bytes", w.Code, w.Body.Len())
	}
	w = serveAsset(s, "/web/app.wasm", "Accept-Encoding", "br", "Range", "bytes=0-9", "If-Range", br.etag)
	if w.Code != http.StatusPartialContent {
		t.Errorf("If-Range with its own ETag: %d", w.Code)
	}
	if w = serveAsset(s, "/web/app.wasm", "Accept-Encoding", "br", "If-Match", s.byName["/web/app.wasm"].etag); w.Code != http.StatusPreconditionFailed {
		t.Errorf("If-Match with another encoding's ETag: %d, want 412", w.Code)
	}
	if w = serveAsset(s, "/web/app.wasm", "Accept-Encoding", "br", "If-Match", br.etag); w.Code != 200 {
		t.Errorf("If-Match with its own ETag: %d", w.Code)
	}
	// Several ranges of an encoded body would need a Content-Encoding per
	// part: the whole body comes instead. Of the identity body, they come.
	if w = serveAsset(s, "/web/app.wasm", "Accept-Encoding", "br", "Range", "bytes=0-9,20-29"); w.Code != 200 || !bytes.Equal(w.Body.Bytes(), br.body) {
		t.Errorf("two ranges of the brotli body: %d, %d bytes", w.Code, w.Body.Len())
	}
	if w = serveAsset(s, "/web/app.wasm", "Range", "bytes=0-9,20-29"); w.Code != http.StatusPartialContent || !strings.HasPrefix(w.Header().Get("Content-Type"), "multipart/byteranges") {
		t.Errorf("two ranges of the identity body: %d %q", w.Code, w.Header().Get("Content-Type"))
	}
	if w = serveAsset(s, "/web/app.wasm", "Range", "bytes=99999-"); w.Code != http.StatusRequestedRangeNotSatisfiable {
		t.Errorf("a range past the end: %d", w.Code)
	}
	// A whole encoded body states its length.
	w = serveAsset(s, "/web/app.wasm", "Accept-Encoding", "br")
	if w.Header().Get("Content-Length") != strconv.Itoa(len(br.body)) || w.Header().Get("Accept-Ranges") != "bytes" {
		t.Errorf("brotli body: Content-Length %q, Accept-Ranges %q", w.Header().Get("Content-Length"), w.Header().Get("Accept-Ranges"))
	}
}

func TestAssetsHead(t *testing.T) {
	s := testAssets(t)
	r := httptest.NewRequest(http.MethodHead, "/web/a.css", nil)
	r.Header.Set("Accept-Encoding", "gzip")
	w := httptest.NewRecorder()
	s.serveHTTP(w, r)
	gz, _ := s.byName["/web/a.css"].variant("gzip")
	if w.Code != 200 || w.Body.Len() != 0 || w.Header().Get("Content-Length") != strconv.Itoa(len(gz.body)) || w.Header().Get("Content-Encoding") != "gzip" {
		t.Errorf("HEAD: %d, %d bytes, Content-Length %q", w.Code, w.Body.Len(), w.Header().Get("Content-Length"))
	}
}

// After a deploy, the hashed name of the previous build's file gets the
// current file, revalidated rather than immutable; anything else stays 404.
func TestOldHashedNamesGetTheCurrentFile(t *testing.T) {
	s := testAssets(t)
	for _, p := range []string{"/web/app.Zz09_-ab.wasm", "/web/a.AAAAAAAA.css", "/web/sub/tiny.abcdefgh.js"} {
		w := serveAsset(s, p, "Accept-Encoding", "br")
		plain := regexp.MustCompile(`\.[A-Za-z0-9_-]{8}\.`).ReplaceAllString(p, ".")
		want := serveAsset(s, plain, "Accept-Encoding", "br")
		if w.Code != 200 || !bytes.Equal(w.Body.Bytes(), want.Body.Bytes()) || w.Header().Get("ETag") != want.Header().Get("ETag") {
			t.Errorf("%s: %d, not the current %s", p, w.Code, plain)
		}
		if cc := w.Header().Get("Cache-Control"); cc != cacheRevalidate {
			t.Errorf("%s: Cache-Control %q, want %q", p, cc, cacheRevalidate)
		}
	}
	for _, p := range []string{"/web/nope.AAAAAAAA.css", "/web/a.AAAA.css", "/web/a.css.AAAAAAAA", "/web/a.AAAAAAAA.js", "/web/.hidden.AAAAAAAA"} {
		if w := serveAsset(s, p); w.Code != 404 {
			t.Errorf("%s: %d, want 404", p, w.Code)
		}
	}
}

// A copy that does not hold its file is made afresh, and the start says so
// (for the 7 MB wasm that takes a while).
func TestLoadWebTellsOfAStaleCopy(t *testing.T) {
	var logs bytes.Buffer
	web := fstest.MapFS{
		"app.wasm": {Data: standInWasm()},
		"a.css":    {Data: []byte(strings.Repeat("p{}", 200))},
		"a.css.br": {Data: compress.Brotli([]byte("another build"), 1)},
		"a.css.gz": {Data: gzipFast([]byte(strings.Repeat("p{}", 200)))},
	}
	if _, err := loadWeb(Config{Web: web, Log: log.New(&logs, "", 0)}); err != nil {
		t.Fatal(err)
	}
	if got := logs.String(); !strings.Contains(got, "a.css.br does not decode to a.css") || strings.Contains(got, "a.css.gz") {
		t.Errorf("start-up notices: %q", got)
	}
}

// embed.js's sources are not served: the build assembles them into
// /embed.js.
func TestEmbedSourcesAreNotServed(t *testing.T) {
	s := newTestSite(t)
	for _, p := range []string{"/web/embed/loader.js", "/web/embed/protocol.json", "/web/embed/commands/open.js"} {
		if res := get(t, s, p); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", p, res.StatusCode)
		}
	}
	if res := get(t, s, "/embed.js"); res.StatusCode != http.StatusOK {
		t.Errorf("/embed.js: status %d", res.StatusCode)
	}
}
