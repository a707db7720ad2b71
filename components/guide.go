package components

import (
	"net/url"
	"strings"
	"time"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/content"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Guide is the page: one guide, at one step of a walk. Everything it shows is
// derived from the URL (the step and the engine's state string), so reload,
// deep links and links that work before the wasm arrives all agree.
type Guide struct {
	app.Compo

	cat    Catalog
	def    string   // the guide "/" shows
	counts *tally   // the page's counts (stats.go): one per Register, so one per wasm
	prefs  []string // the languages the user prefers, most preferred first (see resolveLang)
	loc    Location
	self   string // the page's own origin, when its URL says (in the browser); "" on the server
	flow   *engine.Flow
	words  *content.Strings // the interface words of the flow's language
	langs  []Lang           // the languages of the flow's guide, for the switch
	// negotiated: the URL names no language (neither a path prefix nor
	// a lang parameter): the page's language is the user's preference.
	negotiated bool
	session    *engine.Session // nil when the URL names no step of the guide

	// fetching is the guide and language the page waits for (the wasm
	// fetches a language the first time it is shown); "" when none.
	fetching string
	notice   string // a short notice: stale state, resumed walk
	status   string // the result of Copy / Share, announced politely

	// keepStored: a walk is kept on this device that could not be read
	// (saved against other content); it is not written over until the user
	// answers something.
	keepStored bool

	// pickup is a walk that ended waiting, kept on this device: the start
	// of the guide offers to pick it up.
	pickup *pickup

	// The system version this device's browser reports (parseOSVersion),
	// for a fact's detector to pre-select an option; read in the browser
	// only.
	osMajor, osMinor int
	osFound          bool

	updatable bool // a new version has been installed: offer a reload
	navs      int  // how many steps this page has shown (focus moves after the first)

	navigate app.Func // window.fixflowNavigate, in embed mode

	// loadedURL is the address the step on screen was loaded from (load):
	// go-app's first OnNav comes for the URL OnInit loaded, and has nothing
	// to load again; afterNav writes the walk into the address bar only
	// while it is still there, never over a newer navigation's.
	loadedURL string

	// triedOpen: the "What I've tried" fold is open (its toggle events say
	// so); closed, its QR code is not drawn in the browser.
	triedOpen bool
	media     app.Value // the wide-screen media query, in the browser
	onMedia   app.Func
}

// Render is go-app's view of the page. Its "render" mark is where a step
// change's work starts in go-app's frame (make bench times the step change
// from the click and its work from this mark).
func (g *Guide) Render() app.UI {
	Mark("render")
	return ui(g.view())
}

// OnInit loads the step named by the page's URL before the first render, so
// that the first thing go-app draws over the prerendered page is the same
// step, never an empty root (which would collapse the page and lose the
// scroll position for a moment).
func (g *Guide) OnInit() {
	if app.IsClient {
		g.osMajor, g.osMinor, g.osFound = parseOSVersion(userAgent())
		g.prefs = browserLanguages()
		g.load(app.Window().URL(), loadWalk)
	}
}

// OnNav loads the step named by the URL. A language the page has not
// fetched yet is fetched first; the page stays as it is meanwhile.
func (g *Guide) OnNav(ctx app.Context) {
	if u := ctx.Page().URL(); g.navs > 0 || u.String() != g.loadedURL {
		if missing := g.load(u, loadWalk); missing != "" {
			g.fetch(ctx, missing)
			return
		}
	}
	g.shown(ctx)
}

// shown finishes showing the step load loaded: the document's title,
// description, language and direction, then afterNav.
func (g *Guide) shown(ctx app.Context) {
	ctx.Page().SetTitle("%s", g.title())
	ctx.Page().SetDescription("%s", g.flow.Summary)
	ctx.Page().SetLang(g.flow.Lang)
	setRootAttr("dir", g.words.Dir)
	g.navs++
	ctx.Defer(g.afterNav)
}

// OnMount marks the page as taken over by the wasm and, inside a host page's
// iframe, installs the navigation hook the frame script calls so that moving
// through the guide replaces the frame's history entry instead of adding to
// the host tab's history.
func (g *Guide) OnMount(ctx app.Context) {
	if !app.IsClient {
		return
	}
	g.navigate = app.FuncOf(func(this app.Value, args []app.Value) any {
		if len(args) == 0 {
			return nil
		}
		href := args[0].String()
		ctx.Dispatch(func(ctx app.Context) {
			u, err := url.Parse(href)
			if err != nil {
				return
			}
			replaceURL(u.String())
			if missing := g.load(app.Window().URL(), loadWalk); missing != "" {
				g.fetch(ctx, missing)
				return
			}
			g.shown(ctx)
		})
		return nil
	})
	app.Window().Set("fixflowNavigate", g.navigate)
	g.watchWide(ctx)
	setRootAttr("data-fixflow-ready", "")
	Mark("boot:mounted")
}

// OnDismount removes the navigation hook.
func (g *Guide) OnDismount() {
	if g.onMedia != nil {
		g.media.Call("removeEventListener", "change", g.onMedia)
		g.onMedia.Release()
		g.onMedia = nil
	}
	if g.navigate != nil {
		app.Window().Set("fixflowNavigate", nil)
		g.navigate.Release()
		g.navigate = nil
	}
}

// OnAppUpdate is called by go-app when a new version has been installed.
// A first visit installs the worker too; that is not an update, so only a
// page that an older worker already controlled offers the reload.
func (g *Guide) OnAppUpdate(ctx app.Context) {
	g.updatable = ctx.AppUpdateAvailable() && app.Window().Get("fixflowControlledAtLoad").Truthy()
}

// title is the page's title: the step's (or the question of the fact it
// asks), then the guide's.
func (g *Guide) title() string {
	if g.flow == nil {
		return ""
	}
	head := g.flow.Strings[engine.StringUnknown]
	if g.session != nil {
		head = g.session.Current().Title
		if fa := g.asking(); fa != nil {
			head = fa.Question
		}
	}
	return head + " · " + g.flow.Title
}

// load resolves a URL into a language, a flow and a session. A URL that
// names no step of a guide leaves the session nil (a not-found page with a
// link to the start); a state saved against other content opens the step
// in the path with a notice. stored reads the walk kept on this device
// (the browser's local storage; nothing on the server).
//
// When the catalog lacks the guide or the words in the language the URL
// resolves to (the wasm has not fetched them yet), load changes nothing
// and returns what is missing, "<guide> <lang>", for fetch.
func (g *Guide) load(u *url.URL, stored func(key string) (string, bool)) (missing string) {
	loc := ParseLocation(u, g.def)
	langs := g.cat.Langs(loc.Guide)
	if len(langs) == 0 || loc.NotFound {
		loc.Guide, loc.Step, loc.State, loc.NotFound = g.def, "", "", true
		langs = g.cat.Langs(g.def)
	}
	lang := g.resolveLang(&loc, langs)
	flow, ok := g.cat.Flow(loc.Guide, lang)
	words, wok := g.cat.Words(lang)
	if !ok || !wok {
		return loc.Guide + " " + lang
	}
	g.loc, g.flow, g.words, g.langs = loc, flow, words, langs
	g.loadedURL = u.String()
	g.negotiated = u.Query().Get("lang") == "" && !content.ValidTag(firstSegment(u.Path))
	g.self = ""
	if (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		g.self = u.Scheme + "://" + u.Host
	}
	g.notice, g.status, g.session, g.keepStored, g.pickup = "", "", nil, false, nil
	if loc.NotFound || loc.Step != "" && flow.Node(loc.Step) == nil {
		g.loc.Step, g.loc.State = "", ""
		return ""
	}
	g.session = g.resolve(stored)
	return ""
}

// resolveLang picks the language of the page among the guide's: the one
// the URL names (its path's prefix, else its lang parameter), matched with
// base-language fallback (es-MX → es, then English); else the one the
// user prefers (g.prefs: the server is given the Accept-Language header;
// the wasm the choice kept on this device, then navigator.languages).
// Links then name the language in the path, unless it came from the lang
// parameter (kept on every link) or is English by negotiation (its
// canonical URLs have no prefix).
func (g *Guide) resolveLang(loc *Location, langs []Lang) string {
	have := tags(langs)
	var lang string
	switch want := loc.PathLang; {
	case want == "":
		want = loc.Lang
		if want == "" {
			lang = content.Negotiate(g.prefs, have)
			break
		}
		fallthrough
	default:
		var ok bool
		if lang, ok = content.Match(want, have); !ok {
			lang = content.Fallback(have)
		}
	}
	if loc.PathLang != "" || loc.Lang == "" && lang != content.Reference {
		loc.PathLang = lang
	}
	return lang
}

func (g *Guide) resolve(stored func(key string) (string, bool)) *engine.Session {
	f, loc := g.flow, g.loc
	if loc.State != "" {
		if s, ok := g.recover(loc.State, loc.Step); ok {
			return s
		}
	}
	if loc.Step != "" {
		if s, err := engine.NewSessionAt(f, loc.Step); err == nil {
			return s
		}
	}
	if loc.State == "" && loc.Step == "" {
		// The guide's own address with nothing after it: a walk that
		// ended waiting is offered, not resumed; otherwise resume the
		// last walk kept on this device, keeping what still fits.
		if p := loadPickup(f, stored); p != nil {
			g.pickup = p
			s := engine.NewSession(f)
			s.SetFacts(p.session.Values())
			return s
		}
		if saved, ok := stored(storageKey(f.ID)); ok && saved != "" {
			r, err := engine.Recover(f, saved)
			switch {
			case err == nil && r.Session.Len() > 0:
				g.notice = g.words.Text("resumed")
				if r.Stale || r.Dropped > 0 {
					g.notice = g.words.Text("stale_kept")
				}
				return r.Session
			case err != nil || r.Stale || r.Dropped > 0:
				// Kept here but unreadable now: say so, and leave it be
				// until the user starts a new walk.
				g.keepStored = true
				g.notice = f.Strings[engine.StringStaleState]
			}
		}
	}
	return engine.NewSession(f)
}

// recover reads a walk state from the URL. A state saved against another
// version of the guide keeps the answers that still fit, as far as the step
// in the path (when the walk passed it), and says so; a state with nothing
// to keep leaves the step in the path to the caller, with a notice.
func (g *Guide) recover(state, step string) (*engine.Session, bool) {
	f := g.flow
	r, err := engine.Recover(f, state)
	if err != nil {
		g.notice = g.words.Text("bad_state")
		return nil, false
	}
	s := r.Session
	if !r.Stale && r.Dropped == 0 {
		return s, true
	}
	// Back to the step in the path, if the recovered walk went through it.
	for step != "" && s.Current().ID != step && s.Back() {
	}
	if r.Kept == 0 || step != "" && s.Current().ID != step {
		g.notice = f.Strings[engine.StringStaleState]
		return nil, false
	}
	g.notice = g.words.Text("stale_kept")
	return s, true
}

// afterNav runs in the browser once the step is on screen: keep the URL and
// local storage in step with the walk, tell the frame script which step is
// shown, and move focus to the new step for keyboard and screen reader users.
func (g *Guide) afterNav(ctx app.Context) {
	if !app.IsClient {
		return
	}
	if g.navs == 1 {
		defer Mark("boot:ready")
	}
	if g.session == nil {
		setRootAttr("data-fixflow-guide", g.flow.ID)
		setRootAttr("data-fixflow-step", "")
		removeRootAttr("data-fixflow-outcome")
		if g.navs > 1 {
			focusByID("ff-step-title")
			announce(g.flow.Strings[engine.StringUnknown])
		}
		return
	}
	state := g.session.Encode()
	canonical := g.loc.StepURL(g.session.Current().ID, state)
	// go-app runs this in the frame after the step was loaded, and a tap
	// may have navigated in between (its step is loaded after this frame):
	// then the address bar is the tap's, not this step's to rewrite.
	if cur := app.Window().URL(); cur.String() == g.loadedURL && cur.RequestURI() != canonical && (g.notice != "" || g.loc.Step == "") {
		replaceURL(canonical)
		g.loadedURL = app.Window().URL().String()
	}
	if !g.keepStored || g.session.Len() > 0 {
		saveWalk(storageKey(g.flow.ID), state)
	}
	g.count() // the widget's counts (stats.go)

	n := g.session.Current()
	switch {
	case n.Kind == engine.KindOutcome && n.Result == engine.ResultWait:
		saveWait(g.flow.ID, state, time.Now())
	case n.Kind == engine.KindOutcome:
		removeWalk(waitKey(g.flow.ID)) // the walk went on past the wait
	}

	setRootAttr("data-fixflow-guide", g.flow.ID)
	setRootAttr("data-fixflow-step", n.ID)
	if n.Kind == engine.KindOutcome {
		setRootAttr("data-fixflow-outcome", n.Result)
	} else {
		removeRootAttr("data-fixflow-outcome")
	}
	if g.navs > 1 {
		focusByID("ff-step-title")
		if fa := g.asking(); fa != nil {
			announce(fa.Question)
		} else {
			announce(n.Title)
		}
	}
}

// firstSegment is the first segment of a path.
func firstSegment(p string) string {
	first, _, _ := strings.Cut(strings.TrimPrefix(p, "/"), "/")
	return first
}
