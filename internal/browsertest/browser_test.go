//go:build browser

package browsertest

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// The test site: "/" passes axe (WCAG 2 A/AA and best practices), "/bad" has
// one known violation (image-alt), "/framed" holds "/second" of another
// origin in an iframe, "/covered" a button under an overlay for 300 ms.
const (
	homePage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Harness home</title></head>
<body><main>
<h1 id="title">Harness home</h1>
<p><a id="next" href="/second">Second page</a></p>
<button id="btn" type="button" onclick="this.textContent = 'Clicked'">Press me</button>
</main></body></html>`
	secondPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Second</title></head>
<body><main><h1 id="second">Second page</h1><p><a id="home" href="/">Home</a></p></main></body></html>`
	badPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bad</title></head>
<body><main><h1>Bad page</h1><img id="pic" src="/pixel.png" width="40" height="40"></main></body></html>`
	framedPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Framed</title></head>
<body><main><h1 id="outer">Outer page</h1><p style="height:1200px">Tall text above the frame.</p>
<iframe id="frame" title="Second page" style="border:7px solid #333;padding:5px;height:300px" src="%s/second"></iframe></main></body></html>`
	// /framed in a small iframe: the frame of another origin is below the
	// fold of a frame.
	nestedPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Nested</title></head>
<body><main><h1>Nested</h1><iframe id="outer" title="Framed" style="width:500px;height:250px" src="/framed"></iframe></main></body></html>`
	// A button that an overlay hides for 300 ms after load, and that then
	// slides into place: a click in that time would hit the overlay or
	// miss the button. Clicks on the overlay are counted.
	coveredPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Covered</title><script src="/covered.js" defer></script></head>
<body><main><h1>Covered</h1>
<button id="late" type="button" style="position:relative;left:0">Press me</button>
<div id="overlay" style="position:fixed;inset:0;background:rgba(0,0,0,.3)"></div>
</main></body></html>`
	coveredJS = `window.overlayClicks = 0; window.lateClicks = 0;
document.getElementById("overlay").addEventListener("click", () => overlayClicks++);
document.getElementById("late").addEventListener("click", () => lateClicks++);
setTimeout(() => {
  document.getElementById("overlay").remove();
  const b = document.getElementById("late");
  let x = 0;
  const move = () => { x += 20; b.style.left = x + "px"; if (x < 200) requestAnimationFrame(move); };
  requestAnimationFrame(move);
}, 300);`
)

// testSite serves the test pages, and returns its URL and that of a second
// origin with the same pages (for the cross-origin iframe of /framed).
func testSite(t *testing.T) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 1, 1))
	img.Set(0, 0, color.RGBA{200, 30, 30, 255})
	var pix bytes.Buffer
	if err := png.Encode(&pix, img); err != nil {
		t.Fatal(err)
	}
	var other *httptest.Server
	mux := http.NewServeMux()
	page := func(body func() string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			fmt.Fprint(w, body())
		}
	}
	static := func(s string) func() string { return func() string { return s } }
	mux.HandleFunc("GET /{$}", page(static(homePage)))
	mux.HandleFunc("GET /second", page(static(secondPage)))
	mux.HandleFunc("GET /bad", page(static(badPage)))
	mux.HandleFunc("GET /covered", page(static(coveredPage)))
	mux.HandleFunc("GET /framed", page(func() string { return fmt.Sprintf(framedPage, other.URL) }))
	mux.HandleFunc("GET /nested", page(static(nestedPage)))
	mux.HandleFunc("GET /covered.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		fmt.Fprint(w, coveredJS)
	})
	mux.HandleFunc("GET /pixel.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(pix.Bytes())
	})
	srv := httptest.NewServer(mux)
	other = httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	t.Cleanup(other.Close)
	return srv.URL
}

// checkPNG fails unless b is a PNG of at least two colours (not blank).
func checkPNG(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("screenshot is not a valid PNG: %v (%d bytes)", err, len(b))
	}
	first := img.At(img.Bounds().Min.X, img.Bounds().Min.Y)
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y += 3 {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x += 3 {
			if img.At(x, y) != first {
				return img
			}
		}
	}
	t.Fatalf("screenshot %v is one colour: nothing rendered", img.Bounds())
	return nil
}

