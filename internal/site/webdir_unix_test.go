//go:build unix

package site

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// loadDir loads a real directory, failing the test if that takes more than
// a few seconds (a FIFO used to block the start for good).
func loadDir(t *testing.T, dir string) (*assetSet, error) {
	t.Helper()
	type result struct {
		s   *assetSet
		err error
	}
	done := make(chan result, 1)
	go func() {
		s, err := loadAssets(os.DirFS(dir), "/web")
		done <- result{s, err}
	}()
	select {
	case r := <-done:
		return r.s, r.err
	case <-time.After(5 * time.Second):
		t.Fatal("loading the web directory did not end within 5 s")
		return nil, nil
	}
}

func TestWebDirFIFOIsRefused(t *testing.T) {
	for _, name := range []string{"pipe", "a.css.br"} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "a.css"), "body{}")
			if err := syscall.Mkfifo(filepath.Join(dir, name), 0o644); err != nil {
				t.Skipf("mkfifo: %v", err)
			}
			_, err := loadDir(t, dir)
			if err == nil || !strings.Contains(err.Error(), name) || !strings.Contains(err.Error(), "named pipe") {
				t.Errorf("a FIFO named %s: error %v, want one naming it as a named pipe", name, err)
			}
		})
	}
}

func TestWebDirFollowsSymlinks(t *testing.T) {
	dir, elsewhere := t.TempDir(), t.TempDir()
	writeFile(t, filepath.Join(dir, "a.css"), "body{}")
	writeFile(t, filepath.Join(elsewhere, "icons", "x.svg"), "<svg/>")
	writeFile(t, filepath.Join(elsewhere, "shared.js"), "1")
	for link, target := range map[string]string{
		"icons":  filepath.Join(elsewhere, "icons"),
		"lib.js": filepath.Join(elsewhere, "shared.js"),
		"same":   ".", // a second name for the directory itself: a loop
	} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	_, err := loadDir(t, dir)
	if err == nil || !strings.Contains(err.Error(), "same") || !strings.Contains(err.Error(), "loop") {
		t.Fatalf("a link looping to its own directory: error %v, want one naming it", err)
	}
	os.Remove(filepath.Join(dir, "same"))
	s, err := loadDir(t, dir)
	if err != nil {
		t.Fatalf("a symlinked directory and file: %v", err)
	}
	for _, p := range []string{"/web/a.css", "/web/icons/x.svg", "/web/lib.js"} {
		if w := serveAsset(s, p); w.Code != 200 {
			t.Errorf("%s: %d", p, w.Code)
		}
	}
	if err := os.Symlink(filepath.Join(elsewhere, "gone"), filepath.Join(dir, "dangling.css")); err != nil {
		t.Fatal(err)
	}
	if _, err := loadDir(t, dir); err == nil || !strings.Contains(err.Error(), "dangling.css") {
		t.Errorf("a dangling link: error %v, want one naming it", err)
	}
}
