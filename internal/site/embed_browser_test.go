package site

// Browser tests of embedding: web/embed.js on a host page of another origin,
// web/frame.js inside the widget's iframe. The widget server (the real site)
// and the host page each get an httptest server on 127.0.0.1, on different
// ports, so the host is cross-origin to the widget. The host pages have no
// inline script either: their test script is /host.js.

import (
	"context"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/fixflow/fixflow/internal/browsertest"
)

// The walk the tests click through, from the guide's start: each click and
// the step it leads to. It ends on a "resolved" outcome.
var embedWalk = []struct{ click, step string }{
	{"a.ff-choice", "about-not-delivered"}, // What do you see? Not Delivered
	{"a.ff-choice", "check-resend"},        // Continue
	{"a.ff-choice-no", "scope-not-delivered"},
	{"a.ff-choice", "check-recipient-address"}, // one person
	{"a.ff-choice-no", "check-stuck-conversation"},
	{"a.ff-choice-yes", "resolved"},
}

const embedStart = "symptom"

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
		io.WriteString(w, embedHostJS)
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
["ready", "step", "resolved", "escalated", "waiting", "workaround"].forEach(function (t) {
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
  fixflow("open", "check-connection");
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
			tag(`data-id="w2" data-theme="dark" data-accent="#ffb340" data-radius="20" data-step="about-no-status" data-min-height="400"`) +
			"</section>\n" + text
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

// --- Chromium ----------------------------------------------------------------

type chromeEmbed struct {
	t   *testing.T
	ctx context.Context
}

func (c chromeEmbed) run(a chromedp.Action[chromedp.Void]) {
	c.t.Helper()
	if _, err := chromedp.Run(c.ctx, a); err != nil {
		c.t.Fatal(err)
	}
}

// host evaluates a JSON-returning expression in the host page into v.
func (c chromeEmbed) host(expr string, v any) {
	c.t.Helper()
	s, err := chromedp.Run(c.ctx, chromedp.Evaluate[string](`JSON.stringify(`+expr+`)`))
	if err != nil {
		c.t.Fatalf("host: %s: %v", expr, err)
	}
	if err := json.Unmarshal([]byte(s), v); err != nil {
		c.t.Fatalf("host: %s: %v", expr, err)
	}
}

// waitHost polls a host expression until it is truthy.
func (c chromeEmbed) waitHost(expr string, timeout time.Duration) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(c.ctx, timeout)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingInterval(25*time.Millisecond))); err != nil {
		var evs []embedEvent
		c.host(`ffEvents`, &evs)
		c.t.Fatalf("waiting in the host page for %s: %v\nevents: %+v", expr, err, evs)
	}
}

// iframe returns the node of a widget's iframe.
func (c chromeEmbed) iframe(wid string) *chromedp.Node {
	c.t.Helper()
	nodes, err := chromedp.Run(c.ctx, chromedp.Nodes(chromedp.CSS(`script[data-fixflow="`+wid+`"] + div > iframe`)))
	if err != nil || len(nodes) == 0 {
		c.t.Fatalf("no iframe for widget %s: %v", wid, err)
	}
	return nodes[0]
}

// frame polls expr inside a widget's frame until it is truthy and decodes
// its JSON value into v (nil: just wait). It retries while the frame loads
// another document.
func (c chromeEmbed) frame(wid, expr string, v any, timeout time.Duration) {
	c.t.Helper()
	deadline := time.Now().Add(timeout)
	var last error
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(c.ctx, time.Until(deadline))
		s, err := chromedp.Run(ctx, chromedp.Poll[string](`(function(){ var v = (`+expr+`); return v ? JSON.stringify(v) : v; })()`,
			chromedp.WithPollingInFrame(c.iframe(wid)), chromedp.WithPollingInterval(25*time.Millisecond),
			chromedp.WithPollingTimeout(time.Until(deadline))))
		cancel()
		if err == nil {
			if v != nil {
				if err := json.Unmarshal([]byte(s), v); err != nil {
					c.t.Fatalf("frame %s: %s: %v", wid, expr, err)
				}
			}
			return
		}
		last = err
		time.Sleep(50 * time.Millisecond)
	}
	c.t.Fatalf("frame %s: waiting for %s: %v", wid, expr, last)
}

