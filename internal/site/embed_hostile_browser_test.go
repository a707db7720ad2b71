//go:build browser

package site

// Browser tests of web/embed.js on hostile host pages (issue 8.15): a
// stylesheet that styles every iframe and div (with !important, in a cascade
// layer too), a strict Content Security Policy, and scripts that replaced
// builtins the loader could reach for. The widget must still be visible, as
// wide as its place in the page, as tall as its content, and clickable.
//
// What a host page may do and the widget must survive:
//   - rules for iframe, div and * on any property that sizes, hides, moves
//     or clips a box, !important or not, layered or not;
//   - a CSP with script-src for its own origin and the widget's only, and
//     style-src 'self' (no inline styles in its markup: the loader styles
//     its elements through the CSSOM, which such a CSP allows);
//   - builtins that libraries and old polyfills replace: URL (without
//     origin), CustomEvent (dropping its options), Array.prototype.forEach,
//     some and slice (here: throwing);
//   - a global named fixflow that is not the widget's: a form with
//     id="fixflow" is window.fixflow, and its input name="s" is fixflow.s.
// What it may not (and the loader relies on): DOM methods (createElement,
// appendChild, setAttribute, style.setProperty, addEventListener,
// dispatchEvent, createEvent), postMessage, RegExp and String methods.

import (
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/fixflow/fixflow/internal/browsertest"
)

// hostileCSS styles every iframe and div on the page the way careless themes
// and resets do, and worse. The host's own iframe and div (.host-frame,
// .host-note) show that the rules apply.
const hostileCSS = `@layer theme {
  iframe { height: 90px !important; max-height: 90px !important; }
}
*, *::before, *::after { box-sizing: content-box !important; transition: all .4s; max-width: 95% !important; padding: 2px !important; }
body { margin: 0 auto; max-width: 48rem; font: 16px/1.5 sans-serif; }
article { padding: 0; margin: 0; }
iframe {
  display: inline !important; visibility: hidden !important; opacity: .1 !important;
  width: 40% !important; min-width: 0 !important; height: 100px !important; max-height: 120px !important;
  margin: 24px 10% !important; padding: 16px !important; border: 6px solid red !important;
  transform: scale(.5) translate(40px, 40px) !important; position: relative !important; left: 300px !important;
  pointer-events: none !important; float: right !important; clip-path: inset(0 50% 50% 0) !important; zoom: .8 !important;
}
div {
  display: inline-block !important; width: 50% !important; height: 150px !important; max-height: 150px !important;
  overflow: hidden !important; margin: 0 20% !important; padding: 20px !important; border: 4px dashed blue !important;
  transform: rotate(3deg) !important; visibility: hidden !important; columns: 2 !important; opacity: .5 !important; zoom: 1.25 !important;
}
`

// hostileJS records what the host page sees (as embedHostJS does, in the
// same ffEvents shape, and the CSP violations) without the builtins it then
// replaces.
const hostileJS = `"use strict";
window.ffEvents = [];
window.ffCSP = [];
(function () {
  var types = ["ready", "step", "resolved", "escalated", "waiting", "workaround"];
  for (var i = 0; i < types.length; i++) {
    document.addEventListener("fixflow:" + types[i], function (e) {
      var d = e.detail || {};
      ffEvents[ffEvents.length] = {type: e.type.slice(8), guide: d.guide, step: d.step, widget: d.widget,
        keys: Object.keys(d).sort().join(","), on: e.target.getAttribute("data-box") || e.target.tagName};
    });
  }
  document.addEventListener("securitypolicyviolation", function (e) {
    ffCSP[ffCSP.length] = e.violatedDirective + " " + e.blockedURI + " " + e.sourceFile + ":" + e.lineNumber;
  });
  if (!document.documentElement.hasAttribute("data-globals")) {
    return;
  }
  // An old URL polyfill: no origin.
  var RealURL = window.URL;
  window.URL = function (u, base) {
    var x = new RealURL(u, base);
    return {href: x.href, toString: function () { return x.href; }};
  };
  // A CustomEvent wrapper that drops its options (bubbles, detail).
  var RealCustomEvent = window.CustomEvent;
  window.CustomEvent = function (type) { return new RealCustomEvent(type); };
  // Array methods this page does not allow.
  var no = function () { throw new Error("host page: Array.prototype.forEach, some and slice are off"); };
  Array.prototype.forEach = no;
  Array.prototype.some = no;
  Array.prototype.slice = no;
})();
`

