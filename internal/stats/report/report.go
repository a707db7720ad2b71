// Package report turns stored counters into what a help centre wants to
// know of each guide over a period: how many walks started, how they ended
// (the outcome mix), which steps resolve most, and where people leave. The
// `fixflow stats` command prints it; the site's /stats page draws it.
package report

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/content"
	"github.com/fixflow/fixflow/internal/stats"
)

// Options select what a report covers.
type Options struct {
	Guide    string // one guide's id; "" for every guide with counts
	From, To string // days, both included (stats.DayLayout)
	// Host is one embedding origin, or NoHost for pages not embedded;
	// "" for every host.
	Host string
}

// NoHost selects the counts of pages that were not embedded.
const NoHost = "none"

// Period is the last days days up to and including the day of now (UTC).
func Period(now time.Time, days int) (from, to string) {
	t := now.UTC()
	return t.AddDate(0, 0, -(days - 1)).Format(stats.DayLayout), t.Format(stats.DayLayout)
}

// ParseDay checks a day written as stats.DayLayout.
func ParseDay(s string) error {
	d, err := time.Parse(stats.DayLayout, s)
	if err != nil || d.Format(stats.DayLayout) != s {
		return fmt.Errorf("%q is not a day like 2025-03-31", s)
	}
	return nil
}

// Report is one report: a Guide for each guide with counts.
type Report struct {
	Options
	Guides []Guide
}

// The outcome mix's columns.
const (
	MixResolved   = "resolved"
	MixEscalated  = "escalated"
	MixWait       = "wait"
	MixWorkaround = "workaround"
	MixLeft       = "left"
)

// MixColumns are the mix's columns in order.
var MixColumns = []string{MixResolved, MixEscalated, MixWait, MixWorkaround, MixLeft}

// mixColumn is the column of an outcome's result: the engine's results,
// and those the next guide model adds.
var mixColumn = map[string]string{
	engine.ResultResolved: MixResolved,
	engine.ResultEscalate: MixEscalated,
	"escalated":           MixEscalated,
	"wait":                MixWait,
	"workaround":          MixWorkaround,
}

// Guide is the report of one guide.
type Guide struct {
	ID, Title string
	Graph     string // the graph served now; the steps below are its
	Starts    int64
	// Mix counts the walks' ends by column (MixColumns): outcomes reached
	// by their result, and walks left before one. A walk left and taken up
	// again later (its page hidden, then shown) counts as left and again
	// at its end.
	Mix   map[string]int64
	Ended int64 // the sum of Mix
	// Resolvers are the steps whose answer led to a resolved outcome,
	// most first.
	Resolvers []Resolver
	// Steps are the guide's steps, nearest the start first: how often each
	// was shown and left.
	Steps []Step
	// Older is how many counts came from other graphs of the guide (an
	// earlier version): in Starts and Mix, not in Resolvers and Steps,
	// whose answers may have led elsewhere then.
	Older int64
}

// Share is part over whole, 0 for an empty whole.
func Share(part, whole int64) float64 {
	if whole <= 0 {
		return 0
	}
	return float64(part) / float64(whole)
}

// Resolver is a step whose answer resolved walks.
type Resolver struct {
	Node, Title string
	Kind        engine.Kind
	Resolved    int64   // walks this step's answer resolved
	Share       float64 // of every walk resolved
	Shown       int64   // how often the step was shown
	Rate        float64 // Resolved per Shown
}

// Step is one step's traffic.
type Step struct {
	Node, Title string
	Kind        engine.Kind
	Depth       int   // answers from the start on the shortest way; -1: not reachable from it
	Shown, Left int64 // times shown; walks left there before an outcome
	Drop        float64
	Outcome     string // for an outcome, its mix column
}

// Build makes the report of sums (counts added up over the period, as
// store.Sums returns them) with the guides of lib.
func Build(lib *content.Library, sums []stats.Counter, o Options) Report {
	r := Report{Options: o}
	byGuide := map[string][]stats.Counter{}
	var ids []string
	for _, c := range sums {
		if !o.Keeps(c) {
			continue
		}
		if _, ok := byGuide[c.Guide]; !ok {
			ids = append(ids, c.Guide)
		}
		byGuide[c.Guide] = append(byGuide[c.Guide], c)
	}
	if o.Guide != "" && len(ids) == 0 {
		ids = []string{o.Guide} // an empty report of the guide asked for
	}
	slices.Sort(ids)
	for _, id := range ids {
		r.Guides = append(r.Guides, buildGuide(lib, id, byGuide[id]))
	}
	return r
}

