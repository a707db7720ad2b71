package compress

import (
	"bytes"
	"compress/gzip"
	"io"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

func TestRoundTrip(t *testing.T) {
	in := []byte(strings.Repeat("fixflow walks a guide. ", 200))
	br, err := io.ReadAll(brotli.NewReader(bytes.NewReader(Brotli(in, 11))))
	if err != nil || !bytes.Equal(br, in) {
		t.Fatalf("brotli round trip: %v", err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(Gzip(in)))
	if err != nil {
		t.Fatal(err)
	}
	gz, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(gz, in) {
		t.Fatalf("gzip round trip: %v", err)
	}
	if len(Brotli(in, 11)) >= len(in)/10 {
		t.Error("brotli did not compress repetitive text")
	}
}
