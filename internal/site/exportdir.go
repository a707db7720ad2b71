package site

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
)

// exportManifest is the file, in an export's directory, that lists what the
// export wrote: the next export removes those files it does not write
// again, and nothing else. A directory without it is not an export.
const exportManifest = ".fixflow-export"

const exportManifestHeader = "# fixflow export: the files this export wrote, one a line. The next\n" +
	"# export into this directory removes those it does not write again.\n"

// exportDir is the directory an export goes to, and what an earlier
// export there wrote.
type exportDir struct {
	root *os.Root
	prev []string
}

// openExport opens dir for an export, creating it if need be. dir must be
// new, empty, or an earlier export (it has a manifest); it is checked before
// anything is rendered, so a wrong directory fails at once.
//
// Everything goes through an os.Root, so no name (nor a link in dir) can
// lead a write or a removal outside dir.
func openExport(dir string) (*exportDir, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	prev, err := previousExport(root, dir)
	if err != nil {
		root.Close()
		return nil, err
	}
	return &exportDir{root: root, prev: prev}, nil
}

func (x *exportDir) close() { x.root.Close() }

// write makes the directory hold exactly files (slash paths relative to
// it, written in order), and leaves every file it did not write alone:
//
//  1. the manifest is rewritten to name the earlier files and the new ones,
//     so that an export cut short still knows every file that is its own;
//  2. each file is written to a temporary name and renamed into place, so
//     a host serving the directory never sends half a file;
//  3. the earlier export's files that this one did not write are removed,
//     with the directories they leave empty;
//  4. the manifest names the new files alone.
func (x *exportDir) write(order []string, files map[string][]byte) (int, error) {
	root := x.root
	all := map[string]bool{}
	for _, n := range x.prev {
		all[n] = true
	}
	for _, n := range order {
		all[n] = true
	}
	if err := writeManifest(root, all); err != nil {
		return 0, err
	}
	for i, n := range order {
		if err := writeAtomic(root, n, files[n]); err != nil {
			return i, fmt.Errorf("export: %w", err)
		}
	}
	for _, n := range x.prev {
		if _, ok := files[n]; ok {
			continue
		}
		if err := root.Remove(n); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return len(order), fmt.Errorf("export: removing %s, left by the earlier export: %w", n, err)
		}
		for d := path.Dir(n); d != "."; d = path.Dir(d) {
			if root.Remove(d) != nil { // not empty: it holds something else
				break
			}
		}
	}
	now := map[string]bool{}
	for _, n := range order {
		now[n] = true
	}
	if err := writeManifest(root, now); err != nil {
		return len(order), err
	}
	return len(order), nil
}

// previousExport returns the files the export in dir wrote: none for a new
// or empty directory, an error for a directory that holds files but no
// manifest (export would not know which are its own) or a manifest that
// names anything but plain paths inside dir.
func previousExport(root *os.Root, dir string) ([]string, error) {
	f, err := root.Open(".")
	if err != nil {
		return nil, err
	}
	names, err := f.Readdirnames(-1)
	f.Close()
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, nil
	}
	b, err := root.ReadFile(exportManifest)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("export: %s is not empty and is not a fixflow export (it has no %s), and export never deletes files it did not write: export into a new or empty directory", dir, exportManifest)
	}
	if err != nil {
		return nil, err
	}
	var out []string
	for i, line := range strings.Split(string(b), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !fs.ValidPath(line) || line == "." || line == exportManifest || strings.Contains(line, `\`) {
			return nil, fmt.Errorf("export: %s/%s, line %d: %q is not a path inside the export; remove the directory's contents by hand or export elsewhere",
				dir, exportManifest, i+1, line)
		}
		out = append(out, line)
	}
	return out, nil
}

func writeManifest(root *os.Root, names map[string]bool) error {
	list := make([]string, 0, len(names))
	for n := range names {
		list = append(list, n)
	}
	sort.Strings(list)
	return writeAtomic(root, exportManifest, []byte(exportManifestHeader+strings.Join(list, "\n")+"\n"))
}

// writeAtomic writes name through a temporary file beside it and a rename.
func writeAtomic(root *os.Root, name string, body []byte) error {
	if d := path.Dir(name); d != "." {
		if err := root.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	tmp := path.Join(path.Dir(name), "."+path.Base(name)+".tmp")
	if err := root.WriteFile(tmp, body, 0o644); err != nil {
		return err
	}
	if err := root.Rename(tmp, name); err != nil {
		root.Remove(tmp)
		return err
	}
	return nil
}
