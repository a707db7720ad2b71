package components

import (
	"strconv"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/content"
)

// stepView shows the current node: its heading, then what its kind needs.
// Steps, settings paths, model groups and links whose condition fails under
// the facts answered are left out of the step; paths, models and steps go
// into a "show other versions" disclosure instead, each labelled with its
// condition.
func stepView(f *engine.Flow, w *content.Strings, s *engine.Session) *node {
	n := s.Current()
	v := variants{f: f, w: w, s: s}
	article := el("article").Class("ff-node ff-" + string(n.Kind)).LabelledBy("ff-step-title").Body(
		el("h1").ID("ff-step-title").Class("ff-step-title").Set("tabindex", "-1").Says(n.Title),
	)
	if n.Body != "" {
		article.Body(el("p").Class("ff-body").Body(inline(w, n.Body)...))
	}
	switch n.Kind {
	case engine.KindCheck:
		checkView(article, v, n)
	case engine.KindOutcome:
		article.Body(outcomeView(w, n)...)
	}
	return article.Body(v.links(n.Links))
}

// checkView adds what a check shows: why, where the setting is, the
// warning, the steps, by model. (A function of its own: the wasm compiles a
// function whole the first time it runs, and a first step is seldom a
// check.)
func checkView(article *node, v variants, n *engine.Node) {
	w := v.w
	if n.Why != "" {
		article.Body(el("p").Class("ff-why").Body(
			el("strong").Body(labelled(w, "why")...), el("span").Body(inline(w, n.Why)...)))
	}
	article.Body(v.paths(n.Paths))
	if n.Warning != "" {
		article.Body(warningView(w, n.Warning))
	}
	article.Body(v.steps(n.Steps)...)
	article.Body(v.models(n.Models))
}

// variants sorts the items of a node by their conditions under a session's
// facts.
type variants struct {
	f *engine.Flow
	w *content.Strings
	s *engine.Session
}

// label is an item's condition in words when the page must say it: it
// names a fact answered "I don't know" (every variant shows), or the item
// is among the other versions (always).
func (v variants) label(c engine.Condition, other bool) *node {
	if len(c) == 0 || !other && !ambiguous(v.s, c) {
		return nil
	}
	return el("span").Class("ff-when").Says(condLabel(v.f, v.w, c))
}

// yours names the device a condition that holds is about by the user's own
// answers ("With a side button"), where they gave one, else by its
// condition.
func (v variants) yours(c engine.Condition) string {
	mine := engine.Condition{}
	for id, vals := range c {
		if val, ok := v.s.Fact(id); ok && val != engine.Unknown {
			mine[id] = []string{val}
		} else {
			mine[id] = vals
		}
	}
	return condLabel(v.f, v.w, mine)
}

// others folds the items that do not apply into a small disclosure.
func (v variants) others(items ...*node) *node {
	d := el("details").Class("ff-other").Body(el("summary").Body(say(v.w, "other_versions")...))
	d.Body(items...)
	if len(d.Kids) == 1 {
		return nil
	}
	return d
}

func (v variants) steps(steps []engine.Instruction) []*node {
	if len(steps) == 0 {
		return nil
	}
	list, other := el("ol").Class("ff-steps"), el("ul").Class("ff-steps")
	for _, st := range steps {
		if v.s.Applies(st.When) {
			list.Body(stepItem(v, st, false))
		} else {
			other.Body(stepItem(v, st, true))
		}
	}
	var more *node
	if len(other.Kids) > 0 {
		more = v.others(other)
	}
	if len(list.Kids) == 0 {
		list = nil
	}
	return []*node{list, more}
}

// stepItem is one step: its text, then the warning about what it can cost
// and its picture, drawn at its size.
func stepItem(v variants, st engine.Instruction, other bool) *node {
	li := el("li").Body(v.label(st.When, other))
	li.Body(inline(v.w, st.Text)...)
	if st.Warning != "" {
		li.Body(warningView(v.w, st.Warning))
	}
	if img := st.Image; img != nil {
		li.Body(el("img").Class("ff-step-image").
			Set("src", "/"+img.Src).
			Set("alt", img.Alt).
			Set("width", strconv.Itoa(img.Width)).
			Set("height", strconv.Itoa(img.Height)).
			Set("loading", "lazy").
			Set("decoding", "async"))
	}
	return li
}

func warningView(w *content.Strings, t string) *node {
	return el("div").Class("ff-warning").Role("note").Body(
		el("strong").Class("ff-warning-label").Body(labelled(w, "warning")...),
		el("span").Body(inline(w, t)...),
	)
}

// paths shows where a setting lives as breadcrumbs: those that apply, and
// the others folded away.
func (v variants) paths(paths []engine.SettingsPath) *node {
	if len(paths) == 0 {
		return nil
	}
	nav := el("nav").Class("ff-paths").Aria("label", plain(v.w, "where")).Body(
		el("h2").Class("ff-small-heading").Body(say(v.w, "where")...),
	)
	var other []*node
	for _, p := range paths {
		applies := v.s.Applies(p.When)
		crumbs := el("ol").Class("ff-path")
		for _, seg := range p.Path {
			crumbs.Body(el("li").Body(el("span").Class("ff-ui").Says(seg)))
		}
		row := el("div").Class("ff-path-row").Body(v.label(p.When, !applies), crumbs)
		if applies {
			nav.Body(row)
		} else {
			other = append(other, row)
		}
	}
	return nav.Body(v.others(other...))
}

