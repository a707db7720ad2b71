package components

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// langKey is where the language the user chose with the switch is kept on
// this device (guarded as every read of local storage: storage.go). The
// page script (web/fixflow.js) writes it when the switch is used, and
// reads it, with navigator.languages, to send a page whose URL names no
// language to the one the user prefers; the wasm reads both the same way
// (browserLanguages).
const langKey = "fixflow:lang"

// langSwitch offers the guide's other languages, each a link to the same
// step with the same answers in that language (the walk's state does not
// depend on words: engine.Flow.GraphHash). Only a guide in more than one
// language has it.
func (g *Guide) langSwitch() *node {
	if len(g.langs) < 2 {
		return nil
	}
	step, state := g.session.Current().ID, g.session.Encode()
	list := el("ul").Class("ff-langs-list")
	for _, l := range g.langs {
		var item *node
		if l.Tag == g.flow.Lang {
			item = el("span").Class("ff-lang ff-lang-current").Aria("current", "true")
		} else {
			item = el("a").Class("ff-lang").Href(g.loc.InLang(l.Tag).StepURL(step, state)).Set("hreflang", l.Tag)
		}
		list.Body(el("li").Body(item.Set("lang", l.Tag).Set("dir", l.Dir).Says(l.Name)))
	}
	return el("nav").Class("ff-langs").Aria("label", plain(g.words, "language")).Body(list)
}

// browserLanguages are the languages the user prefers, in the browser: the
// one chosen with the switch on this device, then navigator.languages
// (navigator.language where there is no list).
func browserLanguages() []string {
	if !app.IsClient {
		return nil
	}
	var out []string
	if l, ok := loadWalk(langKey); ok && l != "" {
		out = append(out, l)
	}
	nav := app.Window().Get("navigator")
	if ls := nav.Get("languages"); ls.Truthy() && ls.Type() == app.TypeObject {
		for i := 0; i < ls.Length(); i++ {
			out = append(out, ls.Index(i).String())
		}
	} else if l := nav.Get("language"); l.Type() == app.TypeString {
		out = append(out, l.String())
	}
	return out
}
