package browsertest

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// Page is one page of a real browser, as a test drives it: the same test
// code runs on Chromium (NewChromePage) and on WebKit (NewWebKitPage).
// Every method that takes a testing.TB fails the test (t.Fatal) with a
// message that names the browser, what was being done and what the page
// showed; call them from the test's goroutine. A Page is not safe for
// concurrent use.
//
// Waits are on conditions, never on time: WaitJS re-checks its condition
// in the page whenever the DOM changes (and every 25 ms, for what does not
// touch the DOM), across page loads.
type Page interface {
	// Name is the browser, like "chromium", and for a frame its selector,
	// like "webkit iframe#w1"; failures start with it.
	Name() string
	// Open loads url and waits for its load event. (In a frame, Open,
	// Reload and Back only start the navigation: wait for the new
	// document with WaitJS.)
	Open(t testing.TB, url string)
	// Reload reloads the page and waits for its load event.
	Reload(t testing.TB)
	// Back goes back one entry in the history and waits for the page.
	Back(t testing.TB)
	// Click waits until the first element that matches css is
	// actionable — displayed, scrolled into view, at rest (the same box
	// across two animation frames) and not covered at its centre — and clicks its
	// centre with the browser's own mouse input. It does not wait for what
	// the click does: wait for that with WaitJS.
	Click(t testing.TB, css string)
	// Key types into the focused element: text, and the Key* constants
	// (KeyTab, KeyEnter, ...); KeyShift+KeyTab is Shift+Tab.
	Key(t testing.TB, keys string)
	// Eval evaluates a JavaScript expression in the page, awaits it when
	// it is a promise, and returns its value decoded from JSON (nil, bool,
	// float64, string, []any, map[string]any). Unlike JS it returns the
	// error, for probes that run across a navigation.
	Eval(expr string) (any, error)
	// JS is Eval that fails the test on an error (after retrying for up to
	// 5 s while the page is between two documents).
	JS(t testing.TB, expr string) any
	// WaitJS waits until the expression is truthy and returns its value.
	// On timeout it fails the test naming what (like "step check-wifi"),
	// the expression, and its last value or error.
	WaitJS(t testing.TB, cond, what string, timeout time.Duration) any
	// Axe runs axe-core on the page (see AxeChrome) and returns the
	// violations.
	Axe(t testing.TB, opts ...AxeOption) []AxeViolation
	// Screenshot returns a PNG of the viewport (of the whole page, for a
	// frame).
	Screenshot(t testing.TB) []byte
	// Frame is the document of the iframe that css selects in this page:
	// Eval, JS, WaitJS, Click and Key run inside it. The iframe is looked
	// up again for each call, so the Frame survives its reloads.
	Frame(css string) Page
}

// Step bounds for the Page methods.
const (
	// ActionTimeout bounds one navigation, click, key press or evaluation.
	ActionTimeout = 30 * time.Second
	// evalRetry is how long JS retries an evaluation that fails while the
	// page is between two documents.
	evalRetry = 5 * time.Second
	// waitSlice is the longest one in-page wait of WaitJS lasts before Go
	// looks again (a page load in between ends it early).
	waitSlice = 5 * time.Second
)

// evaler is the one thing a browser must do for the shared Page methods.
type evaler interface {
	Name() string
	Eval(expr string) (any, error)
}

// jsRetry is Page.JS for any evaler.
func jsRetry(t testing.TB, p evaler, expr string) any {
	t.Helper()
	var v any
	var err error
	if _, werr := until(evalRetry, func() (bool, string) {
		v, err = p.Eval(expr)
		return err == nil, fmt.Sprint(err)
	}); werr != nil {
		t.Fatalf("%s: evaluating %s: %v", p.Name(), short(expr), err)
	}
	return v
}

