// Package lint checks guide documents: a scanner that locates every value of
// a document (so each problem names file:line:col and its JSON path), and
// the rules a guide must follow. Parse checks one document, Library a set of
// them (each alone, its file name, and the languages of each guide against
// each other) and makes the content.Library the server serves; Embedded does
// so for the guides built into the binary.
//
// The wasm never links this package: it decodes the embedded guides that
// lint has already accepted (content.Embedded).
package lint

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/content"
)

// MaxDocument is the largest guide document accepted, in bytes (1 MiB).
const MaxDocument = 1 << 20

// CheckSize returns the problem of a document of size bytes when that is
// over MaxDocument, else nil. Parse checks it; a reader that knows a file's
// size checks it first, so as not to read a huge file (fixflow lint).
func CheckSize(name string, size int64) *Problem {
	if size <= MaxDocument {
		return nil
	}
	return &Problem{File: name, Line: 1, Col: 1,
		Msg: fmt.Sprintf("document is %d bytes, over the %d-byte (1 MiB) limit; shorten the guide", size, MaxDocument)}
}

// Doc is a document Parse accepted: its source, the flow decoded from it and
// where each value of the flow is in it.
type Doc struct {
	content.Source
	Flow *engine.Flow
	Pos  *Positions
}

var flowType = reflect.TypeFor[engine.Flow]()

// Parse checks one guide document and decodes it, once (content.Decode).
// name is the file name the problems are reported against. Decoding is
// strict: unknown fields, wrong types, null, duplicate keys, trailing data,
// a byte order mark and invalid UTF-8 are errors. The flow is then
// validated (see Validate).
//
// On success the Doc holds the indexed flow and its positions, for the
// checks across documents (CheckLanguages). Otherwise the error is a
// Problems listing every problem found, sorted by position, each naming
// file:line:col and the JSON path.
func Parse(name string, data []byte) (*Doc, error) {
	return parse(name, data, time.Now())
}

func parse(name string, data []byte, now time.Time) (*Doc, error) {
	if p := CheckSize(name, int64(len(data))); p != nil {
		return nil, Problems{*p}
	}
	if bytes.HasPrefix(data, []byte("\uFEFF")) {
		return nil, Problems{{File: name, Line: 1, Col: 1,
			Msg: "file starts with a byte order mark (BOM); save it as UTF-8 without BOM"}}
	}
	pos, raw := scan(data, flowType)
	r := &reporter{file: name, pos: pos, now: now}
	if bad := invalidUTF8(data); bad >= 0 {
		r.add(bad, pos.enclosing(bad), fmt.Sprintf("invalid UTF-8 (byte 0x%02x); save the file as UTF-8", data[bad]))
	}
	for _, p := range raw {
		r.add(p.off, p.path, p.msg)
	}
	if len(r.probs) > 0 {
		r.probs.Sort()
		return nil, r.probs
	}
	// The scan has accepted the document, so it decodes into the flow
	// without loss or surprise: decode it once, with the native codec.
	f, err := content.Decode(name, data)
	if err != nil {
		r.add(0, "", "cannot decode the guide: "+errors.Unwrap(err).Error())
		return nil, r.probs
	}
	validate(f, r)
	if len(r.probs) > 0 {
		r.probs.Sort()
		return nil, r.probs
	}
	return &Doc{Source: content.Source{Name: name, Data: data}, Flow: f, Pos: pos}, nil
}

// invalidUTF8 returns the offset of the first byte that is not valid UTF-8,
// or -1.
func invalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// Library checks the documents as a set: each one alone (Parse), its file
// name against its id and lang, and the languages of each guide against
// each other (CheckLanguages). It returns the library of the decoded flows
// (each document decoded once), or a Problems. It reads no file: the files
// of the guides' images are not checked (Options.Library does), nor their
// governance.
func Library(srcs []content.Source) (*content.Library, error) {
	lib, _, err := Options{MaxAge: -1}.Library(srcs)
	return lib, err
}

