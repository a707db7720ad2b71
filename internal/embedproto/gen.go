//go:build ignore

// gen writes web/embed.js from web/embed/ (go generate ./internal/embedproto)
// and says how big it is.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/fixflow/fixflow/internal/compress"
	"github.com/fixflow/fixflow/internal/embedproto"
)

func main() {
	web := filepath.Join("..", "..", "web")
	js, err := embedproto.Assemble(os.DirFS(filepath.Join(web, "embed")), "loader.js")
	if err != nil {
		fmt.Fprintln(os.Stderr, "embed.js:", err)
		os.Exit(1)
	}
	out := filepath.Join(web, "embed.js")
	if old, err := os.ReadFile(out); err != nil || string(old) != string(js) {
		if err := os.WriteFile(out, js, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	fmt.Printf("web/embed.js: %d B, %d B brotli\n", len(js), len(compress.Brotli(js, 11)))
}
