// Command fixflow-graphviz lays out Graphviz DOT as SVG: DOT on stdin, SVG
// on stdout. `fixflow graph --format svg` runs it. It is a program of its own
// because the Graphviz it links (go-graphviz, Graphviz compiled to
// WebAssembly) initialises itself in every program that links it: slow, and
// failing for a second OS user (see internal/graph/layout). Build it next to
// fixflow (make build puts both in bin/) or on $PATH, or name it in
// $FIXFLOW_GRAPHVIZ.
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/fixflow/fixflow/internal/graph/layout"
)

// maxDOT bounds the DOT read from stdin: a guide's graph is a few KB.
const maxDOT = 16 << 20

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		fmt.Fprintln(stderr, "usage: fixflow-graphviz < graph.dot > graph.svg")
		return 2
	}
	dot, err := io.ReadAll(io.LimitReader(stdin, maxDOT+1))
	if err != nil {
		fmt.Fprintln(stderr, "fixflow-graphviz: reading the DOT:", err)
		return 1
	}
	if len(dot) > maxDOT {
		fmt.Fprintf(stderr, "fixflow-graphviz: the DOT is over %d bytes\n", maxDOT)
		return 1
	}
	svg, err := layout.SVG(context.Background(), dot)
	if err != nil {
		fmt.Fprintln(stderr, "fixflow-graphviz:", err)
		return 1
	}
	if _, err := stdout.Write(svg); err != nil {
		fmt.Fprintln(stderr, "fixflow-graphviz:", err)
		return 1
	}
	return 0
}
