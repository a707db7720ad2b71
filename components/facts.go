package components

import (
	engine "github.com/fixflow/fixflow/app"
)

// asking is the fact the page asks instead of showing the step: the one the
// URL asks again (?ask=, "change"), else the one the step needs first.
func (g *Guide) asking() *engine.Fact {
	if g.loc.Ask != "" {
		if fa := g.flow.Fact(g.loc.Ask); fa != nil {
			return fa
		}
	}
	return g.session.Needs()
}

// factView asks a fact: its question, its options and "I don't know" as
// links to the walk with that answer, and how to find out. The answer given
// (when it is asked again) and the detector's guess are marked; neither is
// taken without the user's click.
func (g *Guide) factView(fa *engine.Fact) *node {
	lang, s := g.flow.Lang, g.session
	current, answered := s.Fact(fa.ID)
	guess := g.guessFor(fa)
	list := el("ul").Class("ff-choices").LabelledBy("ff-step-title")
	answer := func(value, label, hint string) {
		next := s.Clone()
		if next.SetFact(fa.ID, value) != nil {
			return
		}
		class, note := "ff-choice", ""
		switch {
		case answered && value == current:
			class, note = class+" ff-choice-current", word(lang, "fact_current")
		case value == guess:
			class, note = class+" ff-choice-guess", word(lang, "fact_guess")
		}
		link := el("a").Class(class).Href(g.loc.StepURL(next.Current().ID, next.Encode())).Body(
			el("span").Class("ff-choice-label").Says(label),
		)
		if hint != "" {
			link.Body(el("span").Class("ff-choice-hint").Says(hint))
		}
		if note != "" {
			link.Body(el("span").Class("ff-choice-note").Says(note))
		}
		list.Body(el("li").Body(link))
	}
	for _, o := range fa.Options {
		answer(o.ID, o.Label, o.Hint)
	}
	answer(engine.Unknown, fa.Unknown.Label, "")
	article := el("article").Class("ff-node ff-fact").LabelledBy("ff-step-title").Body(
		el("h1").ID("ff-step-title").Class("ff-step-title").Set("tabindex", "-1").Says(fa.Question),
	)
	return el("div").Body(
		article,
		el("div").Class("ff-choices-wrap").Body(list),
		el("aside").Class("ff-fact-help").Aria("labelledby", "ff-fact-help").Body(
			el("h2").ID("ff-fact-help").Class("ff-small-heading").Says(word(lang, "fact_help")),
			el("p").Body(inline(lang, fa.Unknown.Help)...),
		),
	)
}

// factsLine is the quiet line of the facts answered, with a way to change
// each: "System 2 · With a side button · change".
func (g *Guide) factsLine() *node {
	answers := g.session.Facts()
	if len(answers) == 0 {
		return nil
	}
	lang, s := g.flow.Lang, g.session
	line := el("div").Class("ff-facts").Aria("label", word(lang, "facts"))
	for i, a := range answers {
		if i > 0 {
			line.Body(el("span").Class("ff-facts-sep").Aria("hidden", "true").Says(" · "))
		}
		label := a.Label
		if a.Value == engine.Unknown {
			label = a.Fact.Label + ": " + a.Label
		}
		line.Body(el("span").Class("ff-fact-value").Says(label))
	}
	line.Body(el("span").Class("ff-facts-sep").Aria("hidden", "true").Says(" · "))
	ask := func(fa *engine.Fact, text string) *node {
		return el("a").Class("ff-fact-change").Href(g.loc.AskURL(s.Current().ID, s.Encode(), fa.ID)).
			Aria("label", word(lang, "change")+": "+fa.Label).Says(text)
	}
	if len(answers) == 1 {
		return line.Body(ask(answers[0].Fact, word(lang, "change")))
	}
	list := el("ul").Class("ff-facts-list")
	for _, a := range answers {
		list.Body(el("li").Body(ask(a.Fact, a.Fact.Label)))
	}
	return line.Body(el("details").Class("ff-facts-change").Body(
		el("summary").Says(word(lang, "change")),
		list,
	))
}

// condLabel says in the guide's words when an item applies: the labels of
// the options each fact of c lists, facts in the guide's order ("System 2
// or System 1 · With a side button").
func condLabel(f *engine.Flow, c engine.Condition) string {
	out := ""
	for _, fa := range f.Facts {
		vals, ok := c[fa.ID]
		if !ok {
			continue
		}
		part := ""
		for _, v := range vals {
			if l := fa.AnswerLabel(v); l != "" {
				if part != "" {
					part += " " + word(f.Lang, "or") + " "
				}
				part += l
			}
		}
		if out != "" {
			out += " · "
		}
		out += part
	}
	return out
}

// ambiguous reports whether c names a fact answered "I don't know": the
// page then shows every variant, each labelled with its condition.
func ambiguous(s *engine.Session, c engine.Condition) bool {
	for id := range c {
		if v, ok := s.Fact(id); ok && v == engine.Unknown {
			return true
		}
	}
	return false
}

// guessFor is the option a detector pre-selects for fa on this device, or
// "". Only one detector exists: the system version in the user agent.
func (g *Guide) guessFor(fa *engine.Fact) string {
	if fa.Detect != engine.DetectOSVersion || !g.osFound {
		return ""
	}
	found := ""
	for _, o := range fa.Options {
		if o.Detect.Matches(g.osMajor, g.osMinor) {
			if found != "" {
				return "" // fits two options: ambiguous, pick none
			}
			found = o.ID
		}
	}
	return found
}

// parseOSVersion finds the system version a phone or tablet browser
// reports in its user agent as "OS <major>_<minor>" (a third number, if
// any, is ignored). Other user agents report none this way: ok is false.
// It scans by hand; no regular expression is compiled for it.
func parseOSVersion(ua string) (major, minor int, ok bool) {
	for i := 0; i+3 < len(ua); i++ {
		if ua[i:i+3] != "OS " || (i > 0 && ua[i-1] != ' ') {
			continue
		}
		j := i + 3
		major, j = number(ua, j)
		if j < 0 || j >= len(ua) || ua[j] != '_' {
			continue
		}
		minor, j = number(ua, j+1)
		if j < 0 {
			continue
		}
		return major, minor, true
	}
	return 0, 0, false
}

// number reads the decimal number at s[i:] (at most 4 digits) and returns
// it and the index after it, or -1 when there is none.
func number(s string, i int) (int, int) {
	n, k := 0, i
	for k < len(s) && k-i < 4 && '0' <= s[k] && s[k] <= '9' {
		n = n*10 + int(s[k]-'0')
		k++
	}
	if k == i {
		return 0, -1
	}
	return n, k
}
