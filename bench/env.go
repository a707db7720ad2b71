package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/andybalholm/brotli"
)

// environment records what the numbers depend on: the toolchain, the
// browser, nginx, the commit and how busy the machine was.
func (b *bench) environment(ctx context.Context) error {
	e := &b.res.Env
	e.Go = runtime.Version()
	e.OS, e.Arch, e.CPUs = runtime.GOOS, runtime.GOARCH, runtime.NumCPU()
	e.LoadAvgStart = loadAvg()
	if out, err := command(ctx, "git", "rev-parse", "HEAD"); err == nil {
		e.Commit = out
	}
	if out, err := command(ctx, "git", "status", "--porcelain", "--untracked-files=no"); err == nil {
		e.Dirty = out != ""
	}
	if out, err := command(ctx, b.cfg.chromium, "--version"); err == nil {
		e.Chromium = out
	} else {
		e.Chromium = "missing: " + err.Error()
	}
	if b.cfg.nginx == "" {
		b.cfg.nginx = findNginx()
	}
	if b.cfg.nginx != "" {
		// nginx -v writes to stderr.
		out, _ := exec.CommandContext(ctx, b.cfg.nginx, "-v").CombinedOutput()
		e.Nginx = strings.TrimSpace(string(out))
	}
	e.BrotliStaticModule = brotliStaticModule()
	return nil
}

func findNginx() string {
	if p, err := exec.LookPath("nginx"); err == nil {
		return p
	}
	if _, err := os.Stat("/usr/sbin/nginx"); err == nil {
		return "/usr/sbin/nginx"
	}
	return ""
}

// command runs a short command and returns its trimmed stdout.
func command(ctx context.Context, name string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, name, args...).Output()
	if err != nil {
		return "", fmt.Errorf("%s: %w", name, err)
	}
	return strings.TrimSpace(string(out)), nil
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

// snapshot copies the web directory and the fixflow binary into the bench's
// temporary directory, so that a rebuild while the bench runs cannot mix two
// builds in one measurement. The wasm's .br and .gz copies must hold the
// wasm itself: a stale copy (a build interrupted between go build and
// precompress) would make the server send another program.
func (b *bench) snapshot(ctx context.Context) error {
	b.web = filepath.Join(b.tmp, "web")
	if err := copyTree(b.cfg.web, b.web); err != nil {
		return err
	}
	b.bin = filepath.Join(b.tmp, "fixflow")
	if err := copyFile(b.cfg.bin, b.bin, 0o755); err != nil {
		return err
	}
	wasm, err := os.ReadFile(filepath.Join(b.web, "app.wasm"))
	if err != nil {
		return err
	}
	for ext, open := range map[string]func(io.Reader) (io.Reader, error){
		".br": func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil },
		".gz": func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) },
	} {
		name := filepath.Join(b.web, "app.wasm"+ext)
		if ok, why := holds(name, wasm, open); !ok {
			note := fmt.Sprintf("web/app.wasm%s %s: the bench serves a copy it compressed itself", ext, why)
			b.res.Notes = append(b.res.Notes, note)
			progress("%s", note)
			b.recompress = append(b.recompress, ext)
		}
	}
	return ctx.Err()
}

// holds reports whether the compressed file name decodes to want.
func holds(name string, want []byte, open func(io.Reader) (io.Reader, error)) (bool, string) {
	f, err := os.Open(name)
	if err != nil {
		return false, "is missing"
	}
	defer f.Close()
	r, err := open(f)
	if err != nil {
		return false, "does not decode"
	}
	got, err := io.ReadAll(r)
	if err != nil {
		return false, "does not decode"
	}
	if !bytes.Equal(got, want) {
		return false, "is stale (it holds another build)"
	}
	return true, ""
}

func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		out := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(out, 0o755)
		}
		if !d.Type().IsRegular() || strings.HasSuffix(p, ".tmp") {
			return nil
		}
		return copyFile(p, out, 0o644)
	})
}

func copyFile(src, dst string, mode os.FileMode) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, b, mode)
}
