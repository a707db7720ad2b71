//go:build browser

package site

// Browser tests of embedding: web/embed.js on a host page of another origin,
// web/frame.js inside the widget's iframe. The widget server (the real site)
// and the host page each get an httptest server on 127.0.0.1, on different
// ports, so the host is cross-origin to the widget. The host pages have no
// inline script either: their test script is /host.js.

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/content"
	"github.com/fixflow/fixflow/internal/browsertest"
)

// The shipped guide's steps these tests use, found from its content rather
// than named, so that a rewrite of the guide leaves them working:
//
//   - embedStart, the guide's start;
//   - embedWalk, the walk the tests click through from there, each click and
//     the step it leads to: a question's (or an info's) first choice, No at
//     a check, Yes at the last one, ending on a resolved outcome, at no node
//     that asks a fact;
//   - embedOther, where the start's second answer leads (the second
//     widget's data-step);
//   - embedDeep, a check off that walk that asks no fact (opened by command);
//   - embedEscalate, an escalation (opened by command).
//
// They are package variables (not set by an init function) so that other
// package variables can be made from them (hostileWalk).
var embedStart, embedOther, embedDeep, embedEscalate, embedWalk = shippedEmbedSteps()

// embedClick is one click of embedWalk and the step it leads to.
type embedClick struct{ click, step string }

// embedWalkLen is the number of clicks in embedWalk.
const embedWalkLen = 6

// shippedEmbedSteps finds the steps above in the default guide; it panics
// when the guide has none that fit, saying which.
func shippedEmbedSteps() (start, other, deep, escalate string, walk []embedClick) {
	lib, err := content.Embedded()
	if err != nil {
		panic(err)
	}
	f, ok := lib.Guide(content.DefaultGuide, "")
	if !ok {
		panic("no default guide")
	}
	noFacts := func(n *engine.Node) bool {
		own, inside := f.Needs(n)
		return len(own) == 0 && len(inside) == 0
	}
	start = f.Start
	s := engine.NewSession(f)
	onWalk := map[string]bool{f.Start: true}
	for len(walk) < embedWalkLen {
		n := s.Current()
		click, choice := "a.ff-choice", 0
		if n.Kind == engine.KindCheck {
			click, choice = "a.ff-choice-no", engine.AnswerNotFixed
			if len(walk) == embedWalkLen-1 {
				click, choice = "a.ff-choice-yes", engine.AnswerFixed
			}
		}
		if n.Kind == engine.KindOutcome || !noFacts(n) || s.Choose(choice) != nil {
			panic(fmt.Sprintf("the default guide has no embedding walk: stuck at %s after %d clicks", n.ID, len(walk)))
		}
		walk = append(walk, embedClick{click, s.Current().ID})
		onWalk[s.Current().ID] = true
	}
	if last := s.Current(); last.Kind != engine.KindOutcome || last.Result != engine.ResultResolved || !noFacts(last) {
		panic(fmt.Sprintf("the embedding walk ends at %s, not a resolved outcome", last.ID))
	}
	if first := f.Node(f.Start); len(first.Options) > 1 {
		other = first.Options[1].Next
	}
	for i := range f.Nodes {
		n := &f.Nodes[i]
		if deep == "" && n.Kind == engine.KindCheck && !onWalk[n.ID] && noFacts(n) {
			deep = n.ID
		}
		if escalate == "" && n.Result == engine.ResultEscalate {
			escalate = n.ID
		}
	}
	if other == "" || deep == "" || escalate == "" {
		panic(fmt.Sprintf("the default guide lacks a step the embedding tests need: other %q, deep %q, escalation %q", other, deep, escalate))
	}
	return start, other, deep, escalate, walk
}

// embedDone is the resolved outcome embedWalk ends on.
func embedDone() string { return embedWalk[len(embedWalk)-1].step }

// embedEnv is a widget origin, the same widget with its wasm withheld (so
// that pages stay prerendered and frame.js navigates with location.replace),
// and a host origin.
type embedEnv struct {
	widget, noWasm, host *httptest.Server
}

