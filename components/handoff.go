package components

import (
	"net/url"
	"strings"

	engine "github.com/fixflow/fixflow/app"
)

// resultWait is the result of an outcome that asks the person to wait and
// try again later (guide model v2); like an escalation, it hands off.
const resultWait = "wait"

// handsOff reports whether the step shown is an outcome the host page can
// take over from: an escalation, or a wait.
func (g *Guide) handsOff() bool {
	n := g.session.Current()
	return n.Kind == engine.KindOutcome && (n.Result == engine.ResultEscalate || n.Result == resultWait)
}

// walkPath is the path of the walk as it stands, on the widget's own site
// and without the embedding page's display options: what the hand-off's
// link, Share and the QR code open.
func (g *Guide) walkPath() string {
	return Location{PathLang: g.loc.PathLang, Guide: g.flow.ID, Lang: g.loc.Lang}.StepURL(g.session.Current().ID, g.session.Encode())
}

// walkURL is walkPath made absolute, or "" when the page's own origin is not
// known (the server renders pages from a path alone).
func (g *Guide) walkURL() string {
	if g.self == "" {
		return ""
	}
	return g.self + g.walkPath()
}

// handoffData marks the "What I've tried" panel with what frame.js hands to
// the host page (web/embed/protocol.json's handoff): the transcript as text
// and the walk's path on the panel, each step's id, kind and answer on its
// item (its title is the item's .ff-tried-title).
func (g *Guide) handoffData(panel *node) {
	panel.Data("text", g.transcript()).Data("link", g.walkPath())
}

// transcript is the walk as plain text (Session.TranscriptText) without its
// last line break, as an attribute keeps it in the browser.
func (g *Guide) transcript() string {
	return strings.TrimSuffix(g.session.TranscriptText(), "\n")
}

// handoffItem marks one item of the panel's list.
func handoffItem(li *node, e engine.Entry) *node {
	return li.Data("step", e.Node).Data("kind", string(e.Kind)).Data("answer", e.Result)
}

// contactView is the host's own contact button on an outcome that hands
// off, when the embedding page set one (data-contact-url) for a page of its
// own site: a link to it, in the host's tab, with the walk in the URL's
// fragment.
func (g *Guide) contactView() *node {
	loc := g.loc
	if !g.handsOff() || loc.Contact == "" || !loc.Embed || loc.Origin == "" || !sameSite(loc.Contact, loc.Origin) {
		return nil
	}
	label := loc.ContactLabel
	if label == "" {
		label = plain(g.words, "contact_us")
	}
	frag := url.Values{"transcript": {g.transcript()}}
	if link := g.walkURL(); link != "" {
		frag.Set("link", link)
	}
	return el("p").Class("ff-contact-us").Body(
		el("a").Class("ff-button ff-contact-link").Href(loc.Contact+"#"+frag.Encode()).Set("target", "_top").Says(label),
	)
}
