// Command baseline is an empty go-app app: the yardstick `make bench` builds
// with the same flags as the widget, to compare wasm sizes, boots and
// Lighthouse scores in the same run. It sets the boot milestones the widget
// sets (performance.mark "boot:main", "boot:mounted", "boot:ready"), so that
// one trace reading splits both boots alike; they cost three calls into JS.
package main

import "github.com/maxence-charriere/go-app/v10/pkg/app"

type empty struct{ app.Compo }

func (e *empty) Render() app.UI { return app.Div() }

// OnMount: go-app has mounted the root and drawn its first render.
func (e *empty) OnMount(app.Context) { mark("boot:mounted") }

// OnNav runs after the mount; its deferred function runs in go-app's first
// frame, as the widget's afterNav does.
func (e *empty) OnNav(ctx app.Context) { ctx.Defer(func(app.Context) { mark("boot:ready") }) }

func mark(name string) { app.Window().Get("performance").Call("mark", name) }

func main() {
	mark("boot:main")
	app.Route("/", func() app.Composer { return &empty{} })
	app.RunWhenOnBrowser()
}
