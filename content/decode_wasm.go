//go:build js

package content

import "encoding/json"

// unmarshal decodes a document the scan has accepted, with encoding/json:
// goccy/go-json stays out of the wasm binary (see decode_native.go).
func unmarshal(data []byte, v any) error {
	return json.Unmarshal(data, v)
}
