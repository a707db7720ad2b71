package components

import (
	"strings"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/content"
)

// The widget's own words are content: content/strings/<lang>.json, one
// file per language, decoded into a content.Strings (the guide's words
// come from its document). The views take them from the page's language;
// no word the widget shows is written here.

// say renders an interface text: its placeholders filled, its markup
// drawn (see inline).
func say(w *content.Strings, key string, args ...content.Arg) []*node {
	return inline(w, w.Text(key, args...))
}

// plain is an interface text without its markup, for an attribute or a
// text that cannot hold elements (an aria-label, a title).
func plain(w *content.Strings, key string, args ...content.Arg) string {
	return plainText(w.Text(key, args...))
}

// plainText is s without its markup.
func plainText(s string) string {
	if !strings.ContainsAny(s, "*{}[]\\") {
		return s
	}
	spans, err := engine.ParseInline(s)
	if err != nil {
		return s
	}
	var b strings.Builder
	for _, sp := range spans {
		b.WriteString(sp.Text)
	}
	return b.String()
}

// labelled is an interface text as the label before a text: "Careful: ".
func labelled(w *content.Strings, key string) []*node {
	return append(say(w, key), text(": "))
}
