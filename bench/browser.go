package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/fixflow/fixflow/internal/browsertest"
	"github.com/fixflow/fixflow/internal/proc"
)

// netConditions are the parameters of Network.emulateNetworkConditions.
// cdproto no longer generates that command (the protocol deprecated it for
// emulateNetworkConditionsByRule), but Chromium still implements it.
type netConditions struct {
	Offline            bool    `json:"offline"`
	Latency            float64 `json:"latency"`            // ms, request sent to response headers
	DownloadThroughput float64 `json:"downloadThroughput"` // bytes/s, -1 for none
	UploadThroughput   float64 `json:"uploadThroughput"`   // bytes/s, -1 for none
}

var emulateNetworkConditions = cdp.Command[netConditions, cdp.Empty]{Method: "Network.emulateNetworkConditions"}

// The page loads run on a slow connection and a slow phone: 1.6 Mbit/s
// down, 750 kbit/s up, 150 ms round trips, a CPU four times slower.
var (
	slowNetwork = netConditions{Latency: 150, DownloadThroughput: 200_000, UploadThroughput: 93_750}
	noThrottle  = netConditions{Latency: 0, DownloadThroughput: -1, UploadThroughput: -1}
)

const slowCPU = 4

// Desktop viewport, as internal/browsertest.
const viewportWidth, viewportHeight = 1280, 900

// probeJS runs in every new document before the page's own scripts. It
// records, in performance.now() milliseconds:
//   - clickable: the first choice is present with a non-empty box (polled on
//     every animation frame);
//   - ready: the wasm has taken over (<html data-fixflow-ready>, seen by a
//     MutationObserver); bootReady: the "boot:ready" mark, which the widget
//     and the empty go-app app both set once their first frame is done;
//   - armed: <html data-fixflow-armed>, the widget's wasm compiled and
//     waiting for its first tap;
//   - fcp, from the paint timing;
//   - taps: each click on the page (see tapProbe in taps.go).
//
// It tells the bench through a binding at each of those moments. It also
// sets performance marks around the boot's steps that happen in JS, for
// both apps alike: the wasm compile ("boot:compile" → "boot:compiled"), its
// instantiation ("boot:instantiate" → "boot:instantiated") and Go.run
// ("boot:run"); the Go side sets the rest (see components.Mark).
const probeJS = `(() => {
  if (window.top !== window) return;
  const r = window.__ffbench = { clickable: null, ready: null, bootReady: null, armed: null, fcp: null, taps: [] };
  const notify = (what) => { try { window.__ffbenchNotify(what); } catch (e) {} };
  const mark = (name) => { try { performance.mark(name); } catch (e) {} };
  const W = WebAssembly;
  const compileStreaming = W.compileStreaming, instantiate = W.instantiate;
  W.compileStreaming = function (src) {
    mark("boot:compile");
    return compileStreaming.call(W, src).then((m) => { mark("boot:compiled"); return m; });
  };
  W.instantiate = function (src, imports) {
    if (!(src instanceof W.Module)) return instantiate.call(W, src, imports);
    mark("boot:instantiate");
    return instantiate.call(W, src, imports).then((i) => { mark("boot:instantiated"); return i; });
  };
  // Streaming instantiation is the same two steps; done as two, each shows.
  W.instantiateStreaming = async function (src, imports) {
    const module = await W.compileStreaming(src);
    return { module, instance: await W.instantiate(module, imports) };
  };
  let Go;
  Object.defineProperty(window, "Go", {
    configurable: true,
    get() { return Go; },
    set(v) {
      Go = v;
      if (v && v.prototype && typeof v.prototype.run === "function" && !v.prototype.run.__ffbench) {
        const run = v.prototype.run;
        v.prototype.run = function () { mark("boot:run"); return run.apply(this, arguments); };
        v.prototype.run.__ffbench = true;
      }
    },
  });
  const checkReady = () => {
    const html = document.documentElement;
    if (r.ready === null && html && html.hasAttribute("data-fixflow-ready")) {
      r.ready = performance.now();
      notify("ready");
    }
    if (r.armed === null && html && html.hasAttribute("data-fixflow-armed")) {
      r.armed = performance.now();
      notify("armed");
    }
  };
  new MutationObserver(checkReady).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-fixflow-ready", "data-fixflow-armed"] });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.name === "boot:ready" && r.bootReady === null) { r.bootReady = e.startTime; notify("bootready"); }
    }
  }).observe({ type: "mark", buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.name === "first-contentful-paint" && r.fcp === null) {
        r.fcp = e.startTime;
        const a = document.querySelector("a.ff-choice");
        const box = a ? a.getBoundingClientRect() : null;
        notify("fcp " + JSON.stringify(box ? { x: box.left + box.width / 2, y: box.top + box.height / 2, href: a.getAttribute("href") } : {}));
      }
    }
  }).observe({ type: "paint", buffered: true });
` + tapProbe + `
  const frame = () => {
    if (r.clickable === null) {
      const a = document.querySelector("a.ff-choice");
      if (a) {
        const box = a.getBoundingClientRect();
        if (box.width > 0 && box.height > 0) r.clickable = performance.now();
      }
    }
    checkReady();
    if (r.clickable === null || r.ready === null) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})();`

