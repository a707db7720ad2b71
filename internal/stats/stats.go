// Package stats is what the widget counts and the server keeps: counters of
// what happened in walks, private by design. A counter says how many times
// one thing happened on one day (UTC) in one guide, graph, language and
// embedding host:
//
//	a walk started at a step        start    node
//	a step was shown                shown    node
//	an answer was taken at a step   choice   node, option
//	an outcome was reached          outcome  node, result
//	a walk was left before one      left     node (the step it was left at)
//
// There is nothing else in a counter: no identifier of a person, a device,
// a browser or a walk, no address, no cookie, no text anybody typed. The
// widget adds counts up in the browser and sends them in batches; the
// server checks every field against the guides it serves and adds the
// counts to its store.
//
// This package is shared by the wasm (components/stats.go counts and sends)
// and the server (internal/site, internal/stats/store, internal/stats/report):
// it must stay pure Go, without net/http or goccy/go-json.
package stats

import (
	"strconv"

	engine "github.com/fixflow/fixflow/app"
)

// The events a counter counts.
const (
	EventStart   = "start"   // a walk started at Node
	EventShown   = "shown"   // Node was shown
	EventChoice  = "choice"  // Option was taken at Node
	EventOutcome = "outcome" // the outcome Node was reached; Result is its kind
	EventLeft    = "left"    // the walk was left at Node, before an outcome
)

// Events are every event, in the order a walk meets them.
var Events = []string{EventStart, EventShown, EventChoice, EventOutcome, EventLeft}

// Version is the batch format's version (Batch.V).
const Version = 1

// Limits of what a batch, and the browser's queue, hold.
const (
	// MaxCounters is the most distinct counters a batch carries and the
	// browser keeps waiting to be sent: past it, a count of a new key is
	// dropped (counts of keys already waiting still add up).
	MaxCounters = 500
	// MaxCount is the most one counter of a batch may add.
	MaxCount = 10000
	// MaxBatchBytes is the largest batch body the server reads.
	MaxBatchBytes = 192 << 10
	// KeepDays is how many days of counts the browser keeps while it cannot
	// send them (offline): a counter of an older day is dropped. The server
	// accepts days from KeepDays-1 days ago to tomorrow (clocks differ).
	KeepDays = 7
	// MaxHostLen is the longest embedding origin a counter may name.
	MaxHostLen = 255
)

// DayLayout is how a counter writes its day: "2006-01-02", in UTC.
const DayLayout = "2006-01-02"

// Counter is a count of one event under one key.
type Counter struct {
	Day   string `json:"day"`   // the UTC day, DayLayout
	Guide string `json:"guide"` // the guide's id
	Graph string `json:"graph"` // the guide's Flow.GraphHash when it was walked
	Lang  string `json:"lang"`  // the guide's language
	// Host is the origin of the page that embedded the widget
	// ("https://help.example.com"); "" when it was not embedded (or the
	// embedding page's origin is unknown).
	Host   string `json:"host,omitempty"`
	Event  string `json:"event"`            // one of Events
	Node   string `json:"node"`             // the step's id
	Option string `json:"option,omitempty"` // for a choice: OptionID
	Result string `json:"result,omitempty"` // for an outcome: the node's result
	N      int64  `json:"n"`                // how many times
}

// Key is what identifies a counter: everything but N.
type Key struct {
	Day, Guide, Graph, Lang, Host, Event, Node, Option, Result string
}

// Key is the counter's key.
func (c Counter) Key() Key {
	return Key{c.Day, c.Guide, c.Graph, c.Lang, c.Host, c.Event, c.Node, c.Option, c.Result}
}

// Counter is the key's counter with n.
func (k Key) Counter(n int64) Counter {
	return Counter{Day: k.Day, Guide: k.Guide, Graph: k.Graph, Lang: k.Lang, Host: k.Host,
		Event: k.Event, Node: k.Node, Option: k.Option, Result: k.Result, N: n}
}

// Batch is what the widget sends to /stats/events, as JSON:
//
//	{"v":1,"counts":[{"day":"2025-03-01","guide":"g","graph":"HLJ0axeh","lang":"en",
//	  "event":"choice","node":"q1","option":"1","n":2}, …]}
type Batch struct {
	V      int       `json:"v"`
	Counts []Counter `json:"counts"`
}

// OptionID names choice i of node n (an index into Flow.Choices) in the
// counts. Today the engine's choices have no ids of their own, so it is the
// index ("0", "1", …); when they get ids, this is the one line to change.
func OptionID(f *engine.Flow, n *engine.Node, i int) string {
	return strconv.Itoa(i)
}

// ChoiceOf is the index into Flow.Choices(n) that OptionID names id, and
// whether there is one.
func ChoiceOf(f *engine.Flow, n *engine.Node, id string) (int, bool) {
	for i := range f.Choices(n) {
		if OptionID(f, n, i) == id {
			return i, true
		}
	}
	return 0, false
}
