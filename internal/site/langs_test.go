package site

import (
	"os"
	"regexp"
	"strings"
	"testing"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/content"
)

// englishWords is the English interface words' document, for a library
// of test guides.
func englishWords(t testing.TB) content.Source {
	t.Helper()
	data, err := os.ReadFile("../../content/strings/en.json")
	if err != nil {
		t.Fatal(err)
	}
	return content.Source{Name: "en.json", Data: data}
}

func TestAcceptLanguages(t *testing.T) {
	for h, want := range map[string]string{
		"":                               "",
		"es":                             "es",
		"es-MX,es;q=0.9,en;q=0.8":        "es-MX es en",
		"en;q=0.5, fr, de;q=0.7":         "fr de en",
		"*, en;q=0":                      "",
		"fr;q=abc, es;q=0.1, it;q=2":     "es",
		" pt-BR ; q=0.9 ,  ja ":          "ja pt-BR",
		"es;q=0.9;foo=bar, en-GB;q=0.95": "en-GB es",
		"x-very-long-tag-that-goes-on-and-on-and-on, es": "es",
	} {
		if got := strings.Join(acceptLanguages(h), " "); got != want {
			t.Errorf("acceptLanguages(%q) = %q, want %q", h, got, want)
		}
	}
}

// The language of a page: the URL's prefix, else its lang parameter, else
// Accept-Language (Vary), with base-language fallback; each page says it
// (<html lang dir>, Content-Language), names its canonical URL and its
// alternates in the guide's other languages.
func TestPageLanguage(t *testing.T) {
	s := newTestSite(t)
	const g = "/" + content.DefaultGuide
	for _, c := range []struct {
		target, accept string
		lang           string
		vary           bool
		links          string // the prefix of the page's links to steps
	}{
		{"/", "", "en", true, g},
		{"/", "es-MX,es;q=0.9,en;q=0.8", "es", true, "/es" + g},
		{"/", "fr-CA, fr", "en", true, g},
		{g + "/check-resend", "es", "es", true, "/es" + g},
		{"/es" + g + "/check-resend", "en", "es", false, "/es" + g},
		{"/es", "", "es", false, "/es" + g},
		{"/es-MX" + g + "/check-resend", "", "es", false, "/es" + g},
		{"/en" + g + "/check-resend", "es", "en", false, "/en" + g},
		{"/fr" + g + "/check-resend", "es", "en", false, "/en" + g},
		{g + "/check-resend?lang=en", "es", "en", false, g},
		{g + "/check-resend?embed=1&lang=es-MX", "", "es", false, g},
		{g + "/check-resend?embed=1", "es", "es", true, "/es" + g},
	} {
		res := get(t, s, c.target, "Accept-Language", c.accept)
		html := body(t, res)
		if res.StatusCode != 200 {
			t.Errorf("%s (%s): status %d", c.target, c.accept, res.StatusCode)
			continue
		}
		if got := res.Header.Get("Content-Language"); got != c.lang {
			t.Errorf("%s (%s): Content-Language %q, want %q", c.target, c.accept, got, c.lang)
		}
		if got := strings.Contains(res.Header.Get("Vary"), "Accept-Language"); got != c.vary {
			t.Errorf("%s (%s): Vary %q", c.target, c.accept, res.Header.Get("Vary"))
		}
		if want := `<html dir="ltr" lang="` + c.lang + `">`; !strings.Contains(html, want) {
			t.Errorf("%s (%s): no %s", c.target, c.accept, want)
		}
		if !regexp.MustCompile(`class="ff-choice[^"]*" href="` + regexp.QuoteMeta(c.links) + `/[a-z]`).MatchString(html) {
			t.Errorf("%s (%s): the choices do not link under %s", c.target, c.accept, c.links)
		}
		if c.lang == "es" && !strings.Contains(html, `<link as="fetch" crossorigin="anonymous" fetchpriority="low" href="/strings/es.ffc" rel="preload">`) {
			t.Errorf("%s (%s): the Spanish words are not preloaded", c.target, c.accept)
		}
	}
	html := body(t, get(t, s, "/es"+g+"/check-resend"))
	for _, want := range []string{
		`<link href="/es` + g + `/check-resend" rel="canonical">`,
		`<link href="` + g + `/check-resend" hreflang="en" rel="alternate">`,
		`<link href="/es` + g + `/check-resend" hreflang="es" rel="alternate">`,
		`<link href="` + g + `/check-resend" hreflang="x-default" rel="alternate">`,
		// The switch: the same step in English, chosen (/en/…).
		`<a class="ff-lang" dir="ltr" href="/en` + g + `/check-resend?s=`,
		`<span aria-current="true" class="ff-lang ff-lang-current" dir="ltr" lang="es">Español</span>`,
		`<link as="fetch" crossorigin="anonymous" fetchpriority="low" href="/guides/` + content.DefaultGuide + `.es.ffc" rel="preload">`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("/es%s/check-resend lacks %s", g, want)
		}
	}
	// A page with a walk, negotiated: one per language in the cache.
	f := defaultFlow(t)
	sess := engine.NewSession(f)
	if err := sess.Choose(0); err != nil {
		t.Fatal(err)
	}
	target := g + "/" + sess.Current().ID + "?s=" + sess.Encode()
	for _, lang := range []string{"es", "en", "es"} {
		res := get(t, s, target, "Accept-Language", lang)
		if html := body(t, res); res.Header.Get("Content-Language") != lang || !strings.Contains(html, `lang="`+lang+`"`) {
			t.Errorf("%s in %s: Content-Language %q", target, lang, res.Header.Get("Content-Language"))
		}
	}
}

// The site serves the interface words of each language and its index.
func TestStringsAndIndexServed(t *testing.T) {
	s := newTestSite(t)
	res := get(t, s, "/strings/es.json")
	if b := body(t, res); res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/json" || !strings.Contains(b, `"name": "Español"`) {
		t.Errorf("/strings/es.json: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	x, err := content.DecodeIndex([]byte(body(t, get(t, s, "/guides/index.json"))))
	if err != nil || x.Default != content.DefaultGuide || len(x.Guides) != 1 || strings.Join(x.Guides[0].Langs, " ") != "en es" {
		t.Errorf("index: %+v %v", x, err)
	}
}
