package components

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	engine "github.com/fixflow/fixflow/app"
)

// view lays out the page: progress, notices, the step with its choices,
// Back and Start over, and what was tried. The same view is written as HTML
// by the server and rendered by go-app in the browser.
func (g *Guide) view() *node {
	if g.flow == nil {
		return el("div").ID("ff-root").Class("ff") // not loaded yet
	}
	if g.session == nil {
		return g.notFoundView()
	}
	f, s, lang := g.flow, g.session, g.flow.Lang
	n := s.Current()
	root := g.root().Data("step", n.ID)
	main := el("main").Class("ff-step").Body(g.factsLine())
	if fa := g.asking(); fa != nil {
		// The step needs a fact first (or the user asked to change one):
		// ask it, on the step's own URL.
		root.Data("ask", fa.ID)
		main.Body(g.factView(fa))
	} else {
		if n.Kind == engine.KindOutcome {
			root.Data("outcome", n.Result)
		}
		main.Body(stepView(f, s), g.choicesView(), g.contactView(), g.recipientView())
	}
	return root.Body(
		el("a").Class("ff-skip").Href("#ff-step-title").Says(word(lang, "skip")),
		g.headerView(),
		g.updateView(),
		g.noticeView(),
		g.pickupView(),
		main,
		g.navView(),
		g.phoneWide(),
		g.triedView(),
		g.liveRegion(),
	)
}

// root is the widget's outermost element with the display options the host
// chose. The accent and the radius travel as data attributes (validated by
// ParseLocation); the page script turns them into CSS custom properties
// through the CSSOM, since the CSP allows no inline style.
func (g *Guide) root() *node {
	return el("div").ID("ff-root").Class("ff").
		Data("guide", g.flow.ID).
		Data("embed", boolAttr(g.loc.Embed)).
		Data("theme", g.loc.Theme).
		Data("accent", g.loc.Accent).
		Data("radius", g.loc.Radius)
}

// notFoundView is the page of a URL that names no step of the guide: it says
// so and links to the start.
func (g *Guide) notFoundView() *node {
	f := g.flow
	return g.root().Data("step", "").Body(
		el("main").Class("ff-step").Body(
			el("article").Class("ff-node ff-not-found").LabelledBy("ff-step-title").Body(
				el("h1").ID("ff-step-title").Class("ff-step-title").Set("tabindex", "-1").Says(f.Strings[engine.StringUnknown]),
			),
			el("ul").Class("ff-choices").Body(el("li").Body(
				el("a").Class("ff-choice").Href(g.loc.StepURL(f.Start, "")).Body(
					el("span").Class("ff-choice-label").Says(f.Strings[engine.StringRestart]),
				),
			)),
		),
		g.liveRegion(),
	)
}

func (g *Guide) liveRegion() *node {
	return el("div").ID("ff-live").Class("ff-visually-hidden").Aria("live", "polite").Aria("atomic", "true")
}

