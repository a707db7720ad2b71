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
	fs.Usage = flagUsage(fs, "fixflow export [flags] OUTDIR")
	var f serveFlags
	f.bind(fs)
	if code, ok := parseFlags(fs, args, stdout, stderr); !ok {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintf(stderr, "fixflow export: want one output directory, got %d arguments\n", fs.NArg())
		fs.Usage()
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