// waitJS is Page.WaitJS for any evaler: an in-page wait of up to waitSlice
// (woken by DOM changes and a 25 ms timer), repeated from Go until timeout,
// so that a page load in between only costs one evaluation.
func waitJS(t testing.TB, p evaler, cond, what string, timeout time.Duration) any {
	t.Helper()
	start := time.Now()
	var (
		last    any
		lastErr error
	)
	for {
		left := timeout - time.Since(start)
		slice := min(left, waitSlice)
		if slice < 0 {
			slice = 0
		}
		v, err := p.Eval(waitScript(cond, slice))
		if err == nil {
			m, _ := v.(map[string]any)
			if m["ok"] == true {
				return m["v"]
			}
			last, lastErr = m["v"], nil
			if e, _ := m["e"].(string); e != "" {
				lastErr = fmt.Errorf("%s", e)
			}
		} else {
			lastErr = err
		}
		if time.Since(start) >= timeout {
			state := fmt.Sprintf("last value %s", jsonText(last))
			if lastErr != nil {
				state = "last error: " + lastErr.Error()
			}
			t.Fatalf("%s: timed out after %v waiting for %s (%s); %s", p.Name(), timeout, what, short(cond), state)
		}
		if err != nil {
			// Between two documents: look again shortly.
			tk := time.NewTimer(tick)
			<-tk.C
		}
	}
}

// waitScript is an expression that resolves to {ok: true, v} once cond is
// truthy, or {ok: false, v, e} (its last value, or error) after slice.
func waitScript(cond string, slice time.Duration) string {
	return `(async (cond, slice) => {
  let last = {};
  const check = async () => {
    try { last = {v: await cond()}; } catch (e) { last = {e: String(e && e.message || e)}; }
    return !!last.v;
  };
  const done = () => ({ok: true, v: last.v === undefined ? null : last.v});
  if (await check()) return done();
  return await new Promise((resolve) => {
    let busy = false, over = false;
    const finish = (r) => { if (over) return; over = true; mo.disconnect(); clearInterval(iv); clearTimeout(to); resolve(r); };
    const again = async () => {
      if (busy || over) return;
      busy = true;
      const ok = await check();
      busy = false;
      if (ok) finish(done());
    };
    const mo = new MutationObserver(again);
    mo.observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
    const iv = setInterval(again, 25);
    const to = setTimeout(() => finish({ok: false, v: last.v === undefined ? null : last.v, e: last.e || ""}), slice);
  });
})(async () => (` + cond + `), ` + fmt.Sprint(slice.Milliseconds()) + `)`
}

// actionableJS is an expression that scrolls the element that css selects
// into view and returns "ok" when it can be clicked: displayed, at rest
// (the same box across two animation frames: it is kept on the element),
// and the topmost element at its centre; else why not.
func actionableJS(css string) string {
	q, _ := json.Marshal(css)
	return `(() => {
  const el = document.querySelector(` + string(q) + `);
  if (!el) return "no element matches";
  const st = getComputedStyle(el);
  if (st.visibility === "hidden" || st.display === "none") return "not displayed (" + st.display + ", " + st.visibility + ")";
  el.scrollIntoView({block: "center", inline: "center"});
  const r = el.getBoundingClientRect();
  if (r.width < 1 || r.height < 1) return "no size: " + r.width + "x" + r.height;
  const box = [r.left, r.top, r.width, r.height].map(Math.round).join(",");
  // Frames counted while checks go on (a few past the last): two checks
  // within one frame would see an animated element at rest.
  const w = window;
  if (!w.__browsertestTick) {
    w.__browsertestFrame = 0;
    w.__browsertestTick = () => {
      w.__browsertestFrame++;
      if (w.__browsertestFrame < w.__browsertestUntil) requestAnimationFrame(w.__browsertestTick);
      else w.__browsertestTicking = false;
    };
  }
  w.__browsertestUntil = w.__browsertestFrame + 5;
  if (!w.__browsertestTicking) { w.__browsertestTicking = true; requestAnimationFrame(w.__browsertestTick); }
  const now = performance.now(), frame = w.__browsertestFrame;
  const was = el.__browsertestBox;
  if (!was || was.box !== box) {
    el.__browsertestBox = {box: box, frame: frame, at: now};
    return "moving: " + (was ? was.box : "first look") + " -> " + box;
  }
  // At rest: the same box across two frames (or 500 ms without one).
  if (frame - was.frame < 2 && now - was.at < 500) return "settling: the same box for " + (frame - was.frame) + " frames";
  const x = r.left + r.width / 2, y = r.top + r.height / 2;
  if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return "centre " + x + "," + y + " outside the viewport " + innerWidth + "x" + innerHeight;
  const top = document.elementFromPoint(x, y);
  if (!top) return "nothing at its centre";
  if (top !== el && !el.contains(top)) return "covered at its centre by " + top.tagName.toLowerCase() + (top.id ? "#" + top.id : "") + (top.className ? "." + String(top.className).trim().split(/\s+/).join(".") : "");
  return "ok";
})()`
}

