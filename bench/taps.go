package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path"
	"strings"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"
)

// tapProbe is the part of probeJS that watches taps. For each click on the
// page (window, capture phase: before any of the page's own listeners) it
// keeps the event's timestamp — the input's creation, so the time the event
// waited behind a long task counts — and then looks at every animation
// frame until one shows a visible response:
//   - "step": #ff-root shows another step than when the tap came;
//   - "pending": the page marked the tapped control (or any control) as
//     busy (data-ff-pending or aria-busy="true"), the widget's "working on
//     it" state.
//
// ack is the time of that frame's callback minus the input's: click → the
// frame that shows the response (painted right after that frame's
// callbacks). A tap that
// replaces the document (a plain link) and shows nothing first is timed by
// the bench instead: until the new document's first paint. The Event
// Timing entry of the click (its duration is input → next paint after the
// handlers, whatever the paint shows) is kept beside it.
const tapProbe = `
  const busy = "[data-ff-pending], [aria-busy=true]";
  const stepOf = () => { const root = document.getElementById("ff-root"); return root ? root.getAttribute("data-step") : null; };
  window.addEventListener("click", (e) => {
    const a = e.target && e.target.closest ? e.target.closest("a, button") : null;
    const t = { ts: e.timeStamp, handled: performance.now(), from: stepOf(), href: a && a.getAttribute("href"), ack: null, kind: null, et: null };
    r.taps.push(t);
    const check = () => {
      const now = performance.now();
      let kind = null;
      if (stepOf() !== t.from) kind = "step";
      else if (document.querySelector(busy)) kind = "pending";
      if (kind) {
        t.ack = now - t.ts; t.kind = kind;
        notify("tap " + JSON.stringify(t));
        return;
      }
      if (now - t.ts > 15000) { notify("tap " + JSON.stringify(t)); return; }
      requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  }, true);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.name !== "click") continue;
      notify("tapet " + JSON.stringify({ ts: e.startTime, duration: e.duration, delay: e.processingStart - e.startTime }));
    }
  }).observe({ type: "event", durationThreshold: 16, buffered: true });
`

// Tap is one tap during a load: when it came (ms after the first
// contentful paint) and what it got.
type Tap struct {
	Kind     string  `json:"load"`      // cold, warm, offline-warm
	AfterFCP float64 `json:"after_fcp"` // ms, as asked
	// AckMS is input → the first frame that shows a response; AckKind says
	// which: "step" (the next step drawn in place), "pending" (the control
	// marked busy), "new page" (a plain navigation, timed to the new
	// document's first paint), "" (none within 15 s).
	AckMS   float64 `json:"ack_ms"`
	AckKind string  `json:"ack_kind"`
	// EventMS is the click's Event Timing duration (input → next paint),
	// when it was 16 ms or more (shorter ones are not reported).
	EventMS float64 `json:"event_timing_ms,omitempty"`
	// Reached: the step the tap chose was on screen within 20 s (a tap
	// that never gets there is lost).
	Reached bool    `json:"reached"`
	ReachMS float64 `json:"reached_ms"` // input → the chosen step on screen (bench's clock)
	// WasmBefore: the wasm had taken over before the tap.
	WasmBefore bool   `json:"wasm_before"`
	Load       string `json:"loadavg"`
	// Console is what the page logged as errors, for a tap that got lost.
	Console []string `json:"console,omitempty"`
}

// TapSummary is the taps of one kind of load.
type TapSummary struct {
	Taps    []Tap   `json:"taps"`
	Lost    int     `json:"lost"`
	MaxAck  float64 `json:"max_ack_ms"`
	Over200 int     `json:"over_200ms"`
	Noisy   bool    `json:"noisy"` // a tap ran at load average > 1.5
}

// Taps is section: a tap at FCP + each offset of a cold, a warm and an
// offline-warm load, at 4× CPU on the slow network.
type Taps struct {
	Policy      string      `json:"boot_policy"` // the page's default unless the bench chose one
	Cold        TapSummary  `json:"cold"`
	Warm        TapSummary  `json:"warm"`
	OfflineWarm TapSummary  `json:"offline_warm"`
	All         *TapSummary `json:"all"`
}

// The offsets run through the boot: a cold load's wasm arrives after about
// 8 s on the slow network; a warm one is compiled 0.5 to 1 s after the
// first paint.
var (
	coldTapOffsets = []float64{100, 300, 600, 1000, 2000, 5000, 8000, 9000}
	warmTapOffsets = []float64{100, 300, 500, 700, 900, 1200, 1600, 2500}
)

func (s *TapSummary) add(t Tap) {
	s.Taps = append(s.Taps, t)
	if !t.Reached {
		s.Lost++
	}
	if t.AckKind == "" || t.AckMS > 200 {
		s.Over200++
	}
	if t.AckKind != "" && t.AckMS > s.MaxAck {
		s.MaxAck = t.AckMS
	}
	if noisy(t.Load) {
		s.Noisy = true
	}
}

