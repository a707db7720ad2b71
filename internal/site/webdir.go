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
	set := &assetSet{byName: map[string]*asset{}, byHashed: map[string]*asset{}}
	root, err := fs.Stat(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("reading web assets: %w", err)
	}
	w := &webWalker{fsys: fsys, prefix: prefix, set: set}
	if err := w.walk(".", []fs.FileInfo{root}); err != nil {
		return nil, fmt.Errorf("reading web assets: %w", err)
	}
	return set, nil
}

// maxWebDepth bounds the walk where a file system cannot tell that a link
// leads back to a directory on the way (os.SameFile knows only the OS's).
const maxWebDepth = 32

type webWalker struct {
	fsys   fs.FS
	prefix string
	set    *assetSet
}

// walk reads the directory dir; ancestors are the directories on the way
// to it, itself included, to recognise a link that loops.
func (w *webWalker) walk(dir string, ancestors []fs.FileInfo) error {
	if len(ancestors) > maxWebDepth {
		return fmt.Errorf("%s: directories nested more than %d deep (a loop of links?)", dir, maxWebDepth)
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
				return fmt.Errorf("%s: a symbolic link whose target cannot be read: %w", p, err)
			}
			mode = info.Mode().Type()
		}
		switch {
		case mode.IsDir():
			if info == nil {
				if info, err = fs.Stat(w.fsys, p); err != nil {
					return err
				}
			}
			for _, a := range ancestors {
				if os.SameFile(a, info) {
					return fmt.Errorf("%s: a symbolic link back to a directory that contains it; the web directory must not loop", p)
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
			return fmt.Errorf("%s is %s, not a regular file: the web directory may hold only files and directories", p, kindOf(mode))
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
		c, err := readRegular(w.fsys, p+e.Suffix())
		if err != nil {
			return err
		}
		if c != nil && decodesTo(e, c, raw) {
			copies[e.Encoding()] = c
		}
	}
	w.set.add(newAssetFrom(w.prefix+"/"+p, "", raw, copies))
	return nil
}

// readRegular reads the file p if it exists: nil when it does not, an error
// when it is not a regular file (a FIFO would block the read for good).
func readRegular(fsys fs.FS, p string) ([]byte, error) {
	info, err := fs.Stat(fsys, p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is %s, not a regular file: the web directory may hold only files and directories", p, kindOf(info.Mode()))
	}
	return fs.ReadFile(fsys, p)
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
