//go:build browser

package site

import (
	"context"
	"encoding/json"
	"fmt"
	"image"
	_ "image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/content"
	"github.com/fixflow/fixflow/internal/browsertest"
)

// The installed app in a real browser: the service worker carries the guide
// offline (a deep link to a step never visited, then a walk to an outcome),
// a new version is offered and taken without losing the walk, and Chromium
// finds the app installable. Each test has a browser of its own, with a fresh
// profile.

// pwaServer serves a handler the test may swap (one origin, two versions of
// the site) and records the requests that reach it.
type pwaServer struct {
	*httptest.Server
	h atomic.Pointer[http.Handler]

	mu    sync.Mutex
	seen  []served
	start time.Time
}

// served is a request the server got, at a time since it started.
type served struct {
	at   time.Duration
	line string // "GET /path?query"
}

// requests returns the requests the server got from the n-th on, as
// "  1234ms GET /path?query".
func (s *pwaServer) requests(from int) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, r := range s.seen[min(from, len(s.seen)):] {
		out = append(out, fmt.Sprintf("%6dms %s", r.at.Milliseconds(), r.line))
	}
	return out
}

// count is how many requests the server got so far.
func (s *pwaServer) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.seen)
}

// workerFetch finds the first request for the worker script from the n-th
// on, and when it came.
func (s *pwaServer) workerFetch(from int) (time.Duration, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.seen[min(from, len(s.seen)):] {
		if r.line == "GET /app-worker.js" {
			return r.at, true
		}
	}
	return 0, false
}

func startPWAServer(t *testing.T, h http.Handler) *pwaServer {
	t.Helper()
	requireWasm(t)
	s := &pwaServer{start: time.Now()}
	s.swap(h)
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.seen = append(s.seen, served{time.Since(s.start), r.Method + " " + r.URL.RequestURI()})
		s.mu.Unlock()
		(*s.h.Load()).ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close) // Close may run twice
	return s
}

func (s *pwaServer) swap(h http.Handler) { s.h.Store(&h) }

// workerStateJS reports "ok" once a worker is active, controls the page and
// has precached everything (cache.addAll is all or nothing, so the wasm's
// entry stands for the whole list); else what is missing.
func workerStateJS(cacheName, wasm string) string {
	return fmt.Sprintf(`(async () => {
  const want = %q, wasm = %q;
  if (!window.isSecureContext) return "not a secure context";
  if (!("serviceWorker" in navigator)) return "no serviceWorker in navigator";
  const reg = await navigator.serviceWorker.getRegistration();
  if (!reg) return "no registration";
  if (!reg.active) return "no active worker (installing: " + !!reg.installing + ", waiting: " + !!reg.waiting + ")";
  if (reg.active.state !== "activated") return "the active worker is " + reg.active.state;
  if (!navigator.serviceWorker.controller) return "no controller";
  const keys = await caches.keys();
  if (!keys.includes(want)) return "caches " + JSON.stringify(keys) + " lack " + want;
  const cached = (await (await caches.open(want)).keys()).map((r) => new URL(r.url).pathname);
  if (!cached.includes(wasm)) return want + " lacks " + wasm + " (" + cached.length + " entries)";
  return "ok";
})()`, cacheName, wasm)
}

// waitWorker waits until the site's worker controls the page with its
// cache complete, reloading once if the worker activated but never claimed
// the page. It returns how long that took.
func waitWorker(t *testing.T, p browsertest.Page, s *Site) time.Duration {
	t.Helper()
	start := time.Now()
	expr := workerStateJS("fixflow-"+s.version, s.assets.Resolve("/web/app.wasm"))
	reloaded := false
	browsertest.Until(t, p.Name()+": the service worker to control the page with everything precached", 45*time.Second, func() (bool, string) {
		v, err := p.Eval(expr)
		if err != nil {
			return false, "error: " + err.Error()
		}
		if v == "no controller" && !reloaded && time.Since(start) > 5*time.Second {
			t.Logf("%s: the worker activated but does not control the page after 5 s: reloading once", p.Name())
			reloaded = true
			p.Reload(t)
		}
		return v == "ok", fmt.Sprint(v)
	})
	return time.Since(start)
}

