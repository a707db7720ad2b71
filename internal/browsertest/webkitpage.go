package browsertest

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// WebKitPage is a Page on a real WebKit (see WebKit), or on one of its
// iframes (Frame). Driver gives the WebDriver session for the rest.
type WebKitPage struct {
	s    *webkitSession
	path []string // the iframes, from the top page in; none: the page
}

var _ Page = (*WebKitPage)(nil)

// webkitSession is what the pages of one WebKit share: the driver, and the
// frame its commands go to now.
type webkitSession struct {
	d   *WebDriver
	cur []string
}

// NewWebKitPage starts a WebKit for the test (see WebKit) and returns its
// page.
func NewWebKitPage(t testing.TB) *WebKitPage {
	t.Helper()
	return &WebKitPage{s: &webkitSession{d: WebKit(t)}}
}

// Driver is the WebDriver session. Commands sent through it go to the frame
// the last Page call went to: call SwitchToFrame(nil) first for the top page.
func (w *WebKitPage) Driver() *WebDriver { return w.s.d }

func (w *WebKitPage) Name() string {
	return strings.Join(append([]string{"webkit"}, w.path...), " ")
}

// enter sends the next commands to w's frame. The iframes are looked up
// again each time for a frame (one may have been replaced), not for the
// top page.
func (w *WebKitPage) enter() error {
	d := w.s.d
	if len(w.path) == 0 && len(w.s.cur) == 0 {
		return nil
	}
	w.s.cur = nil
	if err := d.SwitchToFrame(nil); err != nil {
		return err
	}
	for i, css := range w.path {
		el, err := d.Find(css)
		if err != nil {
			return fmt.Errorf("finding the iframe %s: %w", css, err)
		}
		if err := d.SwitchToFrame(&el); err != nil {
			return fmt.Errorf("entering the iframe %s: %w", css, err)
		}
		w.s.cur = w.path[:i+1]
	}
	return nil
}

// do runs f in w's frame and fails the test on an error.
func (w *WebKitPage) do(t testing.TB, what string, f func(d *WebDriver) error) {
	t.Helper()
	err := w.enter()
	if err == nil {
		err = f(w.s.d)
	}
	if err != nil {
		t.Fatalf("%s: %s: %v", w.Name(), what, err)
	}
}

func (w *WebKitPage) Open(t testing.TB, url string) {
	t.Helper()
	if len(w.path) > 0 {
		w.do(t, "opening "+url, func(d *WebDriver) error {
			_, err := d.Exec(`setTimeout(() => location.replace(arguments[0])); return true`, url)
			return err
		})
		return
	}
	w.do(t, "opening "+url, func(d *WebDriver) error { return d.Navigate(url) })
}

func (w *WebKitPage) Reload(t testing.TB) {
	t.Helper()
	if len(w.path) > 0 {
		w.do(t, "reloading", func(d *WebDriver) error {
			_, err := d.Exec(`setTimeout(() => location.reload()); return true`)
			return err
		})
		return
	}
	w.do(t, "reloading", func(d *WebDriver) error { return d.Refresh() })
}

func (w *WebKitPage) Back(t testing.TB) {
	t.Helper()
	if len(w.path) > 0 {
		w.do(t, "going back", func(d *WebDriver) error {
			_, err := d.Exec(`setTimeout(() => history.back()); return true`)
			return err
		})
		return
	}
	w.do(t, "going back", func(d *WebDriver) error { return d.Back() })
}

func (w *WebKitPage) Eval(expr string) (any, error) {
	if err := w.enter(); err != nil {
		return nil, err
	}
	return w.s.d.Exec("return (" + expr + ")")
}

func (w *WebKitPage) JS(t testing.TB, expr string) any {
	t.Helper()
	return jsRetry(t, w, expr)
}

func (w *WebKitPage) WaitJS(t testing.TB, cond, what string, timeout time.Duration) any {
	t.Helper()
	return waitJS(t, w, cond, what, timeout)
}

// Click waits until the element is actionable, then clicks it: on the top
// page with WebDriver's element click; in a frame with the mouse of the top
// page at a point framePoint worked out. (WebKitWebDriver's element click
// in an iframe scrolls only the iframe's own document, so an element the
// top page has out of view gets a click on the top page instead.)
func (w *WebKitPage) Click(t testing.TB, css string) {
	t.Helper()
	if len(w.path) == 0 {
		waitActionable(t, w, css)
		w.do(t, "clicking "+css, func(d *WebDriver) error {
			el, err := d.Find(css)
			if err != nil {
				return err
			}
			return el.Click()
		})
		return
	}
	x, y := framePoint(t, w.Name(), func(depth int) evaler {
		return &WebKitPage{s: w.s, path: w.path[:depth]}
	}, w.path, css)
	top := &WebKitPage{s: w.s}
	top.do(t, "clicking "+css, func(d *WebDriver) error { return d.ClickAt(x, y) })
}

func (w *WebKitPage) Key(t testing.TB, keys string) {
	t.Helper()
	w.do(t, fmt.Sprintf("typing %q", keys), func(d *WebDriver) error { return d.Keys(keys) })
}

func (w *WebKitPage) Axe(t testing.TB, opts ...AxeOption) []AxeViolation {
	t.Helper()
	if err := w.enter(); err != nil {
		t.Fatalf("%s: axe: %v", w.Name(), err)
	}
	return AxeWebKit(w.s.d, t, opts...)
}

// Screenshot is of the viewport of the top page, for a frame too.
func (w *WebKitPage) Screenshot(t testing.TB) []byte {
	t.Helper()
	top := &WebKitPage{s: w.s}
	var png []byte
	top.do(t, "screenshot", func(d *WebDriver) (err error) {
		png, err = d.Screenshot()
		return err
	})
	return png
}

func (w *WebKitPage) Frame(css string) Page {
	return &WebKitPage{s: w.s, path: append(slices.Clone(w.path), css)}
}
