//go:build browser

package site

import (
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/fixflow/fixflow/internal/browsertest"
)

// Bend 9 in goapp.go: the wasm is compiled as the page loads but starts at
// the first tap of a control. The tap is seen at once (the control is
// marked busy before the wasm runs), and once the wasm has taken over it
// gets the same tap: the step chosen comes, with one history entry, as if
// the wasm had been running all along.
func TestBootOnTapChromium(t *testing.T) {
	t.Parallel()
	bootOnTap(t, browsertest.NewChromePage(t), startWidgetServer(t))
}

func TestBootOnTapWebKit(t *testing.T) {
	t.Parallel()
	bootOnTap(t, browsertest.NewWebKitPage(t), startWidgetServer(t))
}

func bootOnTap(t *testing.T, p browsertest.Page, base string) {
	f := defaultFlow(t)
	start := f.Node(f.Start)
	choices := f.Choices(start)
	if len(choices) < 2 {
		t.Fatalf("the first step %s has %d choices; the test taps the second", start.ID, len(choices))
	}
	next := choices[1].Next
	p.Open(t, base+"/"+f.ID+"/"+start.ID)
	p.WaitJS(t, `document.documentElement.hasAttribute("data-fixflow-armed")`, "the wasm compiled and waiting", 60*time.Second)
	if browsertest.JSBool(t, p, `document.documentElement.hasAttribute("data-fixflow-ready") || document.documentElement.hasAttribute("data-fixflow-boot")`) {
		t.Fatalf("%s: the wasm started before any tap", p.Name())
	}
	if vs := p.Axe(t); len(vs) > 0 {
		t.Errorf("%s: accessibility violations on the prerendered page, the wasm waiting:\n%s", p.Name(), browsertest.FormatViolations(vs))
	}
	h0 := browsertest.JSInt(t, p, `history.length`)
	// Record the busy mark: it must come before the wasm has taken over.
	p.JS(t, `(window.__busy = "", new MutationObserver(() => {
		const el = document.querySelector("[data-ff-pending]");
		if (el && !window.__busy) window.__busy = (document.documentElement.hasAttribute("data-fixflow-ready") ? "after" : "before") + " " + el.getAttribute("aria-busy");
	}).observe(document.body, {attributes: true, subtree: true, attributeFilter: ["data-ff-pending"]}), 1)`)

	p.Click(t, `#ff-root .ff-choices li:nth-child(2) a.ff-choice`)
	waitAt(t, p, next) // the step, or a fact it asks first
	if got := browsertest.JSString(t, p, `window.__busy`); got != "before true" {
		t.Errorf("%s: the tapped choice was marked busy %q, want before the takeover, with aria-busy", p.Name(), got)
	}
	if got := browsertest.JSString(t, p, `document.documentElement.getAttribute("data-fixflow-boot")`); got != "tap" {
		t.Errorf("%s: the wasm started for %q, want tap", p.Name(), got)
	}
	if h := browsertest.JSInt(t, p, `history.length`); h != h0+1 {
		t.Errorf("%s: history.length went from %d to %d, want one entry for the tap", p.Name(), h0, h)
	}
	if n := browsertest.JSInt(t, p, `document.querySelectorAll("[data-ff-pending]").length`); n != 0 {
		t.Errorf("%s: %d controls still marked busy on the new step", p.Name(), n)
	}
	if vs := p.Axe(t); len(vs) > 0 {
		t.Errorf("%s: accessibility violations after the takeover:\n%s", p.Name(), browsertest.FormatViolations(vs))
	}
	// The wasm has the page now: Back is its own navigation.
	p.Back(t)
	waitStep(t, p, start.ID)
}

// A walk kept on this device is resumed by the wasm on the guide's start
// page, which the server cannot know: there the page differs from the
// prerendered one and the wasm starts without waiting for a tap.
func TestBootAtOnceWhereAWalkIsKeptChromium(t *testing.T) {
	t.Parallel()
	base := startWidgetServer(t)
	f := defaultFlow(t)
	start := f.Node(f.Start)
	next := f.Choices(start)[0].Next
	p := browsertest.NewChromePage(t)
	p.Open(t, base+"/"+f.ID)
	href := browsertest.JSString(t, p, `document.querySelector("#ff-root a.ff-choice").getAttribute("href")`)
	u, err := url.Parse(href)
	if err != nil || u.Query().Get("s") == "" {
		t.Fatalf("the first choice's link %q carries no walk", href)
	}
	p.JS(t, fmt.Sprintf(`(localStorage.setItem(%q, %q), 1)`, "fixflow:"+f.ID, u.Query().Get("s")))
	p.Reload(t)
	waitAt(t, p, next) // the step, or a fact it asks first
	if got := browsertest.JSString(t, p, `document.documentElement.getAttribute("data-fixflow-boot")`); got != "differs" {
		t.Errorf("the wasm started for %q, want differs", got)
	}
}
