package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/fixflow/fixflow/content/translate"
	"github.com/fixflow/fixflow/internal/po"
)

// i18nCommands are the subcommands of fixflow i18n, by name. A file adds
// one in its init function: i18nCommands["name"] = command{…}.
var i18nCommands = map[string]command{}

// defaultContentDir holds guides/ and strings/, the documents a
// translation round reads and writes.
const defaultContentDir = "content"

func init() {
	register("i18n", "translate guides and the interface words: i18n export|import … (i18n -h lists them)", runI18n)
	i18nCommands["export"] = command{"write a guide and the interface words as a PO file to translate: export <guide-id> --lang xx [-o file.po]", runI18nExport}
	i18nCommands["import"] = command{"write a translated PO file back into the guide and the interface words: import <file.po>", runI18nImport}
}

func runI18n(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || isHelpFlag(args[0]) || args[0] == "help" {
		w, code := stdout, 0
		if len(args) == 0 {
			w, code = stderr, 2
		}
		i18nUsage(w)
		return code
	}
	sub, ok := i18nCommands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "fixflow i18n: unknown command %q\n", args[0])
		i18nUsage(stderr)
		return 2
	}
	return sub.run(args[1:], stdout, stderr)
}

func i18nUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: fixflow i18n command [flags]")
	listCommands(w, i18nCommands)
	fmt.Fprintln(w, "fixflow i18n COMMAND -h lists a command's flags. docs/translating.md tells the whole round.")
}

