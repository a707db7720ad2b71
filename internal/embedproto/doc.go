// Package embedproto builds embed.js.
//
// web/embed/ holds embed.js's readable sources, and Assemble makes the
// script the server sends from them: `go generate ./internal/embedproto`
// (run by `make build`) writes web/embed.js, which is committed so that a
// fresh clone serves it; a test fails when it is not what the sources make.
package embedproto

//go:generate go run gen.go
