package browsertest

import (
	"bytes"
	"context"
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

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The test site: "/" passes axe (WCAG 2 A/AA and best practices), "/bad" has
// one known violation (image-alt).
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
<body><main><h1 id="second">Second page</h1><p><a href="/">Home</a></p></main></body></html>`
	badPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bad</title></head>
<body><main><h1>Bad page</h1><img id="pic" src="/pixel.png" width="40" height="40"></main></body></html>`
)

const framedPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Framed</title></head>
<body><main><h1 id="outer">Outer page</h1><iframe id="frame" title="Second page" src="/second"></iframe></main></body></html>`

func testSite(t *testing.T) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 1, 1))
	img.Set(0, 0, color.RGBA{200, 30, 30, 255})
	var pix bytes.Buffer
	if err := png.Encode(&pix, img); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			fmt.Fprint(w, body)
		}
	}
	mux.HandleFunc("GET /{$}", page(homePage))
	mux.HandleFunc("GET /second", page(secondPage))
	mux.HandleFunc("GET /bad", page(badPage))
	mux.HandleFunc("GET /framed", page(framedPage))
	mux.HandleFunc("GET /pixel.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(pix.Bytes())
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
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

func hasRule(vs []AxeViolation, id string) bool {
	return slices.ContainsFunc(vs, func(v AxeViolation) bool { return v.ID == id })
}

func TestChrome(t *testing.T) {
	t.Parallel()
	site := testSite(t)
	ctx, cancel := context.WithTimeout(Chrome(t), 45*time.Second)
	defer cancel()
	run := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	eval := func(js string) any {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[any](js))
		if err != nil {
			t.Fatalf("evaluating %s: %v", js, err)
		}
		return v
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	location := func() string {
		t.Helper()
		u, err := chromedp.Run(ctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		return u
	}

	run("navigate home", chromedp.Navigate(site+"/"), chromedp.WaitVisible(chromedp.CSS("#title")))
	if got := text("#title"); got != "Harness home" {
		t.Errorf("heading = %q", got)
	}
	if got := eval(`[innerWidth, innerHeight, devicePixelRatio]`); fmt.Sprint(got) != "[1280 900 1]" {
		t.Errorf("viewport [w h scale] = %v, want [1280 900 1]", got)
	}

	run("click the button", chromedp.Click(chromedp.CSS("#btn"), chromedp.NodeVisible))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector("#btn").textContent === "Clicked"`,
		chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Errorf("button text did not change: %v", err)
	}
	run("click the link", chromedp.Click(chromedp.CSS("#next"), chromedp.NodeVisible), chromedp.WaitVisible(chromedp.CSS("#second")))
	if got := location(); got != site+"/second" {
		t.Errorf("URL after the link = %q, want %q", got, site+"/second")
	}
	if got := text("#second"); got != "Second page" {
		t.Errorf("second heading = %q", got)
	}
	run("go back", chromedp.NavigateBack(), chromedp.WaitVisible(chromedp.CSS("#title")))
	if got := location(); got != site+"/" {
		t.Errorf("URL after back = %q, want %q", got, site+"/")
	}
	if got := eval(`document.title + " " + (6 * 7)`); got != "Harness home 42" {
		t.Errorf("script result = %v", got)
	}

	shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if b := checkPNG(t, shot).Bounds(); b.Dx() != 1280 || b.Dy() != 900 {
		t.Errorf("screenshot is %v, want 1280x900", b)
	}
	SaveScreenshot(t, shot, filepath.Join(t.ArtifactDir(), "chrome-home.png"))

	if vs := AxeChrome(ctx, t); len(vs) != 0 {
		t.Errorf("axe on the good page found %d violations:\n%s", len(vs), FormatViolations(vs))
	}
	run("navigate to the bad page", chromedp.Navigate(site+"/bad"))
	vs := AxeChrome(ctx, t)
	if !hasRule(vs, "image-alt") {
		t.Errorf("axe on the bad page: want image-alt, got:\n%s", FormatViolations(vs))
	} else if v := vs[slices.IndexFunc(vs, func(v AxeViolation) bool { return v.ID == "image-alt" })]; !slices.Contains(v.Targets, "#pic") {
		t.Errorf("image-alt targets = %q, want #pic", v.Targets)
	}

	// Keyboard: Tab reaches the link first, Enter follows it.
	run("keyboard", chromedp.Navigate(site+"/"), chromedp.WaitVisible(chromedp.CSS("#title")), chromedp.KeyEvent(kb.Tab))
	if got := eval(`document.activeElement && document.activeElement.id`); got != "next" {
		t.Fatalf("after Tab the focus is on %q, want the link #next", got)
	}
	run("Enter on the link", chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(chromedp.CSS("#second")))
	if got := location(); got != site+"/second" {
		t.Errorf("URL after Enter = %q", got)
	}
}

