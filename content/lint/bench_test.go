package lint

import (
	"testing"

	"github.com/fixflow/fixflow/content"
)

// BenchmarkParseGuide checks the shipped guide as the server does at start:
// the positional scan, one decode (content.BenchmarkDecodeGuide measures it
// alone) and every rule.
func BenchmarkParseGuide(b *testing.B) {
	srcs, err := content.EmbeddedSources()
	if err != nil || len(srcs) == 0 {
		b.Fatal("no embedded guides", err)
	}
	src := srcs[0]
	b.SetBytes(int64(len(src.Data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(src.Name, src.Data); err != nil {
			b.Fatal(err)
		}
	}
}
