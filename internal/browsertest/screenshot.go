package browsertest

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// pngMagic starts every PNG file.
var pngMagic = []byte("\x89PNG\r\n\x1a\n")

// SaveScreenshot writes png to path, making its directory, and logs where it
// went. A relative path is relative to the test's working directory (its
// package directory); t.TempDir() or t.ArtifactDir() keep the tree clean. It fails the
// test when png is not a PNG or the file cannot be written.
func SaveScreenshot(t testing.TB, png []byte, path string) {
	t.Helper()
	if !bytes.HasPrefix(png, pngMagic) {
		t.Errorf("browsertest: screenshot for %s is not a PNG (%d bytes)", path, len(png))
		return
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatalf("browsertest: saving a screenshot: %v", err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatalf("browsertest: saving a screenshot: %v", err)
	}
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	t.Logf("browsertest: screenshot saved to %s", path)
}
