package siteconfig

import (
	"bytes"
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/fixflow/fixflow/content/lint"
)

// update rewrites the goldens: go test ./internal/siteconfig -run TestBad -update
var update = flag.Bool("update", false, "rewrite testdata/bad/*.want from the current output (review the diff!)")

// pngOf is a w x h PNG.
func pngOf(t *testing.T, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// logos is the directory the test configurations name their logos in.
func logos(t *testing.T) fstest.MapFS {
	return fstest.MapFS{
		"logo.png":  {Data: pngOf(t, 512, 512)},
		"small.png": {Data: pngOf(t, 100, 100)},
		"wide.png":  {Data: pngOf(t, 600, 512)},
		"fake.png":  {Data: []byte("GIF89a, not a PNG")},
	}
}

func TestGood(t *testing.T) {
	lib, err := lint.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("testdata/good.json")
	if err != nil {
		t.Fatal(err)
	}
	c, err := Parse("good.json", data, lib, logos(t))
	if err != nil {
		t.Fatal(err)
	}
	carrier := c.Contacts["imessage-undelivered"]["en"]["carrier"]
	if c.Brand.Name != "Example Mobile Help" || c.Brand.Color != "#0b7a75" || len(c.LogoPNG) == 0 ||
		carrier.Phone != "+1 800 555 0100" || c.Stats.Token != "s3cret-token-for-stats-0123" || c.Stats.Collector != "https://stats.example.com/collect" {
		t.Errorf("decoded %+v", c)
	}
}

// TestBad: each document of testdata/bad has the problems of its .want
// file, one "file:line:col: path: message" a line.
func TestBad(t *testing.T) {
	lib, err := lint.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("testdata/bad/*.json")
	if len(files) == 0 {
		t.Fatal("no testdata/bad/*.json")
	}
	dir := logos(t)
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			_, err = Parse(name, data, lib, dir)
			if err == nil {
				t.Fatal("accepted; a bad document must have at least one problem")
			}
			if _, ok := err.(lint.Problems); !ok {
				t.Fatalf("the error is a %T, not lint.Problems: %v", err, err)
			}
			got := err.Error() + "\n"
			wantFile := strings.TrimSuffix(file, ".json") + ".want"
			if *update {
				if err := os.WriteFile(wantFile, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(wantFile)
			if err != nil {
				t.Fatalf("%v (go test ./internal/siteconfig -run TestBad -update writes it)", err)
			}
			if got != string(want) {
				t.Errorf("problems:\n%s\nwant (%s):\n%s", got, wantFile, want)
			}
		})
	}
}

// TestLoadReadsTheLogoBesideTheFile: Load reads a relative logo path from
// the configuration file's directory.
func TestLoadReadsTheLogoBesideTheFile(t *testing.T) {
	lib, err := lint.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "brand.png"), pngOf(t, 512, 512), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "site.json")
	if err := os.WriteFile(cfg, []byte(`{"brand": {"logo": "brand.png"}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(cfg, lib)
	if err != nil || len(c.LogoPNG) == 0 {
		t.Fatalf("Load: %v, logo %d bytes", err, len(c.LogoPNG))
	}
}
