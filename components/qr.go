package components

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// qrQuiet is the light margin around a QR code, in modules (the standard
// asks for 4).
const qrQuiet = 4

// QRMatrix encodes text as a QR code (byte mode, error correction level M,
// the smallest version it fits; qrencode.go) and returns its side in
// modules and whether the module at (x, y) is dark; ok is false when the
// text does not fit.
func QRMatrix(text string) (size int, dark func(x, y int) bool, ok bool) {
	q, ok := qrEncode(text)
	if !ok {
		return 0, nil, false
	}
	return q.size, func(x, y int) bool {
		return x >= 0 && y >= 0 && x < q.size && y < q.size && q.dark[y*q.size+x]
	}, true
}

// qrPath is the SVG path of a QR code's dark modules, one rectangle per
// run of dark modules in a row, offset by the quiet zone.
func qrPath(size int, dark func(x, y int) bool) string {
	var b []byte
	for y := 0; y < size; y++ {
		for x := 0; x < size; {
			if !dark(x, y) {
				x++
				continue
			}
			run := 1
			for x+run < size && dark(x+run, y) {
				run++
			}
			b = append(b, 'M')
			b = strconv.AppendInt(b, int64(x+qrQuiet), 10)
			b = append(b, ' ')
			b = strconv.AppendInt(b, int64(y+qrQuiet), 10)
			b = append(b, 'h')
			b = strconv.AppendInt(b, int64(run), 10)
			b = append(b, "v1h-"...)
			b = strconv.AppendInt(b, int64(run), 10)
			b = append(b, 'z')
			x += run
		}
	}
	return string(b)
}

// qrSVG is text as a QR code drawn in SVG through the view tree: dark
// modules on a light square (light and dark whatever the theme, as
// cameras read them), labelled for screen readers.
func qrSVG(text, label string) *node {
	size, dark, ok := QRMatrix(text)
	if !ok {
		return nil
	}
	side := strconv.Itoa(size + 2*qrQuiet)
	return el("svg").Class("ff-qr").Set("viewBox", "0 0 "+side+" "+side).Role("img").Aria("label", label).
		Set("shape-rendering", "crispEdges").Body(
		el("rect").Set("width", side).Set("height", side).Set("fill", "#fff"),
		el("path").Set("d", qrPath(size, dark)).Set("fill", "#000"),
	)
}

// phoneWide is phoneView beside the step, for a wide screen, until the
// walk ends (then the "What I've tried" panel shows it).
//
// In the browser it is drawn only where it shows (wideQuery, the media
// query of .ff-phone-wide in web/fixflow.css): on a phone, encoding a QR
// code for a hidden element was work in every render, the wasm's first
// one included. The server draws it always; the style sheet decides.
func (g *Guide) phoneWide() *node {
	if g.session.Done() || app.IsClient && !g.wide() {
		return nil
	}
	return g.phoneView("ff-phone-wide")
}

// wideQuery is where .ff-phone-wide shows (web/fixflow.css; a test holds
// the two together).
const wideQuery = "(min-width: 36rem) and (pointer: fine)"

// wide says whether the screen matches wideQuery now.
func (g *Guide) wide() bool {
	if g.media == nil {
		mm := app.Window().Get("matchMedia")
		if !mm.Truthy() {
			return true
		}
		g.media = app.Window().Call("matchMedia", wideQuery)
	}
	return g.media.Get("matches").Bool()
}

// watchWide draws the page again when the screen crosses wideQuery.
func (g *Guide) watchWide(ctx app.Context) {
	if g.media == nil || !g.media.Get("addEventListener").Truthy() {
		return
	}
	g.onMedia = app.FuncOf(func(app.Value, []app.Value) any {
		ctx.Dispatch(func(app.Context) {}) // a dispatch renders the component again
		return nil
	})
	g.media.Call("addEventListener", "change", g.onMedia)
}

// svgTags are the SVG elements the views use: go-app must make them in the
// SVG namespace (the server's HTML needs nothing: the parser knows <svg>).
var svgTags = map[string]bool{"svg": true, "rect": true, "path": true}

// phoneView is "Continue on your phone": the QR code of the walk's address
// (walkURL), so that someone reading on a computer opens the same step, with
// the same answers, on the iPhone in their hand. It is drawn in the browser
// only, from the page's own origin; the server, which renders from a path,
// leaves it out. class places it: "ff-phone-wide" beside the step on a wide
// screen with a mouse, "ff-phone-tried" in the "What I've tried" panel.
func (g *Guide) phoneView(class string) *node {
	link := g.walkURL()
	if link == "" {
		return nil
	}
	w := g.words
	svg := qrSVG(link, plain(w, "phone_qr"))
	if svg == nil {
		return nil
	}
	return el("aside").Class("ff-phone "+class).Aria("label", plain(w, "phone_title")).Body(
		svg,
		el("div").Class("ff-phone-text").Body(
			el("p").Class("ff-phone-title").Body(say(w, "phone_title")...),
			el("p").Class("ff-phone-hint").Body(say(w, "phone_hint")...),
		),
	)
}
