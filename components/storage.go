package components

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// The walk kept on this device, in local storage. Every access is guarded:
// when the user blocks site data (Chromium's "Block cookies and site data",
// Safari's "Block All Cookies") reading window.localStorage itself throws a
// SecurityError, and a full store throws a QuotaExceededError on setItem. A
// JavaScript exception inside a call from Go is a Go panic, and a panic
// after go-app has replaced the prerendered page would leave nothing on
// screen. Without storage the walk still works from the URL alone.
//
// The storage object is fetched with Reflect.get called as a function, not
// read as a property: syscall/js turns an exception thrown by a JavaScript
// function it calls into a Go panic (recovered below), but one thrown by a
// property getter it reads (wasm_exec.js's valueGet has no try/catch)
// unwinds through the WebAssembly stack and ends the Go program on the
// spot. go-app's own ctx.LocalStorage() reads the property, so the widget
// never uses it.

// storageKey is where the last walk of a guide is kept.
func storageKey(guideID string) string { return "fixflow:" + guideID }

// loadWalk reads the walk kept under key; ok is false when there is none or
// storage cannot be read.
func loadWalk(key string) (walk string, ok bool) {
	if !app.IsClient {
		return "", false
	}
	defer func() {
		if recover() != nil {
			walk, ok = "", false
		}
	}()
	v := localStorage().Call("getItem", key)
	if v.Type() != app.TypeString {
		return "", false
	}
	return v.String(), true
}

// saveWalk keeps the walk under key and reports whether it could.
func saveWalk(key, walk string) (ok bool) {
	if !app.IsClient {
		return false
	}
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	localStorage().Call("setItem", key, walk)
	return true
}

// removeWalk forgets what is kept under key, when it can.
func removeWalk(key string) {
	if !app.IsClient {
		return
	}
	defer func() { recover() }()
	localStorage().Call("removeItem", key)
}

// localStorage is window.localStorage; it panics (recoverably) when reading
// it throws.
func localStorage() app.Value {
	w := app.Window()
	return w.Get("Reflect").Call("get", w, "localStorage")
}