// requestLog records every request the browser reports, and the page's
// console errors and exceptions.
type requestLog struct {
	mu     sync.Mutex
	urls   []string
	errors []string
}

// listen records the requests (and errors) of the target of ctx; who
// prefixes its entries.
func (l *requestLog) listen(t *testing.T, ctx context.Context, who string) {
	t.Helper()
	err := chromedp.Listen(ctx, func(ev any) {
		l.mu.Lock()
		defer l.mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			l.urls = append(l.urls, who+" "+e.Request.URL)
		case *runtime.EventExceptionThrown:
			msg := e.ExceptionDetails.Text
			if ex := e.ExceptionDetails.Exception; ex != nil {
				msg += " " + ex.Description
			}
			l.errors = append(l.errors, who+" exception: "+msg)
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeWarning {
				var args []string
				for _, a := range e.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				l.errors = append(l.errors, fmt.Sprintf("%s console.%s: %s", who, e.Type, strings.Join(args, " ")))
			}
		}
	})
	if err != nil {
		t.Fatalf("listening to %s: %v", who, err)
	}
}

// listenWorkers attaches to the origin's service workers, so that the
// requests the worker makes itself are recorded too, and returns their
// contexts.
func (l *requestLog) listenWorkers(t *testing.T, ctx context.Context, origin string) []context.Context {
	t.Helper()
	res, err := chromedp.CallBrowser(ctx, target.GetTargets, target.GetTargetsParams{})
	if err != nil {
		t.Fatalf("listing targets: %v", err)
	}
	var workers []context.Context
	for _, ti := range res.TargetInfos {
		if ti.Type != "service_worker" || !strings.HasPrefix(ti.URL, origin+"/") {
			continue
		}
		wctx, cancel := chromedp.NewContext(ctx, chromedp.WithTargetID(ti.TargetID), chromedp.WithDetachOnCancel())
		t.Cleanup(cancel)
		l.listen(t, wctx, "worker")
		workers = append(workers, wctx)
	}
	return workers
}

// goOffline emulates a lost connection in each target: the page's offline
// emulation does not cover the fetches of its service worker.
func goOffline(t *testing.T, targets ...context.Context) {
	t.Helper()
	for _, ctx := range targets {
		if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			EmulateOfflineServiceWorker: new(true),
			MatchedNetworkConditions:    []*network.Conditions{{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}},
		}); err != nil {
			t.Fatalf("emulating offline: %v", err)
		}
		if _, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{
			Offline: true, DownloadThroughput: -1, UploadThroughput: -1,
		}); err != nil {
			t.Fatalf("emulating offline: %v", err)
		}
	}
}

func (l *requestLog) snapshot() (urls, errors []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.urls...), append([]string(nil), l.errors...)
}

// checkSameOrigin fails the test for any request that left the origin.
// data: URLs are not requests to a host, and blob: URLs must be the page's.
func (l *requestLog) checkSameOrigin(t *testing.T, origin string) {
	t.Helper()
	urls, _ := l.snapshot()
	var foreign []string
	for _, e := range urls {
		u := e[strings.IndexByte(e, ' ')+1:]
		switch {
		case strings.HasPrefix(u, origin+"/"), strings.HasPrefix(u, "data:"), strings.HasPrefix(u, "blob:"+origin+"/"):
		default:
			foreign = append(foreign, e)
		}
	}
	if len(foreign) > 0 {
		t.Errorf("%d of %d requests went elsewhere than %s:\n%s", len(foreign), len(urls), origin, strings.Join(foreign, "\n"))
	}
}

// logOnFailure logs the requests when the test fails, and the console
// errors and exceptions in any case.
func (l *requestLog) logOnFailure(t *testing.T) {
	t.Cleanup(func() {
		urls, errs := l.snapshot()
		if !t.Failed() {
			if len(errs) > 0 {
				t.Logf("console errors and exceptions:\n%s", strings.Join(errs, "\n"))
			}
			return
		}
		t.Logf("requests seen (%d):\n%s", len(urls), strings.Join(urls, "\n"))
		if len(errs) > 0 {
			t.Logf("console errors and exceptions:\n%s", strings.Join(errs, "\n"))
		}
	})
}

