package markup

import (
	"strings"
	"testing"
)

func TestWriteHTMLEscapesTextAndAttributes(t *testing.T) {
	n := El("a").Set("title", `x" onmouseover="alert(1)`).Set("href", "/p?a=1&b=<2>").Body(
		Text(`</a><script>alert('x')</script>`),
	)
	got := n.HTML()
	want := `<a href="/p?a=1&amp;b=&lt;2&gt;" title="x&#34; onmouseover=&#34;alert(1)">&lt;/a&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</a>`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestWriteHTMLSortsAttributesAndWritesFlags(t *testing.T) {
	a := El("details").Set("name", "m").Flag("open", true).Set("class", "c").Flag("hidden", false).HTML()
	b := El("details").Set("class", "c").Flag("open", true).Set("name", "m").HTML()
	if a != b || a != `<details class="c" name="m" open></details>` {
		t.Errorf("%s vs %s", a, b)
	}
	if got := El("img").Set("src", "/i.png").Set("alt", "").HTML(); got != `<img src="/i.png">` {
		t.Errorf("void element or empty value: %s", got)
	}
}

func TestWriteHTMLRefusesWhatItCannotMakeSafe(t *testing.T) {
	for name, n := range map[string]*Node{
		"tag with a space":   El("a b"),
		"upper-case tag":     El("A"),
		"attribute name":     El("a").Set(`x"y`, "1"),
		"inline script":      El("script").Says("alert(1)"),
		"inline style":       El("style").Says("body{}"),
		"empty tag from bug": {Tag: "-x"},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: written without a panic", name)
				}
			}()
			var b strings.Builder
			WriteHTML(&b, n)
		}()
	}
	if got := El("script").Set("src", "/a.js").Flag("defer", true).HTML(); got != `<script defer src="/a.js"></script>` {
		t.Errorf("an empty script: %s", got)
	}
}
