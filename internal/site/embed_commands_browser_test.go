//go:build browser

package site

import (
	"net/url"
	"reflect"
	"testing"
	"time"

	"github.com/fixflow/fixflow/internal/browsertest"
)

// embedSpyJS, run in a widget's frame, records the URL of every
// history.replaceState (how the frame navigates once the wasm runs) in
// window.ffReplaced: what commands did, even the ones whose page the next
// command replaced before it was drawn.
const embedSpyJS = `(function () {
  if (!window.ffReplaced) {
    window.ffReplaced = [];
    var replace = history.replaceState;
    history.replaceState = function (s, t, u) {
      window.ffReplaced.push(new URL(String(u), location.href).pathname);
      return replace.apply(this, arguments);
    };
  }
  return true;
})()`

// TestEmbedCommandsChromium: the commands, named (fixflow.open,
// fixflow.restart) and by name (fixflow("open", …)), reach the widgets their
// target names; invalid arguments and unknown commands, from the loader or
// posted to the frame directly, do nothing.
func TestEmbedCommandsChromium(t *testing.T) {
	env := newEmbedEnv(t)
	t.Parallel()
	c := embedHost{t: t, p: browsertest.NewChromePage(t)}
	c.logEventsOnFailure()
	c.p.Open(t, env.host.URL+"/page/two")
	c.wait(`ffEvents.some(e => e.type == "ready" && e.widget == "w1") && ffEvents.some(e => e.type == "ready" && e.widget == "w2")`, "both widgets' ready events", 30*time.Second)
	for _, w := range []string{"w1", "w2"} {
		c.frame(w).WaitJS(t, `(window.fixflowStart && window.fixflowStart(), document.documentElement.hasAttribute("data-fixflow-ready"))`, "the wasm in "+w, 30*time.Second)
		c.frame(w).WaitJS(t, embedSpyJS, "the history spy in "+w, 5*time.Second)
	}
	replaced := func(wid string) []string {
		t.Helper()
		return browsertest.EvalAs[[]string](t, c.frame(wid), `window.ffReplaced`)
	}

	// Nothing valid: no step, not an id, not a string, no such command.
	c.p.JS(t, `(() => {
		fixflow("open"); fixflow.open(); fixflow("open", null, "w1"); fixflow("open", "../evil");
		fixflow("open", 42); fixflow("open", ["check-wifi"]); fixflow("open", "Check-Wifi", "w1");
		fixflow("nope", "check-wifi"); fixflow("constructor"); fixflow("toString"); fixflow("hasOwnProperty", "x");
		var f = document.querySelector('script[data-fixflow="w1"] + div > iframe');
		[{fixflow: 1, type: "command", cmd: "open"}, {fixflow: 1, type: "command", cmd: "open", step: 42},
		 {fixflow: 1, type: "command", cmd: "open", step: ["check-wifi"]}, {fixflow: 1, type: "command", cmd: "nope"}
		].forEach(m => f.contentWindow.postMessage(m, `+embedQuote(env.widget.URL)+`));
		return 1;
	})()`)
	// Then one valid command for w1, named.
	c.p.JS(t, `(fixflow.open(`+embedQuote(embedDeep)+`, "w1"), 1)`)
	c.waitStep("w1", embedDeep)
	if got := replaced("w1"); !reflect.DeepEqual(got, []string{"/imessage-undelivered/" + embedDeep}) {
		t.Errorf("w1's frame went to %v; want only the valid command's step", got)
	}

	// restart, named, for w2 by id: w1 stays.
	c.p.JS(t, `(fixflow.restart("w2"), 1)`)
	c.waitStep("w2", embedStart)
	if got := replaced("w2"); len(got) != 1 || got[0] != "/imessage-undelivered" && got[0] != "/imessage-undelivered/"+embedStart {
		t.Errorf("w2's frame went to %v; want its start, once", got)
	}
	// restart by name, for w1 by its container.
	c.p.JS(t, `(fixflow("restart", null, document.querySelector('script[data-fixflow="w1"] + div')), 1)`)
	c.waitStep("w1", embedStart)
	if got := replaced("w2"); len(got) != 1 {
		t.Errorf("w2's frame went to %v after w1's restart", got)
	}

	c.wait(`ffEvents.filter(e => e.type == "step").length >= 5`, "five step events", 10*time.Second)
	evs := c.events()
	if got := embedSteps(evs, "w1", "step"); !reflect.DeepEqual(got, []string{embedStart, embedDeep, embedStart}) {
		t.Errorf("w1's steps %v", got)
	}
	if got := embedSteps(evs, "w2", "step"); !reflect.DeepEqual(got, []string{embedOther, embedStart}) {
		t.Errorf("w2's steps %v", got)
	}
	search := browsertest.JSString(t, c.frame("w1"), `location.search`)
	if q, _ := url.ParseQuery(search[1:]); q.Get("wid") != "w1" || q.Get("embed") != "1" || q.Get("theme") != "light" {
		t.Errorf("after the commands w1's frame has the query %q; want its display options kept", search)
	}
}