func TestChromeMobile(t *testing.T) {
	t.Parallel()
	site := testSite(t)
	ctx, cancel := context.WithTimeout(Chrome(t, Mobile()), 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(site+"/"), chromedp.WaitVisible(chromedp.CSS("#title"))); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]any](`[innerWidth, innerHeight, devicePixelRatio, navigator.maxTouchPoints > 0, "ontouchstart" in window]`))
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != "[390 844 3 true true]" {
		t.Errorf("[width height scale touch ontouchstart] = %v, want [390 844 3 true true]", got)
	}
	shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if b := checkPNG(t, shot).Bounds(); b.Dx() != 390*3 || b.Dy() != 844*3 {
		t.Errorf("mobile screenshot is %v, want %dx%d device pixels", b, 390*3, 844*3)
	}
}

func TestWebKit(t *testing.T) {
	t.Parallel()
	site := testSite(t)
	d := WebKit(t)
	start := time.Now()
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if testing.Verbose() {
			t.Logf("%6dms %s", time.Since(start).Milliseconds(), what)
		}
	}
	text := func(css string) string {
		t.Helper()
		el, err := d.WaitFor(css, 10*time.Second)
		must("finding "+css, err)
		s, err := el.Text()
		must("text of "+css, err)
		return s
	}
	url := func() string {
		t.Helper()
		u, err := d.URL()
		must("URL", err)
		return u
	}

	must("navigate home", d.Navigate(site+"/"))
	if got := text("#title"); got != "Harness home" {
		t.Errorf("heading = %q", got)
	}
	if size, err := d.Exec(`return [innerWidth, innerHeight]`); err != nil || fmt.Sprint(size) != "[1280 900]" {
		t.Errorf("viewport = %v (%v), want [1280 900]", size, err)
	}

	btn, err := d.Find("#btn")
	must("find the button", err)
	must("click the button", btn.Click())
	_, err = d.WaitUntil(`return document.querySelector("#btn").textContent === "Clicked"`, 5*time.Second)
	must("button text", err)
	if got, err := btn.Text(); err != nil || got != "Clicked" {
		t.Errorf("button text = %q, %v", got, err)
	}

	link, err := d.Find("#next")
	must("find the link", err)
	if href, err := link.Attr("href"); err != nil || href != "/second" {
		t.Errorf("link href = %q, %v", href, err)
	}
	if missing, err := link.Attr("data-missing"); err != nil || missing != "" {
		t.Errorf("missing attribute = %q, %v", missing, err)
	}
	must("click the link", link.Click())
	if got := text("#second"); got != "Second page" {
		t.Errorf("second heading = %q", got)
	}
	if got := url(); got != site+"/second" {
		t.Errorf("URL after the link = %q, want %q", got, site+"/second")
	}
	must("back", d.Back())
	if got := text("#title"); got != "Harness home" {
		t.Errorf("heading after back = %q", got)
	}
	if got := url(); got != site+"/" {
		t.Errorf("URL after back = %q, want %q", got, site+"/")
	}
	must("refresh", d.Refresh())

	v, err := d.Exec(`return [document.title + " " + arguments[0] * 7, arguments[1].id, document.querySelector("#btn")]`, 6, mustFind(t, d, "#title"))
	must("script", err)
	if vs, ok := v.([]any); !ok || len(vs) != 3 || vs[0] != "Harness home 42" || vs[1] != "title" {
		t.Errorf("script result = %#v", v)
	} else if el, ok := vs[2].(Element); !ok {
		t.Errorf("script element result = %#v, want an Element", vs[2])
	} else if s, err := el.Text(); err != nil || s != "Press me" {
		t.Errorf("text of the returned element = %q, %v", s, err)
	}
	if pv, err := d.Exec(`return new Promise(r => setTimeout(() => r(5), 10))`); err != nil || pv != 5.0 {
		t.Errorf("promise result = %v, %v; want 5 (awaited)", pv, err)
	}
	av, err := d.ExecAsync(`const done = arguments[arguments.length - 1]; setTimeout(() => done(arguments[0] + 1), 10)`, 41)
	if err != nil || av != 42.0 {
		t.Errorf("async script = %v, %v", av, err)
	}
	all, err := d.FindAll("a, button")
	if err != nil || len(all) != 2 {
		t.Errorf("FindAll = %d elements, %v", len(all), err)
	}
	if _, err := d.Find("#nope"); !IsErrorCode(err, "no such element") {
		t.Errorf("Find of a missing element: %v, want no such element", err)
	}
	if _, err := d.WaitFor("#nope", 200*time.Millisecond); err == nil || !strings.Contains(err.Error(), "timed out") {
		t.Errorf("WaitFor of a missing element: %v", err)
	}

	shot, err := d.Screenshot()
	must("screenshot", err)
	checkPNG(t, shot)
	SaveScreenshot(t, shot, filepath.Join(t.ArtifactDir(), "webkit-home.png"))

	if vs := AxeWebKit(d, t); len(vs) != 0 {
		t.Errorf("axe on the good page found %d violations:\n%s", len(vs), FormatViolations(vs))
	}
	must("navigate to the bad page", d.Navigate(site+"/bad"))
	if vs := AxeWebKit(d, t); !hasRule(vs, "image-alt") {
		t.Errorf("axe on the bad page: want image-alt, got:\n%s", FormatViolations(vs))
	}

	// Keyboard: Tab reaches the link first, Enter follows it.
	must("navigate home", d.Navigate(site+"/"))
	text("#title")
	must("Tab", d.Keys(KeyTab))
	active, err := d.ActiveElement()
	must("active element", err)
	if id, err := active.Attr("id"); err != nil || id != "next" {
		t.Fatalf("after Tab the focus is on id=%q (%v), want the link #next", id, err)
	}
	must("Enter", d.Keys(KeyEnter))
	if _, err := d.WaitUntil(`return location.pathname === "/second"`, 10*time.Second); err != nil {
		t.Errorf("Enter on the link did not follow it: %v (URL %s)", err, url())
	}

	// Frames: commands go into the iframe and back out.
	must("navigate to the framed page", d.Navigate(site+"/framed"))
	frame, err := d.WaitFor("#frame", 10*time.Second)
	must("find the iframe", err)
	must("switch into the frame", d.SwitchToFrame(&frame))
	if got := text("#second"); got != "Second page" {
		t.Errorf("heading in the frame = %q", got)
	}
	must("switch back", d.SwitchToFrame(nil))
	if got := text("#outer"); got != "Outer page" {
		t.Errorf("heading of the top page = %q", got)
	}
	var title string
	must("Command", d.Command("GET", "/title", nil, &title))
	if title != "Framed" {
		t.Errorf("Command GET /title = %q", title)
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

func mustFind(t *testing.T, d *WebDriver, css string) Element {
	t.Helper()
	el, err := d.Find(css)
	if err != nil {
		t.Fatal(err)
	}
	return el
}
