package site

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
)

// loadWeb loads the site's web directory and checks that it holds a built
// app.wasm: without one the pages would be served but never come alive.
func loadWeb(cfg Config) (*assetSet, error) {
	w, where := &webWalker{fsys: cfg.Web, prefix: "/web"}, "the web directory"
	if cfg.Web == nil {
		if cfg.WebDir == "" {
			return nil, errors.New("no web directory: set Config.WebDir or Config.Web")
		}
		w.fsys, w.root, where = os.DirFS(cfg.WebDir), cfg.WebDir, cfg.WebDir
	}
	if cfg.Log != nil {
		w.notice = cfg.Log.Printf
	}
	set, err := w.load()
	if err != nil {
		return nil, err
	}
	wasm, ok := set.byName["/web/app.wasm"]
	if !ok {
		return nil, fmt.Errorf("%s has no app.wasm, so the pages would never come alive: run `make build` (it builds web/app.wasm), or point -web at a built web directory", where)
	}
	if !bytes.HasPrefix(wasm.raw, []byte("\x00asm")) {
		return nil, fmt.Errorf("%s is not a WebAssembly module (an interrupted build?): run `make build`", w.name("app.wasm"))
	}
	return set, nil
}

// loadAssets reads every file of the web directory fsys into memory, served
// under prefix, with the compressed copies a build left beside them.
//
// Only regular files are read: anything else (a FIFO, a socket, a device)
// stops the start with an error naming it, where reading it would hang or
// never end. A symbolic link is followed, to a file or to a directory; a
// link that leads back into a directory being walked is refused, since the
// walk would never end. Names starting with a dot are skipped, directories
// included (.git has no business being served).
func loadAssets(fsys fs.FS, prefix string) (*assetSet, error) {
	return (&webWalker{fsys: fsys, prefix: prefix}).load()
}

// maxWebDepth bounds the walk where a file system cannot tell that a link
// leads back to a directory on the way (os.SameFile knows only the OS's).
const maxWebDepth = 32

type webWalker struct {
	fsys   fs.FS
	prefix string               // URL path of the directory: /web
	root   string               // its name in messages: web, /srv/fixflow/web
	notice func(string, ...any) // start-up notices; nil: none
	set    *assetSet
}

func (w *webWalker) load() (*assetSet, error) {
	w.set = &assetSet{byName: map[string]*asset{}, byHashed: map[string]*asset{}}
	root, err := fs.Stat(w.fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("reading web assets: %w", err)
	}
	if err := w.walk(".", []fs.FileInfo{root}); err != nil {
		return nil, fmt.Errorf("reading web assets: %w", err)
	}
	return w.set, nil
}

// name is p as the operator knows it: under the web directory's name.
func (w *webWalker) name(p string) string {
	if w.root == "" {
		return p
	}
	return path.Join(w.root, p)
}

// sourceDirs hold the sources of a file the build makes, not files to
// serve: web/embed/ is assembled into web/embed.js.
var sourceDirs = map[string]bool{"embed": true}

// walk reads the directory dir; ancestors are the directories on the way
// to it, itself included, to recognise a link that loops.
func (w *webWalker) walk(dir string, ancestors []fs.FileInfo) error {
	if len(ancestors) > maxWebDepth {
		return fmt.Errorf("%s: directories nested more than %d deep (a loop of links?)", w.name(dir), maxWebDepth)
	}
	entries, err := fs.ReadDir(w.fsys, dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") || isPrecompressedCopy(name) {
			continue
		}
		p := path.Join(dir, name)
		mode := e.Type()
		var info fs.FileInfo
		if mode&fs.ModeSymlink != 0 {
			if info, err = fs.Stat(w.fsys, p); err != nil {
				return fmt.Errorf("%s: a symbolic link whose target cannot be read: %w", w.name(p), err)
			}
			mode = info.Mode().Type()
		}
		switch {
		case mode.IsDir():
			if dir == "." && sourceDirs[name] {
				continue
			}
			if info == nil {
				if info, err = fs.Stat(w.fsys, p); err != nil {
					return err
				}
			}
			for _, a := range ancestors {
				if os.SameFile(a, info) {
					return fmt.Errorf("%s: a symbolic link back to a directory that contains it; the web directory must not loop", w.name(p))
				}
			}
			if err := w.walk(p, append(ancestors[:len(ancestors):len(ancestors)], info)); err != nil {
				return err
			}
		case mode.IsRegular():
			if err := w.file(p); err != nil {
				return err
			}
		default:
			return fmt.Errorf("%s is %s, not a regular file: the web directory may hold only files and directories", w.name(p), kindOf(mode))
		}
	}
	return nil
}

// file reads p and the build's compressed copies of it that hold exactly
// its content; copies that do not (left by another build) are made afresh.
func (w *webWalker) file(p string) error {
	raw, err := fs.ReadFile(w.fsys, p)
	if err != nil {
		return err
	}
	copies := map[string][]byte{}
	for _, e := range encodings {
		c, err := w.readRegular(p + e.Suffix())
		if err != nil {
			return err
		}
		switch {
		case c != nil && decodesTo(e, c, raw):
			copies[e.Encoding()] = c
		case c != nil && w.notice != nil:
			w.notice("%s does not decode to %s (left by another build?): compressing it afresh, which takes a while for a large file; `fixflow precompress %[2]s` writes a fresh copy",
				w.name(p+e.Suffix()), w.name(p))
		}
	}
	w.set.add(newAssetFrom(w.prefix+"/"+p, "", raw, copies))
	return nil
}

// readRegular reads the file p if it exists: nil when it does not, an error
// when it is not a regular file (a FIFO would block the read for good).
func (w *webWalker) readRegular(p string) ([]byte, error) {
	info, err := fs.Stat(w.fsys, p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is %s, not a regular file: the web directory may hold only files and directories", w.name(p), kindOf(info.Mode()))
	}
	return fs.ReadFile(w.fsys, p)
}

// kindOf names a file mode's type for an error message.
func kindOf(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&(fs.ModeDevice|fs.ModeCharDevice) != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m&fs.ModeIrregular != 0:
		return "an irregular file"
	}
	return "a special file"
}

// isPrecompressedCopy reports whether a file name is a build's compressed
// copy of another file (served only as that file's encoding).
func isPrecompressedCopy(name string) bool {
	for _, e := range encodings {
		if strings.HasSuffix(name, e.Suffix()) {
			return true
		}
	}
	return false
}

// decodesTo reports whether the compressed copy c decodes to exactly raw.
// It stops at the first byte that differs, so a copy of another build or a
// decompression bomb costs no more than raw's length. For the 7 MB wasm it
// takes about 40 ms for each of brotli and gzip, where compressing afresh
// at brotli's quality 11 takes about 40 s: that is why a copy is judged by
// its content, not by its modification time, which a copy without -p loses.
func decodesTo(e precompressor, c, raw []byte) bool {
	r, err := e.Decompress(bytes.NewReader(c))
	if err != nil {
		return false
	}
	cw := &compareWriter{want: raw}
	if _, err := io.Copy(cw, r); err != nil {
		return false
	}
	return cw.off == len(raw)
}

// compareWriter accepts only the bytes of want, in order.
type compareWriter struct {
	want []byte
	off  int
}

var errDiffers = errors.New("differs")

func (c *compareWriter) Write(p []byte) (int, error) {
	if len(p) > len(c.want)-c.off || !bytes.Equal(p, c.want[c.off:c.off+len(p)]) {
		return 0, errDiffers
	}
	c.off += len(p)
	return len(p), nil
}
