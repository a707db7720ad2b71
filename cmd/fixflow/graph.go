package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/content"
	"github.com/fixflow/fixflow/content/lint"
	"github.com/fixflow/fixflow/internal/graph"
)

func init() {
	register("graph", "draw a guide: graph <guide-id> [--lang en] [--format dot|svg] [-o file] [--dir "+defaultGuidesDir+"]", runGraph)
}

// runGraph writes a guide's flow as Graphviz DOT or as SVG, from the
// embedded guides or from --dir. Exit status: 0 done, 1 the guide cannot be
// loaded or drawn, 2 usage errors.
func runGraph(args []string, stdout, stderr io.Writer) int {
	fset := flag.NewFlagSet("graph", flag.ContinueOnError)
	fset.SetOutput(stderr)
	lang := fset.String("lang", "", "language of the guide (default: en, or its first language)")
	format := fset.String("format", "dot", "output format: dot or svg")
	out := fset.String("o", "", "write to this file instead of stdout")
	dir := fset.String("dir", "", "load the guides from this directory instead of the embedded ones (e.g. "+defaultGuidesDir+")")
	fset.Usage = func() {
		fmt.Fprintf(stderr, "usage: fixflow graph <guide-id> [--lang en] [--format dot|svg] [-o file] [--dir %s]\n\n", defaultGuidesDir)
		fset.PrintDefaults()
	}
	// Flags may come before or after the guide id.
	var ids []string
	for {
		if err := fset.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			return 2
		}
		if fset.NArg() == 0 {
			break
		}
		ids = append(ids, fset.Arg(0))
		args = fset.Args()[1:]
	}
	if len(ids) != 1 {
		fmt.Fprintf(stderr, "fixflow graph: want one guide id, got %d\n", len(ids))
		fset.Usage()
		return 2
	}
	if *format != "dot" && *format != "svg" {
		fmt.Fprintf(stderr, "fixflow graph: unknown --format %q; want dot or svg\n", *format)
		return 2
	}
	lib, err := graphLibrary(*dir)
	if err != nil {
		fmt.Fprintf(stderr, "fixflow graph: cannot load the guides:\n%v\n", err)
		return 1
	}
	flow, err := pickGuide(lib, ids[0], *lang)
	if err != nil {
		fmt.Fprintf(stderr, "fixflow graph: %v\n", err)
		return 1
	}
	body := graph.DOT(flow)
	if *format == "svg" {
		// Graphviz runs in a helper program: linked into fixflow, its
		// package init would slow every command and break it for a
		// second OS user.
		helper, err := graph.FindHelper()
		if err == nil {
			body, err = graph.SVG(context.Background(), flow, helper)
		}
		if err != nil {
			fmt.Fprintf(stderr, "fixflow graph: %v\n", err)
			return 1
		}
	}
	if *out != "" {
		err = os.WriteFile(*out, body, 0o644)
	} else {
		_, err = stdout.Write(body)
	}
	if err != nil {
		fmt.Fprintf(stderr, "fixflow graph: %v\n", err)
		return 1
	}
	return 0
}

// graphLibrary checks and loads the guides of dir, or the embedded ones.
func graphLibrary(dir string) (*content.Library, error) {
	if dir == "" {
		return lint.Embedded()
	}
	srcs, probs, errs := readGuideSources([]string{dir}, false)
	if len(probs) > 0 {
		errs = append(errs, probs)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return lint.Library(srcs)
}

// pickGuide finds guide id in lang (any language when lang is "").
func pickGuide(lib *content.Library, id, lang string) (*engine.Flow, error) {
	flow, ok := lib.Guide(id, lang)
	if !ok {
		var ids []string
		for _, f := range lib.Guides() {
			if len(ids) == 0 || ids[len(ids)-1] != f.ID {
				ids = append(ids, f.ID)
			}
		}
		return nil, fmt.Errorf("no guide %q; the guides are: %s", id, strings.Join(ids, ", "))
	}
	if lang != "" && flow.Lang != lang {
		return nil, fmt.Errorf("guide %q has no language %q; it has: %s", id, lang, strings.Join(lib.Langs(id), ", "))
	}
	return flow, nil
}
