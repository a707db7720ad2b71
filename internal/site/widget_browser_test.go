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
	"github.com/fixflow/fixflow/content"
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

// waitStep waits for the page to show step itself (not a fact it asks).
func waitStep(t *testing.T, p browsertest.Page, step string) {
	t.Helper()
	p.WaitJS(t, fmt.Sprintf(`document.documentElement.dataset.fixflowStep === %q && document.getElementById("ff-root").dataset.step === %q && !document.getElementById("ff-root").dataset.ask`, step, step), "step "+step, 30*time.Second)
}

// waitAt waits for the page at step: the step, or a fact it asks first.
func waitAt(t *testing.T, p browsertest.Page, step string) {
	t.Helper()
	p.WaitJS(t, fmt.Sprintf(`document.documentElement.dataset.fixflowStep === %q && document.getElementById("ff-root").dataset.step === %q`, step, step), "the page at "+step, 30*time.Second)
}

// walkFacts are the answers the browser walks give to the facts the guide
// asks: each fact's second option (the shipped guide's second iOS version
// and second iPhone group), found in the guide rather than named, so that a
// rewrite of the guide leaves the tests working.
var walkFacts = secondOptions()

// secondOptions answers every fact of the default guide with its second
// option (its first, when it has one).
func secondOptions() engine.FactValues {
	lib, err := content.Embedded()
	if err != nil {
		panic(err)
	}
	f, ok := lib.Guide(content.DefaultGuide, "")
	if !ok {
		panic("no default guide")
	}
	v := engine.FactValues{}
	for _, fa := range f.Facts {
		v[fa.ID] = fa.Options[min(1, len(fa.Options)-1)].ID
	}
	return v
}

// answerAsked answers, by clicking, the facts the page asks before the step
// s is at (with facts, "I don't know" for a fact it lacks), answering them
// in s too, and waits for the step.
func answerAsked(t *testing.T, p browsertest.Page, s *engine.Session, facts engine.FactValues) {
	t.Helper()
	for fa := s.Needs(); fa != nil; fa = s.Needs() {
		p.WaitJS(t, fmt.Sprintf(`document.getElementById("ff-root").dataset.ask === %q`, fa.ID), "the question of fact "+fa.ID, 30*time.Second)
		v, ok := facts[fa.ID]
		if !ok {
			v = engine.Unknown
		}
		i := factPlace(fa, v)
		if err := s.SetFact(fa.ID, v); err != nil {
			t.Fatal(err)
		}
		p.Click(t, fmt.Sprintf(`#ff-root .ff-choices li:nth-child(%d) a.ff-choice`, i+1))
		p.WaitJS(t, fmt.Sprintf(`location.search.includes(%q)`, "s="+s.Encode()), "the answer to "+fa.ID+" in the address", 30*time.Second)
	}
	waitStep(t, p, s.Current().ID)
}

// follow takes choice i in the browser (by its place among the choices
// offered) and in s, then answers the facts the page asks with walkFacts.
func follow(t *testing.T, p browsertest.Page, s *engine.Session, i int) {
	t.Helper()
	followAnswering(t, p, s, i, walkFacts)
}

// followAnswering is follow answering the facts asked with facts.
func followAnswering(t *testing.T, p browsertest.Page, s *engine.Session, i int, facts engine.FactValues) {
	t.Helper()
	shown := offeredPlace(s, i)
	if err := s.Choose(i); err != nil {
		t.Fatal(err)
	}
	p.Click(t, fmt.Sprintf(`#ff-root .ff-choices li:nth-child(%d) a.ff-choice`, shown+1))
	waitAt(t, p, s.Current().ID)
	answerAsked(t, p, s, facts)
}

// offeredPlace is the place of choice i of the step s is at among the
// choices the page shows: those offered.
func offeredPlace(s *engine.Session, i int) int {
	shown := 0
	for k := range i {
		if s.Offered(k) {
			shown++
		}
	}
	return shown
}

