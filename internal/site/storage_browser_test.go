//go:build browser

package site

// The widget without local storage, and after a crash of the wasm: the page
// must never go blank. Storage is taken away four ways: the browser's own
// "block cookies and site data" setting (a Chromium profile with cookies
// blocked, as a user sets it; Safari's "Block All Cookies" does the same on
// iPhones), a storage that throws on every read, one that throws on every
// write, and a storage that is really full (filled to its quota).

import (
	"strings"
	"testing"
	"time"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/internal/browsertest"
)

// blockSiteData is a Chromium profile whose content settings block cookies
// and site data for every site: window.localStorage throws SecurityError.
var blockSiteData = browsertest.Preferences(map[string]any{"profile": map[string]any{
	"default_content_setting_values": map[string]any{"cookies": 2},
}})

// storageErrorJS says what reading and writing local storage does in the
// page: "ok" or the exception's name.
const storageErrorJS = `(function () {
	var r = [];
	try { window.localStorage.getItem("x"); r.push("ok"); } catch (e) { r.push(e.name); }
	try { window.localStorage.setItem("fixflow:probe", "1"); window.localStorage.removeItem("fixflow:probe"); r.push("ok"); } catch (e) { r.push(e.name); }
	return r.join(" ");
})()`

// walkWithoutStorage walks two steps, reloads, and checks that the page
// shows the step of its URL each time: the walk lives in the URL alone.
func walkWithoutStorage(t *testing.T, p browsertest.Page, base string) {
	t.Helper()
	f := defaultFlow(t)
	p.Open(t, base+"/"+f.ID)
	waitReady(t, p)
	s := engine.NewSession(f)
	for i := 0; i < 2; i++ {
		follow(t, p, s, 0)
	}
	if got := browsertest.JSString(t, p, `location.search`); !strings.Contains(got, s.Encode()) {
		t.Errorf("the URL does not carry the walk: %s", got)
	}
	p.Reload(t)
	waitReady(t, p)
	waitStep(t, p, s.Current().ID)
	if n := browsertest.JSInt(t, p, `document.querySelectorAll("#ff-root .ff-tried-list li").length`); n != 2 {
		t.Errorf("after a reload the tried list has %d entries, want 2", n)
	}
}

func TestStorageBlockedInChromium(t *testing.T) {
	base := startWidgetServer(t)
	t.Parallel()
	c := browsertest.NewChromePage(t, blockSiteData)
	c.Open(t, base+"/healthz") // a page of the origin without the widget's scripts
	if got := browsertest.JSString(t, c, storageErrorJS); got != "SecurityError SecurityError" {
		t.Fatalf("the profile does not block site data: local storage says %q", got)
	}
	walkWithoutStorage(t, c, base)
	if got := browsertest.JSString(t, c, `document.documentElement.dataset.fixflowStorage || ""`); got != "memory" {
		t.Errorf("the page did not notice the blocked storage (data-fixflow-storage=%q)", got)
	}
}

func TestStorageThrowingInChromium(t *testing.T) {
	base := startWidgetServer(t)
	t.Parallel()
	for _, tc := range []struct{ name, script, want string }{
		{"on read", `Object.defineProperty(window, "localStorage", {configurable: true,
			get: function () { throw new DOMException("The operation is insecure.", "SecurityError"); }});`,
			"SecurityError SecurityError"},
		{"on write", `Storage.prototype.setItem = function () {
			throw new DOMException("The quota has been exceeded.", "QuotaExceededError"); };`,
			"ok QuotaExceededError"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := browsertest.NewChromePage(t)
			c.AddInitScript(t, tc.script)
			c.Open(t, base+"/healthz")
			if got := browsertest.JSString(t, c, storageErrorJS); got != tc.want {
				t.Fatalf("local storage says %q, want %q", got, tc.want)
			}
			walkWithoutStorage(t, c, base)
		})
	}
}

// A really full storage: the origin's quota used up by another key.
func TestStorageFullInChromium(t *testing.T) {
	base := startWidgetServer(t)
	t.Parallel()
	c := browsertest.NewChromePage(t)
	c.Open(t, base+"/healthz")
	filled := browsertest.JSString(t, c, `(function () {
		var chunk = new Array(1 << 16).join("x"), i = 0;
		try { for (;;) { localStorage.setItem("filler" + i, chunk); i++; } } catch (e) {
			try { for (var k = 0; ; k++) { localStorage.setItem("tiny" + k, "x"); } } catch (e2) { return e2.name; }
		}
	})()`)
	if filled != "QuotaExceededError" {
		t.Fatalf("filling local storage ended with %q", filled)
	}
	walkWithoutStorage(t, c, base)
}

// Embedded in a host page on another origin, with site data blocked.
func TestStorageBlockedEmbeddedInChromium(t *testing.T) {
	env := newEmbedEnv(t)
	t.Parallel()
	h := embedHost{t: t, p: browsertest.NewChromePage(t, blockSiteData)}
	h.logEventsOnFailure()
	h.p.Open(t, env.host.URL+"/page/one")
	h.wait(`ffEvents.some(function (e) { return e.type === "ready"; })`, "the widget's ready event", 30*time.Second)
	storage := browsertest.WaitAs[string](t, h.frame("w1"), `(window.fixflowStart && window.fixflowStart(), document.documentElement.hasAttribute("data-fixflow-ready")) && document.documentElement.dataset.fixflowStorage`,
		"the wasm in w1, and data-fixflow-storage set", 30*time.Second)
	if storage != "memory" {
		t.Fatalf("the frame did not find its storage blocked: %q", storage)
	}
	f := defaultFlow(t)
	s := engine.NewSession(f)
	if err := s.Choose(0); err != nil {
		t.Fatal(err)
	}
	h.click("w1", ".ff-choices li:first-child a.ff-choice", s.Current().ID)
	if hgt := h.checkHeight("w1"); hgt < 200 {
		t.Errorf("the frame is %.0f px tall: collapsed", hgt)
	}
}

// If the Go program dies after the wasm took over (here: the History API
// throws when go-app pushes a step, which panics inside Go), the server's
// page of the current URL comes back and its links work as plain links.
func TestCrashFallsBackToServerPageInChromium(t *testing.T) {
	base := startWidgetServer(t)
	t.Parallel()
	c := browsertest.NewChromePage(t)
	c.AddInitScript(t, `history.pushState = function () { throw new Error("injected fault"); };`)
	f := defaultFlow(t)
	c.Open(t, base+"/"+f.ID+"/"+f.Start)
	waitReady(t, c)
	c.Click(t, `#ff-root .ff-choices li:first-child a.ff-choice`)
	c.WaitJS(t, `document.documentElement.dataset.fixflowFallback === "done"`, "the fallback after the crash", 30*time.Second)
	c.WaitJS(t, `(document.querySelector("#ff-root h1") || {}).textContent`, "a step on screen after the crash", 30*time.Second)
	if got := browsertest.JSString(t, c, `document.getElementById("ff-root").dataset.step || ""`); got != f.Start {
		t.Errorf("after the crash the page shows %q, want the step of its URL %q", got, f.Start)
	}
	// The links are plain links now: the next step loads from the server.
	s := engine.NewSession(f)
	if err := s.Choose(0); err != nil {
		t.Fatal(err)
	}
	c.Click(t, `#ff-root .ff-choices li:first-child a.ff-choice`)
	c.WaitJS(t, `location.pathname === "/`+f.ID+`/`+s.Current().ID+`" && document.getElementById("ff-root") && document.getElementById("ff-root").dataset.step === "`+s.Current().ID+`"`, "the next step after the crash", 30*time.Second)
}
