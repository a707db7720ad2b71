package content

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"

	engine "github.com/fixflow/fixflow/app"
)

// Decode decodes one guide document into an indexed flow. It does not
// validate it: content/lint does, with positions, before a document is
// trusted (the server and the CLI load guides through lint; the wasm decodes
// the embedded guides that lint already accepted). Natively the decoder is
// goccy/go-json, in the wasm encoding/json (decode_native.go,
// decode_wasm.go). The error names the document.
func Decode(name string, data []byte) (*engine.Flow, error) {
	f := new(engine.Flow)
	if err := safeUnmarshal(data, f); err != nil {
		return nil, fmt.Errorf("%s: cannot decode the guide: %w", name, err)
	}
	f.Index()
	return f, nil
}

// Hash is the content hash of a document or any other bytes: the first 6
// bytes of its SHA-256 in unpadded base64url (8 characters). It names bytes
// served (ETags, hashed URLs); a saved walk carries the flow's GraphHash
// instead, which ignores the words.
func Hash(data []byte) string {
	sum := sha256.Sum256(data)
	return base64.RawURLEncoding.EncodeToString(sum[:6])
}

// safeUnmarshal turns a panic of the JSON library into an error.
func safeUnmarshal(data []byte, v any) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("decoder panic: %v", p)
		}
	}()
	return unmarshal(data, v)
}
