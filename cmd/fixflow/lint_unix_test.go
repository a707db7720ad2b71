//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestLintFIFO: a named pipe, given as a file or found in a directory, is
// refused with its path named; lint used to wait on it forever.
func TestLintFIFO(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.en.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("cannot make a FIFO:", err)
	}
	// A guide without images: it is valid on its own in any directory.
	guide, err := os.ReadFile("../../content/testdata/router.en.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "router.en.json"), guide, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, arg := range []string{fifo, dir} {
		type result struct {
			code           int
			stdout, stderr string
		}
		done := make(chan result, 1)
		go func() {
			code, stdout, stderr := runCmd("lint", arg)
			done <- result{code, stdout, stderr}
		}()
		var r result
		select {
		case r = <-done:
		case <-time.After(20 * time.Second):
			// Open the other end so that the blocked reader returns.
			if w, err := os.OpenFile(fifo, os.O_WRONLY, 0); err == nil {
				w.Close()
			}
			<-done
			t.Fatalf("lint %s: still waiting on the named pipe after 20 s", arg)
		}
		if r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, fifo+": a named pipe (FIFO), not a regular file") {
			t.Errorf("lint %s: exit %d\nstdout:\n%s\nstderr:\n%s\nwant exit 2 and the pipe named on stderr", arg, r.code, r.stdout, r.stderr)
		}
	}
}
