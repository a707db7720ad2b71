package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fixflow/fixflow/internal/graph"
)

// buildCommand builds the command in package pkg (relative to the module)
// into dir, as name, and returns its path.
func buildCommand(t testing.TB, pkg, dir, name string) string {
	t.Helper()
	exe := filepath.Join(dir, name)
	out, err := exec.Command("go", "build", "-o", exe, "github.com/fixflow/fixflow/"+pkg).CombinedOutput()
	if err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, err, out)
	}
	return exe
}

// TestNoGraphvizLinked: go-graphviz initialises Graphviz in its package init
// in every program that links it, so fixflow must not link it; only the
// helper cmd/fixflow-graphviz does.
func TestNoGraphvizLinked(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if strings.HasPrefix(pkg, "github.com/goccy/go-graphviz") || strings.HasPrefix(pkg, "github.com/tetratelabs/wazero") ||
			pkg == "github.com/fixflow/fixflow/internal/graph/layout" {
			t.Errorf("fixflow links %s: only %s may", pkg, graph.Helper)
		}
	}
}

// TestStartTouchesNoTMPDIR runs the built fixflow's commands that have
// nothing to do with Graphviz with an empty $TMPDIR: they succeed and write
// nothing there (go-graphviz's init wrote $TMPDIR/go-graphviz on every
// start).
func TestStartTouchesNoTMPDIR(t *testing.T) {
	exe := buildCommand(t, "cmd/fixflow", t.TempDir(), "fixflow")
	tmp := t.TempDir()
	for _, args := range [][]string{{"help"}, {"lint", "../../content/testdata/mini.en.json"}, {"lint", "-h"}} {
		cmd := exec.Command(exe, args...)
		cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("fixflow %v: %v\n%s", args, err, out)
		}
	}
	if ents, _ := os.ReadDir(tmp); len(ents) != 0 {
		t.Errorf("fixflow wrote %s in $TMPDIR", ents[0].Name())
	}
}

// BenchmarkStart starts the built fixflow (help) with its own $TMPDIR: the
// cost of a process start, which go-graphviz's init, when it was linked in,
// raised to a WebAssembly compile per user (seconds) and a cache read after.
func BenchmarkStart(b *testing.B) {
	exe := buildCommand(b, "cmd/fixflow", b.TempDir(), "fixflow")
	env := append(os.Environ(), "TMPDIR="+b.TempDir())
	for b.Loop() {
		cmd := exec.Command(exe, "help")
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%v\n%s", err, out)
		}
	}
}
