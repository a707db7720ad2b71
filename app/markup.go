package app

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"
)

// InlineKind is what a span of inline markup is.
type InlineKind int

// The inline kinds.
const (
	// InlineText is plain text.
	InlineText InlineKind = iota
	// InlineEmphasis is *emphasised* text.
	InlineEmphasis
	// InlineUI is an on-screen label the user looks for: {Settings}.
	InlineUI
	// InlineLink is [link text](https://example.com): Text and URL.
	InlineLink
)

// String names the kind.
func (k InlineKind) String() string {
	switch k {
	case InlineText:
		return "text"
	case InlineEmphasis:
		return "emphasis"
	case InlineUI:
		return "ui"
	case InlineLink:
		return "link"
	}
	return "InlineKind(" + strconv.Itoa(int(k)) + ")"
}

// Inline is one span of parsed inline markup. Text is unescaped; URL is set
// for links only.
type Inline struct {
	Kind      InlineKind
	Text, URL string
}

// MarkupError is a syntax error in inline markup. Offset is the byte offset in
// the parsed string where the problem is.
type MarkupError struct {
	Offset int
	Msg    string
}

func (e *MarkupError) Error() string {
	return "markup at byte " + strconv.Itoa(e.Offset) + ": " + e.Msg
}

// ParseInline parses inline markup:
//
//	*emphasis*                 emphasis
//	{UI label}                 a label shown on screen
//	[link text](https://url)   a link; https only
//	\x                         the character x, literally
//
// Spans do not nest. It refuses unclosed or stray delimiters, empty spans, a
// link without (url) or with a non-https url, a trailing backslash, and a
// raw '<' followed by a letter, '/' or '!' (it looks like HTML: write \< ).
// Adjacent text is merged; an empty string gives no spans.
func ParseInline(s string) ([]Inline, error) {
	p := markupParser{s: s}
	return p.parse()
}

type markupParser struct {
	s   string
	i   int
	out []Inline
}

func (p *markupParser) errf(off int, msg string) error {
	return &MarkupError{Offset: off, Msg: msg}
}

func (p *markupParser) emit(k InlineKind, text, url string) {
	if k == InlineText {
		if text == "" {
			return
		}
		if n := len(p.out); n > 0 && p.out[n-1].Kind == InlineText {
			p.out[n-1].Text += text
			return
		}
	}
	p.out = append(p.out, Inline{Kind: k, Text: text, URL: url})
}

// LooksLikeHTML reports whether the byte at s[i] is a '<' that starts
// something like an HTML tag, a closing tag or a comment: '<' followed by a
// letter, '/' or '!'. Guide texts may not hold one unescaped, in markup
// (ParseInline) or in plain text (content/lint): every check of a text for
// HTML uses this test.
func LooksLikeHTML(s string, i int) bool {
	if i < 0 || i+1 >= len(s) || s[i] != '<' {
		return false
	}
	c := s[i+1]
	return c == '/' || c == '!' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
}

func (p *markupParser) parse() ([]Inline, error) {
	var text strings.Builder
	flush := func() {
		p.emit(InlineText, text.String(), "")
		text.Reset()
	}
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '\\':
			r, err := p.escape()
			if err != nil {
				return nil, err
			}
			text.WriteString(r)
		case c == '*':
			flush()
			if err := p.span(InlineEmphasis, '*', "*emphasis*"); err != nil {
				return nil, err
			}
		case c == '{':
			flush()
			if err := p.span(InlineUI, '}', "{label}"); err != nil {
				return nil, err
			}
		case c == '[':
			flush()
			if err := p.link(); err != nil {
				return nil, err
			}
		case c == '}' || c == ']':
			return nil, p.errf(p.i, "stray '"+string(c)+"' with no opening one; escape it as \\"+string(c))
		case LooksLikeHTML(p.s, p.i):
			return nil, p.errf(p.i, "'<' followed by a letter or '/' looks like HTML, which is not allowed; use the markup (*emphasis*, {label}, [text](https://url)) or escape it as \\<")
		default:
			text.WriteByte(c)
			p.i++
		}
	}
	flush()
	return p.out, nil
}

// escape consumes a backslash and the character after it, returning that
// character.
func (p *markupParser) escape() (string, error) {
	if p.i+1 >= len(p.s) {
		return "", p.errf(p.i, "trailing backslash escapes nothing; remove it or write \\\\ for a backslash")
	}
	_, size := utf8.DecodeRuneInString(p.s[p.i+1:])
	r := p.s[p.i+1 : p.i+1+size]
	p.i += 1 + size
	return r, nil
}

