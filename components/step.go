package components

import (
	engine "github.com/fixflow/fixflow/app"
)

// stepView shows the current node: its heading, then what its kind needs.
func stepView(f *engine.Flow, s *engine.Session) *node {
	n, lang := s.Current(), f.Lang
	article := el("article").Class("ff-node ff-" + string(n.Kind)).LabelledBy("ff-step-title").Body(
		el("h1").ID("ff-step-title").Class("ff-step-title").Set("tabindex", "-1").Says(n.Title),
	)
	if n.Body != "" {
		article.Body(el("p").Class("ff-body").Body(inline(lang, n.Body)...))
	}
	switch n.Kind {
	case engine.KindCheck:
		checkView(article, lang, n)
	case engine.KindOutcome:
		article.Body(contactsView(lang, n.Contacts))
	}
	return article.Body(linksView(lang, n.Links))
}

// checkView adds what a check shows: why, where the setting is, the warning,
// the steps, by model. (A function of its own: the wasm compiles a function
// whole the first time it runs, and a first step is seldom a check.)
func checkView(article *node, lang string, n *engine.Node) {
	if n.Why != "" {
		article.Body(el("p").Class("ff-why").Body(
			el("strong").Says(word(lang, "why")+": "), el("span").Body(inline(lang, n.Why)...)))
	}
	article.Body(pathsView(lang, n.Paths))
	if n.Warning != "" {
		article.Body(el("div").Class("ff-warning").Role("note").Body(
			el("strong").Class("ff-warning-label").Says(word(lang, "warning")+": "),
			el("span").Body(inline(lang, n.Warning)...),
		))
	}
	if len(n.Steps) > 0 {
		article.Body(stepsView(lang, n.Steps))
	}
	article.Body(modelsView(lang, n.Models))
}

func stepsView(lang string, steps []string) *node {
	list := el("ol").Class("ff-steps")
	for _, st := range steps {
		list.Body(el("li").Body(inline(lang, st)...))
	}
	return list
}

// pathsView shows where a setting lives as breadcrumbs, one per iOS range.
func pathsView(lang string, paths []engine.SettingsPath) *node {
	if len(paths) == 0 {
		return nil
	}
	nav := el("nav").Class("ff-paths").Aria("label", word(lang, "where")).Body(
		el("h2").Class("ff-small-heading").Says(word(lang, "where")),
	)
	for _, p := range paths {
		crumbs := el("ol").Class("ff-path")
		for _, seg := range p.Path {
			crumbs.Body(el("li").Body(el("span").Class("ff-ui").Says(seg)))
		}
		label := map[string]string{"18+": "ios18", "17-": "ios17", "all": "iosall"}[p.IOS]
		nav.Body(el("div").Class("ff-path-row").Body(
			el("span").Class("ff-path-ios").Says(word(lang, label)),
			crumbs,
		))
	}
	return nav
}

// modelsView shows steps that differ by iPhone model as an accordion of
// native <details>: it works before the wasm arrives and with any input.
func modelsView(lang string, models []engine.ModelSteps) *node {
	if len(models) == 0 {
		return nil
	}
	section := el("section").Class("ff-models").Aria("label", word(lang, "which_iphone")).Body(
		el("h2").Class("ff-small-heading").Says(word(lang, "which_iphone")),
	)
	for i, m := range models {
		section.Body(el("details").Class("ff-model").Set("name", "ff-models").Flag("open", i == 0).Body(
			el("summary").Says(m.Models),
			stepsView(lang, m.Steps),
		))
	}
	return section
}

func linksView(lang string, links []engine.Link) *node {
	if len(links) == 0 {
		return nil
	}
	list := el("ul").Class("ff-links").Aria("label", word(lang, "links"))
	for _, l := range links {
		list.Body(el("li").Body(externalLink(lang, l.Label, l.URL)))
	}
	return list
}

// externalLink opens in a new tab without giving the page a handle on ours.
// The URL was checked when the guide was validated (https, a host).
func externalLink(lang, label, href string) *node {
	return el("a").Href(href).Set("target", "_blank").Set("rel", "noopener noreferrer").Body(
		text(label),
		el("span").Class("ff-visually-hidden").Says(" "+word(lang, "new_tab")),
	)
}

func contactsView(lang string, contacts []engine.Contact) *node {
	if len(contacts) == 0 {
		return nil
	}
	list := el("ul")
	for _, c := range contacts {
		list.Body(el("li").Body(
			el("strong").Says(c.Who),
			el("span").Says(" — "),
			el("span").Body(inline(lang, c.Why)...),
		))
	}
	return el("section").Class("ff-contacts").Body(
		el("h2").Class("ff-small-heading").Says(word(lang, "contact")),
		list,
	)
}

// inline renders the guide's tiny markup. Shipped content is validated, so a
// parse error cannot happen there; if it does, the text shows as written.
func inline(lang, s string) []*node {
	spans, err := engine.ParseInline(s)
	if err != nil {
		return []*node{text(s)}
	}
	out := make([]*node, len(spans))
	for i, sp := range spans {
		switch sp.Kind {
		case engine.InlineEmphasis:
			out[i] = el("em").Says(sp.Text)
		case engine.InlineUI:
			out[i] = el("span").Class("ff-ui").Says(sp.Text)
		case engine.InlineLink:
			out[i] = externalLink(lang, sp.Text, sp.URL)
		default:
			out[i] = text(sp.Text)
		}
	}
	return out
}
