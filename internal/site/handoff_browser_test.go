//go:build browser

package site

// The hand-off, in a browser: a host page takes over from an escalation with
// the snippets docs/embedding.md gives for Intercom, Zendesk and Chatwoot,
// run as written there against stand-ins of those services (they cannot be
// reached from here), and the host's own contact button carries the walk to
// its contact page, read there with the docs' snippet.

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/components"
	"github.com/fixflow/fixflow/content"
	"github.com/fixflow/fixflow/internal/browsertest"
	"github.com/fixflow/fixflow/internal/qrtest"
)

// docSnippet is the first ```js block of docs/embedding.md after the line
// that starts with marker.
func docSnippet(t *testing.T, marker string) string {
	t.Helper()
	b, err := os.ReadFile("../../docs/embedding.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	i := strings.Index(doc, "\n"+marker)
	if i < 0 {
		t.Fatalf("docs/embedding.md has no line starting %q", marker)
	}
	m := regexp.MustCompile("(?s)```js\n(.*?)```").FindStringSubmatch(doc[i:])
	if m == nil {
		t.Fatalf("docs/embedding.md has no ```js block after %q", marker)
	}
	return m[1]
}

// handoffStandIns are the three services' globals as their documentation
// describes them, recording each call in window.ffCalls: a call the real
// service would reject (another method, arguments of the wrong form) is
// recorded as an error instead.
//
//   - Intercom(method, ...args): showNewMessage takes an optional string,
//     the composer's pre-filled content.
//   - zE(scope, command, ...args) of Zendesk's messaging Web Widget:
//     zE("messenger", "open"); zE("messenger:set", "conversationFields",
//     [{id, value}], [callback]) with a string id and a string, number or
//     boolean value; zE("messenger:set", "conversationTags", [strings]).
//   - window.$chatwoot: toggle(["open" | "close"]);
//     setConversationCustomAttributes(object) and setCustomAttributes(object)
//     of string, number or boolean values.
const handoffStandIns = `"use strict";
window.ffCalls = [];
window.ffEvents = [];
function ffRecord(name, args, ok) {
  ffCalls.push(ok ? {call: name, args: JSON.parse(JSON.stringify(args))} : {call: name, error: "not as documented: " + JSON.stringify(args)});
}
function ffScalar(v) { return typeof v === "string" || typeof v === "number" || typeof v === "boolean"; }
function ffAttrs(o) {
  return !!o && typeof o === "object" && !Array.isArray(o) && Object.keys(o).length > 0 &&
    Object.keys(o).every(function (k) { return ffScalar(o[k]); });
}
window.Intercom = function (method) {
  var args = Array.prototype.slice.call(arguments);
  ffRecord("Intercom", args, method === "showNewMessage" && args.length <= 2 && (args[1] === undefined || typeof args[1] === "string"));
};
window.zE = function (scope, command) {
  var args = Array.prototype.slice.call(arguments), ok = false;
  if (scope === "messenger") {
    ok = (command === "open" || command === "close" || command === "show" || command === "hide") && args.length === 2;
  } else if (scope === "messenger:set" && command === "conversationFields") {
    ok = Array.isArray(args[2]) && args[2].length > 0 && args[2].every(function (f) {
      return f && typeof f.id === "string" && ffScalar(f.value) && Object.keys(f).length === 2;
    }) && (args.length === 3 || args.length === 4 && typeof args[3] === "function");
  } else if (scope === "messenger:set" && command === "conversationTags") {
    ok = args.length === 3 && Array.isArray(args[2]) && args[2].every(function (s) { return typeof s === "string"; });
  }
  ffRecord("zE", args, ok);
};
window.$chatwoot = {
  toggle: function (state) {
    ffRecord("$chatwoot.toggle", Array.prototype.slice.call(arguments), arguments.length <= 1 && (state === undefined || state === "open" || state === "close"));
  },
  setConversationCustomAttributes: function (attrs) {
    ffRecord("$chatwoot.setConversationCustomAttributes", Array.prototype.slice.call(arguments), arguments.length === 1 && ffAttrs(attrs));
  },
  setCustomAttributes: function (attrs) {
    ffRecord("$chatwoot.setCustomAttributes", Array.prototype.slice.call(arguments), arguments.length === 1 && ffAttrs(attrs));
  }
};
document.addEventListener("fixflow:escalated", function (e) {
  ffEvents.push({type: "escalated", detail: JSON.parse(JSON.stringify(e.detail))});
});
document.addEventListener("fixflow:wait", function (e) {
  ffEvents.push({type: "wait", detail: JSON.parse(JSON.stringify(e.detail))});
});
document.addEventListener("fixflow:ready", function (e) {
  ffEvents.push({type: "ready", detail: JSON.parse(JSON.stringify(e.detail))});
});
`

type handoffCall struct {
	Call  string
	Args  []any
	Error string
}

type handoffStep struct{ Step, Kind, Title, Answer string }

// handoffOf is what the host must get for the walk s in widget wid of the
// site at base.
func handoffOf(s *engine.Session, wid, base string) handoffDetail {
	f := s.Flow()
	d := handoffDetail{Guide: f.ID, Step: s.Current().ID, Widget: wid, Transcript: strings.TrimSuffix(s.TranscriptText(), "\n"),
		Link: base + components.Location{Guide: f.ID}.StepURL(s.Current().ID, s.Encode())}
	for _, e := range s.Transcript() {
		d.Steps = append(d.Steps, handoffStep{e.Node, string(e.Kind), e.Title, e.Result})
	}
	return d
}

type handoffDetail struct {
	Guide, Step, Widget, Transcript, Link string
	Steps                                 []handoffStep
}

func TestHandoffChromium(t *testing.T) {
	if _, err := os.Stat("../../web/app.wasm"); err != nil {
		t.Fatal("web/app.wasm is missing: run `make build` first")
	}
	widget := httptest.NewServer(newTestSite(t))
	t.Cleanup(widget.Close)

	// The host's contact page: https (a contact URL must be), on the
	// host's host, 127.0.0.1.
	contact := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/contact":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Contact</title>`+
				`<script defer src="/contact.js"></script></head><body><h1>Write to us</h1>`+
				`<textarea id="message" aria-label="Message"></textarea></body></html>`)
		case "/contact.js":
			w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
			io.WriteString(w, docSnippet(t, "page to fill in the message field"))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(contact.Close)
	contactURL := contact.URL + "/contact"

	snippets := docSnippet(t, "**Intercom**") + docSnippet(t, "**Zendesk") + docSnippet(t, "**Chatwoot**")
	host := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/host.js":
			w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
			io.WriteString(w, handoffStandIns+snippets)
		case "/page":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Content-Security-Policy", "script-src 'self' "+widget.URL)
			io.WriteString(w, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Help</title>`+
				`<script src="/host.js"></script></head><body><h1>Help article</h1>`+
				`<script async src="`+widget.URL+`/embed.js" data-guide="imessage-undelivered" data-id="w1" `+
				`data-contact-url="`+contactURL+`" data-contact-label="Write to us"></script></body></html>`)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(host.Close)

	page := browsertest.NewChromePage(t, browsertest.ChromeFlag("ignore-certificate-errors", true))
	h := embedHost{t: t, p: page}
	h.logEventsOnFailure()
	page.Open(t, host.URL+"/page")
	h.wait(`ffEvents.some(e => e.type == "ready")`, "the widget's ready event", 30*time.Second)
	h.frame("w1").WaitJS(t, `(window.fixflowStart && window.fixflowStart(), document.documentElement.hasAttribute("data-fixflow-ready"))`, "the wasm in the frame", 30*time.Second)

	// Walk to an escalation, answering the facts it asks, and the same walk
	// in Go: what the host must get.
	lib, err := content.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	f, _ := lib.Guide("imessage-undelivered", "")
	_, path := pickPaths(t, f)
	s := engine.NewSession(f)
	for _, st := range path {
		follow(t, h.frame("w1"), s, st.Choice)
	}
	want := handoffOf(s, "w1", widget.URL)

	h.wait(`ffEvents.some(e => e.type == "escalated") && ffCalls.length >= 6`, "the escalated event and the stand-ins' calls", 10*time.Second)
	evs := browsertest.EvalAs[[]struct {
		Type   string
		Detail handoffDetail
	}](t, page, `ffEvents.filter(e => e.type == "escalated")`)
	if len(evs) != 1 || !reflect.DeepEqual(evs[0].Detail, want) {
		t.Fatalf("fixflow:escalated events %+v;\nwant one with %+v", evs, want)
	}

	calls := browsertest.EvalAs[[]handoffCall](t, page, `ffCalls`)
	text := want.Transcript + "\n" + want.Link
	wantCalls := []handoffCall{
		{Call: "Intercom", Args: []any{"showNewMessage", text}},
		{Call: "zE", Args: []any{"messenger:set", "conversationFields", []any{map[string]any{"id": "1234567890", "value": text}}}},
		{Call: "zE", Args: []any{"messenger:set", "conversationTags", []any{"fixflow", "fixflow-" + want.Step}}},
		{Call: "zE", Args: []any{"messenger", "open"}},
		{Call: "$chatwoot.setConversationCustomAttributes", Args: []any{map[string]any{"fixflow_transcript": want.Transcript, "fixflow_link": want.Link}}},
		{Call: "$chatwoot.toggle", Args: []any{"open"}},
	}
	if !reflect.DeepEqual(calls, wantCalls) {
		t.Errorf("the stand-ins got\n%+v\nwant\n%+v", calls, wantCalls)
	}

	// The link resumes the walk: in a tab of its own, the same step with the
	// same answers.
	tab := page.NewTab(t)
	tab.Open(t, want.Link)
	tab.WaitJS(t, `(window.fixflowStart && window.fixflowStart(), document.documentElement.hasAttribute("data-fixflow-ready")) && document.getElementById("ff-root").dataset.step === `+embedQuote(want.Step),
		"the hand-off's link to open its step", 30*time.Second)
	if tried := browsertest.JSInt(t, tab, `document.querySelectorAll("#ff-root .ff-tried-list li").length`); tried != len(want.Steps) {
		t.Errorf("the link's page lists %d steps tried; want %d", tried, len(want.Steps))
	}

	// Continue on your phone: the tried panel's QR code, as the browser drew
	// it, reads back as the link.
	frame := h.frame("w1")
	qr := browsertest.WaitAs[struct{ Box, D string }](t, frame, `(s => s && {box: s.getAttribute("viewBox"), d: s.querySelector("path").getAttribute("d")})(document.querySelector("#ff-root .ff-phone-tried svg.ff-qr"))`,
		"the QR code in the tried panel", 5*time.Second)
	if got, err := qrtest.Decode(qr.Box, qr.D); err != nil || got != want.Link {
		t.Errorf("the QR code in the tried panel reads %q (%v); want %q", got, err, want.Link)
	}
	if ns := browsertest.JSString(t, frame, `document.querySelector("#ff-root svg.ff-qr path").namespaceURI`); ns != "http://www.w3.org/2000/svg" {
		t.Errorf("the QR code's path is in the namespace %q; want SVG's", ns)
	}

	// The host's contact button: the walk in the fragment, read by the
	// contact page's script into its message field.
	btn := browsertest.WaitAs[struct{ Text, Href, Target string }](t, frame, `(a => a && {text: a.textContent, href: a.getAttribute("href"), target: a.target})(document.querySelector("#ff-root a.ff-contact-link"))`,
		"the contact button", 5*time.Second)
	base, frag, _ := strings.Cut(btn.Href, "#")
	q, _ := url.ParseQuery(frag)
	if btn.Text != "Write to us" || btn.Target != "_top" || base != contactURL || q.Get("transcript") != want.Transcript || q.Get("link") != want.Link {
		t.Errorf("the contact button %+v; want %q to %s#… with the transcript and the link", btn, "Write to us", contactURL)
	}
	frame.Click(t, "#ff-root a.ff-contact-link")
	page.WaitJS(t, `location.pathname == "/contact" && document.querySelector("#message") && document.querySelector("#message").value.length > 0`,
		"the contact page with the walk in its message field", 15*time.Second)
	if message := browsertest.JSString(t, page, `document.querySelector("#message").value`); message != want.Transcript {
		t.Errorf("the contact page's message field holds %q; want the transcript %q", message, want.Transcript)
	}

	// A wait outcome hands over too: fixflow:wait with the same detail.
	var waitPath []engine.Step
	paths, _ := engine.Paths(f, walkFacts, 0)
	for _, p := range paths {
		if f.Node(lastNode(f, p)).Result == engine.ResultWait && (waitPath == nil || len(p) < len(waitPath)) {
			waitPath = p
		}
	}
	if waitPath == nil {
		t.Fatal("the guide has no path to a wait outcome")
	}
	page.Open(t, host.URL+"/page")
	h.wait(`ffEvents.some(e => e.type == "ready")`, "the widget's ready event, again", 30*time.Second)
	h.frame("w1").WaitJS(t, `(window.fixflowStart && window.fixflowStart(), document.documentElement.hasAttribute("data-fixflow-ready"))`, "the wasm in the frame, again", 30*time.Second)
	page.JS(t, `fixflow("restart", null, "w1"), true`)
	h.waitStep("w1", f.Start)
	s.Restart() // the facts answered stay: they are about the iPhone, not the walk
	for _, st := range waitPath {
		follow(t, h.frame("w1"), s, st.Choice)
	}
	wantWait := handoffOf(s, "w1", widget.URL)
	h.wait(`ffEvents.some(e => e.type == "wait")`, "the wait event", 10*time.Second)
	waits := browsertest.EvalAs[[]struct {
		Type   string
		Detail handoffDetail
	}](t, page, `ffEvents.filter(e => e.type == "wait")`)
	if len(waits) != 1 || !reflect.DeepEqual(waits[0].Detail, wantWait) {
		t.Errorf("fixflow:wait events %+v;\nwant one with %+v", waits, wantWait)
	}
}
