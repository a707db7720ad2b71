//go:build browser

package site

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/content/pseudo"
	"github.com/fixflow/fixflow/internal/browsertest"
)

// The pseudo-locales on the smallest phone: en-XA (every text about 40%
// longer, in ⟦ ⟧) and ar-XB (right to left), served as serve -dev-locales
// does, at 320 CSS pixels wide in Chromium. (WebKit's MiniBrowser window is
// at least 447 pixels wide: the harness cannot make it a small phone.)

// layoutJS finds what a reader could not read on the page: a horizontal
// scroll, text outside the screen or cut off by a box that clips, and text
// over other text. "ok", or what is wrong.
const layoutJS = `(() => {
  const out = [], vw = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > vw + 1) out.push("the page scrolls sideways: " + document.documentElement.scrollWidth + "px in " + vw + "px");
  const hidden = el => !el || el.closest(".ff-visually-hidden, .ff-skip, #app-wasm-loader, details:not([open]) > :not(summary)") ||
    getComputedStyle(el).visibility === "hidden" || el.getClientRects().length === 0;
  const rects = [];
  const tw = document.createTreeWalker(document.getElementById("ff-root"), NodeFilter.SHOW_TEXT);
  for (let n; (n = tw.nextNode());) {
    if (!n.data.trim() || hidden(n.parentElement)) continue;
    const r = document.createRange();
    r.selectNodeContents(n);
    const what = JSON.stringify(n.data.trim().slice(0, 40));
    for (const b of r.getClientRects()) {
      if (b.width < 1 || b.height < 1) continue;
      if (b.left < -1 || b.right > vw + 1) out.push(what + " goes off the screen (" + Math.round(b.left) + " to " + Math.round(b.right) + ")");
      for (let a = n.parentElement; a && a !== document.body; a = a.parentElement) {
        const s = getComputedStyle(a);
        if (s.overflowX === "visible" && s.overflowY === "visible") continue;
        const ab = a.getBoundingClientRect();
        if (b.left < ab.left - 1 || b.right > ab.right + 1 || b.top < ab.top - 1 || b.bottom > ab.bottom + 1) out.push(what + " is cut off by ." + a.className);
      }
      rects.push({ b, n, what });
    }
  }
  for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) {
    const a = rects[i].b, b = rects[j].b;
    const w = Math.min(a.right, b.right) - Math.max(a.left, b.left), h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    if (rects[i].n !== rects[j].n && w > 2 && h > 2) out.push(rects[i].what + " overlaps " + rects[j].what);
  }
  for (const p of document.querySelectorAll("#ff-root progress")) {
    if (p.getBoundingClientRect().width < 48) out.push("the progress bar is squeezed to " + Math.round(p.getBoundingClientRect().width) + "px");
  }
  return out.length ? out.slice(0, 12).join("\n") : "ok";
})()`

// mirrorJS checks that what points somewhere points the reading way: the
// labels of a settings path follow each other in the reading direction,
// the chevrons between them and on closed folds point that way, Back's
// arrow points back, and a choice's accent bar is on the side text starts.
// dir is "ltr" or "rtl". "ok", or what is wrong.
const mirrorJS = `((dir) => {
  const out = [], rtl = dir === "rtl", sign = rtl ? -1 : 1;
  if (document.documentElement.dir !== dir) out.push("html dir is " + JSON.stringify(document.documentElement.dir));
  // x of where a chevron drawn by its right and bottom borders points.
  const points = (el, pseudo) => {
    const m = new DOMMatrix(getComputedStyle(el, pseudo).transform);
    return m.a + m.c;
  };
  for (const path of document.querySelectorAll(".ff-path")) {
    const items = [...path.children].filter(li => li.getClientRects().length);
    for (let i = 1; i < items.length; i++) {
      const a = items[i - 1].getBoundingClientRect(), b = items[i].getBoundingClientRect();
      if (Math.abs(a.top - b.top) < 2 && (rtl ? b.right > a.left + 1 : b.left < a.right - 1)) out.push("path label " + i + " is not after label " + (i - 1) + " in the reading direction");
      if (sign * points(items[i], "::before") <= 0) out.push("the chevron before path label " + i + " points the wrong way");
    }
  }
  for (const s of document.querySelectorAll("details:not([open]) > summary")) {
    const before = getComputedStyle(s, "::before");
    if (before.content !== "none" && before.transform !== "none" && sign * points(s, "::before") <= 0) out.push("the chevron of a closed fold points the wrong way: " + s.textContent.slice(0, 30));
  }
  for (const a of document.querySelectorAll(".ff-arrow")) {
    const m = new DOMMatrix(getComputedStyle(a).transform);
    if ((m.a < 0) !== rtl) out.push("Back's arrow is " + (rtl ? "not " : "") + "turned round");
  }
  for (const c of document.querySelectorAll(".ff-choice")) {
    const s = getComputedStyle(c), start = rtl ? s.borderRightWidth : s.borderLeftWidth;
    if (parseFloat(start) < 4) out.push("a choice's accent bar is not on its " + (rtl ? "right" : "left") + ": " + s.borderLeftWidth + " " + s.borderRightWidth);
  }
  const h = document.getElementById("ff-step-title"), root = document.getElementById("ff-root");
  if (h && root) {
    const hb = h.getBoundingClientRect(), rb = root.getBoundingClientRect(), r = document.createRange();
    r.selectNodeContents(h);
    const tb = r.getClientRects()[0];
    if (tb && (rtl ? rb.right - tb.right : tb.left - rb.left) > 24) out.push("the heading does not start on the " + (rtl ? "right" : "left"));
  }
  return out.length ? out.join("\n") : "ok";
})`

