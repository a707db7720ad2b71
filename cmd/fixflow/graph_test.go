package main

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fixflow/fixflow/internal/graph"
)

func TestGraphDOTFromDir(t *testing.T) {
	code, stdout, stderr := runCmd("graph", "mini", "--dir", "../../content/testdata", "--format", "dot")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	for _, want := range []string{
		`digraph "mini" {`,
		`"symptom" [shape=diamond`,
		`"check-wifi" -> "check-restart"`,
		`"check-update" -> "escalate"`,
		`"symptom" -> "about-delivered" [label="Nothing at all"];`,
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("DOT lacks %s:\n%s", want, stdout)
		}
	}
}

func TestGraphSVGEmbedded(t *testing.T) {
	t.Setenv(graph.HelperEnv, buildCommand(t, "cmd/"+graph.Helper, t.TempDir(), graph.Helper))
	out := filepath.Join(t.TempDir(), "g.svg")
	code, stdout, stderr := runCmd("graph", "--format=svg", "imessage-undelivered", "-o", out, "--lang", "en")
	if code != 0 || stdout != "" || stderr != "" {
		t.Fatalf("exit %d\nstdout:\n%.200s\nstderr:\n%s", code, stdout, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var root struct{ XMLName xml.Name }
	if err := xml.NewDecoder(bytes.NewReader(data)).Decode(&root); err != nil {
		t.Fatalf("SVG does not parse: %v", err)
	}
	if root.XMLName.Local != "svg" {
		t.Errorf("root <%s>, want <svg>", root.XMLName.Local)
	}
}

// TestGraphSVGWithoutHelper: without the helper program, --format svg says
// what is missing and how to get it.
func TestGraphSVGWithoutHelper(t *testing.T) {
	t.Setenv(graph.HelperEnv, "")
	t.Setenv("PATH", t.TempDir())
	code, stdout, stderr := runCmd("graph", "mini", "--dir", "../../content/testdata", "--format", "svg")
	if code != 1 || stdout != "" || !strings.Contains(stderr, graph.Helper) || !strings.Contains(stderr, "--format dot") {
		t.Errorf("exit %d\nstdout:\n%.200s\nstderr:\n%s", code, stdout, stderr)
	}
}

func TestGraphErrors(t *testing.T) {
	for _, tt := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"graph"}, 2, "want one guide id"},
		{[]string{"graph", "a", "b"}, 2, "want one guide id"},
		{[]string{"graph", "mini", "--format", "png"}, 2, `unknown --format "png"`},
		{[]string{"graph", "nope"}, 1, `no guide "nope"`},
		{[]string{"graph", "imessage-undelivered", "--lang", "xx"}, 1, `has no language "xx"`},
		{[]string{"graph", "mini", "--dir", "no/such/dir"}, 1, "no/such/dir"},
	} {
		code, _, stderr := runCmd(tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.msg) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tt.args, code, stderr, tt.code, tt.msg)
		}
	}
}
