package components

import (
	"encoding/json"
	"slices"
	"sync"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/internal/stats"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The widget's counts (internal/stats): how walks go, by day, guide, graph,
// language, step, answer and embedding host, and nothing else: no cookie,
// no identifier, nothing about the person. They are added up here, kept in
// local storage (guarded as in storage.go; in memory when there is none)
// until sent, and sent with navigator.sendBeacon to the URL the page's
// meta tag names (no tag: nothing is counted). Nothing is counted where
// the browser asks not to be tracked (Global Privacy Control, Do Not
// Track) or the host page embeds the widget with data-stats="off".
//
// What counts, as the page shows steps (Guide.afterNav calls count):
//   - a step shown with no answers behind it and no walk in the URL (a
//     first visit, Start over, a deep link, a host's open command) is a
//     walk started there, and that step shown;
//   - a step one answer further than the step this page showed last is
//     that answer (choice) and the new step (shown);
//   - a new step with the same answers behind it (a fact answered on the
//     step shown passed that step by) is that step shown;
//   - an outcome shown so is an outcome reached, with its result;
//   - the page hidden or left (visibilitychange, pagehide) anywhere but at
//     an outcome is a walk left at that step, once per step shown.
//
// The counts are sent when the page is hidden or left, at an outcome, when
// the browser comes back online, and when a page starts with counts left
// over from an earlier one.
//
// Back, a reload and a walk resumed from storage count nothing: they show
// a step again, they do not walk to it. Steps taken by following links
// before the wasm has started (a slow first load) are not counted.

const (
	statsKey     = "fixflow:stats" // the queue, in local storage
	statsMeta    = "fixflow-stats" // the meta tag that names the collector
	beaconCounts = 100             // counters per beacon: browsers refuse large ones (64 KB)
)

type tally struct {
	mu      sync.Mutex
	decided bool   // on and url are known
	on      bool   // count and send
	url     string // where to send
	cat     Catalog

	mem     []stats.Counter // the queue when local storage fails
	noStore bool

	last   shownStep // the step this page showed last
	leftAt int       // last.seq when the walk was counted as left there
	seq    int

	// Counts wait here for commit, which runs after the next paint:
	// reading and writing the queue (a JSON decode and encode of local
	// storage) and sending it are not the step change's work.
	pending   []stats.Counter
	send      bool     // commit sends the queue too (an outcome)
	scheduled bool     // a commit is on its way
	commitFn  app.Func // the timer's callback: commit
	paintedFn app.Func // the animation frame's callback: a timer for commitFn
}

// shownStep is a step this page showed: where, and the walk behind it.
type shownStep struct {
	seq     int // 0: none yet
	base    stats.Counter
	node    string
	history []engine.Step
	outcome bool
}

// count counts the step the page now shows (see above).
func (g *Guide) count() {
	if !app.IsClient || g.session == nil || g.counts == nil {
		return
	}
	g.counts.shown(g)
}

func (t *tally) shown(g *Guide) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.enabled(g) {
		return
	}
	f, s := g.flow, g.session
	n := s.Current()
	base := stats.Counter{Day: utcDay(0), Guide: f.ID, Graph: f.GraphHash(), Lang: f.Lang, Host: g.loc.Origin, N: 1}
	at := func(event string, node *engine.Node) stats.Counter {
		c := base
		c.Event, c.Node = event, node.ID
		return c
	}
	prev := t.last
	hist := s.History()
	var cs []stats.Counter
	switch {
	case len(hist) == 0 && g.loc.State == "":
		cs = append(cs, at(stats.EventStart, n), at(stats.EventShown, n))
	case prev.seq > 0 && prev.base.Guide == f.ID && prev.base.Lang == f.Lang && len(hist) == len(prev.history)+1 &&
		slices.Equal(hist[:len(prev.history)], prev.history):
		step := hist[len(hist)-1]
		if from := f.Node(step.Node); from != nil {
			c := at(stats.EventChoice, from)
			c.Option = stats.OptionID(f, from, step.Choice)
			cs = append(cs, c, at(stats.EventShown, n))
		}
	case prev.seq > 0 && prev.base.Guide == f.ID && prev.base.Lang == f.Lang && prev.node != n.ID &&
		slices.Equal(hist, prev.history):
		// A fact answered on the step shown passed that step by: the
		// walk is the same, the step it shows is new.
		cs = append(cs, at(stats.EventShown, n))
	}
	outcome := n.Kind == engine.KindOutcome
	if outcome && len(cs) > 0 {
		c := at(stats.EventOutcome, n)
		c.Result = n.Result
		cs = append(cs, c)
	}
	t.seq++
	t.last = shownStep{seq: t.seq, base: base, node: n.ID, history: hist, outcome: outcome}
	if len(cs) == 0 {
		return
	}
	t.later(cs, outcome)
}

