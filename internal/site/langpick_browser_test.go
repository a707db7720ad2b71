//go:build browser

package site

// Which language a page is in when its URL names none: a browser whose
// first language is Spanish gets Spanish, standalone and embedded without
// data-lang; data-lang="en" forces English; the language picked with the
// switch is kept on this device and wins over the browser's on the next
// visit (web/fixflow.js); without storage nothing breaks.

import (
	"fmt"
	"strings"
	"testing"
	"time"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/internal/browsertest"
)

// spanishBrowser is a Chromium whose user's first language is Spanish
// (Mexico), as set in its settings: its Accept-Language and
// navigator.languages say es-MX, es. extra are more of the profile's
// preferences (blockSiteData's, say).
func spanishBrowser(extra map[string]any) []browsertest.ChromeOption {
	prefs := map[string]any{"intl": map[string]any{"accept_languages": "es-MX,es"}}
	for k, v := range extra {
		prefs[k] = v
	}
	return []browsertest.ChromeOption{browsertest.ChromeFlag("lang", "es-MX"), browsertest.Preferences(prefs)}
}

// checkSpanishBrowser fails the test unless the page's browser says Spanish
// first: otherwise the tests below would prove nothing.
func checkSpanishBrowser(t *testing.T, p browsertest.Page) {
	t.Helper()
	if got := browsertest.JSString(t, p, `navigator.languages.join(",")`); !strings.HasPrefix(got, "es") {
		t.Fatalf("the browser's languages are %q, want Spanish first", got)
	}
}

// inLangJS is true when the page (the server's or the wasm's) is in lang:
// <html lang>, and the start's title in that language's guide on screen.
func inLangJS(lang, title string) string {
	return fmt.Sprintf(`document.documentElement.lang === %q && (document.getElementById("ff-root") || {textContent: ""}).textContent.includes(%q)`, lang, title)
}

// startTitle is the title of the default guide's start in lang.
func startTitle(t *testing.T, lang string) string {
	t.Helper()
	f := defaultFlow(t)
	if lang == "es" {
		f = spanishFlow(t)
	}
	title := f.Node(f.Start).Title
	if title == "" {
		t.Fatalf("the %s start has no title", lang)
	}
	return title
}

// forgetWalk removes the walk kept on this device, keeping the language
// picked: with no walk to resume, the wasm starts only when asked, so the
// server's page can be looked at first.
func forgetWalk(t *testing.T, p browsertest.Page) {
	t.Helper()
	p.JS(t, `(Object.keys(localStorage).forEach(function (k) { if (k !== "fixflow:lang") { localStorage.removeItem(k); } }), 1)`)
}

// TestSpanishBrowserInChromium: a Spanish browser opening / gets the
// Spanish page from the server (no detour), and the wasm keeps it Spanish.
func TestSpanishBrowserInChromium(t *testing.T) {
	base := startWidgetServer(t)
	t.Parallel()
	c := browsertest.NewChromePage(t, spanishBrowser(nil)...)
	c.Open(t, base+"/")
	checkSpanishBrowser(t, c)
	es := startTitle(t, "es")
	c.WaitJS(t, inLangJS("es", es), "the server's page in Spanish", 30*time.Second)
	if browsertest.JSBool(t, c, `document.documentElement.hasAttribute("data-fixflow-ready")`) {
		t.Error("the wasm had taken over before it was asked to: the server's page was not looked at")
	}
	if got := browsertest.JSString(t, c, `location.pathname`); got != "/" {
		t.Errorf("the page went to %s; the server's Spanish page at / needs no detour", got)
	}
	waitReady(t, c)
	c.WaitJS(t, inLangJS("es", es), "the wasm's page in Spanish", 30*time.Second)
	if got := browsertest.JSString(t, c, `document.querySelector("#ff-root .ff-langs .ff-lang-current").getAttribute("lang")`); got != "es" {
		t.Errorf("the switch's current language is %q, want es", got)
	}
}

// TestSpanishBrowserEmbeddedInChromium: through embed.js with no data-lang
// the frame is in the browser's language; data-lang="en" forces English.
func TestSpanishBrowserEmbeddedInChromium(t *testing.T) {
	env := newEmbedEnv(t)
	t.Parallel()
	browser := browsertest.NewChromePage(t, spanishBrowser(nil)...)
	for _, tc := range []struct{ page, lang string }{{"one", "es"}, {"en", "en"}} {
		t.Run(tc.page, func(t *testing.T) {
			h := embedHost{t: t, p: browser.NewTab(t)}
			h.logEventsOnFailure()
			h.p.Open(t, env.host.URL+"/page/"+tc.page)
			h.wait(`ffEvents.some(e => e.type == "ready" && e.widget == "w1")`, "the widget's ready event", 30*time.Second)
			fr := h.frame("w1")
			checkSpanishBrowser(t, fr)
			title := startTitle(t, tc.lang)
			fr.WaitJS(t, inLangJS(tc.lang, title), "the server's page in "+tc.lang, 30*time.Second)
			fr.WaitJS(t, `(window.fixflowStart && window.fixflowStart(), document.documentElement.hasAttribute("data-fixflow-ready"))`, "the wasm to take over", 30*time.Second)
			fr.WaitJS(t, inLangJS(tc.lang, title), "the wasm's page in "+tc.lang, 30*time.Second)
		})
	}
}