// TestPage runs the same walk through the Page interface in both browsers.
func TestPage(t *testing.T) {
	t.Parallel()
	site := testSite(t)
	t.Run("chromium", func(t *testing.T) {
		t.Parallel()
		p := NewChromePage(t)
		pageScenario(t, p, site)
		if got := EvalAs[[]float64](t, p, `[innerWidth, innerHeight, devicePixelRatio]`); fmt.Sprint(got) != "[1280 900 1]" {
			t.Errorf("viewport [w h scale] = %v, want [1280 900 1]", got)
		}
		if b := checkPNG(t, p.Screenshot(t)).Bounds(); b.Dx() != 1280 || b.Dy() != 900 {
			t.Errorf("screenshot is %v, want 1280x900", b)
		}
		tab := p.NewTab(t)
		tab.Open(t, site+"/second")
		if got := JSString(t, tab, `document.title`); got != "Second" {
			t.Errorf("the new tab shows %q", got)
		}
		if got := JSString(t, p, `document.title`); got == "Second" {
			t.Error("the new tab navigated the first one")
		}
	})
	t.Run("webkit", func(t *testing.T) {
		t.Parallel()
		p := NewWebKitPage(t)
		pageScenario(t, p, site)
		webDriverScenario(t, p.Driver(), site)
	})
}

