//go:build browser

package site

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/internal/browsertest"
)

// The widget end to end, in a real Chromium and a real WebKit: the same walk
// is written once against browsertest.Page.

// requireWasm fails a browser test early, and clearly, when the build has
// not made the wasm these tests need.
func requireWasm(t *testing.T) {
	t.Helper()
	if _, err := os.Stat("../../web/app.wasm"); err != nil {
		t.Fatalf("web/app.wasm is missing: run `make build` (make test does) before the browser tests")
	}
}

func startWidgetServer(t *testing.T) string {
	requireWasm(t)
	srv := httptest.NewServer(newTestSite(t))
	t.Cleanup(srv.Close)
	return srv.URL
}

// waitReady waits until the wasm has taken over and shown its first step.
func waitReady(t *testing.T, p browsertest.Page) {
	t.Helper()
	p.WaitJS(t, `(window.fixflowStart && window.fixflowStart(), document.documentElement.hasAttribute("data-fixflow-ready")) && document.documentElement.dataset.fixflowStep`, "the wasm to take over", 30*time.Second)
}

func waitStep(t *testing.T, p browsertest.Page, step string) {
	t.Helper()
	p.WaitJS(t, fmt.Sprintf(`document.documentElement.dataset.fixflowStep === %q && document.getElementById("ff-root").dataset.step === %q`, step, step), "step "+step, 30*time.Second)
}

func checkAxe(t *testing.T, p browsertest.Page, step string) {
	t.Helper()
	if vs := p.Axe(t); len(vs) > 0 {
		t.Errorf("%s: accessibility violations on %s:\n%s", p.Name(), step, browsertest.FormatViolations(vs))
	}
}

// tried is how many answers "What I've tried" lists.
func tried(t *testing.T, p browsertest.Page) int {
	t.Helper()
	return browsertest.JSInt(t, p, `document.querySelectorAll(".ff-tried-list li").length`)
}

// choose clicks the i-th choice of the current step and waits for the next.
func choose(t *testing.T, p browsertest.Page, i int, next string) {
	t.Helper()
	p.Click(t, fmt.Sprintf(`#ff-root .ff-choices li:nth-child(%d) a.ff-choice`, i+1))
	waitStep(t, p, next)
}

// pickPaths chooses, from every path of the guide, a walk to a resolved
// outcome and one to an escalation, each a few steps long.
func pickPaths(t *testing.T, f *engine.Flow) (resolved, escalate []engine.Step) {
	t.Helper()
	paths, _ := engine.Paths(f, 0)
	sort.SliceStable(paths, func(i, j int) bool { return len(paths[i]) < len(paths[j]) })
	for _, p := range paths {
		last := f.Node(lastNode(f, p))
		switch {
		case resolved == nil && last.Result == engine.ResultResolved && len(p) >= 3:
			resolved = p
		case escalate == nil && last.Result == engine.ResultEscalate && len(p) >= 5:
			escalate = p
		}
	}
	if resolved == nil || escalate == nil {
		t.Fatal("the guide lacks a resolved or an escalate path to walk")
	}
	return resolved, escalate
}

// lastNode is where a path ends: the node its last choice leads to.
func lastNode(f *engine.Flow, p []engine.Step) string {
	st := p[len(p)-1]
	return f.Choices(f.Node(st.Node))[st.Choice].Next
}

// walk follows a path by clicking, checking focus, the live region and
// accessibility at every step.
func walk(t *testing.T, b browsertest.Page, f *engine.Flow, p []engine.Step, axeEvery bool) {
	t.Helper()
	for i, st := range p {
		next := f.Choices(f.Node(st.Node))[st.Choice].Next
		choose(t, b, st.Choice, next)
		title := f.Node(next).Title
		if got := browsertest.JSString(t, b, `document.activeElement && document.activeElement.id`); got != "ff-step-title" {
			t.Errorf("%s: after choosing on %s, focus is on %q, not the new step's heading", b.Name(), st.Node, got)
		}
		if got := browsertest.JSString(t, b, `document.getElementById("ff-live").textContent`); got != title {
			t.Errorf("%s: live region says %q, want %q", b.Name(), got, title)
		}
		if n := tried(t, b); n != i+1 {
			t.Errorf("%s: %d entries in what I've tried after %d steps", b.Name(), n, i+1)
		}
		if axeEvery || i == len(p)-1 {
			checkAxe(t, b, next)
		}
	}
}