// offlineWalk is a walk of the guide to an outcome whose middle step is a
// check: the deep link to that check (with the state of the answers before
// it, and every fact answered with walkFacts) and the choices from there
// on, at least three. It is the shortest
// such walk, to keep the tests quick.
type offlineWalk struct {
	link  string // path and query of the check
	step  string // the check's id
	tried int    // answers before it
	rest  []engine.Step
	end   string // the outcome's id
}

func pickOfflineWalk(t *testing.T, f *engine.Flow) offlineWalk {
	t.Helper()
	paths, _ := engine.Paths(f, walkFacts, 0)
	sort.SliceStable(paths, func(i, j int) bool { return len(paths[i]) < len(paths[j]) })
	for _, p := range paths {
		for k := 2; k < len(p)-2; k++ {
			if f.Node(p[k].Node).Kind != engine.KindCheck {
				continue
			}
			// Every fact answered in the link: the walk never stops to ask.
			s := engine.NewSession(f)
			s.SetFacts(walkFacts)
			for _, st := range p[:k] {
				if err := s.Choose(st.Choice); err != nil {
					t.Fatal(err)
				}
			}
			if s.Current().ID != p[k].Node {
				t.Fatalf("replaying a path: at %s, want %s", s.Current().ID, p[k].Node)
			}
			return offlineWalk{
				link:  "/" + f.ID + "/" + p[k].Node + "?s=" + s.Encode(),
				step:  p[k].Node,
				tried: k,
				rest:  p[k:],
				end:   lastNode(f, p),
			}
		}
	}
	t.Fatal("the guide has no walk with a check in its middle")
	return offlineWalk{}
}

// after is where the walk is after its choice rest[i]: where it takes the
// next choice, or its outcome (with every fact answered, the steps that do
// not apply are passed by).
func (w offlineWalk) after(i int) string {
	if i+1 < len(w.rest) {
		return w.rest[i+1].Node
	}
	return w.end
}

// walkTo opens the deep link, checks the step and its state, and clicks
// the rest of the walk to its outcome.
func (w offlineWalk) walkTo(t *testing.T, b browsertest.Page, f *engine.Flow, base string) {
	t.Helper()
	b.Open(t, base+w.link)
	waitReady(t, b)
	waitStep(t, b, w.step)
	if n := tried(t, b); n != w.tried {
		t.Errorf("%s: the deep link shows %d answers tried, want %d", b.Name(), n, w.tried)
	}
	for i, st := range w.rest {
		choose(t, b, st.Choice, w.after(i))
	}
	if got, want := browsertest.JSString(t, b, `document.documentElement.dataset.fixflowOutcome || ""`), f.Node(w.end).Result; got != want {
		t.Errorf("%s: outcome %q at the end of the walk, want %q", b.Name(), got, want)
	}
	if n := tried(t, b); n != w.tried+len(w.rest) {
		t.Errorf("%s: %d answers tried at the outcome, want %d", b.Name(), n, w.tried+len(w.rest))
	}
}

// checkWorkerScript fails the test when the worker would precache anything
// from another host (its install requests come before a test can attach
// to it).
func checkWorkerScript(t *testing.T, s *Site) {
	t.Helper()
	a, ok := s.assets.byName["/app-worker.js"]
	if !ok {
		t.Fatal("the site serves no /app-worker.js")
	}
	src := string(a.raw)
	i := strings.Index(src, "const resourcesToCache = ")
	if i < 0 {
		t.Fatal("app-worker.js has no resourcesToCache")
	}
	var list []string
	if err := json.NewDecoder(strings.NewReader(src[i+len("const resourcesToCache = "):])).Decode(&list); err != nil {
		t.Fatalf("app-worker.js: resourcesToCache: %v", err)
	}
	for _, u := range list {
		if !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") {
			t.Errorf("the worker precaches %q, which is not on the site's origin", u)
		}
	}
}