// later keeps counts for commit, which runs once the step is painted: in a
// task after the next animation frame, or half a second on where frames
// do not come (a hidden or scrolled-away frame). Leaving the page commits
// at once (leave), so nothing waiting is lost.
func (t *tally) later(cs []stats.Counter, send bool) {
	t.pending = append(t.pending, cs...)
	t.send = t.send || send
	if t.scheduled {
		return
	}
	t.scheduled = true
	w := app.Window()
	if t.commitFn == nil {
		t.commitFn = app.FuncOf(func(app.Value, []app.Value) any {
			t.mu.Lock()
			defer t.mu.Unlock()
			t.commit()
			return nil
		})
		t.paintedFn = app.FuncOf(func(app.Value, []app.Value) any {
			app.Window().Call("setTimeout", t.commitFn, 0)
			return nil
		})
	}
	if w.Get("requestAnimationFrame").Truthy() {
		w.Call("requestAnimationFrame", t.paintedFn)
	}
	w.Call("setTimeout", t.commitFn, 500)
}

// commit adds the waiting counts to the queue, and sends it when an
// outcome asked for that. Called with t.mu held.
func (t *tally) commit() {
	cs, send := t.pending, t.send
	t.pending, t.send, t.scheduled = nil, false, false
	if len(cs) > 0 {
		t.add(cs)
	}
	if send {
		t.flush()
	}
}

// utcDay is the UTC day daysAgo days before today, as stats.DayLayout
// writes it (the browser's clock, through Date: cheaper in the wasm than
// Go's calendar).
func utcDay(daysAgo int) string {
	d := app.Window().Get("Date")
	ms := d.Call("now").Float() - float64(daysAgo)*864e5
	return d.New(ms).Call("toISOString").String()[:10]
}

// graph is the graph hash of guide id, which every language of a guide
// shares, when lang is one of its languages and some language of it is
// at hand; known is false otherwise.
func (t *tally) graph(id, lang string) (hash string, known bool) {
	langs := t.cat.Langs(id)
	if !slices.ContainsFunc(langs, func(l Lang) bool { return l.Tag == lang }) {
		return "", len(langs) > 0
	}
	for _, l := range langs {
		if f, ok := t.cat.Flow(id, l.Tag); ok {
			return f.GraphHash(), true
		}
	}
	return "", false
}

// enabled decides once per page whether it counts (a collector named, no
// privacy signal), and each time whether this URL does (data-stats).
func (t *tally) enabled(g *Guide) bool {
	if !t.decided {
		t.decided, t.cat = true, g.cat
		w := app.Window()
		if m := w.Get("document").Call("querySelector", `meta[name="`+statsMeta+`"]`); m.Truthy() {
			t.url = m.Call("getAttribute", "content").String()
		}
		nav := w.Get("navigator")
		dnt := nav.Get("doNotTrack").String()
		t.on = t.url != "" && !nav.Get("globalPrivacyControl").Truthy() &&
			dnt != "1" && dnt != "yes" && w.Get("doNotTrack").String() != "1"
		if t.on {
			t.listen()
			t.flush() // what earlier pages could not send
		}
	}
	return t.on && g.loc.Stats != "off"
}

// listen counts a walk left when the page is hidden or goes, and sends
// what waits then and when the browser is back online.
func (t *tally) listen() {
	w := app.Window()
	doc := w.Get("document")
	on := app.FuncOf(func(_ app.Value, args []app.Value) any {
		typ := ""
		if len(args) > 0 {
			typ = args[0].Get("type").String()
		}
		if typ == "online" {
			t.mu.Lock()
			defer t.mu.Unlock()
			t.commit()
			t.flush()
		} else if typ == "pagehide" || doc.Get("visibilityState").String() == "hidden" {
			t.leave()
		}
		return nil
	})
	doc.Call("addEventListener", "visibilitychange", on)
	w.Call("addEventListener", "pagehide", on)
	w.Call("addEventListener", "online", on)
}

