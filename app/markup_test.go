package app

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseInline(t *testing.T) {
	tests := []struct {
		in   string
		want []Inline
	}{
		{"", nil},
		{"plain text", []Inline{{Kind: InlineText, Text: "plain text"}}},
		{"Look under the *last* message.", []Inline{
			{Kind: InlineText, Text: "Look under the "},
			{Kind: InlineEmphasis, Text: "last"},
			{Kind: InlineText, Text: " message."},
		}},
		{"Open {Settings} > {Wi-Fi}.", []Inline{
			{Kind: InlineText, Text: "Open "},
			{Kind: InlineUI, Text: "Settings"},
			{Kind: InlineText, Text: " > "},
			{Kind: InlineUI, Text: "Wi-Fi"},
			{Kind: InlineText, Text: "."},
		}},
		{"See [Apple status](https://www.apple.com/support/systemstatus/).", []Inline{
			{Kind: InlineText, Text: "See "},
			{Kind: InlineLink, Text: "Apple status", URL: "https://www.apple.com/support/systemstatus/"},
			{Kind: InlineText, Text: "."},
		}},
		{`2 \* 3 \{x\} \[y\] \\ \<b>`, []Inline{{Kind: InlineText, Text: `2 * 3 {x} [y] \ <b>`}}},
		{`*a \* b*`, []Inline{{Kind: InlineEmphasis, Text: "a * b"}}},
		{"a < b, 1<2, (x) )", []Inline{{Kind: InlineText, Text: "a < b, 1<2, (x) )"}}},
		{`\é`, []Inline{{Kind: InlineText, Text: "é"}}},
		{"*a**b*", []Inline{{Kind: InlineEmphasis, Text: "a"}, {Kind: InlineEmphasis, Text: "b"}}},
	}
	for _, tt := range tests {
		got, err := ParseInline(tt.in)
		if err != nil {
			t.Errorf("ParseInline(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseInline(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

// TestCheckLink: the one link rule, for markup links and a node's links.
func TestCheckLink(t *testing.T) {
	for _, u := range []string{"https://a.example", "https://www.apple.com/support/", "https://a.example/x?y=1#z", "https://a.example/%22q%22", "https://a.example:8443/é"} {
		if err := CheckLink(u); err != nil {
			t.Errorf("CheckLink(%q) = %v, want nil", u, err)
		}
	}
	for _, tt := range []struct{ url, msg string }{
		{"", "empty link url"},
		{"http://a.example", "not https"},
		{"HTTPS://a.example", "not https"},
		{"javascript:alert(1)", "not https"},
		{"//a.example", "not https"},
		{"https:///path", "no host"},
		{"https://?q", "no host"},
		{"https://user:pw@a.example/", "user info"},
		{`https://a.example/"onmouseover="alert(1)`, "percent-encode"},
		{"https://a.example/<b>", "percent-encode"},
		{"https://a.example/a\\b", "percent-encode"},
		{"https://a.example/`x`", "percent-encode"},
		{"https://a.example/a\tb", "percent-encode"},
		{"https://a.example/\x7f", "percent-encode"},
		{"https://a.example/%zz", "does not parse"},
		{"https://[::1/", "does not parse"},
	} {
		err := CheckLink(tt.url)
		if err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("CheckLink(%q) = %v, want an error containing %q", tt.url, err, tt.msg)
		}
	}
}

func TestLooksLikeHTML(t *testing.T) {
	for _, tt := range []struct {
		s    string
		i    int
		want bool
	}{
		{"<b>", 0, true}, {"a </b>", 2, true}, {"<!-- c -->", 0, true}, {"<Script", 0, true},
		{"a < b", 2, false}, {"<3", 0, false}, {"<", 0, false}, {"a<", 1, false},
		{"<b>", 1, false}, {"<b>", -1, false}, {"<b>", 3, false},
	} {
		if got := LooksLikeHTML(tt.s, tt.i); got != tt.want {
			t.Errorf("LooksLikeHTML(%q, %d) = %v, want %v", tt.s, tt.i, got, tt.want)
		}
	}
}

func TestParseInlineErrors(t *testing.T) {
	tests := []struct {
		in     string
		offset int
		msg    string // a substring of the message
	}{
		{"an *unclosed emphasis", 3, "unclosed '*'"},
		{"an {unclosed label", 3, "unclosed '{'"},
		{"an [unclosed link", 3, "unclosed '['"},
		{"stray } here", 6, "stray '}'"},
		{"stray ] here", 6, "stray ']'"},
		{"empty ** span", 6, "empty *emphasis*"},
		{"empty { } label", 6, "empty {label}"},
		{"empty [](https://a.example) link", 6, "empty [link text]"},
		{"see [docs] here", 4, "no (https://url)"},
		{"see [docs]", 4, "no (https://url)"},
		{"see [docs](https://a.example", 10, "unclosed '('"},
		{"see [docs](http://a.example)", 11, "not https"},
		{"see [docs](javascript:alert(1))", 11, "not https"},
		{"see [docs]()", 11, "empty link url"},
		{"see [docs](https:///path)", 11, "no host"},
		{"see [docs](https://a.example/a b)", 11, "space"},
		{"see [docs](https://a.example/%zz)", 11, "does not parse"},
		{"see [docs](https://a.example/\x01)", 11, "control character"},
		{"see [docs](https://u@a.example/)", 11, "user info"},
		{`trailing \`, 9, "trailing backslash"},
		{"a <b>bold</b>", 2, "looks like HTML"},
		{"a </b>", 2, "looks like HTML"},
		{"a <!-- x -->", 2, "looks like HTML"},
		{"*a <i>*", 3, "looks like HTML"},
		{"*a {b}*", 3, "does not nest"},
		{"{a *b*}", 3, "does not nest"},
		{"[a *b*](https://x.example)", 3, "does not nest"},
		{"*a [b](https://x.example)*", 3, "does not nest"},
		{`{a \}`, 0, "unclosed '{'"},
	}
	for _, tt := range tests {
		_, err := ParseInline(tt.in)
		var me *MarkupError
		if !errors.As(err, &me) {
			t.Errorf("ParseInline(%q) error = %v, want a *MarkupError", tt.in, err)
			continue
		}
		if me.Offset != tt.offset || !strings.Contains(me.Msg, tt.msg) {
			t.Errorf("ParseInline(%q) = offset %d %q, want offset %d containing %q", tt.in, me.Offset, me.Msg, tt.offset, tt.msg)
		}
	}
}

func TestFormatInlineRoundTrip(t *testing.T) {
	for _, s := range []string{
		"Look under the *last* message.",
		`Tap {Wi-Fi \{2.4 GHz\}} then [status](https://a.example/(x)).`,
		`\\ \* \< <3`,
	} {
		spans, err := ParseInline(s)
		if err != nil {
			t.Fatalf("ParseInline(%q): %v", s, err)
		}
		again, err := ParseInline(FormatInline(spans))
		if err != nil || !reflect.DeepEqual(again, spans) {
			t.Errorf("round trip of %q: %+v, %v; want %+v", s, again, err, spans)
		}
	}
}

func FuzzParseInline(f *testing.F) {
	for _, s := range []string{
		"", "plain", "Look under the *last* message.", "Open {Settings}.",
		"[Apple](https://www.apple.com/)", `\* \\ \{ \<b`, "*unclosed", "stray }",
		"a <b>", "[x](http://a)", `trailing \`, "{}", "*a**b*", "[a](https://x/(y))",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		spans, err := ParseInline(s)
		if err != nil {
			var me *MarkupError
			if !errors.As(err, &me) {
				t.Fatalf("error %v is not a *MarkupError", err)
			}
			if me.Offset < 0 || me.Offset >= len(s) {
				t.Fatalf("offset %d out of range for %q", me.Offset, s)
			}
			return
		}
		// The text content is what is left after removing markup, so it is
		// never longer than the input.
		plain := PlainText(spans)
		if len(plain) > len(s) {
			t.Fatalf("text %q longer than input %q", plain, s)
		}
		if utf8.ValidString(s) && !utf8.ValidString(plain) {
			t.Fatalf("text %q of valid UTF-8 %q is not valid UTF-8", plain, s)
		}
		for i, sp := range spans {
			if sp.Kind != InlineText && strings.TrimSpace(sp.Text) == "" {
				t.Fatalf("span %d of %q is empty: %+v", i, s, sp)
			}
			if (sp.Kind == InlineLink) != (sp.URL != "") {
				t.Fatalf("span %d of %q: URL on a non-link or link without URL: %+v", i, s, sp)
			}
			if i > 0 && sp.Kind == InlineText && spans[i-1].Kind == InlineText {
				t.Fatalf("adjacent text spans not merged in %q", s)
			}
		}
		// Formatting and parsing again gives the same spans and text.
		out := FormatInline(spans)
		again, err := ParseInline(out)
		if err != nil {
			t.Fatalf("ParseInline(FormatInline(ParseInline(%q))) = %q: %v", s, out, err)
		}
		if !reflect.DeepEqual(again, spans) || PlainText(again) != plain {
			t.Fatalf("round trip of %q via %q: %+v, want %+v", s, out, again, spans)
		}
	})
}