// chromeFirstVisit starts the offline tests in Chromium: the site's server,
// the guide and a walk to take offline, a browser whose requests are logged,
// and one visit to "/" until the worker controls the page with everything
// precached.
func chromeFirstVisit(t *testing.T, s *Site) (*pwaServer, *engine.Flow, offlineWalk, *browsertest.ChromePage, *requestLog) {
	t.Helper()
	srv := startPWAServer(t, s)
	f := defaultFlow(t)
	w := pickOfflineWalk(t, f)
	c := browsertest.NewChromePage(t)
	log := &requestLog{}
	log.listen(t, c.Context(), "page")
	log.logOnFailure(t)

	start := time.Now()
	c.Open(t, srv.URL+"/")
	waitReady(t, c)
	ready := time.Since(start)
	took := waitWorker(t, c, s)
	t.Logf("first visit: wasm ready after %v, worker in control with everything precached %v later", ready.Round(time.Millisecond), took.Round(time.Millisecond))
	return srv, f, w, c, log
}

// TestOfflineInChromium: one visit, then network emulation offline (the
// worker included, and the HTTP cache cleared, so that only the worker's
// caches can answer); a deep link to a step never visited, with a query
// string, loads and walks to an outcome, and no request ever leaves the
// origin.
func TestOfflineInChromium(t *testing.T) {
	s := newTestSite(t)
	t.Parallel()
	checkWorkerScript(t, s)
	srv, f, w, c, log := chromeFirstVisit(t, s)
	ctx := c.Context()
	workers := log.listenWorkers(t, ctx, srv.URL)
	if len(workers) != 1 {
		t.Fatalf("%d service worker targets for %s, want 1", len(workers), srv.URL)
	}

	if _, err := chromedp.Call(ctx, network.ClearBrowserCache, cdp.Empty{}); err != nil {
		t.Fatalf("clearing the HTTP cache: %v", err)
	}
	goOffline(t, ctx, workers[0])
	hits := srv.count()
	before, _ := log.snapshot()

	start := time.Now()
	w.walkTo(t, c, f, srv.URL)
	t.Logf("offline: deep link to %s (%d answers in its state) and %d clicks to %s in %v",
		w.step, w.tried, len(w.rest), w.end, time.Since(start).Round(time.Millisecond))
	if browsertest.JSBool(t, c, `navigator.onLine`) {
		t.Error("navigator.onLine is true while offline")
	}
	if n := srv.count() - hits; n > 0 {
		t.Errorf("%d requests reached the server while the browser was offline: the emulation did not hold:\n%s",
			n, strings.Join(srv.requests(hits), "\n"))
	}
	log.checkSameOrigin(t, srv.URL)
	urls, _ := log.snapshot()
	var byWorker []string
	for _, u := range urls[len(before):] {
		if strings.HasPrefix(u, "worker ") {
			byWorker = append(byWorker, strings.TrimPrefix(u, "worker "+srv.URL))
		}
	}
	t.Logf("%d requests, all to %s; %d reached the server, none once offline; offline, the page made %d requests and the worker tried the network for %v",
		len(urls), srv.URL, srv.count(), len(urls)-len(before)-len(byWorker), byWorker)
}

// TestServerGoneInChromium: one visit, then the server stops (connections
// refused); a deep link to a step never visited loads from the worker and
// walks to an outcome.
func TestServerGoneInChromium(t *testing.T) {
	s := newTestSite(t)
	t.Parallel()
	srv, f, w, c, log := chromeFirstVisit(t, s)
	srv.Close()
	if _, err := http.Get(srv.URL + "/healthz"); err == nil {
		t.Fatal("the server still answers after Close")
	}
	start := time.Now()
	w.walkTo(t, c, f, srv.URL)
	t.Logf("server gone: deep link to %s and %d clicks to %s in %v", w.step, len(w.rest), w.end, time.Since(start).Round(time.Millisecond))
	log.checkSameOrigin(t, srv.URL)
}