// leave counts the walk left at the step shown, once per step shown, unless
// it is at an outcome, and sends what waits.
func (t *tally) leave() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.commit()
	if l := t.last; l.seq > 0 && !l.outcome && t.leftAt != l.seq {
		t.leftAt = l.seq
		c := l.base
		c.Event, c.Node = stats.EventLeft, l.node
		t.add([]stats.Counter{c})
	}
	t.flush()
}

// add adds counts to the queue: to a counter of the same key, else as a
// new counter while there are fewer than stats.MaxCounters.
func (t *tally) add(cs []stats.Counter) {
	q := t.load()
next:
	for _, c := range cs {
		for i := range q {
			if q[i].Key() == c.Key() {
				q[i].N = min(q[i].N+c.N, stats.MaxCount)
				continue next
			}
		}
		if len(q) < stats.MaxCounters {
			q = append(q, c)
		}
	}
	t.save(q)
}

// flush sends the queue, when online, in beacons of beaconCounts counters,
// and keeps what could not be sent. Counters of a day older than
// stats.KeepDays days, or of a graph this build does not serve (the guide
// changed since: the server would refuse them), are dropped. A guide the
// page has not fetched cannot be checked: its counters wait for a page of
// that guide.
func (t *tally) flush() {
	nav := app.Window().Get("navigator")
	if !t.on || nav.Get("onLine").Type() == app.TypeBoolean && !nav.Get("onLine").Bool() {
		return
	}
	q := t.load()
	oldest := utcDay(stats.KeepDays - 1)
	var send, wait []stats.Counter
	for _, c := range q {
		graph, known := t.graph(c.Guide, c.Lang)
		switch {
		case c.Day < oldest || known && graph != c.Graph:
		case known:
			send = append(send, c)
		default:
			wait = append(wait, c)
		}
	}
	q = send
	for len(q) > 0 {
		n := min(len(q), beaconCounts)
		if !beacon(t.url, stats.Batch{V: stats.Version, Counts: q[:n]}) {
			break
		}
		q = q[n:]
	}
	t.save(append(q, wait...))
}

// beacon hands a batch to the browser to send, and reports whether it took
// it.
func beacon(url string, b stats.Batch) (ok bool) {
	body, err := json.Marshal(b)
	if err != nil {
		return false
	}
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	nav := app.Window().Get("navigator")
	if !nav.Get("sendBeacon").Truthy() {
		return false
	}
	// A string goes as text/plain: no preflight to a collector elsewhere.
	return nav.Call("sendBeacon", url, string(body)).Truthy()
}

// load reads the queue: from local storage, or memory once storage failed.
func (t *tally) load() []stats.Counter {
	if t.noStore {
		return slices.Clone(t.mem)
	}
	v, ok := storageItem(statsKey)
	if !ok {
		t.noStore = true
		return nil
	}
	var b stats.Batch
	if v == "" || json.Unmarshal([]byte(v), &b) != nil || b.V != stats.Version {
		return nil
	}
	return b.Counts
}

// save writes the queue. Where storage fails it goes to memory, and the
// stored copy is removed, so that no count is ever sent twice (were it not
// removable, the counts in memory are dropped instead).
func (t *tally) save(q []stats.Counter) {
	if t.noStore {
		t.mem = q
		return
	}
	if len(q) == 0 {
		removeItem(statsKey)
		return
	}
	body, err := json.Marshal(stats.Batch{V: stats.Version, Counts: q})
	if err == nil && saveWalk(statsKey, string(body)) {
		return
	}
	t.noStore = true
	if removeItem(statsKey) {
		t.mem = q
	}
}

// storageItem reads key from local storage: "" when it has none; ok is
// false when storage cannot be read.
func storageItem(key string) (v string, ok bool) {
	defer func() {
		if recover() != nil {
			v, ok = "", false
		}
	}()
	r := localStorage().Call("getItem", key)
	if r.Type() == app.TypeString {
		return r.String(), true
	}
	return "", true
}

// removeItem removes key from local storage and reports whether it could.
func removeItem(key string) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	localStorage().Call("removeItem", key)
	return true
}
