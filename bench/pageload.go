package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/chromedp/chromedp"
)

// LoadRun is one page load, times in milliseconds from navigation start.
type LoadRun struct {
	FCP       float64 `json:"fcp_ms"`
	Clickable float64 `json:"clickable_ms"`
	// Ready: the wasm has taken over (-1: it waits for a tap, the page's
	// default); Armed: the wasm is compiled and takes over at the first tap.
	Ready float64 `json:"ready_ms"`
	Armed float64 `json:"armed_ms"`
	Load  string  `json:"loadavg"`
	// What the page's own requests cost until the wasm was ready (the sum
	// of Network.loadingFinished's encodedDataLength), and what came from
	// the HTTP cache or the service worker.
	TransferBytes int64    `json:"transfer_bytes"`
	Requests      int      `json:"requests"`
	FromCache     int      `json:"from_cache_or_worker"`
	Failed        []string `json:"failed,omitempty"`
	ThirdParty    []string `json:"third_party,omitempty"`
	// The service worker's own requests (the bench attaches to it when it
	// appears, so a first few may be missed): until ready, and on a cold
	// load until its install had put the wasm in its cache.
	WorkerBytes         int64 `json:"worker_transfer_bytes"`
	WorkerPrecacheBytes int64 `json:"worker_precache_bytes,omitempty"`
	WorkerPrecacheMs    int64 `json:"worker_precache_ms,omitempty"`
}

// LoadKind is the runs of one kind of load and their medians.
type LoadKind struct {
	Runs          []LoadRun `json:"runs"`
	FCP           float64   `json:"fcp_ms_median"`
	Clickable     float64   `json:"clickable_ms_median"`
	Ready         float64   `json:"ready_ms_median"`
	Armed         float64   `json:"armed_ms_median"`
	TransferBytes float64   `json:"transfer_bytes_median"`
	Noisy         bool      `json:"noisy"` // a run at load average > 1.5
}

// PageLoads is section 2: cold, warm and offline-warm loads of /.
type PageLoads struct {
	Conditions  string   `json:"conditions"`
	Cold        LoadKind `json:"cold"`
	Warm        LoadKind `json:"warm"`
	OfflineWarm LoadKind `json:"offline_warm"`
	// FirstVisitTransfer is the cold loads' median transfer until ready;
	// WorkerPrecache what the service worker fetched besides, to install.
	FirstVisitTransfer float64 `json:"first_visit_transfer_bytes"`
	WorkerPrecache     float64 `json:"first_visit_worker_precache_bytes"`
	ThirdParty         int     `json:"third_party_requests"`
	// WorkerPrimed says the warm runs started with the service worker in
	// control and the wasm in its cache; OfflineCheck is what a fetch of
	// /healthz through the worker gave while offline ("offline" proves
	// the worker's own fetches were offline too).
	WorkerPrimed string `json:"worker_primed"`
	OfflineCheck string `json:"offline_check"`
}

func (k *LoadKind) add(r LoadRun) {
	k.Runs = append(k.Runs, r)
	var fcp, click, ready, armed, bytes []float64
	for _, r := range k.Runs {
		fcp, click, ready = append(fcp, r.FCP), append(click, r.Clickable), append(ready, r.Ready)
		armed = append(armed, r.Armed)
		bytes = append(bytes, float64(r.TransferBytes))
		k.Noisy = k.Noisy || noisy(r.Load)
	}
	k.FCP, k.Clickable, k.Ready, k.TransferBytes = median(fcp), median(click), median(ready), median(bytes)
	k.Armed = median(armed)
}

// probeState is what probeJS and the paint timing hold; -1 is not yet.
type probeState struct {
	FCP       float64 `json:"fcp"`
	Clickable float64 `json:"clickable"`
	Ready     float64 `json:"ready"`
	Armed     float64 `json:"armed"`
}

const probeStateJS = `(() => {
  const r = window.__ffbench;
  const p = performance.getEntriesByName("first-contentful-paint")[0];
  return {
    fcp: p ? p.startTime : -1,
    clickable: r && r.clickable !== null ? r.clickable : -1,
    ready: r && r.ready !== null ? r.ready : -1,
    armed: r && r.armed !== null ? r.armed : -1,
  };
})()`

// workerJS says "ok" once the service worker controls the page and a
// fixflow-* cache holds the wasm, else what is missing.
const workerJS = `(async () => {
  if (!navigator.serviceWorker || !navigator.serviceWorker.controller) return "no controller";
` + cachedWasmJS

// installedJS says "ok" once a fixflow-* cache holds the wasm.
const installedJS = `(async () => {
` + cachedWasmJS

const cachedWasmJS = `  const keys = (await caches.keys()).filter((k) => k.startsWith("fixflow-"));
  if (keys.length === 0) return "no fixflow-* cache";
  for (const k of keys) {
    const c = await caches.open(k);
    for (const req of await c.keys()) {
      if (/\/app(\.[A-Za-z0-9_-]+)?\.wasm$/.test(new URL(req.url).pathname)) return "ok";
    }
  }
  return "no wasm in " + keys.join(", ");
})()`

