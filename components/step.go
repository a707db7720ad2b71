package components

import (
	engine "github.com/fixflow/fixflow/app"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// renderStep shows the current node: its heading, then what its kind needs.
func renderStep(f *engine.Flow, s *engine.Session) app.UI {
	n, lang := s.Current(), f.Lang
	parts := []app.UI{
		el("h1").ID("ff-step-title").Class("ff-step-title").TabIndex(-1).Text(n.Title),
	}
	if n.Body != "" {
		parts = append(parts, el("p").Class("ff-body").Body(inline(n.Body)...))
	}
	switch n.Kind {
	case engine.KindCheck:
		if n.Why != "" {
			parts = append(parts, el("p").Class("ff-why").Body(
				el("strong").Text(word(lang, "why")+": "), el("span").Body(inline(n.Why)...)))
		}
		parts = append(parts, renderPaths(lang, n.Paths))
		if n.Warning != "" {
			parts = append(parts, app.Div().Class("ff-warning").Role("note").Body(
				el("strong").Class("ff-warning-label").Text(word(lang, "warning")+": "),
				el("span").Body(inline(n.Warning)...),
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
	return el("article").Class("ff-node ff-"+string(n.Kind)).Aria("labelledby", "ff-step-title").Body(parts...)
}

func renderSteps(steps []string) app.UI {
	items := make([]app.UI, len(steps))
	for i, st := range steps {
		items[i] = el("li").Body(inline(st)...)
	}
	return el("ol").Class("ff-steps").Body(items...)
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
			crumbs[j] = el("li").Body(el("span").Class("ff-ui").Text(seg))
		}
		label := map[string]string{"18+": "ios18", "17-": "ios17", "all": "iosall"}[p.IOS]
		rows[i] = app.Div().Class("ff-path-row").Body(
			el("span").Class("ff-path-ios").Text(word(lang, label)),
			el("ol").Class("ff-path").Body(crumbs...),
		)
	}
	return el("nav").Class("ff-paths").Aria("label", word(lang, "where")).Body(
		append([]app.UI{el("h2").Class("ff-small-heading").Text(word(lang, "where"))}, rows...)...,
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
		d := el("details").Class("ff-model").Attr("name", "ff-models").Body(
			el("summary").Text(m.Models),
			renderSteps(m.Steps),
		)
		if i == 0 {
			d = d.Attr("open", true)
		}
		items[i] = d
	}
	return el("section").Class("ff-models").Aria("label", word(lang, "which_iphone")).Body(
		append([]app.UI{el("h2").Class("ff-small-heading").Text(word(lang, "which_iphone"))}, items...)...,
	)
}

func renderLinks(lang string, links []engine.Link) app.UI {
	if len(links) == 0 {
		return nil
	}
	items := make([]app.UI, len(links))
	for i, l := range links {
		items[i] = el("li").Body(externalLink(lang, l.Label, l.URL))
	}
	return el("ul").Class("ff-links").Aria("label", word(lang, "links")).Body(items...)
}

// externalLink opens in a new tab without giving the page a handle on ours.
func externalLink(lang, text, href string) app.UI {
	return el("a").Attr("href", href).Attr("target", "_blank").Attr("rel", "noopener noreferrer").Body(
		app.Text(text),
		el("span").Class("ff-visually-hidden").Text(" "+word(lang, "new_tab")),
	)
}

func renderContacts(lang string, contacts []engine.Contact) app.UI {
	if len(contacts) == 0 {
		return nil
	}
	items := make([]app.UI, len(contacts))
	for i, c := range contacts {
		items[i] = el("li").Body(
			el("strong").Text(c.Who),
			el("span").Text(" — "),
			el("span").Body(inline(c.Why)...),
		)
	}
	return el("section").Class("ff-contacts").Body(
		el("h2").Class("ff-small-heading").Text(word(lang, "contact")),
		el("ul").Body(items...),
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
			out[i] = el("em").Text(sp.Text)
		case engine.InlineUI:
			out[i] = el("span").Class("ff-ui").Text(sp.Text)
		case engine.InlineLink:
			out[i] = externalLink("en", sp.Text, sp.URL)
		default:
			out[i] = app.Text(sp.Text)
		}
	}
	return out
}