func pageScenario(t *testing.T, p Page, site string) {
	p.Open(t, site+"/")
	if got := JSString(t, p, `document.getElementById("title").textContent`); got != "Harness home" {
		t.Errorf("%s: heading = %q", p.Name(), got)
	}
	p.Click(t, "#btn")
	p.WaitJS(t, `document.querySelector("#btn").textContent === "Clicked"`, "the button's new label", 5*time.Second)

	p.Click(t, "#next")
	p.WaitJS(t, `location.pathname === "/second" && document.getElementById("second")`, "the second page", 10*time.Second)
	p.Back(t)
	p.WaitJS(t, `location.pathname === "/" && document.getElementById("title")`, "the home page again", 10*time.Second)
	p.JS(t, `window.beforeReload = true`)
	p.Reload(t)
	if JSBool(t, p, `!!window.beforeReload`) {
		t.Errorf("%s: Reload kept the old document", p.Name())
	}
	if got := JSInt(t, p, `new Promise((r) => setTimeout(() => r(6 * 7), 10))`); got != 42 {
		t.Errorf("%s: a promise's value = %d, want 42 (awaited)", p.Name(), got)
	}
	type pair struct {
		N int
		S string
	}
	if got := EvalAs[[]pair](t, p, `[{n: 1, s: "a"}, {n: 2, s: document.title}]`); fmt.Sprint(got) != "[{1 a} {2 Harness home}]" {
		t.Errorf("%s: EvalAs = %v", p.Name(), got)
	}
	if got := JSFloat(t, p, `1.5`); got != 1.5 {
		t.Errorf("%s: JSFloat = %v", p.Name(), got)
	}

	// WaitJS sees a change made later, not only the state at the call.
	p.JS(t, `setTimeout(() => document.body.dataset.late = "yes", 200)`)
	if v := p.WaitJS(t, `document.body.dataset.late`, "the late attribute", 10*time.Second); v != "yes" {
		t.Errorf("%s: WaitJS returned %v, want the truthy value", p.Name(), v)
	}
	// ... and across a page load.
	p.JS(t, `setTimeout(() => location.assign("/second"), 100)`)
	p.WaitJS(t, `location.pathname === "/second" && document.readyState === "complete" && document.getElementById("home")`, "the page the script opened", 10*time.Second)

	// A timeout says what was awaited, the condition and the last value.
	msg := catchFatal(t, func(tb testing.TB) {
		p.WaitJS(tb, `document.title.length > 100 && document.title`, "a long title", 300*time.Millisecond)
	})
	wantAll(t, p.Name()+" WaitJS timeout", msg, p.Name()+": timed out after 300ms waiting for a long title", `document.title.length > 100`, `last value false`)
	msg = catchFatal(t, func(tb testing.TB) {
		p.WaitJS(tb, `window.noSuchThing.here`, "a broken condition", 300*time.Millisecond)
	})
	wantAll(t, p.Name()+" WaitJS error", msg, "waiting for a broken condition", "last error:", "noSuchThing")

	// Click waits until nothing covers the button and it is at rest: a
	// click on the overlay or beside the moving button would be lost.
	p.Open(t, site+"/covered")
	p.Click(t, "#late")
	p.WaitJS(t, `lateClicks === 1`, "the click on the button", 5*time.Second)
	if n := JSInt(t, p, `overlayClicks`); n != 0 {
		t.Errorf("%s: %d clicks landed on the overlay", p.Name(), n)
	}

	// Keyboard: Tab reaches the link first, Enter follows it.
	p.Open(t, site+"/")
	p.Key(t, KeyTab)
	p.WaitJS(t, `document.activeElement && document.activeElement.id === "next"`, "the focus on the link after Tab", 5*time.Second)
	p.Key(t, KeyTab+KeyShift+KeyTab)
	p.WaitJS(t, `document.activeElement && document.activeElement.id === "next"`, "the focus back on the link after Tab, Shift+Tab", 5*time.Second)
	p.Key(t, KeyEnter)
	p.WaitJS(t, `location.pathname === "/second"`, "the link followed on Enter", 10*time.Second)

	// Axe: the good page passes, the bad one fails on its image.
	p.Open(t, site+"/")
	if vs := p.Axe(t); len(vs) != 0 {
		t.Errorf("%s: axe on the good page found %d violations:\n%s", p.Name(), len(vs), FormatViolations(vs))
	}
	p.Open(t, site+"/bad")
	vs := p.Axe(t)
	if i := slices.IndexFunc(vs, func(v AxeViolation) bool { return v.ID == "image-alt" }); i < 0 {
		t.Errorf("%s: axe on the bad page: want image-alt, got:\n%s", p.Name(), FormatViolations(vs))
	} else if !slices.Contains(vs[i].Targets, "#pic") {
		t.Errorf("%s: image-alt targets = %q, want #pic", p.Name(), vs[i].Targets)
	}
	p.Open(t, site+"/")
	shot := p.Screenshot(t)
	checkPNG(t, shot)
	SaveScreenshot(t, shot, filepath.Join(t.ArtifactDir(), p.Name()+"-home.png"))

	// A frame of another origin, below the fold: scripts, waits, clicks
	// (the top page scrolls to it) and axe run inside it.
	p.Open(t, site+"/framed")
	fr := p.Frame("#frame")
	fr.WaitJS(t, `document.getElementById("second")`, "the framed page", 10*time.Second)
	if got := JSString(t, fr, `document.getElementById("second").textContent + " " + location.port`); !strings.HasPrefix(got, "Second page ") || strings.HasSuffix(site, ":"+strings.Fields(got)[2]) {
		t.Errorf("%s: in the frame: %q (want the second page of another origin than %s)", fr.Name(), got, site)
	}
	if got := JSString(t, p, `document.getElementById("outer").textContent`); got != "Outer page" {
		t.Errorf("%s: the top page after frame calls: %q", p.Name(), got)
	}
	fr.Click(t, "#home")
	fr.WaitJS(t, `location.pathname === "/" && document.getElementById("title")`, "the frame's link followed", 10*time.Second)
	if vs := fr.Axe(t); len(vs) != 0 {
		t.Errorf("%s: axe in the frame found:\n%s", fr.Name(), FormatViolations(vs))
	}
	fr.Click(t, "#btn")
	fr.WaitJS(t, `document.querySelector("#btn").textContent === "Clicked"`, "the click inside the frame", 5*time.Second)
	if got := JSString(t, p, `location.pathname`); got != "/framed" {
		t.Errorf("%s: the top page is at %s after clicks in its frame", p.Name(), got)
	}

	// A frame in a frame, each below the fold of the one above.
	p.Open(t, site+"/nested")
	inner := p.Frame("#outer").Frame("#frame")
	inner.WaitJS(t, `document.getElementById("home")`, "the frame in the frame", 10*time.Second)
	inner.Click(t, "#home")
	inner.WaitJS(t, `location.pathname === "/" && document.getElementById("title")`, "the inner frame's link followed", 10*time.Second)
	if got := JSString(t, p.Frame("#outer"), `location.pathname`); got != "/framed" {
		t.Errorf("%s: the middle frame is at %s after a click in its frame", p.Name(), got)
	}
}

