package content

import (
	"embed"
	"sync"
)

// DefaultGuide is the id of the guide shown when none is asked for.
const DefaultGuide = "imessage-undelivered"

//go:embed guides/*.json
var guidesFS embed.FS

// EmbeddedSources returns the guide documents built into the binary
// (content/guides/*.json), named content/guides/<file>.
func EmbeddedSources() ([]Source, error) {
	srcs, err := ReadDir(guidesFS, "guides")
	for i := range srcs {
		srcs[i].Name = "content/" + srcs[i].Name
	}
	return srcs, err
}

var embedded struct {
	once sync.Once
	lib  *Library
	err  error
}

// Embedded returns the library of the guides built into the binary, decoded
// once, not validated: the wasm uses it for the same bytes the native side
// validates (make check lints them and the server refuses to start on an
// invalid guide), which keeps the scanner and the rules out of the download.
// Native code wants lint.Embedded.
func Embedded() (*Library, error) {
	embedded.once.Do(func() {
		srcs, err := EmbeddedSources()
		if err != nil {
			embedded.err = err
			return
		}
		embedded.lib, embedded.err = New(srcs)
	})
	return embedded.lib, embedded.err
}