// tapLoads runs the taps: cold loads each in a new browser, the warm and
// offline-warm ones in one primed browser.
func (b *bench) tapLoads(ctx context.Context) error {
	tp := &b.res.Taps
	tp.Policy = "page default"
	// For comparing the ways to start the wasm: BENCH_BOOT_POLICY=load,
	// idle or tap sets window.fixflowBoot in the tapped pages.
	policy := os.Getenv("BENCH_BOOT_POLICY")
	if policy != "" {
		tp.Policy = policy
	}
	home := b.fixflow + "/"
	offsets := coldTapOffsets
	if b.cfg.quick {
		offsets = []float64{300, 2000}
	}
	// BENCH_TAP_OFFSETS=700,1200 taps warm and offline-warm loads at these
	// offsets only (no cold ones): for looking into one moment.
	var only []float64
	for _, f := range strings.Split(os.Getenv("BENCH_TAP_OFFSETS"), ",") {
		var v float64
		if _, err := fmt.Sscan(f, &v); err == nil {
			only = append(only, v)
		}
	}
	if only != nil {
		offsets = nil
	}
	for _, off := range offsets {
		br, err := b.startBrowser(ctx, b.fixflow)
		if err != nil {
			return err
		}
		err = br.setBootPolicy(policy)
		if err == nil {
			err = br.throttle(slowNetwork, slowCPU)
		}
		var t Tap
		if err == nil {
			t, err = br.tapDuring(ctx, home, off)
		}
		br.close()
		if err != nil {
			return fmt.Errorf("cold tap at FCP+%.0f ms: %w", off, err)
		}
		t.Kind = "cold"
		tp.Cold.add(t)
		logTap(t)
	}

	br, err := b.startBrowser(ctx, b.fixflow)
	if err != nil {
		return err
	}
	defer br.close()
	if err := b.primeWorker(ctx, br, home); err != nil {
		return err
	}
	if err := br.setBootPolicy(policy); err != nil {
		return err
	}
	offsets = warmTapOffsets
	if b.cfg.quick {
		offsets = []float64{300, 1000}
	}
	if only != nil {
		offsets = only
	}
	for _, kind := range []string{"warm", "offline-warm"} {
		n := slowNetwork
		n.Offline = kind == "offline-warm"
		if err := br.throttle(n, slowCPU); err != nil {
			return err
		}
		for _, off := range offsets {
			if err := br.navigate("about:blank", 30*time.Second); err != nil {
				return err
			}
			// The walk the last tap started is kept on this device, and
			// "/" would resume it: each tap starts from the first step.
			if err := br.do(10*time.Second, func(ctx context.Context) error {
				_, err := chromedp.Call(ctx, storage.ClearDataForOrigin, storage.ClearDataForOriginParams{Origin: b.fixflow, StorageTypes: "local_storage"})
				return err
			}); err != nil {
				return err
			}
			t, err := br.tapDuring(ctx, home, off)
			if err != nil {
				return fmt.Errorf("%s tap at FCP+%.0f ms: %w", kind, off, err)
			}
			t.Kind = kind
			map[string]*TapSummary{"warm": &tp.Warm, "offline-warm": &tp.OfflineWarm}[kind].add(t)
			logTap(t)
		}
	}
	all := &TapSummary{}
	for _, s := range []*TapSummary{&tp.Cold, &tp.Warm, &tp.OfflineWarm} {
		for _, t := range s.Taps {
			all.add(t)
		}
	}
	tp.All = all
	return br.throttle(noThrottle, 1)
}

func logTap(t Tap) {
	for _, c := range t.Console {
		progress("    console: %s", c)
	}
	progress("  %s tap at FCP+%.0f ms: %s in %.0f ms (event timing %.0f ms), chosen step reached: %v after %.0f ms, wasm before: %v, load %s",
		t.Kind, t.AfterFCP, orDash(t.AckKind), t.AckMS, t.EventMS, t.Reached, t.ReachMS, t.WasmBefore, t.Load)
}

// tapReport is what tapProbe sends about one tap.
type tapReport struct {
	TS   float64  `json:"ts"`
	Ack  *float64 `json:"ack"`
	Kind *string  `json:"kind"`
}

