// Package embedproto holds the embed's protocol and builds embed.js.
//
// web/embed/protocol.json is the one written schema of the embed: the
// script tag's data-* attributes, the query parameters of the frame's URL
// (which components.Location parses and web/frame.js keeps on links), the
// messages between the host page and the frame, the commands and the DOM
// events the host page gets. Load reads it. The package's tests hold
// web/embed/*.js, web/frame.js, components.Location and the generated tables
// of docs/embedding.md to it (go test -run Docs -update rewrites the tables).
//
// web/embed/ also holds embed.js's readable sources, and Assemble makes the
// script the server sends from them: `go generate ./internal/embedproto`
// (run by `make build`) writes web/embed.js, which is committed so that a
// fresh clone serves it; a test fails when it is not what the sources make.
package embedproto

//go:generate go run gen.go