// widgetScenario is the whole walk: resolved and escalate outcomes by
// clicking, Back forgetting later answers, reload resuming, resuming from
// local storage, a deep link, and a keyboard-only walk.
func widgetScenario(t *testing.T, b browsertest.Page, base string, axeEvery bool) {
	f := defaultFlow(t)
	resolved, escalate := pickPaths(t, f)

	t.Run("resolved", func(t *testing.T) {
		b.Open(t, base+"/")
		waitReady(t, b)
		checkAxe(t, b, f.Start)
		walk(t, b, f, resolved, axeEvery)
		if got := browsertest.JSString(t, b, `document.documentElement.dataset.fixflowOutcome || ""`); got != engine.ResultResolved {
			t.Errorf("%s: outcome %q, want resolved", b.Name(), got)
		}
	})

	t.Run("escalate", func(t *testing.T) {
		b.Open(t, base+"/"+f.ID+"/"+f.Start)
		waitReady(t, b)
		walk(t, b, f, escalate, axeEvery)
		if got := browsertest.JSString(t, b, `document.documentElement.dataset.fixflowOutcome || ""`); got != engine.ResultEscalate {
			t.Errorf("%s: outcome %q, want escalate", b.Name(), got)
		}
		if !strings.Contains(browsertest.JSString(t, b, `document.querySelector(".ff-contacts").textContent`), f.Node(lastNode(f, escalate)).Contacts[0].Who) {
			t.Errorf("%s: the escalation does not say who to contact", b.Name())
		}
		// Reload keeps the walk: same step, same list of what was tried.
		b.Reload(t)
		waitReady(t, b)
		waitStep(t, b, lastNode(f, escalate))
		if n := tried(t, b); n != len(escalate) {
			t.Errorf("%s: after reload, %d entries tried, want %d", b.Name(), n, len(escalate))
		}
	})

	t.Run("back forgets later answers", func(t *testing.T) {
		b.Open(t, base+"/"+f.ID+"/"+f.Start)
		waitReady(t, b)
		start := f.Node(f.Start)
		first, second := start.Options[0].Next, start.Options[1].Next
		choose(t, b, 0, first)
		n := f.Node(first)
		choose(t, b, len(f.Choices(n))-1, f.Choices(n)[len(f.Choices(n))-1].Next)
		b.Click(t, "#ff-root a.ff-back")
		waitStep(t, b, first)
		b.Click(t, "#ff-root a.ff-back")
		waitStep(t, b, f.Start)
		if n := tried(t, b); n != 0 {
			t.Errorf("%s: back to the start, %d answers remembered", b.Name(), n)
		}
		choose(t, b, 1, second)
		list := browsertest.JSString(t, b, `document.querySelector(".ff-tried-list").textContent`)
		if !strings.Contains(list, start.Options[1].Label) || strings.Contains(list, start.Options[0].Label) {
			t.Errorf("%s: after changing the answer, what I've tried says %q", b.Name(), list)
		}
		// The guide's own address resumes this walk from local storage.
		b.Open(t, base+"/")
		waitReady(t, b)
		waitStep(t, b, second)
		if !strings.Contains(browsertest.JSString(t, b, `location.pathname + location.search`), "/"+f.ID+"/"+second+"?s=") {
			t.Errorf("%s: resuming did not put the step in the address", b.Name())
		}
		// Start over clears it.
		b.Click(t, "#ff-root a.ff-restart")
		waitStep(t, b, f.Start)
	})

	t.Run("deep link", func(t *testing.T) {
		var target *engine.Node
		for i := range f.Nodes {
			if len(f.Nodes[i].Models) > 0 {
				target = &f.Nodes[i]
				break
			}
		}
		if target == nil {
			t.Fatal("no step with model variants")
		}
		b.Open(t, base+"/"+f.ID+"/"+target.ID)
		waitReady(t, b)
		waitStep(t, b, target.ID)
		if got := browsertest.JSString(t, b, `document.getElementById("ff-step-title").textContent`); got != target.Title {
			t.Errorf("%s: deep link shows %q, want %q", b.Name(), got, target.Title)
		}
		if n := browsertest.JSInt(t, b, `document.querySelectorAll("details.ff-model").length`); n != len(target.Models) {
			t.Errorf("%s: %d model variants shown, want %d", b.Name(), n, len(target.Models))
		}
		checkAxe(t, b, target.ID)
		// Touch targets: every control is at least 44 px tall (links inside
		// running text excepted, as WCAG allows).
		small := browsertest.JSString(t, b, `[...document.querySelectorAll("#ff-root .ff-choice, #ff-root .ff-button, #ff-root .ff-nav a, #ff-root summary, #ff-root .ff-links a")]
			.filter(e => e.getBoundingClientRect().height < 44).map(e => e.className + ": " + e.textContent.trim()).join("; ")`)
		if small != "" {
			t.Errorf("%s: controls under 44 px: %s", b.Name(), small)
		}
	})

	t.Run("keyboard only", func(t *testing.T) {
		b.Open(t, base+"/"+f.ID+"/"+f.Start)
		waitReady(t, b)
		for step := 0; step < 40; step++ {
			cur := browsertest.JSString(t, b, `document.documentElement.dataset.fixflowStep`)
			if f.Node(cur).Kind == engine.KindOutcome {
				return
			}
			focused := false
			for tabs := 0; tabs < 60 && !focused; tabs++ {
				b.Key(t, browsertest.KeyTab)
				focused = browsertest.JSBool(t, b, `!!(document.activeElement && document.activeElement.matches("a.ff-choice"))`)
			}
			if !focused {
				t.Fatalf("%s: Tab never reached a choice on %s", b.Name(), cur)
			}
			if vis := browsertest.JSString(t, b, `getComputedStyle(document.activeElement).outlineStyle`); vis == "none" {
				t.Errorf("%s: the focused choice on %s has no visible focus", b.Name(), cur)
			}
			next := strings.TrimPrefix(strings.SplitN(browsertest.JSString(t, b, `document.activeElement.getAttribute("href")`), "?", 2)[0], "/"+f.ID+"/")
			b.Key(t, browsertest.KeyEnter)
			waitStep(t, b, next)
		}
		t.Fatalf("%s: the keyboard walk never reached an outcome", b.Name())
	})
}