// browser is one Chromium with one tab, started as internal/browsertest
// starts it (the tests' flags), with a fresh temporary profile.
type browser struct {
	ctx         context.Context // the tab
	cancel      context.CancelFunc
	allocCancel context.CancelFunc
	tmp         string
	out         *proc.TailBuffer
	origin      string
	rec         *recorder // the tab's requests
	swRec       *recorder // the service worker's requests

	// The service worker fetches on its own: network conditions set on
	// the tab do not reach it (its fetches stay online when the tab is
	// offline). So the bench attaches to each worker of the test server
	// as soon as it appears and gives it the tab's conditions.
	newWorker chan target.ID
	applyMu   sync.Mutex // held while conditions are being applied
	cond      netConditions
	cpu       float64
	workers   map[target.ID]context.Context
	detach    []context.CancelFunc

	notes      chan note // the probe's messages, as they come
	consoleMu  sync.Mutex
	console    []string              // the page's last console errors and uncaught exceptions
	bootScript page.ScriptIdentifier // the script that sets window.fixflowBoot, if any
}

// note is one message of the probe, with the time the bench received it.
type note struct {
	payload string
	at      time.Time
}

// keepConsole keeps one console line (the last 20).
func (br *browser) keepConsole(line string) {
	br.consoleMu.Lock()
	defer br.consoleMu.Unlock()
	br.console = append(br.console, line)
	if len(br.console) > 20 {
		br.console = br.console[len(br.console)-20:]
	}
}

// takeConsole returns the console lines kept so far and forgets them.
func (br *browser) takeConsole() []string {
	br.consoleMu.Lock()
	defer br.consoleMu.Unlock()
	c := br.console
	br.console = nil
	return c
}

// describe is a remote object as a short text.
func describe(o *runtime.RemoteObject) string {
	if o == nil {
		return ""
	}
	if o.Description != "" {
		return o.Description
	}
	return strings.Trim(string(o.Value), `"`)
}

// drainNotes forgets the messages received so far.
func (br *browser) drainNotes() {
	for {
		select {
		case <-br.notes:
		default:
			return
		}
	}
}

// setBootPolicy makes the widget's pages of the documents to come start
// their wasm as policy says (window.fixflowBoot, read by web/fixflow.js:
// "load", "idle" or "tap"); "" leaves the page's default.
func (br *browser) setBootPolicy(policy string) error {
	return br.do(30*time.Second, func(ctx context.Context) error {
		if br.bootScript != "" {
			if _, err := chromedp.Call(ctx, page.RemoveScriptToEvaluateOnNewDocument, page.RemoveScriptToEvaluateOnNewDocumentParams{Identifier: br.bootScript}); err != nil {
				return err
			}
			br.bootScript = ""
		}
		if policy == "" {
			return nil
		}
		res, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: fmt.Sprintf("window.fixflowBoot = %q;", policy)})
		if err == nil {
			br.bootScript = res.Identifier
		}
		return err
	})
}

