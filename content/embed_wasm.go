//go:build js

package content

import (
	"encoding/json"
	"fmt"

	engine "github.com/fixflow/fixflow/app"
)

// newEmbedded only decodes the embedded guides in the wasm. They are the
// same bytes the native side validates (make check runs fixflow lint; the
// server refuses to start on an invalid guide), so the wasm leaves out the
// positional scanner and the validator: about 60 KB of brotli on every
// first visit.
func newEmbedded(srcs []Source) (*Library, error) {
	l := &Library{byID: map[string][]*guide{}}
	for _, src := range srcs {
		f := new(engine.Flow)
		if err := json.Unmarshal(src.Data, f); err != nil {
			return nil, fmt.Errorf("%s: %w", src.Name, err)
		}
		f.Index()
		f.SetHash(Hash(src.Data))
		l.add(f, src)
	}
	l.sort()
	return l, nil
}
