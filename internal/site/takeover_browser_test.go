//go:build browser

package site

import (
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/internal/browsertest"
)

// The prerendered step is usable while the wasm downloads, and when the wasm
// takes over, the reader keeps their step and scroll position, with no
// layout shift, and the step never leaves the page in between. The wasm is
// held back by the server until the test has scrolled, as it would be on a
// slow connection.
//
// Known to fail now and then (1 run in 5 here shows the page without its
// step): go-app mounts Guide and replaces the prerendered step with its first
// render, an empty #ff-root (components/render.go: no session until OnNav),
// and when its frame timer has not yet expired after the OnMount and OnNav
// dispatches, Go yields to the browser with that empty root on the page; the
// page is then as tall as the screen, the scroll is clamped to 0, and the
// step comes back a frame later at the top.
func TestWasmTakeoverKeepsScrollAndLayout(t *testing.T) {
	requireWasm(t)
	site := newTestSite(t)
	t.Parallel()
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
	// A long step, taller than the screen: the first check, longest first
	// (steps, models, links), whose page is, measured with every fact
	// answered "I don't know" (every variant shows, and the page is the
	// check, not a fact it asks first).
	var checks []engine.Node
	for _, n := range f.Nodes {
		if n.Kind == engine.KindCheck {
			checks = append(checks, n)
		}
	}
	size := func(n engine.Node) int { return len(n.Steps) + len(n.Models) + len(n.Links) }
	sort.SliceStable(checks, func(i, j int) bool { return size(checks[i]) > size(checks[j]) })
	c := browsertest.NewChromePage(t, browsertest.Mobile())
	var step string
	var heights []string
	for _, n := range checks {
		s, err := engine.NewSessionAt(f, n.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, fa := range f.Facts {
			if err := s.SetFact(fa.ID, engine.Unknown); err != nil {
				t.Fatal(err)
			}
		}
		c.Open(t, srv.URL+"/"+f.ID+"/"+n.ID+"?s="+s.Encode())
		if ask := browsertest.JSString(t, c, `document.getElementById("ff-root").dataset.ask || ""`); ask != "" {
			t.Fatalf("%s asks %s with every fact answered", n.ID, ask)
		}
		h := browsertest.JSInt(t, c, `document.documentElement.scrollHeight - window.innerHeight`)
		if h >= 400 {
			step = n.ID
			break
		}
		heights = append(heights, fmt.Sprintf("%s: %d px", n.ID, h))
	}
	if step == "" {
		t.Fatalf("no check of the guide is 400 px taller than the screen: %s", strings.Join(heights, ", "))
	}
	c.JS(t, `(window.__shifts = 0, new PerformanceObserver(l => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.__shifts += e.value }).observe({type: "layout-shift", buffered: true}), 1)`)
	if browsertest.JSBool(t, c, `document.documentElement.hasAttribute("data-fixflow-ready")`) {
		t.Fatal("the wasm ran although it was held back")
	}
	// Usable before the wasm: the choices are links with real targets.
	if n := browsertest.JSInt(t, c, `[...document.querySelectorAll("#ff-root a.ff-choice")].filter(a => a.href.includes("?s=")).length`); n < 2 {
		t.Fatalf("%d prerendered choice links", n)
	}
	if h := browsertest.JSInt(t, c, `document.documentElement.scrollHeight - window.innerHeight`); h < 400 {
		t.Fatalf("the step is only %d px taller than the screen", h)
	}
	// go-app's full-screen loader is a thin bar at the top instead: the
	// step's heading is what is on screen, not an overlay.
	if h := browsertest.JSString(t, c, `getComputedStyle(document.getElementById("app-wasm-loader")).height`); h != "3px" {
		t.Errorf("the loading indicator is %s high, want a 3px bar", h)
	}
	if !browsertest.JSBool(t, c, `(() => { const r = document.getElementById("ff-step-title").getBoundingClientRect(); const e = document.elementFromPoint(r.left + 5, r.top + r.height / 2); return !!e && !!e.closest("#ff-step-title") })()`) {
		t.Error("the prerendered heading is covered while the wasm loads")
	}
	c.JS(t, `window.scrollTo(0, 400)`)
	c.WaitJS(t, `Math.abs(window.scrollY - 400) < 2`, "the scroll", 10*time.Second)
	before := browsertest.JSFloat(t, c, `window.scrollY`)
	top := browsertest.JSFloat(t, c, `document.getElementById("ff-step-title").getBoundingClientRect().top`)

	// Between two tasks, where the browser may lay out and paint, the page
	// must always show the step: record every time it does not. (A
	// MutationObserver runs at the end of the task that changed the DOM.)
	c.JS(t, `(window.__blank = [], new MutationObserver(() => {
		if (!document.getElementById("ff-step-title")) {
			const r = document.getElementById("ff-root");
			window.__blank.push(Math.round(performance.now()) + " ms: #ff-root " + (r ? "with " + r.childElementCount + " children" : "missing") +
				(document.documentElement.hasAttribute("data-fixflow-ready") ? ", data-fixflow-ready set" : ""));
		}
	}).observe(document.body, {childList: true, subtree: true}), 1)`)

	once.Do(func() { close(release) })
	waitReady(t, c)
	c.WaitJS(t, browsertest.AnimationFrames(3), "three frames after the takeover", 10*time.Second)
	if blank := browsertest.EvalAs[[]string](t, c, `window.__blank`); len(blank) > 0 {
		t.Errorf("the takeover left the page without its step at the end of a task (the browser may paint that, and clamps the scroll to the shorter page):\n%s", strings.Join(blank, "\n"))
	}
	if s := browsertest.JSString(t, c, `document.documentElement.dataset.fixflowStep`); s != step {
		t.Errorf("after the takeover the step is %v, want %s", s, step)
	}
	after := browsertest.JSFloat(t, c, `window.scrollY`)
	if math.Abs(after-before) > 1 {
		t.Errorf("scroll position moved from %.0f to %.0f when the wasm took over", before, after)
	}
	top2 := browsertest.JSFloat(t, c, `document.getElementById("ff-step-title").getBoundingClientRect().top`)
	if math.Abs(top2-top) > 1 {
		t.Errorf("the step heading moved from %.1f to %.1f when the wasm took over", top, top2)
	}
	if shifts := browsertest.JSFloat(t, c, `window.__shifts`); shifts > 0.01 {
		t.Errorf("cumulative layout shift %.3f during the takeover", shifts)
	}
}
