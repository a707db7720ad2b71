package graph

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	engine "github.com/fixflow/fixflow/app"
)

// Helper is the program that lays DOT out as SVG (cmd/fixflow-graphviz),
// and HelperEnv the environment variable that may name its path.
const (
	Helper    = "fixflow-graphviz"
	HelperEnv = "FIXFLOW_GRAPHVIZ"
)

// ErrNoHelper is returned by FindHelper when the helper cannot be found.
var ErrNoHelper = errors.New("the SVG needs the " + Helper + " program (Graphviz compiled to WebAssembly, kept out of fixflow so that no other command pays for it); " +
	"build it with `make build` (bin/" + Helper + ") or `go build ./cmd/" + Helper + "`, put it next to fixflow or on $PATH or name it in $" + HelperEnv + ", or write --format dot and run Graphviz's dot")

// FindHelper returns the path of the helper program: $FIXFLOW_GRAPHVIZ when
// set, else fixflow-graphviz next to the running program, else on $PATH.
func FindHelper() (string, error) {
	if p := os.Getenv(HelperEnv); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("$%s: %w", HelperEnv, err)
		}
		return p, nil
	}
	if exe, err := os.Executable(); err == nil {
		p := filepath.Join(filepath.Dir(exe), Helper)
		if info, err := os.Stat(p); err == nil && info.Mode().IsRegular() {
			return p, nil
		}
	}
	if p, err := exec.LookPath(Helper); err == nil {
		return p, nil
	}
	return "", ErrNoHelper
}

// SVG lays the flow out with Graphviz's dot and returns the drawing as SVG,
// by running the helper program at path helper (see FindHelper) with the
// flow's DOT on its standard input.
//
// go-graphviz keeps the WebAssembly it compiles under $TMPDIR/go-graphviz,
// and fails for every user but the one who created that directory when
// $TMPDIR is shared (/tmp). So the helper runs with $TMPDIR set to the
// user's cache directory (os.UserCacheDir()/fixflow, where the compiled
// Graphviz is kept between runs), or, without one, to a new temporary
// directory removed afterwards.
func SVG(ctx context.Context, f *engine.Flow, helper string) ([]byte, error) {
	tmp, cleanup, err := helperTempDir()
	if err != nil {
		return nil, fmt.Errorf("a directory for %s: %w", Helper, err)
	}
	defer cleanup()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, helper)
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
	cmd.Stdin = bytes.NewReader(DOT(f))
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("%s: %s", helper, msg)
	}
	return stdout.Bytes(), nil
}

// helperTempDir is the $TMPDIR the helper runs with (see SVG) and what to
// do once it is done.
func helperTempDir() (dir string, cleanup func(), err error) {
	if cache, err := os.UserCacheDir(); err == nil {
		dir = filepath.Join(cache, "fixflow")
		if err := os.MkdirAll(dir, 0o700); err == nil {
			return dir, func() {}, nil
		}
	}
	dir, err = os.MkdirTemp("", "fixflow-graphviz-")
	if err != nil {
		return "", nil, err
	}
	return dir, func() { os.RemoveAll(dir) }, nil
}
