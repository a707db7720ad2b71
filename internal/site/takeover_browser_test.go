//go:build browser

package site

import (
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/internal/browsertest"
)

// The prerendered step is usable while the wasm downloads, and when the wasm
// takes over, the reader keeps their step and scroll position, with no
// layout shift. The wasm is held back by the server until the test has
// scrolled, as it would be on a slow connection.
func TestWasmTakeoverKeepsScrollAndLayout(t *testing.T) {
	requireWasm(t)
	site := newTestSite(t)
	release := make(chan struct{})
	var once sync.Once
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, ".wasm") {
			select {
			case <-release:
			case <-r.Context().Done():
				return
			}
		}
		site.ServeHTTP(w, r)
	}))
	t.Cleanup(func() { once.Do(func() { close(release) }); srv.Close() })

	f := defaultFlow(t)
	step := withModels(t, f).ID // a long step: steps, models, links
	// With the device not known, every model's steps show: a long page.
	s, err := engine.NewSessionAt(f, step)
	if err != nil {
		t.Fatal(err)
	}
	for _, fa := range f.Facts {
		s.SetFact(fa.ID, engine.Unknown)
	}
	ctx := browsertest.Chrome(t, browsertest.Mobile())
	c := chrome{ctx}
	c.open(t, srv.URL+"/"+f.ID+"/"+step+"?s="+s.Encode())
	c.js(t, `(window.__shifts = 0, new PerformanceObserver(l => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.__shifts += e.value }).observe({type: "layout-shift", buffered: true}), 1)`)
	if c.js(t, `document.documentElement.hasAttribute("data-fixflow-ready")`) == true {
		t.Fatal("the wasm ran although it was held back")
	}
	// Usable before the wasm: the choices are links with real targets.
	if n := jsInt(t, c, `[...document.querySelectorAll("#ff-root a.ff-choice")].filter(a => a.href.includes("?s=")).length`); n < 2 {
		t.Fatalf("%d prerendered choice links", n)
	}
	if h := jsInt(t, c, `document.documentElement.scrollHeight - window.innerHeight`); h < 400 {
		t.Fatalf("the step is only %d px taller than the screen", h)
	}
	// go-app's full-screen loader is a thin bar at the top instead: the
	// step's heading is what is on screen, not an overlay.
	if h := jsString(t, c, `getComputedStyle(document.getElementById("app-wasm-loader")).height`); h != "3px" {
		t.Errorf("the loading indicator is %s high, want a 3px bar", h)
	}
	if c.js(t, `(() => { const r = document.getElementById("ff-step-title").getBoundingClientRect(); const e = document.elementFromPoint(r.left + 5, r.top + r.height / 2); return !!e && !!e.closest("#ff-step-title") })()`) != true {
		t.Error("the prerendered heading is covered while the wasm loads")
	}
	c.js(t, `window.scrollTo(0, 400)`)
	waitJS(t, c, `Math.abs(window.scrollY - 400) < 2`, "the scroll")
	before := c.js(t, `window.scrollY`).(float64)
	top := c.js(t, `document.getElementById("ff-step-title").getBoundingClientRect().top`).(float64)

	once.Do(func() { close(release) })
	waitReady(t, c)
	time.Sleep(300 * time.Millisecond) // a few frames after the takeover
	if s := c.js(t, `document.documentElement.dataset.fixflowStep`); s != step {
		t.Errorf("after the takeover the step is %v, want %s", s, step)
	}
	after := c.js(t, `window.scrollY`).(float64)
	if math.Abs(after-before) > 1 {
		t.Errorf("scroll position moved from %.0f to %.0f when the wasm took over", before, after)
	}
	top2 := c.js(t, `document.getElementById("ff-step-title").getBoundingClientRect().top`).(float64)
	if math.Abs(top2-top) > 1 {
		t.Errorf("the step heading moved from %.1f to %.1f when the wasm took over", top, top2)
	}
	if shifts := c.js(t, `window.__shifts`).(float64); shifts > 0.01 {
		t.Errorf("cumulative layout shift %.3f during the takeover", shifts)
	}
}
