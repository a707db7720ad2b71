package content

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"reflect"
	"unicode/utf8"

	engine "github.com/fixflow/fixflow/app"
)

// MaxDocument is the largest guide document accepted, in bytes (1 MiB).
const MaxDocument = 1 << 20

// Parse decodes and validates one guide document. name is the file name the
// problems are reported against. Decoding is strict: unknown fields, wrong
// types, null, duplicate keys, trailing data, a byte order mark and invalid
// UTF-8 are errors. The flow is then validated (see Validate).
//
// On success the flow is indexed and carries Hash(data). Otherwise the error
// is a Problems listing every problem found, sorted by position, each naming
// file:line:col and the JSON path.
func Parse(name string, data []byte) (*engine.Flow, error) {
	f, probs := parse(name, data)
	if len(probs) > 0 {
		return nil, probs
	}
	return f, nil
}

// Hash is the content hash of a document: the first 6 bytes of its SHA-256
// in unpadded base64url (8 characters).
func Hash(data []byte) string {
	sum := sha256.Sum256(data)
	return base64.RawURLEncoding.EncodeToString(sum[:6])
}

var flowType = reflect.TypeFor[engine.Flow]()

// parse decodes and validates; the flow is nil when problems were found.
func parse(name string, data []byte) (*engine.Flow, Problems) {
	if len(data) > MaxDocument {
		return nil, Problems{{File: name, Line: 1, Col: 1,
			Msg: fmt.Sprintf("document is %d bytes, over the %d-byte (1 MiB) limit; shorten the guide", len(data), MaxDocument)}}
	}
	if bytes.HasPrefix(data, []byte("\uFEFF")) {
		return nil, Problems{{File: name, Line: 1, Col: 1,
			Msg: "file starts with a byte order mark (BOM); save it as UTF-8 without BOM"}}
	}
	loc, raw := scan(data, flowType)
	r := &reporter{file: name, loc: loc}
	if bad := invalidUTF8(data); bad >= 0 {
		r.add(bad, loc.enclosing(bad), fmt.Sprintf("invalid UTF-8 (byte 0x%02x); save the file as UTF-8", data[bad]))
	}
	for _, p := range raw {
		r.add(p.off, p.path, p.msg)
	}
	if len(r.probs) > 0 {
		r.probs.Sort()
		return nil, r.probs
	}
	f := new(engine.Flow)
	if err := safeUnmarshal(data, f); err != nil {
		r.add(0, "", "cannot decode the guide: "+err.Error())
		return nil, r.probs
	}
	validate(f, r)
	if len(r.probs) > 0 {
		r.probs.Sort()
		return nil, r.probs
	}
	f.Index()
	f.SetHash(Hash(data))
	remember(f, loc)
	return f, nil
}

// safeUnmarshal turns a panic of the JSON library into an error.
func safeUnmarshal(data []byte, v any) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("decoder panic: %v", p)
		}
	}()
	return unmarshal(data, v)
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
