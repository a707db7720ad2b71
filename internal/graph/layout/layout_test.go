package layout

import (
	"bytes"
	"context"
	"encoding/xml"
	"os"
	"testing"

	"github.com/fixflow/fixflow/content"
	"github.com/fixflow/fixflow/internal/graph"
)

func TestSVG(t *testing.T) {
	data, err := os.ReadFile("../../../content/testdata/mini.en.json")
	if err != nil {
		t.Fatal(err)
	}
	f, err := content.Decode("mini.en.json", data)
	if err != nil {
		t.Fatal(err)
	}
	svg, err := SVG(context.Background(), graph.DOT(f))
	if err != nil {
		t.Fatal(err)
	}
	var root struct {
		XMLName xml.Name
		Inner   []byte `xml:",innerxml"`
	}
	if err := xml.Unmarshal(svg, &root); err != nil || root.XMLName.Local != "svg" {
		t.Fatalf("not an SVG (<%s>, %v):\n%.300s", root.XMLName.Local, err, svg)
	}
	// Graphviz titles each node group with its id.
	if !bytes.Contains(root.Inner, []byte("<title>symptom</title>")) {
		t.Errorf("SVG has no node titled symptom:\n%.300s", svg)
	}
}

func TestSVGBadDOT(t *testing.T) {
	if _, err := SVG(context.Background(), []byte("digraph {")); err == nil {
		t.Error("no error for DOT cut short")
	}
}
