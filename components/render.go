package components

import (
	"fmt"

	engine "github.com/fixflow/fixflow/app"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Render lays out the page: progress, notices, the step with its choices,
// Back and Start over, and what was tried.
func (g *Guide) Render() app.UI {
	if g.session == nil {
		return app.Div().ID("ff-root").Class("ff")
	}
	f, s, lang := g.flow, g.session, g.flow.Lang
	n := s.Current()
	root := app.Div().
		ID("ff-root").
		Class("ff").
		DataSet("guide", f.ID).
		DataSet("step", n.ID).
		DataSet("embed", boolAttr(g.loc.Embed))
	if n.Kind == engine.KindOutcome {
		root = root.DataSet("outcome", n.Result)
	}
	if g.loc.Theme != "" {
		root = root.DataSet("theme", g.loc.Theme)
	}
	if style := g.customStyle(); style != "" {
		root = root.Attr("style", style)
	}
	return root.Body(
		el("a").Class("ff-skip").Attr("href", "#ff-step-title").Text(word(lang, "skip")),
		g.renderHeader(),
		app.If(g.updatable, func() app.UI {
			return app.Div().Class("ff-update").Role("status").Body(
				el("span").Text(word(lang, "update")+" "),
				el("button").Class("ff-button").Text(word(lang, "reload")).OnClick(g.onReload),
			)
		}),
		app.If(g.notice != "", func() app.UI {
			return el("p").Class("ff-notice").Role("status").Text(g.notice)
		}),
		el("main").Class("ff-step").Body(
			renderStep(f, s),
			g.renderChoices(),
			g.renderRecipientShare(),
		),
		g.renderNav(),
		g.renderTried(),
		app.Div().ID("ff-live").Class("ff-visually-hidden").Aria("live", "polite").Aria("atomic", "true"),
	)
}

func boolAttr(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// customStyle carries a host's accent colour and corner radius as CSS custom
// properties. Both were validated by ParseLocation (hex colour, 0–32 px).
func (g *Guide) customStyle() string {
	style := ""
	if g.loc.Accent != "" {
		style += "--ff-accent:" + g.loc.Accent + ";"
	}
	if g.loc.Radius != "" {
		style += "--ff-radius:" + g.loc.Radius + "px;"
	}
	return style
}

func (g *Guide) renderHeader() app.UI {
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
		el("p").Class("ff-guide-title").Text(f.Title),
		app.Div().Class("ff-progress").Body(
			el("progress").
				ID("ff-progress").
				Attr("max", total).
				Attr("value", done).
				Aria("label", word(lang, "progress")).
				Aria("valuetext", label),
			el("span").Class("ff-progress-label").Aria("hidden", "true").Text(label),
		),
	)
}

// renderChoices shows a node's ways out as real links to the next step's
// URL, so they work before the wasm arrives and without JavaScript.
func (g *Guide) renderChoices() app.UI {
	f, s := g.flow, g.session
	n := s.Current()
	choices := f.Choices(n)
	if len(choices) == 0 {
		return nil
	}
	links := make([]app.UI, len(choices))
	for i, c := range choices {
		next := s.Clone()
		if err := next.Choose(i); err != nil {
			continue
		}
		class := "ff-choice"
		if n.Kind == engine.KindCheck {
			class += map[int]string{0: " ff-choice-yes", 1: " ff-choice-no"}[i]
		}
		var hint app.UI
		if n.Kind == engine.KindQuestion && n.Options[i].Hint != "" {
			hint = el("span").Class("ff-choice-hint").Text(n.Options[i].Hint)
		}
		links[i] = el("li").Body(
			el("a").
				Class(class).
				Attr("href", g.loc.StepURL(next.Current().ID, next.Encode())).
				Body(el("span").Class("ff-choice-label").Text(c.Label), hint),
		)
	}
	var heading app.UI
	if n.Kind == engine.KindCheck {
		heading = el("h2").ID("ff-did-it-work").Class("ff-did-it-work").Text(f.Strings[engine.StringDidItWork])
	}
	list := el("ul").Class("ff-choices").Body(links...)
	if heading != nil {
		list = list.Aria("labelledby", "ff-did-it-work")
	}
	return app.Div().Class("ff-choices-wrap").Body(heading, list)
}

// renderRecipientShare offers, on a step the other person must do, to send
// them this step.
func (g *Guide) renderRecipientShare() app.UI {
	n, lang := g.session.Current(), g.flow.Lang
	if !n.Recipient {
		return nil
	}
	return el("aside").Class("ff-recipient").Body(
		el("p").Text(word(lang, "send_guide_why")),
		el("button").Class("ff-button").Text(word(lang, "send_guide")).OnClick(g.onSendGuide),
	)
}

func (g *Guide) renderNav() app.UI {
	f, s := g.flow, g.session
	var back app.UI
	if len(s.History()) > 0 {
		prev := s.Clone()
		prev.Back()
		back = el("a").Class("ff-back").Attr("rel", "prev").
			Attr("href", g.loc.StepURL(prev.Current().ID, prev.Encode())).
			Text("← " + f.Strings[engine.StringBack])
	}
	var restart app.UI
	if len(s.History()) > 0 || s.Current().ID != f.Start {
		restart = el("a").Class("ff-restart").
			Attr("href", g.loc.StepURL(f.Start, "")).
			Text(f.Strings[engine.StringRestart])
	}
	if back == nil && restart == nil {
		return nil
	}
	return el("nav").Class("ff-nav").Aria("label", f.Strings[engine.StringBack]).Body(back, restart)
}

func (g *Guide) renderTried() app.UI {
	f, s, lang := g.flow, g.session, g.flow.Lang
	entries := s.Transcript()
	outcome := s.Current().Kind == engine.KindOutcome
	if len(entries) == 0 && !outcome {
		return nil // nothing tried yet: no empty panel under the first question
	}
	items := make([]app.UI, len(entries))
	for i, e := range entries {
		items[i] = el("li").Body(
			el("span").Class("ff-tried-title").Text(e.Title),
			el("span").Class("ff-tried-result").Text(" — "+e.Result),
		)
	}
	body := []app.UI{el("h2").ID("ff-tried-heading").Text(f.Strings[engine.StringTried])}
	if outcome && s.Current().Result == engine.ResultEscalate {
		body = append(body, el("p").Text(word(lang, "show_them")))
	}
	if len(items) == 0 {
		body = append(body, el("p").Class("ff-muted").Text(word(lang, "nothing_tried")))
	} else {
		body = append(body,
			el("ol").Class("ff-tried-list").Body(items...),
			app.Div().Class("ff-tried-actions").Body(
				el("button").Class("ff-button").Text(word(lang, "copy")).OnClick(g.onCopy),
				el("button").Class("ff-button").Text(word(lang, "share")).OnClick(g.onShare),
				el("button").Class("ff-button").Text(word(lang, "print")).OnClick(g.onPrint),
			),
		)
	}
	body = append(body, el("p").Class("ff-status").Role("status").Text(g.status))
	section := el("section").Class("ff-tried").Aria("labelledby", "ff-tried-heading").Body(body...)
	if outcome {
		return section
	}
	// Before an outcome the list folds away, so it never pushes the step
	// down on a small screen.
	return el("details").Class("ff-tried-fold").Body(
		el("summary").Text(fmt.Sprintf("%s (%d)", f.Strings[engine.StringTried], len(entries))),
		section,
	)
}