// TestPickedLanguageKeptInChromium: on a Spanish browser the user picks
// English with the switch; opening / again shows English, the server's
// page before the wasm and the wasm's after.
func TestPickedLanguageKeptInChromium(t *testing.T) {
	base := startWidgetServer(t)
	t.Parallel()
	c := browsertest.NewChromePage(t, spanishBrowser(nil)...)
	c.Open(t, base+"/")
	checkSpanishBrowser(t, c)
	waitReady(t, c)
	c.WaitJS(t, inLangJS("es", startTitle(t, "es")), "the page in Spanish", 30*time.Second)
	c.Click(t, `#ff-root .ff-langs a.ff-lang[hreflang="en"]`)
	en := startTitle(t, "en")
	c.WaitJS(t, inLangJS("en", en), "the page in English after the switch", 30*time.Second)
	if got := browsertest.JSString(t, c, `localStorage.getItem("fixflow:lang")`); got != "en" {
		t.Errorf("the choice kept is %q, want en", got)
	}

	forgetWalk(t, c)
	c.Open(t, base+"/")
	c.WaitJS(t, inLangJS("en", en), "the server's page in English", 30*time.Second)
	if browsertest.JSBool(t, c, `document.documentElement.hasAttribute("data-fixflow-ready")`) {
		t.Error("the wasm had taken over before it was asked to: the server's page was not looked at")
	}
	if got := browsertest.JSString(t, c, `location.pathname`); got != "/en" {
		t.Errorf("/ with English kept went to %s, want /en", got)
	}
	waitReady(t, c)
	c.WaitJS(t, inLangJS("en", en), "the wasm's page in English", 30*time.Second)

	// Picking Spanish again: / stays Spanish, where it is.
	c.Click(t, `#ff-root .ff-langs a.ff-lang[hreflang="es"]`)
	es := startTitle(t, "es")
	c.WaitJS(t, inLangJS("es", es), "the page in Spanish after the switch", 30*time.Second)
	forgetWalk(t, c)
	c.Open(t, base+"/")
	c.WaitJS(t, inLangJS("es", es), "the server's page in Spanish", 30*time.Second)
	if got := browsertest.JSString(t, c, `location.pathname`); got != "/" {
		t.Errorf("/ with Spanish kept went to %s, want /", got)
	}
}

// TestPickedLanguageStorageBlockedInChromium: with site data blocked the
// switch still works and / is in the browser's language, the wasm running.
func TestPickedLanguageStorageBlockedInChromium(t *testing.T) {
	base := startWidgetServer(t)
	t.Parallel()
	c := browsertest.NewChromePage(t, spanishBrowser(map[string]any{"profile": map[string]any{
		"default_content_setting_values": map[string]any{"cookies": 2},
	}})...)
	c.Open(t, base+"/")
	checkSpanishBrowser(t, c)
	waitReady(t, c)
	if got := browsertest.JSString(t, c, `document.documentElement.dataset.fixflowStorage || ""`); got != "memory" {
		t.Fatalf("storage is not blocked here (data-fixflow-storage %q)", got)
	}
	c.Click(t, `#ff-root .ff-langs a.ff-lang[hreflang="en"]`)
	en := startTitle(t, "en")
	c.WaitJS(t, inLangJS("en", en), "the page in English after the switch", 30*time.Second)
	c.Open(t, base+"/")
	es := startTitle(t, "es")
	c.WaitJS(t, inLangJS("es", es), "the server's page in Spanish", 30*time.Second)
	waitReady(t, c)
	c.WaitJS(t, inLangJS("es", es), "the wasm's page in Spanish", 30*time.Second)
}

// TestPickedLanguageResumesWalkInChromium: a walk kept on this device is
// resumed at / in the language picked, though / sends the Spanish browser
// to /en for it (the wasm then puts the walk's step in the address).
func TestPickedLanguageResumesWalkInChromium(t *testing.T) {
	base := startWidgetServer(t)
	t.Parallel()
	c := browsertest.NewChromePage(t, spanishBrowser(nil)...)
	c.Open(t, base+"/")
	checkSpanishBrowser(t, c)
	waitReady(t, c)
	c.Click(t, `#ff-root .ff-langs a.ff-lang[hreflang="en"]`)
	c.WaitJS(t, inLangJS("en", startTitle(t, "en")), "the page in English after the switch", 30*time.Second)
	walk := engine.NewSession(defaultFlow(t))
	answerAsked(t, c, walk, walkFacts)
	follow(t, c, walk, 0)

	c.Open(t, base+"/")
	c.WaitJS(t, fmt.Sprintf(`location.pathname.startsWith("/en/") && document.documentElement.lang === "en" && document.documentElement.dataset.fixflowBoot === "differs" && document.documentElement.dataset.fixflowStep === %q`, walk.Current().ID),
		"the walk resumed in English at /en, the wasm started at once", 30*time.Second)
}