func newEmbedEnv(t *testing.T) *embedEnv {
	t.Helper()
	if _, err := os.Stat("../../web/app.wasm"); err != nil {
		t.Fatal("web/app.wasm is missing: run `make build` first; the embedding browser tests need the wasm")
	}
	site := newTestSite(t) // the package's one site: go-app's routes are global
	e := &embedEnv{}
	e.widget = httptest.NewServer(site)
	e.noWasm = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, ".wasm") {
			http.Error(w, "no wasm in this test", http.StatusServiceUnavailable)
			return
		}
		site.ServeHTTP(w, r)
	}))
	mux := http.NewServeMux()
	mux.HandleFunc("GET /host.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		io.WriteString(w, strings.ReplaceAll(embedHostJS, "EMBED_DEEP", embedDeep))
	})
	mux.HandleFunc("GET /page/{name}", func(w http.ResponseWriter, r *http.Request) {
		origin := e.widget.URL
		if r.URL.Query().Get("widget") == "nowasm" {
			origin = e.noWasm.URL
		}
		page, ok := embedHostPage(r.PathValue("name"), origin)
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Content-Security-Policy", "script-src 'self' "+origin) // no inline script here either
		io.WriteString(w, page)
	})
	e.host = httptest.NewServer(mux)
	t.Cleanup(func() {
		e.host.Close()
		e.widget.Close()
		e.noWasm.Close()
	})
	if e.host.URL == e.widget.URL {
		t.Fatal("host and widget servers share an origin")
	}
	return e
}

// embedHostJS records what the host page sees: the widget's events, the
// iframes as embed.js inserts them (before any message could resize them),
// and the history length before the widget existed. With <html data-queue>
// it uses the command-queue snippet before embed.js has loaded.
const embedHostJS = `"use strict";
window.ffEvents = [];
window.ffInserted = [];
window.ffHistory0 = history.length;
["ready", "step", "resolved", "escalated"].forEach(function (t) {
  document.addEventListener("fixflow:" + t, function (e) {
    var d = e.detail || {};
    ffEvents.push({type: t, guide: d.guide, step: d.step, widget: d.widget,
      keys: Object.keys(d).sort().join(","), on: e.target.getAttribute("data-box") || e.target.tagName});
  });
});
new MutationObserver(function (records) {
  records.forEach(function (r) {
    r.addedNodes.forEach(function (n) {
      var f = n.nodeType === 1 && (n.tagName === "IFRAME" ? n : n.querySelector("iframe"));
      if (!f || f.ffSeen) { return; }
      f.ffSeen = true;
      var box = f.parentNode, prev = box.previousElementSibling;
      ffInserted.push({height: f.style.height, src: f.getAttribute("src"),
        afterScript: !!prev && prev.tagName === "SCRIPT" && /\/embed\.js$/.test(prev.src),
        widget: prev && prev.getAttribute("data-fixflow")});
    });
  });
}).observe(document.documentElement, {childList: true, subtree: true});
if (document.documentElement.hasAttribute("data-queue")) {
  window.fixflow = window.fixflow || function () { (fixflow.q = fixflow.q || []).push(arguments); };
  fixflow("open", "EMBED_DEEP");
}
`

// embedHostPage is a test host page: article text around one or two widgets.
func embedHostPage(name, widgetOrigin string) (string, bool) {
	tag := func(attrs string) string {
		return `<script async src="` + widgetOrigin + `/embed.js" data-guide="imessage-undelivered" ` + attrs + `></script>`
	}
	text := strings.Repeat("<p>Host article text. Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.</p>\n", 4)
	var body, htmlAttr string
	switch name {
	case "one":
		body = text + tag(`data-id="w1" data-theme="light" data-accent="#0b7a75" data-radius="8"`) + "\n" + text
	case "two":
		body = text + tag(`data-id="w1" data-theme="light" data-accent="#0b7a75"`) + "\n" +
			strings.Repeat(text, 3) +
			`<section style="background:#111;color:#eee;padding:1rem">` +
			tag(`data-id="w2" data-theme="dark" data-accent="#ffb340" data-radius="20" data-step="`+embedOther+`" data-min-height="400" data-title="The second guide"`) +
			"</section>\n" + text
	case "es":
		body = text + tag(`data-id="w1" data-lang="es"`) + "\n" + text
	case "en":
		body = text + tag(`data-id="w1" data-lang="en"`) + "\n" + text
	case "queue":
		htmlAttr = " data-queue"
		body = text + tag(`data-id="w1"`) + "\n" + text
	default:
		return "", false
	}
	return `<!doctype html><html lang="en"` + htmlAttr + `><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Host page</title><script src="/host.js"></script></head>
<body style="margin:0 auto;max-width:48rem;font:16px/1.5 sans-serif"><h1>Help article</h1>
` + body + `</body></html>`, true
}