// models shows the steps for the user's device. When several groups apply
// (the device is not known) they are an accordion of native <details>,
// each labelled with its condition; the groups that do not apply are
// folded away.
func (v variants) models(models []engine.ModelSteps) *node {
	if len(models) == 0 {
		return nil
	}
	var apply, other []engine.ModelSteps
	for _, m := range models {
		if v.s.Applies(m.When) {
			apply = append(apply, m)
		} else {
			other = append(other, m)
		}
	}
	section := el("section").Class("ff-models")
	if len(apply) == 1 {
		m := apply[0]
		section.Body(el("h2").Class("ff-small-heading").Says(v.yours(m.When)))
		section.Body(v.steps(m.Steps)...)
	}
	for i, m := range apply {
		if len(apply) == 1 {
			break
		}
		section.Body(el("details").Class("ff-model").Set("name", "ff-models").Flag("open", i == 0).Body(
			el("summary").Says(condLabel(v.f, v.w, m.When)),
		).Body(v.steps(m.Steps)...))
	}
	var folded []*node
	for _, m := range other {
		folded = append(folded, el("h3").Class("ff-when").Says(condLabel(v.f, v.w, m.When)))
		folded = append(folded, v.steps(m.Steps)...)
	}
	return section.Body(v.others(folded...))
}

func (v variants) links(links []engine.Link) *node {
	list := el("ul").Class("ff-links").Aria("label", plain(v.w, "links"))
	for _, l := range links {
		if v.s.Applies(l.When) {
			list.Body(el("li").Body(externalLink(v.w, l.Label, l.URL)))
		}
	}
	if len(list.Kids) == 0 {
		return nil
	}
	return list
}

// externalLink opens in a new tab without giving the page a handle on ours.
// The URL was checked when the guide was validated (https, a host).
func externalLink(w *content.Strings, label, href string) *node {
	return el("a").Href(href).Set("target", "_blank").Set("rel", "noopener noreferrer").Body(
		text(label),
		el("span").Class("ff-visually-hidden").Says(" "+plain(w, "new_tab")),
	)
}

// outcomeView shows what an outcome's kind adds: what to wait for, what
// works for now, and who to contact with what to tell them.
func outcomeView(w *content.Strings, n *engine.Node) []*node {
	var out []*node
	if wt := n.Wait; wt != nil {
		hours := say(w, "wait_hour")
		if wt.Hours > 1 {
			hours = say(w, "wait_hours", content.N("hours", wt.Hours))
		}
		out = append(out, el("section").Class("ff-wait").Body(
			el("h2").Class("ff-small-heading").Body(say(w, "wait_for")...),
			el("p").Body(inline(w, wt.For)...),
			el("p").Class("ff-muted").Body(hours...),
		))
	}
	if wa := n.Workaround; wa != nil {
		out = append(out, el("section").Class("ff-workaround").Body(
			el("h2").Class("ff-small-heading").Body(say(w, "works_now")...),
			el("p").Body(inline(w, wa.Now)...),
			el("h2").Class("ff-small-heading").Body(say(w, "still_wrong")...),
			el("p").Body(inline(w, wa.Remains)...),
		))
	}
	return append(out, contactsView(w, n.Contacts))
}

func contactsView(w *content.Strings, contacts []engine.Contact) *node {
	if len(contacts) == 0 {
		return nil
	}
	list := el("ul")
	for _, c := range contacts {
		who := el("strong").Says(c.Who)
		if c.URL != "" && engine.CheckLink(c.URL) == nil {
			who = el("strong").Body(externalLink(w, c.Who, c.URL))
		}
		li := el("li").Data("kind", c.Kind).Body(
			who,
			el("span").Says(" — "),
			el("span").Body(inline(w, c.Why)...),
		)
		if reach := contactReach(c); reach != nil {
			li.Body(reach)
		}
		if c.Tell != "" {
			li.Body(el("p").Class("ff-tell").Body(
				el("strong").Body(labelled(w, "tell")...),
				el("span").Body(inline(w, c.Tell)...),
			))
		}
		list.Body(li)
	}
	return el("section").Class("ff-contacts").Body(
		el("h2").Class("ff-small-heading").Body(say(w, "contact")...),
		list,
	)
}

// contactReach is a contact's phone number (a tel: link) and hours, or nil
// when it has neither.
func contactReach(c engine.Contact) *node {
	phone := c.Phone != "" && engine.ValidPhone(c.Phone)
	if !phone && c.Hours == "" {
		return nil
	}
	p := el("p").Class("ff-reach")
	if phone {
		p.Body(el("a").Href(engine.PhoneLink(c.Phone)).Says(c.Phone))
	}
	if c.Hours != "" {
		if phone {
			p.Body(text(" · "))
		}
		p.Body(el("span").Class("ff-muted").Says(c.Hours))
	}
	return p
}

// inline renders the guide's tiny markup. Shipped content is validated, so a
// parse error cannot happen there; if it does, the text shows as written.
func inline(w *content.Strings, s string) []*node {
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
			out[i] = externalLink(w, sp.Text, sp.URL)
		default:
			out[i] = text(sp.Text)
		}
	}
	return out
}
