// Package testguide loads the small guide every package's tests share,
// content/testdata/mini.en.json, from wherever the test runs.
//
// Mini decodes it the way the wasm does (encoding/json, then Index);
// content's tests check that content's decoder reads the same document into
// the same flow. This package imports nothing but the engine,
// so content's own tests can use it too.
package testguide

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	engine "github.com/fixflow/fixflow/app"
)

// Dir is the absolute path of content/testdata: found from this source
// file, or (in a -trimpath build) from the working directory up to the
// module root.
func Dir() string {
	if _, file, _, ok := runtime.Caller(0); ok && filepath.IsAbs(file) {
		return filepath.Join(filepath.Dir(file), "..", "..", "content", "testdata")
	}
	wd, _ := os.Getwd()
	for dir := wd; ; dir = filepath.Dir(dir) {
		if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && strings.HasPrefix(string(b), "module github.com/fixflow/fixflow\n") {
			return filepath.Join(dir, "content", "testdata")
		}
		if filepath.Dir(dir) == dir {
			return filepath.Join(wd, "content", "testdata") // the error names it
		}
	}
}

// MiniPath is the absolute path of mini.en.json.
func MiniPath() string { return filepath.Join(Dir(), "mini.en.json") }

// MiniJSON is the guide's document, as it is on disk.
func MiniJSON(tb testing.TB) []byte {
	tb.Helper()
	data, err := os.ReadFile(MiniPath())
	if err != nil {
		tb.Fatalf("testguide: %v", err)
	}
	return data
}

// Mini is the guide, decoded and indexed; a fresh value each call.
func Mini(tb testing.TB) *engine.Flow {
	tb.Helper()
	return MiniEdited(tb)
}

// MiniEdited is the guide after replacing, in its JSON, each old string of
// the pairs by the new one after it (each must be there).
func MiniEdited(tb testing.TB, oldNew ...string) *engine.Flow {
	tb.Helper()
	data := MiniJSON(tb)
	for i := 0; i+1 < len(oldNew); i += 2 {
		if !bytes.Contains(data, []byte(oldNew[i])) {
			tb.Fatalf("testguide: mini has no %q to edit", oldNew[i])
		}
		data = bytes.ReplaceAll(data, []byte(oldNew[i]), []byte(oldNew[i+1]))
	}
	var f engine.Flow
	if err := json.Unmarshal(data, &f); err != nil {
		tb.Fatalf("testguide: decoding %s: %v", MiniPath(), err)
	}
	f.Index()
	return &f
}
