package browsertest

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// WebDriver key codes for Keys and Element.SendKeys (W3C WebDriver, "Keyboard
// actions"). Shift, Control, Alt and Meta are modifiers: see Keys.
const (
	KeyBackspace  = "\uE003"
	KeyTab        = "\uE004"
	KeyEnter      = "\uE007"
	KeyShift      = "\uE008"
	KeyControl    = "\uE009"
	KeyAlt        = "\uE00A"
	KeyEscape     = "\uE00C"
	KeySpace      = "\uE00D"
	KeyPageUp     = "\uE00E"
	KeyPageDown   = "\uE00F"
	KeyEnd        = "\uE010"
	KeyHome       = "\uE011"
	KeyArrowLeft  = "\uE012"
	KeyArrowUp    = "\uE013"
	KeyArrowRight = "\uE014"
	KeyArrowDown  = "\uE015"
	KeyDelete     = "\uE017"
	KeyMeta       = "\uE03D"
)

// elementKey is the JSON key of a web element reference (W3C WebDriver).
const elementKey = "element-6066-11e4-a52e-4f735466cecf"

// errHidden is the reason WaitFor gives for an element that is not displayed.
var errHidden = errors.New("the element is present but not displayed")

// WebDriver is a W3C WebDriver session, made by WebKit. Its methods are safe
// to call from one goroutine at a time (a browser session is sequential
// anyway).
type WebDriver struct {
	// SessionID is the WebDriver session id.
	SessionID string
	// Capabilities are those the driver returned for the session.
	Capabilities map[string]any
	// Display is the X display the browser runs on, like ":99".
	Display string

	base      string // driver URL, like http://127.0.0.1:4444
	client    *http.Client
	closeOnce sync.Once
	closeErr  error
}

// Element is a reference to a DOM element of the current page of a WebDriver
// session. It marshals to a W3C element reference, so it can be passed to
// Exec as an argument; element results of Exec come back as Element too.
type Element struct {
	ID string
	d  *WebDriver
}

// MarshalJSON encodes e as a W3C web element reference.
func (e Element) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]string{elementKey: e.ID})
}

// Error is an error answer of the WebDriver server.
type Error struct {
	Method, Path string // the command, like POST /session/{id}/element
	Status       int    // HTTP status
	Code         string // W3C error code, like "no such element"
	Message      string
}

func (e *Error) Error() string {
	msg := e.Message
	if msg == "" {
		msg = "(no message)"
	}
	return fmt.Sprintf("webdriver %s %s: %s (HTTP %d): %s", e.Method, e.Path, e.Code, e.Status, msg)
}

// IsErrorCode reports whether err is a WebDriver Error with the W3C code,
// such as "no such element" or "stale element reference".
func IsErrorCode(err error, code string) bool {
	var we *Error
	return errors.As(err, &we) && we.Code == code
}

// do sends a command. body nil means no body (GET, DELETE); the "value" of the
// answer is decoded into out when out is not nil.
func (d *WebDriver) do(method, path string, body, out any) error {
	return d.doTimeout(0, method, path, body, out)
}

