//go:build browser

package site

import (
	"context"
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
	"github.com/chromedp/chromedp/kb"
	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/content"
	"github.com/fixflow/fixflow/internal/browsertest"
)

// The widget end to end, in a real Chromium and a real WebKit: the same walk
// is written once against this small interface.
type browser interface {
	name() string
	open(t *testing.T, url string)
	// js evaluates an expression and returns its value.
	js(t *testing.T, expr string) any
	click(t *testing.T, css string)
	key(t *testing.T, k string) // "Tab" or "Enter"
	reload(t *testing.T)
	axe(t *testing.T) []browsertest.AxeViolation
}

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

// waitJS polls an expression until it is truthy.
func waitJS(t *testing.T, b browser, expr string, what string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		v := b.js(t, "!!("+expr+")")
		if v == true {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: timed out waiting for %s (%s)", b.name(), what, expr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func waitReady(t *testing.T, b browser) {
	t.Helper()
	waitJS(t, b, `document.documentElement.hasAttribute("data-fixflow-ready") && document.documentElement.dataset.fixflowStep`, "the wasm to take over")
}

// waitStep waits for the page to show step itself (not a fact it asks).
func waitStep(t *testing.T, b browser, step string) {
	t.Helper()
	waitJS(t, b, fmt.Sprintf(`document.documentElement.dataset.fixflowStep === %q && document.getElementById("ff-root").dataset.step === %q && !document.getElementById("ff-root").dataset.ask`, step, step), "step "+step)
}

// waitAt waits for the page at step: the step, or a fact it asks first.
func waitAt(t *testing.T, b browser, step string) {
	t.Helper()
	waitJS(t, b, fmt.Sprintf(`document.documentElement.dataset.fixflowStep === %q && document.getElementById("ff-root").dataset.step === %q`, step, step), "the page at "+step)
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
// s is at (with walkFacts, "I don't know" for a fact they lack), answering
// them in s too, and waits for the step.
func answerAsked(t *testing.T, b browser, s *engine.Session) {
	t.Helper()
	for fa := s.Needs(); fa != nil; fa = s.Needs() {
		waitJS(t, b, fmt.Sprintf(`document.getElementById("ff-root").dataset.ask === %q`, fa.ID), "the question of fact "+fa.ID)
		v, ok := walkFacts[fa.ID]
		if !ok {
			v = engine.Unknown
		}
		i := len(fa.Options) // "I don't know" comes last
		for k, o := range fa.Options {
			if o.ID == v {
				i = k
			}
		}
		if err := s.SetFact(fa.ID, v); err != nil {
			t.Fatal(err)
		}
		b.click(t, fmt.Sprintf(`#ff-root .ff-choices li:nth-child(%d) a.ff-choice`, i+1))
		waitJS(t, b, fmt.Sprintf(`location.search.includes(%q)`, "s="+s.Encode()), "the answer to "+fa.ID+" in the address")
	}
	waitStep(t, b, s.Current().ID)
}

// follow takes choice i in the browser (by its place among the choices
// offered) and in s, then answers the facts the page asks.
func follow(t *testing.T, b browser, s *engine.Session, i int) {
	t.Helper()
	shown := 0
	for k := range i {
		if s.Offered(k) {
			shown++
		}
	}
	if err := s.Choose(i); err != nil {
		t.Fatal(err)
	}
	b.click(t, fmt.Sprintf(`#ff-root .ff-choices li:nth-child(%d) a.ff-choice`, shown+1))
	waitAt(t, b, s.Current().ID)
	answerAsked(t, b, s)
}

func jsString(t *testing.T, b browser, expr string) string {
	t.Helper()
	v, _ := b.js(t, expr).(string)
	return v
}

func jsInt(t *testing.T, b browser, expr string) int {
	t.Helper()
	switch v := b.js(t, expr).(type) {
	case float64:
		return int(v)
	case int:
		return v
	}
	return -1
}

func checkAxe(t *testing.T, b browser, step string) {
	t.Helper()
	if vs := b.axe(t); len(vs) > 0 {
		t.Errorf("%s: accessibility violations on %s:\n%s", b.name(), step, browsertest.FormatViolations(vs))
	}
}

// choose clicks the i-th choice of the current step and waits for the page
// at the next (which may ask a fact first).
func choose(t *testing.T, b browser, i int, next string) {
	t.Helper()
	b.click(t, fmt.Sprintf(`#ff-root .ff-choices li:nth-child(%d) a.ff-choice`, i+1))
	waitAt(t, b, next)
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
func walk(t *testing.T, b browser, f *engine.Flow, p []engine.Step, axeEvery bool) {
	t.Helper()
	s := engine.NewSession(f)
	for i, st := range p {
		if s.Current().ID != st.Node {
			t.Fatalf("the walk is at %s, the path at %s", s.Current().ID, st.Node)
		}
		follow(t, b, s, st.Choice)
		next := s.Current().ID
		title := f.Node(next).Title
		if got := jsString(t, b, `document.activeElement && document.activeElement.id`); got != "ff-step-title" {
			t.Errorf("%s: after choosing on %s, focus is on %q, not the new step's heading", b.name(), st.Node, got)
		}
		if got := jsString(t, b, `document.getElementById("ff-live").textContent`); got != title {
			t.Errorf("%s: live region says %q, want %q", b.name(), got, title)
		}
		if n := jsInt(t, b, `document.querySelectorAll(".ff-tried-list li").length`); n != i+1 {
			t.Errorf("%s: %d entries in what I've tried after %d steps", b.name(), n, i+1)
		}
		if axeEvery || i == len(p)-1 {
			checkAxe(t, b, next)
		}
	}
}

// widgetScenario is the whole walk: resolved and escalate outcomes by
// clicking, Back forgetting later answers, reload resuming, resuming from
// local storage, a deep link, and a keyboard-only walk.
func widgetScenario(t *testing.T, b browser, base string, axeEvery bool) {
	f := defaultFlow(t)
	resolved, escalate := pickPaths(t, f)

	t.Run("resolved", func(t *testing.T) {
		b.open(t, base+"/")
		waitReady(t, b)
		checkAxe(t, b, f.Start)
		walk(t, b, f, resolved, axeEvery)
		if got := jsString(t, b, `document.documentElement.dataset.fixflowOutcome`); got != engine.ResultResolved {
			t.Errorf("%s: outcome %q, want resolved", b.name(), got)
		}
	})

	t.Run("escalate", func(t *testing.T) {
		b.open(t, base+"/"+f.ID+"/"+f.Start)
		waitReady(t, b)
		walk(t, b, f, escalate, axeEvery)
		if got := jsString(t, b, `document.documentElement.dataset.fixflowOutcome`); got != engine.ResultEscalate {
			t.Errorf("%s: outcome %q, want escalate", b.name(), got)
		}
		if !strings.Contains(jsString(t, b, `document.querySelector(".ff-contacts").textContent`), f.Node(lastNode(f, escalate)).Contacts[0].Who) {
			t.Errorf("%s: the escalation does not say who to contact", b.name())
		}
		// Reload keeps the walk: same step, same list of what was tried.
		b.reload(t)
		waitReady(t, b)
		waitStep(t, b, lastNode(f, escalate))
		if n := jsInt(t, b, `document.querySelectorAll(".ff-tried-list li").length`); n != len(escalate) {
			t.Errorf("%s: after reload, %d entries tried, want %d", b.name(), n, len(escalate))
		}
	})

	t.Run("back forgets later answers", func(t *testing.T) {
		b.open(t, base+"/"+f.ID+"/"+f.Start)
		waitReady(t, b)
		start := f.Node(f.Start)
		first, second := start.Options[0].Next, start.Options[1].Next
		s := engine.NewSession(f)
		follow(t, b, s, 0)
		follow(t, b, s, len(f.Choices(s.Current()))-1)
		b.click(t, "#ff-root a.ff-back")
		waitStep(t, b, first)
		b.click(t, "#ff-root a.ff-back")
		waitStep(t, b, f.Start)
		if n := jsInt(t, b, `document.querySelectorAll(".ff-tried-list li").length`); n != 0 {
			t.Errorf("%s: back to the start, %d answers remembered", b.name(), n)
		}
		choose(t, b, 1, second)
		waitStep(t, b, second)
		tried := jsString(t, b, `document.querySelector(".ff-tried-list").textContent`)
		if !strings.Contains(tried, start.Options[1].Label) || strings.Contains(tried, start.Options[0].Label) {
			t.Errorf("%s: after changing the answer, what I've tried says %q", b.name(), tried)
		}
		// The guide's own address resumes this walk from local storage.
		b.open(t, base+"/")
		waitReady(t, b)
		waitStep(t, b, second)
		if !strings.Contains(jsString(t, b, `location.pathname + location.search`), "/"+f.ID+"/"+second+"?s=") {
			t.Errorf("%s: resuming did not put the step in the address", b.name())
		}
		// Start over clears it.
		b.click(t, "#ff-root a.ff-restart")
		waitStep(t, b, f.Start)
	})

	t.Run("deep link", func(t *testing.T) {
		target := withModels(t, f)
		b.open(t, base+"/"+f.ID+"/"+target.ID)
		waitReady(t, b)
		// The step needs the device's model first: the page asks it, on
		// the step's URL; this walk does not know it.
		s, _ := engine.NewSessionAt(f, target.ID)
		fa := s.Needs()
		if fa == nil {
			t.Fatalf("%s needs no fact", target.ID)
		}
		waitAt(t, b, target.ID)
		if got := jsString(t, b, `document.getElementById("ff-step-title").textContent`); got != fa.Question {
			t.Errorf("%s: deep link asks %q, want %q", b.name(), got, fa.Question)
		}
		checkAxe(t, b, target.ID+" (asking "+fa.ID+")")
		saved := walkFacts
		walkFacts = engine.FactValues{}
		answerAsked(t, b, s)
		walkFacts = saved
		if got := jsString(t, b, `document.getElementById("ff-step-title").textContent`); got != target.Title {
			t.Errorf("%s: deep link shows %q, want %q", b.name(), got, target.Title)
		}
		if n := jsInt(t, b, `document.querySelectorAll("details.ff-model").length`); n != len(target.Models) {
			t.Errorf("%s: %d model variants shown for an unknown model, want %d", b.name(), n, len(target.Models))
		}
		checkAxe(t, b, target.ID)
		// Touch targets: every control is at least 44 px tall (links inside
		// running text excepted, as WCAG allows).
		small := jsString(t, b, `[...document.querySelectorAll("#ff-root .ff-choice, #ff-root .ff-button, #ff-root .ff-nav a, #ff-root summary, #ff-root .ff-links a")]
			.filter(e => e.getBoundingClientRect().height < 44).map(e => e.className + ": " + e.textContent.trim()).join("; ")`)
		if small != "" {
			t.Errorf("%s: controls under 44 px: %s", b.name(), small)
		}
	})

	t.Run("keyboard only", func(t *testing.T) {
		b.open(t, base+"/"+f.ID+"/"+f.Start)
		waitReady(t, b)
		for step := 0; step < 40; step++ {
			cur := jsString(t, b, `document.documentElement.dataset.fixflowStep`)
			if f.Node(cur).Kind == engine.KindOutcome {
				return
			}
			focused := false
			for tabs := 0; tabs < 60 && !focused; tabs++ {
				b.key(t, "Tab")
				focused = b.js(t, `!!(document.activeElement && document.activeElement.matches("a.ff-choice"))`) == true
			}
			if !focused {
				t.Fatalf("%s: Tab never reached a choice on %s", b.name(), cur)
			}
			if vis := jsString(t, b, `getComputedStyle(document.activeElement).outlineStyle`); vis == "none" {
				t.Errorf("%s: the focused choice on %s has no visible focus", b.name(), cur)
			}
			// A fact's answer leads to the same step: wait for the address.
			href := jsString(t, b, `document.activeElement.getAttribute("href")`)
			b.key(t, "Enter")
			waitJS(t, b, fmt.Sprintf(`location.pathname + location.search === %q && document.documentElement.dataset.fixflowStep`, href), "the address "+href)
		}
		t.Fatalf("%s: the keyboard walk never reached an outcome", b.name())
	})
}

// ---- Chromium ----

type chrome struct {
	ctx context.Context
}

func (c chrome) name() string { return "chromium" }

func (c chrome) do(t *testing.T, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(c.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("chromium: %v", err)
	}
}

func (c chrome) open(t *testing.T, url string) { t.Helper(); c.do(t, chromedp.Navigate(url)) }
func (c chrome) reload(t *testing.T)           { t.Helper(); c.do(t, chromedp.Reload()) }
func (c chrome) click(t *testing.T, css string) {
	t.Helper()
	c.do(t, chromedp.Click(chromedp.CSS(css)))
}
func (c chrome) key(t *testing.T, k string) {
	t.Helper()
	c.do(t, chromedp.KeyEvent(map[string]string{"Tab": kb.Tab, "Enter": kb.Enter}[k]))
}
func (c chrome) js(t *testing.T, expr string) any {
	t.Helper()
	ctx, cancel := context.WithTimeout(c.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[any](expr))
	if err != nil {
		t.Fatalf("chromium: evaluating %s: %v", expr, err)
	}
	return v
}
func (c chrome) axe(t *testing.T) []browsertest.AxeViolation {
	t.Helper()
	return browsertest.AxeChrome(c.ctx, t)
}

func TestWidgetInChromium(t *testing.T) {
	base := startWidgetServer(t)
	c := chrome{browsertest.Chrome(t)}
	widgetScenario(t, c, base, true)

	// Dark mode meets the same contrast: a check and an escalation.
	t.Run("dark", func(t *testing.T) {
		if _, err := chromedp.Call(c.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}},
		}); err != nil {
			t.Fatal(err)
		}
		f := defaultFlow(t)
		_, escalate := pickPaths(t, f)
		c.open(t, base+"/"+f.ID+"/"+f.Start)
		waitReady(t, c)
		if bg := jsString(t, c, `getComputedStyle(document.getElementById("ff-root")).backgroundColor`); bg != "rgb(28, 28, 30)" {
			t.Errorf("dark mode background is %s", bg)
		}
		walk(t, c, f, escalate, false)
		for _, st := range escalate {
			if f.Node(st.Node).Kind == engine.KindCheck {
				c.open(t, base+"/"+f.ID+"/"+st.Node)
				waitReady(t, c)
				checkAxe(t, c, st.Node+" (dark)")
				break
			}
		}
	})
}

