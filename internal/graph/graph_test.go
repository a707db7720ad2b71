package graph

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/fixflow/fixflow/internal/testguide"
)

func TestDOT(t *testing.T) {
	f := testguide.Mini(t)
	dot := string(DOT(f))
	for _, n := range f.Nodes {
		if !strings.Contains(dot, "\t"+quote(n.ID)+" [") {
			t.Errorf("node %q missing from\n%s", n.ID, dot)
		}
		for _, c := range f.Choices(&n) {
			edge := "\t" + quote(n.ID) + " -> " + quote(c.Next) + " [label=" + quote(wrap(c.Label, 20))
			if !strings.Contains(dot, edge) {
				t.Errorf("edge %s missing", edge)
			}
		}
	}
	for _, want := range []string{
		`"__start" -> "symptom";`,
		`"symptom" [shape=diamond`,
		`"check-wifi" [shape=box`,
		`"about-delivered" [shape=note`,
		`"resolved" [shape=box, style="rounded,filled", fillcolor="` + colorResolved + `"`,
		`"escalate" [shape=box, style="rounded,filled", fillcolor="` + colorEscalate + `"`,
		`"symptom" -> "about-delivered" [label="Nothing at all"];`,
		`"check-wifi" -> "resolved" [label="Yes, that fixed it"`,
		`"check-wifi" -> "check-restart" [label="No, still not\nworking", style=dashed];`,
		`"about-delivered" -> "check-wifi" [label="Continue"];`,
	} {
		if !strings.Contains(dot, want) {
			t.Errorf("DOT lacks %s:\n%s", want, dot)
		}
	}
	if again := string(DOT(f)); again != dot {
		t.Error("DOT is not deterministic")
	}
}

func TestQuote(t *testing.T) {
	if got := quote("a \"b\" \\ c\nd"); got != `"a \"b\" \\ c\nd"` {
		t.Errorf("quote = %s", got)
	}
	if got := wrap("one two three four", 9); got != "one two\nthree\nfour" {
		t.Errorf("wrap = %q", got)
	}
}

func TestSVG(t *testing.T) {
	f := testguide.Mini(t)
	svg, err := SVG(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(bytes.NewReader(svg))
	var root string
	titles := map[string]bool{}
	inTitle := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG does not parse as XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if root == "" {
				root = tok.Name.Local
			}
			inTitle = tok.Name.Local == "title"
		case xml.CharData:
			if inTitle {
				titles[string(tok)] = true
			}
		case xml.EndElement:
			inTitle = false
		}
	}
	if root != "svg" {
		t.Fatalf("root element is <%s>, want <svg>", root)
	}
	// Graphviz titles each node group with its id.
	for _, n := range f.Nodes {
		if !titles[n.ID] {
			t.Errorf("SVG has no node titled %q", n.ID)
		}
	}
}