// doTimeout is do with a timeout shorter than the client's, if not zero.
func (d *WebDriver) doTimeout(timeout time.Duration, method, path string, body, out any) error {
	ctx := context.Background()
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("webdriver %s %s: encoding the request: %w", method, path, err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, d.base+path, rd)
	if err != nil {
		return fmt.Errorf("webdriver %s %s: %w", method, path, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json; charset=utf-8")
	}
	resp, err := d.client.Do(req)
	if err != nil {
		return fmt.Errorf("webdriver %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("webdriver %s %s: reading the answer: %w", method, path, err)
	}
	var env struct {
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(data, &env); err != nil {
		return fmt.Errorf("webdriver %s %s: HTTP %d, answer is not JSON: %.300q", method, path, resp.StatusCode, data)
	}
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Error   string `json:"error"`
			Message string `json:"message"`
		}
		_ = json.Unmarshal(env.Value, &e)
		if e.Error == "" {
			e.Error = "unknown error"
		}
		return &Error{Method: method, Path: path, Status: resp.StatusCode, Code: e.Error, Message: e.Message}
	}
	if out != nil {
		if err := json.Unmarshal(env.Value, out); err != nil {
			return fmt.Errorf("webdriver %s %s: decoding the answer %.300q: %w", method, path, env.Value, err)
		}
	}
	return nil
}

// sess is the path of a command of the session.
func (d *WebDriver) sess(format string, args ...any) string {
	return "/session/" + url.PathEscape(d.SessionID) + fmt.Sprintf(format, args...)
}

// Navigate loads url and waits for the page load (or the pageLoad timeout,
// 30 s).
func (d *WebDriver) Navigate(url string) error {
	return d.do("POST", d.sess("/url"), map[string]string{"url": url}, nil)
}

// URL returns the URL of the current page.
func (d *WebDriver) URL() (string, error) {
	var u string
	err := d.do("GET", d.sess("/url"), nil, &u)
	return u, err
}

// Title returns the title of the current page.
func (d *WebDriver) Title() (string, error) {
	var s string
	err := d.do("GET", d.sess("/title"), nil, &s)
	return s, err
}

// Back goes back one page in the history.
func (d *WebDriver) Back() error {
	return d.do("POST", d.sess("/back"), struct{}{}, nil)
}

// Forward goes forward one page in the history.
func (d *WebDriver) Forward() error {
	return d.do("POST", d.sess("/forward"), struct{}{}, nil)
}

// Refresh reloads the current page.
func (d *WebDriver) Refresh() error {
	return d.do("POST", d.sess("/refresh"), struct{}{}, nil)
}

type elementRef map[string]string

func (d *WebDriver) element(r elementRef) (Element, error) {
	id, ok := r[elementKey]
	if !ok || id == "" {
		return Element{}, fmt.Errorf("webdriver: answer has no element reference: %v", r)
	}
	return Element{ID: id, d: d}, nil
}

// Find returns the first element that matches the CSS selector. A missing
// element is an Error with the code "no such element".
func (d *WebDriver) Find(css string) (Element, error) {
	var r elementRef
	if err := d.do("POST", d.sess("/element"), map[string]string{"using": "css selector", "value": css}, &r); err != nil {
		return Element{}, err
	}
	return d.element(r)
}

// FindAll returns all elements that match the CSS selector, maybe none.
func (d *WebDriver) FindAll(css string) ([]Element, error) {
	var rs []elementRef
	if err := d.do("POST", d.sess("/elements"), map[string]string{"using": "css selector", "value": css}, &rs); err != nil {
		return nil, err
	}
	els := make([]Element, 0, len(rs))
	for _, r := range rs {
		e, err := d.element(r)
		if err != nil {
			return nil, err
		}
		els = append(els, e)
	}
	return els, nil
}

// ActiveElement returns the focused element (document.activeElement).
func (d *WebDriver) ActiveElement() (Element, error) {
	var r elementRef
	if err := d.do("GET", d.sess("/element/active"), nil, &r); err != nil {
		return Element{}, err
	}
	return d.element(r)
}

// WaitFor polls until an element matches the CSS selector and is displayed,
// and returns it. The error says whether the element was missing or hidden.
func (d *WebDriver) WaitFor(css string, timeout time.Duration) (Element, error) {
	var (
		found Element
		last  error
		fatal bool
	)
	_, _ = until(timeout, func() (bool, string) {
		el, err := d.Find(css)
		if err == nil {
			var shown bool
			shown, err = el.Displayed()
			if err == nil && shown {
				found, last = el, nil
				return true, ""
			}
			if err == nil {
				err = errHidden
			}
		}
		last = err
		// "no such frame" comes while the page is navigating.
		fatal = !IsErrorCode(err, "no such element") && !IsErrorCode(err, "stale element reference") &&
			!IsErrorCode(err, "no such frame") && !errors.Is(err, errHidden)
		return fatal, err.Error()
	})
	switch {
	case last == nil:
		return found, nil
	case fatal:
		return Element{}, fmt.Errorf("waiting for %q: %w", css, last)
	default:
		return Element{}, fmt.Errorf("waiting for %q: timed out after %v: %w", css, timeout, last)
	}
}

// WaitUntil polls the script (a function body, as for Exec) until it returns a
// truthy value (not null, false, 0 or ""), and returns that value. A script
// error ends the wait at once.
func (d *WebDriver) WaitUntil(script string, timeout time.Duration, args ...any) (any, error) {
	var (
		v   any
		err error
	)
	_, werr := until(timeout, func() (bool, string) {
		v, err = d.Exec(script, args...)
		return err != nil || truthy(v), ""
	})
	switch {
	case err != nil:
		return nil, fmt.Errorf("waiting until %.80q: %w", script, err)
	case werr != nil:
		return v, fmt.Errorf("waiting until %.80q: timed out after %v (last value %v)", script, timeout, v)
	}
	return v, nil
}

func truthy(v any) bool {
	switch v := v.(type) {
	case nil:
		return false
	case bool:
		return v
	case float64:
		return v != 0
	case string:
		return v != ""
	default:
		return true
	}
}

// Exec runs script as the body of a function (use arguments[0] ... and
// return) in the current page, and returns its result decoded from JSON:
// nil, bool, float64, string, []any, map[string]any, or Element for DOM
// elements. A returned promise is awaited.
func (d *WebDriver) Exec(script string, args ...any) (any, error) {
	return d.exec("/execute/sync", script, args)
}

// ExecAsync runs script as the body of a function that gets a callback as its
// last argument (arguments[arguments.length-1]); the result is the value the
// script passes to the callback. The script timeout is 30 s.
func (d *WebDriver) ExecAsync(script string, args ...any) (any, error) {
	return d.exec("/execute/async", script, args)
}

func (d *WebDriver) exec(path, script string, args []any) (any, error) {
	if args == nil {
		args = []any{}
	}
	var raw json.RawMessage
	if err := d.do("POST", d.sess("%s", path), map[string]any{"script": script, "args": args}, &raw); err != nil {
		return nil, err
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, err
	}
	return d.elements(v), nil
}

// elements turns element references in a decoded script result into Element.
func (d *WebDriver) elements(v any) any {
	switch x := v.(type) {
	case map[string]any:
		if id, ok := x[elementKey].(string); ok && len(x) == 1 {
			return Element{ID: id, d: d}
		}
		for k, e := range x {
			x[k] = d.elements(e)
		}
	case []any:
		for i, e := range x {
			x[i] = d.elements(e)
		}
	}
	return v
}

// SwitchToFrame makes the iframe element the context of the next commands
// (Find, Exec, ...); nil goes back to the top-level page.
func (d *WebDriver) SwitchToFrame(frame *Element) error {
	var id any // null: the top-level browsing context
	if frame != nil {
		id = *frame
	}
	return d.do("POST", d.sess("/frame"), map[string]any{"id": id}, nil)
}

// SwitchToParentFrame makes the parent of the current frame the context.
func (d *WebDriver) SwitchToParentFrame() error {
	return d.do("POST", d.sess("/frame/parent"), struct{}{}, nil)
}

// Command sends any W3C WebDriver command of the session: path is relative
// to /session/{id} (like "/window" or "/alert/text"), body nil sends none,
// and the "value" of the answer is decoded into out when it is not nil. An
// error answer is an *Error.
func (d *WebDriver) Command(method, path string, body, out any) error {
	return d.do(method, d.sess("%s", path), body, out)
}

// Screenshot returns a PNG of the viewport.
func (d *WebDriver) Screenshot() ([]byte, error) {
	var s string
	if err := d.do("GET", d.sess("/screenshot"), nil, &s); err != nil {
		return nil, err
	}
	return base64.StdEncoding.DecodeString(s)
}

// SetWindowRect resizes the browser window to w x h (outer size, CSS
// pixels) and waits until the page sees the new size (up to 5 s; WebKit
// resizes asynchronously). A window has a minimum size, so the result can be
// larger: SetViewportSize checks what the page got.
func (d *WebDriver) SetWindowRect(w, h int) error {
	var rect struct{ Width, Height float64 }
	if err := d.do("POST", d.sess("/window/rect"), map[string]int{"width": w, "height": h}, &rect); err != nil {
		return err
	}
	_, err := d.WaitUntil(`return outerWidth === arguments[0] && outerHeight === arguments[1]`,
		5*time.Second, int(rect.Width), int(rect.Height))
	if err != nil {
		return fmt.Errorf("the window is %vx%v, but the page does not see it: %w", rect.Width, rect.Height, err)
	}
	return nil
}

// viewport is [innerWidth, innerHeight, outerWidth, outerHeight].
func (d *WebDriver) viewport() (n [4]int, err error) {
	v, err := d.Exec(`return [innerWidth, innerHeight, outerWidth, outerHeight]`)
	if err != nil {
		return n, fmt.Errorf("reading the viewport size: %w", err)
	}
	vs, _ := v.([]any)
	if len(vs) != 4 {
		return n, fmt.Errorf("reading the viewport size: got %v", v)
	}
	for i := range n {
		f, _ := vs[i].(float64)
		n[i] = int(f)
	}
	return n, nil
}

// SetViewportSize resizes the window so that the page's viewport
// (innerWidth x innerHeight) is w x h: the window is larger by the browser's
// toolbar. MiniBrowser's toolbar keeps its window at least 447 pixels wide,
// so a narrower viewport (a phone's) is an error that says what it got.
func (d *WebDriver) SetViewportSize(w, h int) error {
	n, err := d.viewport()
	if err != nil {
		return err
	}
	if n[0] == w && n[1] == h {
		return nil
	}
	if err := d.SetWindowRect(w+n[2]-n[0], h+n[3]-n[1]); err != nil {
		return err
	}
	// The viewport follows the window; give it a moment under load.
	_, werr := until(2*time.Second, func() (bool, string) {
		n, err = d.viewport()
		return err != nil || (n[0] == w && n[1] == h), ""
	})
	switch {
	case err != nil:
		return err
	case werr != nil:
		return fmt.Errorf("the viewport is %dx%d, not %dx%d (the window has a minimum size)", n[0], n[1], w, h)
	}
	return nil
}

// Keys types s into the focused element with W3C key actions, one key press
// per rune: use the Key* constants for special keys, like Keys(KeyTab) or
// Keys("abc" + KeyEnter). A modifier (KeyShift, KeyControl, KeyAlt, KeyMeta)
// stays down until it comes again or s ends, so Keys(KeyShift+KeyTab) is
// Shift+Tab.
func (d *WebDriver) Keys(s string) error {
	return d.do("POST", d.sess("/actions"), map[string]any{"actions": []any{map[string]any{
		"type": "key", "id": "browsertest-keyboard", "actions": keyActions(s),
	}}}, nil)
}

// ClickAt clicks with the mouse at x, y in the viewport of the current
// browsing context (W3C pointer actions; the point is rounded to whole CSS
// pixels).
func (d *WebDriver) ClickAt(x, y float64) error {
	return d.do("POST", d.sess("/actions"), map[string]any{"actions": []any{map[string]any{
		"type": "pointer", "id": "browsertest-mouse", "parameters": map[string]string{"pointerType": "mouse"},
		"actions": []map[string]any{
			{"type": "pointerMove", "duration": 0, "origin": "viewport", "x": int(math.Round(x)), "y": int(math.Round(y))},
			{"type": "pointerDown", "button": 0},
			{"type": "pointerUp", "button": 0},
		},
	}}}, nil)
}

func isModifier(k string) bool {
	switch k {
	case KeyShift, KeyControl, KeyAlt, KeyMeta:
		return true
	}
	return false
}

// keyActions is the W3C key action sequence for Keys.
func keyActions(s string) []map[string]string {
	var acts []map[string]string
	var held []string
	for _, r := range s {
		k := string(r)
		if isModifier(k) {
			if i := indexOf(held, k); i >= 0 {
				held = append(held[:i], held[i+1:]...)
				acts = append(acts, map[string]string{"type": "keyUp", "value": k})
			} else {
				held = append(held, k)
				acts = append(acts, map[string]string{"type": "keyDown", "value": k})
			}
			continue
		}
		acts = append(acts,
			map[string]string{"type": "keyDown", "value": k},
			map[string]string{"type": "keyUp", "value": k})
	}
	for i := len(held) - 1; i >= 0; i-- {
		acts = append(acts, map[string]string{"type": "keyUp", "value": held[i]})
	}
	return acts
}

func indexOf(xs []string, x string) int {
	for i, y := range xs {
		if y == x {
			return i
		}
	}
	return -1
}

func (e Element) path(format string, args ...any) string {
	return e.d.sess("/element/%s%s", url.PathEscape(e.ID), fmt.Sprintf(format, args...))
}

// Click scrolls the element into view and clicks its centre.
func (e Element) Click() error {
	return e.d.do("POST", e.path("/click"), struct{}{}, nil)
}

// Text returns the rendered (visible) text of the element.
func (e Element) Text() (string, error) {
	var s string
	err := e.d.do("GET", e.path("/text"), nil, &s)
	return s, err
}

// SendKeys focuses the element and types s into it; Key* constants work.
func (e Element) SendKeys(s string) error {
	return e.d.do("POST", e.path("/value"), map[string]string{"text": s}, nil)
}

// Clear empties an input or a textarea.
func (e Element) Clear() error {
	return e.d.do("POST", e.path("/clear"), struct{}{}, nil)
}

// Attr returns the attribute as written in the DOM (getAttribute), or "" when
// the element has none. (WebKitWebDriver's own attribute command answers with
// some properties instead, like the absolute URL for href; Property gives
// those.)
func (e Element) Attr(name string) (string, error) {
	v, err := e.d.Exec(`return arguments[0].getAttribute(arguments[1])`, e, name)
	if err != nil || v == nil {
		return "", err
	}
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("webdriver: attribute %q is %T, not a string", name, v)
	}
	return s, nil
}

// Property returns the DOM property (like "value" or "checked").
func (e Element) Property(name string) (any, error) {
	var v any
	err := e.d.do("GET", e.path("/property/%s", url.PathEscape(name)), nil, &v)
	return e.d.elements(v), err
}

// Displayed reports whether the element is visible.
func (e Element) Displayed() (bool, error) {
	var b bool
	err := e.d.do("GET", e.path("/displayed"), nil, &b)
	return b, err
}
