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
//  2. app.js fetches the wasm plainly (patchAppJS below). go-app wraps the
//     download in a synthetic Response to count progress; it has no URL,
//     and Chromium keeps compiled wasm code only for a streamed Response
//     with one (so go-app's apps compile every function they run again on
//     every visit in a new browser process). The patched loader compiles
//     the fetch's own Response (WebAssembly.compileStreaming) and counts
//     progress on a clone of its stream. Test: TestAppJSCompilesTheFetchedWasm;
//     patchAppJS itself refuses an app.js it does not recognise. (Not seen
//     to pay yet: make bench's warm loads reuse the renderer, whose
//     in-memory module cache answers first for both apps, and Chromium
//     writes a code cache entry only after enough optimised code, which
//     a 25 s session did not reach: docs/go-app-notes.md.)
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
//  9. The wasm starts when web/fixflow.js says so, not as soon as it is
//     compiled: go-app's goappInitWebAssembly instantiates and runs the
//     program at once, one long main-thread task (the Go runtime, go-app's
//     mount and first render) that a tap during it waits for. The patched
//     loader compiles the module, calls window.fixflowArmed and waits for
//     window.fixflowBootSignal before it instantiates; fixflow.js releases
//     it on the first tap of a control of the widget (and gives the tap to
//     the same control once the wasm has taken over), or at once where the
//     page differs from what the wasm draws (a kept walk to resume).
//     Tests: TestAppJSCompilesTheFetchedWasm (the patch), TestBootOnTap*
//     (boot_browser_test.go), TestWasmTakeoverKeepsScrollAndLayout.

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
)

// bootJS is the loader patchAppJS puts in go-app's place (bends 2 and 9).
const bootJS = `
// fixflow (see internal/site/goapp.go, bends 2 and 9): the wasm is fetched
// plainly, so that the browser keeps the code it compiles for the next
// visit; progress is counted on a clone of the stream; the module is
// compiled as it arrives and started when web/fixflow.js says so.
function fixflowFetchWasm(url, progress) {
  return fetch(url).then(function (resp) {
    var total = parseInt(goappWasmContentLength, 10);
    if (!(total > 0)) {
      total = parseInt(resp.headers.get("Content-Length"), 10);
    }
    if (!resp.ok || !resp.body || !(total > 0) || typeof resp.clone !== "function") {
      progress(100);
      return resp;
    }
    // The bar moves in steps of 5 %: a DOM write for every chunk was main
    // thread work while the page should be free for taps.
    var reader = resp.clone().body.getReader(), loaded = 0, shown = 0;
    var pump = function () {
      return reader.read().then(function (r) {
        if (r.done) {
          progress(100);
          return;
        }
        loaded += r.value.byteLength;
        var pct = Math.min(100, Math.floor(loaded * 20 / total) * 5);
        if (pct > shown) {
          shown = pct;
          progress(pct);
        }
        return pump();
      });
    };
    pump().catch(function () {});
    return resp;
  });
}

async function fixflowInstantiate(resp, imports) {
  try {
    var module;
    if (WebAssembly.compileStreaming) {
      module = await WebAssembly.compileStreaming(resp);
    } else {
      module = await WebAssembly.compile(await (await resp).arrayBuffer());
    }
    if (typeof window.fixflowArmed === "function" && window.fixflowBootSignal) {
      window.fixflowArmed();
      await window.fixflowBootSignal;
    }
    var instance = await WebAssembly.instantiate(module, imports);
    return { module: module, instance: instance };
  } catch (err) {
    if (typeof window.fixflowBootFailed === "function") {
      window.fixflowBootFailed();
    }
    throw err;
  }
}
`

// patchAppJS puts bootJS in the place of go-app's wasm download and
// instantiation. It fails loudly if go-app's loader no longer looks as
// expected (an upgrade).
func patchAppJS(js []byte) ([]byte, error) {
	src := string(js)
	for _, r := range [][2]string{
		{"fetchWithProgress(\"", "fixflowFetchWasm(\""},
		{"await instantiateStreaming(", "await fixflowInstantiate("},
	} {
		if strings.Count(src, r[0]) != 1 {
			return nil, fmt.Errorf("go-app's app.js no longer has %s once: review patchAppJS for this go-app version", r[0])
		}
		src = strings.Replace(src, r[0], r[1], 1)
	}
	return []byte(src + bootJS), nil
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