// Keeps reports whether the options select the counter (its guide and
// host; the store selects the days).
func (o Options) Keeps(c stats.Counter) bool {
	if o.Guide != "" && c.Guide != o.Guide {
		return false
	}
	switch o.Host {
	case "":
		return true
	case NoHost:
		return c.Host == ""
	}
	return c.Host == o.Host
}

func buildGuide(lib *content.Library, id string, cs []stats.Counter) Guide {
	g := Guide{ID: id, Title: id, Mix: map[string]int64{}}
	f, ok := lib.Guide(id, "")
	if ok {
		g.Title, g.Graph = f.Title, f.GraphHash()
	}
	shown, left := map[string]int64{}, map[string]int64{}
	resolved := map[string]int64{}
	var resolvedAll int64
	for _, c := range cs {
		current := ok && c.Graph == g.Graph
		switch c.Event {
		case stats.EventStart:
			g.Starts += c.N
		case stats.EventOutcome:
			col := mixColumn[c.Result]
			if col == "" {
				col = c.Result
			}
			g.Mix[col] += c.N
			g.Ended += c.N
			if col == MixResolved {
				resolvedAll += c.N
			}
		case stats.EventLeft:
			g.Mix[MixLeft] += c.N
			g.Ended += c.N
		}
		if !current {
			g.Older += c.N
			continue
		}
		switch c.Event {
		case stats.EventShown:
			shown[c.Node] += c.N
		case stats.EventLeft:
			left[c.Node] += c.N
		case stats.EventChoice:
			if n := f.Node(c.Node); n != nil {
				if i, ok := stats.ChoiceOf(f, n, c.Option); ok {
					if next := f.Node(f.Choices(n)[i].Next); next != nil && next.Kind == engine.KindOutcome && next.Result == engine.ResultResolved {
						resolved[c.Node] += c.N
					}
				}
			}
		}
	}
	if !ok {
		return g
	}
	for node, n := range resolved {
		nd := f.Node(node)
		g.Resolvers = append(g.Resolvers, Resolver{Node: node, Title: nd.Title, Kind: nd.Kind, Resolved: n,
			Share: Share(n, resolvedAll), Shown: shown[node], Rate: Share(n, shown[node])})
	}
	slices.SortFunc(g.Resolvers, func(a, b Resolver) int {
		return cmp.Or(cmp.Compare(b.Resolved, a.Resolved), cmp.Compare(a.Node, b.Node))
	})
	depth := depths(f)
	for i := range f.Nodes {
		n := &f.Nodes[i]
		s := Step{Node: n.ID, Title: n.Title, Kind: n.Kind, Depth: depth[n.ID], Shown: shown[n.ID], Left: left[n.ID]}
		s.Drop = Share(s.Left, s.Shown)
		if n.Kind == engine.KindOutcome {
			s.Outcome = mixColumn[n.Result]
		}
		g.Steps = append(g.Steps, s)
	}
	slices.SortStableFunc(g.Steps, func(a, b Step) int {
		da, db := a.Depth, b.Depth
		if da < 0 {
			da = len(f.Nodes)
		}
		if db < 0 {
			db = len(f.Nodes)
		}
		return cmp.Or(cmp.Compare(da, db), cmp.Compare(b.Shown, a.Shown))
	})
	return g
}

// depths are the nodes' distances from the start, in answers (-1 for a
// node the start does not reach).
func depths(f *engine.Flow) map[string]int {
	d := map[string]int{}
	for i := range f.Nodes {
		d[f.Nodes[i].ID] = -1
	}
	d[f.Start] = 0
	queue := []string{f.Start}
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		n := f.Node(id)
		if n == nil {
			continue
		}
		for _, c := range f.Choices(n) {
			if v, ok := d[c.Next]; ok && v < 0 {
				d[c.Next] = d[id] + 1
				queue = append(queue, c.Next)
			}
		}
	}
	return d
}
