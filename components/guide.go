package components

import (
	"errors"
	"net/url"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/content"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// storageKey is where the last walk of a guide is kept in local storage, so
// that opening the guide again resumes it.
func storageKey(guideID string) string { return "fixflow:" + guideID }

// Guide is the page: one guide, at one step of a walk. Everything it shows is
// derived from the URL (the step and the engine's state string), so reload,
// deep links and links that work before the wasm arrives all agree.
type Guide struct {
	app.Compo

	loc     Location
	flow    *engine.Flow
	session *engine.Session
	notice  string // a short notice: stale state, unknown step, resumed walk
	status  string // the result of Copy / Share, announced politely

	updatable bool // a new version has been installed: offer a reload
	navs      int  // how many steps this page has shown (focus moves after the first)

	navigate app.Func // window.fixflowNavigate, in embed mode
}

// OnNav loads the step named by the URL.
func (g *Guide) OnNav(ctx app.Context) {
	g.load(ctx, ctx.Page().URL())
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
			g.load(ctx, app.Window().URL())
		})
		return nil
	})
	app.Window().Set("fixflowNavigate", g.navigate)
	setRootAttr("data-fixflow-ready", "")
}

// OnDismount removes the navigation hook.
func (g *Guide) OnDismount() {
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

// load resolves the URL into a flow and a session. A URL that names an
// unknown step or carries a state saved against older content lands on the
// guide's start with a notice: never a blank page.
func (g *Guide) load(ctx app.Context, u *url.URL) {
	g.loc = ParseLocation(u, content.DefaultGuide)
	flow, ok := library.Guide(g.loc.Guide, g.loc.Lang)
	if !ok {
		flow, _ = library.Guide(content.DefaultGuide, g.loc.Lang)
		g.loc.Guide = flow.ID
	}
	g.flow = flow
	g.notice, g.status = "", ""
	g.session = g.resolve(ctx)

	ctx.Page().SetTitle("%s · %s", g.session.Current().Title, flow.Title)
	ctx.Page().SetDescription("%s", flow.Summary)
	ctx.Page().SetLang(flow.Lang)
	g.navs++
	if app.IsClient {
		ctx.Defer(g.afterNav)
	}
}

func (g *Guide) resolve(ctx app.Context) *engine.Session {
	f, loc := g.flow, g.loc
	switch {
	case loc.State != "":
		s, err := engine.Decode(f, loc.State)
		if err == nil {
			return s
		}
		if errors.Is(err, engine.ErrStale) || errors.Is(err, engine.ErrOtherGuide) {
			g.notice = f.Strings[engine.StringStaleState]
		} else {
			g.notice = f.Strings[engine.StringUnknown]
		}
	case loc.Step != "":
		s, err := engine.NewSessionAt(f, loc.Step)
		if err == nil {
			return s
		}
		g.notice = f.Strings[engine.StringUnknown]
	case app.IsClient:
		// The guide's own address with nothing after it: resume the last
		// walk kept on this device, if it still fits the content.
		var saved string
		if err := ctx.LocalStorage().Get(storageKey(f.ID), &saved); err == nil && saved != "" {
			if s, err := engine.Decode(f, saved); err == nil && len(s.History()) > 0 {
				g.notice = word(f.Lang, "resumed")
				return s
			}
		}
	}
	return engine.NewSession(f)
}

// afterNav runs in the browser once the step is on screen: keep the URL and
// local storage in step with the walk, tell the frame script which step is
// shown, and move focus to the new step for keyboard and screen reader users.
func (g *Guide) afterNav(ctx app.Context) {
	state := g.session.Encode()
	canonical := g.loc.StepURL(g.session.Current().ID, state)
	if cur := app.Window().URL(); cur.RequestURI() != canonical && (g.notice != "" || g.loc.Step == "") {
		replaceURL(canonical)
	}
	ctx.LocalStorage().Set(storageKey(g.flow.ID), state)

	n := g.session.Current()
	setRootAttr("data-fixflow-guide", g.flow.ID)
	setRootAttr("data-fixflow-step", n.ID)
	if n.Kind == engine.KindOutcome {
		setRootAttr("data-fixflow-outcome", n.Result)
	} else {
		removeRootAttr("data-fixflow-outcome")
	}
	if g.navs > 1 {
		focusByID("ff-step-title")
		announce(n.Title)
	}
}