// Before the wasm arrives, or with JavaScript off, the prerendered choices
// are ordinary links and the whole guide still works.
func TestWidgetWithoutJavaScript(t *testing.T) {
	base := startWidgetServer(t)
	ctx := browsertest.Chrome(t)
	c := chrome{ctx}
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	f := defaultFlow(t)
	resolved, _ := pickPaths(t, f)
	c.open(t, base+"/")
	for _, st := range resolved {
		next := f.Choices(f.Node(st.Node))[st.Choice].Next
		c.click(t, fmt.Sprintf(`#ff-root .ff-choices li:nth-child(%d) a.ff-choice`, st.Choice+1))
		waitJS(t, c, fmt.Sprintf(`document.getElementById("ff-root") && document.getElementById("ff-root").dataset.step === %q`, next), "the next prerendered step")
	}
	if c.js(t, `document.documentElement.hasAttribute("data-fixflow-ready")`) == true {
		t.Error("the wasm ran although JavaScript was off")
	}
}

// ---- WebKit ----

type webkit struct {
	d *browsertest.WebDriver
}

func (w webkit) name() string { return "webkit" }
func (w webkit) open(t *testing.T, url string) {
	t.Helper()
	if err := w.d.Navigate(url); err != nil {
		t.Fatalf("webkit: %v", err)
	}
}
func (w webkit) reload(t *testing.T) {
	t.Helper()
	if err := w.d.Refresh(); err != nil {
		t.Fatalf("webkit: %v", err)
	}
}
func (w webkit) click(t *testing.T, css string) {
	t.Helper()
	el, err := w.d.WaitFor(css, 30*time.Second)
	if err == nil {
		err = el.Click()
	}
	if err != nil {
		t.Fatalf("webkit: clicking %s: %v", css, err)
	}
}
func (w webkit) key(t *testing.T, k string) {
	t.Helper()
	if err := w.d.Keys(map[string]string{"Tab": browsertest.KeyTab, "Enter": browsertest.KeyEnter}[k]); err != nil {
		t.Fatalf("webkit: %v", err)
	}
}
func (w webkit) js(t *testing.T, expr string) any {
	t.Helper()
	var v any
	var err error
	for try := 0; try < 5; try++ {
		v, err = w.d.Exec("return (" + expr + ")")
		if err == nil {
			return v
		}
		time.Sleep(100 * time.Millisecond) // a page between two documents
	}
	t.Fatalf("webkit: evaluating %s: %v", expr, err)
	return nil
}
func (w webkit) axe(t *testing.T) []browsertest.AxeViolation {
	t.Helper()
	return browsertest.AxeWebKit(w.d, t)
}

func TestWidgetInWebKit(t *testing.T) {
	base := startWidgetServer(t)
	widgetScenario(t, webkit{browsertest.WebKit(t)}, base, false)
}

// ---- Screenshots for the README ----

// TestScreenshots takes the README's pictures on a phone-sized Chromium. They
// go to docs/ when UPDATE_SCREENSHOTS=1, else to the test's temp dir.
func TestScreenshots(t *testing.T) {
	base := startWidgetServer(t)
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
	}
	for _, sh := range shots {
		ctx := browsertest.Chrome(t, browsertest.Mobile())
		c := chrome{ctx}
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: sh.scheme}},
		}); err != nil {
			t.Fatal(err)
		}
		c.open(t, base+sh.path)
		waitReady(t, c)
		tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		png, err := chromedp.Run(tctx, chromedp.CaptureScreenshot())
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		browsertest.SaveScreenshot(t, png, filepath.Join(dir, sh.name))
	}
}
