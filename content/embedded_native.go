//go:build !js

package content

// embeddedLibrary decodes the embedded documents.
func embeddedLibrary() (*Library, error) {
	srcs, err := EmbeddedSources()
	if err != nil {
		return nil, err
	}
	return New(srcs)
}
