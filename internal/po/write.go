package po

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Width is the column GNU gettext wraps lines at: a string longer than a
// line is continued on the next ones, broken after spaces and after each
// \n.
const Width = 79

// Format writes the file as GNU gettext does: each entry's comments (the
// translator's, extracted, references, flags, previous source), then
// msgctxt, msgid, msgid_plural and msgstr, strings wrapped at Width;
// obsolete entries as #~ lines; a blank line between entries. Parse reads
// back exactly the entries written.
func Format(f *File) []byte {
	var b bytes.Buffer
	for i, e := range f.Entries {
		if i > 0 {
			b.WriteByte('\n')
		}
		writeEntry(&b, e)
	}
	return b.Bytes()
}

func writeEntry(b *bytes.Buffer, e *Entry) {
	comments := func(prefix string, lines []string) {
		for _, l := range lines {
			for _, l := range strings.Split(l, "\n") {
				if l == "" && prefix == "#" {
					b.WriteString("#\n")
					continue
				}
				b.WriteString(prefix)
				b.WriteByte(' ')
				b.WriteString(l)
				b.WriteByte('\n')
			}
		}
	}
	comments("#", e.Comments)
	comments("#.", e.Extracted)
	comments("#:", e.References)
	if len(e.Flags) > 0 {
		b.WriteString("#, ")
		b.WriteString(strings.Join(e.Flags, ", "))
		b.WriteByte('\n')
	}
	prev := "#| "
	main := ""
	if e.Obsolete {
		prev, main = "#~| ", "#~ "
	}
	if p := e.Previous; p.Has() {
		if p.HasContext {
			writeString(b, prev, "msgctxt", p.Context)
		}
		if p.HasID {
			writeString(b, prev, "msgid", p.ID)
		}
		if p.HasIDPlural {
			writeString(b, prev, "msgid_plural", p.IDPlural)
		}
	}
	if e.HasContext {
		writeString(b, main, "msgctxt", e.Context)
	}
	writeString(b, main, "msgid", e.ID)
	if e.Plural {
		writeString(b, main, "msgid_plural", e.IDPlural)
		strs := e.Str
		if len(strs) == 0 {
			strs = []string{""}
		}
		for i, s := range strs {
			writeString(b, main, "msgstr["+strconv.Itoa(i)+"]", s)
		}
		return
	}
	s := ""
	if len(e.Str) > 0 {
		s = e.Str[0]
	}
	writeString(b, main, "msgstr", s)
}

// writeString writes `keyword "s"`, wrapped as gettext wraps it: on one
// line when it fits and holds no newline but at its end; otherwise
// `keyword ""` and then the string on lines of at most Width columns, each
// line broken after a newline or a space.
func writeString(b *bytes.Buffer, prefix, keyword, s string) {
	first := prefix + keyword + ` "`
	segs := strings.SplitAfter(s, "\n")
	if segs[len(segs)-1] == "" {
		segs = segs[:len(segs)-1]
	}
	if len(segs) <= 1 {
		q := escape(s)
		if utf8.RuneCountInString(first)+utf8.RuneCountInString(q)+1 <= Width {
			b.WriteString(first)
			b.WriteString(q)
			b.WriteString("\"\n")
			return
		}
	}
	b.WriteString(first)
	b.WriteString("\"\n")
	room := Width - utf8.RuneCountInString(prefix) - 2
	for _, seg := range segs {
		for _, line := range wrap(escape(seg), room) {
			b.WriteString(prefix)
			b.WriteByte('"')
			b.WriteString(line)
			b.WriteString("\"\n")
		}
	}
}

// wrap breaks an escaped line into lines of at most room columns, each
// after its last space that fits (or, if none does, its first space; a
// line without a space is left whole).
func wrap(q string, room int) []string {
	var out []string
	for utf8.RuneCountInString(q) > room {
		cut, cols := -1, 0
		for i, r := range q {
			cols++
			if r != ' ' {
				continue
			}
			if cols <= room || cut < 0 {
				cut = i + 1
			}
			if cols > room {
				break
			}
		}
		if cut < 0 || cut == len(q) {
			break
		}
		out = append(out, q[:cut])
		q = q[cut:]
	}
	return append(out, q)
}

// escape writes s as the inside of a PO string: \\ and \" escaped, the
// control characters as C escapes (\n, \t… or octal), the rest as it is.
func escape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\':
			b.WriteString(`\\`)
		case '"':
			b.WriteString(`\"`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		case '\a':
			b.WriteString(`\a`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '\v':
			b.WriteString(`\v`)
		default:
			if c < 0x20 || c == 0x7f {
				b.WriteByte('\\')
				b.WriteByte('0' + c>>6)
				b.WriteByte('0' + c>>3&7)
				b.WriteByte('0' + c&7)
				continue
			}
			b.WriteByte(c)
		}
	}
	return b.String()
}
