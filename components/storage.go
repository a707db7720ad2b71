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
// go-app's own ctx.LocalStorage() does not recover from the first of these,
// so the widget never uses it.

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
	v := app.Window().Get("localStorage").Call("getItem", key)
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
	app.Window().Get("localStorage").Call("setItem", key, walk)
	return true
}