// hostilePage is a help article with one widget. css adds hostileCSS,
// globals the replaced builtins and the form named fixflow.
func hostilePage(widgetOrigin string, css, globals bool) string {
	var head, htmlAttr, form string
	if css {
		head = `<link rel="stylesheet" href="/hostile.css">`
	}
	if globals {
		htmlAttr = " data-globals"
		form = `<form id="fixflow" action="/search" role="search"><label>Search the help centre <input name="s"></label></form>`
	}
	text := strings.Repeat("<p>Host article text. Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.</p>\n", 3)
	return `<!doctype html><html lang="en"` + htmlAttr + `><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hostile host page</title>` + head + `<script src="/hostile.js"></script></head>
<body><h1>Help article</h1>` + form + `
<article>` + text + `<script async src="` + widgetOrigin + `/embed.js" data-guide="imessage-undelivered" data-id="w1" data-theme="light"></script>
` + text + `</article>
<div class="host-note">The host's own div.</div>
<iframe class="host-frame" title="The host's own frame"></iframe>
</body></html>`
}

// newHostileHost serves the hostile pages for a widget origin:
// /hostile?css=1&globals=1, with a strict CSP.
func newHostileHost(t *testing.T, widgetOrigin string) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	static := func(path, ctype, body string) {
		mux.HandleFunc("GET "+path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", ctype)
			w.Header().Set("Cache-Control", "no-store")
			io.WriteString(w, body)
		})
	}
	static("/hostile.js", "text/javascript; charset=utf-8", hostileJS)
	static("/hostile.css", "text/css; charset=utf-8", hostileCSS)
	mux.HandleFunc("GET /hostile", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Content-Security-Policy", "default-src 'none'; script-src 'self' "+widgetOrigin+
			"; style-src 'self'; frame-src "+widgetOrigin+"; img-src 'self'")
		io.WriteString(w, hostilePage(widgetOrigin, q.Get("css") == "1", q.Get("globals") == "1"))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// hostileLayoutJS measures, in the host page, how the widget sits in it. It
// scrolls the iframe into view first, so that its centre can be hit-tested.
const hostileLayoutJS = `(function () {
  var f = document.querySelector('script[data-fixflow="w1"] + div > iframe');
  if (!f) { return {error: "no iframe after the script tag"}; }
  f.scrollIntoView({block: "start"});
  var box = f.parentNode, place = box.parentNode;
  var fr = f.getBoundingClientRect(), br = box.getBoundingClientRect(), pr = place.getBoundingClientRect();
  var fs = getComputedStyle(f), bs = getComputedStyle(box), ps = getComputedStyle(place);
  var x = fr.left + fr.width / 2, y = fr.top + Math.min(fr.height, innerHeight - fr.top) / 2;
  var hit = document.elementFromPoint(x, y);
  var hostDiv = getComputedStyle(document.querySelector(".host-note")), hostFrame = document.querySelector(".host-frame");
  return {
    frameLeft: fr.left, frameWidth: fr.width, frameHeight: fr.height, offsetHeight: f.offsetHeight,
    boxHeight: br.height,
    placeLeft: pr.left + parseFloat(ps.paddingLeft) + parseFloat(ps.borderLeftWidth),
    placeWidth: place.clientWidth - parseFloat(ps.paddingLeft) - parseFloat(ps.paddingRight),
    frame: fs.display + " " + fs.visibility + " " + fs.opacity + " " + fs.transform + " " + fs.pointerEvents + " " + fs.clipPath,
    box: bs.display + " " + bs.visibility + " " + bs.opacity + " " + bs.transform + " " + bs.overflow,
    hit: hit === f,
    hitWhat: hit ? hit.tagName + "." + hit.className : "nothing",
    hostRules: hostDiv.maxHeight + " " + hostDiv.visibility + " " + getComputedStyle(hostFrame).height + " " + getComputedStyle(hostFrame).visibility
  };
})()`

type hostileLayout struct {
	Error                                            string
	FrameLeft, FrameWidth, FrameHeight, OffsetHeight float64
	BoxHeight, PlaceLeft, PlaceWidth                 float64
	Frame, Box, HitWhat, HostRules                   string
	Hit                                              bool
}

