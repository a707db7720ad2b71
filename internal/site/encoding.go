package site

import (
	"compress/gzip"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/andybalholm/brotli"
	"github.com/fixflow/fixflow/internal/compress"
)

// A precompressor is a content coding whose copy of a file a build may
// leave beside it (app.wasm.br). Its shape is Caddy's encode.Precompressed
// (the token and the suffix), plus what the server needs to make a copy the
// build did not leave and to check one it did.
type precompressor interface {
	Encoding() string                // the Content-Encoding token: "br"
	Suffix() string                  // the copy's file suffix: ".br"
	Compress(raw []byte) []byte      // as small as the coding gets: for files made once
	CompressQuick(raw []byte) []byte // fast, nearly as small: for pages rendered on request
	Decompress(r io.Reader) (io.Reader, error)
}

type brotliCoding struct{}

func (brotliCoding) Encoding() string                          { return "br" }
func (brotliCoding) Suffix() string                            { return ".br" }
func (brotliCoding) Compress(raw []byte) []byte                { return compress.Brotli(raw, 11) }
func (brotliCoding) CompressQuick(raw []byte) []byte           { return compress.Brotli(raw, 5) }
func (brotliCoding) Decompress(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil }

type gzipCoding struct{}

func (gzipCoding) Encoding() string                { return "gzip" }
func (gzipCoding) Suffix() string                  { return ".gz" }
func (gzipCoding) Compress(raw []byte) []byte      { return compress.Gzip(raw) }
func (gzipCoding) CompressQuick(raw []byte) []byte { return compress.Gzip(raw) }
func (gzipCoding) Decompress(r io.Reader) (io.Reader, error) {
	return gzip.NewReader(r)
}

// identity is the token of the unencoded body.
const identity = "identity"

// encodings is the one table of what the server sends, in its own order of
// preference for when the client's q-values tie: brotli, gzip, then the
// file as it is (identity, which needs no entry: every asset has it).
var encodings = []precompressor{brotliCoding{}, gzipCoding{}}

// acceptedEncodings lists the codings of the table (and identity) that an
// Accept-Encoding header accepts, the client's most preferred first: by
// q-value, then in the table's order, as Caddy's PrecompressedOrder walks
// them. A q of 0 refuses a coding; "*" stands for every coding the header
// does not name. Identity is acceptable unless refused, but only after every
// coding the client asked for. No header at all gets identity alone.
func acceptedEncodings(header string) []string {
	if strings.TrimSpace(header) == "" {
		return []string{identity}
	}
	q := map[string]float64{}
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(part, ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name == "" {
			continue
		}
		v := 1.0
		for _, p := range strings.Split(params, ";") {
			k, val, ok := strings.Cut(strings.TrimSpace(p), "=")
			if !ok || !strings.EqualFold(strings.TrimSpace(k), "q") {
				continue
			}
			if f, err := strconv.ParseFloat(strings.TrimSpace(val), 64); err == nil && f >= 0 && f <= 1 {
				v = f
			}
		}
		if old, seen := q[name]; !seen || v > old {
			q[name] = v
		}
	}
	star, hasStar := q["*"]
	type choice struct {
		name string
		q    float64
	}
	var list []choice
	for _, e := range encodings {
		v, ok := q[e.Encoding()]
		if !ok && hasStar {
			v, ok = star, true
		}
		if ok && v > 0 {
			list = append(list, choice{e.Encoding(), v})
		}
	}
	idq, ok := q[identity]
	if !ok {
		idq = 0.0001 // acceptable, after anything asked for
		if hasStar && star == 0 {
			idq = 0
		}
	}
	if idq > 0 {
		list = append(list, choice{identity, idq})
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].q > list[j].q })
	out := make([]string, len(list))
	for i, c := range list {
		out[i] = c.name
	}
	return out
}

// addVary adds Accept-Encoding to the Vary header unless it is there.
func addVary(h http.Header) {
	for _, v := range h.Values("Vary") {
		for _, f := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(f), "Accept-Encoding") {
				return
			}
		}
	}
	h.Add("Vary", "Accept-Encoding")
}

// encodingWriter sets Content-Encoding as the status goes out, and only on
// a body (200 or 206): http.ServeContent sets no Content-Length when it
// finds a Content-Encoding already set, and a 304 or an error must not
// claim an encoding.
type encodingWriter struct {
	http.ResponseWriter
	coding string
}

func (w encodingWriter) WriteHeader(code int) {
	if code == http.StatusOK || code == http.StatusPartialContent {
		w.Header().Set("Content-Encoding", w.coding)
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w encodingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
