package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestWasmDependencies keeps server code, the guide linter and goccy/go-json
// out of the wasm: none of the project's own packages in the wasm's
// dependency graph may import net/http (go-app lists it, but the linker
// drops it unless our code uses it), and neither goccy/go-json nor
// content/lint (the scanner and the rules: the wasm decodes guides that lint
// already accepted) may be in the graph at all. The widget's counting
// (internal/stats) is in it; the counts' store, its database drivers and
// the reports (internal/stats/...) are not.
func TestWasmDependencies(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", ".")
	cmd.Env = append(cmd.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	const module = "github.com/fixflow/fixflow"
	var own int
	counts := false
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		pkg, imports := fields[0], fields[1:]
		if strings.HasPrefix(pkg, "github.com/goccy/go-json") {
			t.Errorf("goccy/go-json is in the wasm's dependency graph (%s): decode with encoding/json in the wasm", pkg)
		}
		if pkg == module+"/content/lint" {
			t.Errorf("%s is in the wasm's dependency graph: the wasm decodes with content.Embedded, never through lint", pkg)
		}
		// The widget counts (internal/stats); keeping, reading and
		// reporting the counts is the server's.
		if pkg == module+"/internal/stats" {
			counts = true
		}
		if strings.HasPrefix(pkg, module+"/internal/stats/") || pkg == "database/sql" ||
			strings.HasPrefix(pkg, "modernc.org/") || strings.HasPrefix(pkg, "github.com/jackc/") {
			t.Errorf("%s is in the wasm's dependency graph: the counts' store and reports are the server's", pkg)
		}
		if !strings.HasPrefix(pkg, module) {
			continue
		}
		own++
		for _, imp := range imports {
			if imp == "net/http" {
				t.Errorf("%s imports net/http: server code in the wasm doubles its size", pkg)
			}
		}
	}
	if !counts {
		t.Errorf("%s/internal/stats is not in the wasm's dependency graph: is the widget no longer counting (components/stats.go)?", module)
	}
	if own < 3 {
		t.Fatalf("expected the wasm to use the project's packages (app, content, components), found %d:\n%s", own, out)
	}
}
