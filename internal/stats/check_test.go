package stats_test

import (
	"os"
	"strings"
	"testing"
	"time"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/content"
	"github.com/fixflow/fixflow/internal/stats"
)

func miniLibrary(t *testing.T) *content.Library {
	t.Helper()
	b, err := os.ReadFile("../../content/testdata/mini.en.json")
	if err != nil {
		t.Fatal(err)
	}
	lib, err := content.New([]content.Source{{Name: "mini.en.json", Data: b}})
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

var now = time.Date(2025, 3, 10, 15, 4, 5, 0, time.UTC)

func TestCheck(t *testing.T) {
	lib := miniLibrary(t)
	f, _ := lib.Guide("mini", "en")
	hash := f.GraphHash()
	ok := stats.Counter{Day: "2025-03-10", Guide: "mini", Graph: hash, Lang: "en", Event: stats.EventChoice, Node: "symptom", Option: "1", N: 3}
	k := stats.NewKnown(lib, nil)
	if err := k.Check(ok, now); err != nil {
		t.Fatalf("a good counter: %v", err)
	}
	good := []func(c *stats.Counter){
		func(c *stats.Counter) { c.Day = "2025-03-03" }, // KeepDays back
		func(c *stats.Counter) { c.Day = "2025-03-11" }, // a clock a day ahead
		func(c *stats.Counter) { c.Host = "https://help.example.com" },
		func(c *stats.Counter) { c.Host = "http://127.0.0.1:8080" },
		func(c *stats.Counter) { c.Event, c.Option = stats.EventStart, "" },
		func(c *stats.Counter) { c.Event, c.Option, c.Node = stats.EventShown, "", "resolved" },
		func(c *stats.Counter) {
			c.Event, c.Option, c.Node, c.Result = stats.EventOutcome, "", "escalate", "escalate"
		},
		func(c *stats.Counter) { c.Event, c.Option, c.Node = stats.EventLeft, "", "check-wifi" },
		func(c *stats.Counter) { c.Node, c.Option = "check-wifi", "0" },
		func(c *stats.Counter) { c.Node, c.Option = "about-delivered", "0" },
		func(c *stats.Counter) { c.N = stats.MaxCount },
	}
	for i, change := range good {
		c := ok
		change(&c)
		if err := k.Check(c, now); err != nil {
			t.Errorf("good #%d %+v: %v", i, c, err)
		}
	}
	bad := []struct {
		change func(c *stats.Counter)
		want   string
	}{
		{func(c *stats.Counter) { c.Day = "2025-3-10" }, `day: "2025-3-10" is not a day`},
		{func(c *stats.Counter) { c.Day = "2025-02-30" }, `day: "2025-02-30" is not a day`},
		{func(c *stats.Counter) { c.Day = "2025-03-02" }, "day: 2025-03-02 is not within the last 7 days (today is 2025-03-10, UTC)"},
		{func(c *stats.Counter) { c.Day = "2025-03-12" }, "day: 2025-03-12 is not within"},
		{func(c *stats.Counter) { c.Guide = "nope" }, `lang: guide "nope" in "en" is not served here`},
		{func(c *stats.Counter) { c.Guide = "<b>" }, `guide: "<b>" is not a guide's id`},
		{func(c *stats.Counter) { c.Lang = "de" }, `lang: guide "mini" in "de" is not served here`},
		{func(c *stats.Counter) { c.Graph = "AAAAAAAA" }, `graph: "AAAAAAAA" is not the graph of guide mini`},
		{func(c *stats.Counter) { c.Node = "nowhere" }, `node: "nowhere" is not a step of guide mini`},
		{func(c *stats.Counter) { c.Option = "3" }, `option: "3" is not an answer of step symptom`},
		{func(c *stats.Counter) { c.Option = "" }, `option: "" is not an answer`},
		{func(c *stats.Counter) { c.Node, c.Option = "check-wifi", "3" }, `option: "3" is not an answer of step check-wifi`},
		{func(c *stats.Counter) { c.Node = "resolved" }, "event: resolved is an outcome: it has no answers"},
		{func(c *stats.Counter) { c.Event, c.Option, c.Result = stats.EventOutcome, "", "resolved" }, "event: symptom is not an outcome"},
		{func(c *stats.Counter) {
			c.Event, c.Option, c.Node, c.Result = stats.EventOutcome, "", "escalate", "resolved"
		}, `result: "resolved" is not the result of escalate ("escalate")`},
		{func(c *stats.Counter) { c.Event, c.Option, c.Node = stats.EventLeft, "", "resolved" }, "event: a walk at the outcome resolved has not left"},
		{func(c *stats.Counter) { c.Event = "clicked" }, `event: "clicked" is not one of start, shown, choice, outcome, left`},
		{func(c *stats.Counter) { c.Event = stats.EventShown }, "option: only a choice has one"},
		{func(c *stats.Counter) { c.Event, c.Option, c.Result = stats.EventShown, "", "resolved" }, "result: only an outcome has one"},
		{func(c *stats.Counter) { c.N = 0 }, "n: 0 is not a count from 1 to 10000"},
		{func(c *stats.Counter) { c.N = -5 }, "n: -5 is not a count"},
		{func(c *stats.Counter) { c.N = stats.MaxCount + 1 }, "n: 10001 is not a count"},
		{func(c *stats.Counter) { c.Host = "https://Help.example.com" }, "host: "},
		{func(c *stats.Counter) { c.Host = "https://help.example.com/" }, "host: "},
		{func(c *stats.Counter) { c.Host = "https://help.example.com:443" }, "host: "},
		{func(c *stats.Counter) { c.Host = "javascript:alert(1)" }, "host: "},
		{func(c *stats.Counter) { c.Host = "null" }, "host: "},
		{func(c *stats.Counter) { c.Host = "https://" + strings.Repeat("a", 300) + ".example" }, "host: "},
	}
	for i, b := range bad {
		c := ok
		b.change(&c)
		err := k.Check(c, now)
		if err == nil || !strings.HasPrefix(err.Error(), b.want) {
			t.Errorf("bad #%d %+v: %v, want %q", i, c, err, b.want)
		}
	}

	// A site that lists who may embed it takes counts of those only.
	only := stats.NewKnown(lib, []string{"https://help.example.com"})
	c := ok
	c.Host = "https://help.example.com"
	if err := only.Check(c, now); err != nil {
		t.Errorf("an allowed host: %v", err)
	}
	c.Host = "https://other.example"
	if err := only.Check(c, now); err == nil || err.Error() != "host: https://other.example may not embed the widget here" {
		t.Errorf("another host: %v", err)
	}
}

func TestCheckBatch(t *testing.T) {
	lib := miniLibrary(t)
	f, _ := lib.Guide("mini", "en")
	k := stats.NewKnown(lib, nil)
	c := stats.Counter{Day: "2025-03-10", Guide: "mini", Graph: f.GraphHash(), Lang: "en", Event: stats.EventStart, Node: "symptom", N: 1}
	d := c
	d.Event = stats.EventShown
	if err := k.CheckBatch(&stats.Batch{V: 1, Counts: []stats.Counter{c, d}}, now); err != nil {
		t.Fatal(err)
	}
	bad := d
	bad.Node = "x"
	many := make([]stats.Counter, stats.MaxCounters+1)
	for i := range many {
		many[i] = c
	}
	for _, tc := range []struct {
		b    stats.Batch
		want string
	}{
		{stats.Batch{V: 2, Counts: []stats.Counter{c}}, "v: version 2 is not 1"},
		{stats.Batch{V: 1}, "counts: empty"},
		{stats.Batch{V: 1, Counts: many}, "counts: 501 counters, more than 500"},
		{stats.Batch{V: 1, Counts: []stats.Counter{c, bad}}, `counts[1].node: "x" is not a step of guide mini`},
		{stats.Batch{V: 1, Counts: []stats.Counter{c, d, c}}, "counts[2]: the same counter as counts[0]"},
	} {
		if err := k.CheckBatch(&tc.b, now); err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%v, want %q", err, tc.want)
		}
	}
}

// OptionID and ChoiceOf agree on every choice of every node.
func TestOptionIDs(t *testing.T) {
	lib := miniLibrary(t)
	f, _ := lib.Guide("mini", "en")
	for i := range f.Nodes {
		n := &f.Nodes[i]
		seen := map[string]bool{}
		for j := range f.Choices(n) {
			id := stats.OptionID(f, n, j)
			if seen[id] {
				t.Errorf("%s: two choices are %q", n.ID, id)
			}
			seen[id] = true
			if back, ok := stats.ChoiceOf(f, n, id); !ok || back != j {
				t.Errorf("%s: ChoiceOf(%q) = %d, %v; want %d", n.ID, id, back, ok, j)
			}
		}
		if n.Kind == engine.KindOutcome && len(seen) > 0 {
			t.Errorf("outcome %s has choices", n.ID)
		}
	}
}