// spanText reads the text of a span opened at p.i up to the unescaped byte
// closer, refusing other markup inside it. It leaves p.i after the closer.
func (p *markupParser) spanText(closer byte, what string) (string, error) {
	open := p.i
	p.i++
	var text strings.Builder
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == closer:
			p.i++
			if strings.TrimSpace(text.String()) == "" {
				return "", p.errf(open, "empty "+what+"; put text inside it or remove it")
			}
			return text.String(), nil
		case c == '\\':
			r, err := p.escape()
			if err != nil {
				return "", err
			}
			text.WriteString(r)
		case c == '*' || c == '{' || c == '}' || c == '[' || c == ']':
			return "", p.errf(p.i, "'"+string(c)+"' inside "+what+": markup does not nest; escape it as \\"+string(c))
		case LooksLikeHTML(p.s, p.i):
			return "", p.errf(p.i, "'<' followed by a letter or '/' looks like HTML, which is not allowed; escape it as \\<")
		default:
			text.WriteByte(c)
			p.i++
		}
	}
	return "", p.errf(open, "unclosed '"+string(p.s[open])+"' of "+what+"; close it with '"+string(closer)+"' or escape it as \\"+string(p.s[open]))
}

func (p *markupParser) span(k InlineKind, closer byte, what string) error {
	t, err := p.spanText(closer, what)
	if err != nil {
		return err
	}
	p.emit(k, t, "")
	return nil
}

func (p *markupParser) link() error {
	open := p.i
	t, err := p.spanText(']', "[link text](https://url)")
	if err != nil {
		return err
	}
	if p.i >= len(p.s) || p.s[p.i] != '(' {
		return p.errf(open, "link [text] has no (https://url) right after it; add one, or escape the brackets as \\[ \\]")
	}
	urlStart := p.i + 1
	end := strings.IndexByte(p.s[urlStart:], ')')
	if end < 0 {
		return p.errf(p.i, "unclosed '(' of a link url; close it with ')'")
	}
	u := p.s[urlStart : urlStart+end]
	if err := CheckLink(u); err != nil {
		return p.errf(urlStart, err.Error())
	}
	p.i = urlStart + end + 1
	p.emit(InlineLink, t, u)
	return nil
}

// CheckLink returns why u cannot be the URL of a link in a guide, or nil.
// A link is https://host/… (https in lower case), with no user info, that
// net/url parses, and without a space, a control character or any of
// " < > \ ` (they would need escaping in an attribute or in markup: write
// them percent-encoded). Markup links ([text](url)) and a node's links
// (content/lint) are both checked with it.
func CheckLink(u string) error {
	if u == "" {
		return errors.New("empty link url; write https://…")
	}
	for i := 0; i < len(u); i++ {
		if c := u[i]; c <= ' ' || c == 0x7f || strings.IndexByte("\"<>\\`", c) >= 0 {
			return fmt.Errorf("link url %q contains a space, a control character or one of \"<>\\`; percent-encode it", u)
		}
	}
	if !strings.HasPrefix(u, "https://") {
		return fmt.Errorf("link url %q is not https; only https://… links are allowed", u)
	}
	parsed, err := url.Parse(u)
	if err != nil {
		return fmt.Errorf("link url %q does not parse (%v); fix it", u, errors.Unwrap(err))
	}
	if parsed.Host == "" || parsed.User != nil {
		return fmt.Errorf("link url %q has no host (or has user info); write https://host/…", u)
	}
	return nil
}

// FormatInline writes spans back as markup, escaping what needs it, so that
// ParseInline(FormatInline(spans)) gives the spans back for any spans
// ParseInline returned.
func FormatInline(spans []Inline) string {
	var b strings.Builder
	for _, sp := range spans {
		switch sp.Kind {
		case InlineEmphasis:
			b.WriteByte('*')
			escapeMarkup(&b, sp.Text)
			b.WriteByte('*')
		case InlineUI:
			b.WriteByte('{')
			escapeMarkup(&b, sp.Text)
			b.WriteByte('}')
		case InlineLink:
			b.WriteByte('[')
			escapeMarkup(&b, sp.Text)
			b.WriteString("](")
			b.WriteString(sp.URL)
			b.WriteByte(')')
		default:
			escapeMarkup(&b, sp.Text)
		}
	}
	return b.String()
}

func escapeMarkup(b *strings.Builder, s string) {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\', '*', '{', '}', '[', ']', '<':
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
}

// PlainText returns the text of spans without markup.
func PlainText(spans []Inline) string {
	var b strings.Builder
	for _, sp := range spans {
		b.WriteString(sp.Text)
	}
	return b.String()
}