// click clicks a link inside a widget's frame (a real mouse click through
// the DevTools protocol) and waits for the step it leads to.
func (c chromeEmbed) click(wid, sel, step string) {
	c.t.Helper()
	c.run(chromedp.Click(chromedp.CSS("#ff-root "+sel), chromedp.FromNode(c.iframe(wid))))
	c.waitStep(wid, step)
}

func (c chromeEmbed) waitStep(wid, step string) {
	c.t.Helper()
	c.frame(wid, `(document.getElementById("ff-root") || {dataset: {}}).dataset.step === `+embedQuote(step), nil, 15*time.Second)
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
func (c chromeEmbed) checkHeight(wid string) float64 {
	c.t.Helper()
	var fs embedFrameSize
	c.frame(wid, `(function(){ var s = `+embedFrameSizeJS+`;
		return Math.abs(s.inner - s.scroll) <= 2 && s.scroll <= s.client && Math.abs(s.inner - s.content) <= 2 && s; })()`, &fs, 10*time.Second)
	var hostH float64
	c.host(`document.querySelector('script[data-fixflow="`+wid+`"] + div > iframe').getBoundingClientRect().height`, &hostH)
	if math.Abs(hostH-fs.Scroll) > 2 {
		c.t.Errorf("widget %s: the iframe is %.1fpx tall on the host page, its document's scrollHeight is %.1fpx", wid, hostH, fs.Scroll)
	}
	return hostH
}

func (c chromeEmbed) events() []embedEvent {
	c.t.Helper()
	var evs []embedEvent
	c.host(`ffEvents`, &evs)
	return evs
}

func (c chromeEmbed) historyLength() int {
	c.t.Helper()
	var n int
	c.host(`history.length`, &n)
	return n
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

func TestEmbedChromium(t *testing.T) {
	env := newEmbedEnv(t)
	browser := browsertest.Chrome(t)
	if _, err := chromedp.Run(browser, chromedp.Sleep(0)); err != nil { // start the browser once
		t.Fatal(err)
	}
	tab := func(t *testing.T, page string) chromeEmbed {
		ctx, cancel := chromedp.NewContext(browser)
		t.Cleanup(cancel)
		ctx, cancel2 := context.WithTimeout(ctx, 45*time.Second)
		t.Cleanup(cancel2)
		c := chromeEmbed{t: t, ctx: ctx}
		c.run(chromedp.Navigate(env.host.URL + page))
		return c
	}

	t.Run("walk", func(t *testing.T) {
		c := tab(t, "/page/one")
		c.waitHost(`ffEvents.some(e => e.type == "ready" && e.widget == "w1")`, 20*time.Second)

		// The iframe came right after the script tag, with the reserved
		// height and the display options in its URL.
		var ins []struct {
			Height, Src, Widget string
			AfterScript         bool
		}
		c.host(`ffInserted`, &ins)
		if len(ins) != 1 || !ins[0].AfterScript || ins[0].Height != "480px" || ins[0].Widget != "w1" {
			t.Fatalf("inserted iframes: %+v; want one, right after its script tag, 480px tall", ins)
		}
		for _, p := range []string{env.widget.URL + "/imessage-undelivered?embed=1&", "theme=light", "accent=%230b7a75", "radius=8",
			"origin=" + strings.ReplaceAll(strings.ReplaceAll(env.host.URL, ":", "%3A"), "/", "%2F"), "wid=w1"} {
			if !strings.Contains(ins[0].Src, p) {
				t.Errorf("iframe src %q lacks %q", ins[0].Src, p)
			}
		}
		var attrs map[string]string
		c.host(`(f => ({title: f.title, allow: f.getAttribute("allow"), scrolling: f.getAttribute("scrolling"),
			loading: f.getAttribute("loading"), border: getComputedStyle(f).borderTopWidth, display: getComputedStyle(f).display,
			width: String(f.getBoundingClientRect().width === f.parentNode.getBoundingClientRect().width)}))(document.querySelector("iframe"))`, &attrs)
		if attrs["title"] == "" || attrs["allow"] != "clipboard-write; web-share" || attrs["scrolling"] != "no" ||
			attrs["loading"] != "eager" || attrs["border"] != "0px" || attrs["display"] != "block" || attrs["width"] != "true" {
			t.Errorf("iframe attributes: %v", attrs)
		}

		// Wait for the wasm: from now on navigation is replaceState.
		c.frame("w1", `document.documentElement.hasAttribute("data-fixflow-ready")`, nil, 20*time.Second)
		h0 := c.historyLength()
		var before int
		c.host(`ffHistory0`, &before)
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
		var framePath string
		c.frame("w1", `location.pathname`, &framePath, time.Second)
		if framePath != "/imessage-undelivered/resolved" {
			t.Errorf("the frame's address is %s; want the last step's (replaceState)", framePath)
		}

		// Commands from the host page: open outcomes, then restart.
		c.run(chromedp.Evaluate[chromedp.Void](`fixflow("open", "wait-apple-outage")`))
		c.waitStep("w1", "wait-apple-outage")
		c.waitHost(`ffEvents.some(e => e.type == "waiting")`, 5*time.Second)
		c.run(chromedp.Evaluate[chromedp.Void](`fixflow("open", "escalate-carrier")`))
		c.waitStep("w1", "escalate-carrier")
		c.waitHost(`ffEvents.some(e => e.type == "escalated")`, 5*time.Second)
		c.run(chromedp.Evaluate[chromedp.Void](`fixflow("open", "../../evil"); fixflow("restart")`))
		c.waitStep("w1", embedStart)
		var search string
		c.frame("w1", `location.search`, &search, time.Second)
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
		c.waitHost(`ffEvents.filter(e => e.type == "step").length >= 10`, 5*time.Second)
		evs := c.events()
		if evs[0].Type != "ready" || evs[0].Step != embedStart || evs[0].Widget != "w1" || evs[0].Guide != "imessage-undelivered" {
			t.Errorf("first event %+v; want ready at %s", evs[0], embedStart)
		}
		want := []string{embedStart}
		for _, s := range embedWalk {
			want = append(want, s.step)
		}
		want = append(want, "wait-apple-outage", "escalate-carrier", embedStart)
		if got := embedSteps(evs, "w1", "step"); !reflect.DeepEqual(got, want) {
			t.Errorf("step events %v; want %v", got, want)
		}
		if got := embedSteps(evs, "w1", "resolved"); !reflect.DeepEqual(got, []string{"resolved"}) {
			t.Errorf("resolved events %v", got)
		}
		if got := embedSteps(evs, "w1", "waiting"); !reflect.DeepEqual(got, []string{"wait-apple-outage"}) {
			t.Errorf("waiting events %v", got)
		}
		if got := embedSteps(evs, "w1", "escalated"); !reflect.DeepEqual(got, []string{"escalate-carrier"}) {
			t.Errorf("escalated events %v", got)
		}
		if got := embedSteps(evs, "w1", "ready"); len(got) != 1 {
			t.Errorf("%d ready events; want 1", len(got))
		}
		for _, e := range evs {
			if e.Keys != "guide,step,widget" || e.Guide != "imessage-undelivered" || e.On != "DIV" {
				t.Errorf("event %+v: want detail {guide, step, widget} dispatched on the container", e)
			}
		}
	})

	t.Run("before-wasm", func(t *testing.T) {
		// The widget's wasm never arrives: the prerendered links work, and
		// frame.js turns them into location.replace, not new entries.
		c := tab(t, "/page/one?widget=nowasm")
		c.waitHost(`ffEvents.some(e => e.type == "ready")`, 20*time.Second)
		h0 := c.historyLength()
		for _, s := range embedWalk[:5] {
			c.click("w1", s.click, s.step)
		}
		c.checkHeight("w1")
		c.frame("w1", `!document.documentElement.hasAttribute("data-fixflow-ready")`, nil, time.Second)
		if h := c.historyLength(); h != h0 {
			t.Errorf("host history.length went from %d to %d over 5 steps before the wasm", h0, h)
		}
		c.waitHost(`ffEvents.filter(e => e.type == "step").length >= 6`, 5*time.Second)
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
		c.waitHost(`ffEvents.some(e => e.type == "ready" && e.widget == "w1") && ffEvents.some(e => e.type == "ready" && e.widget == "w2")`, 20*time.Second)
		var ins []struct {
			Height, Widget string
			AfterScript    bool
		}
		c.host(`ffInserted`, &ins)
		if len(ins) != 2 || ins[0].Height != "480px" || ins[1].Height != "400px" || !ins[0].AfterScript || !ins[1].AfterScript {
			t.Fatalf("inserted iframes %+v; want w1 (480px) and w2 (400px) after their tags", ins)
		}
		var theme string
		c.frame("w2", `document.getElementById("ff-root").dataset.theme`, &theme, 10*time.Second)
		if theme != "dark" {
			t.Errorf("w2's theme is %q", theme)
		}
		c.frame("w1", `document.documentElement.hasAttribute("data-fixflow-ready")`, nil, 20*time.Second)
		c.click("w1", embedWalk[0].click, embedWalk[0].step)
		c.click("w1", embedWalk[1].click, embedWalk[1].step)
		c.checkHeight("w1")
		c.checkHeight("w2") // below the fold: sized all the same
		c.waitStep("w2", "about-no-status")
		if got := embedSteps(c.events(), "w2", "step"); !reflect.DeepEqual(got, []string{"about-no-status"}) {
			t.Errorf("w2's steps %v after clicks in w1; want only its start", got)
		}

		// A command for one widget leaves the other alone.
		c.run(chromedp.Evaluate[chromedp.Void](`fixflow("open", "check-connection", "w2")`))
		c.waitStep("w2", "check-connection")
		c.checkHeight("w2")
		c.waitStep("w1", embedWalk[1].step)
		evs := c.events()
		if got := embedSteps(evs, "w1", "step"); !reflect.DeepEqual(got, []string{embedStart, embedWalk[0].step, embedWalk[1].step}) {
			t.Errorf("w1's steps %v", got)
		}
		if got := embedSteps(evs, "w2", "step"); !reflect.DeepEqual(got, []string{"about-no-status", "check-connection"}) {
			t.Errorf("w2's steps %v", got)
		}
	})

	t.Run("queue", func(t *testing.T) {
		// fixflow("open", "check-connection") ran before embed.js loaded:
		// the frame opens at that step, without loading the start first.
		c := tab(t, "/page/queue")
		c.waitStep("w1", "check-connection")
		c.waitHost(`ffEvents.some(e => e.type == "step" && e.step == "check-connection")`, 10*time.Second)
		var src string
		c.host(`document.querySelector("iframe").getAttribute("src")`, &src)
		if !strings.Contains(src, "/imessage-undelivered/check-connection?embed=1&") {
			t.Errorf("iframe src %q; want the queued step", src)
		}
		if got := embedSteps(c.events(), "w1", "step"); !reflect.DeepEqual(got, []string{"check-connection"}) {
			t.Errorf("step events %v; want only the queued step", got)
		}
		// A command given after load reaches the frame as usual.
		c.run(chromedp.Evaluate[chromedp.Void](`fixflow("restart")`))
		c.waitStep("w1", embedStart)
		var global map[string]bool
		c.host(`({fn: typeof fixflow == "function", q: "q" in fixflow})`, &global)
		if !global["fn"] || global["q"] {
			t.Errorf("window.fixflow after load: %v; want the real function, not the stub", global)
		}
		c.checkHeight("w1")
	})
}

// --- WebKit ------------------------------------------------------------------

func TestEmbedWebKit(t *testing.T) {
	env := newEmbedEnv(t)
	d := browsertest.WebKit(t)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	exec := func(script string, v any) {
		t.Helper()
		r, err := d.Exec(`return JSON.stringify((function(){ ` + script + ` })())`)
		must(err)
		s, _ := r.(string)
		must(json.Unmarshal([]byte(s), v))
	}

	must(d.Navigate(env.host.URL + "/page/one"))
	_, err := d.WaitUntil(`return ffEvents.some(e => e.type == "ready" && e.widget == "w1")`, 30*time.Second)
	must(err)
	var ins []struct {
		Height, Widget string
		AfterScript    bool
	}
	exec(`return ffInserted`, &ins)
	if len(ins) != 1 || !ins[0].AfterScript || ins[0].Height != "480px" {
		t.Fatalf("inserted iframes: %+v; want one, right after its script tag, 480px tall", ins)
	}
	var h0 int
	exec(`return history.length`, &h0)

	frame, err := d.WaitFor(`script[data-fixflow="w1"] + div > iframe`, 10*time.Second)
	must(err)
	must(d.SwitchToFrame(&frame))
	_, err = d.WaitUntil(`return document.documentElement.hasAttribute("data-fixflow-ready")`, 30*time.Second)
	must(err)

	atStep := `var r = document.getElementById("ff-root"); return !!r && r.dataset.step === arguments[0]`
	fits := `var e = document.documentElement; return Math.abs(innerHeight - e.scrollHeight) <= 2 && e.scrollHeight <= e.clientHeight &&
		Math.abs(innerHeight - e.getBoundingClientRect().height) <= 2 && e.scrollHeight`
	heights := map[float64]bool{}
	for _, s := range embedWalk[:5] {
		link, err := d.WaitFor("#ff-root "+s.click, 10*time.Second)
		must(err)
		must(link.Click())
		if _, err := d.WaitUntil(atStep, 15*time.Second, s.step); err != nil {
			t.Fatalf("after clicking %s: %v", s.click, err)
		}
		v, err := d.WaitUntil(fits, 10*time.Second)
		if err != nil {
			t.Fatalf("at %s the frame does not fit its content: %v", s.step, err)
		}
		heights[v.(float64)] = true
	}
	var scroll float64
	exec(`return document.documentElement.scrollHeight`, &scroll)
	must(d.SwitchToFrame(nil))

	var hostH float64
	exec(`return document.querySelector("iframe").getBoundingClientRect().height`, &hostH)
	if math.Abs(hostH-scroll) > 2 {
		t.Errorf("the iframe is %.1fpx tall on the host page, its document's scrollHeight is %.1fpx", hostH, scroll)
	}
	if len(heights) < 2 {
		t.Errorf("the iframe kept one height over 5 steps: %v", heights)
	}
	var h int
	exec(`return history.length`, &h)
	if h != h0 {
		t.Errorf("host history.length went from %d to %d over 5 steps", h0, h)
	}
	_, err = d.WaitUntil(`return ffEvents.filter(e => e.type == "step").length >= 6`, 5*time.Second)
	must(err)
	var evs []embedEvent
	exec(`return ffEvents`, &evs)
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
	_, err = d.Exec(`fixflow("restart")`)
	must(err)
	_, err = d.WaitUntil(`return ffEvents.filter(e => e.type == "step").length >= 7`, 10*time.Second)
	must(err)
	exec(`return ffEvents`, &evs)
	if got := embedSteps(evs, "w1", "step"); got[len(got)-1] != embedStart {
		t.Errorf("after restart the last step is %s", got[len(got)-1])
	}
}