// TestUpdateInChromium: a page controlled by version A's worker learns of
// version B when it becomes visible again, offers the reload, and the
// reload keeps the walk under B's worker. A first visit offers nothing.
func TestUpdateInChromium(t *testing.T) {
	// Both sites are made before the test runs in parallel: New registers
	// go-app's routes, which are global.
	lib, err := content.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	siteA, err := New(Config{Library: lib, WebDir: "../../web", Version: "A"})
	if err != nil {
		t.Fatal(err)
	}
	siteB, err := New(Config{Library: lib, WebDir: "../../web", Version: "B"})
	if err != nil {
		t.Fatal(err)
	}
	t.Parallel()
	srv := startPWAServer(t, siteA)
	f := defaultFlow(t)
	w := pickOfflineWalk(t, f)
	c := browsertest.NewChromePage(t)
	var log requestLog
	log.listen(t, c.Context(), "page")
	log.logOnFailure(t)
	next := w.after
	offered := `!!document.querySelector(".ff-update")`

	// First visit, deep in a walk: the worker installs and claims the
	// page, which go-app may report as an update; the page must not offer
	// it. Once the page sees the worker activated, go-app's statechange
	// listener has run (the state and its event come in one task), and
	// whatever it passed to the wasm is handled before the next click's
	// navigation: after one more step, an offer would be on screen.
	c.Open(t, srv.URL+w.link)
	waitReady(t, c)
	waitStep(t, c, w.step)
	took := waitWorker(t, c, siteA)
	t.Logf("first visit under A: worker in control after %v", took.Round(time.Millisecond))
	if browsertest.JSBool(t, c, `window.fixflowControlledAtLoad`) {
		t.Error("fixflowControlledAtLoad is true on a first visit")
	}
	choose(t, c, w.rest[0].Choice, next(0))
	if browsertest.JSBool(t, c, offered) {
		t.Fatal("the first visit offers a new version (.ff-update)")
	}

	// The next load is controlled by A's worker; walk one step further.
	reloaded := srv.count()
	reloadAt := time.Since(srv.start)
	c.Reload(t)
	waitReady(t, c)
	waitStep(t, c, next(0))
	if !browsertest.JSBool(t, c, `window.fixflowControlledAtLoad`) {
		t.Fatal("fixflowControlledAtLoad is false on a load under A's worker")
	}
	step := next(1)
	choose(t, c, w.rest[1].Choice, step)
	answers := tried(t, c)
	if answers != w.tried+2 {
		t.Errorf("%d answers tried, want %d", answers, w.tried+2)
	}
	if browsertest.JSBool(t, c, offered) {
		t.Fatal("a new version is offered before there is one")
	}

	// Chromium looks for a new worker by itself a few seconds after each
	// navigation (about 2.5 s here). Let that check, under A, be over
	// before B goes live: else it, not the page, would find B, or the
	// page's check would join it while it still fetches A.
	var own time.Duration
	if _, ok := browsertest.Within(15*time.Second, func() (found bool) { own, found = srv.workerFetch(reloaded); return found }); ok {
		t.Logf("Chromium's own update check came %v after the reload", (own - reloadAt).Round(time.Millisecond))
	} else {
		t.Logf("Chromium made no update check of its own within 15 s of the reload")
	}
	browsertest.WaitOK(t, c, `navigator.serviceWorker.getRegistration().then((r) => r.update()).then(() => "ok")`,
		"an update check under A to finish", 30*time.Second)

	// Version B goes live. Nothing looks for it by itself (the next check
	// is 30 minutes away); then the user switches to another tab and back.
	swapped := srv.count()
	srv.swap(siteB)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("requests (version B from the %d-th on):\n%s", swapped+1, strings.Join(srv.requests(0), "\n"))
		}
	})
	visibleAt := time.Since(srv.start)
	switchAwayAndBack(t, c)
	took = browsertest.WaitOK(t, c, `(async () => {
  if (document.querySelector(".ff-update")) return "ok";
  const reg = await navigator.serviceWorker.getRegistration();
  const st = (w) => w ? w.state : "none";
  return "no .ff-update; registration in app.js: " + typeof goappServiceWorkerRegistration + "; caches " + JSON.stringify(await caches.keys()) +
    "; workers: installing " + st(reg.installing) + ", waiting " + st(reg.waiting) + ", active " + st(reg.active);
})()`, "the offer of the new version (.ff-update) after the page became visible again", 30*time.Second)
	label := browsertest.JSString(t, c, `document.querySelector(".ff-update").textContent`)
	t.Logf("update offered %v after the page became visible again: %q", took.Round(time.Millisecond), label)
	// It was the page's check: the first request for the worker script
	// after B went live came once the page had begun to switch tabs.
	if at, ok := srv.workerFetch(swapped); !ok {
		t.Errorf("the update came without a request for /app-worker.js: %v", srv.requests(swapped))
	} else if at < visibleAt {
		t.Errorf("something looked for the update %v before the page became visible again: %v", (visibleAt - at).Round(time.Millisecond), srv.requests(swapped))
	} else {
		t.Logf("the page's check reached the server %v after it began to switch tabs", (at - visibleAt).Round(time.Millisecond))
	}

	c.JS(t, `window.fixflowBeforeReload = true`)
	c.Click(t, ".ff-update button")
	c.WaitJS(t, `!window.fixflowBeforeReload && (window.fixflowStart && window.fixflowStart(), document.documentElement.hasAttribute("data-fixflow-ready"))`, "the reload after clicking Reload", 30*time.Second)
	waitStep(t, c, step)
	if n := tried(t, c); n != answers {
		t.Errorf("after the update's reload, %d answers tried, want %d", n, answers)
	}
	browsertest.WaitOK(t, c, `(async () => {
  if (!navigator.serviceWorker.controller) return "no controller";
  const keys = await caches.keys();
  if (!keys.includes("fixflow-B") || keys.includes("fixflow-A")) return "caches " + JSON.stringify(keys);
  const src = await (await fetch("/app-worker.js")).text();
  return src.includes('"fixflow-B"') ? "ok" : "the worker script is not B's";
})()`, "B's worker in control, with A's cache gone", 15*time.Second)
	// One more step, after which anything passed to the wasm before it
	// would be on screen: no new version is offered any more.
	choose(t, c, w.rest[2].Choice, next(2))
	if browsertest.JSBool(t, c, offered) {
		t.Error("after the update's reload, a new version is still offered")
	}
	log.checkSameOrigin(t, srv.URL)
}

