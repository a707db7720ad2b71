package po

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Error is a problem with a PO file, at a line of it.
type Error struct {
	File string
	Line int // 1-based
	Msg  string
}

func (e *Error) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// Parse reads a PO file; name is what errors call it. It accepts what
// translators' tools write: a byte order mark, CRLF line ends, strings
// continued on the lines after their keyword, obsolete entries (#~) and
// previous sources (#|, #~|), comments of every kind. Anything else is an
// *Error naming the first line that is wrong: an unknown keyword, a string
// not closed, an unknown escape, a msgstr missing, msgstr[n] out of order,
// text that is not UTF-8.
//
// Comments after the last entry belong to no entry and are dropped.
func Parse(name string, data []byte) (*File, error) {
	p := &parser{name: name, f: &File{}}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	n := 0
	for len(data) > 0 {
		n++
		var line []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			line, data = data, nil
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		if err := p.line(n, line); err != nil {
			return nil, err
		}
	}
	if err := p.end(n + 1); err != nil {
		return nil, err
	}
	return p.f, nil
}

// The parts of an entry, in the order they come.
const (
	phComments = iota // comments (and #| previous fields), nothing else yet
	phContext         // after msgctxt
	phID              // after msgid
	phPlural          // after msgid_plural
	phStr             // after msgstr or msgstr[n]: the entry is complete
)

// What a continuation line ("…" alone) continues.
const (
	contNone = iota
	contMain
	contPrevious
)

type parser struct {
	name  string
	f     *File
	e     *Entry // the entry being read; nil before its first line
	phase int
	// The string a continuation line adds to, what kind of line it was
	// on (contMain, contPrevious) and whether that line was obsolete.
	last         *string
	lastKind     int
	lastObsolete bool
}

