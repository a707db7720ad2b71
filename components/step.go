package components

import (
	engine "github.com/fixflow/fixflow/app"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// renderStep shows the current node: its heading, then what its kind needs.
func renderStep(f *engine.Flow, s *engine.Session) app.UI {
	n, lang := s.Current(), f.Lang
	parts := []app.UI{
		app.H1().ID("ff-step-title").Class("ff-step-title").TabIndex(-1).Text(n.Title),
	}
	if n.Body != "" {
		parts = append(parts, app.P().Class("ff-body").Body(inline(n.Body)...))
	}
	switch n.Kind {
	case engine.KindCheck:
		if n.Why != "" {
			parts = append(parts, app.P().Class("ff-why").Body(
				app.Strong().Text(word(lang, "why")+": "), app.Span().Body(inline(n.Why)...)))
		}
		parts = append(parts, renderPaths(lang, n.Paths))
		if n.Warning != "" {
			parts = append(parts, app.Div().Class("ff-warning").Role("note").Body(
				app.Strong().Class("ff-warning-label").Text(word(lang, "warning")+": "),
				app.Span().Body(inline(n.Warning)...),
			))
		}
		if len(n.Steps) > 0 {
			parts = append(parts, renderSteps(n.Steps))
		}
		parts = append(parts, renderModels(lang, n.Models))
	case engine.KindOutcome:
		parts = append(parts, renderContacts(lang, n.Contacts))
	}
	parts = append(parts, renderLinks(lang, n.Links))
	return app.Article().Class("ff-node ff-"+string(n.Kind)).Aria("labelledby", "ff-step-title").Body(parts...)
}

func renderSteps(steps []string) app.UI {
	items := make([]app.UI, len(steps))
	for i, st := range steps {
		items[i] = app.Li().Body(inline(st)...)
	}
	return app.Ol().Class("ff-steps").Body(items...)
}

// renderPaths shows where a setting lives as breadcrumbs, one per iOS range.
func renderPaths(lang string, paths []engine.SettingsPath) app.UI {
	if len(paths) == 0 {
		return nil
	}
	rows := make([]app.UI, len(paths))
	for i, p := range paths {
		crumbs := make([]app.UI, len(p.Path))
		for j, seg := range p.Path {
			crumbs[j] = app.Li().Body(app.Span().Class("ff-ui").Text(seg))
		}
		label := map[string]string{"18+": "ios18", "17-": "ios17", "all": "iosall"}[p.IOS]
		rows[i] = app.Div().Class("ff-path-row").Body(
			app.Span().Class("ff-path-ios").Text(word(lang, label)),
			app.Ol().Class("ff-path").Body(crumbs...),
		)
	}
	return app.Nav().Class("ff-paths").Aria("label", word(lang, "where")).Body(
		append([]app.UI{app.H2().Class("ff-small-heading").Text(word(lang, "where"))}, rows...)...,
	)
}

// renderModels shows steps that differ by iPhone model as an accordion of
// native <details>: it works before the wasm arrives and with any input.
func renderModels(lang string, models []engine.ModelSteps) app.UI {
	if len(models) == 0 {
		return nil
	}
	items := make([]app.UI, len(models))
	for i, m := range models {
		d := app.Details().Class("ff-model").Attr("name", "ff-models").Body(
			app.Summary().Text(m.Models),
			renderSteps(m.Steps),
		)
		if i == 0 {
			d = d.Open(true)
		}
		items[i] = d
	}
	return app.Section().Class("ff-models").Aria("label", word(lang, "which_iphone")).Body(
		append([]app.UI{app.H2().Class("ff-small-heading").Text(word(lang, "which_iphone"))}, items...)...,
	)
}

func renderLinks(lang string, links []engine.Link) app.UI {
	if len(links) == 0 {
		return nil
	}
	items := make([]app.UI, len(links))
	for i, l := range links {
		items[i] = app.Li().Body(externalLink(lang, l.Label, l.URL))
	}
	return app.Ul().Class("ff-links").Aria("label", word(lang, "links")).Body(items...)
}

// externalLink opens in a new tab without giving the page a handle on ours.
func externalLink(lang, text, href string) app.UI {
	return app.A().Href(href).Target("_blank").Rel("noopener noreferrer").Body(
		app.Text(text),
		app.Span().Class("ff-visually-hidden").Text(" "+word(lang, "new_tab")),
	)
}

func renderContacts(lang string, contacts []engine.Contact) app.UI {
	if len(contacts) == 0 {
		return nil
	}
	items := make([]app.UI, len(contacts))
	for i, c := range contacts {
		items[i] = app.Li().Body(
			app.Strong().Text(c.Who),
			app.Span().Text(" — "),
			app.Span().Body(inline(c.Why)...),
		)
	}
	return app.Section().Class("ff-contacts").Body(
		app.H2().Class("ff-small-heading").Text(word(lang, "contact")),
		app.Ul().Body(items...),
	)
}

// inline renders the guide's tiny markup. Shipped content is validated, so a
// parse error cannot happen there; if it does, the text shows as written.
func inline(s string) []app.UI {
	spans, err := engine.ParseInline(s)
	if err != nil {
		return []app.UI{app.Text(s)}
	}
	out := make([]app.UI, len(spans))
	for i, sp := range spans {
		switch sp.Kind {
		case engine.InlineEmphasis:
			out[i] = app.Em().Text(sp.Text)
		case engine.InlineUI:
			out[i] = app.Span().Class("ff-ui").Text(sp.Text)
		case engine.InlineLink:
			out[i] = externalLink("en", sp.Text, sp.URL)
		default:
			out[i] = app.Text(sp.Text)
		}
	}
	return out
}
