// Package compress makes the brotli and gzip copies the server sends and
// the bench measures, so both use the same settings.
package compress

import (
	"bytes"
	"compress/gzip"

	"github.com/andybalholm/brotli"
)

// Brotli compresses b at quality (0–11; 11 for anything made once).
func Brotli(b []byte, quality int) []byte {
	var buf bytes.Buffer
	w := brotli.NewWriterLevel(&buf, quality)
	w.Write(b) // writes to a bytes.Buffer do not fail
	w.Close()
	return buf.Bytes()
}

// Gzip compresses b at the best compression.
func Gzip(b []byte) []byte {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression) // a valid level
	w.Write(b)
	w.Close()
	return buf.Bytes()
}