// embedEvent is one fixflow:* event the host page recorded.
type embedEvent struct {
	Type, Guide, Step, Widget, Keys, On string
}

// --- both browsers --------------------------------------------------------

// embedFrame is the selector of a widget's iframe on the host page.
func embedFrame(wid string) string { return `script[data-fixflow="` + wid + `"] + div > iframe` }

// embedHost is a host page with widgets, in either browser.
type embedHost struct {
	t *testing.T
	p browsertest.Page
}

// frame is the page of a widget's iframe.
func (h embedHost) frame(wid string) browsertest.Page { return h.p.Frame(embedFrame(wid)) }

// wait waits in the host page until expr is truthy.
func (h embedHost) wait(expr, what string, timeout time.Duration) {
	h.t.Helper()
	h.p.WaitJS(h.t, expr, what, timeout)
}

// click clicks a link inside a widget's frame (real mouse input) and waits
// for the step it leads to.
func (h embedHost) click(wid, sel, step string) {
	h.t.Helper()
	h.frame(wid).Click(h.t, "#ff-root "+sel)
	h.waitStep(wid, step)
}

func (h embedHost) waitStep(wid, step string) {
	h.t.Helper()
	h.frame(wid).WaitJS(h.t, `(document.getElementById("ff-root") || {dataset: {}}).dataset.step === `+embedQuote(step), "widget "+wid+" at step "+step, 30*time.Second)
}

// embedFrameSize is what a frame measures of itself.
type embedFrameSize struct {
	Inner   float64 // the frame's viewport height: the iframe's height
	Scroll  float64 // documentElement.scrollHeight
	Client  float64 // documentElement.clientHeight
	Content float64 // the root element's box: the content's height
}

const embedFrameSizeJS = `({inner: innerHeight, scroll: document.documentElement.scrollHeight,
	client: document.documentElement.clientHeight, content: document.documentElement.getBoundingClientRect().height})`

// checkHeight waits until the iframe fits its content (no inner scrollbar,
// not taller than the content) and checks the host's view of the iframe
// against the frame document's scrollHeight. It returns the height.
func (h embedHost) checkHeight(wid string) float64 {
	h.t.Helper()
	fs := browsertest.WaitAs[embedFrameSize](h.t, h.frame(wid), `(function(){ var s = `+embedFrameSizeJS+`;
		return Math.abs(s.inner - s.scroll) <= 2 && s.scroll <= s.client && Math.abs(s.inner - s.content) <= 2 && s; })()`,
		"widget "+wid+"'s iframe to fit its content", 30*time.Second)
	hostH := browsertest.JSFloat(h.t, h.p, `document.querySelector('`+embedFrame(wid)+`').getBoundingClientRect().height`)
	if math.Abs(hostH-fs.Scroll) > 2 {
		h.t.Errorf("%s: widget %s: the iframe is %.1fpx tall on the host page, its document's scrollHeight is %.1fpx", h.p.Name(), wid, hostH, fs.Scroll)
	}
	return hostH
}

func (h embedHost) events() []embedEvent {
	h.t.Helper()
	return browsertest.EvalAs[[]embedEvent](h.t, h.p, `ffEvents`)
}

func (h embedHost) historyLength() int {
	h.t.Helper()
	return browsertest.JSInt(h.t, h.p, `history.length`)
}

// logEventsOnFailure logs the host page's events when the test fails.
func (h embedHost) logEventsOnFailure() {
	h.t.Cleanup(func() {
		if h.t.Failed() {
			if v, err := h.p.Eval(`JSON.stringify(window.ffEvents)`); err == nil {
				h.t.Logf("%s: the host page's events: %v", h.p.Name(), v)
			}
		}
	})
}

func embedQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// steps lists the steps of a widget's events of one type, in order.
func embedSteps(evs []embedEvent, wid, typ string) []string {
	var out []string
	for _, e := range evs {
		if e.Widget == wid && e.Type == typ {
			out = append(out, e.Step)
		}
	}
	return out
}

// --- Chromium ----------------------------------------------------------------

func TestEmbedChromium(t *testing.T) {
	env := newEmbedEnv(t)
	t.Parallel()
	browser := browsertest.NewChromePage(t)
	tab := func(t *testing.T, page string) embedHost {
		h := embedHost{t: t, p: browser.NewTab(t)}
		h.logEventsOnFailure()
		h.p.Open(t, env.host.URL+page)
		return h
	}

	t.Run("walk", func(t *testing.T) {
		c := tab(t, "/page/one")
		c.wait(`ffEvents.some(e => e.type == "ready" && e.widget == "w1")`, "the host page's events", 20*time.Second)

		// The iframe came right after the script tag, with the reserved
		// height and the display options in its URL.
		ins := browsertest.EvalAs[[]struct {
			Height, Src, Widget string
			AfterScript         bool
		}](t, c.p, `ffInserted`)
		if len(ins) != 1 || !ins[0].AfterScript || ins[0].Height != "480px" || ins[0].Widget != "w1" {
			t.Fatalf("inserted iframes: %+v; want one, right after its script tag, 480px tall", ins)
		}
		for _, p := range []string{env.widget.URL + "/imessage-undelivered?embed=1&", "theme=light", "accent=%230b7a75", "radius=8",
			"origin=" + strings.ReplaceAll(strings.ReplaceAll(env.host.URL, ":", "%3A"), "/", "%2F"), "wid=w1"} {
			if !strings.Contains(ins[0].Src, p) {
				t.Errorf("iframe src %q lacks %q", ins[0].Src, p)
			}
		}
		attrs := browsertest.EvalAs[map[string]string](t, c.p, `(f => ({title: f.title, allow: f.getAttribute("allow"), scrolling: f.getAttribute("scrolling"),
			loading: f.getAttribute("loading"), border: getComputedStyle(f).borderTopWidth, display: getComputedStyle(f).display,
			width: String(f.getBoundingClientRect().width === f.parentNode.getBoundingClientRect().width)}))(document.querySelector("iframe"))`)
		// No data-title: the frame names itself in its language (the
		// interface words' frame_title), the loader has no words.
		if want := englishWord(t, "frame_title"); attrs["title"] != want {
			t.Errorf("iframe title %q, want the widget's own %q", attrs["title"], want)
		}
		if attrs["allow"] != "clipboard-write; web-share" || attrs["scrolling"] != "no" ||
			attrs["loading"] != "eager" || attrs["border"] != "0px" || attrs["display"] != "block" || attrs["width"] != "true" {
			t.Errorf("iframe attributes: %v", attrs)
		}

		// Wait for the wasm: from now on navigation is replaceState.
		c.frame("w1").WaitJS(t, `(window.fixflowStart && window.fixflowStart(), document.documentElement.hasAttribute("data-fixflow-ready"))`, "the wasm in w1", 30*time.Second)
		h0 := c.historyLength()
		before := browsertest.JSInt(t, c.p, `ffHistory0`)
		if h0 != before {
			t.Errorf("history.length went from %d to %d while the widget loaded", before, h0)
		}

		heights := map[float64]bool{c.checkHeight("w1"): true}
		for _, s := range embedWalk {
			c.click("w1", s.click, s.step)
			heights[c.checkHeight("w1")] = true
		}
		if len(heights) < 3 {
			t.Errorf("the iframe took %d heights over %d steps; want it to follow the content", len(heights), len(embedWalk)+1)
		}
		if h := c.historyLength(); h != h0 {
			t.Errorf("host history.length went from %d to %d over %d steps", h0, h, len(embedWalk))
		}
		framePath := browsertest.JSString(t, c.frame("w1"), `location.pathname`)
		if framePath != "/imessage-undelivered/"+embedDone() {
			t.Errorf("the frame's address is %s; want the last step's (replaceState)", framePath)
		}

		// Commands from the host page: open an outcome, then restart.
		c.p.JS(t, `(fixflow("open", "`+embedEscalate+`"), 1)`)
		c.waitStep("w1", embedEscalate)
		c.wait(`ffEvents.some(e => e.type == "escalated")`, "the host page's events", 5*time.Second)
		c.p.JS(t, `(fixflow("open", "../../evil"), fixflow("restart"), 1)`)
		c.waitStep("w1", embedStart)
		search := browsertest.JSString(t, c.frame("w1"), `location.search`)
		for _, p := range []string{"embed=1", "theme=light", "accent=%230b7a75", "radius=8", "wid=w1", "origin="} {
			if !strings.Contains(search, p) {
				t.Errorf("after restart the frame's query %q lacks %q", search, p)
			}
		}
		c.checkHeight("w1")
		if h := c.historyLength(); h != h0 {
			t.Errorf("host history.length went from %d to %d after commands", h0, h)
		}

		// The events, in order, with nothing but ids in their detail.
		c.wait(`ffEvents.filter(e => e.type == "step").length >= 9`, "the host page's events", 5*time.Second)
		evs := c.events()
		if evs[0].Type != "ready" || evs[0].Step != embedStart || evs[0].Widget != "w1" || evs[0].Guide != "imessage-undelivered" {
			t.Errorf("first event %+v; want ready at %s", evs[0], embedStart)
		}
		want := []string{embedStart}
		for _, s := range embedWalk {
			want = append(want, s.step)
		}
		want = append(want, embedEscalate, embedStart)
		if got := embedSteps(evs, "w1", "step"); !reflect.DeepEqual(got, want) {
			t.Errorf("step events %v; want %v", got, want)
		}
		if got := embedSteps(evs, "w1", "resolved"); !reflect.DeepEqual(got, []string{embedDone()}) {
			t.Errorf("resolved events %v", got)
		}
		if got := embedSteps(evs, "w1", "escalated"); !reflect.DeepEqual(got, []string{embedEscalate}) {
			t.Errorf("escalated events %v", got)
		}
		if got := embedSteps(evs, "w1", "ready"); len(got) != 1 {
			t.Errorf("%d ready events; want 1", len(got))
		}
		for _, e := range evs {
			if want := map[bool]string{false: "guide,step,widget", true: "guide,link,step,steps,transcript,widget"}[e.Type == "escalated"]; e.Keys != want || e.Guide != "imessage-undelivered" || e.On != "DIV" {
				t.Errorf("event %+v: want detail {%s} dispatched on the container", e, want)
			}
		}
	})

	t.Run("before-wasm", func(t *testing.T) {
		// The widget's wasm never arrives: the prerendered links work, and
		// frame.js turns them into location.replace, not new entries.
		c := tab(t, "/page/one?widget=nowasm")
		c.wait(`ffEvents.some(e => e.type == "ready")`, "the host page's events", 20*time.Second)
		h0 := c.historyLength()
		for _, s := range embedWalk[:5] {
			c.click("w1", s.click, s.step)
		}
		c.checkHeight("w1")
		if browsertest.JSBool(t, c.frame("w1"), `document.documentElement.hasAttribute("data-fixflow-ready")`) {
			t.Error("the wasm ran although it was withheld")
		}
		if h := c.historyLength(); h != h0 {
			t.Errorf("host history.length went from %d to %d over 5 steps before the wasm", h0, h)
		}
		c.wait(`ffEvents.filter(e => e.type == "step").length >= 6`, "the host page's events", 5*time.Second)
		evs := c.events()
		if got := embedSteps(evs, "w1", "ready"); len(got) != 1 {
			t.Errorf("%d fixflow:ready events over 6 page loads; want 1", len(got))
		}
		want := []string{embedStart}
		for _, s := range embedWalk[:5] {
			want = append(want, s.step)
		}
		if got := embedSteps(evs, "w1", "step"); !reflect.DeepEqual(got, want) {
			t.Errorf("step events %v; want %v", got, want)
		}
	})

	t.Run("two-widgets", func(t *testing.T) {
		c := tab(t, "/page/two")
		c.wait(`ffEvents.some(e => e.type == "ready" && e.widget == "w1") && ffEvents.some(e => e.type == "ready" && e.widget == "w2")`, "the host page's events", 20*time.Second)
		ins := browsertest.EvalAs[[]struct {
			Height, Widget string
			AfterScript    bool
		}](t, c.p, `ffInserted`)
		// The two async copies of embed.js run in no fixed order.
		sort.Slice(ins, func(i, j int) bool { return ins[i].Widget < ins[j].Widget })
		if len(ins) != 2 || ins[0].Widget != "w1" || ins[0].Height != "480px" || ins[1].Height != "400px" || !ins[0].AfterScript || !ins[1].AfterScript {
			t.Fatalf("inserted iframes %+v; want w1 (480px) and w2 (400px) after their tags", ins)
		}
		// The host's data-title wins over the frame's own.
		if got := browsertest.JSString(t, c.p, `document.querySelector('`+embedFrame("w2")+`').title`); got != "The second guide" {
			t.Errorf("w2's iframe title %q, want its tag's data-title", got)
		}
		theme := browsertest.WaitAs[string](t, c.frame("w2"), `document.getElementById("ff-root") && document.getElementById("ff-root").dataset.theme`, "w2's theme", 30*time.Second)
		if theme != "dark" {
			t.Errorf("w2's theme is %q", theme)
		}
		c.frame("w1").WaitJS(t, `(window.fixflowStart && window.fixflowStart(), document.documentElement.hasAttribute("data-fixflow-ready"))`, "the wasm in w1", 30*time.Second)
		c.click("w1", embedWalk[0].click, embedWalk[0].step)
		c.click("w1", embedWalk[1].click, embedWalk[1].step)
		c.checkHeight("w1")
		c.checkHeight("w2") // below the fold: sized all the same
		c.waitStep("w2", embedOther)
		if got := embedSteps(c.events(), "w2", "step"); !reflect.DeepEqual(got, []string{embedOther}) {
			t.Errorf("w2's steps %v after clicks in w1; want only its start", got)
		}

		// A command for one widget leaves the other alone.
		c.p.JS(t, `(fixflow("open", "`+embedDeep+`", "w2"), 1)`)
		c.waitStep("w2", embedDeep)
		c.checkHeight("w2")
		c.waitStep("w1", embedWalk[1].step)
		evs := c.events()
		if got := embedSteps(evs, "w1", "step"); !reflect.DeepEqual(got, []string{embedStart, embedWalk[0].step, embedWalk[1].step}) {
			t.Errorf("w1's steps %v", got)
		}
		if got := embedSteps(evs, "w2", "step"); !reflect.DeepEqual(got, []string{embedOther, embedDeep}) {
			t.Errorf("w2's steps %v", got)
		}
	})

	t.Run("title", func(t *testing.T) {
		// The iframe's name is in the widget's language: the frame tells
		// it (embed.js has no words of its own).
		c := tab(t, "/page/es")
		c.wait(`ffEvents.some(e => e.type == "ready" && e.widget == "w1")`, "the host page's events", 20*time.Second)
		want := wordIn(t, "es", "frame_title")
		if got := browsertest.JSString(t, c.p, `document.querySelector('`+embedFrame("w1")+`').title`); got != want || want == englishWord(t, "frame_title") {
			t.Errorf("the Spanish widget's iframe title %q, want %q", got, want)
		}
	})

	t.Run("queue", func(t *testing.T) {
		// fixflow("open", embedDeep) ran before embed.js loaded:
		// the frame opens at that step, without loading the start first.
		c := tab(t, "/page/queue")
		c.waitStep("w1", embedDeep)
		c.wait(`ffEvents.some(e => e.type == "step" && e.step == "`+embedDeep+`")`, "the host page's events", 10*time.Second)
		src := browsertest.JSString(t, c.p, `document.querySelector("iframe").getAttribute("src")`)
		if !strings.Contains(src, "/imessage-undelivered/"+embedDeep+"?embed=1&") {
			t.Errorf("iframe src %q; want the queued step", src)
		}
		if got := embedSteps(c.events(), "w1", "step"); !reflect.DeepEqual(got, []string{embedDeep}) {
			t.Errorf("step events %v; want only the queued step", got)
		}
		// A command given after load reaches the frame as usual.
		c.p.JS(t, `(fixflow("restart"), 1)`)
		c.waitStep("w1", embedStart)
		global := browsertest.EvalAs[map[string]bool](t, c.p, `({fn: typeof fixflow == "function", q: "q" in fixflow})`)
		if !global["fn"] || global["q"] {
			t.Errorf("window.fixflow after load: %v; want the real function, not the stub", global)
		}
		c.checkHeight("w1")
	})
}