// tapDuring loads url, taps the first choice at its first contentful paint
// + after ms with a real mouse click (Input.dispatchMouseEvent: it queues
// behind the page's tasks as a finger's would), and waits for the response
// and for the chosen step.
func (br *browser) tapDuring(ctx context.Context, url string, after float64) (Tap, error) {
	t := Tap{AfterFCP: after}
	br.drainNotes()
	br.takeConsole()
	navDone := make(chan error, 1)
	go func() {
		navDone <- br.do(120*time.Second, func(ctx context.Context) error { return chromedp.Do(ctx, chromedp.Navigate(url)) })
	}()
	// The first paint, and where the first choice is.
	var target struct {
		X, Y float64
		Href string
	}
	var fcpAt time.Time
	deadline := time.After(120 * time.Second)
	for fcpAt.IsZero() {
		select {
		case n := <-br.notes:
			if rest, ok := strings.CutPrefix(n.payload, "fcp "); ok {
				if err := json.Unmarshal([]byte(rest), &target); err != nil || target.Href == "" {
					return t, fmt.Errorf("no choice at the first paint: %s", rest)
				}
				fcpAt = n.at
			}
		case err := <-navDone:
			if err != nil {
				return t, err
			}
			navDone = nil
		case <-deadline:
			return t, fmt.Errorf("no first paint within 120 s")
		case <-ctx.Done():
			return t, ctx.Err()
		}
	}
	if err := sleep(ctx, time.Until(fcpAt.Add(time.Duration(after*float64(time.Millisecond))))); err != nil {
		return t, err
	}
	t.Load = loadAvg1()
	wasm, _ := eval[bool](br, 2*time.Second, `document.documentElement.hasAttribute("data-fixflow-ready")`)
	t.WasmBefore = wasm
	// The click: pressed and released where the choice was painted. The
	// calls return when the renderer took the events, which a long task
	// delays: they are not waited for here.
	tapAt := time.Now()
	go br.do(60*time.Second, func(ctx context.Context) error {
		for _, typ := range []input.DispatchMouseEventType{input.DispatchMouseEventTypeMousePressed, input.DispatchMouseEventTypeMouseReleased} {
			if _, err := chromedp.Call(ctx, input.DispatchMouseEvent, input.DispatchMouseEventParams{
				Type: typ, X: target.X, Y: target.Y, Button: input.MouseButtonLeft, ClickCount: 1,
			}); err != nil {
				return err
			}
		}
		return nil
	})
	want := stepOfHref(target.Href)
	// The response: the probe's report, or a new document's first paint.
	deadline = time.After(20 * time.Second)
	for t.AckKind == "" {
		var n note
		select {
		case n = <-br.notes:
		case <-deadline:
			return t, br.waitStep(ctx, want, tapAt, &t)
		case <-ctx.Done():
			return t, ctx.Err()
		}
		switch {
		case strings.HasPrefix(n.payload, "tap "):
			var r tapReport
			if err := json.Unmarshal([]byte(strings.TrimPrefix(n.payload, "tap ")), &r); err == nil && r.Ack != nil && r.Kind != nil {
				t.AckMS, t.AckKind = *r.Ack, *r.Kind
			}
		case strings.HasPrefix(n.payload, "tapet "):
			var e struct{ Duration float64 }
			if json.Unmarshal([]byte(strings.TrimPrefix(n.payload, "tapet ")), &e) == nil {
				t.EventMS = e.Duration
			}
		case strings.HasPrefix(n.payload, "fcp "):
			// A new document painted: the tap navigated.
			t.AckMS, t.AckKind = float64(n.at.Sub(tapAt).Microseconds())/1000, "new page"
		}
	}
	return t, br.waitStep(ctx, want, tapAt, &t)
}

// waitStep waits until #ff-root shows step want (in whatever document the
// tab holds), for 20 s from the tap.
func (br *browser) waitStep(ctx context.Context, want string, tapAt time.Time, t *Tap) error {
	for time.Since(tapAt) < 20*time.Second {
		got, err := eval[string](br, 5*time.Second, `(() => { const r = document.getElementById("ff-root"); return r ? r.getAttribute("data-step") || "" : ""; })()`)
		if err == nil && got == want {
			t.Reached, t.ReachMS = true, float64(time.Since(tapAt).Microseconds())/1000
			break
		}
		if err := sleep(ctx, 50*time.Millisecond); err != nil {
			return err
		}
	}
	if !t.Reached {
		t.Console = br.takeConsole()
		// Where the page ended up, to find where the tap went.
		where, _ := eval[string](br, 5*time.Second, `(() => { const h = document.documentElement, r = document.getElementById("ff-root"), p = document.querySelector("[data-ff-pending]"); return location.href + " step=" + (r && r.getAttribute("data-step")) + " boot=" + h.getAttribute("data-fixflow-boot") + " ready=" + h.hasAttribute("data-fixflow-ready") + " pending=" + (p ? p.outerHTML.slice(0, 120) : "none"); })()`)
		t.Console = append(t.Console, "lost: "+where)
	}
	// Let a late Event Timing report in.
	for {
		select {
		case n := <-br.notes:
			if rest, ok := strings.CutPrefix(n.payload, "tapet "); ok && t.EventMS == 0 {
				var e struct{ Duration float64 }
				if json.Unmarshal([]byte(rest), &e) == nil {
					t.EventMS = e.Duration
				}
			}
		default:
			return nil
		}
	}
}

// stepOfHref is the step a choice's link leads to: the last path segment.
func stepOfHref(href string) string {
	u, err := url.Parse(href)
	if err != nil {
		return ""
	}
	return path.Base(u.Path)
}

// loadAvg1 is the one-minute load average.
func loadAvg1() string {
	l, _, _ := strings.Cut(loadAvg(), " ")
	return l
}

// noisy says whether a run at this one-minute load average is marked
// noisy: above 1.5 on this 2-core machine another program had the CPU.
func noisy(load string) bool {
	var v float64
	if _, err := fmt.Sscan(load, &v); err != nil {
		return false
	}
	return v > 1.5
}
