package content

import (
	"embed"
	"sync"
)

// DefaultGuide is the id of the guide shown when none is asked for.
const DefaultGuide = "imessage-undelivered"

//go:embed guides/*.json
var guidesFS embed.FS

var embedded struct {
	once sync.Once
	lib  *Library
	err  error
}

// Embedded returns the library of the guides built into the binary
// (content/guides/*.json), loaded once. On the native side they are parsed
// and validated (New); in the wasm they are only decoded (embed_wasm.go).
// Its problems name the files as content/guides/<file>.
func Embedded() (*Library, error) {
	embedded.once.Do(func() {
		embedded.lib, embedded.err = loadEmbedded()
	})
	return embedded.lib, embedded.err
}

func loadEmbedded() (*Library, error) {
	names, err := guidesFS.ReadDir("guides")
	if err != nil {
		return nil, err
	}
	var srcs []Source
	for _, e := range names {
		data, err := guidesFS.ReadFile("guides/" + e.Name())
		if err != nil {
			return nil, err
		}
		srcs = append(srcs, Source{Name: "content/guides/" + e.Name(), Data: data})
	}
	return newEmbedded(srcs)
}
