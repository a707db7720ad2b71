package components

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	engine "github.com/fixflow/fixflow/app"
)

// A walk that ends at a wait outcome is kept on this device with the time
// it got there, under waitKey: the next visit to the guide's start offers
// to pick it up exactly there, with what was tried. Reaching any other
// outcome forgets it.

// waitKey is where the walk waiting for something is kept.
func waitKey(guideID string) string { return storageKey(guideID) + ":wait" }

// pickup is a walk that ended waiting, and how long ago.
type pickup struct {
	session *engine.Session
	since   time.Duration
}

// saveWait keeps the walk state that ended waiting, with the time; the same
// walk saved again keeps the time it first got there.
func saveWait(guideID, state string, now time.Time) {
	if rec, ok := loadWalk(waitKey(guideID)); ok {
		if _, kept, ok := parseWait(rec); ok && kept == state {
			return
		}
	}
	saveWalk(waitKey(guideID), strconv.FormatInt(now.Unix(), 10)+" "+state)
}

// parseWait reads a kept wait: "<unix seconds> <state>".
func parseWait(rec string) (at time.Time, state string, ok bool) {
	secs, state, found := strings.Cut(rec, " ")
	n, err := strconv.ParseInt(secs, 10, 64)
	if !found || err != nil || state == "" {
		return time.Time{}, "", false
	}
	return time.Unix(n, 0), state, true
}

// loadPickup reads the walk kept waiting for f, if it still reads whole and
// ends at a wait outcome of f.
func loadPickup(f *engine.Flow, stored func(string) (string, bool)) *pickup {
	rec, ok := stored(waitKey(f.ID))
	if !ok {
		return nil
	}
	at, state, ok := parseWait(rec)
	if !ok {
		return nil
	}
	r, err := engine.Recover(f, state)
	if err != nil || r.Stale || r.Dropped > 0 || !r.Session.Done() || r.Session.Current().Result != engine.ResultWait {
		return nil
	}
	return &pickup{session: r.Session, since: time.Since(at)}
}

// pickupView offers, at the guide's start, to go back to the walk that
// ended waiting: what it waited for, how long ago, whether the wait is
// over, and what was tried.
func (g *Guide) pickupView() *node {
	p := g.pickup
	if p == nil {
		return nil
	}
	lang, s := g.flow.Lang, p.session
	n := s.Current()
	ago := word(lang, "ago_minutes")
	switch h := int(p.since.Hours()); {
	case h >= 48:
		ago = fmt.Sprintf(word(lang, "ago_days"), h/24)
	case h >= 1:
		ago = fmt.Sprintf(word(lang, "ago_hours"), h)
	}
	over := word(lang, "wait_left")
	if p.since >= time.Duration(n.Wait.Hours)*time.Hour {
		over = word(lang, "wait_over")
	}
	tried := el("ol").Class("ff-tried-list")
	for _, e := range s.Transcript() {
		tried.Body(el("li").Body(
			el("span").Class("ff-tried-title").Says(e.Title),
			el("span").Class("ff-tried-result").Says(" — "+e.Result),
		))
	}
	return el("aside").Class("ff-pickup").LabelledBy("ff-pickup-title").Body(
		el("h2").ID("ff-pickup-title").Class("ff-small-heading").Says(word(lang, "pickup_title")+" ("+ago+")"),
		el("p").Body(inline(lang, n.Wait.For)...),
		el("p").Class("ff-muted").Says(over),
		el("details").Class("ff-tried-fold").Body(
			el("summary").Says(fmt.Sprintf("%s (%d)", g.flow.Strings[engine.StringTried], s.Len())),
			tried,
		),
		el("a").Class("ff-button ff-pickup-link").Href(g.loc.StepURL(n.ID, s.Encode())).Says(word(lang, "pickup")),
	)
}
