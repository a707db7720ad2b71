// Package guidedata holds the embedded guides as Go data, for the wasm: it
// is written by go generate (gen/, internal/guidegen) from the linted
// documents, and only the wasm's content package imports it.
package guidedata

//go:generate go run ./gen
