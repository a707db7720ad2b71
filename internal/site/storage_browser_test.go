//go:build browser

package site

// The widget without local storage, and after a crash of the wasm: the page
// must never go blank. Storage is taken away four ways: the browser's own
// "block cookies and site data" setting (a Chromium profile with cookies
// blocked, as a user sets it; Safari's "Block All Cookies" does the same on
// iPhones), a storage that throws on every read, one that throws on every
// write, and a storage that is really full (filled to its quota).

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/internal/browsertest"
)

// blockedProfile is a Chromium profile whose content settings block cookies
// and site data for every site: window.localStorage throws SecurityError.
func blockedProfile(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	prefs := map[string]any{"profile": map[string]any{
		"default_content_setting_values": map[string]any{"cookies": 2},
	}}
	b, _ := json.Marshal(prefs)
	if err := os.MkdirAll(filepath.Join(dir, "Default"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "Default", "Preferences"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// onEveryPage runs script in every document the tab loads, before its own
// scripts.
func onEveryPage(t *testing.T, ctx context.Context, script string) {
	t.Helper()
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: script}); err != nil {
		t.Fatal(err)
	}
}

// storageError says what reading and writing local storage does in the page:
// "ok" or the exception's name.
const storageErrorJS = `(function () {
	var r = [];
	try { window.localStorage.getItem("x"); r.push("ok"); } catch (e) { r.push(e.name); }
	try { window.localStorage.setItem("fixflow:probe", "1"); window.localStorage.removeItem("fixflow:probe"); r.push("ok"); } catch (e) { r.push(e.name); }
	return r.join(" ");
})()`

// walkWithoutStorage walks two steps, reloads, and checks that the page
// shows the step of its URL each time: the walk lives in the URL alone.
func walkWithoutStorage(t *testing.T, c chrome, base string) {
	t.Helper()
	f := defaultFlow(t)
	c.open(t, base+"/"+f.ID)
	waitReady(t, c)
	s := engine.NewSession(f)
	for i := 0; i < 2; i++ {
		if err := s.Choose(0); err != nil {
			t.Fatal(err)
		}
		choose(t, c, 0, s.Current().ID)
	}
	if got := jsString(t, c, `location.search`); !strings.Contains(got, s.Encode()) {
		t.Errorf("the URL does not carry the walk: %s", got)
	}
	c.reload(t)
	waitReady(t, c)
	waitStep(t, c, s.Current().ID)
	if n := jsInt(t, c, `document.querySelectorAll("#ff-root .ff-tried-list li").length`); n != 2 {
		t.Errorf("after a reload the tried list has %d entries, want 2", n)
	}
}

func TestStorageBlockedInChromium(t *testing.T) {
	base := startWidgetServer(t)
	c := chrome{browsertest.Chrome(t, browsertest.ChromeFlag("user-data-dir", blockedProfile(t)))}
	c.open(t, base+"/healthz") // a page of the origin without the widget's scripts
	if got := jsString(t, c, storageErrorJS); got != "SecurityError SecurityError" {
		t.Fatalf("the profile does not block site data: local storage says %q", got)
	}
	walkWithoutStorage(t, c, base)
	if got := jsString(t, c, `document.documentElement.dataset.fixflowStorage`); got != "memory" {
		t.Errorf("the page did not notice the blocked storage (data-fixflow-storage=%q)", got)
	}
}

func TestStorageThrowingInChromium(t *testing.T) {
	base := startWidgetServer(t)
	for _, tc := range []struct{ name, script, want string }{
		{"on read", `Object.defineProperty(window, "localStorage", {configurable: true,
			get: function () { throw new DOMException("The operation is insecure.", "SecurityError"); }});`,
			"SecurityError SecurityError"},
		{"on write", `Storage.prototype.setItem = function () {
			throw new DOMException("The quota has been exceeded.", "QuotaExceededError"); };`,
			"ok QuotaExceededError"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := chrome{browsertest.Chrome(t)}
			onEveryPage(t, c.ctx, tc.script)
			c.open(t, base+"/healthz")
			if got := jsString(t, c, storageErrorJS); got != tc.want {
				t.Fatalf("local storage says %q, want %q", got, tc.want)
			}
			walkWithoutStorage(t, c, base)
		})
	}
}

// A really full storage: the origin's quota used up by another key.
func TestStorageFullInChromium(t *testing.T) {
	base := startWidgetServer(t)
	c := chrome{browsertest.Chrome(t)}
	c.open(t, base+"/healthz")
	filled := jsString(t, c, `(function () {
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
	ctx := browsertest.Chrome(t, browsertest.ChromeFlag("user-data-dir", blockedProfile(t)))
	c := chromeEmbed{t: t, ctx: ctx}
	c.run(chromedp.Navigate(env.host.URL + "/page/one"))
	c.waitHost(`ffEvents.some(function (e) { return e.type === "ready"; })`, 30*time.Second)
	var storage string
	c.frame("w1", `(window.fixflowStart && window.fixflowStart(), document.documentElement.hasAttribute("data-fixflow-ready")) && document.documentElement.dataset.fixflowStorage`, &storage, 30*time.Second)
	if storage != "memory" {
		t.Fatalf("the frame did not find its storage blocked: %q", storage)
	}
	f := defaultFlow(t)
	s := engine.NewSession(f)
	if err := s.Choose(0); err != nil {
		t.Fatal(err)
	}
	c.click("w1", ".ff-choices li:first-child a.ff-choice", s.Current().ID)
	if h := c.checkHeight("w1"); h < 200 {
		t.Errorf("the frame is %.0f px tall: collapsed", h)
	}
}

// If the Go program dies after the wasm took over (here: the History API
// throws when go-app pushes a step, which panics inside Go), the server's
// page of the current URL comes back and its links work as plain links.
func TestCrashFallsBackToServerPageInChromium(t *testing.T) {
	base := startWidgetServer(t)
	c := chrome{browsertest.Chrome(t)}
	onEveryPage(t, c.ctx, `history.pushState = function () { throw new Error("injected fault"); };`)
	f := defaultFlow(t)
	c.open(t, base+"/"+f.ID+"/"+f.Start)
	waitReady(t, c)
	c.click(t, `#ff-root .ff-choices li:first-child a.ff-choice`)
	waitJS(t, c, `document.documentElement.dataset.fixflowFallback === "done"`, "the fallback after the crash")
	waitJS(t, c, `(document.querySelector("#ff-root h1") || {}).textContent`, "a step on screen after the crash")
	if got := jsString(t, c, `document.getElementById("ff-root").dataset.step`); got != f.Start {
		t.Errorf("after the crash the page shows %q, want the step of its URL %q", got, f.Start)
	}
	// The links are plain links now: the next step loads from the server.
	s := engine.NewSession(f)
	if err := s.Choose(0); err != nil {
		t.Fatal(err)
	}
	c.click(t, `#ff-root .ff-choices li:first-child a.ff-choice`)
	waitJS(t, c, `location.pathname === "/`+f.ID+`/`+s.Current().ID+`" && document.getElementById("ff-root") && document.getElementById("ff-root").dataset.step === "`+s.Current().ID+`"`, "the next step after the crash")
}
