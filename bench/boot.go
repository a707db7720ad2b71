package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// startBaseline serves the empty go-app app (bench/baseline, built by the
// sizes section with the widget's flags) with go-app's own handler: its
// page, app.js, wasm_exec.js and worker, unchanged. Its wasm is sent with
// brotli, as fixflow sends its own, so that both download alike.
func (b *bench) startBaseline(ctx context.Context) error {
	if b.baselineWasm == nil {
		return fmt.Errorf("the baseline wasm was not built (the sizes section failed)")
	}
	// go-app's handler writes a page only for a route it knows: the
	// baseline's one route, with the same empty component, for its
	// prerendering.
	app.Route("/", func() app.Composer { return &emptyCompo{} })
	// Its icons are the widget's: go-app's default ones are on another
	// host, which this machine cannot reach and the worker could not cache.
	h := &app.Handler{Name: "empty go-app app", Title: "empty go-app app", Icon: app.Icon{
		Default: "/web/icons/icon-192.png", Large: "/web/icons/icon-512.png", SVG: "/web/icons/icon.svg",
	}}
	mux := http.NewServeMux()
	mux.Handle("/web/icons/", http.StripPrefix("/web/", http.FileServer(http.Dir(b.web))))
	mux.HandleFunc("/web/app.wasm", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/wasm")
		w.Header().Set("Vary", "Accept-Encoding")
		body := b.baselineWasm
		if strings.Contains(r.Header.Get("Accept-Encoding"), "br") {
			w.Header().Set("Content-Encoding", "br")
			body = b.baselineBr
		}
		w.Header().Set("Content-Length", fmt.Sprint(len(body)))
		w.Write(body)
	})
	mux.Handle("/", h)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	b.closers = append(b.closers, func() { srv.Close() })
	b.baseline = "http://" + ln.Addr().String()
	progress("empty go-app app on %s", b.baseline)
	return ctx.Err()
}

// emptyCompo is bench/baseline's component, as the server prerenders it.
type emptyCompo struct{ app.Compo }

func (e *emptyCompo) Render() app.UI { return app.Div() }

// traceCategories are what the boot breakdown reads: the main thread's
// tasks, V8's wasm compilation, user timing marks and the paint timing.
var traceCategories = []string{
	"toplevel", "disabled-by-default-devtools.timeline", "devtools.timeline",
	"v8.wasm", "disabled-by-default-v8.wasm.detailed", "blink.user_timing", "loading",
}

// traceEvent is one event of a Chrome trace.
type traceEvent struct {
	Name string          `json:"name"`
	Cat  string          `json:"cat"`
	Ph   string          `json:"ph"`
	TS   float64         `json:"ts"`  // µs
	Dur  float64         `json:"dur"` // µs, wall
	TDur float64         `json:"tdur"`
	PID  int             `json:"pid"`
	TID  int             `json:"tid"`
	ID   string          `json:"id,omitempty"` // links a profile's chunks to it
	Args json.RawMessage `json:"args"`
}