// --- WebKit ------------------------------------------------------------------

func TestEmbedWebKit(t *testing.T) {
	env := newEmbedEnv(t)
	t.Parallel()
	p := browsertest.NewWebKitPage(t)
	// A short window puts the widget's lower choices below the host
	// page's fold, where WebKitWebDriver's own click in an iframe is lost
	// on the host page (the walk timed out after such a click on a busy
	// machine): Page.Click must scroll the host page to them.
	if err := p.Driver().SetViewportSize(browsertest.DesktopWidth, 700); err != nil {
		t.Fatal(err)
	}
	c := embedHost{t: t, p: p}
	c.logEventsOnFailure()
	c.p.Open(t, env.host.URL+"/page/one")
	c.wait(`ffEvents.some(e => e.type == "ready" && e.widget == "w1")`, "w1's ready event", 30*time.Second)
	ins := browsertest.EvalAs[[]struct {
		Height, Widget string
		AfterScript    bool
	}](t, c.p, `ffInserted`)
	if len(ins) != 1 || !ins[0].AfterScript || ins[0].Height != "480px" {
		t.Fatalf("inserted iframes: %+v; want one, right after its script tag, 480px tall", ins)
	}
	h0 := c.historyLength()

	c.frame("w1").WaitJS(t, `(window.fixflowStart && window.fixflowStart(), document.documentElement.hasAttribute("data-fixflow-ready"))`, "the wasm in w1", 30*time.Second)
	heights := map[float64]bool{}
	for _, s := range embedWalk[:5] {
		c.click("w1", s.click, s.step)
		heights[c.checkHeight("w1")] = true
	}
	if len(heights) < 2 {
		t.Errorf("the iframe kept one height over 5 steps: %v", heights)
	}
	if h := c.historyLength(); h != h0 {
		t.Errorf("host history.length went from %d to %d over 5 steps", h0, h)
	}
	c.wait(`ffEvents.filter(e => e.type == "step").length >= 6`, "six step events", 10*time.Second)
	evs := c.events()
	want := []string{embedStart}
	for _, s := range embedWalk[:5] {
		want = append(want, s.step)
	}
	if got := embedSteps(evs, "w1", "step"); !reflect.DeepEqual(got, want) {
		t.Errorf("step events %v; want %v", got, want)
	}
	if len(evs) == 0 || evs[0].Type != "ready" || evs[0].Keys != "guide,step,widget" {
		t.Errorf("events %+v; want ready first, with {guide, step, widget}", evs)
	}

	// A host command reaches the frame in WebKit too.
	c.p.JS(t, `(fixflow("restart"), 1)`)
	c.waitStep("w1", embedStart)
	c.wait(`ffEvents.filter(e => e.type == "step").length >= 7`, "the restart's step event", 10*time.Second)
	if got := embedSteps(c.events(), "w1", "step"); got[len(got)-1] != embedStart {
		t.Errorf("after restart the last step is %s", got[len(got)-1])
	}
}

// englishWord is an English interface word, as the widget shows it.
func englishWord(t testing.TB, key string) string {
	t.Helper()
	return wordIn(t, content.Reference, key)
}

// wordIn is an interface word in lang, as the widget shows it.
func wordIn(t testing.TB, lang, key string) string {
	t.Helper()
	lib, err := content.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	w, ok := lib.Strings(lang)
	if !ok {
		t.Fatalf("no words in %s", lang)
	}
	return w.Text(key)
}