// factPlace is the place of the answer v among a fact's answers on the
// page: its options, then "I don't know".
func factPlace(fa *engine.Fact, v string) int {
	for k, o := range fa.Options {
		if o.ID == v {
			return k
		}
	}
	return len(fa.Options)
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

// choose clicks the i-th choice of the current step and waits for the page
// at the next (which may ask a fact first).
func choose(t *testing.T, p browsertest.Page, i int, next string) {
	t.Helper()
	p.Click(t, fmt.Sprintf(`#ff-root .ff-choices li:nth-child(%d) a.ff-choice`, i+1))
	waitAt(t, p, next)
}

// pickPaths chooses, from every path of the guide under walkFacts, a walk
// to a resolved outcome and one to an escalation, each a few steps long.
func pickPaths(t *testing.T, f *engine.Flow) (resolved, escalate []engine.Step) {
	t.Helper()
	paths, _ := engine.Paths(f, walkFacts, 0)
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

// withModels is the first step of f with steps by device.
func withModels(t *testing.T, f *engine.Flow) *engine.Node {
	t.Helper()
	for i := range f.Nodes {
		if len(f.Nodes[i].Models) > 0 {
			return &f.Nodes[i]
		}
	}
	t.Fatal("no step with steps by device")
	return nil
}

// lastNode is where a path under walkFacts ends.
func lastNode(f *engine.Flow, p []engine.Step) string {
	s := engine.NewSession(f)
	s.SetFacts(walkFacts)
	for _, st := range p {
		s.Choose(st.Choice)
	}
	return s.Current().ID
}

// walk follows a path by clicking, answering the facts the page asks on the
// way, and checks focus, the live region and accessibility at every step.
func walk(t *testing.T, b browsertest.Page, f *engine.Flow, p []engine.Step, axeEvery bool) {
	t.Helper()
	s := engine.NewSession(f)
	for i, st := range p {
		if s.Current().ID != st.Node {
			t.Fatalf("the walk is at %s, the path at %s", s.Current().ID, st.Node)
		}
		follow(t, b, s, st.Choice)
		next := s.Current().ID
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
		s := engine.NewSession(f)
		follow(t, b, s, 0)
		follow(t, b, s, len(f.Choices(s.Current()))-1)
		b.Click(t, "#ff-root a.ff-back")
		waitStep(t, b, first)
		b.Click(t, "#ff-root a.ff-back")
		waitStep(t, b, f.Start)
		if n := tried(t, b); n != 0 {
			t.Errorf("%s: back to the start, %d answers remembered", b.Name(), n)
		}
		choose(t, b, 1, second)
		waitStep(t, b, second)
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
		target := withModels(t, f)
		b.Open(t, base+"/"+f.ID+"/"+target.ID)
		waitReady(t, b)
		// The step needs the device's model first: the page asks it, on
		// the step's URL; this walk does not know it.
		s, _ := engine.NewSessionAt(f, target.ID)
		fa := s.Needs()
		if fa == nil {
			t.Fatalf("%s needs no fact", target.ID)
		}
		waitAt(t, b, target.ID)
		if got := browsertest.JSString(t, b, `document.getElementById("ff-step-title").textContent`); got != fa.Question {
			t.Errorf("%s: deep link asks %q, want %q", b.Name(), got, fa.Question)
		}
		checkAxe(t, b, target.ID+" (asking "+fa.ID+")")
		answerAsked(t, b, s, nil) // "I don't know" to every fact
		if got := browsertest.JSString(t, b, `document.getElementById("ff-step-title").textContent`); got != target.Title {
			t.Errorf("%s: deep link shows %q, want %q", b.Name(), got, target.Title)
		}
		if n := browsertest.JSInt(t, b, `document.querySelectorAll("details.ff-model").length`); n != len(target.Models) {
			t.Errorf("%s: %d model variants shown for an unknown model, want %d", b.Name(), n, len(target.Models))
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
			// A fact's answer leads to the same step: wait for the address,
			// and for the wasm to have moved the focus to the new page's
			// heading (the address changes before the page is drawn: a Tab
			// pressed in between was undone by that focus).
			href := browsertest.JSString(t, b, `document.activeElement.getAttribute("href")`)
			b.Key(t, browsertest.KeyEnter)
			b.WaitJS(t, fmt.Sprintf(`location.pathname + location.search === %q && document.documentElement.dataset.fixflowStep && document.activeElement && document.activeElement.id === "ff-step-title"`, href), "the address "+href+" and the focus on its heading", 30*time.Second)
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
// are ordinary links and the whole guide still works, the facts it asks
// included. (With scripts off, the page runs no timers or observers, so the
// waits here poll from Go.)
func TestWidgetWithoutJavaScript(t *testing.T) {
	base := startWidgetServer(t)
	t.Parallel()
	c := browsertest.NewChromePage(t)
	if _, err := chromedp.Call(c.Context(), emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	f := defaultFlow(t)
	resolved, _ := pickPaths(t, f)
	s := engine.NewSession(f)
	// at waits for the prerendered page of the walk s: at its step, asking
	// the fact the step needs first (or none).
	at := func(what string) {
		t.Helper()
		ask := ""
		if fa := s.Needs(); fa != nil {
			ask = fa.ID
		}
		cond := fmt.Sprintf(`(r => !!r && r.dataset.step === %q && (r.dataset.ask || "") === %q)(document.getElementById("ff-root"))`, s.Current().ID, ask)
		browsertest.Until(t, what, 30*time.Second, func() (bool, string) {
			v, err := c.Eval(cond)
			return v == true, fmt.Sprint(v, err)
		})
	}
	c.Open(t, base+"/")
	for _, st := range resolved {
		shown := offeredPlace(s, st.Choice)
		if err := s.Choose(st.Choice); err != nil {
			t.Fatal(err)
		}
		c.Click(t, fmt.Sprintf(`#ff-root .ff-choices li:nth-child(%d) a.ff-choice`, shown+1))
		at("the prerendered page at " + s.Current().ID)
		for fa := s.Needs(); fa != nil; fa = s.Needs() {
			if err := s.SetFact(fa.ID, walkFacts[fa.ID]); err != nil {
				t.Fatal(err)
			}
			c.Click(t, fmt.Sprintf(`#ff-root .ff-choices li:nth-child(%d) a.ff-choice`, factPlace(fa, walkFacts[fa.ID])+1))
			at("the prerendered answer to " + fa.ID)
		}
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
	models := withModels(t, f).ID
	s := engine.NewSession(f)
	s.SetFacts(walkFacts)
	for _, st := range escalate {
		if err := s.Choose(st.Choice); err != nil {
			t.Fatal(err)
		}
	}
	m, _ := engine.NewSessionAt(f, models)
	m.SetFacts(walkFacts)
	check := "/" + f.ID + "/" + models + "?s=" + m.Encode()
	shots := []struct{ name, path, scheme string }{
		{"question.png", "/", "light"},
		{"check.png", check, "light"},
		{"escalate.png", "/" + f.ID + "/" + s.Current().ID + "?s=" + s.Encode(), "light"},
		{"dark.png", check, "dark"},
		{"fact.png", "/" + f.ID + "/" + models, "light"},
		// The same check in Spanish: the walk's state is the same in
		// every language.
		{"es.png", "/es" + check, "light"},
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