// trace records a Chrome trace of the tab while f runs.
func (br *browser) trace(f func() error) ([]traceEvent, error) {
	var (
		mu     sync.Mutex
		events []traceEvent
		done   = make(chan struct{})
		once   sync.Once
	)
	lctx, stop := context.WithCancel(br.ctx)
	defer stop()
	chromedp.Listen(lctx, func(ev any) {
		switch e := ev.(type) {
		case *tracing.EventDataCollected:
			mu.Lock()
			for _, v := range e.Value {
				var te traceEvent
				if json.Unmarshal(v, &te) == nil {
					events = append(events, te)
				}
			}
			mu.Unlock()
		case *tracing.EventTracingComplete:
			once.Do(func() { close(done) })
		}
	})
	cats := traceCategories
	if os.Getenv("BENCH_TRACE_DIR") != "" {
		// For a look at where the boot's time goes: V8's sampling
		// profiler, by function (a wasm built without -s names them).
		cats = append(cats[:len(cats):len(cats)], "disabled-by-default-v8.cpu_profiler")
	}
	err := br.do(30*time.Second, func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, tracing.Start, tracing.StartParams{
			TransferMode: tracing.StartTransferModeReportEvents,
			TraceConfig:  &tracing.TraceConfig{RecordMode: tracing.TraceConfigRecordModeRecordAsMuchAsPossible, IncludedCategories: cats},
		})
		return err
	})
	if err != nil {
		return nil, err
	}
	ferr := f()
	err = br.do(30*time.Second, func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, tracing.End, struct{}{})
		return err
	})
	if err == nil {
		select {
		case <-done:
		case <-time.After(60 * time.Second):
			err = fmt.Errorf("the trace did not complete within 60 s")
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if ferr != nil {
		return events, ferr
	}
	return events, err
}

// BootRun is one boot, read from a trace: milliseconds of wall time unless
// said otherwise. The phases follow the marks of probeJS and of the Go side
// (components.Mark; bench/baseline sets the same): compile (streaming,
// mostly off the main thread), instantiate, Go runtime and package init
// (Go.run → main), guide decode (main → "boot:guides"; none in the empty
// app), go-app mount and first render (→ "boot:mounted"), and the work
// after it (→ "boot:ready", go-app's first frame with OnNav's deferred
// work).
type BootRun struct {
	Compile      float64 `json:"compile_ms"`
	Instantiate  float64 `json:"instantiate_ms"`
	RuntimeInit  float64 `json:"runtime_init_ms"`
	GuideDecode  float64 `json:"guide_decode_ms"`
	MountRender  float64 `json:"mount_first_render_ms"`
	After        float64 `json:"after_mount_ms"`
	TaskWall     float64 `json:"boot_task_wall_ms"` // the longest main-thread task of the boot
	TaskCPU      float64 `json:"boot_task_cpu_ms"`  // its thread time
	Tasks        int     `json:"boot_tasks"`        // the boot's tasks: Go.run's to "boot:ready"'s
	TotalWall    float64 `json:"boot_tasks_wall_ms"`
	TotalCPU     float64 `json:"boot_tasks_cpu_ms"`
	LazyCompiled int     `json:"lazy_compiled_functions"`
	LazyMS       float64 `json:"lazy_compile_ms"` // their compile time, on the main thread, in the boot task
	LongTasks    int     `json:"long_tasks"`      // main-thread tasks over 50 ms from FCP to the end of the boot
	Blocking     float64 `json:"blocking_ms"`     // their time over 50 ms (the trace's TBT)
	MaxTask      float64 `json:"max_task_ms"`     // the longest task after FCP
	Ready        float64 `json:"ready_ms"`        // "boot:ready", ms from navigation start
	Load         string  `json:"loadavg"`
}

// BootApp is the boots of one app and their medians.
type BootApp struct {
	Runs   []BootRun `json:"runs"`
	Median BootRun   `json:"median"`
	Noisy  bool      `json:"noisy"`
}

// BootPair is the boots of both apps under one condition, and the ratios
// of the widget's to the empty app's.
type BootPair struct {
	Fixflow   BootApp `json:"fixflow"`
	Baseline  BootApp `json:"baseline"`
	TaskRatio float64 `json:"boot_task_wall_ratio"` // longest boot task, wall
	CPURatio  float64 `json:"boot_tasks_cpu_ratio"` // all the boot's tasks, thread time
}

// Boot is the section: the boot breakdown of the widget (its wasm started
// as soon as it is compiled, as go-app starts the empty app's) and of the
// empty go-app app at 4× CPU on the slow network: cold (a new profile: no
// code cache, every function compiled lazily) and warm (the service
// worker's cache and the browser's code cache).
type Boot struct {
	Conditions string   `json:"conditions"`
	Cold       BootPair `json:"cold"`
	Warm       BootPair `json:"warm"`
}

func (p *BootPair) finish() {
	for _, a := range []*BootApp{&p.Fixflow, &p.Baseline} {
		a.Median = medianBoot(a.Runs)
		for _, r := range a.Runs {
			a.Noisy = a.Noisy || noisy(r.Load)
		}
	}
	if p.Baseline.Median.TaskWall > 0 {
		p.TaskRatio = p.Fixflow.Median.TaskWall / p.Baseline.Median.TaskWall
		p.CPURatio = p.Fixflow.Median.TotalCPU / p.Baseline.Median.TotalCPU
	}
}

// bootLoads traces cold and warm loads of both apps, alternating them so
// that the machine's load falls on both alike.
func (b *bench) bootLoads(ctx context.Context) error {
	bt := &b.res.Boot
	bt.Conditions = fmt.Sprintf("%s, CPU %dx slower; the widget's wasm started as soon as it is compiled (window.fixflowBoot = \"load\")", netString(slowNetwork), slowCPU)
	type app struct {
		name, origin string
		cold, warm   *BootApp
		br           *browser
	}
	apps := []*app{
		{name: "fixflow", origin: b.fixflow, cold: &bt.Cold.Fixflow, warm: &bt.Warm.Fixflow},
		{name: "empty go-app", origin: b.baseline, cold: &bt.Cold.Baseline, warm: &bt.Warm.Baseline},
	}
	one := func(br *browser, a *app, kind string, i, n int, res *BootApp) error {
		load := loadAvg1()
		var ready float64
		events, err := br.trace(func() error {
			var err error
			ready, err = br.loadUntilMark(a.origin + "/")
			return err
		})
		if err != nil {
			return fmt.Errorf("%s %s boot %d: %w", a.name, kind, i+1, err)
		}
		if dump := os.Getenv("BENCH_TRACE_DIR"); dump != "" {
			// For a look with Chromium's or Perfetto's trace viewer.
			raw, _ := json.Marshal(map[string]any{"traceEvents": events})
			os.WriteFile(filepath.Join(dump, fmt.Sprintf("boot-%s-%s-%d.json", strings.ReplaceAll(a.name, " ", "-"), kind, i+1)), raw, 0o644)
		}
		r, err := readBoot(events)
		if err != nil {
			return fmt.Errorf("%s %s boot %d: %w", a.name, kind, i+1, err)
		}
		r.Ready, r.Load = ready, load
		res.Runs = append(res.Runs, r)
		progress("  boot %s %s %d/%d: longest task %.0f ms wall / %.0f ms CPU; %d tasks %.0f ms wall / %.0f ms CPU; compile %.0f, instantiate %.0f, init %.0f, decode %.0f, mount+render %.0f, after %.0f; %d compiled lazily (%.0f ms); ready %.0f ms; load %s",
			a.name, kind, i+1, n, r.TaskWall, r.TaskCPU, r.Tasks, r.TotalWall, r.TotalCPU, r.Compile, r.Instantiate,
			r.RuntimeInit, r.GuideDecode, r.MountRender, r.After, r.LazyCompiled, r.LazyMS, r.Ready, load)
		return nil
	}

	coldRuns := 3
	if b.cfg.quick {
		coldRuns = 1
	}
	for i := 0; i < coldRuns; i++ {
		for _, a := range apps {
			br, err := b.startBrowser(ctx, a.origin)
			if err != nil {
				return err
			}
			err = br.setBootPolicy("load")
			if err == nil {
				err = br.throttle(slowNetwork, slowCPU)
			}
			if err == nil {
				err = one(br, a, "cold", i, coldRuns, a.cold)
			}
			br.close()
			if err != nil {
				return err
			}
		}
	}
	bt.Cold.finish()

	for _, a := range apps {
		br, err := b.startBrowser(ctx, a.origin)
		if err != nil {
			return err
		}
		defer br.close()
		a.br = br
		if err := br.setBootPolicy("load"); err != nil {
			return err
		}
		if err := primeAny(ctx, br, a.origin+"/"); err != nil {
			return fmt.Errorf("%s: %w", a.name, err)
		}
		if err := br.throttle(slowNetwork, slowCPU); err != nil {
			return err
		}
	}
	for i := 0; i < b.cfg.runs; i++ {
		for _, a := range apps {
			if err := a.br.navigate("about:blank", 30*time.Second); err != nil {
				return err
			}
			if err := one(a.br, a, "warm", i, b.cfg.runs, a.warm); err != nil {
				return err
			}
		}
	}
	bt.Warm.finish()
	return nil
}

// primeAny makes the next visits warm for either app: a visit and a
// reload, unthrottled, then until a service worker controls the page and a
// cache holds a wasm.
func primeAny(ctx context.Context, br *browser, url string) error {
	if err := br.throttle(noThrottle, 1); err != nil {
		return err
	}
	for i := 0; i < 2; i++ {
		if _, err := br.loadUntilMark(url); err != nil {
			return err
		}
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		state, err := eval[string](br, 10*time.Second, `(async () => {
  if (!navigator.serviceWorker || !navigator.serviceWorker.controller) return "no controller";
  for (const k of await caches.keys()) {
    for (const req of await (await caches.open(k)).keys()) if (/\.wasm$/.test(new URL(req.url).pathname)) return "ok";
  }
  return "no wasm cached";
})()`)
		if err == nil && state == "ok" {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("no service worker with the wasm within 60 s: %s %v", state, err)
		}
		if err := sleep(ctx, 250*time.Millisecond); err != nil {
			return err
		}
	}
}

// loadUntilMark opens url and waits for the "boot:ready" mark, and a
// little more so that the task that set it has ended; it returns the
// mark's time.
func (br *browser) loadUntilMark(url string) (float64, error) {
	if err := br.navigate(url, 120*time.Second); err != nil {
		return 0, err
	}
	start := time.Now()
	for {
		v, err := eval[float64](br, 10*time.Second, `window.__ffbench && window.__ffbench.bootReady !== null ? window.__ffbench.bootReady : -1`)
		if err == nil && v >= 0 {
			time.Sleep(300 * time.Millisecond)
			return v, nil
		}
		if time.Since(start) > 120*time.Second {
			return 0, fmt.Errorf("%s: no boot:ready mark within 120 s (%v)", url, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// readBoot splits one boot from its trace.
func readBoot(events []traceEvent) (BootRun, error) {
	var r BootRun
	marks := map[string]traceEvent{}
	for _, e := range events {
		if strings.HasPrefix(e.Name, "boot:") && strings.Contains(e.Cat, "user_timing") {
			if _, ok := marks[e.Name]; !ok {
				marks[e.Name] = e
			}
		}
	}
	run, ok := marks["boot:run"]
	if !ok {
		return r, fmt.Errorf("no boot:run mark in the trace (%d events)", len(events))
	}
	span := func(from, to string) float64 {
		a, ok1 := marks[from]
		b, ok2 := marks[to]
		if !ok1 || !ok2 {
			return 0
		}
		return (b.TS - a.TS) / 1000
	}
	r.Compile = span("boot:compile", "boot:compiled")
	r.Instantiate = span("boot:instantiate", "boot:instantiated")
	r.RuntimeInit = span("boot:run", "boot:main")
	// The widget yields to the browser after main's start and after the
	// guides; "boot:decode" and "boot:app" mark where it resumed, so that
	// no phase holds the time between two tasks.
	after := func(resumed, before string) string {
		if _, ok := marks[resumed]; ok {
			return resumed
		}
		return before
	}
	if _, ok := marks["boot:guides"]; ok {
		r.GuideDecode = span(after("boot:decode", "boot:main"), "boot:guides")
		r.MountRender = span(after("boot:app", "boot:guides"), "boot:mounted")
	} else {
		r.MountRender = span(after("boot:app", "boot:main"), "boot:mounted")
	}
	r.After = span("boot:mounted", "boot:ready")

	// The main thread is the one the marks were set on.
	pid, tid := run.PID, run.TID
	var tasks []traceEvent
	var fcp float64
	for _, e := range events {
		if e.PID != pid {
			continue
		}
		if e.Name == "firstContentfulPaint" && fcp == 0 {
			fcp = e.TS
		}
		if e.TID == tid && e.Ph == "X" && (e.Name == "RunTask" || e.Name == "ThreadControllerImpl::RunTask") {
			tasks = append(tasks, e)
		}
	}
	sort.Slice(tasks, func(i, j int) bool { return tasks[i].TS < tasks[j].TS })
	end := run.TS
	if m, ok := marks["boot:ready"]; ok {
		end = m.TS
	}
	// The boot's tasks: from the one that holds Go.run to the one that
	// holds "boot:ready". The longest is "the boot task".
	var first *traceEvent
	for i := range tasks {
		t := &tasks[i]
		if t.TS <= run.TS && run.TS <= t.TS+t.Dur && (first == nil || t.Dur > first.Dur) {
			first = t
		}
	}
	if first == nil {
		return r, fmt.Errorf("no main-thread task holds boot:run (%d tasks)", len(tasks))
	}
	var spans [][2]float64
	for _, t := range tasks {
		if t.TS < first.TS || t.TS > end || t.Dur == 0 {
			continue
		}
		if t.TS+t.Dur < first.TS+first.Dur && t.TS > first.TS {
			continue // nested in the first
		}
		r.Tasks++
		r.TotalWall += t.Dur / 1000
		r.TotalCPU += t.TDur / 1000
		if t.Dur/1000 > r.TaskWall {
			r.TaskWall, r.TaskCPU = t.Dur/1000, t.TDur/1000
		}
		spans = append(spans, [2]float64{t.TS, t.TS + t.Dur})
	}
	for _, t := range tasks {
		if t.TS+t.Dur < fcp || t.TS > end+50_000 || t.Dur == 0 {
			continue
		}
		d := t.Dur / 1000
		if d > r.MaxTask {
			r.MaxTask = d
		}
		if d > 50 {
			r.LongTasks++
			r.Blocking += d - 50
		}
	}
	for _, e := range events {
		if e.TID != tid || e.PID != pid || e.Name != "wasm.CompileLazy" {
			continue
		}
		for _, sp := range spans {
			if e.TS >= sp[0] && e.TS <= sp[1] {
				r.LazyCompiled++
				r.LazyMS += e.Dur / 1000
				break
			}
		}
	}
	return r, nil
}

// medianBoot is the median of each field.
func medianBoot(runs []BootRun) BootRun {
	var m BootRun
	if len(runs) == 0 {
		return m
	}
	col := func(f func(BootRun) float64) float64 {
		var xs []float64
		for _, r := range runs {
			xs = append(xs, f(r))
		}
		return median(xs)
	}
	m.Compile = col(func(r BootRun) float64 { return r.Compile })
	m.Instantiate = col(func(r BootRun) float64 { return r.Instantiate })
	m.RuntimeInit = col(func(r BootRun) float64 { return r.RuntimeInit })
	m.GuideDecode = col(func(r BootRun) float64 { return r.GuideDecode })
	m.MountRender = col(func(r BootRun) float64 { return r.MountRender })
	m.After = col(func(r BootRun) float64 { return r.After })
	m.TaskWall = col(func(r BootRun) float64 { return r.TaskWall })
	m.TaskCPU = col(func(r BootRun) float64 { return r.TaskCPU })
	m.Tasks = int(col(func(r BootRun) float64 { return float64(r.Tasks) }))
	m.TotalWall = col(func(r BootRun) float64 { return r.TotalWall })
	m.TotalCPU = col(func(r BootRun) float64 { return r.TotalCPU })
	m.LazyCompiled = int(col(func(r BootRun) float64 { return float64(r.LazyCompiled) }))
	m.LazyMS = col(func(r BootRun) float64 { return r.LazyMS })
	m.LongTasks = int(col(func(r BootRun) float64 { return float64(r.LongTasks) }))
	m.Blocking = col(func(r BootRun) float64 { return r.Blocking })
	m.MaxTask = col(func(r BootRun) float64 { return r.MaxTask })
	m.Ready = col(func(r BootRun) float64 { return r.Ready })
	return m
}

func netString(n netConditions) string {
	return fmt.Sprintf("%.0f B/s down, %.0f ms latency", n.DownloadThroughput, n.Latency)
}
