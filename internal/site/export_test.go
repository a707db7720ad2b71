package site

import (
	"io/fs"
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
		"app.js", "app-worker.js", "manifest.webmanifest", "wasm_exec.js", "app.css", "_headers", "nginx.conf", "robots.txt", "favicon.ico",
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

func writeFile(t *testing.T, name, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// exportedFiles lists the files under dir, as slash paths.
func exportedFiles(t *testing.T, dir string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Exporting over an earlier export leaves exactly the new site: the pages
// of steps that no longer exist are removed (with their directories), and
// a file the export did not write is kept.
func TestExportIntoAnEarlierExportLeavesExactlyTheNewSite(t *testing.T) {
	dir := exportForTest(t)
	f := defaultFlow(t)
	// The earlier export had a step the guide has lost since.
	stale := []string{f.ID + "/gone-step/index.html", f.ID + "/gone-step/index.html.br", f.ID + "/gone-step/index.html.gz", "web/app.OLDHASH0.wasm"}
	manifest, err := os.ReadFile(filepath.Join(dir, ".fixflow-export"))
	if err != nil {
		t.Errorf("the export wrote no manifest: %v", err)
	}
	for _, n := range stale {
		writeFile(t, filepath.Join(dir, filepath.FromSlash(n)), "from the earlier export")
		manifest = append(manifest, n+"\n"...)
	}
	if err := os.WriteFile(filepath.Join(dir, ".fixflow-export"), manifest, 0o644); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "CNAME"), "help.example.com") // the operator's

	n, err := newTestSite(t).Export(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := exportedFiles(t, dir)
	for _, s := range stale {
		if got[s] {
			t.Errorf("%s, left by the earlier export, is still there", s)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, f.ID, "gone-step")); err == nil {
		t.Error("the directory of the step that is gone is still there")
	}
	if !got["CNAME"] {
		t.Error("the export removed a file it did not write")
	}
	manifest, _ = os.ReadFile(filepath.Join(dir, ".fixflow-export"))
	listed := 0
	for _, l := range strings.Split(string(manifest), "\n") {
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		listed++
		if !got[l] {
			t.Errorf("the manifest lists %s, which is not there", l)
		}
	}
	if listed != n || len(got) != n+2 { // + the manifest and CNAME
		t.Errorf("wrote %d files, the manifest lists %d, the directory holds %d", n, listed, len(got))
	}
}

// A directory that holds files but is not an export is refused, untouched.
func TestExportRefusesADirectoryThatIsNotAnExport(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "notes.txt"), "mine")
	_, err := newTestSite(t).Export(dir)
	if err == nil || !strings.Contains(err.Error(), "not a fixflow export") {
		t.Fatalf("export into a directory of other files: error %v", err)
	}
	if got := exportedFiles(t, dir); len(got) != 1 || !got["notes.txt"] {
		t.Errorf("the refused export touched the directory: %v", got)
	}
}

// A manifest that names a path outside the export is refused: export never
// removes anything outside its directory.
func TestExportRefusesAManifestThatLeadsOutside(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	writeFile(t, filepath.Join(parent, "victim"), "keep me")
	writeFile(t, filepath.Join(dir, ".fixflow-export"), "# fixflow export\nindex.html\n../victim\n")
	_, err := newTestSite(t).Export(dir)
	if err == nil || !strings.Contains(err.Error(), "../victim") {
		t.Errorf("a manifest naming ../victim: error %v", err)
	}
	if _, err := os.Stat(filepath.Join(parent, "victim")); err != nil {
		t.Errorf("the file outside the export is gone: %v", err)
	}
}
