package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	jsonv2 "github.com/chromedp/cdproto/cdp/jsonv2"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// ChromePage is a Page on a tab of a headless Chromium. Context gives the
// tab's chromedp context for what only Chromium can do (emulation, the
// DevTools protocol).
type ChromePage struct {
	ctx      context.Context
	viewport chromedp.Action[chromedp.Void]
}

var _ Page = (*ChromePage)(nil)

// NewChromePage starts a headless Chromium for the test (see Chrome) and
// returns its first tab as a Page.
func NewChromePage(t testing.TB, opts ...ChromeOption) *ChromePage {
	t.Helper()
	ctx, viewport := chrome(t, opts...)
	return &ChromePage{ctx: ctx, viewport: viewport}
}

// Context is the chromedp context of the tab. It has no deadline.
func (c *ChromePage) Context() context.Context { return c.ctx }

// NewTab opens another tab of the same browser, with the same viewport; it
// closes when the test ends. By default it has a window of its own, so that
// both pages stay visible (a hidden page gets no animation frames and slow
// timers); chromedp.WithNewWindow(false) puts it in front of this page, in
// the same window, which hides this one.
func (c *ChromePage) NewTab(t testing.TB, opts ...chromedp.ContextOption) *ChromePage {
	t.Helper()
	ctx, cancel := chromedp.NewContext(c.ctx, opts...)
	t.Cleanup(cancel)
	// The first action opens the tab, which lives as long as the context
	// of that action: it must not have a deadline, so bound it from
	// outside.
	opened := make(chan error, 1)
	go func() { opened <- chromedp.Do(ctx, c.viewport) }()
	tm := time.NewTimer(ActionTimeout)
	defer tm.Stop()
	select {
	case err := <-opened:
		if err != nil {
			t.Fatalf("chromium: opening a tab: %v", err)
		}
	case <-tm.C:
		t.Fatalf("chromium: opening a tab: no tab within %v", ActionTimeout)
	}
	return &ChromePage{ctx: ctx, viewport: c.viewport}
}

// AddInitScript runs script in every document this tab loads from now on,
// before the document's own scripts: in the top page and in its iframes
// that Chromium runs in the same process (same site). It is for what a
// page must meet from its start, like a browser API that throws; the
// documents already loaded do not run it.
func (c *ChromePage) AddInitScript(t testing.TB, script string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(c.ctx, ActionTimeout)
	defer cancel()
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: script}); err != nil {
		t.Fatalf("chromium: adding a script for every new document: %v", err)
	}
}

// Name is "chromium".
func (c *ChromePage) Name() string { return "chromium" }

// do runs chromedp actions within ActionTimeout.
func (c *ChromePage) do(t testing.TB, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(c.ctx, ActionTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("chromium: %s: %v", what, err)
	}
}

func (c *ChromePage) Open(t testing.TB, url string) {
	t.Helper()
	c.do(t, "opening "+url, chromedp.Navigate(url))
}

func (c *ChromePage) Reload(t testing.TB) {
	t.Helper()
	c.do(t, "reloading", chromedp.Reload())
}

func (c *ChromePage) Back(t testing.TB) {
	t.Helper()
	c.do(t, "going back", chromedp.NavigateBack())
}

func (c *ChromePage) Eval(expr string) (any, error) {
	ctx, cancel := context.WithTimeout(c.ctx, ActionTimeout)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[any](expr, chromedp.EvalAwaitPromise))
}

func (c *ChromePage) JS(t testing.TB, expr string) any {
	t.Helper()
	return jsRetry(t, c, expr)
}

func (c *ChromePage) WaitJS(t testing.TB, cond, what string, timeout time.Duration) any {
	t.Helper()
	return waitJS(t, c, cond, what, timeout)
}

func (c *ChromePage) Click(t testing.TB, css string) {
	t.Helper()
	waitActionable(t, c, css)
	x, y := centre(t, c, css)
	c.do(t, "clicking "+css, chromedp.MouseClickXY(x, y))
}

// centre is the centre of the element css selects, in the page's viewport.
func centre(t testing.TB, p Page, css string) (x, y float64) {
	t.Helper()
	q, _ := json.Marshal(css)
	xy := EvalAs[[]float64](t, p, `(r => [r.left + r.width / 2, r.top + r.height / 2])(document.querySelector(`+string(q)+`).getBoundingClientRect())`)
	return xy[0], xy[1]
}

func (c *ChromePage) Key(t testing.TB, keys string) {
	t.Helper()
	actions, err := chromeKeys(keys)
	if err != nil {
		t.Fatalf("chromium: %v", err)
	}
	c.do(t, fmt.Sprintf("typing %q", keys), actions...)
}

