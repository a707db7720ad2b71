// Command baseline is an empty go-app app: the yardstick `make bench` builds
// with the same flags as the widget, to compare wasm sizes in the same run.
package main

import "github.com/maxence-charriere/go-app/v10/pkg/app"

type empty struct{ app.Compo }

func (e *empty) Render() app.UI { return app.Div() }

func main() {
	app.Route("/", func() app.Composer { return &empty{} })
	app.RunWhenOnBrowser()
}