func boolAttr(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

func (g *Guide) updateView() *node {
	if !g.updatable {
		return nil
	}
	lang := g.flow.Lang
	return el("div").Class("ff-update").Role("status").Body(
		el("span").Says(word(lang, "update")+" "),
		el("button").Class("ff-button").Set("type", "button").Says(word(lang, "reload")).OnEvent("click", handle(g.onReload)),
	)
}

func (g *Guide) noticeView() *node {
	if g.notice == "" {
		return nil
	}
	return el("p").Class("ff-notice").Role("status").Says(g.notice)
}

func (g *Guide) headerView() *node {
	f, lang := g.flow, g.flow.Lang
	p := g.session.Progress()
	done, total := p.Done, p.Done+p.Remaining
	label := word(lang, "step_done")
	if !g.session.Done() {
		label = fmt.Sprintf(word(lang, "step_of"), p.Done+1, p.Remaining)
	}
	if total == 0 {
		total = 1
	}
	return el("header").Class("ff-header").Body(
		el("p").Class("ff-guide-title").Says(f.Title),
		el("div").Class("ff-progress").Body(
			el("progress").ID("ff-progress").
				Set("max", fmt.Sprint(total)).
				Set("value", fmt.Sprint(done)).
				Aria("label", word(lang, "progress")).
				Aria("valuetext", label),
			el("span").Class("ff-progress-label").Aria("hidden", "true").Says(label),
		),
	)
}

// choicesView shows a node's ways out as real links to the next step's URL,
// so they work before the wasm arrives and without JavaScript.
func (g *Guide) choicesView() *node {
	f, s := g.flow, g.session
	n := s.Current()
	choices := f.Choices(n)
	if len(choices) == 0 {
		return nil
	}
	list := el("ul").Class("ff-choices")
	for i, c := range choices {
		next := s.Clone()
		if err := next.Choose(i); err != nil {
			continue // not offered under the facts answered
		}
		class := "ff-choice"
		if n.Kind == engine.KindCheck {
			class += map[int]string{engine.AnswerFixed: " ff-choice-yes", engine.AnswerNotFixed: " ff-choice-no", engine.AnswerCantFind: " ff-choice-cant-find"}[i]
		}
		var hint *node
		if n.Kind == engine.KindQuestion && n.Options[i].Hint != "" {
			hint = el("span").Class("ff-choice-hint").Says(n.Options[i].Hint)
		}
		list.Body(el("li").Body(
			el("a").Class(class).Href(g.loc.StepURL(next.Current().ID, next.Encode())).Body(
				el("span").Class("ff-choice-label").Says(c.Label), hint,
			),
		))
	}
	wrap := el("div").Class("ff-choices-wrap")
	if n.Kind == engine.KindCheck {
		wrap.Body(el("h2").ID("ff-did-it-work").Class("ff-did-it-work").Says(f.Strings[engine.StringDidItWork]))
		list.LabelledBy("ff-did-it-work")
	}
	return wrap.Body(list)
}

// recipientView offers, on a step the other person must do, to send them
// this step, in the guide's words.
func (g *Guide) recipientView() *node {
	n, f := g.session.Current(), g.flow
	if !n.Recipient {
		return nil
	}
	return el("aside").Class("ff-recipient").Body(
		el("p").Says(f.Strings[engine.StringRecipientWhy]),
		el("button").Class("ff-button").Set("type", "button").Says(f.Strings[engine.StringRecipientSend]).OnEvent("click", handle(g.onSendGuide)),
	)
}

func (g *Guide) navView() *node {
	f, s := g.flow, g.session
	var back, restart *node
	if s.Len() > 0 {
		prev := s.Clone()
		prev.Back()
		back = el("a").Class("ff-back").Set("rel", "prev").
			Href(g.loc.StepURL(prev.Current().ID, prev.Encode())).
			Says("← " + f.Strings[engine.StringBack])
	}
	if s.Len() > 0 || s.Current().ID != f.Start {
		// Start over keeps the facts answered: they are about the user's
		// situation, not the walk (engine.Session.Restart).
		again := s.Clone()
		again.Restart()
		state := ""
		if len(again.Facts()) > 0 {
			state = again.Encode()
		}
		restart = el("a").Class("ff-restart").Href(g.loc.StepURL(again.Current().ID, state)).Says(f.Strings[engine.StringRestart])
	}
	if back == nil && restart == nil {
		return nil
	}
	return el("nav").Class("ff-nav").Aria("label", f.Strings[engine.StringBack]).Body(back, restart)
}

func (g *Guide) triedView() *node {
	entries := g.session.Transcript()
	outcome := g.session.Current().Kind == engine.KindOutcome
	if len(entries) == 0 && !outcome {
		return nil // nothing tried yet: no empty panel under the first question
	}
	return g.triedPanel(entries, outcome)
}

// triedPanel is triedView's panel, in a function of its own: the wasm
// compiles a function whole the first time it runs, and the first step has
// no panel to draw.
func (g *Guide) triedPanel(entries []engine.Entry, outcome bool) *node {
	f, s, lang := g.flow, g.session, g.flow.Lang
	section := el("section").Class("ff-tried").LabelledBy("ff-tried-heading").Body(
		el("h2").ID("ff-tried-heading").Says(f.Strings[engine.StringTried]),
	)
	g.handoffData(section)
	if outcome && s.Current().Result == engine.ResultEscalate {
		section.Body(el("p").Says(word(lang, "show_them")))
	}
	if facts := s.Facts(); len(facts) > 0 {
		list := el("ul").Class("ff-tried-facts")
		for _, a := range facts {
			list.Body(el("li").Body(
				el("span").Class("ff-tried-title").Says(a.Fact.Question),
				el("span").Class("ff-tried-result").Says(" — "+a.Label),
			))
		}
		section.Body(list)
	}
	if len(entries) == 0 {
		section.Body(el("p").Class("ff-muted").Says(word(lang, "nothing_tried")))
	} else {
		list := el("ol").Class("ff-tried-list")
		for _, e := range entries {
			list.Body(handoffItem(el("li"), e).Body(
				el("span").Class("ff-tried-title").Says(e.Title),
				el("span").Class("ff-tried-result").Says(" — "+e.Result),
			))
		}
		section.Body(list, el("div").Class("ff-tried-actions").Body(
			el("button").Class("ff-button").Set("type", "button").Says(word(lang, "copy")).OnEvent("click", handle(g.onCopy)),
			el("button").Class("ff-button").Set("type", "button").Says(word(lang, "share")).OnEvent("click", handle(g.onShare)),
			el("button").Class("ff-button").Set("type", "button").Says(word(lang, "print")).OnEvent("click", handle(g.onPrint)),
		))
	}
	section.Body(el("p").Class("ff-status").Role("status").Says(g.status))
	// The QR code only where the panel is seen: at an outcome, or open.
	// In the browser a closed fold gets none (encoding it was work in
	// every render); the server's page has it, for a page without the wasm.
	if outcome || !app.IsClient || g.triedOpen {
		section.Body(g.phoneView("ff-phone-tried"))
	}
	if outcome {
		return section
	}
	// Before an outcome the list folds away, so it never pushes the step
	// down on a small screen.
	return el("details").Class("ff-tried-fold").Flag("open", g.triedOpen).OnEvent("toggle", handle(g.onTriedToggle)).Body(
		el("summary").Says(fmt.Sprintf("%s (%d)", f.Strings[engine.StringTried], len(entries))),
		section,
	)
}
