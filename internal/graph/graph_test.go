package graph

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
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
			label := wrap(c.Label, 20)
			if len(c.When) > 0 {
				label += "\n(" + whenLabel(c.When) + ")"
			}
			edge := "\t" + quote(n.ID) + " -> " + quote(c.Next) + " [label=" + quote(label)
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
		`"wait-network" [shape=box, style="rounded,filled", fillcolor="` + colorWait + `"`,
		`"send-as-text" [shape=box, style="rounded,filled", fillcolor="` + colorWorkaround + `"`,
		`"check-wifi" -> "send-as-text" [label="I can't find this\nsetting", style=dashed];`,
		`"how-long" -> "check-wifi" [label="Hours\n(when os: 2)"];`,
		`label="Update the system\n(check-update)\n[when os: 1]"`,
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

// buildHelper builds cmd/fixflow-graphviz into a temporary directory and
// returns its path.
func buildHelper(t *testing.T) string {
	t.Helper()
	exe := filepath.Join(t.TempDir(), Helper)
	out, err := exec.Command("go", "build", "-o", exe, "github.com/fixflow/fixflow/cmd/"+Helper).CombinedOutput()
	if err != nil {
		t.Fatalf("go build %s: %v\n%s", Helper, err, out)
	}
	return exe
}

func TestSVG(t *testing.T) {
	f := testguide.Mini(t)
	svg, err := SVG(context.Background(), f, buildHelper(t))
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

func TestSVGHelperFails(t *testing.T) {
	missing := filepath.Join(t.TempDir(), Helper)
	if _, err := SVG(context.Background(), testguide.Mini(t), missing); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("SVG with a missing helper: %v; want an error naming it", err)
	}
	// A helper that fails says why, on its stderr.
	script := filepath.Join(t.TempDir(), "fails")
	if err := os.WriteFile(script, []byte("#!/bin/sh\necho 'no layout today' >&2\nexit 1\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := SVG(context.Background(), testguide.Mini(t), script); err == nil || !strings.Contains(err.Error(), "no layout today") {
		t.Errorf("SVG with a failing helper: %v; want its message", err)
	}
}

func TestFindHelper(t *testing.T) {
	dir := t.TempDir()
	exe := filepath.Join(dir, Helper)
	if err := os.WriteFile(exe, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv(HelperEnv, "")
	t.Setenv("PATH", t.TempDir())
	if _, err := FindHelper(); !errors.Is(err, ErrNoHelper) {
		t.Errorf("no helper anywhere: %v, want ErrNoHelper", err)
	}
	t.Setenv("PATH", dir)
	if got, err := FindHelper(); err != nil || got != exe {
		t.Errorf("helper on $PATH: %q, %v", got, err)
	}
	t.Setenv(HelperEnv, "/no/such/helper")
	if _, err := FindHelper(); err == nil || !strings.Contains(err.Error(), HelperEnv) {
		t.Errorf("$%s naming nothing: %v", HelperEnv, err)
	}
	t.Setenv(HelperEnv, exe)
	if got, err := FindHelper(); err != nil || got != exe {
		t.Errorf("$%s: %q, %v", HelperEnv, got, err)
	}
}
