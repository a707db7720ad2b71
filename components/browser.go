package components

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The few browser calls the views make. On the server go-app's Window is
// inert, so these are no-ops there.

func documentElement() app.Value {
	return app.Window().Get("document").Get("documentElement")
}

func setRootAttr(name, value string) {
	if app.IsClient {
		documentElement().Call("setAttribute", name, value)
	}
}

func removeRootAttr(name string) {
	if app.IsClient {
		documentElement().Call("removeAttribute", name)
	}
}

// userAgent is the browser's user agent string ("" on the server).
func userAgent() string {
	if !app.IsClient {
		return ""
	}
	return app.Window().Get("navigator").Get("userAgent").String()
}

// replaceURL changes the address without adding a history entry.
func replaceURL(u string) {
	if app.IsClient {
		app.Window().Get("history").Call("replaceState", nil, "", u)
	}
}

func focusByID(id string) {
	if !app.IsClient {
		return
	}
	if el := app.Window().GetElementByID(id); el.Truthy() {
		el.Call("focus")
	}
}

// announce puts text into the polite live region, so screen readers read the
// new step's title.
func announce(text string) {
	if !app.IsClient {
		return
	}
	if el := app.Window().GetElementByID("ff-live"); el.Truthy() {
		el.Set("textContent", text)
	}
}

// promise waits for a JS promise and reports whether it resolved.
func promise(p app.Value, done func(ok bool)) {
	if !p.Truthy() {
		done(false)
		return
	}
	var ok, fail app.Func
	settle := func(v bool) {
		done(v)
		ok.Release()
		fail.Release()
	}
	ok = app.FuncOf(func(app.Value, []app.Value) any { settle(true); return nil })
	fail = app.FuncOf(func(app.Value, []app.Value) any { settle(false); return nil })
	p.Call("then", ok, fail)
}

// copyText puts text on the clipboard: the async Clipboard API where there
// is one, else a hidden textarea and execCommand (older WebKit, some iframes).
func copyText(text string, done func(ok bool)) {
	if !app.IsClient {
		return
	}
	if cb := app.Window().Get("navigator").Get("clipboard"); cb.Truthy() {
		promise(cb.Call("writeText", text), func(ok bool) {
			if ok {
				done(true)
				return
			}
			done(copyWithTextarea(text))
		})
		return
	}
	done(copyWithTextarea(text))
}

func copyWithTextarea(text string) bool {
	doc := app.Window().Get("document")
	ta := doc.Call("createElement", "textarea")
	ta.Set("value", text)
	ta.Call("setAttribute", "readonly", "")
	ta.Get("style").Set("position", "fixed")
	ta.Get("style").Set("opacity", "0")
	doc.Get("body").Call("appendChild", ta)
	ta.Call("select")
	ok := doc.Call("execCommand", "copy").Bool()
	ta.Call("remove")
	return ok
}

// share opens the system share sheet (Web Share API); where there is none,
// or the user's browser refuses, the link is copied instead. shared is true
// when the sheet was used.
func share(title, text, link string, done func(shared, copied bool)) {
	if !app.IsClient {
		return
	}
	nav := app.Window().Get("navigator")
	if nav.Get("share").Truthy() {
		data := map[string]any{"title": title, "text": text, "url": link}
		promise(nav.Call("share", data), func(ok bool) {
			if ok {
				done(true, false)
				return
			}
			// Cancelled or refused: leave the clipboard alone if the user
			// cancelled on purpose; copying the link is the fallback only
			// where sharing is impossible.
			done(false, false)
		})
		return
	}
	copyText(link, func(ok bool) { done(false, ok) })
}

func printPage() {
	if app.IsClient {
		app.Window().Call("print")
	}
}

// absoluteURL turns a path into a full URL on this page's origin.
func absoluteURL(path string) string {
	if !app.IsClient {
		return path
	}
	return app.Window().Get("location").Get("origin").String() + path
}

// Mark sets a User Timing mark (performance.mark): the boot's milestones
// ("boot:main", "boot:guides", "boot:mounted", "boot:ready") show in a
// browser's performance trace, where make bench reads them to split the
// boot into its parts, and each render ("render") is where make bench
// times a step change's work from. A name keeps only its last mark: marks
// stay in the page's timeline until cleared, and a page may stay open for
// many steps. It costs two calls into JS.
func Mark(name string) {
	if !app.IsClient {
		return
	}
	if p := app.Window().Get("performance"); p.Truthy() && p.Get("mark").Truthy() && p.Get("clearMarks").Truthy() {
		p.Call("clearMarks", name)
		p.Call("mark", name)
	}
}

// YieldToBrowser ends the current main-thread task and resumes in a later
// one: the browser may paint and handle input in between. Go on wasm returns
// to the browser only when no goroutine can run, so a boot that does not
// yield is one long task; the wasm's main yields after the Go runtime and
// package init and after the guides, so that go-app's mount and first
// render (one task: go-app does not yield) is the longest. A sleep is the
// yield: the only goroutine waits on a timer, which Go on wasm sets with
// the browser's setTimeout. On the server it does nothing.
func YieldToBrowser() {
	if app.IsClient {
		time.Sleep(time.Millisecond)
	}
}
