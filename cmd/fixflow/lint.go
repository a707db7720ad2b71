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

	"github.com/fixflow/fixflow/content"
	"github.com/fixflow/fixflow/content/lint"
)

// defaultGuidesDir is where lint and graph --dir look by default.
const defaultGuidesDir = "content/guides"

func init() {
	register("lint", "check guide documents: lint [file or dir …] (default "+defaultGuidesDir+")", runLint)
}

// runLint checks guide documents: each alone, their file names, and the
// languages of each guide against each other. It prints nothing and exits 0
// when all is well; otherwise it prints one "file:line:col: message" line a
// problem on stdout and exits 1. Usage errors and unreadable paths exit 2.
func runLint(args []string, stdout, stderr io.Writer) int {
	fset := flag.NewFlagSet("lint", flag.ContinueOnError)
	fset.SetOutput(stderr)
	fset.Usage = func() {
		fmt.Fprintf(stderr, "usage: fixflow lint [file or directory …]\n\n"+
			"Checks guide documents (<guide-id>.<lang>.json; directories are searched\n"+
			"for *.json) and prints one file:line:col: message line a problem.\n"+
			"Default: %s. Exit status: 0 clean, 1 problems, 2 usage or read errors.\n", defaultGuidesDir)
	}
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	paths := fset.Args()
	if len(paths) == 0 {
		paths = []string{defaultGuidesDir}
	}
	srcs, readErrs := readGuideSources(paths, true)
	for _, err := range readErrs {
		fmt.Fprintf(stderr, "fixflow lint: %v\n", err)
	}
	code := 0
	if _, err := lint.Library(srcs); err != nil {
		var probs lint.Problems
		if !errors.As(err, &probs) {
			fmt.Fprintf(stderr, "fixflow lint: %v\n", err)
			return 2
		}
		for _, p := range probs {
			fmt.Fprintln(stdout, p)
		}
		code = 1
	}
	if len(readErrs) > 0 {
		code = 2
	}
	return code
}

// readGuideSources reads the named files, and the *.json files in the named
// directories (in lexical order; in their subdirectories too when
// recursive). Each document is named
// by its path as given. Paths that cannot be read are returned as errors
// that name them; so is a directory without any *.json.
func readGuideSources(paths []string, recursive bool) ([]content.Source, []error) {
	var srcs []content.Source
	var errs []error
	seen := map[string]bool{}
	add := func(name string) {
		clean := filepath.Clean(name)
		if seen[clean] {
			return
		}
		seen[clean] = true
		data, err := os.ReadFile(name)
		if err != nil {
			errs = append(errs, err)
			return
		}
		srcs = append(srcs, content.Source{Name: name, Data: data})
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
	return srcs, errs
}
