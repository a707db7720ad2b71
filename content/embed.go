package content

import (
	"embed"
	"io/fs"
	"sync"
)

// DefaultGuide is the id of the guide shown when none is asked for.
const DefaultGuide = "imessage-undelivered"

//go:generate go run -tags fixflow_guidegen ./gen

//go:embed guides/*.json
var guidesFS embed.FS

// imagesFS holds the images the guides show (content/images). It is its own
// variable so that the wasm, which never calls EmbeddedFiles, links none of
// it: the browser fetches images from the site.
//
//go:embed images
var imagesFS embed.FS

// EmbeddedFiles is the content directory built into the binary, as far as
// the guides' images go: a guide's image src ("images/x.svg") is a name in
// it. The server serves these files, and lint checks them.
func EmbeddedFiles() fs.FS { return imagesFS }

// EmbeddedSources returns the guide documents built into the binary
// (content/guides/*.json), named content/guides/<file>, sorted by name.
//
// It reads the embed.FS through its own methods, not as an fs.FS (ReadDir,
// Load): through the interface, the wasm links embed's file types and
// fs.Glob, about 100 KB more.
func EmbeddedSources() ([]Source, error) {
	ents, err := guidesFS.ReadDir("guides")
	if err != nil {
		return nil, err
	}
	srcs := make([]Source, 0, len(ents))
	for _, e := range ents {
		data, err := guidesFS.ReadFile("guides/" + e.Name())
		if err != nil {
			return nil, err
		}
		srcs = append(srcs, Source{Name: "content/guides/" + e.Name(), Data: data})
	}
	return srcs, nil
}

var embedded struct {
	once sync.Once
	lib  *Library
	err  error
}

// Embedded returns the library of the guides built into the binary, decoded
// once (natively; the wasm reads them as Go data generated from the same
// documents, embedded_js.go), not validated: the wasm uses it for the same bytes the native side
// validates (make check lints them and the server refuses to start on an
// invalid guide), which keeps the scanner and the rules out of the download.
// Native code wants lint.Embedded.
func Embedded() (*Library, error) {
	embedded.once.Do(func() { embedded.lib, embedded.err = embeddedLibrary() })
	return embedded.lib, embedded.err
}
