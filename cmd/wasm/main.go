// Command wasm is the widget's WebAssembly entry point (GOOS=js GOARCH=wasm →
// web/app.wasm). It fetches what the page shows (the site's index, the
// page's guide and interface words in its language: the wasm carries none),
// registers the same routes as the server and hands the page to go-app. It
// must never import net/http or goccy/go-json: either would double or bloat
// the download (see wasm_deps_test.go).
package main

import (
	"github.com/fixflow/fixflow/components"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

func main() {
	// The Go runtime and every package's init have run: the boot's first
	// milestone (see components.Mark).
	components.Mark("boot:main")
	// From here to "boot:guides": the index, the page's guide and words
	// fetched (the page preloads them) and decoded. Each fetch waits for
	// the browser, so the boot yields here without asking.
	components.Mark("boot:decode")
	cat, err := load()
	if err != nil {
		// The page stays the server's, its links plain links: the Go
		// program ends, and web/fixflow.js sees it end.
		println("fixflow: cannot load the guide:", err.Error())
		return
	}
	components.Register(cat, cat.Default())
	components.Mark("boot:guides")
	components.YieldToBrowser()
	components.Mark("boot:app")
	app.RunWhenOnBrowser()
}

// load fetches the index, then what the page at this URL shows. Each
// fetch waits for the browser (the boot yields there).
func load() (*components.PageCatalog, error) {
	cat, err := components.FetchIndex()
	if err != nil {
		return nil, err
	}
	return cat, components.Boot(cat, cat.Default())
}