// switchAwayAndBack hides the page behind a new tab, then brings it to the
// front again and closes that tab: a real hidden, then visible,
// visibilitychange.
func switchAwayAndBack(t *testing.T, c *browsertest.ChromePage) {
	t.Helper()
	c.JS(t, `(window.fixflowVisibility = [], document.addEventListener("visibilitychange", () => fixflowVisibility.push(document.visibilityState)), 1)`)
	other := c.NewTab(t, chromedp.WithNewWindow(false))
	other.Open(t, "about:blank")
	browsertest.WaitOK(t, c, `document.visibilityState === "hidden" ? "ok" : document.visibilityState`,
		"the page to be hidden behind another tab", 10*time.Second)
	if _, err := chromedp.CallBrowser(c.Context(), target.ActivateTarget, target.ActivateTargetParams{TargetID: chromedp.FromContext(c.Context()).Target.TargetID}); err != nil {
		t.Fatalf("bringing the page to the front: %v", err)
	}
	browsertest.WaitOK(t, c, `fixflowVisibility.join() === "hidden,visible" ? "ok" : document.visibilityState + ", events: " + fixflowVisibility.join()`,
		"the page to be visible again", 10*time.Second)
}

// TestInstallableInChromium: the manifest, its icons and the Apple touch
// icon are complete and local, a worker controls the page, and Chromium
// itself finds the app installable.
func TestInstallableInChromium(t *testing.T) {
	s := newTestSite(t)
	t.Parallel()
	srv := startPWAServer(t, s)
	c := browsertest.NewChromePage(t)
	ctx := c.Context()
	c.Open(t, srv.URL+"/")
	waitReady(t, c)
	waitWorker(t, c, s)

	// The manifest the page links to.
	href := browsertest.JSString(t, c, `(document.querySelector('link[rel="manifest"]') || {}).href || ""`)
	if href == "" {
		t.Fatal(`the page has no <link rel="manifest">`)
	}
	manifestURL := sameOrigin(t, srv.URL, srv.URL+"/", href)
	res, body := fetchOK(t, manifestURL)
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/manifest+json") {
		t.Errorf("the manifest's Content-Type is %q", ct)
	}
	var m struct {
		Name, ShortName, Description, StartURL, Scope, Display, ThemeColor, BackgroundColor string
		Icons                                                                               []struct{ Src, Type, Sizes, Purpose string }
	}
	var raw map[string]any
	if err := json.Unmarshal(body, &raw); err != nil {
		t.Fatalf("the manifest: %v", err)
	}
	for key, field := range map[string]*string{
		"name": &m.Name, "short_name": &m.ShortName, "description": &m.Description, "start_url": &m.StartURL,
		"scope": &m.Scope, "display": &m.Display, "theme_color": &m.ThemeColor, "background_color": &m.BackgroundColor,
	} {
		v, _ := raw[key].(string)
		if v == "" {
			t.Errorf("the manifest's %s is missing or empty", key)
		}
		*field = v
	}
	if m.Display != "standalone" {
		t.Errorf("the manifest's display is %q, want standalone", m.Display)
	}
	icons, _ := json.Marshal(raw["icons"])
	if err := json.Unmarshal(icons, &m.Icons); err != nil {
		t.Fatalf("the manifest's icons: %v", err)
	}

	// Every icon: local, 200, the declared type and size.
	var have192, have512, maskable bool
	for _, ic := range m.Icons {
		u := sameOrigin(t, srv.URL, manifestURL, ic.Src)
		checkImage(t, u, ic.Type, ic.Sizes)
		if ic.Type == "image/png" {
			have192 = have192 || ic.Sizes == "192x192"
			have512 = have512 || ic.Sizes == "512x512"
		}
		maskable = maskable || strings.Contains(" "+ic.Purpose+" ", " maskable ")
	}
	if !have192 || !have512 || !maskable {
		t.Errorf("the manifest's icons lack a 192x192 PNG (%v), a 512x512 PNG (%v) or a maskable one (%v): %+v", have192, have512, maskable, m.Icons)
	}
	var touch []struct{ Href, Sizes string }
	touchJSON := browsertest.JSString(t, c, `JSON.stringify([...document.head.querySelectorAll('link[rel="apple-touch-icon"]')].map((l) => ({href: l.href, sizes: l.getAttribute("sizes") || ""})))`)
	if err := json.Unmarshal([]byte(touchJSON), &touch); err != nil || len(touch) == 0 {
		t.Fatalf("no apple-touch-icon link in the page's head (%s)", touchJSON)
	}
	for _, l := range touch {
		checkImage(t, sameOrigin(t, srv.URL, srv.URL+"/", l.Href), "image/png", l.Sizes)
	}

	// Chromium's own verdict, after a control: a page without a manifest
	// is not installable.
	c.Open(t, srv.URL+"/healthz")
	ctl, err := chromedp.Call(ctx, page.GetInstallabilityErrors, cdp.Empty{})
	if err != nil {
		t.Fatalf("Page.getInstallabilityErrors: %v", err)
	}
	if len(ctl.InstallabilityErrors) == 0 {
		t.Fatal("Chromium finds /healthz (no manifest) installable: its verdict cannot be trusted here")
	}
	var control []string
	for _, e := range ctl.InstallabilityErrors {
		control = append(control, e.ErrorID)
	}
	c.Open(t, srv.URL+"/")
	waitReady(t, c)
	am, err := chromedp.Call(ctx, page.GetAppManifest, page.GetAppManifestParams{})
	if err != nil {
		t.Fatalf("Page.getAppManifest: %v", err)
	}
	if am.URL != manifestURL {
		t.Errorf("Chromium's manifest is %q, want %q", am.URL, manifestURL)
	}
	for _, e := range am.Errors {
		t.Errorf("Chromium: the manifest: %s (line %d, critical %d)", e.Message, e.Line, e.Critical)
	}
	ie, err := chromedp.Call(ctx, page.GetInstallabilityErrors, cdp.Empty{})
	if err != nil {
		t.Fatalf("Page.getInstallabilityErrors: %v", err)
	}
	for _, e := range ie.InstallabilityErrors {
		var args []string
		for _, a := range e.ErrorArguments {
			args = append(args, a.Name+"="+a.Value)
		}
		t.Errorf("Chromium: not installable: %s %v", e.ErrorID, args)
	}
	t.Logf("manifest %s: %d icons, %d apple-touch-icon links; Chromium reports %d installability errors (on /healthz: %v)",
		manifestURL, len(m.Icons), len(touch), len(ie.InstallabilityErrors), control)
}