// problems says what is wrong with the widget's place on the page, if
// anything; contentHeight is its document's height, measured in the frame.
func (l hostileLayout) problems(css bool, contentHeight float64) []string {
	if l.Error != "" {
		return []string{l.Error}
	}
	var bad []string
	if l.Frame != "block visible 1 none auto none" {
		bad = append(bad, fmt.Sprintf("the iframe's display, visibility, opacity, transform, pointer-events and clip-path are [%s]; want [block visible 1 none auto none]", l.Frame))
	}
	if l.Box != "block visible 1 none visible" {
		bad = append(bad, fmt.Sprintf("the container's display, visibility, opacity, transform and overflow are [%s]; want [block visible 1 none visible]", l.Box))
	}
	if !l.Hit {
		bad = append(bad, "a click at the iframe's centre lands on "+l.HitWhat)
	}
	if math.Abs(l.FrameWidth-l.PlaceWidth) > 1 || math.Abs(l.FrameLeft-l.PlaceLeft) > 1 {
		bad = append(bad, fmt.Sprintf("the iframe is %.1fpx wide at x=%.1f; its place in the article is %.1fpx wide at x=%.1f",
			l.FrameWidth, l.FrameLeft, l.PlaceWidth, l.PlaceLeft))
	}
	if math.Abs(l.FrameHeight-contentHeight) > 2 || math.Abs(l.OffsetHeight-contentHeight) > 2 {
		bad = append(bad, fmt.Sprintf("the iframe is %.1fpx tall (offsetHeight %.1f); its content is %.1fpx", l.FrameHeight, l.OffsetHeight, contentHeight))
	}
	if math.Abs(l.BoxHeight-l.FrameHeight) > 1 {
		bad = append(bad, fmt.Sprintf("the container is %.1fpx tall around a %.1fpx iframe (clipped or padded)", l.BoxHeight, l.FrameHeight))
	}
	if css && l.HostRules != "150px hidden 90px hidden" {
		bad = append(bad, "the hostile stylesheet does not apply to the host's own div and iframe ("+l.HostRules+"): the test would prove nothing")
	}
	return bad
}

// hostileFitTimeout bounds how long the widget may take to sit right after
// a change: its iframe resizes once the frame has measured its new content.
const hostileFitTimeout = 10 * time.Second

// hostileFits measures (the content's height in the frame, then the layout
// in the host page) until the widget sits right, and reports what is still
// wrong after hostileFitTimeout. It returns the iframe's height.
func hostileFits(t *testing.T, at string, css bool, measure func() (float64, hostileLayout)) float64 {
	t.Helper()
	var (
		l   hostileLayout
		bad []string
	)
	if _, ok := browsertest.Within(hostileFitTimeout, func() bool {
		var content float64
		content, l = measure()
		bad = l.problems(css, content)
		return len(bad) == 0
	}); !ok {
		for _, p := range bad {
			t.Errorf("at %s, still after %v: %s", at, hostileFitTimeout, p)
		}
	}
	return l.FrameHeight
}

// hostileMeasure is hostileFits' measure for widget w1 on the host page h:
// the frame's content height, then the layout the host page gives it.
// Values come back as JSON text (EvalAs), so no replaced builtin of the
// host page has to carry them.
func hostileMeasure(h embedHost) func() (float64, hostileLayout) {
	return func() (float64, hostileLayout) {
		h.t.Helper()
		fs := browsertest.WaitAs[embedFrameSize](h.t, h.frame("w1"), embedFrameSizeJS, "w1's frame to measure itself", 10*time.Second)
		return fs.Content, browsertest.EvalAs[hostileLayout](h.t, h.p, hostileLayoutJS)
	}
}

// hostileReady is true once the host page got w1's fixflow:ready (written
// without Array.prototype.some, which the page replaced).
const hostileReady = `(function () {
  for (var i = 0; i < ffEvents.length; i++) {
    if (ffEvents[i].type == "ready" && ffEvents[i].widget == "w1") { return true; }
  }
  return false;
})()`

// hostileWalk is how far the tests click: three steps of different heights.
var hostileWalk = embedWalk[:3]