// offlineCheckJS fetches a URL the worker has not cached: the worker passes
// it to the network, which must be offline too.
const offlineCheckJS = `fetch("/healthz?bench=" + Date.now(), { cache: "no-store" }).then((r) => "online: HTTP " + r.status, () => "offline")`

// pageLoads runs the cold loads (a fresh browser each), then in one browser
// the warm and the offline-warm loads and, unthrottled, the transitions.
func (b *bench) pageLoads(ctx context.Context) error {
	pl := &b.res.PageLoads
	pl.Conditions = fmt.Sprintf("%.0f B/s down, %.0f B/s up, %.0f ms latency, CPU %dx slower",
		slowNetwork.DownloadThroughput, slowNetwork.UploadThroughput, slowNetwork.Latency, slowCPU)
	home := b.fixflow + "/"
	for i := 0; i < b.cfg.runs; i++ {
		r, err := b.coldLoad(ctx, home)
		if err != nil {
			return fmt.Errorf("cold load %d: %w", i+1, err)
		}
		pl.Cold.add(r)
		progress("  cold %d/%d: FCP %.0f ms, clickable %.0f ms, ready %.0f ms, armed %.0f ms, %d B (worker: %d B, installed after %d ms)",
			i+1, b.cfg.runs, r.FCP, r.Clickable, r.Ready, r.Armed, r.TransferBytes, r.WorkerPrecacheBytes, r.WorkerPrecacheMs)
	}
	var transfers, precache []float64
	for _, r := range pl.Cold.Runs {
		transfers = append(transfers, float64(r.TransferBytes))
		precache = append(precache, float64(r.WorkerPrecacheBytes))
	}
	pl.FirstVisitTransfer, pl.WorkerPrecache = median(transfers), median(precache)

	br, err := b.startBrowser(ctx, b.fixflow)
	if err != nil {
		return err
	}
	defer br.close()
	// The page loads time the wasm's takeover, so it starts at once here
	// (as it did before it waited for a tap); when it would be compiled
	// and waiting (armed) is recorded beside. The taps section loads the
	// page as it is.
	if err := br.setBootPolicy("load"); err != nil {
		return err
	}
	if b.res.Env.ChromiumUA == "" {
		b.res.Env.ChromiumUA = br.version()
	}
	if err := b.primeWorker(ctx, br, home); err != nil {
		return err
	}
	if err := br.throttle(slowNetwork, slowCPU); err != nil {
		return err
	}
	for i := 0; i < b.cfg.runs; i++ {
		r, err := br.revisit(home)
		if err != nil {
			return fmt.Errorf("warm load %d: %w", i+1, err)
		}
		pl.Warm.add(r)
		progress("  warm %d/%d: FCP %.0f ms, clickable %.0f ms, ready %.0f ms, armed %.0f ms, %d B, load %s", i+1, b.cfg.runs, r.FCP, r.Clickable, r.Ready, r.Armed, r.TransferBytes, r.Load)
	}
	offline := slowNetwork
	offline.Offline = true
	if err := br.throttle(offline, slowCPU); err != nil {
		return err
	}
	for i := 0; i < b.cfg.runs; i++ {
		r, err := br.revisit(home)
		if err != nil {
			return fmt.Errorf("offline-warm load %d: %w", i+1, err)
		}
		pl.OfflineWarm.add(r)
		progress("  offline-warm %d/%d: FCP %.0f ms, clickable %.0f ms, ready %.0f ms, armed %.0f ms, %d B, load %s", i+1, b.cfg.runs, r.FCP, r.Clickable, r.Ready, r.Armed, r.TransferBytes, r.Load)
	}
	if pl.OfflineCheck, err = eval[string](br, 30*time.Second, offlineCheckJS); err != nil {
		pl.OfflineCheck = "error: " + err.Error()
	}
	for _, k := range []*LoadKind{&pl.Cold, &pl.Warm, &pl.OfflineWarm} {
		for _, r := range k.Runs {
			pl.ThirdParty += len(r.ThirdParty)
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}

	progress("transitions…")
	if err := br.throttle(noThrottle, 1); err != nil {
		return err
	}
	return b.transitions(ctx, br, home)
}

// coldLoad is a first visit: a new browser, an empty profile.
func (b *bench) coldLoad(ctx context.Context, url string) (LoadRun, error) {
	br, err := b.startBrowser(ctx, b.fixflow)
	if err != nil {
		return LoadRun{}, err
	}
	defer br.close()
	if err := br.setBootPolicy("load"); err != nil {
		return LoadRun{}, err
	}
	if b.res.Env.ChromiumUA == "" {
		b.res.Env.ChromiumUA = br.version()
	}
	if err := br.throttle(slowNetwork, slowCPU); err != nil {
		return LoadRun{}, err
	}
	start := time.Now()
	r, err := br.load(url)
	if err != nil {
		return r, err
	}
	// The rest of the first visit: the worker's install, still throttled.
	deadline := time.Now().Add(90 * time.Second)
	for {
		state, err := eval[string](br, 10*time.Second, installedJS)
		if err == nil && state == "ok" {
			break
		}
		if time.Now().After(deadline) {
			return r, fmt.Errorf("the service worker did not install within 90 s of ready: %s %v", state, err)
		}
		if err := sleep(ctx, 100*time.Millisecond); err != nil {
			return r, err
		}
	}
	r.WorkerPrecacheMs = time.Since(start).Milliseconds()
	sw, _, _, _, _ := br.swRec.snapshot()
	r.WorkerPrecacheBytes = sw.Bytes
	return r, nil
}

// primeWorker makes the second visit a warm one: a first visit and a
// reload, unthrottled, then it waits until the service worker controls the
// page and its cache holds the wasm.
func (b *bench) primeWorker(ctx context.Context, br *browser, url string) error {
	if err := br.throttle(noThrottle, 1); err != nil {
		return err
	}
	if _, err := br.load(url); err != nil {
		return fmt.Errorf("first visit: %w", err)
	}
	if _, err := br.loadAfter(chromedp.Reload(), url); err != nil {
		return fmt.Errorf("reload: %w", err)
	}
	deadline := time.Now().Add(60 * time.Second)
	// A worker that finished installing after the reload began controls
	// the page only once it claims it, and the bench attaches to it only
	// once it runs: a page still without either after 15 s is loaded again.
	again := time.Now().Add(15 * time.Second)
	for {
		state, err := eval[string](br, 10*time.Second, workerJS)
		if err == nil && state == "ok" && br.attachedWorkers() > 0 {
			b.res.PageLoads.WorkerPrimed = "ok"
			return nil
		}
		if err == nil && state == "ok" {
			state = "the bench could not attach to the service worker"
		}
		if err != nil {
			state = err.Error()
		}
		if time.Now().After(deadline) {
			b.res.PageLoads.WorkerPrimed = state
			return fmt.Errorf("the service worker was not ready within 60 s: %s", state)
		}
		if time.Now().After(again) {
			again = time.Now().Add(15 * time.Second)
			progress("  the service worker is not ready after a reload (%s): loading the page again", state)
			if _, err := br.loadAfter(chromedp.Reload(), url); err != nil {
				return fmt.Errorf("reload: %w", err)
			}
			continue
		}
		if err := sleep(ctx, 250*time.Millisecond); err != nil {
			return err
		}
	}
}

// revisit loads url again as a new document in the same tab.
func (br *browser) revisit(url string) (LoadRun, error) {
	if err := br.navigate("about:blank", 30*time.Second); err != nil {
		return LoadRun{}, err
	}
	return br.load(url)
}

// load navigates to url and waits until the first paint, the first choice
// and the wasm are all there.
func (br *browser) load(url string) (LoadRun, error) {
	return br.loadAfter(chromedp.Navigate(url), url)
}

// loadAfter runs a navigation action (Navigate, Reload) and waits as load.
func (br *browser) loadAfter(nav chromedp.Action[chromedp.Void], url string) (LoadRun, error) {
	br.rec.reset()
	br.swRec.reset()
	start := time.Now()
	const limit = 120 * time.Second
	if err := br.do(limit, func(ctx context.Context) error { return chromedp.Do(ctx, nav) }); err != nil {
		return LoadRun{}, err
	}
	var st probeState
	var err error
	startsAtOnce, _ := eval[bool](br, 10*time.Second, `window.fixflowBoot === "load" || window.fixflowBoot === "idle"`)
	for {
		st, err = eval[probeState](br, 10*time.Second, probeStateJS)
		if err == nil && st.FCP >= 0 && st.Clickable >= 0 && (st.Ready >= 0 || st.Armed >= 0) {
			// Taken over, or compiled and waiting for a tap; a page that
			// starts its wasm at once is waited for.
			if st.Ready >= 0 || !startsAtOnce {
				break
			}
		}
		if time.Since(start) > limit {
			if err == nil {
				err = errors.New("still waiting")
			}
			return LoadRun{}, fmt.Errorf("%s not ready within %s (fcp %.0f, clickable %.0f, ready %.0f, armed %.0f): %w", url, limit, st.FCP, st.Clickable, st.Ready, st.Armed, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	now, atReady, cached, failed, third := br.rec.snapshot()
	t := now
	if atReady != nil {
		t = *atReady
	}
	sw, _, _, _, swThird := br.swRec.snapshot()
	return LoadRun{
		FCP: st.FCP, Clickable: st.Clickable, Ready: st.Ready, Armed: st.Armed, Load: loadAvg1(),
		TransferBytes: t.Bytes, Requests: t.Requests, FromCache: cached,
		Failed: failed, ThirdParty: append(third, swThird...),
		WorkerBytes: sw.Bytes,
	}, nil
}

func sleep(ctx context.Context, d time.Duration) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(d):
		return nil
	}
}