// waitActionable waits until the element css selects can be clicked.
func waitActionable(t testing.TB, p evaler, css string) {
	t.Helper()
	expr := actionableJS(css)
	var state string
	if _, err := until(ActionTimeout, func() (bool, string) {
		v, err := p.Eval(expr)
		if err != nil {
			state = "error: " + err.Error()
			return false, state
		}
		state = fmt.Sprint(v)
		return v == "ok", state
	}); err != nil {
		t.Fatalf("%s: clicking %s: timed out after %v waiting for it to be displayed, at rest and not covered; last: %s", p.Name(), css, ActionTimeout, state)
	}
}

// framePoint waits until the centre of the element css of the frame at
// path can be clicked from the top page, and returns that point in the top
// page's viewport: the centre carried out through each iframe's content box
// (border and padding). Each document on the way scrolls when the point is
// out of its view, and the point is ready when no document covers its
// iframe there and it is the same twice in a row (nothing is scrolling or
// moving). at(depth) evaluates in the document at that depth (0: the top
// page's, len(path): the frame's).
func framePoint(t testing.TB, name string, at func(depth int) evaler, path []string, css string) (x, y float64) {
	t.Helper()
	waitActionable(t, at(len(path)), css)
	q, _ := json.Marshal(css)
	var prev string
	if _, err := until(ActionTimeout, func() (bool, string) {
		v, err := at(len(path)).Eval(`(r => [r.left + r.width / 2, r.top + r.height / 2])(document.querySelector(` + string(q) + `).getBoundingClientRect())`)
		if err != nil {
			return false, err.Error()
		}
		for depth := len(path); depth > 0; depth-- {
			xy, ok := v.([]any)
			if !ok || len(xy) != 2 {
				return false, fmt.Sprint(v)
			}
			v, err = at(depth - 1).Eval(`((css, x, y) => {
  const f = document.querySelector(css);
  if (!f) return "no element matches " + css;
  const r = f.getBoundingClientRect(), s = getComputedStyle(f);
  const px = r.left + f.clientLeft + parseFloat(s.paddingLeft) + x, py = r.top + f.clientTop + parseFloat(s.paddingTop) + y;
  if (py < 0 || py >= innerHeight || px < 0 || px >= innerWidth) {
    scrollBy(px < 0 || px >= innerWidth ? px - innerWidth / 2 : 0, py < 0 || py >= innerHeight ? py - innerHeight / 2 : 0);
    return "scrolled to bring " + px + "," + py + " into view around " + css;
  }
  if (document.elementFromPoint(px, py) !== f) return css + " is covered at " + px + "," + py;
  return [px, py];
})(` + jsonText(path[depth-1]) + `, ` + jsonText(xy[0]) + `, ` + jsonText(xy[1]) + `)`)
			if err != nil {
				return false, err.Error()
			}
		}
		xy, ok := v.([]any)
		if !ok || len(xy) != 2 {
			return false, fmt.Sprint(v)
		}
		x, _ = xy[0].(float64)
		y, _ = xy[1].(float64)
		point := fmt.Sprintf("%.1f,%.1f", x, y)
		if point != prev {
			prev = point
			return false, "the point moved to " + point
		}
		return true, ""
	}); err != nil {
		t.Fatalf("%s: clicking %s: %v", name, css, err)
	}
	return x, y
}