func (p *parser) errorf(line int, format string, args ...any) error {
	return &Error{File: p.name, Line: line, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) line(n int, raw []byte) error {
	if !utf8.Valid(raw) {
		return p.errorf(n, "not UTF-8 text; save the file as UTF-8")
	}
	if bytes.IndexByte(raw, '\r') >= 0 {
		return p.errorf(n, "a carriage return (CR) inside a line; lines end with LF or CRLF")
	}
	t := strings.TrimLeft(string(raw), " \t")
	if t == "" {
		if p.phase == phStr {
			p.finish()
		}
		p.last, p.lastKind = nil, contNone
		return nil
	}
	if t[0] != '#' {
		return p.keyword(n, t, false)
	}
	if len(t) == 1 {
		return p.comment(n, commentTranslator, "")
	}
	switch rest := t[2:]; t[1] {
	case '~':
		rest = strings.TrimLeft(rest, " \t")
		if strings.HasPrefix(rest, "|") {
			return p.previous(n, rest[1:], true)
		}
		if rest == "" {
			return p.errorf(n, "an empty obsolete (#~) line")
		}
		return p.keyword(n, rest, true)
	case '|':
		return p.previous(n, rest, false)
	case ',':
		if err := p.beforeEntry(n, "a flags (#,) comment"); err != nil {
			return err
		}
		e := p.entry(n)
		for _, f := range strings.Split(rest, ",") {
			if f = strings.TrimSpace(f); f != "" {
				e.Flags = append(e.Flags, f)
			}
		}
		return nil
	case '.':
		return p.comment(n, commentExtracted, rest)
	case ':':
		return p.comment(n, commentReference, rest)
	default:
		return p.comment(n, commentTranslator, t[1:])
	}
}

// beforeEntry checks that a comment comes before an entry's keywords,
// finishing the entry before it if that one is complete.
func (p *parser) beforeEntry(n int, what string) error {
	switch p.phase {
	case phStr:
		p.finish()
	case phComments:
	default:
		return p.errorf(n, "%s inside an entry, before its msgstr; comments go before msgctxt or msgid", what)
	}
	p.last, p.lastKind = nil, contNone
	return nil
}

// The kinds of comment lines.
const (
	commentTranslator = iota // "# …"
	commentExtracted         // "#. …"
	commentReference         // "#: …"
)

// comment adds a comment line's text (less one leading space) to the entry
// it comes before.
func (p *parser) comment(n, kind int, text string) error {
	if err := p.beforeEntry(n, "a comment"); err != nil {
		return err
	}
	e := p.entry(n)
	text = strings.TrimPrefix(text, " ")
	switch kind {
	case commentTranslator:
		e.Comments = append(e.Comments, text)
	case commentExtracted:
		e.Extracted = append(e.Extracted, text)
	default:
		e.References = append(e.References, text)
	}
	return nil
}

// entry returns the entry being read, starting one at line n if none is.
func (p *parser) entry(n int) *Entry {
	if p.e == nil {
		p.e = &Entry{Line: n}
		p.phase = phComments
	}
	return p.e
}

// finish adds the complete entry being read to the file.
func (p *parser) finish() {
	p.f.Entries = append(p.f.Entries, p.e)
	p.e, p.phase = nil, phComments
	p.last, p.lastKind = nil, contNone
}

// end checks the entry left at the end of the file.
func (p *parser) end(n int) error {
	switch p.phase {
	case phStr:
		p.finish()
	case phComments:
		p.e = nil // comments that belong to no entry
	default:
		line := p.e.IDLine
		if line == 0 {
			line = p.e.Line
		}
		return p.errorf(line, "the entry has no msgstr; the file ends first")
	}
	return nil
}

// previous reads a #| line (#~| when obsolete): a previous msgctxt, msgid
// or msgid_plural, or a continuation of one.
func (p *parser) previous(n int, rest string, obsolete bool) error {
	rest = strings.TrimLeft(rest, " \t")
	if strings.HasPrefix(rest, `"`) {
		if p.last == nil || p.lastKind != contPrevious || p.lastObsolete != obsolete {
			return p.errorf(n, "a continued string (#| \"…\") that continues nothing; it goes right after a #| msgid or #| msgctxt line")
		}
		s, err := p.unquote(n, rest)
		if err != nil {
			return err
		}
		*p.last += s
		return nil
	}
	if err := p.beforeEntry(n, "a previous-source (#|) comment"); err != nil {
		return err
	}
	e := p.entry(n)
	kw, lit := splitKeyword(rest)
	s, err := p.unquote(n, lit)
	if err != nil {
		return err
	}
	pr := &e.Previous
	if pr.Line == 0 {
		pr.Line = n
	}
	switch kw {
	case "msgctxt":
		if pr.HasContext || pr.HasID {
			return p.errorf(n, "#| msgctxt comes once, before #| msgid")
		}
		pr.Context, pr.HasContext, p.last = s, true, &pr.Context
	case "msgid":
		if pr.HasID {
			return p.errorf(n, "a second #| msgid in one entry")
		}
		pr.ID, pr.HasID, p.last = s, true, &pr.ID
	case "msgid_plural":
		if !pr.HasID || pr.HasIDPlural {
			return p.errorf(n, "#| msgid_plural comes once, after #| msgid")
		}
		pr.IDPlural, pr.HasIDPlural, p.last = s, true, &pr.IDPlural
	default:
		return p.errorf(n, "#| %q: a previous-source comment holds msgctxt, msgid or msgid_plural", kw)
	}
	p.lastKind, p.lastObsolete = contPrevious, obsolete
	return nil
}

// splitKeyword splits "msgid \"…\"" into the keyword and the rest.
func splitKeyword(t string) (kw, rest string) {
	i := strings.IndexAny(t, " \t\"")
	if i < 0 {
		return t, ""
	}
	return t[:i], strings.TrimLeft(t[i:], " \t")
}

// keyword reads a line of an entry: msgctxt, msgid, msgid_plural, msgstr,
// msgstr[n], or a continuation string; obsolete when it came after #~.
func (p *parser) keyword(n int, t string, obsolete bool) error {
	if t[0] == '"' {
		if p.last == nil || p.lastKind != contMain || p.lastObsolete != obsolete {
			return p.errorf(n, "a string on a line of its own that continues nothing; it goes right after a msgid, msgstr or another such line")
		}
		s, err := p.unquote(n, t)
		if err != nil {
			return err
		}
		*p.last += s
		return nil
	}
	kw, lit := splitKeyword(t)
	if lit == "" || lit[0] != '"' {
		if !validKeyword(kw) {
			return p.errorf(n, "unknown keyword %q; a PO entry has msgctxt, msgid, msgid_plural and msgstr", clip(kw))
		}
		return p.errorf(n, "%s needs a string in double quotes after it", kw)
	}
	s, err := p.unquote(n, lit)
	if err != nil {
		return err
	}
	if p.phase == phStr && (kw == "msgctxt" || kw == "msgid") {
		p.finish()
	}
	e := p.entry(n)
	if p.phase != phComments && e.Obsolete != obsolete {
		return p.errorf(n, "an entry mixes obsolete (#~) lines and others")
	}
	e.Obsolete = obsolete
	switch {
	case kw == "msgctxt":
		if p.phase != phComments {
			return p.errorf(n, "msgctxt after msgid: the context comes first, and once")
		}
		e.Context, e.HasContext, p.last = s, true, &e.Context
		p.phase = phContext
	case kw == "msgid":
		if p.phase != phComments && p.phase != phContext {
			return p.errorf(n, "a second msgid before the first one's msgstr")
		}
		e.ID, e.IDLine, p.last = s, n, &e.ID
		p.phase = phID
	case kw == "msgid_plural":
		if p.phase != phID {
			return p.errorf(n, "msgid_plural goes right after msgid, once")
		}
		e.IDPlural, e.Plural, p.last = s, true, &e.IDPlural
		p.phase = phPlural
	case kw == "msgstr":
		switch p.phase {
		case phID:
		case phPlural:
			return p.errorf(n, "a plural (msgid_plural) takes msgstr[0], msgstr[1]…, not msgstr")
		case phStr:
			return p.errorf(n, "a second msgstr in one entry")
		default:
			return p.errorf(n, "msgstr before msgid")
		}
		e.Str, e.StrLine = []string{s}, n
		p.last = &e.Str[0]
		p.phase = phStr
	case strings.HasPrefix(kw, "msgstr[") && strings.HasSuffix(kw, "]"):
		i, err := strconv.Atoi(kw[len("msgstr[") : len(kw)-1])
		if err != nil || i < 0 {
			return p.errorf(n, "%s: the index of a plural form is a number from 0", clip(kw))
		}
		switch {
		case p.phase == phPlural && i == 0:
			e.StrLine = n
		case p.phase == phStr && e.Plural && i == len(e.Str):
		case !e.Plural && (p.phase == phID || p.phase == phStr):
			return p.errorf(n, "msgstr[%d] without msgid_plural: only a plural has forms", i)
		case p.phase == phPlural || p.phase == phStr:
			return p.errorf(n, "msgstr[%d] out of order: want msgstr[%d]", i, len(e.Str))
		default:
			return p.errorf(n, "msgstr[%d] before msgid", i)
		}
		if i > 99 {
			return p.errorf(n, "msgstr[%d]: no language has that many plural forms", i)
		}
		e.Str = append(e.Str, s)
		p.last = &e.Str[i]
		p.phase = phStr
	default:
		return p.errorf(n, "unknown keyword %q; a PO entry has msgctxt, msgid, msgid_plural and msgstr", clip(kw))
	}
	p.lastKind, p.lastObsolete = contMain, obsolete
	return nil
}

func validKeyword(kw string) bool {
	switch kw {
	case "msgctxt", "msgid", "msgid_plural", "msgstr":
		return true
	}
	return strings.HasPrefix(kw, "msgstr[")
}

// clip shortens what an error quotes.
func clip(s string) string {
	if len(s) > 40 {
		i := 40
		for i > 0 && !utf8.RuneStart(s[i]) {
			i--
		}
		return s[:i] + "…"
	}
	return s
}

// unquote reads a string literal that is the rest of a line: "…" with C
// escapes, then nothing but white space.
func (p *parser) unquote(n int, lit string) (string, error) {
	if lit == "" || lit[0] != '"' {
		return "", p.errorf(n, "want a string in double quotes")
	}
	var b strings.Builder
	i := 1
	for {
		if i >= len(lit) {
			return "", p.errorf(n, "the string is not closed: a \" is missing at the end of the line")
		}
		c := lit[i]
		if c == '"' {
			i++
			break
		}
		if c != '\\' {
			b.WriteByte(c)
			i++
			continue
		}
		i++
		if i >= len(lit) {
			return "", p.errorf(n, "the string is not closed: the line ends in a \\")
		}
		c = lit[i]
		i++
		switch c {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case 'a':
			b.WriteByte('\a')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'v':
			b.WriteByte('\v')
		case '\\', '"', '\'', '?':
			b.WriteByte(c)
		case '0', '1', '2', '3', '4', '5', '6', '7':
			v := int(c - '0')
			for k := 0; k < 2 && i < len(lit) && '0' <= lit[i] && lit[i] <= '7'; k++ {
				v = v*8 + int(lit[i]-'0')
				i++
			}
			if v > 0xff {
				return "", p.errorf(n, "the octal escape \\%o is over \\377", v)
			}
			b.WriteByte(byte(v))
		case 'x':
			v, k := 0, 0
			for ; k < 2 && i < len(lit) && isHex(lit[i]); k++ {
				v = v*16 + hexVal(lit[i])
				i++
			}
			if k == 0 {
				return "", p.errorf(n, "\\x needs hexadecimal digits after it")
			}
			b.WriteByte(byte(v))
		default:
			r, _ := utf8.DecodeRuneInString(lit[i-1:])
			return "", p.errorf(n, "unknown escape \\%c; write a backslash as \\\\", r)
		}
	}
	if strings.TrimLeft(lit[i:], " \t") != "" {
		return "", p.errorf(n, "text after the string's closing quote: %q", clip(strings.TrimSpace(lit[i:])))
	}
	s := b.String()
	if !utf8.ValidString(s) {
		return "", p.errorf(n, "the string's escapes make text that is not UTF-8")
	}
	return s, nil
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func hexVal(c byte) int {
	switch {
	case c <= '9':
		return int(c - '0')
	case c >= 'a':
		return int(c-'a') + 10
	}
	return int(c-'A') + 10
}
