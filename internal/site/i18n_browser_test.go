//go:build browser

package site

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/content"
	"github.com/fixflow/fixflow/internal/browsertest"
)

// spanishFlow is the default guide in Spanish.
func spanishFlow(t *testing.T) *engine.Flow {
	t.Helper()
	lib, err := content.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	f, ok := lib.Guide(content.DefaultGuide, "es")
	if !ok || f.Lang != "es" {
		t.Fatal("no Spanish guide")
	}
	return f
}

// waitLang waits for the page (the wasm's) to be in lang at step, with
// the walk state in its address.
func waitLang(t *testing.T, p browsertest.Page, lang, step, state string) {
	t.Helper()
	p.WaitJS(t, fmt.Sprintf(`document.documentElement.lang === %q && document.documentElement.dataset.fixflowStep === %q && new URLSearchParams(location.search).get("s") === %q`, lang, step, state),
		fmt.Sprintf("the page in %s at %s with its answers", lang, step), 30*time.Second)
}

// TestSpanishInChromium: the Spanish start page by its prefixed URL; a
// choice; the language switch to English and back keeps the step and the
// answers; then, offline after that visit, a deep link into the Spanish
// guide walks to its outcome in Spanish.
func TestSpanishInChromium(t *testing.T) {
	s := newTestSite(t)
	t.Parallel()
	srv := startPWAServer(t, s)
	f := spanishFlow(t)
	c := browsertest.NewChromePage(t)
	log := &requestLog{}
	log.listen(t, c.Context(), "page")
	log.logOnFailure(t)

	c.Open(t, srv.URL+"/es/"+f.ID+"/"+f.Start)
	waitReady(t, c)
	waitAt(t, c, f.Start)
	if got := browsertest.JSString(t, c, `document.documentElement.lang + " " + document.documentElement.dir`); got != "es ltr" {
		t.Errorf("<html lang dir> = %q, want es ltr", got)
	}
	walk := engine.NewSession(f)
	answerAsked(t, c, walk, walkFacts)
	follow(t, c, walk, 0)
	step, state, n := walk.Current().ID, walk.Encode(), tried(t, c)
	if title := browsertest.JSString(t, c, `document.getElementById("ff-step-title").textContent`); title != walk.Current().Title {
		t.Errorf("the step's title is %q, want the Spanish %q", title, walk.Current().Title)
	}

	// The switch: the same step, the same answers, in English; and back.
	c.Click(t, `#ff-root .ff-langs a.ff-lang[hreflang="en"]`)
	waitLang(t, c, "en", step, state)
	if got := tried(t, c); got != n {
		t.Errorf("in English: %d answers tried, want %d", got, n)
	}
	if title, want := browsertest.JSString(t, c, `document.getElementById("ff-step-title").textContent`), defaultFlow(t).Node(step).Title; title != want {
		t.Errorf("in English the step's title is %q, want %q", title, want)
	}
	if got := browsertest.JSString(t, c, `location.pathname`); got != "/en/"+f.ID+"/"+step {
		t.Errorf("in English the address is %s", got)
	}
	c.Click(t, `#ff-root .ff-langs a.ff-lang[hreflang="es"]`)
	waitLang(t, c, "es", step, state)
	if got := tried(t, c); got != n {
		t.Errorf("back in Spanish: %d answers tried, want %d", got, n)
	}

	// Offline, after this visit: Spanish is kept whole.
	waitWorker(t, c, s)
	ctx := c.Context()
	workers := log.listenWorkers(t, ctx, srv.URL)
	if len(workers) != 1 {
		t.Fatalf("%d service worker targets for %s, want 1", len(workers), srv.URL)
	}
	if _, err := chromedp.Call(ctx, network.ClearBrowserCache, cdp.Empty{}); err != nil {
		t.Fatalf("clearing the HTTP cache: %v", err)
	}
	goOffline(t, ctx, workers[0])
	w := pickOfflineWalk(t, f)
	w.walkTo(t, c, f, srv.URL+"/es")
	if got := browsertest.JSString(t, c, `document.documentElement.lang`); got != "es" {
		t.Errorf("offline: the outcome's page is in %q, want es", got)
	}
	if title, want := browsertest.JSString(t, c, `document.getElementById("ff-step-title").textContent`), f.Node(w.end).Title; title != want {
		t.Errorf("offline: the outcome's title is %q, want the Spanish %q", title, want)
	}
}

// TestSpanishInWebKit: WebKit opens the Spanish page, and the wasm takes
// it over in Spanish.
func TestSpanishInWebKit(t *testing.T) {
	base := startWidgetServer(t)
	t.Parallel()
	f := spanishFlow(t)
	p := browsertest.NewWebKitPage(t)
	p.Open(t, base+"/es/"+f.ID+"/"+f.Start)
	waitReady(t, p)
	waitAt(t, p, f.Start)
	if got := browsertest.JSString(t, p, `document.documentElement.lang`); got != "es" {
		t.Errorf("<html lang> = %q, want es", got)
	}
	if got := browsertest.JSString(t, p, `document.querySelector("#ff-root .ff-langs .ff-lang-current").textContent`); got != "Español" {
		t.Errorf("the switch's current language is %q", got)
	}
}