// parseWithArgs parses flags that may come before or after the
// positional arguments, and returns those. code and ok as parseFlags.
func parseWithArgs(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) (pos []string, code int, ok bool) {
	for {
		if code, ok := parseFlags(fs, args, stdout, stderr); !ok {
			return nil, code, false
		}
		if fs.NArg() == 0 {
			return pos, 0, true
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// roundFiles are the files of a translation round of guide id in lang
// under the content directory dir.
type roundFiles struct {
	guideEN, guide, wordsEN, words string
}

func filesOf(dir, id, lang string) roundFiles {
	return roundFiles{
		guideEN: filepath.Join(dir, "guides", id+".en.json"),
		guide:   filepath.Join(dir, "guides", id+"."+lang+".json"),
		wordsEN: filepath.Join(dir, "strings", "en.json"),
		words:   filepath.Join(dir, "strings", lang+".json"),
	}
}

// loadRound reads the documents of a round: the English ones must be
// there, the translations may not be yet.
func loadRound(files roundFiles, lang string) (translate.Round, error) {
	r := translate.Round{Lang: lang}
	load := func(p *translate.Pair, k translate.DocKind, en, tr string) error {
		data, err := os.ReadFile(en)
		if err != nil {
			return err
		}
		if p.English, err = translate.Parse(k, data); err != nil {
			return located(en, err)
		}
		p.EnglishName, p.TranslationName = filepath.ToSlash(en), filepath.ToSlash(tr)
		data, err = os.ReadFile(tr)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		if p.Translation, err = translate.Parse(k, data); err != nil {
			return located(tr, err)
		}
		return nil
	}
	if err := load(&r.Guide, translate.Guide, files.guideEN, files.guide); err != nil {
		return r, err
	}
	return r, load(&r.Words, translate.Words, files.wordsEN, files.words)
}

// located names the file of a document's error: file:line: message.
func located(name string, err error) error {
	var le *translate.LineError
	if errors.As(err, &le) {
		return fmt.Errorf("%s:%d: %s", name, le.Line, le.Msg)
	}
	return fmt.Errorf("%s: %v", name, err)
}

// runI18nExport writes the PO file of a guide and the interface words in
// a language. Exit status: 0 written, 1 a file cannot be read or
// written, 2 usage errors.
func runI18nExport(args []string, stdout, stderr io.Writer) int {
	fset := flag.NewFlagSet("i18n export", flag.ContinueOnError)
	lang := fset.String("lang", "", "the language to translate into (a BCP 47 tag: es, pt-BR)")
	out := fset.String("o", "", "write to this file instead of stdout; a file already there is read as the last round's (see -previous)")
	previous := fset.String("previous", "", "the PO file of the last round: where the English has changed since, the entry is marked fuzzy with the English it was translated from (#|)")
	dir := fset.String("content", defaultContentDir, "the content directory: guides/ and strings/")
	fset.Usage = flagUsage(fset, "fixflow i18n export <guide-id> --lang xx [-o file.po] [-previous last.po] [-content "+defaultContentDir+"]")
	pos, code, ok := parseWithArgs(fset, args, stdout, stderr)
	if !ok {
		return code
	}
	if len(pos) != 1 || *lang == "" {
		fmt.Fprintf(stderr, "fixflow i18n export: want one guide id and --lang\n")
		fset.Usage()
		return 2
	}
	if err := translate.ValidLang(*lang); err != nil {
		fmt.Fprintf(stderr, "fixflow i18n export: --lang: %v\n", err)
		fset.Usage()
		return 2
	}
	r, err := loadRound(filesOf(*dir, pos[0], *lang), *lang)
	if err != nil {
		fmt.Fprintf(stderr, "fixflow i18n export: %v\n", err)
		return 1
	}
	last := *previous
	if last == "" && *out != "" {
		if _, err := os.Stat(*out); err == nil {
			last = *out
		}
	}
	var prev *po.File
	if last != "" {
		data, err := os.ReadFile(last)
		if err == nil {
			prev, err = po.Parse(last, data)
		}
		if err != nil {
			fmt.Fprintf(stderr, "fixflow i18n export: the last round's file: %v\n", err)
			return 1
		}
	}
	f, err := translate.Export(r, prev)
	if err != nil {
		fmt.Fprintf(stderr, "fixflow i18n export: %v\n", err)
		return 1
	}
	data := po.Format(f)
	if *out == "" {
		if _, err := stdout.Write(data); err != nil {
			fmt.Fprintf(stderr, "fixflow i18n export: %v\n", err)
			return 1
		}
		return 0
	}
	if err := writeAtomic(*out, data); err != nil {
		fmt.Fprintf(stderr, "fixflow i18n export: %v\n", err)
		return 1
	}
	return 0
}

// runI18nImport writes a translated PO file back into the documents it
// was exported from, and reports what is missing or stale. Exit status:
// 0 written (or, with -n, checked), 1 the file has errors or a document
// cannot be read or written (nothing is written), 2 usage errors.
func runI18nImport(args []string, stdout, stderr io.Writer) int {
	fset := flag.NewFlagSet("i18n import", flag.ContinueOnError)
	dir := fset.String("content", defaultContentDir, "the content directory: guides/ and strings/")
	dry := fset.Bool("n", false, "check and report only: write nothing")
	guide := fset.String("guide", "", "the guide id, if the file's header has lost its "+translate.FieldGuide)
	lang := fset.String("lang", "", "the language, instead of the file's header's Language")
	fset.Usage = flagUsage(fset, "fixflow i18n import <file.po> [-n] [-guide id] [-lang xx] [-content "+defaultContentDir+"]")
	pos, code, ok := parseWithArgs(fset, args, stdout, stderr)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		fmt.Fprintf(stderr, "fixflow i18n import: want one PO file\n")
		fset.Usage()
		return 2
	}
	name := pos[0]
	fail := func(err error) int {
		fmt.Fprintf(stderr, "%v\nfixflow i18n import: nothing written\n", err)
		return 1
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return fail(err)
	}
	f, err := po.Parse(name, data)
	if err != nil {
		return fail(err)
	}
	target, err := translate.TargetOf(name, f, translate.Target{Guide: *guide, Lang: *lang})
	if err != nil {
		return fail(err)
	}
	files := filesOf(*dir, target.Guide, target.Lang)
	r, err := loadRound(files, target.Lang)
	if err != nil {
		return fail(err)
	}
	res, err := translate.Import(name, f, r)
	if err != nil {
		return fail(err)
	}
	for _, l := range []struct {
		what string
		ps   []translate.Problem
	}{{"missing", res.Missing}, {"stale", res.Stale}, {"left out", res.Ignored}} {
		for _, p := range l.ps {
			p.Msg = l.what + ": " + p.Msg
			fmt.Fprintln(stdout, p)
		}
	}
	fmt.Fprintf(stdout, "%s: %d texts in %s, %d translated, %d missing, %d stale\n",
		name, res.Texts, target.Lang, res.Texts-len(res.Missing), len(res.Missing), len(res.Stale))
	if *dry {
		return 0
	}
	for _, w := range []struct {
		name string
		data []byte
	}{{files.guide, res.Guide}, {files.words, res.Words}} {
		if err := writeAtomic(w.name, w.data); err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "wrote %s\n", filepath.ToSlash(w.name))
	}
	return 0
}

// writeAtomic writes a file whole or not at all: to a temporary file
// beside it, then renamed over it.
func writeAtomic(name string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if err2 := tmp.Close(); err == nil {
		err = err2
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