// Options are what a check of documents needs beyond them.
type Options struct {
	// Files returns the content directory of the document named doc: the
	// file system its images' src ("images/x.svg") are read from. Nil: the
	// image files are not checked. DirFiles reads them beside a document
	// on disk.
	Files func(doc string) fs.FS
	// MaxAge is how long a check's verification holds: a check verified
	// longer ago is a warning. Zero is DefaultMaxAge; below zero, no
	// check is warned about (sources and verification are not looked at).
	MaxAge time.Duration
	// Now is when ages are counted to and what is the future; zero:
	// time.Now().
	Now time.Time
}

// DirFiles is the content directory of a guide document on disk: the
// parent of its directory (content/guides/x.en.json → content/).
func DirFiles(doc string) fs.FS {
	return os.DirFS(filepath.Dir(filepath.Dir(filepath.Clean(doc))))
}

// Library checks the documents as the package's Library does, then the
// files of their images (when o.Files is set) and their governance. It
// returns the library, or nil and a Problems error; and the warnings,
// which never stop a document from loading (with MaxAge < 0, none).
func (o Options) Library(srcs []content.Source) (*content.Library, Problems, error) {
	now := o.Now
	if now.IsZero() {
		now = time.Now()
	}
	maxAge := o.MaxAge
	if maxAge == 0 {
		maxAge = DefaultMaxAge
	}
	var probs, warns Problems
	var docs []*Doc
	for _, src := range srcs {
		d, err := parse(src.Name, src.Data, now)
		if err != nil {
			probs = append(probs, err.(Problems)...)
			continue
		}
		if p := checkFileName(d); p != nil {
			probs = append(probs, *p)
			continue
		}
		if o.Files != nil {
			r := &reporter{file: d.Name, pos: d.Pos}
			checkImageFiles(r, d.Flow, o.Files(d.Name))
			if len(r.probs) > 0 {
				probs = append(probs, r.probs...)
				continue
			}
		}
		if maxAge > 0 {
			r := &reporter{file: d.Name, pos: d.Pos, warn: true}
			governance(r, d.Flow, now, maxAge)
			warns = append(warns, r.probs...)
		}
		docs = append(docs, d)
	}
	probs = append(probs, CheckLanguages(docs)...)
	warns.Sort()
	if len(probs) > 0 {
		probs.Sort()
		return nil, warns, probs
	}
	cds := make([]content.Doc, len(docs))
	for i, d := range docs {
		cds[i] = content.Doc{Source: d.Source, Flow: d.Flow}
	}
	return content.Assemble(cds), warns, nil
}

// checkFileName checks that a document's file is named <id>.<lang>.json.
func checkFileName(d *Doc) *Problem {
	want := d.Flow.ID + "." + d.Flow.Lang + ".json"
	if path.Base(strings.ReplaceAll(d.Name, "\\", "/")) == want {
		return nil
	}
	r := &reporter{file: d.Name, pos: d.Pos}
	r.at("id", "the file of guide %q in %q must be named %s; rename the file or fix id and lang", d.Flow.ID, d.Flow.Lang, want)
	return &r.probs[0]
}

var embedded struct {
	once sync.Once
	lib  *content.Library
	err  error
}

// Embedded checks the guides built into the binary (content.EmbeddedSources)
// with Library, and their images (content.EmbeddedFiles), once: the server
// and the CLI refuse a binary whose guides are not valid. Its problems name
// the files as content/guides/<file>.
func Embedded() (*content.Library, error) {
	embedded.once.Do(func() {
		srcs, err := content.EmbeddedSources()
		if err != nil {
			embedded.err = err
			return
		}
		embedded.lib, _, embedded.err = Options{Files: func(string) fs.FS { return content.EmbeddedFiles() }, MaxAge: -1}.Library(srcs)
	})
	return embedded.lib, embedded.err
}