// sameOrigin resolves ref against base and fails the test unless it is on
// origin.
func sameOrigin(t *testing.T, origin, base, ref string) string {
	t.Helper()
	b, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u, err := b.Parse(ref)
	if err != nil {
		t.Fatalf("%q: %v", ref, err)
	}
	if u.Scheme+"://"+u.Host != origin {
		t.Errorf("%s is not on the site's origin %s", u, origin)
	}
	return u.String()
}

func fetchOK(t *testing.T, u string) (*http.Response, []byte) {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d", u, res.StatusCode)
	}
	return res, b
}

// checkImage fetches an image and checks its type and, for a bitmap, its
// size ("192x192"; "any" or "" skip the check).
func checkImage(t *testing.T, u, ctype, sizes string) {
	t.Helper()
	res, b := fetchOK(t, u)
	if got := res.Header.Get("Content-Type"); got != ctype {
		t.Errorf("%s: Content-Type %q, want %q", u, got, ctype)
	}
	if ctype == "image/svg+xml" {
		if !strings.Contains(string(b[:min(len(b), 512)]), "<svg") {
			t.Errorf("%s: not an SVG", u)
		}
		return
	}
	cfg, format, err := image.DecodeConfig(strings.NewReader(string(b)))
	if err != nil {
		t.Errorf("%s: %v", u, err)
		return
	}
	if "image/"+format != ctype {
		t.Errorf("%s: a %s image served as %s", u, format, ctype)
	}
	if sizes != "" && sizes != "any" {
		if got := fmt.Sprintf("%dx%d", cfg.Width, cfg.Height); got != sizes {
			t.Errorf("%s: %s pixels, declared %s", u, got, sizes)
		}
	}
}

