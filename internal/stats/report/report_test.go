package report_test

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/fixflow/fixflow/content"
	"github.com/fixflow/fixflow/internal/stats"
	"github.com/fixflow/fixflow/internal/stats/report"
)

func miniLibrary(t *testing.T) *content.Library {
	t.Helper()
	b, err := os.ReadFile("../../../content/testdata/mini.en.json")
	if err != nil {
		t.Fatal(err)
	}
	lib, err := content.New([]content.Source{{Name: "mini.en.json", Data: b}})
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

// sums are the counts of ten walks of mini: 6 resolved at check-wifi, 1 at
// check-restart, 2 escalated, 1 left at check-restart; plus one walk of an
// older graph, resolved.
func sums(graph string) []stats.Counter {
	c := func(event, node, option, result string, n int64) stats.Counter {
		return stats.Counter{Guide: "mini", Graph: graph, Lang: "en", Event: event, Node: node, Option: option, Result: result, N: n}
	}
	old := c(stats.EventOutcome, "resolved", "", "resolved", 1)
	old.Graph = "OLDGRAPH"
	oldStart := c(stats.EventStart, "symptom", "", "", 1)
	oldStart.Graph = "OLDGRAPH"
	embedded := c(stats.EventShown, "symptom", "", "", 4)
	embedded.Host = "https://help.example.com"
	return []stats.Counter{
		c(stats.EventStart, "symptom", "", "", 10), oldStart,
		c(stats.EventShown, "symptom", "", "", 6), embedded,
		c(stats.EventChoice, "symptom", "0", "", 10),
		c(stats.EventShown, "check-wifi", "", "", 10),
		c(stats.EventChoice, "check-wifi", "0", "", 6),
		c(stats.EventChoice, "check-wifi", "1", "", 4),
		c(stats.EventShown, "check-restart", "", "", 4),
		c(stats.EventChoice, "check-restart", "0", "", 1),
		c(stats.EventChoice, "check-restart", "1", "", 2),
		c(stats.EventLeft, "check-restart", "", "", 1),
		c(stats.EventShown, "resolved", "", "", 7),
		c(stats.EventOutcome, "resolved", "", "resolved", 7), old,
		c(stats.EventShown, "escalate", "", "", 2),
		c(stats.EventOutcome, "escalate", "", "escalate", 2),
	}
}

func TestBuild(t *testing.T) {
	lib := miniLibrary(t)
	f, _ := lib.Guide("mini", "en")
	r := report.Build(lib, sums(f.GraphHash()), report.Options{From: "2025-03-01", To: "2025-03-31"})
	if len(r.Guides) != 1 {
		t.Fatalf("%d guides", len(r.Guides))
	}
	g := r.Guides[0]
	if g.Starts != 11 || g.Older != 2 || g.Title != "Mini guide" {
		t.Errorf("starts %d, older %d, title %q", g.Starts, g.Older, g.Title)
	}
	want := map[string]int64{report.MixResolved: 8, report.MixEscalated: 2, report.MixLeft: 1}
	for _, col := range report.MixColumns {
		if g.Mix[col] != want[col] {
			t.Errorf("mix %s: %d, want %d", col, g.Mix[col], want[col])
		}
	}
	if g.Ended != 11 {
		t.Errorf("ended %d", g.Ended)
	}
	if len(g.Resolvers) != 2 {
		t.Fatalf("resolvers %+v", g.Resolvers)
	}
	top := g.Resolvers[0]
	if top.Node != "check-wifi" || top.Resolved != 6 || top.Shown != 10 || top.Rate != 0.6 || top.Share != 6.0/8 {
		t.Errorf("top resolver %+v", top)
	}
	if s := g.Resolvers[1]; s.Node != "check-restart" || s.Resolved != 1 || s.Rate != 0.25 {
		t.Errorf("second resolver %+v", s)
	}
	var order []string
	for _, s := range g.Steps {
		order = append(order, s.Node)
		if s.Node == "check-restart" && (s.Shown != 4 || s.Left != 1 || s.Drop != 0.25) {
			t.Errorf("check-restart %+v", s)
		}
		if s.Node == "symptom" && s.Shown != 10 {
			t.Errorf("symptom shown %d: both hosts count", s.Shown)
		}
	}
	// Nearest the start first; at one depth, the most shown first.
	if got := strings.Join(order, " "); got != "symptom check-wifi about-delivered how-long resolved check-restart wait-network send-as-text check-update escalate" {
		t.Errorf("steps in the order %s", got)
	}

	// One host only; and the pages not embedded.
	r = report.Build(lib, sums(f.GraphHash()), report.Options{Host: "https://help.example.com"})
	if len(r.Guides) != 1 || r.Guides[0].Steps[0].Shown != 4 || r.Guides[0].Starts != 0 {
		t.Errorf("embedded on help.example.com: %+v", r.Guides)
	}
	r = report.Build(lib, sums(f.GraphHash()), report.Options{Host: report.NoHost})
	if r.Guides[0].Steps[0].Shown != 6 {
		t.Errorf("not embedded: symptom shown %d", r.Guides[0].Steps[0].Shown)
	}
	// A guide with no counts, asked for, has an empty report.
	r = report.Build(lib, nil, report.Options{Guide: "mini"})
	if len(r.Guides) != 1 || r.Guides[0].Starts != 0 || len(r.Guides[0].Steps) != len(f.Nodes) {
		t.Errorf("an empty report: %+v", r.Guides)
	}
}

func TestWriteText(t *testing.T) {
	lib := miniLibrary(t)
	f, _ := lib.Guide("mini", "en")
	var b bytes.Buffer
	r := report.Build(lib, sums(f.GraphHash()), report.Options{From: "2025-03-01", To: "2025-03-31"})
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	// Columns are aligned with spaces; compare with each run of them as one.
	flat := strings.Join(strings.Fields(out), " ")
	for _, want := range []string{
		"mini — Mini guide",
		"2025-03-01 to 2025-03-31 (UTC), all hosts, all languages",
		"Starts 11",
		"Outcomes resolved 8 (72.7%) · escalated 2 (18.2%) · wait 0 (0.0%) · workaround 0 (0.0%) · left 1 (9.1%)",
		"Older versions 2 counts from other graphs",
		"Resolves most resolved share shown rate check-wifi 6 75.0% 10 60.0% check-restart 1 12.5% 4 25.0%",
		"Drop-off by step shown left drop-off symptom 10 0 0.0% check-wifi 10 0 0.0% resolved 7 0 outcome: resolved check-restart 4 1 25.0% escalate 2 0 outcome: escalated (5 of the guide's 10 steps not shown in this period)",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("the report lacks %q:\n%s", want, out)
		}
	}
}

func TestWriteCSV(t *testing.T) {
	var b bytes.Buffer
	cs := []stats.Counter{{Day: "2025-03-01", Guide: "mini", Graph: "G", Lang: "en", Host: "https://a.example", Event: "choice", Node: "q", Option: "1", N: 3}}
	if err := report.WriteCSV(&b, cs); err != nil {
		t.Fatal(err)
	}
	want := "day,guide,graph,lang,host,event,node,option,result,n\n2025-03-01,mini,G,en,https://a.example,choice,q,1,,3\n"
	if b.String() != want {
		t.Errorf("CSV:\n%s\nwant\n%s", b.String(), want)
	}
}

func TestPeriod(t *testing.T) {
	from, to := report.Period(time.Date(2025, 3, 10, 23, 0, 0, 0, time.FixedZone("x", -5*3600)), 30)
	if from != "2025-02-10" || to != "2025-03-11" {
		t.Errorf("Period: %s to %s", from, to)
	}
	if report.ParseDay("2025-02-30") == nil || report.ParseDay("2025-02-28") != nil {
		t.Error("ParseDay")
	}
}