// startBrowser starts Chromium, opens its tab, and arms the probe and the
// network recorder for origin (the test server).
func (b *bench) startBrowser(ctx context.Context, origin string) (*browser, error) {
	if _, err := os.Stat(b.cfg.chromium); err != nil {
		return nil, fmt.Errorf("chromium is missing at %s: run `make deps` (scripts/deps.sh) or set $CHROMIUM", b.cfg.chromium)
	}
	tmp, err := os.MkdirTemp(b.tmp, "chromium-")
	if err != nil {
		return nil, err
	}
	out := proc.NewTailBuffer(32 << 10)
	opts := browsertest.ChromiumOptions(b.cfg.chromium, viewportWidth, viewportHeight, out, tmp)
	allocCtx, allocCancel := chromedp.NewExecAllocator(ctx, opts...)
	tabCtx, cancel := chromedp.NewContext(allocCtx)
	br := &browser{
		ctx: tabCtx, cancel: cancel, allocCancel: allocCancel, tmp: tmp, out: out,
		origin: origin, rec: newRecorder(origin), swRec: newRecorder(origin),
		newWorker: make(chan target.ID, 16), cond: noThrottle, cpu: 1,
		workers: map[target.ID]context.Context{},
		notes:   make(chan note, 256),
	}

	// The first Do starts the browser; it must not have a deadline (that
	// would stop the browser), so it is bounded from outside.
	started := make(chan error, 1)
	go func() {
		started <- chromedp.Do(tabCtx, chromedp.EmulateViewport(viewportWidth, viewportHeight))
	}()
	select {
	case err = <-started:
	case <-time.After(90 * time.Second):
		err = fmt.Errorf("did not start within 90 s")
	}
	if err == nil {
		err = br.arm()
	}
	if err != nil {
		br.close()
		return nil, fmt.Errorf("chromium: %w\n%s", err, br.output())
	}
	return br, nil
}

// arm enables the network events, the binding and the probe, and starts
// watching for service workers.
func (br *browser) arm() error {
	if err := chromedp.Listen(br.ctx, br.rec.event); err != nil {
		return err
	}
	err := chromedp.Listen(br.ctx, func(ev any) {
		switch e := ev.(type) {
		case *runtime.EventExceptionThrown:
			br.keepConsole("exception: " + e.ExceptionDetails.Text + " " + describe(e.ExceptionDetails.Exception))
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeWarning {
				var parts []string
				for _, a := range e.Args {
					parts = append(parts, describe(a))
				}
				br.keepConsole(string(e.Type) + ": " + strings.Join(parts, " "))
			}
		}
		if e, ok := ev.(*runtime.EventBindingCalled); ok && e.Name == "__ffbenchNotify" {
			select {
			case br.notes <- note{e.Payload, time.Now()}:
			default: // nobody is reading: the oldest are drained before use
			}
		}
	})
	if err != nil {
		return err
	}
	err = chromedp.ListenBrowser(br.ctx, func(ev any) {
		var info *target.Info
		switch e := ev.(type) {
		case *target.EventTargetCreated:
			info = e.TargetInfo
		case *target.EventTargetInfoChanged:
			info = e.TargetInfo
		default:
			return
		}
		if info.Type == "service_worker" && strings.HasPrefix(info.URL, br.origin+"/") {
			select {
			case br.newWorker <- info.TargetID:
			default: // the watcher is behind; it gets this one from a later event
			}
		}
	})
	if err != nil {
		return err
	}
	go br.watchWorkers()
	return br.do(30*time.Second, func(ctx context.Context) error {
		if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		if _, err := chromedp.Call(ctx, runtime.AddBinding, runtime.AddBindingParams{Name: "__ffbenchNotify"}); err != nil {
			return err
		}
		_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: probeJS})
		return err
	})
}

// throttle sets the network conditions (of the tab and of its service
// workers) and the CPU slowdown (of the tab).
func (br *browser) throttle(n netConditions, cpu float64) error {
	br.applyMu.Lock()
	defer br.applyMu.Unlock()
	br.cond, br.cpu = n, cpu
	err := br.do(30*time.Second, func(ctx context.Context) error {
		if _, err := chromedp.Call(ctx, emulateNetworkConditions, n); err != nil {
			return fmt.Errorf("Network.emulateNetworkConditions: %w", err)
		}
		_, err := chromedp.Call(ctx, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: cpu})
		return err
	})
	if err != nil {
		return err
	}
	for id, wctx := range br.workers {
		if err := applyWorker(wctx, n); err != nil {
			// A worker the browser has stopped has gone for good.
			progress("  service worker %s: %v", id, err)
			delete(br.workers, id)
		}
	}
	return nil
}

// watchWorkers attaches to each new service worker of the test server,
// records its requests and gives it the current network conditions.
func (br *browser) watchWorkers() {
	for {
		var id target.ID
		select {
		case <-br.ctx.Done():
			return
		case id = <-br.newWorker:
		}
		br.applyMu.Lock()
		if _, ok := br.workers[id]; !ok {
			wctx, cancel := chromedp.NewContext(br.ctx, chromedp.WithTargetID(id))
			err := chromedp.Listen(wctx, br.swRec.event) // attaches
			if err == nil {
				err = applyWorker(wctx, br.cond)
			}
			if err == nil {
				br.workers[id] = wctx
				br.detach = append(br.detach, cancel)
			} else {
				cancel()
			}
		}
		br.applyMu.Unlock()
	}
}

