// Command wasm is the widget's WebAssembly entry point (GOOS=js GOARCH=wasm →
// web/app.wasm). It registers the same routes as the server and hands the
// page to go-app. It must never import net/http or goccy/go-json: either
// would double or bloat the download (see wasm_deps_test.go).
package main

import (
	"github.com/fixflow/fixflow/components"
	"github.com/fixflow/fixflow/content"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

func main() {
	// The Go runtime and every package's init have run: the boot's first
	// milestone (see components.Mark).
	components.Mark("boot:main")
	components.YieldToBrowser()
	components.Mark("boot:decode")
	lib, err := content.Embedded()
	if err != nil {
		// The embedded guides are linted at build time; this cannot happen
		// in a released build. Say so loudly rather than render nothing.
		panic("fixflow: embedded guides are invalid: " + err.Error())
	}
	components.Register(lib, content.DefaultGuide)
	components.Mark("boot:guides")
	components.YieldToBrowser()
	components.Mark("boot:app")
	app.RunWhenOnBrowser()
}
