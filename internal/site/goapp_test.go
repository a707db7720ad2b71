package site

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"golang.org/x/net/html"
)

// What fixflow.js and the page document assume of go-app's app.js and of
// wasm_exec.js (bends 3 and 5 in goapp.go). A go-app or Go upgrade that
// changes any of it fails here, by name.
func TestGoAppLoaderContract(t *testing.T) {
	s := newTestSite(t)
	appJS := body(t, get(t, s, "/app.js"))
	for _, want := range []string{
		`const goappLoadingLabel = "{progress}"`, // the label holds the bare number
		`loaderLabel.innerText = goappLoadingLabel.replace("{progress}", progress)`,
		"loader.remove()", // the loader goes once the program runs
		"go.run(wasm.instance)",
	} {
		if !strings.Contains(appJS, want) {
			t.Errorf("go-app's app.js no longer has %s: review web/fixflow.js and internal/site/goapp.go", want)
		}
	}
	wasmExec := body(t, get(t, s, "/wasm_exec.js"))
	for _, want := range []string{"async run(instance)", "await this._exitPromise", "globalThis.Go = class"} {
		if !strings.Contains(wasmExec, want) {
			t.Errorf("wasm_exec.js no longer has %s: web/fixflow.js watches Go.prototype.run to know when the program ends", want)
		}
	}
}

// The page document the site writes keeps what go-app's browser side needs
// of go-app's own document (see page.go). This fails when a go-app upgrade
// changes it: then page.go must follow.
func TestPageDocumentMatchesGoApp(t *testing.T) {
	const probe = "/fixflow-document-probe"
	app.Route(probe, func() app.Composer { return &probeCompo{} })
	h := &app.Handler{Name: "probe", Icon: app.Icon{Default: "/web/icons/icon-192.png"}}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, probe, nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("go-app's handler: status %d", rec.Code)
	}
	theirs, _ := html.Parse(rec.Body)
	res := get(t, newTestSite(t), "/")
	ours, _ := html.Parse(strings.NewReader(body(t, res)))

	for who, doc := range map[string]*html.Node{"go-app": theirs, "fixflow": ours} {
		b := find(doc, func(n *html.Node) bool { return n.Data == "body" })
		var kids []*html.Node
		for c := b.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode {
				kids = append(kids, c)
			}
		}
		if len(kids) != 2 || kids[0].Data != "div" || kids[1].Data != "aside" || attrOf(kids[1], "id") != "app-wasm-loader" {
			t.Errorf("%s: body is not [root div, aside#app-wasm-loader]: %v", who, names(kids))
			continue
		}
		for _, id := range []string{"app-wasm-loader-icon", "app-wasm-loader-label"} {
			if find(kids[1], func(n *html.Node) bool { return attrOf(n, "id") == id }) == nil {
				t.Errorf("%s: the loader has no #%s", who, id)
			}
		}
		var scripts []string
		find(doc, func(n *html.Node) bool {
			if n.Data == "script" {
				scripts = append(scripts, attrOf(n, "src"))
			}
			return false
		})
		if i, j := slices.Index(scripts, "/wasm_exec.js"), slices.Index(scripts, "/app.js"); i < 0 || j < i {
			t.Errorf("%s: scripts %v: wasm_exec.js must come before app.js", who, scripts)
		}
	}
	appJS := body(t, get(t, newTestSite(t), "/app.js"))
	for _, want := range []string{`getElementById("app-wasm-loader")`, `getElementById("app-wasm-loader-icon")`, `getElementById("app-wasm-loader-label")`, "new Go()", "go.run("} {
		if !strings.Contains(appJS, want) {
			t.Errorf("go-app's app.js no longer has %s: review internal/site/page.go and web/fixflow.js", want)
		}
	}
}

type probeCompo struct{ app.Compo }

func (p *probeCompo) Render() app.UI { return app.Div().Text("probe") }

// Bends 2 and 9 in goapp.go.
func TestAppJSCompilesTheFetchedWasm(t *testing.T) {
	js := body(t, get(t, newTestSite(t), "/app.js"))
	if !strings.Contains(js, `fixflowFetchWasm("/web/app.`) || !strings.Contains(js, "function fixflowFetchWasm") {
		t.Error("go-app's wasm download is not routed through fixflowFetchWasm")
	}
	if !strings.Contains(js, "await fixflowInstantiate(") || !strings.Contains(js, "async function fixflowInstantiate") {
		t.Error("go-app's instantiation is not routed through fixflowInstantiate")
	}
	if strings.Contains(js, "await instantiateStreaming(") {
		t.Error("go-app still instantiates the wasm itself")
	}
	if _, err := patchAppJS([]byte("no loader here")); err == nil {
		t.Error("patching an unexpected app.js did not fail")
	}
}
