package guidegen

import (
	"bytes"
	"os"
	"testing"

	"github.com/fixflow/fixflow/content/lint"
)

// The committed content/guidedata/guides_gen.go is what the generator writes for
// the guides and the engine's types as they are now.
func TestGeneratedGuidesAreCurrent(t *testing.T) {
	lib, err := lint.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	want, err := Generate(lib)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../" + File)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is stale (a guide or engine.Flow changed): run `go generate ./content/guidedata` (make build does)", File)
	}
}