// webDriverScenario checks the WebDriver client beyond the Page methods.
func webDriverScenario(t *testing.T, d *WebDriver, site string) {
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	must("back to the top page", d.SwitchToFrame(nil))
	must("navigate home", d.Navigate(site+"/"))
	if size, err := d.Exec(`return [innerWidth, innerHeight]`); err != nil || fmt.Sprint(size) != "[1280 900]" {
		t.Errorf("viewport = %v (%v), want [1280 900]", size, err)
	}
	title, err := d.WaitFor("#title", 10*time.Second)
	must("find the title", err)
	v, err := d.Exec(`return [document.title + " " + arguments[0] * 7, arguments[1].id, document.querySelector("#btn")]`, 6, title)
	must("script", err)
	if vs, ok := v.([]any); !ok || len(vs) != 3 || vs[0] != "Harness home 42" || vs[1] != "title" {
		t.Errorf("script result = %#v", v)
	} else if el, ok := vs[2].(Element); !ok {
		t.Errorf("script element result = %#v, want an Element", vs[2])
	} else if s, err := el.Text(); err != nil || s != "Press me" {
		t.Errorf("text of the returned element = %q, %v", s, err)
	}
	av, err := d.ExecAsync(`const done = arguments[arguments.length - 1]; setTimeout(() => done(arguments[0] + 1), 10)`, 41)
	if err != nil || av != 42.0 {
		t.Errorf("async script = %v, %v", av, err)
	}
	link, err := d.Find("#next")
	must("find the link", err)
	if href, err := link.Attr("href"); err != nil || href != "/second" {
		t.Errorf("link href = %q, %v", href, err)
	}
	if missing, err := link.Attr("data-missing"); err != nil || missing != "" {
		t.Errorf("missing attribute = %q, %v", missing, err)
	}
	if all, err := d.FindAll("a, button"); err != nil || len(all) != 2 {
		t.Errorf("FindAll = %d elements, %v", len(all), err)
	}
	if _, err := d.Find("#nope"); !IsErrorCode(err, "no such element") {
		t.Errorf("Find of a missing element: %v, want no such element", err)
	}
	if _, err := d.WaitFor("#nope", 200*time.Millisecond); err == nil || !strings.Contains(err.Error(), "timed out") {
		t.Errorf("WaitFor of a missing element: %v", err)
	}
	if _, err := d.WaitUntil(`return false`, 200*time.Millisecond); err == nil || !strings.Contains(err.Error(), "timed out after 200ms (last value false)") {
		t.Errorf("WaitUntil that never holds: %v", err)
	}
	must("Tab", d.Keys(KeyTab))
	active, err := d.ActiveElement()
	must("active element", err)
	if id, err := active.Attr("id"); err != nil || id != "next" {
		t.Errorf("after Tab the focus is on id=%q (%v), want the link #next", id, err)
	}
	var got string
	must("Command", d.Command("GET", "/title", nil, &got))
	if got != "Harness home" {
		t.Errorf("Command GET /title = %q", got)
	}

	must("resize the window", d.SetWindowRect(500, 700))
	if w, err := d.Exec(`return innerWidth`); err != nil || w != 500.0 {
		t.Errorf("innerWidth after resizing the window to 500 = %v, %v", w, err)
	}
	must("resize the viewport", d.SetViewportSize(600, 700))
	if size, err := d.Exec(`return [innerWidth, innerHeight]`); err != nil || fmt.Sprint(size) != "[600 700]" {
		t.Errorf("viewport = %v (%v), want [600 700]", size, err)
	}
	// MiniBrowser's toolbar keeps the window from getting phone-narrow.
	if err := d.SetViewportSize(MobileWidth, MobileHeight); err == nil {
		t.Log("WebKit can now make a phone-sized viewport: update the SetViewportSize doc")
	} else if !strings.Contains(err.Error(), "minimum size") {
		t.Errorf("SetViewportSize(%d, %d) = %v, want the minimum-size error", MobileWidth, MobileHeight, err)
	}
}

