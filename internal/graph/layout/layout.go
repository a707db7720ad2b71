// Package layout lays out Graphviz DOT with Graphviz itself, compiled to
// WebAssembly and run by wazero (github.com/goccy/go-graphviz): no cgo and no
// installed Graphviz.
//
// go-graphviz compiles its WebAssembly module in its package init, in every
// program that links it (over a second cold, caching under
// $TMPDIR/go-graphviz, and panicking when another OS user owns that
// directory). So only the helper command cmd/fixflow-graphviz imports this
// package; fixflow runs that helper for `fixflow graph --format svg`
// (internal/graph.SVG), and no other command pays for Graphviz.
package layout

import (
	"bytes"
	"context"
	"fmt"

	"github.com/goccy/go-graphviz"
)

// SVG lays out DOT text with Graphviz's dot and returns the drawing as SVG.
func SVG(ctx context.Context, dot []byte) ([]byte, error) {
	g, err := graphviz.New(ctx)
	if err != nil {
		return nil, fmt.Errorf("graphviz: %w", err)
	}
	defer g.Close()
	gr, err := graphviz.ParseBytes(dot)
	if err != nil {
		return nil, fmt.Errorf("graphviz: parsing the DOT: %w", err)
	}
	defer gr.Close()
	var buf bytes.Buffer
	if err := g.Render(ctx, gr, graphviz.SVG, &buf); err != nil {
		return nil, fmt.Errorf("graphviz: rendering SVG: %w", err)
	}
	return buf.Bytes(), nil
}
