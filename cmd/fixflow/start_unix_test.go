//go:build unix

package main

import (
	"bytes"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/fixflow/fixflow/internal/graph"
)

// TestStartAsSecondUser: another OS user (root here) ran Graphviz first, so
// $TMPDIR/go-graphviz is theirs; fixflow's commands still work for the user
// nobody, graph --format svg included. go-graphviz's init, linked into
// fixflow, panicked in every command. It needs root, to run as nobody.
func TestStartAsSecondUser(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles Graphviz for two users: seconds")
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root to run fixflow as another user")
	}
	nobody, err := user.Lookup("nobody")
	if err != nil {
		t.Skip("no user nobody:", err)
	}
	uid, _ := strconv.Atoi(nobody.Uid)
	gid, _ := strconv.Atoi(nobody.Gid)
	// A directory the user nobody can enter, holding the binaries, a guide,
	// a shared $TMPDIR (like /tmp) and nobody's home.
	dir, err := os.MkdirTemp("", "fixflow-second-user-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	exe := buildCommand(t, "cmd/fixflow", dir, "fixflow")
	helper := buildCommand(t, "cmd/"+graph.Helper, dir, graph.Helper)
	// A guide without images: it is valid on its own in any directory.
	guide, err := os.ReadFile("../../content/testdata/router.en.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "router.en.json"), guide, 0o644); err != nil {
		t.Fatal(err)
	}
	tmp, home := filepath.Join(dir, "tmp"), filepath.Join(dir, "home")
	for _, d := range []string{tmp, home} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(tmp, 0o1777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(home, uid, gid); err != nil {
		t.Fatal(err)
	}
	// The first user: Graphviz with the shared $TMPDIR leaves its cache.
	first := exec.Command(helper)
	first.Env = append(os.Environ(), "TMPDIR="+tmp)
	first.Stdin = strings.NewReader("digraph { a -> b }")
	if out, err := first.CombinedOutput(); err != nil {
		t.Fatalf("%s as root: %v\n%.300s", graph.Helper, err, out)
	}
	if _, err := os.Stat(filepath.Join(tmp, "go-graphviz")); err != nil {
		t.Fatalf("the first user's Graphviz left no cache: %v", err)
	}
	svg := filepath.Join(home, "router.svg")
	for _, args := range [][]string{
		{"help"},
		{"lint", filepath.Join(dir, "router.en.json")},
		{"graph", "router", "--dir", dir, "--format", "svg", "-o", svg},
	} {
		cmd := exec.Command(exe, args...)
		cmd.Env = []string{"TMPDIR=" + tmp, "HOME=" + home, "PATH=/usr/bin:/bin", graph.HelperEnv + "=" + helper}
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil || strings.Contains(out.String(), "panic") {
			t.Errorf("fixflow %v as nobody: %v\n%.2000s", args, err, out.String())
		}
	}
	if data, err := os.ReadFile(svg); err != nil || !bytes.Contains(data, []byte("<svg")) {
		t.Errorf("graph --format svg as nobody wrote no SVG: %v", err)
	}
}
