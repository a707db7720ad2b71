package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/fixflow/fixflow/internal/compress"
)

func init() {
	register("precompress", "write .br (quality 11) and .gz copies of files, for the build", runPrecompress)
}

// runPrecompress writes FILE.br and FILE.gz beside each FILE, so the server
// never compresses at start-up or per request what a build can compress once.
func runPrecompress(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("precompress", flag.ContinueOnError)
	fs.Usage = flagUsage(fs, "fixflow precompress FILE...")
	if code, ok := parseFlags(fs, args, stdout, stderr); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	for _, name := range fs.Args() {
		raw, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintln(stderr, "fixflow precompress:", err)
			return 1
		}
		for ext, body := range map[string][]byte{".br": compress.Brotli(raw, 11), ".gz": compress.Gzip(raw)} {
			if err := writeFileAtomic(name+ext, body); err != nil {
				fmt.Fprintln(stderr, "fixflow precompress:", err)
				return 1
			}
		}
	}
	return 0
}

// writeFileAtomic writes through a temporary file and a rename, so a reader
// never sees half a file.
func writeFileAtomic(name string, body []byte) error {
	tmp := name + ".tmp"
	if err := os.WriteFile(tmp, body, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}
