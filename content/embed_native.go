//go:build !js

package content

// newEmbedded parses and validates the embedded guides: the server, the CLI
// and the tests refuse a binary whose guides are not valid.
func newEmbedded(srcs []Source) (*Library, error) { return New(srcs) }
