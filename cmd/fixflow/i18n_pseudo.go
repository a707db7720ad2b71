package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/fixflow/fixflow/content"
	"github.com/fixflow/fixflow/content/lint"
	"github.com/fixflow/fixflow/content/pseudo"
)

func init() {
	i18nCommands["pseudo"] = command{"write the pseudo-locales en-XA and ar-XB, made from the English guides and words, into a directory (for serve -dev-locales)", runPseudo}
}

// defaultPseudoDir is where i18n pseudo writes by default: a build
// directory, never committed.
const defaultPseudoDir = "build/pseudo-locales"

// runPseudo makes the pseudo-locales (content/pseudo) of the English
// documents built into the binary, checks them with every rule of lint
// beside the built-in content (the server loads them so: serve
// -dev-locales), and writes them into the directory: <guide>.<tag>.json
// and <tag>.json. What it writes replaces the files of the same names.
func runPseudo(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("i18n pseudo", flag.ContinueOnError)
	fs.Usage = flagUsage(fs, "fixflow i18n pseudo [-o DIR]")
	dir := fs.String("o", defaultPseudoDir, "the `directory` to write the pseudo-locales into (made if missing)")
	if code, ok := parseFlags(fs, args, stdout, stderr); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "fixflow i18n pseudo: unexpected arguments %s; the pseudo-locales are made from the content built into fixflow\n", strings.Join(fs.Args(), " "))
		fs.Usage()
		return 2
	}
	guides, err := content.EmbeddedSources()
	if err != nil {
		fmt.Fprintln(stderr, "fixflow i18n pseudo:", err)
		return 1
	}
	words, err := content.EmbeddedStringSources()
	if err != nil {
		fmt.Fprintln(stderr, "fixflow i18n pseudo:", err)
		return 1
	}
	docs, err := pseudo.Generate(append(guides, words...))
	if err != nil {
		fmt.Fprintln(stderr, "fixflow i18n pseudo:", err)
		return 1
	}
	named := make([]content.Source, len(docs))
	for i, d := range docs {
		named[i] = content.Source{Name: filepath.Join(*dir, d.Name), Data: d.Data}
	}
	if _, err := lint.EmbeddedWith(named); err != nil {
		fmt.Fprintf(stderr, "fixflow i18n pseudo: the pseudo-locales do not lint (a fault of content/pseudo):\n%v\n", err)
		return 1
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		fmt.Fprintln(stderr, "fixflow i18n pseudo:", err)
		return 1
	}
	for _, d := range named {
		if err := os.WriteFile(d.Name, d.Data, 0o644); err != nil {
			fmt.Fprintln(stderr, "fixflow i18n pseudo:", err)
			return 1
		}
	}
	fmt.Fprintf(stdout, "fixflow i18n pseudo: %d files in %s (serve them with fixflow serve -dev-locales %s)\n", len(named), *dir, *dir)
	return 0
}
