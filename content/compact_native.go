//go:build !js

package content

import engine "github.com/fixflow/fixflow/app"

// writes: natively the compact form is written (the server) and read.
const writes = true

// MarshalFlow writes a flow in the compact form (compact.go). Natively
// only: the wasm reads the form, and its coder cannot write.
func MarshalFlow(f *engine.Flow) []byte {
	c := &coder{out: []byte(compactHeader)}
	c.flow(f)
	return c.out
}

// MarshalStrings writes interface words in the compact form.
func MarshalStrings(s *Strings) []byte {
	c := &coder{out: []byte(compactHeader)}
	c.strings(s)
	return c.out
}

// MarshalIndex writes an index in the compact form.
func MarshalIndex(x *Index) []byte {
	c := &coder{out: []byte(compactHeader)}
	c.index(x)
	return c.out
}