// chromeKeys turns Key's argument (text and the W3C Key* constants) into
// chromedp key events.
func chromeKeys(keys string) ([]chromedp.Action[chromedp.Void], error) {
	var (
		out  []chromedp.Action[chromedp.Void]
		held []chromedp.Modifier
	)
	mods := map[string]chromedp.Modifier{KeyShift: chromedp.ModifierShift, KeyControl: chromedp.ModifierCtrl, KeyAlt: chromedp.ModifierAlt, KeyMeta: chromedp.ModifierMeta}
	named := map[string]string{
		KeyTab: kb.Tab, KeyEnter: kb.Enter, KeyEscape: kb.Escape, KeySpace: " ", KeyBackspace: kb.Backspace,
		KeyDelete: kb.Delete, KeyHome: kb.Home, KeyEnd: kb.End, KeyPageUp: kb.PageUp, KeyPageDown: kb.PageDown,
		KeyArrowLeft: kb.ArrowLeft, KeyArrowRight: kb.ArrowRight, KeyArrowUp: kb.ArrowUp, KeyArrowDown: kb.ArrowDown,
	}
	for _, r := range keys {
		k := string(r)
		if m, ok := mods[k]; ok {
			i := -1
			for j, h := range held {
				if h == m {
					i = j
				}
			}
			if i >= 0 {
				held = append(held[:i], held[i+1:]...)
			} else {
				held = append(held, m)
			}
			continue
		}
		if r >= 0xE000 && r <= 0xF8FF {
			n, ok := named[k]
			if !ok {
				return nil, fmt.Errorf("key %U has no Chromium equivalent here: add it to chromeKeys", r)
			}
			k = n
		}
		out = append(out, chromedp.KeyEvent(k, chromedp.KeyModifiers(held...)))
	}
	return out, nil
}

func (c *ChromePage) Axe(t testing.TB, opts ...AxeOption) []AxeViolation {
	t.Helper()
	return AxeChrome(c.ctx, t, opts...)
}

func (c *ChromePage) Screenshot(t testing.TB) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(c.ctx, ActionTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("chromium: screenshot: %v", err)
	}
	return png
}

func (c *ChromePage) Frame(css string) Page { return &chromeFrame{top: c, path: []string{css}} }

// chromeFrame is the document of an iframe of a ChromePage (path: the
// iframe's selector in the top page, then in that frame, and so on). Its
// scripts run as functions called on that document through the DevTools
// protocol: in the page's own JavaScript world, past its
// Content-Security-Policy, as the top page's do. An iframe of another origin
// works as long as Chromium runs it in the same process (same site).
type chromeFrame struct {
	top  *ChromePage
	path []string
}

func (f *chromeFrame) Name() string { return "chromium " + strings.Join(f.path, " ") }

// objectGroup holds the remote objects of one call, released after it.
const objectGroup = "browsertest-frame"

// document returns the remote object of the document of the iframe at
// f.path[:depth] (0: the top page's).
func (f *chromeFrame) document(ctx context.Context, depth int) (runtime.RemoteObjectID, error) {
	doc, err := chromedp.Call(ctx, runtime.Evaluate, runtime.EvaluateParams{Expression: "document", ObjectGroup: objectGroup})
	if err != nil {
		return "", err
	}
	id := doc.Result.ObjectID
	for _, css := range f.path[:depth] {
		el, err := chromedp.Call(ctx, runtime.CallFunctionOn, runtime.CallFunctionOnParams{
			FunctionDeclaration: "function (css) { return this.querySelector(css); }",
			ObjectID:            id,
			Arguments:           []*runtime.CallArgument{{Value: jsonv2.Value(jsonText(css))}},
			ObjectGroup:         objectGroup,
		})
		if err != nil {
			return "", err
		}
		if el.ExceptionDetails != nil {
			return "", &chromedp.ExceptionError{ExceptionDetails: el.ExceptionDetails}
		}
		if el.Result == nil || el.Result.ObjectID == "" {
			return "", fmt.Errorf("no element matches %s", css)
		}
		desc, err := chromedp.Call(ctx, dom.DescribeNode, dom.DescribeNodeParams{ObjectID: el.Result.ObjectID})
		if err != nil {
			return "", fmt.Errorf("describing %s: %w", css, err)
		}
		if desc.Node == nil || desc.Node.ContentDocument == nil {
			return "", fmt.Errorf("%s has no document here (not an iframe, not loaded yet, or in another process)", css)
		}
		d, err := chromedp.Call(ctx, dom.ResolveNode, dom.ResolveNodeParams{BackendNodeID: desc.Node.ContentDocument.BackendNodeID, ObjectGroup: objectGroup})
		if err != nil {
			return "", fmt.Errorf("the document of %s: %w", css, err)
		}
		id = d.Object.ObjectID
	}
	return id, nil
}

