//go:build js

package content

import "github.com/fixflow/fixflow/content/guidedata"

// embeddedLibrary is the embedded guides as the wasm reads them: the Go
// data go generate wrote from the documents (content/guidedata, see
// internal/guidegen), indexed here; no JSON is decoded at start. The wasm
// has no use for the documents' bytes (the server serves them), so the
// library holds none.
func embeddedLibrary() (*Library, error) {
	docs := make([]Doc, len(guidedata.Guides))
	for i, f := range guidedata.Guides {
		f.Index()
		docs[i] = Doc{Source: Source{Name: "content/guides/" + f.ID + "." + f.Lang + ".json"}, Flow: f}
	}
	return Assemble(docs), nil
}