// ---- Chromium ----

// emulateColorScheme makes the page of p prefer a dark or light scheme.
func emulateColorScheme(t *testing.T, p *browsertest.ChromePage, scheme string) {
	t.Helper()
	if _, err := chromedp.Call(p.Context(), emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
	}); err != nil {
		t.Fatal(err)
	}
}

func TestWidgetInChromium(t *testing.T) {
	base := startWidgetServer(t)
	t.Parallel()
	c := browsertest.NewChromePage(t)
	widgetScenario(t, c, base, true)

	// Dark mode meets the same contrast: a check and an escalation.
	t.Run("dark", func(t *testing.T) {
		emulateColorScheme(t, c, "dark")
		f := defaultFlow(t)
		_, escalate := pickPaths(t, f)
		c.Open(t, base+"/"+f.ID+"/"+f.Start)
		waitReady(t, c)
		if bg := browsertest.JSString(t, c, `getComputedStyle(document.getElementById("ff-root")).backgroundColor`); bg != "rgb(28, 28, 30)" {
			t.Errorf("dark mode background is %s", bg)
		}
		walk(t, c, f, escalate, false)
		for _, st := range escalate {
			if f.Node(st.Node).Kind == engine.KindCheck {
				c.Open(t, base+"/"+f.ID+"/"+st.Node)
				waitReady(t, c)
				checkAxe(t, c, st.Node+" (dark)")
				break
			}
		}
	})
}

// Before the wasm arrives, or with JavaScript off, the prerendered choices
// are ordinary links and the whole guide still works. (With scripts off, the
// page runs no timers or observers, so the waits here poll from Go.)
func TestWidgetWithoutJavaScript(t *testing.T) {
	base := startWidgetServer(t)
	t.Parallel()
	c := browsertest.NewChromePage(t)
	if _, err := chromedp.Call(c.Context(), emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	f := defaultFlow(t)
	resolved, _ := pickPaths(t, f)
	c.Open(t, base+"/")
	for _, st := range resolved {
		next := f.Choices(f.Node(st.Node))[st.Choice].Next
		c.Click(t, fmt.Sprintf(`#ff-root .ff-choices li:nth-child(%d) a.ff-choice`, st.Choice+1))
		atNext := fmt.Sprintf(`!!document.getElementById("ff-root") && document.getElementById("ff-root").dataset.step === %q`, next)
		browsertest.Until(t, "the prerendered step "+next, 30*time.Second, func() (bool, string) {
			v, err := c.Eval(atNext)
			return v == true, fmt.Sprint(v, err)
		})
	}
	if browsertest.JSBool(t, c, `document.documentElement.hasAttribute("data-fixflow-ready")`) {
		t.Error("the wasm ran although JavaScript was off")
	}
}

// ---- WebKit ----

func TestWidgetInWebKit(t *testing.T) {
	base := startWidgetServer(t)
	t.Parallel()
	widgetScenario(t, browsertest.NewWebKitPage(t), base, false)
}

// ---- Screenshots for the README ----

// TestScreenshots takes the README's pictures on a phone-sized Chromium. They
// go to docs/ when UPDATE_SCREENSHOTS=1, else to the test's temp dir.
func TestScreenshots(t *testing.T) {
	base := startWidgetServer(t)
	t.Parallel()
	f := defaultFlow(t)
	_, escalate := pickPaths(t, f)
	dir := t.TempDir()
	if os.Getenv("UPDATE_SCREENSHOTS") == "1" {
		dir = "../../docs"
	}
	var models string
	for _, n := range f.Nodes {
		if len(n.Models) > 0 {
			models = n.ID
			break
		}
	}
	s := engine.NewSession(f)
	for _, st := range escalate {
		if err := s.Choose(st.Choice); err != nil {
			t.Fatal(err)
		}
	}
	shots := []struct{ name, path, scheme string }{
		{"question.png", "/", "light"},
		{"check.png", "/" + f.ID + "/" + models, "light"},
		{"escalate.png", "/" + f.ID + "/" + s.Current().ID + "?s=" + s.Encode(), "light"},
		{"dark.png", "/" + f.ID + "/" + models, "dark"},
	}
	// One phone-sized browser, a tab per picture.
	browser := browsertest.NewChromePage(t, browsertest.Mobile())
	for _, sh := range shots {
		c := browser.NewTab(t)
		emulateColorScheme(t, c, sh.scheme)
		c.Open(t, base+sh.path)
		waitReady(t, c)
		c.WaitJS(t, browsertest.AnimationFrames(2), "the step painted", 10*time.Second)
		browsertest.SaveScreenshot(t, c.Screenshot(t), filepath.Join(dir, sh.name))
	}
}