// TestOfflineInWebKit: WebKitGTK's MiniBrowser under WebKitWebDriver. One
// visit, the worker in control, the server stopped, then a deep link walked
// to an outcome.
func TestOfflineInWebKit(t *testing.T) {
	s := newTestSite(t)
	t.Parallel()
	srv := startPWAServer(t, s)
	f := defaultFlow(t)
	w := pickOfflineWalk(t, f)
	b := browsertest.NewWebKitPage(t)

	b.Open(t, srv.URL+"/")
	waitReady(t, b)
	if !browsertest.JSBool(t, b, `window.isSecureContext && "serviceWorker" in navigator`) {
		t.Fatalf("webkit: no navigator.serviceWorker on %s (secure context: %v, user agent %q): WebKitGTK in this automation mode offers no service workers, so the guide cannot work offline there",
			srv.URL, b.JS(t, `window.isSecureContext`), browsertest.JSString(t, b, `navigator.userAgent`))
	}
	took := waitWorker(t, b, s)
	t.Logf("webkit: worker in control with everything precached after %v", took.Round(time.Millisecond))

	srv.Close()
	start := time.Now()
	w.walkTo(t, b, f, srv.URL)
	t.Logf("webkit, server gone: deep link to %s and %d clicks to %s in %v", w.step, len(w.rest), w.end, time.Since(start).Round(time.Millisecond))
}
