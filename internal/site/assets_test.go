package site

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/andybalholm/brotli"
)

func testAssets(t *testing.T) *assetSet {
	t.Helper()
	css := []byte(strings.Repeat("body { color: red; }\n", 100))
	fsys := fstest.MapFS{
		"a.css":          {Data: css},
		"app.wasm":       {Data: bytes.Repeat([]byte{0, 1, 2, 3}, 1000)},
		"app.wasm.br":    {Data: []byte("precompressed-br")},
		"app.wasm.gz":    {Data: []byte("precompressed-gz")},
		"icons/x.png":    {Data: []byte("\x89PNG not really")},
		".hidden":        {Data: []byte("secret")},
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
	if w.Header().Get("Content-Encoding") != "br" || w.Body.String() != "precompressed-br" {
		t.Fatalf("got %q %q", w.Header().Get("Content-Encoding"), w.Body.String())
	}
	if w.Header().Get("Content-Length") != strconv.Itoa(len("precompressed-br")) {
		t.Errorf("Content-Length %q", w.Header().Get("Content-Length"))
	}
	w = serveAsset(s, "/web/app.wasm", "Accept-Encoding", "gzip")
	if w.Header().Get("Content-Encoding") != "gzip" || w.Body.String() != "precompressed-gz" {
		t.Errorf("gzip: got %q", w.Header().Get("Content-Encoding"))
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
	for _, p := range []string{"/web/.hidden", "/web/../go.mod", "/web/app.wasm.br", "/web/app.wasm.gz", "/web/", "/web/sub", "/web/A.CSS"} {
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

func TestAssetsIgnoreStaleCopies(t *testing.T) {
	old := time.Now().Add(-time.Hour)
	fsys := fstest.MapFS{
		"app.wasm":    {Data: bytes.Repeat([]byte("new program "), 100), ModTime: time.Now()},
		"app.wasm.br": {Data: []byte("an older build"), ModTime: old},
		"app.wasm.gz": {Data: []byte("an older build"), ModTime: old},
	}
	s, err := loadAssets(fsys, "/web")
	if err != nil {
		t.Fatal(err)
	}
	w := serveAsset(s, "/web/app.wasm", "Accept-Encoding", "br")
	if w.Body.String() == "an older build" {
		t.Fatal("served a compressed copy older than the file")
	}
	r := brotli.NewReader(w.Body)
	got, _ := io.ReadAll(r)
	if !bytes.Equal(got, fsys["app.wasm"].Data) {
		t.Error("the fresh brotli copy does not decode to the file")
	}
}
