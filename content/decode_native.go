//go:build !js

package content

import gojson "github.com/goccy/go-json"

// unmarshal decodes a document. Natively it uses goccy/go-json, which is
// faster than encoding/json (BenchmarkDecodeGuide); the wasm build uses
// encoding/json to keep goccy out of the binary (decode_wasm.go).
func unmarshal(data []byte, v any) error {
	return gojson.Unmarshal(data, v)
}
