package site

import (
	"net/http"
	"strings"
	"testing"

	"github.com/fixflow/fixflow/content"
	"github.com/fixflow/fixflow/content/lint"
	"github.com/fixflow/fixflow/content/pseudo"
)

// pseudoLibrary is the built-in content with its pseudo-locales, as serve
// -dev-locales loads them.
func pseudoLibrary(t testing.TB) *content.Library {
	t.Helper()
	srcs, err := content.EmbeddedSources()
	if err != nil {
		t.Fatal(err)
	}
	strs, err := content.EmbeddedStringSources()
	if err != nil {
		t.Fatal(err)
	}
	docs, err := pseudo.Generate(append(srcs, strs...))
	if err != nil {
		t.Fatal(err)
	}
	lib, err := lint.EmbeddedWith(docs)
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

// TestPseudoLocalesServedNotListed: a site with the pseudo-locales serves
// their pages (in their language and direction), guides and words, but
// names them in no sitemap and no alternate link, and is never exported.
func TestPseudoLocalesServedNotListed(t *testing.T) {
	s, err := New(Config{Library: pseudoLibrary(t), Web: testWeb(), Version: "test", PublicURL: "https://help.example.com"})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range pseudo.Locales() {
		res := get(t, s, "/"+l.Tag+"/"+content.DefaultGuide+"/check-resend")
		page := body(t, res)
		if res.StatusCode != http.StatusOK || !strings.Contains(page, `<html dir="`+l.Dir+`" lang="`+l.Tag+`"`) {
			t.Errorf("%s: %d, %.200s", l.Tag, res.StatusCode, page)
		}
		if strings.Contains(page, `hreflang="`+l.Tag+`" rel="alternate"`) {
			t.Errorf("%s: its own page names it as an alternate", l.Tag)
		}
		for _, u := range []string{"/strings/" + l.Tag + ".json", "/guides/" + content.DefaultGuide + "." + l.Tag + ".json"} {
			if res := get(t, s, u); res.StatusCode != http.StatusOK {
				t.Errorf("%s: %d", u, res.StatusCode)
			}
		}
	}
	// (The language switch offers them: a tester goes from one to another.)
	es := body(t, get(t, s, "/es/"+content.DefaultGuide+"/check-resend"))
	head, _, _ := strings.Cut(es, "<body>")
	if !strings.Contains(head, `hreflang="es" rel="alternate"`) || strings.Contains(head, "-XA") || strings.Contains(head, "-XB") {
		t.Errorf("the alternates of a page, with the pseudo-locales or without Spanish:\n%s", head)
	}
	sitemap := body(t, get(t, s, "/sitemap.xml"))
	if !strings.Contains(sitemap, "/es/") || strings.Contains(sitemap, "-XA") || strings.Contains(sitemap, "-XB") {
		t.Errorf("the sitemap lists a pseudo-locale, or lost Spanish:\n%.600s", sitemap)
	}
	if _, err := s.Export(t.TempDir()); err == nil || !strings.Contains(err.Error(), "en-XA") {
		t.Errorf("a site with the pseudo-locales exported: %v", err)
	}
}
