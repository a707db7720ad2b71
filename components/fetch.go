package components

import (
	"errors"
	"strings"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/content"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The wasm carries no guide and no interface words: languages are data.
// It fetches the site's index (the guides and their languages), then the
// page's guide and words in the page's language (the page preloads all
// three, the service worker keeps them), in the compact form the server
// writes from its library (content.MarshalFlow), which it reads without
// reflection (content.UnmarshalFlow). Another language is fetched the
// first time the page shows it (the language switch). The same documents
// are served as JSON at IndexJSONURL, GuideJSONURL and StringsJSONURL.

// IndexURL, GuideURL and StringsURL are where the site serves the index,
// a guide in a language and a language's words in the compact form
// (internal/site serves them, preloads them and precaches them under
// these names).
const IndexURL = "/guides/index.ffc"

// GuideURL is the URL of guide id in lang, in the compact form.
func GuideURL(id, lang string) string { return "/guides/" + id + "." + lang + ".ffc" }

// StringsURL is the URL of lang's interface words, in the compact form.
func StringsURL(lang string) string { return "/strings/" + lang + ".ffc" }

// IndexJSONURL is the site's index as JSON.
const IndexJSONURL = "/guides/index.json"

// GuideJSONURL is the URL of guide id in lang as JSON.
func GuideJSONURL(id, lang string) string { return "/guides/" + id + "." + lang + ".json" }

// StringsJSONURL is the URL of lang's interface words as JSON.
func StringsJSONURL(lang string) string { return "/strings/" + lang + ".json" }

// PageCatalog is the wasm's catalog: the site's index, and the guides and
// words fetched so far. It changes on go-app's goroutine only (main, then
// the components' dispatches); Fetch, which waits for the network, runs
// on a goroutine of its own and changes nothing.
type PageCatalog struct {
	index content.Index
	flows map[string]*engine.Flow // by "<id> <lang>"
	words map[string]*content.Strings
}

// NewPageCatalog is a catalog of the guides and languages of an index,
// none of them fetched yet.
func NewPageCatalog(x content.Index) *PageCatalog {
	return &PageCatalog{index: x, flows: map[string]*engine.Flow{}, words: map[string]*content.Strings{}}
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

// Add puts a decoded guide and a language's words in the catalog (what
// Fetch returned; tests); nil for either is nothing to add.
func (c *PageCatalog) Add(f *engine.Flow, w *content.Strings) {
	if f != nil {
		f.Index()
		c.flows[f.ID+" "+f.Lang] = f
	}
	if w != nil {
		c.words[w.Lang] = w
	}
}

// Fetch fetches guide id in lang and lang's words, those the catalog
// lacks, and returns them (nil for what it had) for Add. It waits for the
// network: only on a goroutine that may block (main's, or one of its own),
// never in a callback from the browser. Only in the browser.
func (c *PageCatalog) Fetch(id, lang string) (*engine.Flow, *content.Strings, error) {
	var flow *engine.Flow
	var words *content.Strings
	if _, ok := c.flows[id+" "+lang]; !ok {
		data, err := fetchText(GuideURL(id, lang))
		if err == nil {
			flow, err = content.UnmarshalFlow(data)
		}
		if err == nil && (flow.ID != id || flow.Lang != lang) {
			err = errors.New(GuideURL(id, lang) + " holds " + flow.ID + " in " + flow.Lang)
		}
		if err != nil {
			return nil, nil, err
		}
	}
	if _, ok := c.words[lang]; !ok {
		data, err := fetchText(StringsURL(lang))
		if err == nil {
			words, err = content.UnmarshalStrings(data)
		}
		if err != nil {
			return nil, nil, err
		}
	}
	return flow, words, nil
}

// FetchIndex fetches the site's index and makes a catalog of it (the
// wasm's main; it waits for the network).
func FetchIndex() (*PageCatalog, error) {
	data, err := fetchText(IndexURL)
	if err != nil {
		return nil, err
	}
	x, err := content.UnmarshalIndex(data)
	if err != nil {
		return nil, err
	}
	return NewPageCatalog(*x), nil
}

// Boot fetches what the page at the current URL shows, the way the Guide
// will resolve it (its language by the same rules, see Guide.load), and
// returns once it is at hand: the Guide's first render then draws the
// same step over the server's page, never an empty one. It waits for the
// network (the wasm's main).
func Boot(cat *PageCatalog, def string) error {
	g := &Guide{cat: cat, def: def, prefs: browserLanguages()}
	for tries := 0; ; tries++ {
		missing := g.load(app.Window().URL(), func(string) (string, bool) { return "", false })
		if missing == "" {
			return nil
		}
		if tries == 2 {
			return errors.New("cannot load " + missing)
		}
		id, lang, _ := strings.Cut(missing, " ")
		flow, words, err := cat.Fetch(id, lang)
		if err != nil {
			return err
		}
		cat.Add(flow, words)
	}
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
	go func() {
		flow, words, err := c.Fetch(id, lang)
		ctx.Dispatch(func(ctx app.Context) {
			g.fetching = ""
			if err != nil {
				app.Window().Get("location").Call("assign", app.Window().URL().String())
				return
			}
			c.Add(flow, words)
			if g.load(app.Window().URL(), loadWalk) == "" {
				g.shown(ctx)
			}
		})
	}()
}

// fetchText GETs a URL of this origin and returns its body, or why not
// (a network error, a status other than 200); it waits for the browser.
// The page script does the fetch (window.fixflowFetch, web/fixflow.js):
// one callback into Go instead of a promise chain driven from Go.
func fetchText(url string) (string, error) {
	if !app.IsClient {
		return "", errors.New("not in a browser")
	}
	type result struct {
		text, why string
	}
	ch := make(chan result, 1)
	var cb app.Func
	cb = app.FuncOf(func(_ app.Value, args []app.Value) any {
		cb.Release()
		r := result{why: "failed"}
		if len(args) > 0 && args[0].Truthy() {
			r.why = args[0].String()
		} else if len(args) > 1 {
			r = result{text: args[1].String()}
		}
		ch <- r
		return nil
	})
	app.Window().Call("fixflowFetch", url, cb)
	r := <-ch
	if r.why != "" {
		return "", errors.New(url + ": " + r.why)
	}
	return r.text, nil
}

// Default is the guide the site shows at "/".
func (c *PageCatalog) Default() string { return c.index.Default }