func applyWorker(wctx context.Context, n netConditions) error {
	ctx, cancel := context.WithTimeout(wctx, 10*time.Second)
	defer cancel()
	_, err := chromedp.Call(ctx, emulateNetworkConditions, n)
	return err
}

// attachedWorkers is how many service workers carry the conditions.
func (br *browser) attachedWorkers() int {
	br.applyMu.Lock()
	defer br.applyMu.Unlock()
	return len(br.workers)
}

// do runs f against the tab with a deadline.
func (br *browser) do(limit time.Duration, f func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeout(br.ctx, limit)
	defer cancel()
	return f(ctx)
}

// eval evaluates a JavaScript expression (promises awaited) into T.
func eval[T any](br *browser, limit time.Duration, expr string) (T, error) {
	ctx, cancel := context.WithTimeout(br.ctx, limit)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// navigate opens url and waits for its load event.
func (br *browser) navigate(url string, limit time.Duration) error {
	return br.do(limit, func(ctx context.Context) error { return chromedp.Do(ctx, chromedp.Navigate(url)) })
}

func (br *browser) version() string {
	var v string
	br.do(10*time.Second, func(ctx context.Context) error {
		r, err := chromedp.Run(ctx, chromedp.Evaluate[string]("navigator.userAgent"))
		v = r
		return err
	})
	return v
}

// close stops the browser and waits for it to exit.
func (br *browser) close() {
	br.cancel()
	for _, c := range br.detach {
		c()
	}
	br.allocCancel()
	os.RemoveAll(br.tmp)
}

// output is Chromium's own output without the noise of a machine without
// D-Bus.
func (br *browser) output() string {
	var keep []string
	for _, line := range strings.Split(strings.TrimSpace(br.out.String()), "\n") {
		if !strings.Contains(line, ":ERROR:dbus/") && !strings.Contains(line, "unexpected operator") {
			keep = append(keep, line)
		}
	}
	return strings.Join(keep, "\n")
}

// recorder sums what the tab's documents fetch, from the network events.
type recorder struct {
	origin string

	mu         sync.Mutex
	requests   int
	finished   int
	failed     []string
	bytes      int64 // encodedDataLength of the finished responses
	cached     int   // responses from the HTTP cache or the service worker
	thirdParty []string
	atReady    *transfer // the sums when the probe said ready
}

// transfer is what the recorder had summed at one moment.
type transfer struct {
	Bytes    int64
	Requests int
	Finished int
}

func newRecorder(origin string) *recorder { return &recorder{origin: origin} }

func (r *recorder) reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.requests, r.finished, r.bytes, r.cached = 0, 0, 0, 0
	r.failed, r.thirdParty, r.atReady = nil, nil, nil
}

// event runs on chromedp's reading goroutine: it must be quick.
func (r *recorder) event(ev any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch e := ev.(type) {
	case *network.EventRequestWillBeSent:
		r.requests++
		if u := e.Request.URL; !r.sameOrigin(u) {
			r.thirdParty = append(r.thirdParty, u)
		}
	case *network.EventResponseReceived:
		if e.Response.FromDiskCache || e.Response.FromServiceWorker || e.Response.FromPrefetchCache {
			r.cached++
		}
	case *network.EventLoadingFinished:
		r.finished++
		r.bytes += int64(e.EncodedDataLength)
	case *network.EventLoadingFailed:
		r.failed = append(r.failed, e.ErrorText)
	case *runtime.EventBindingCalled:
		if e.Name == "__ffbenchNotify" && e.Payload == "ready" && r.atReady == nil {
			r.atReady = &transfer{Bytes: r.bytes, Requests: r.requests, Finished: r.finished}
		}
	}
}

// sameOrigin says whether a request stays on the test server. data: and
// blob: URLs are no requests to anyone.
func (r *recorder) sameOrigin(raw string) bool {
	if strings.HasPrefix(raw, "data:") || strings.HasPrefix(raw, "blob:") {
		return true
	}
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	return u.Scheme+"://"+u.Host == r.origin
}

// snapshot is what the recorder holds now.
func (r *recorder) snapshot() (now transfer, atReady *transfer, cached int, failed, thirdParty []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now = transfer{Bytes: r.bytes, Requests: r.requests, Finished: r.finished}
	if r.atReady != nil {
		c := *r.atReady
		atReady = &c
	}
	return now, atReady, r.cached, append([]string(nil), r.failed...), append([]string(nil), r.thirdParty...)
}
