//go:build js

package content

import "encoding/json"

// unmarshal decodes a document with encoding/json, which go-app already
// links: goccy/go-json stays out of the wasm binary (see decode_native.go).
func unmarshal(data []byte, v any) error {
	return json.Unmarshal(data, v)
}