func TestEmbedHostileChromium(t *testing.T) {
	env := newEmbedEnv(t)
	host := newHostileHost(t, env.widget.URL)
	t.Parallel()
	browser := browsertest.NewChromePage(t)
	for _, c := range []struct {
		name         string
		css, globals bool
	}{
		{"stylesheet", true, false},
		{"globals", false, true},
		{"everything", true, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := embedHost{t: t, p: browser.NewTab(t)}
			b.logEventsOnFailure()
			q := "?css=0&globals=0"
			if c.css {
				q = strings.Replace(q, "css=0", "css=1", 1)
			}
			if c.globals {
				q = strings.Replace(q, "globals=0", "globals=1", 1)
			}
			b.p.Open(t, host.URL+"/hostile"+q)
			b.wait(hostileReady, "w1's ready event on the host page", 30*time.Second)

			check := func(at string) float64 {
				t.Helper()
				return hostileFits(t, at, c.css, hostileMeasure(b))
			}
			heights := map[float64]bool{check(embedStart): true}
			// Click once the wasm has taken over the page (and replaced the
			// nodes the clicks aim at).
			b.frame("w1").WaitJS(t, `(window.fixflowStart && window.fixflowStart(), document.documentElement.hasAttribute("data-fixflow-ready"))`, "the wasm in w1", 30*time.Second)
			for _, s := range hostileWalk {
				b.click("w1", s.click, s.step) // a real mouse click through the host page
				heights[check(s.step)] = true
			}
			if len(heights) < 2 {
				t.Errorf("the iframe kept one height over %d steps", len(hostileWalk)+1)
			}

			// Commands work, through the global the form's name no longer
			// shadows.
			global := browsertest.EvalAs[string](t, b.p, `typeof window.fixflow + " " + (document.getElementById("fixflow") ? document.getElementById("fixflow").tagName : "-")`)
			want := "function -"
			if c.globals {
				want = "function FORM"
			}
			if global != want {
				t.Errorf("window.fixflow and #fixflow: %q; want %q", global, want)
			}
			b.p.JS(t, `(fixflow("restart"), 1)`)
			b.waitStep("w1", embedStart)
			check("restart")

			b.wait(`ffEvents.filter(function (e) { return e.type == "step"; }).length >= 5`, "five step events", 10*time.Second)
			for _, e := range b.events() {
				if e.Keys != "guide,step,widget" || e.Widget != "w1" || e.On != "DIV" {
					t.Errorf("event %+v: want detail {guide, step, widget} from w1, dispatched on its container", e)
				}
			}
			if csp := browsertest.EvalAs[[]string](t, b.p, `ffCSP`); len(csp) > 0 {
				t.Errorf("CSP violations on the host page: %q", csp)
			}
		})
	}
}

func TestEmbedHostileWebKit(t *testing.T) {
	env := newEmbedEnv(t)
	host := newHostileHost(t, env.widget.URL)
	t.Parallel()
	h := embedHost{t: t, p: browsertest.NewWebKitPage(t)}
	h.logEventsOnFailure()
	h.p.Open(t, host.URL+"/hostile?css=1&globals=1")
	h.wait(hostileReady, "w1's ready event on the host page", 30*time.Second)
	measure := hostileMeasure(h)
	heights := map[float64]bool{hostileFits(t, embedStart, true, measure): true}
	h.frame("w1").WaitJS(t, `(window.fixflowStart && window.fixflowStart(), document.documentElement.hasAttribute("data-fixflow-ready"))`, "the wasm in w1", 30*time.Second)

	for _, s := range hostileWalk {
		h.click("w1", s.click, s.step)
		heights[hostileFits(t, s.step, true, measure)] = true
	}
	if len(heights) < 2 {
		t.Errorf("the iframe kept one height over %d steps", len(hostileWalk)+1)
	}

	if global := browsertest.EvalAs[string](t, h.p, `typeof window.fixflow + " " + document.getElementById("fixflow").tagName`); global != "function FORM" {
		t.Errorf("window.fixflow and #fixflow: %q; want a function and the host's form", global)
	}
	h.p.JS(t, `(fixflow("restart"), 1)`)
	h.waitStep("w1", embedStart)
	hostileFits(t, "restart", true, measure)

	evs := h.events()
	if len(evs) < 5 {
		t.Errorf("events %+v; want ready and a step for each page", evs)
	}
	for _, e := range evs {
		if e.Keys != "guide,step,widget" || e.Widget != "w1" || e.On != "DIV" {
			t.Errorf("event %+v: want detail {guide, step, widget} from w1, dispatched on its container", e)
		}
	}
	if csp := browsertest.EvalAs[[]string](t, h.p, `ffCSP`); len(csp) > 0 {
		t.Errorf("CSP violations on the host page: %q", csp)
	}
}
