//go:build js

package content

// writes is false in the wasm: it reads the compact form, never writes it.
const writes = false
