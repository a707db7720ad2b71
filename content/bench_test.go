package content

import (
	"encoding/json"
	"testing"

	engine "github.com/fixflow/fixflow/app"
)

// BenchmarkDecodeGuide decodes the shipped guide into a Flow with the native
// codec (goccy/go-json, what Decode uses outside the wasm) and with
// encoding/json (what the wasm uses), so the README can say what go-json
// buys: compare the two ns/op (and B/op, allocs/op).
func BenchmarkDecodeGuide(b *testing.B) {
	data, err := guidesFS.ReadFile("guides/" + DefaultGuide + ".en.json")
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		unmarshal func([]byte, any) error
	}{
		{"go-json", unmarshal},
		{"encoding-json", json.Unmarshal},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				var f engine.Flow
				if err := c.unmarshal(data, &f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
