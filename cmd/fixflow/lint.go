package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/fixflow/fixflow/content"
	"github.com/fixflow/fixflow/content/lint"
)

// defaultGuidesDir is where lint and graph --dir look by default.
const defaultGuidesDir = "content/guides"

func init() {
	register("lint", "check guide documents: lint [file or dir …] (default "+defaultGuidesDir+")", runLint)
}

// runLint checks guide documents: each alone, their file names, the files
// of their images (in the content directory beside each document's
// directory), and the languages of each guide against each other. It
// prints nothing and exits 0 when all is well; otherwise it prints one
// "file:line:col: message" line a problem on stdout and exits 1. Warnings
// (checks without sources, or verified more than -max-age days ago) print
// as "file:line:col: warning: message" and leave the exit status alone.
// Usage errors and unreadable paths exit 2.
func runLint(args []string, stdout, stderr io.Writer) int {
	fset := flag.NewFlagSet("lint", flag.ContinueOnError)
	fset.SetOutput(stderr)
	maxAge := fset.Int("max-age", int(lint.DefaultMaxAge.Hours()/24), "warn about a check verified more than this many `days` ago (0: never)")
	fset.Usage = func() {
		fmt.Fprintf(stderr, "usage: fixflow lint [-max-age days] [file or directory …]\n\n"+
			"Checks guide documents (<guide-id>.<lang>.json; directories are searched\n"+
			"for *.json) and prints one file:line:col: message line a problem, and\n"+
			"file:line:col: warning: message for a warning. Default: %s.\n"+
			"Exit status: 0 clean or warnings only, 1 problems, 2 usage or read errors.\n\n", defaultGuidesDir)
		fset.PrintDefaults()
	}
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *maxAge < 0 {
		fmt.Fprintf(stderr, "fixflow lint: -max-age %d: give a number of days, 0 for never\n", *maxAge)
		return 2
	}
	paths := fset.Args()
	if len(paths) == 0 {
		paths = []string{defaultGuidesDir}
	}
	srcs, probs, readErrs := readGuideSources(paths, true)
	for _, err := range readErrs {
		fmt.Fprintf(stderr, "fixflow lint: %v\n", err)
	}
	code := 0
	opts := lint.Options{Files: lint.DirFiles, MaxAge: time.Duration(*maxAge) * 24 * time.Hour}
	if *maxAge == 0 {
		opts.MaxAge = -1
	}
	_, warns, err := opts.Library(srcs)
	if err != nil {
		var more lint.Problems
		if !errors.As(err, &more) {
			fmt.Fprintf(stderr, "fixflow lint: %v\n", err)
			return 2
		}
		probs = append(probs, more...)
	}
	probs = append(probs, warns...)
	probs.Sort()
	for _, p := range probs {
		fmt.Fprintln(stdout, p)
		if !p.Warning {
			code = 1
		}
	}
	if len(readErrs) > 0 {
		code = 2
	}
	return code
}

// readGuideSources reads the named files, and the *.json files in the named
// directories (in lexical order; in their subdirectories too when
// recursive). Each document is named by its path as given. A document over
// lint.MaxDocument is not read: it is returned as a problem. Paths that
// cannot be read are returned as errors that name them; so is a directory
// without any *.json, and anything that is not a regular file.
func readGuideSources(paths []string, recursive bool) ([]content.Source, lint.Problems, []error) {
	var srcs []content.Source
	var probs lint.Problems
	var errs []error
	seen := map[string]bool{}
	add := func(name string) {
		clean := filepath.Clean(name)
		if seen[clean] {
			return
		}
		seen[clean] = true
		data, tooBig, err := readGuide(name)
		switch {
		case err != nil:
			errs = append(errs, err)
		case tooBig != nil:
			probs = append(probs, *tooBig)
		default:
			srcs = append(srcs, content.Source{Name: name, Data: data})
		}
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if !info.IsDir() {
			add(p)
			continue
		}
		found := false
		err = filepath.WalkDir(p, func(name string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, err)
				return nil
			}
			if d.IsDir() && name != p && !recursive {
				return filepath.SkipDir
			}
			if !d.IsDir() && strings.HasSuffix(name, ".json") {
				found = true
				add(name)
			}
			return nil
		})
		if err != nil {
			errs = append(errs, err)
		}
		if !found {
			errs = append(errs, fmt.Errorf("%s: no *.json guide documents in this directory", p))
		}
	}
	return srcs, probs, errs
}

// readGuide reads one guide document. It must be a regular file: a named
// pipe would block the read, a device might never end. It is opened without
// blocking (a FIFO's open waits for a writer otherwise), and its size is
// checked before it is read: one over lint.MaxDocument is returned as that
// problem, unread, and no more than the limit is ever read.
func readGuide(name string) (data []byte, tooBig *lint.Problem, err error) {
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, nil, fmt.Errorf("%s: %s, not a regular file; guide documents are regular files", name, fileKind(info.Mode()))
	}
	if p := lint.CheckSize(name, info.Size()); p != nil {
		return nil, p, nil
	}
	data, err = io.ReadAll(io.LimitReader(f, lint.MaxDocument+1))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(data) > lint.MaxDocument { // it grew while read
		size := int64(len(data))
		if info, err := f.Stat(); err == nil && info.Size() > size {
			size = info.Size()
		}
		return nil, lint.CheckSize(name, size), nil
	}
	return data, nil, nil
}

// fileKind says in words what kind of file mode is.
func fileKind(mode fs.FileMode) string {
	switch {
	case mode&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case mode&fs.ModeSocket != 0:
		return "a socket"
	case mode&fs.ModeDevice != 0:
		return "a device"
	case mode.IsDir():
		return "a directory"
	}
	return "a special file"
}