// short is an expression cut for a message.
func short(expr string) string {
	expr = strings.Join(strings.Fields(expr), " ")
	if len(expr) > 160 {
		return expr[:157] + "..."
	}
	return expr
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// EvalAs evaluates expr in p (awaiting a promise), passes its value through
// JSON and decodes it into a T: EvalAs[[]event](t, p, "window.events").
func EvalAs[T any](t testing.TB, p Page, expr string) T {
	t.Helper()
	s, ok := p.JS(t, `JSON.stringify(`+expr+`)`).(string)
	var v T
	if !ok {
		t.Fatalf("%s: %s has no JSON value", p.Name(), short(expr))
	}
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("%s: decoding %s = %.200s into %T: %v", p.Name(), short(expr), s, v, err)
	}
	return v
}

// JSString evaluates expr in p; a value that is not a string fails the test.
func JSString(t testing.TB, p Page, expr string) string {
	t.Helper()
	v := p.JS(t, expr)
	s, ok := v.(string)
	if !ok {
		t.Fatalf("%s: %s = %s, not a string", p.Name(), short(expr), jsonText(v))
	}
	return s
}

// JSInt evaluates expr in p; a value that is not a whole number fails the
// test.
func JSInt(t testing.TB, p Page, expr string) int {
	t.Helper()
	v := p.JS(t, expr)
	f, ok := v.(float64)
	if !ok || f != float64(int(f)) {
		t.Fatalf("%s: %s = %s, not a whole number", p.Name(), short(expr), jsonText(v))
	}
	return int(f)
}

// JSFloat evaluates expr in p; a value that is not a number fails the test.
func JSFloat(t testing.TB, p Page, expr string) float64 {
	t.Helper()
	v := p.JS(t, expr)
	f, ok := v.(float64)
	if !ok {
		t.Fatalf("%s: %s = %s, not a number", p.Name(), short(expr), jsonText(v))
	}
	return f
}

// JSBool evaluates expr in p; a value that is not a boolean fails the test.
func JSBool(t testing.TB, p Page, expr string) bool {
	t.Helper()
	v := p.JS(t, expr)
	b, ok := v.(bool)
	if !ok {
		t.Fatalf("%s: %s = %s, not a boolean", p.Name(), short(expr), jsonText(v))
	}
	return b
}

// WaitOK waits until the expression (awaited when a promise) is "ok"; any
// other value is a short account of what it saw, and the last one is in
// the failure message. It returns how long the wait took.
func WaitOK(t testing.TB, p Page, expr, what string, timeout time.Duration) time.Duration {
	t.Helper()
	return Until(t, p.Name()+": "+what, timeout, func() (bool, string) {
		v, err := p.Eval(expr)
		if err != nil {
			return false, "error: " + err.Error()
		}
		return v == "ok", fmt.Sprint(v)
	})
}

// AnimationFrames is an expression that resolves after the page has had n
// animation frames (its rendering updates: style, layout, paint).
func AnimationFrames(n int) string {
	return fmt.Sprintf(`new Promise((done) => { let n = %d; const f = () => (--n <= 0 ? done(true) : requestAnimationFrame(f)); requestAnimationFrame(f); })`, n)
}

// WaitAs is WaitJS for a condition whose truthy value is decoded, through
// JSON, into a T.
func WaitAs[T any](t testing.TB, p Page, cond, what string, timeout time.Duration) T {
	t.Helper()
	v := p.WaitJS(t, `(async () => { const v = await (`+cond+`); return v ? JSON.stringify(v) : v; })()`, what, timeout)
	var out T
	s, _ := v.(string)
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		t.Fatalf("%s: decoding %s = %.200s into %T: %v", p.Name(), short(cond), s, out, err)
	}
	return out
}
