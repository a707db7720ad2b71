package components

import (
	"errors"
	"strings"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/content"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The wasm carries no guide and no interface words: languages are data.
// It fetches the site's index (/guides/index.json: the guides and their
// languages), then the page's guide and words in the page's language
// (/guides/<id>.<lang>.json, /strings/<lang>.json; the page preloads all
// three, the service worker keeps them), and decodes them without
// reflection (content.DecodeFlow). Another language is fetched the first
// time the page shows it (the language switch).

// IndexURL, GuideURL and StringsURL are where the site serves the index,
// a guide in a language and a language's words (internal/site serves
// them, preloads them and precaches them under these names).
const IndexURL = "/guides/index.json"

// GuideURL is the URL of guide id in lang.
func GuideURL(id, lang string) string { return "/guides/" + id + "." + lang + ".json" }

// StringsURL is the URL of lang's interface words.
func StringsURL(lang string) string { return "/strings/" + lang + ".json" }

// PageCatalog is the wasm's catalog: the site's index, and the guides and
// words fetched so far. It is used on go-app's goroutine only (main, then
// the components' handlers and dispatches).
type PageCatalog struct {
	index content.Index
	flows map[string]*engine.Flow // by "<id> <lang>"
	words map[string]*content.Strings
	// waiting are the callers of Load for a fetch under way, by "<id> <lang>".
	waiting map[string][]func(error)
}

// NewPageCatalog is a catalog of the guides and languages of an index,
// none of them fetched yet.
func NewPageCatalog(x content.Index) *PageCatalog {
	return &PageCatalog{index: x, flows: map[string]*engine.Flow{}, words: map[string]*content.Strings{},
		waiting: map[string][]func(error){}}
}

// Flow implements Catalog.
func (c *PageCatalog) Flow(id, lang string) (*engine.Flow, bool) {
	f, ok := c.flows[id+" "+lang]
	return f, ok
}

// Words implements Catalog.
func (c *PageCatalog) Words(lang string) (*content.Strings, bool) {
	w, ok := c.words[lang]
	return w, ok
}

// Langs implements Catalog, from the index.
func (c *PageCatalog) Langs(id string) []Lang {
	for _, g := range c.index.Guides {
		if g.ID != id {
			continue
		}
		var out []Lang
		for _, tag := range g.Langs {
			for _, l := range c.index.Langs {
				if l.Lang == tag {
					out = append(out, Lang{Tag: tag, Name: l.Name, Dir: l.Dir})
				}
			}
		}
		return out
	}
	return nil
}

// guides lists the ids of the index's guides.
func (c *PageCatalog) guides() []string {
	out := make([]string, len(c.index.Guides))
	for i, g := range c.index.Guides {
		out[i] = g.ID
	}
	return out
}

// anyFlow is guide id in a language at hand, or nil: every language of a
// guide has the same steps.
func (c *PageCatalog) anyFlow(id string) *engine.Flow {
	for _, l := range c.Langs(id) {
		if f, ok := c.flows[id+" "+l.Tag]; ok {
			return f
		}
	}
	return nil
}

// Add puts a decoded guide and its language's words in the catalog (the
// wasm's main, with what it fetched; tests).
func (c *PageCatalog) Add(f *engine.Flow, w *content.Strings) {
	f.Index()
	c.flows[f.ID+" "+f.Lang] = f
	c.words[w.Lang] = w
}

// Load fetches guide id in lang and lang's words, those not at hand, and
// calls done once they are in the catalog, or with why not. Only in the
// browser.
func (c *PageCatalog) Load(id, lang string, done func(error)) {
	key := id + " " + lang
	_, haveFlow := c.flows[key]
	_, haveWords := c.words[lang]
	if haveFlow && haveWords {
		done(nil)
		return
	}
	if ws, busy := c.waiting[key]; busy {
		c.waiting[key] = append(ws, done)
		return
	}
	c.waiting[key] = []func(error){done}
	var flow *engine.Flow
	var words *content.Strings
	left := 2
	var failed error
	finish := func(err error) {
		if err != nil && failed == nil {
			failed = err
		}
		if left--; left > 0 {
			return
		}
		if failed == nil {
			c.Add(flow, words)
		}
		ws := c.waiting[key]
		delete(c.waiting, key)
		for _, w := range ws {
			w(failed)
		}
	}
	if haveFlow {
		flow = c.flows[key]
		finish(nil)
	} else {
		fetchBytes(GuideURL(id, lang), func(data []byte, err error) {
			if err == nil {
				flow, err = content.DecodeFlow(data)
			}
			if err == nil && (flow.ID != id || flow.Lang != lang) {
				err = errors.New(GuideURL(id, lang) + " holds " + flow.ID + " in " + flow.Lang)
			}
			finish(err)
		})
	}
	if haveWords {
		words = c.words[lang]
		finish(nil)
	} else {
		fetchBytes(StringsURL(lang), func(data []byte, err error) {
			if err == nil {
				words, err = content.DecodeStrings(data)
			}
			finish(err)
		})
	}
}

// LoadIndex fetches the site's index and makes a catalog of it (the wasm's
// main).
func LoadIndex(done func(*PageCatalog, error)) {
	fetchBytes(IndexURL, func(data []byte, err error) {
		if err != nil {
			done(nil, err)
			return
		}
		x, err := content.DecodeIndex(data)
		if err != nil {
			done(nil, err)
			return
		}
		done(NewPageCatalog(*x), nil)
	})
}

// Boot fetches what the page at the current URL shows, the way the Guide
// will resolve it (its language by the same rules, see Guide.load), and
// calls done when it is at hand: the Guide's first render then draws the
// same step over the server's page, never an empty one.
func Boot(cat *PageCatalog, def string, done func(error)) {
	g := &Guide{cat: cat, def: def, prefs: browserLanguages()}
	var try func(tries int)
	try = func(tries int) {
		missing := g.load(app.Window().URL(), func(string) (string, bool) { return "", false })
		if missing == "" {
			done(nil)
			return
		}
		if tries == 0 {
			done(errors.New("cannot load " + missing))
			return
		}
		id, lang, _ := strings.Cut(missing, " ")
		cat.Load(id, lang, func(err error) {
			if err != nil {
				done(err)
				return
			}
			try(tries - 1)
		})
	}
	try(2)
}

// fetch shows the step once the language it is in has been fetched. A
// fetch that fails (offline, and that language never shown on this
// device) loads the page plainly instead: the service worker or the
// network may still have it.
func (g *Guide) fetch(ctx app.Context, missing string) {
	c, ok := g.cat.(*PageCatalog)
	if !ok || !app.IsClient || g.fetching == missing {
		return
	}
	g.fetching = missing
	id, lang, _ := strings.Cut(missing, " ")
	c.Load(id, lang, func(err error) {
		ctx.Dispatch(func(ctx app.Context) {
			g.fetching = ""
			if err != nil {
				app.Window().Get("location").Call("assign", app.Window().URL().String())
				return
			}
			if g.load(app.Window().URL(), loadWalk) == "" {
				g.shown(ctx)
			}
		})
	})
}

// fetchBytes GETs a URL of this origin and calls done with its body, or
// with why not (a network error, a status other than 200).
func fetchBytes(url string, done func([]byte, error)) {
	if !app.IsClient {
		done(nil, errors.New("not in a browser"))
		return
	}
	settle(app.Window().Call("fetch", url), func(resp app.Value, err error) {
		if err != nil {
			done(nil, errors.New(url+": "+err.Error()))
			return
		}
		if !resp.Get("ok").Bool() {
			done(nil, errors.New(url+": status "+resp.Get("status").String()))
			return
		}
		settle(resp.Call("arrayBuffer"), func(buf app.Value, err error) {
			if err != nil {
				done(nil, errors.New(url+": "+err.Error()))
				return
			}
			arr := app.Window().Get("Uint8Array").New(buf)
			data := make([]byte, arr.Length())
			app.CopyBytesToGo(data, arr)
			done(data, nil)
		})
	})
}

// settle waits for a JS promise: its value, or the reason it failed.
func settle(p app.Value, done func(app.Value, error)) {
	var ok, fail app.Func
	release := func() {
		ok.Release()
		fail.Release()
	}
	ok = app.FuncOf(func(_ app.Value, args []app.Value) any {
		release()
		var v app.Value
		if len(args) > 0 {
			v = args[0]
		}
		done(v, nil)
		return nil
	})
	fail = app.FuncOf(func(_ app.Value, args []app.Value) any {
		release()
		why := "failed"
		if len(args) > 0 && args[0].Truthy() {
			why = args[0].Call("toString").String()
		}
		done(nil, errors.New(why))
		return nil
	})
	p.Call("then", ok, fail)
}

// Default is the guide the site shows at "/".
func (c *PageCatalog) Default() string { return c.index.Default }
