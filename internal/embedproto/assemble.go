package embedproto

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"
)

// Header opens the assembled script.
const Header = "/*! fixflow embed.js, built from web/embed/ (the readable source); see docs/embedding.md */\n"

var (
	importLine = regexp.MustCompile(`^import \{ ([A-Za-z_$][\w$]*(?:, [A-Za-z_$][\w$]*)*) \} from "(\.\.?/[\w./-]+\.js)";$`)
	exportLine = regexp.MustCompile(`^export (?:function|var) ([A-Za-z_$][\w$]*)`)
	topLevel   = regexp.MustCompile(`^(?:export )?(?:function|var) ([A-Za-z_$][\w$]*)`)
)

// module is one source file, read.
type module struct {
	name    string          // path in the source tree
	body    []string        // its code lines: no imports, comments or indentation
	exports map[string]bool // names it exports
}

// Assemble builds embed.js from its sources in fsys: entry (loader.js) and
// the files it imports, each once, the imported before the importer. The
// sources are ES modules of a restricted form, so that joining them needs
// no parser:
//
//   - an import is one line, `import { a, b } from "./file.js";`, of names
//     the file exports with `export function` or `export var`;
//   - a comment is on lines of its own (// or /* … */), never after code;
//   - no top-level name is declared in two files (they share one scope).
//
// The result is one classic script: Header, then the code of every file in
// a strict function scope, without imports, export keywords, comments,
// indentation or blank lines.
func Assemble(fsys fs.FS, entry string) ([]byte, error) {
	var order []*module
	state := map[string]int{} // 1 while being read, 2 when done
	var read func(name, from string) (*module, error)
	mods := map[string]*module{}
	read = func(name, from string) (*module, error) {
		switch state[name] {
		case 1:
			return nil, fmt.Errorf("%s: imports %s, which imports it back", from, name)
		case 2:
			return mods[name], nil
		}
		state[name] = 1
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			if from != "" {
				return nil, fmt.Errorf("%s: %w", from, err)
			}
			return nil, err
		}
		m := &module{name: name, exports: map[string]bool{}}
		inBlock := false
		for i, line := range strings.Split(string(src), "\n") {
			at := fmt.Sprintf("%s:%d", name, i+1)
			t := strings.TrimSpace(line)
			switch {
			case inBlock:
				if strings.Contains(t, "*/") {
					if !strings.HasSuffix(t, "*/") {
						return nil, fmt.Errorf("%s: code after a comment; put it on a line of its own", at)
					}
					inBlock = false
				}
				continue
			case strings.HasPrefix(t, "/*"):
				inBlock = len(t) < 4 || !strings.HasSuffix(t, "*/")
				if strings.Count(t, "*/") > 1 {
					return nil, fmt.Errorf("%s: code after a comment; put it on a line of its own", at)
				}
				continue
			case t == "" || strings.HasPrefix(t, "//"):
				continue
			case strings.Contains(t, " // ") || strings.Contains(t, "/* "):
				return nil, fmt.Errorf("%s: a comment after code; put it on a line of its own", at)
			case strings.Contains(t, "`"):
				return nil, fmt.Errorf("%s: a template literal; its lines would lose their indentation", at)
			}
			if im := importLine.FindStringSubmatch(t); im != nil {
				if line != t {
					return nil, fmt.Errorf("%s: an import inside a block", at)
				}
				dep := path.Join(path.Dir(name), im[2])
				if !fs.ValidPath(dep) {
					return nil, fmt.Errorf("%s: imports %s, outside the sources", at, im[2])
				}
				d, err := read(dep, at)
				if err != nil {
					return nil, err
				}
				for _, n := range strings.Split(im[1], ", ") {
					if !d.exports[n] {
						return nil, fmt.Errorf("%s: imports %s from %s, which does not export it", at, n, dep)
					}
				}
				continue
			}
			if strings.HasPrefix(t, "import ") || strings.HasPrefix(t, "export ") && exportLine.FindString(t) == "" {
				return nil, fmt.Errorf("%s: only `import { a, b } from \"./file.js\";` and `export function|var` are understood", at)
			}
			if ex := exportLine.FindStringSubmatch(line); ex != nil {
				m.exports[ex[1]] = true
				t = strings.TrimPrefix(t, "export ")
			}
			m.body = append(m.body, t)
		}
		if inBlock {
			return nil, fmt.Errorf("%s: a comment that does not end", name)
		}
		state[name] = 2
		mods[name] = m
		order = append(order, m)
		return m, nil
	}
	if _, err := read(entry, ""); err != nil {
		return nil, err
	}

	// One scope: a name declared at the top of two files would be one
	// variable, silently.
	declared := map[string]string{}
	for _, m := range order {
		src, _ := fs.ReadFile(fsys, m.name)
		for i, line := range strings.Split(string(src), "\n") {
			if d := topLevel.FindStringSubmatch(line); d != nil {
				if prev, ok := declared[d[1]]; ok && prev != m.name {
					return nil, fmt.Errorf("%s:%d: %s is declared in %s too; the files share one scope", m.name, i+1, d[1], prev)
				}
				declared[d[1]] = m.name
			}
		}
	}

	var b bytes.Buffer
	b.WriteString(Header)
	b.WriteString("(function () {\n\"use strict\";\n")
	for _, m := range order {
		for _, l := range m.body {
			b.WriteString(l)
			b.WriteByte('\n')
		}
	}
	b.WriteString("})();\n")
	return b.Bytes(), nil
}