// focusRect is where the focused element is.
type focusRect struct {
	Top, Left, Right, Height float64
	What                     string
}

// checkFocusOrder tabs through the page and checks that focus moves in the
// reading order: down the page, and along a row in the reading direction.
func checkFocusOrder(t *testing.T, c *browsertest.ChromePage, rtl bool, where string) {
	t.Helper()
	n := browsertest.JSInt(t, c, `[...document.querySelectorAll("#ff-root a[href], #ff-root button, #ff-root summary")].filter(e => e.getClientRects().length && !e.closest("details:not([open]) > :not(summary)")).length`)
	if n < 3 {
		t.Fatalf("%s: %d things to focus", where, n)
	}
	c.JS(t, `(document.activeElement && document.activeElement.blur(), window.scrollTo(0, 0), 1)`)
	var seen []focusRect
	for range min(n, 30) {
		c.Key(t, browsertest.KeyTab)
		f := browsertest.EvalAs[focusRect](t, c, `(() => { const e = document.activeElement, b = e.getBoundingClientRect();
			return {Top: b.top + scrollY, Left: b.left, Right: b.right, Height: b.height, What: e.tagName + " " + (e.className || "") + " " + e.textContent.trim().slice(0, 24)}; })()`)
		seen = append(seen, f)
	}
	for i := 1; i < len(seen); i++ {
		a, b := seen[i-1], seen[i]
		if a.What == seen[0].What && i > 1 {
			break // round the page and back to the start
		}
		sameRow := b.Top < a.Top+min(a.Height, b.Height)/2 && a.Top < b.Top+min(a.Height, b.Height)/2
		switch {
		case sameRow && !rtl && b.Left < a.Left-1, sameRow && rtl && b.Right > a.Right+1:
			t.Errorf("%s: focus goes against the reading direction, from %q to %q", where, a.What, b.What)
		case !sameRow && b.Top < a.Top-1 && i > 1: // (the skip link floats at the top)
			t.Errorf("%s: focus goes up the page, from %q (y %.0f) to %q (y %.0f)", where, a.What, a.Top, b.What, b.Top)
		}
	}
}

func TestPseudoLocalesOnASmallPhone(t *testing.T) {
	requireWasm(t)
	s, err := New(Config{Library: pseudoLibrary(t), Web: testWeb(), Version: "test-pseudo"})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	t.Parallel()

	f := defaultFlow(t)
	_, escalate := pickPaths(t, f)
	at := func(id string, v engine.FactValues) string {
		s, err := engine.NewSessionAt(f, id)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SetFacts(v); err != nil {
			t.Fatal(err)
		}
		return "/" + f.ID + "/" + id + "?s=" + s.Encode()
	}
	unknown := engine.FactValues{}
	for _, fa := range f.Facts {
		unknown[fa.ID] = engine.Unknown
	}
	var paths string
	for _, n := range f.Nodes {
		if len(n.Paths) > 0 && paths == "" {
			paths = at(n.ID, walkFacts)
		}
	}
	end := engine.NewSession(f)
	end.SetFacts(walkFacts)
	for _, st := range escalate {
		if err := end.Choose(st.Choice); err != nil {
			t.Fatal(err)
		}
	}
	pages := []struct{ name, path string }{
		{"start", "/" + f.ID},
		{"a check with a settings path", paths},
		{"a check with steps by device", at(withModels(t, f).ID, unknown)},
		{"a fact asked", "/" + f.ID + "/" + withModels(t, f).ID},
		{"an escalation", "/" + f.ID + "/" + end.Current().ID + "?s=" + end.Encode()},
	}
	dir := t.TempDir()
	if os.Getenv("UPDATE_SCREENSHOTS") == "1" {
		dir = "../../docs"
	}

	browser := browsertest.NewChromePage(t)
	for _, l := range pseudo.Locales() {
		t.Run(l.Tag, func(t *testing.T) {
			c := browser.NewTab(t)
			if _, err := chromedp.Run(c.Context(), chromedp.EmulateViewport(320, 640, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch)); err != nil {
				t.Fatal(err)
			}
			for _, p := range pages {
				where := l.Tag + " " + p.name
				c.Open(t, srv.URL+"/"+l.Tag+p.path)
				waitReady(t, c)
				c.WaitJS(t, `document.documentElement.lang === `+fmt.Sprintf("%q", l.Tag)+` && `+browsertest.AnimationFrames(2), "the page in "+l.Tag+" painted", 10*time.Second)
				if w := browsertest.JSInt(t, c, `document.documentElement.clientWidth`); w != 320 {
					t.Fatalf("the page is %d px wide, want 320", w)
				}
				if got := browsertest.JSString(t, c, layoutJS); got != "ok" {
					t.Errorf("%s: text a reader cannot read:\n%s", where, got)
				}
				if got := browsertest.JSString(t, c, mirrorJS+`(`+fmt.Sprintf("%q", l.Dir)+`)`); got != "ok" {
					t.Errorf("%s: not laid out %s:\n%s", where, l.Dir, got)
				}
				checkAxe(t, c, where)
				checkFocusOrder(t, c, l.Dir == "rtl", where)
				if p.path == paths {
					c.JS(t, `(window.scrollTo(0, 0), document.activeElement && document.activeElement.blur(), 1)`)
					c.WaitJS(t, browsertest.AnimationFrames(2), "the page painted at its top", 10*time.Second)
					browsertest.SaveScreenshot(t, c.Screenshot(t), filepath.Join(dir, l.Tag+".png"))
				}
			}
		})
	}
}
