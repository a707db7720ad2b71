package content

import (
	"reflect"
	"testing"
)

// The generated guides the wasm reads (embedded_gen.go) are the embedded
// documents, decoded: the same flows, field by field, indexes included.
// (internal/guidegen's TestGeneratedGuidesAreCurrent checks that the file
// is what the generator writes now.)
func TestGeneratedGuidesMatchTheDocuments(t *testing.T) {
	srcs, err := EmbeddedSources()
	if err != nil {
		t.Fatal(err)
	}
	lib, err := New(srcs)
	if err != nil {
		t.Fatal(err)
	}
	want := lib.Guides()
	if len(generatedGuides) != len(want) {
		t.Fatalf("%d generated guides, %d documents: run `go generate ./content`", len(generatedGuides), len(want))
	}
	for i, f := range generatedGuides {
		g := *f // a copy: the package's own stays unindexed for the wasm to index
		g.Index()
		if !reflect.DeepEqual(&g, want[i]) {
			t.Errorf("the generated %s.%s differs from its document: run `go generate ./content`", f.ID, f.Lang)
		}
	}
}
