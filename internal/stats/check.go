package stats

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/content"
)

// Known is what a server accepts in counts: the guides it serves, in their
// languages and current graphs, their steps and answers, and the hosts that
// may embed them.
type Known struct {
	flows map[[2]string]*engine.Flow // by guide id, lang
	hosts map[string]bool            // nil: any origin
}

// NewKnown accepts counts of lib's guides. hosts are the origins allowed to
// embed the widget; none means any.
func NewKnown(lib *content.Library, hosts []string) *Known {
	k := &Known{flows: map[[2]string]*engine.Flow{}}
	for _, f := range lib.Guides() {
		k.flows[[2]string{f.ID, f.Lang}] = f
	}
	if len(hosts) > 0 {
		k.hosts = map[string]bool{}
		for _, h := range hosts {
			k.hosts[h] = true
		}
	}
	return k
}

// Flow is guide id in exactly lang, if served.
func (k *Known) Flow(id, lang string) (*engine.Flow, bool) {
	f, ok := k.flows[[2]string{id, lang}]
	return f, ok
}

// CheckBatch checks a whole batch: its version, its size, and every
// counter (Check), naming the first problem as counts[i].field. A batch
// with a problem is refused whole.
func (k *Known) CheckBatch(b *Batch, now time.Time) error {
	if b.V != Version {
		return fmt.Errorf("v: version %d is not %d", b.V, Version)
	}
	if len(b.Counts) == 0 {
		return fmt.Errorf("counts: empty")
	}
	if len(b.Counts) > MaxCounters {
		return fmt.Errorf("counts: %d counters, more than %d", len(b.Counts), MaxCounters)
	}
	seen := make(map[Key]int, len(b.Counts))
	for i, c := range b.Counts {
		if err := k.Check(c, now); err != nil {
			return fmt.Errorf("counts[%d].%w", i, err)
		}
		if j, dup := seen[c.Key()]; dup {
			return fmt.Errorf("counts[%d]: the same counter as counts[%d] (a batch adds each up once)", i, j)
		}
		seen[c.Key()] = i
	}
	return nil
}

// Check checks one counter: a day from KeepDays days before now to the day
// after (UTC: the browser keeps KeepDays days, and clocks differ by a day), a guide served in that language with that graph, a step
// of it, an event that step can have, an option of the step for a choice,
// the step's own result for an outcome, a host allowed to embed the
// widget, and a count from 1 to MaxCount. The error starts with the
// field's name.
func (k *Known) Check(c Counter, now time.Time) error {
	day, err := time.Parse(DayLayout, c.Day)
	if err != nil || day.Format(DayLayout) != c.Day {
		return fmt.Errorf("day: %q is not a day like 2006-01-02", c.Day)
	}
	today := now.UTC().Truncate(24 * time.Hour)
	if day.Before(today.AddDate(0, 0, -KeepDays)) || day.After(today.AddDate(0, 0, 1)) {
		return fmt.Errorf("day: %s is not within the last %d days (today is %s, UTC)", c.Day, KeepDays, today.Format(DayLayout))
	}
	f, ok := k.flows[[2]string{c.Guide, c.Lang}]
	if !ok {
		if !engine.ValidID(c.Guide) {
			return fmt.Errorf("guide: %q is not a guide's id", c.Guide)
		}
		return fmt.Errorf("lang: guide %q in %q is not served here", c.Guide, c.Lang)
	}
	if c.Graph != f.GraphHash() {
		return fmt.Errorf("graph: %q is not the graph of guide %s served here", c.Graph, c.Guide)
	}
	if err := k.checkHost(c.Host); err != nil {
		return err
	}
	n := f.Node(c.Node)
	if n == nil {
		return fmt.Errorf("node: %q is not a step of guide %s", c.Node, c.Guide)
	}
	outcome := n.Kind == engine.KindOutcome
	switch c.Event {
	case EventStart, EventShown:
	case EventChoice:
		if outcome {
			return fmt.Errorf("event: %s is an outcome: it has no answers to choose", c.Node)
		}
		if _, ok := ChoiceOf(f, n, c.Option); !ok {
			return fmt.Errorf("option: %q is not an answer of step %s", c.Option, c.Node)
		}
	case EventOutcome:
		if !outcome {
			return fmt.Errorf("event: %s is not an outcome", c.Node)
		}
		if c.Result != n.Result {
			return fmt.Errorf("result: %q is not the result of %s (%q)", c.Result, c.Node, n.Result)
		}
	case EventLeft:
		if outcome {
			return fmt.Errorf("event: a walk at the outcome %s has not left before an outcome", c.Node)
		}
	default:
		return fmt.Errorf("event: %q is not one of %s", c.Event, strings.Join(Events, ", "))
	}
	if c.Event != EventChoice && c.Option != "" {
		return fmt.Errorf("option: only a choice has one")
	}
	if c.Event != EventOutcome && c.Result != "" {
		return fmt.Errorf("result: only an outcome has one")
	}
	if c.N < 1 || c.N > MaxCount {
		return fmt.Errorf("n: %d is not a count from 1 to %d", c.N, MaxCount)
	}
	return nil
}

// checkHost accepts "" (not embedded) and an origin exactly as a browser
// writes location.origin: http or https, a lower-case host, an optional
// port, nothing else; and, when the site lists who may embed it, one of
// those.
func (k *Known) checkHost(h string) error {
	if h == "" {
		return nil
	}
	if !ValidOrigin(h) {
		return fmt.Errorf("host: %.80q is not an origin like https://help.example.com", h)
	}
	if k.hosts != nil && !k.hosts[h] {
		return fmt.Errorf("host: %s may not embed the widget here", h)
	}
	return nil
}

// ValidOrigin reports whether s is an origin as location.origin writes it.
func ValidOrigin(s string) bool {
	if len(s) > MaxHostLen || strings.ToLower(s) != s {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.Hostname() != "" &&
		u.Scheme+"://"+u.Host == s && !strings.HasSuffix(s, ":") &&
		!(u.Scheme == "https" && u.Port() == "443" || u.Scheme == "http" && u.Port() == "80")
}
