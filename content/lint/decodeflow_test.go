package lint

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"unicode/utf8"

	"github.com/fixflow/fixflow/content"
)

// sameAsReflection checks the wasm's decoder (content.DecodeFlow) against
// the native one (content.Decode, goccy/go-json, a reflective decode) on a
// document the scanner accepts: the same flow, field by field. It reports
// whether the document was compared.
func sameAsReflection(t *testing.T, name string, data []byte) bool {
	t.Helper()
	if _, raw := scan(data, flowType); len(raw) > 0 || !utf8.Valid(data) {
		return false
	}
	want, err := content.Decode(name, data)
	if err != nil {
		t.Fatalf("%s: the scanner accepts it but Decode says %v", name, err)
	}
	got, err := content.DecodeFlow(data)
	if err != nil {
		t.Fatalf("%s: DecodeFlow: %v", name, err)
	}
	got.Index()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: DecodeFlow and Decode disagree:\n%+v\n%+v", name, *got, *want)
	}
	return true
}

// TestDecodeFlowMatchesReflection: the wasm's decoder reads every guide
// document of the repository that lint's scanner accepts into the same
// flow as the reflective decode. A field added to the engine's types and
// used in a guide, but not added to DecodeFlow, fails here.
func TestDecodeFlowMatchesReflection(t *testing.T) {
	var files []string
	for _, pattern := range []string{"../guides/*.json", "../testdata/*.json", "../testdata/bad/*.json"} {
		m, _ := filepath.Glob(pattern)
		files = append(files, m...)
	}
	compared := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if sameAsReflection(t, f, data) {
			compared++
		}
	}
	if compared < 50 {
		t.Errorf("only %d documents compared", compared)
	}
}

// FuzzDecodeFlow: whatever the scanner accepts, DecodeFlow decodes as the
// reflective decoder does; and DecodeFlow never panics.
func FuzzDecodeFlow(f *testing.F) {
	files, _ := filepath.Glob("../testdata/bad/*.json")
	files = append(files, "../testdata/mini.en.json", "../testdata/router.en.json")
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		content.DecodeFlow(data)
		sameAsReflection(t, "fuzz.en.json", data)
	})
}
