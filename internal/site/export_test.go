package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func exportForTest(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := newTestSite(t).Export(dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestExportWritesEverything(t *testing.T) {
	s := newTestSite(t)
	dir := exportForTest(t)
	f := defaultFlow(t)
	want := []string{"index.html", "index.html.br", "index.html.gz", f.ID + "/index.html", "embed.js",
		"app.js", "app-worker.js", "manifest.webmanifest", "wasm_exec.js", "app.css", "_headers", "nginx.conf",
		"guides/" + f.ID + "." + f.Lang + ".json"}
	for _, n := range f.Nodes {
		want = append(want, f.ID+"/"+n.ID+"/index.html")
	}
	for _, name := range s.assets.names() {
		if strings.HasPrefix(name, "/web/") {
			want = append(want, strings.TrimPrefix(name, "/"), strings.TrimPrefix(s.assets.byName[name].hashed, "/"))
		}
	}
	for _, w := range want {
		if _, err := os.Stat(filepath.Join(dir, w)); err != nil {
			t.Errorf("missing %s", w)
		}
	}
	page, _ := os.ReadFile(filepath.Join(dir, f.ID, f.Start, "index.html"))
	if !strings.Contains(string(page), escapeHTML(f.Node(f.Start).Title)) {
		t.Error("the exported start page is not prerendered")
	}
	headers, _ := os.ReadFile(filepath.Join(dir, "_headers"))
	if !strings.Contains(string(headers), "Content-Security-Policy") || !strings.Contains(string(headers), cacheImmutable) {
		t.Errorf("_headers lacks the CSP or the immutable caching:\n%s", headers)
	}
}
