package site

// The seam with go-app: every place fixflow bends go-app's behaviour, in
// one list. go-app is used as it is (never forked or vendored); each bend
// names the go-app behaviour it works around and the test that fails when
// a go-app upgrade changes that behaviour. Prefer go-app's own hooks: where
// one exists it is used (OnInit, OnNav, OnAppUpdate, Handler's
// LoadingLabel, RunWhenOnBrowser); the bends below are where none does.
//
//  1. Pages are written by the site, not go-app's handler (page.go).
//     go-app writes attribute values with strconv.Quote, which does not
//     HTML-escape, and its attribute order changes between renders. The
//     document keeps what go-app's browser side needs: the root component's
//     element first in <body>, go-app's loader elements, wasm_exec.js before
//     app.js. Test: TestPageDocumentMatchesGoApp.
//  2. app.js fetches the wasm plainly on pages the service worker controls
//     (patchAppJS below). go-app wraps the download in a synthetic Response
//     to count progress; it has no URL, so the browser cannot reuse the
//     code it compiled last time. Tests: TestAppJSFetchesTheWasmPlainly…,
//     and patchAppJS itself refuses an app.js it does not recognise.
//  3. go-app's full-screen loader becomes a thin bar (web/fixflow.css,
//     web/fixflow.js). go-app writes the progress as text into
//     #app-wasm-loader-label (Handler.LoadingLabel "{progress}"); the page
//     script turns it into the bar's width. Test: TestGoAppLoaderContract.
//  4. A stand-in for a blocked localStorage (web/fixflow.js). go-app's
//     engine reads window.localStorage when it starts
//     (stateManager.CleanupExpiredPersistedStates) without catching what a
//     browser that blocks site data throws, which ends the Go program before
//     it draws. Tests: TestStorageBlockedInChromium and the other
//     storage_browser_test.go tests. (The widget's own reads go through
//     components/storage.go, not go-app's ctx.LocalStorage.)
//  5. The server's page comes back if the Go program dies after the
//     takeover (web/fixflow.js wraps wasm_exec.js's Go.prototype.run, whose
//     promise settles when the program ends). go-app re-renders rather than
//     hydrates: once it has taken over, a panic leaves an empty page. Tests:
//     TestCrashFallsBackToServerPageInChromium, TestGoAppLoaderContract
//     (the shape of Go.run).
//  6. In a host page's iframe, links replace the frame's history entry
//     (web/frame.js listens for clicks in the capture phase, before
//     go-app's window.onclick, which would pushState and add entries to
//     the host tab's history; it calls window.fixflowNavigate, which the
//     Guide component installs, to navigate in place). Test:
//     TestEmbedChromium/TestEmbedWebKit (history length unchanged).
//  7. window.fixflowControlledAtLoad (web/fixflow.js): go-app reports an
//     app update on the very first visit too (the new worker claims the
//     page); only a page that a worker already controlled when it loaded
//     offers "Reload". Test: TestUpdateInChromium (no banner on a first
//     visit, one after a real update).
//  8. The Guide loads its step in OnInit (components/guide.go), before
//     go-app's first render: go-app mounts and renders the root component
//     before OnNav, and an empty first render over the prerendered page
//     loses the scroll position. Test: TestWasmTakeoverKeepsScrollAndLayout.

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
)

// fetchWasmJS replaces go-app's wasm download on pages the service worker
// already controls. go-app wraps the response in a synthetic Response to
// count progress; such a response has no URL, so the browser cannot reuse
// the module it compiled last time and compiles 7 MB again on every visit.
// From the cache the download is instant anyway: fetch it plainly.
const fetchWasmJS = `
// fixflow: on a page the service worker controls, fetch the wasm plainly so
// the browser can reuse its compiled code (see internal/site/goapp.go).
function fixflowFetchWasm(url, progress) {
  if (navigator.serviceWorker && navigator.serviceWorker.controller) {
    progress(100);
    return fetch(url);
  }
  return fetchWithProgress(url, progress);
}
`

// patchAppJS routes go-app's wasm download through fixflowFetchWasm. It
// fails loudly if go-app's loader no longer looks as expected (an upgrade).
func patchAppJS(js []byte) ([]byte, error) {
	const call = "fetchWithProgress(\""
	src := string(js)
	if strings.Count(src, call) != 1 {
		return nil, fmt.Errorf("go-app's app.js no longer calls fetchWithProgress once: review patchAppJS for this go-app version")
	}
	return []byte(strings.Replace(src, call, "fixflowFetchWasm(\"", 1) + fetchWasmJS), nil
}

// capture asks go-app's handler for one of its generated files.
func capture(h http.Handler, path string) ([]byte, string, error) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	if rec.Code != http.StatusOK {
		return nil, "", fmt.Errorf("go-app did not serve %s: status %d", path, rec.Code)
	}
	return rec.Body.Bytes(), rec.Header().Get("Content-Type"), nil
}
