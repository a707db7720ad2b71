package graph

import (
	"bytes"
	"context"
	"fmt"

	"github.com/goccy/go-graphviz"

	engine "github.com/fixflow/fixflow/app"
)

// SVG lays the flow out with Graphviz's dot and returns the drawing as SVG.
// Graphviz runs compiled to WebAssembly under wazero: no cgo and no
// installed Graphviz.
func SVG(ctx context.Context, f *engine.Flow) ([]byte, error) {
	return render(ctx, DOT(f), graphviz.SVG)
}

// render lays out DOT text and renders it in a Graphviz output format.
func render(ctx context.Context, dot []byte, format graphviz.Format) ([]byte, error) {
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
	if err := g.Render(ctx, gr, format, &buf); err != nil {
		return nil, fmt.Errorf("graphviz: rendering %s: %w", format, err)
	}
	return buf.Bytes(), nil
}
