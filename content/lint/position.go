package lint

import (
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Positions maps JSON paths of one document to byte offsets, and byte offsets
// to lines and columns.
type Positions struct {
	data  []byte
	lines []int           // offset of the start of each line
	val   map[string]int  // path -> offset of the value's first byte
	key   map[string]int  // path -> offset of the key naming it, for object fields
	str   map[string]bool // paths of values written as a string where an object may be (stringForms)
}

func newPositions(data []byte) *Positions {
	l := &Positions{data: data, lines: []int{0}, val: map[string]int{}, key: map[string]int{}, str: map[string]bool{}}
	for i, c := range data {
		if c == '\n' {
			l.lines = append(l.lines, i+1)
		}
	}
	return l
}

// lineCol converts a byte offset to a 1-based line and a 1-based byte column.
func (l *Positions) lineCol(off int) (line, col int) {
	off = max(0, min(off, len(l.data)))
	i := sort.Search(len(l.lines), func(i int) bool { return l.lines[i] > off }) - 1
	return i + 1, off - l.lines[i] + 1
}

// value returns the offset of the value at path, or of its nearest ancestor
// that has one (the whole document at worst).
func (l *Positions) value(path string) int {
	for {
		if off, ok := l.val[path]; ok {
			return off
		}
		if path == "" {
			return 0
		}
		path = parentPath(path)
	}
}

// field returns the offset of the key of the field at path, or value(path)
// when it has no key.
func (l *Positions) field(path string) int {
	if off, ok := l.key[path]; ok {
		return off
	}
	return l.value(path)
}

// inString returns the offset in the document of byte i of the decoded
// string value at path, stepping over JSON escapes; if the value is not a
// string it returns value(path).
func (l *Positions) inString(path string, i int) int {
	off := l.value(path)
	if _, ok := l.val[path]; !ok || off >= len(l.data) || l.data[off] != '"' {
		return off
	}
	d := l.data
	p, n := off+1, 0 // p: raw offset, n: decoded bytes so far
	for p < len(d) && d[p] != '"' && n < i {
		if d[p] != '\\' || p+1 >= len(d) {
			p++
			n++
			continue
		}
		if d[p+1] != 'u' {
			p += 2
			n++
			continue
		}
		r, size := decodeUnicodeEscape(d[p:])
		p += size
		n += utf8.RuneLen(r)
	}
	return p
}

// decodeUnicodeEscape decodes \uXXXX (or a surrogate pair of them) at the
// start of b, returning the rune (U+FFFD if invalid) and the raw length.
func decodeUnicodeEscape(b []byte) (rune, int) {
	hex := func(b []byte) (rune, bool) {
		if len(b) < 6 || b[0] != '\\' || b[1] != 'u' {
			return 0, false
		}
		v, err := strconv.ParseUint(string(b[2:6]), 16, 32)
		return rune(v), err == nil
	}
	r, ok := hex(b)
	if !ok {
		return utf8.RuneError, 2
	}
	if 0xD800 <= r && r < 0xDC00 {
		if r2, ok := hex(b[6:]); ok && 0xDC00 <= r2 && r2 < 0xE000 {
			return (r-0xD800)<<10 + (r2 - 0xDC00) + 0x10000, 12
		}
		return utf8.RuneError, 6
	}
	if 0xDC00 <= r && r < 0xE000 {
		return utf8.RuneError, 6
	}
	return r, 6
}

// enclosing returns the path of the innermost recorded value starting at or
// before off (used to name where an invalid byte is).
func (l *Positions) enclosing(off int) string {
	best, bestOff := "", -1
	for p, o := range l.val {
		if o <= off && (o > bestOff || (o == bestOff && len(p) > len(best))) {
			best, bestOff = p, o
		}
	}
	return best
}

// Path building. Paths look like JavaScript: nodes[3].options[0].next,
// strings.fixed_yes, strings["odd key"].

func fieldPath(parent, name string) string {
	if parent == "" {
		return name
	}
	return parent + "." + name
}

func indexPath(parent string, i int) string {
	return parent + "[" + strconv.Itoa(i) + "]"
}

// keyPath is fieldPath for a map key that may need quoting.
func keyPath(parent, key string) string {
	if key != "" && strings.Trim(key, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == "" {
		return fieldPath(parent, key)
	}
	return parent + "[" + strconv.Quote(key) + "]"
}

// parentPath strips the last step of a path.
func parentPath(path string) string {
	if strings.HasSuffix(path, "]") {
		if strings.HasSuffix(path, "\"]") {
			if i := strings.LastIndex(path, "[\""); i >= 0 {
				return path[:i]
			}
		}
		if i := strings.LastIndexByte(path, '['); i >= 0 {
			return path[:i]
		}
	}
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		return path[:i]
	}
	return ""
}
