package guidedata_test

import (
	"reflect"
	"testing"

	"github.com/fixflow/fixflow/content"
	"github.com/fixflow/fixflow/content/guidedata"
)

// The generated guides the wasm reads (guides_gen.go) are the embedded
// documents, decoded: the same flows, field by field, indexes included.
// (internal/guidegen's TestGeneratedGuidesAreCurrent checks that the file
// is what the generator writes now.)
func TestGeneratedGuidesMatchTheDocuments(t *testing.T) {
	srcs, err := content.EmbeddedSources()
	if err != nil {
		t.Fatal(err)
	}
	lib, err := content.New(srcs)
	if err != nil {
		t.Fatal(err)
	}
	want := lib.Guides()
	if len(guidedata.Guides) != len(want) {
		t.Fatalf("%d generated guides, %d documents: run `go generate ./content/guidedata`", len(guidedata.Guides), len(want))
	}
	for i, f := range guidedata.Guides {
		g := *f // a copy: the package's own stays unindexed for the wasm to index
		g.Index()
		if !reflect.DeepEqual(&g, want[i]) {
			t.Errorf("the generated %s.%s differs from its document: run `go generate ./content/guidedata`", f.ID, f.Lang)
		}
	}
}
