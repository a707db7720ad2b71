//go:build js

package content

// embeddedLibrary is the embedded guides as the wasm reads them: the Go
// data go generate wrote from the documents (embedded_gen.go, see
// internal/guidegen), indexed here; no JSON is decoded at start. The wasm
// has no use for the documents' bytes (the server serves them), so the
// library holds none.
func embeddedLibrary() (*Library, error) {
	docs := make([]Doc, len(generatedGuides))
	for i, f := range generatedGuides {
		f.Index()
		docs[i] = Doc{Source: Source{Name: "content/guides/" + f.ID + "." + f.Lang + ".json"}, Flow: f}
	}
	return Assemble(docs), nil
}