// callAt runs body as the body of an async function whose this is the
// document at depth, awaits its result and decodes it from JSON.
func (f *chromeFrame) callAt(depth int, body string) (any, error) {
	ctx, cancel := context.WithTimeout(f.top.ctx, ActionTimeout)
	defer cancel()
	defer chromedp.Call(ctx, runtime.ReleaseObjectGroup, runtime.ReleaseObjectGroupParams{ObjectGroup: objectGroup})
	doc, err := f.document(ctx, depth)
	if err != nil {
		return nil, err
	}
	res, err := chromedp.Call(ctx, runtime.CallFunctionOn, runtime.CallFunctionOnParams{
		FunctionDeclaration: "async function () {\n" + body + "\n}",
		ObjectID:            doc,
		AwaitPromise:        new(true),
		ReturnByValue:       new(true),
	})
	if err != nil {
		return nil, err
	}
	if res.ExceptionDetails != nil {
		return nil, &chromedp.ExceptionError{ExceptionDetails: res.ExceptionDetails}
	}
	var v any
	if res.Result != nil && len(res.Result.Value) > 0 {
		if err := json.Unmarshal(res.Result.Value, &v); err != nil {
			return nil, fmt.Errorf("decoding %.200s: %w", res.Result.Value, err)
		}
	}
	return v, nil
}

func (f *chromeFrame) Eval(expr string) (any, error) {
	return f.callAt(len(f.path), "return ("+expr+");")
}

func (f *chromeFrame) JS(t testing.TB, expr string) any {
	t.Helper()
	return jsRetry(t, f, expr)
}

func (f *chromeFrame) WaitJS(t testing.TB, cond, what string, timeout time.Duration) any {
	t.Helper()
	return waitJS(t, f, cond, what, timeout)
}

// Click clicks the element's centre with the mouse of the top page (see
// framePoint).
func (f *chromeFrame) Click(t testing.TB, css string) {
	t.Helper()
	x, y := framePoint(t, f.Name(), func(depth int) evaler {
		if depth == 0 {
			return f.top
		}
		return &chromeFrame{top: f.top, path: f.path[:depth]}
	}, f.path, css)
	f.top.do(t, "clicking "+css+" in "+strings.Join(f.path, " "), chromedp.MouseClickXY(x, y))
}

func (f *chromeFrame) Key(t testing.TB, keys string) { t.Helper(); f.top.Key(t, keys) }

func (f *chromeFrame) Axe(t testing.TB, opts ...AxeOption) []AxeViolation {
	t.Helper()
	src := AxeSource(t)
	if v, err := f.callAt(len(f.path), "if (typeof window.axe !== 'object') {\n"+src+"\n}\nreturn typeof window.axe;"); err != nil || v != "object" {
		t.Fatalf("%s: injecting axe.min.js: %v %v", f.Name(), v, err)
	}
	v, err := f.Eval(axeRunJS + "(" + axeArgs(opts) + ")")
	if err != nil {
		t.Fatalf("%s: running axe: %v", f.Name(), err)
	}
	s, _ := v.(string)
	vs, err := parseAxe(s)
	if err != nil {
		t.Fatalf("%s: axe: %v", f.Name(), err)
	}
	return vs
}

func (f *chromeFrame) Screenshot(t testing.TB) []byte { t.Helper(); return f.top.Screenshot(t) }

func (f *chromeFrame) Frame(css string) Page {
	return &chromeFrame{top: f.top, path: append(slices.Clone(f.path), css)}
}

// Open, Reload and Back act on the frame's own location; they return once
// the frame has started to go (wait for the new document with WaitJS).
func (f *chromeFrame) Open(t testing.TB, url string) {
	t.Helper()
	f.navigate(t, "opening "+url, "location.replace("+jsonText(url)+")")
}

func (f *chromeFrame) Reload(t testing.TB) {
	t.Helper()
	f.navigate(t, "reloading", "location.reload()")
}
func (f *chromeFrame) Back(t testing.TB) { t.Helper(); f.navigate(t, "going back", "history.back()") }

func (f *chromeFrame) navigate(t testing.TB, what, js string) {
	t.Helper()
	if _, err := f.callAt(len(f.path), "setTimeout(() => "+js+"); return true;"); err != nil {
		t.Fatalf("%s: %s: %v", f.Name(), what, err)
	}
}
