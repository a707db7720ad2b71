//go:build !js

package content

// writes: natively the compact form is written (the server) and read.
const writes = true
