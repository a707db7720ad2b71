package main

import (
	"context"
	"fmt"
	"time"
)

// Transitions is section 3: click → the next step on screen, in a warm,
// unthrottled page.
type Transitions struct {
	Load     string  `json:"loadavg"`
	Noisy    bool    `json:"noisy"`
	Count    int     `json:"count"`
	P50      float64 `json:"p50_ms"`
	P95      float64 `json:"p95_ms"`
	Max      float64 `json:"max_ms"`
	Mean     float64 `json:"mean_ms"`
	Restarts int     `json:"restarts"`
	// Work is the part of each change that is the page's own: from
	// go-app's render (the wasm's "render" mark) to the end of that frame's
	// task (the step attribute's mutation record is delivered after it).
	// The rest is waiting: for go-app's 120 Hz frame timer before, for the
	// display's frame after.
	WorkP50     float64   `json:"work_p50_ms"`
	WorkP95     float64   `json:"work_p95_ms"`
	WorkSamples []float64 `json:"work_samples_ms"`
	Samples     []float64 `json:"samples_ms"`
	Steps       []string  `json:"steps"` // from→to of each sample
}

// transitionJS clicks a choice of the current step (the first, or the last
// when %v is true) and measures, in the page, from just before the click
// until <html data-fixflow-step> names another step and one animation frame
// has passed. A step without choices (an outcome) answers {outcome: true}.
const transitionJS = `(async (last) => {
  const html = document.documentElement;
  const choices = document.querySelectorAll("#ff-root a.ff-choice");
  const from = html.dataset.fixflowStep || "";
  if (choices.length === 0) return { outcome: true, from, to: from, ms: 0 };
  const a = choices[last ? choices.length - 1 : 0];
  let mo, timer, done = 0;
  const changed = new Promise((resolve, reject) => {
    mo = new MutationObserver(() => {
      if (html.dataset.fixflowStep !== from) { done = performance.now(); resolve(); }
    });
    mo.observe(html, { attributes: true, attributeFilter: ["data-fixflow-step"] });
    timer = setTimeout(() => reject(new Error("the step did not change within 10 s of a click on " + from)), 10000);
  });
  const t0 = performance.now();
  a.click();
  try {
    await changed;
  } finally {
    mo.disconnect();
    clearTimeout(timer);
  }
  await new Promise((resolve) => requestAnimationFrame(() => resolve()));
  const ms = performance.now() - t0;
  const render = performance.getEntriesByName("render", "mark").find((m) => m.startTime >= t0);
  return { outcome: false, from, to: html.dataset.fixflowStep, ms, work: render ? done - render.startTime : -1 };
})(%v)`

// restartJS clicks Start over on an outcome and waits for a step with
// choices.
const restartJS = `(async () => {
  const html = document.documentElement;
  const from = html.dataset.fixflowStep || "";
  const restart = document.querySelector("#ff-root a.ff-restart");
  if (!restart) throw new Error("no a.ff-restart on " + from);
  restart.click();
  const t0 = performance.now();
  while (html.dataset.fixflowStep === from || !document.querySelector("#ff-root a.ff-choice")) {
    if (performance.now() - t0 > 10000) throw new Error("Start over did not leave " + from + " within 10 s");
    await new Promise((resolve) => requestAnimationFrame(() => resolve()));
  }
  return html.dataset.fixflowStep;
})()`

// stepShownJS says whether the wasm shows a step with choices.
const stepShownJS = `!!(document.documentElement.dataset.fixflowStep && document.querySelector("#ff-root a.ff-choice"))`

type transitionResult struct {
	Outcome bool    `json:"outcome"`
	From    string  `json:"from"`
	To      string  `json:"to"`
	MS      float64 `json:"ms"`
	Work    float64 `json:"work"` // -1: no render mark
}

// transitions walks the guide by clicking, alternating the first and the
// last choice, and starts over at each outcome (not timed).
func (b *bench) transitions(ctx context.Context, br *browser, url string) error {
	if _, err := br.load(url); err != nil {
		return err
	}
	// The wasm starts at the first tap (or at once where the bench chose
	// so); the transitions are the wasm's: start it, and wait for its first
	// step.
	if _, err := eval[bool](br, 10*time.Second, `(window.fixflowStart && window.fixflowStart(), true)`); err != nil {
		return err
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		ok, err := eval[bool](br, 10*time.Second, stepShownJS)
		if err == nil && ok {
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the wasm showed no step with choices within 30 s (%v)", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	t := &b.res.Transitions
	t.Load = loadAvg1()
	t.Noisy = noisy(t.Load)
	for i := 0; len(t.Samples) < b.cfg.transitions; i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		if i > 4*b.cfg.transitions {
			return fmt.Errorf("only %d transitions in %d tries", len(t.Samples), i)
		}
		// Alternate the first and the last choice; each start over shifts
		// the alternation, so that one walk differs from the one before.
		last := (len(t.Samples)+t.Restarts)%2 == 1
		r, err := eval[transitionResult](br, 30*time.Second, fmt.Sprintf(transitionJS, last))
		if err != nil {
			return fmt.Errorf("transition %d: %w", len(t.Samples)+1, err)
		}
		if r.Outcome {
			if _, err := eval[string](br, 30*time.Second, restartJS); err != nil {
				return fmt.Errorf("start over from %s: %w", r.From, err)
			}
			t.Restarts++
			continue
		}
		t.Samples = append(t.Samples, r.MS)
		if r.Work >= 0 {
			t.WorkSamples = append(t.WorkSamples, r.Work)
		}
		t.Steps = append(t.Steps, r.From+"→"+r.To)
	}
	t.Count = len(t.Samples)
	t.P50, t.P95, t.Max = percentile(t.Samples, 50), percentile(t.Samples, 95), percentile(t.Samples, 100)
	t.Mean = mean(t.Samples)
	if len(t.WorkSamples) > 0 {
		t.WorkP50, t.WorkP95 = percentile(t.WorkSamples, 50), percentile(t.WorkSamples, 95)
	}
	progress("  %d transitions: p50 %.1f ms, p95 %.1f ms, max %.1f ms (%d restarts); the page's work p50 %.1f ms, p95 %.1f ms (%d marked)",
		t.Count, t.P50, t.P95, t.Max, t.Restarts, t.WorkP50, t.WorkP95, len(t.WorkSamples))
	return nil
}