func TestChromeMobile(t *testing.T) {
	t.Parallel()
	site := testSite(t)
	p := NewChromePage(t, Mobile())
	p.Open(t, site+"/")
	got := EvalAs[[]any](t, p, `[innerWidth, innerHeight, devicePixelRatio, navigator.maxTouchPoints > 0, "ontouchstart" in window]`)
	if fmt.Sprint(got) != "[390 844 3 true true]" {
		t.Errorf("[width height scale touch ontouchstart] = %v, want [390 844 3 true true]", got)
	}
	if b := checkPNG(t, p.Screenshot(t)).Bounds(); b.Dx() != 390*3 || b.Dy() != 844*3 {
		t.Errorf("mobile screenshot is %v, want %dx%d device pixels", b, 390*3, 844*3)
	}
}

func TestMissingXvfbFails(t *testing.T) {
	driver, err := findWebKitDriver()
	if err != nil {
		t.Fatal(err) // TestMissingWebKitDriverFails covers the message
	}
	t.Setenv(EnvWebKitDriver, driver)
	t.Setenv("DISPLAY", "")
	t.Setenv("PATH", t.TempDir()) // no Xvfb
	msg := catchFatal(t, func(tb testing.TB) { WebKit(tb) })
	wantAll(t, "WebKit without Xvfb", msg, "Xvfb is missing", "apt-get install -y webkit2gtk-driver xvfb")
}

func TestAxeSourceIsAxe(t *testing.T) {
	if src := AxeSource(t); !strings.HasPrefix(src, "/*! axe v") || len(src) < 100_000 {
		t.Errorf("AxeSource = %.40q... (%d bytes), want axe.min.js", src, len(src))
	}
}

// TestChromeAddInitScript: the script runs in every new document of the
// tab, its same-site iframes' too, before the page's own scripts; not in
// the document already there.
func TestChromeAddInitScript(t *testing.T) {
	t.Parallel()
	site := testSite(t)
	p := NewChromePage(t)
	p.Open(t, site+"/covered")
	p.AddInitScript(t, `window.initSeen = [document.readyState, typeof window.overlayClicks, location.pathname]`)
	if JSBool(t, p, `"initSeen" in window`) {
		t.Error("the script ran in the document that was already loaded")
	}
	for _, step := range []struct {
		what string
		do   func()
	}{
		{"a new page", func() { p.Open(t, site+"/covered") }},
		{"a reload", func() { p.Reload(t) }},
	} {
		step.do()
		// covered.js (deferred) sets overlayClicks once the page is parsed.
		p.WaitJS(t, `typeof window.overlayClicks === "number"`, "the page's own script after "+step.what, 10*time.Second)
		if got := EvalAs[[]string](t, p, `window.initSeen || []`); fmt.Sprint(got) != "[loading undefined /covered]" {
			t.Errorf("after %s, the script saw [readyState, typeof overlayClicks, path] = %q; want it first, while the page loads", step.what, got)
		}
	}
	p.Open(t, site+"/framed")
	fr := p.Frame("#frame")
	fr.WaitJS(t, `document.getElementById("second")`, "the framed page", 10*time.Second)
	if got := EvalAs[[]string](t, fr, `window.initSeen || []`); fmt.Sprint(got) != "[loading undefined /second]" {
		t.Errorf("in an iframe of another origin of the same site, the script saw %q", got)
	}
}

// TestChromePreferences: a profile whose preferences block cookies and
// site data, as a user sets it, makes local storage throw.
func TestChromePreferences(t *testing.T) {
	t.Parallel()
	site := testSite(t)
	p := NewChromePage(t, Preferences(map[string]any{"profile": map[string]any{
		"default_content_setting_values": map[string]any{"cookies": 2},
	}}))
	p.Open(t, site+"/")
	got := JSString(t, p, `(() => {
  const r = [];
  try { localStorage.setItem("k", "v"); r.push("stored"); } catch (e) { r.push(e.name); }
  document.cookie = "k=v";
  r.push("cookie=" + document.cookie);
  return r.join(" ");
})()`)
	if got != "SecurityError cookie=" {
		t.Errorf("local storage and a cookie under a profile that blocks site data: %q; want SecurityError and no cookie", got)
	}
}
