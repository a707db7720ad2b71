package main

import (
	"flag"
	"fmt"
	"io"
)

func init() {
	register("export", "write the whole site as static files any CDN or static host can serve", runExport)
}

func runExport(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var f serveFlags
	f.bind(fs)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: fixflow export [-web DIR] [-version V] [-embed-origins ...] OUTDIR")
		return 2
	}
	s, err := f.site(stderr)
	if err != nil {
		fmt.Fprintln(stderr, "fixflow export:", err)
		return 1
	}
	n, err := s.Export(fs.Arg(0))
	if err != nil {
		fmt.Fprintln(stderr, "fixflow export:", err)
		return 1
	}
	fmt.Fprintf(stdout, "fixflow export: %d files in %s (version %s)\n", n, fs.Arg(0), s.Version())
	return 0
}
