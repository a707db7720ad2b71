//go:build browser

package site

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/internal/browsertest"
	"github.com/fixflow/fixflow/internal/stats"
	"github.com/fixflow/fixflow/internal/stats/store"
)

// The widget's counts end to end in a real Chromium: a walk is counted and
// /stats shows it; a walk left is counted as left; counts made offline wait
// in local storage and go out when the browser is back online; and nothing
// is counted with data-stats="off", Global Privacy Control or Do Not Track.
// The walks answer the facts the guide asks on the way (follow): an answer
// is not a step, so it adds no count.

// sums are the store's counts added up, by event and node (and option, and
// result).
func storedSums(t *testing.T, st store.Store) map[string]int64 {
	t.Helper()
	cs, err := st.Sums(context.Background(), store.Query{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, c := range cs {
		out[sumKey(c.Event, c.Node, c.Option, c.Result)] += c.N
	}
	return out
}

func sumKey(event, node, option, result string) string {
	return strings.TrimRight(event+" "+node+" "+option+" "+result, " ")
}

// waitStored waits until the store holds want (every key at least at its
// count), then checks that it holds exactly want.
func waitStored(t *testing.T, st store.Store, what string, want map[string]int64) {
	t.Helper()
	var got map[string]int64
	browsertest.Until(t, what, 30*time.Second, func() (bool, string) {
		got = storedSums(t, st)
		for k, n := range want {
			if got[k] < n {
				return false, fmt.Sprint(got)
			}
		}
		return true, ""
	})
	for k := range got {
		if got[k] != want[k] {
			t.Errorf("%s: stored %s = %d, want %d", what, k, got[k], want[k])
		}
	}
}

func setOnline(t *testing.T, ctx context.Context, online bool) {
	t.Helper()
	if !online {
		goOffline(t, ctx)
		return
	}
	// The network first, then the online state: the page's "online"
	// event sends the counts at once, and a beacon sent while the
	// network is still emulated offline is lost (sendBeacon has taken it).
	if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		MatchedNetworkConditions: []*network.Conditions{{Offline: false, DownloadThroughput: -1, UploadThroughput: -1}},
	}); err != nil {
		t.Fatalf("back online: %v", err)
	}
	if _, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{
		Offline: false, DownloadThroughput: -1, UploadThroughput: -1,
	}); err != nil {
		t.Fatalf("back online: %v", err)
	}
}

const queueJS = `localStorage.getItem("fixflow:stats")`

// countedWalk takes choice i of the walk s in the page p (answering the
// facts the page asks, see follow) and adds to want what the widget counts
// for it: the choice, the step it opens (where a fact may be asked first),
// the step the answers lead on to when they pass that one by, and the
// outcome when it ends at one.
func countedWalk(t *testing.T, p browsertest.Page, s *engine.Session, i int, add func(event, node, option, result string)) {
	t.Helper()
	countedWalkAnswering(t, p, s, i, walkFacts, add)
}

// countedWalkAnswering is countedWalk answering the facts asked with facts.
func countedWalkAnswering(t *testing.T, p browsertest.Page, s *engine.Session, i int, facts engine.FactValues, add func(event, node, option, result string)) {
	t.Helper()
	f := s.Flow()
	from := s.Current()
	opened := s.Clone()
	if err := opened.Choose(i); err != nil {
		t.Fatal(err)
	}
	followAnswering(t, p, s, i, facts)
	add(stats.EventChoice, from.ID, stats.OptionID(f, from, i), "")
	add(stats.EventShown, opened.Current().ID, "", "")
	if n := s.Current(); n.ID != opened.Current().ID {
		add(stats.EventShown, n.ID, "", "")
	}
	if n := s.Current(); n.Kind == engine.KindOutcome {
		add(stats.EventOutcome, n.ID, "", n.Result)
	}
}

// passedByWalk finds in f the shortest walk from its start that answers
// no fact on the way, whose last choice opens a step that asks a fact
// its own condition names, where some answers (facts) pass that step by
// and end the walk at an outcome: the outcome is reached by a fact's
// answer, not by a choice.
func passedByWalk(t *testing.T, f *engine.Flow) (walk []engine.Step, facts engine.FactValues) {
	t.Helper()
	combos := f.Combinations(1000)
	seen := map[string]bool{}
	queue := []*engine.Session{engine.NewSession(f)}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for i := range f.Choices(s.Current()) {
			next := s.Clone()
			if next.Choose(i) != nil {
				continue
			}
			if fa := next.Needs(); fa != nil {
				if own, _ := f.Needs(next.Current()); slices.Contains(own, fa.ID) {
					for _, v := range combos {
						answered := next.Clone()
						for fa := answered.Needs(); fa != nil; fa = answered.Needs() {
							answered.SetFact(fa.ID, v[fa.ID])
						}
						if answered.Done() && answered.Current().ID != next.Current().ID {
							return next.History(), v
						}
					}
				}
				continue // the walk answers no fact before that step
			}
			if id := next.Current().ID; !next.Done() && !seen[id] {
				seen[id] = true
				queue = append(queue, next)
			}
		}
	}
	t.Fatal("the guide has no step that a fact's answer passes by to an outcome")
	return nil, nil
}

// lastOffered is the last choice the walk s is offered where it is.
func lastOffered(t *testing.T, s *engine.Session) int {
	t.Helper()
	for i := len(s.Flow().Choices(s.Current())) - 1; i >= 0; i-- {
		if s.Offered(i) {
			return i
		}
	}
	t.Fatalf("no choice is offered at %s", s.Current().ID)
	return 0
}

func TestStatsInChromium(t *testing.T) {
	requireWasm(t)
	s, st := newStatsSite(t, "sqlite", Config{})
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	base := srv.URL
	f := defaultFlow(t)
	resolved, _ := pickPaths(t, f)
	t.Parallel()
	c := browsertest.NewChromePage(t)

	want := map[string]int64{}
	add := func(event, node, option, result string) { want[sumKey(event, node, option, result)]++ }

	t.Run("a walk to an outcome", func(t *testing.T) {
		c.Open(t, base+"/")
		waitReady(t, c)
		add(stats.EventStart, f.Start, "", "")
		add(stats.EventShown, f.Start, "", "")
		s := engine.NewSession(f)
		for _, step := range resolved {
			countedWalk(t, c, s, step.Choice, add)
		}
		if end := s.Current(); end.Result != engine.ResultResolved {
			t.Fatalf("the walk ended at %s, not a resolved outcome", end.ID)
		}
		// At an outcome the counts go at once.
		waitStored(t, st, "the walk's counts", want)
		if q := c.JS(t, queueJS); q != nil {
			t.Errorf("the queue still holds %v after sending", q)
		}

		// /stats shows it, to this machine without a token.
		res, err := http.Get(base + "/stats?guide=" + f.ID)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		flat := strings.Join(strings.Fields(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(string(b), " ")), " ")
		last := resolved[len(resolved)-1]
		for _, w := range []string{"Walks started 1", "Walks ended 1", "Resolved 100.0%", "resolved: 1 (100.0%)",
			f.Node(last.Node).Title + " " + last.Node + " 1 100.0% 1 100.0%"} {
			if !strings.Contains(flat, w) {
				t.Errorf("/stats lacks %q:\n%s", w, flat)
			}
		}
	})

	t.Run("a walk left", func(t *testing.T) {
		c.Open(t, base+"/"+f.ID+"/"+f.Start)
		waitReady(t, c)
		add(stats.EventStart, f.Start, "", "")
		add(stats.EventShown, f.Start, "", "")
		s := engine.NewSession(f)
		countedWalk(t, c, s, 0, add)
		// Leaving the page (pagehide) counts the walk as left there.
		c.Open(t, "about:blank")
		add(stats.EventLeft, s.Current().ID, "", "")
		waitStored(t, st, "the walk left", want)
	})

	// A fact answered on the step it was asked at may pass that step by:
	// the step the walk goes on to is shown and counted, here an outcome.
	t.Run("a fact's answer ends the walk", func(t *testing.T) {
		walk, facts := passedByWalk(t, f)
		c.Open(t, base+"/"+f.ID+"/"+f.Start)
		waitReady(t, c)
		add(stats.EventStart, f.Start, "", "")
		add(stats.EventShown, f.Start, "", "")
		s := engine.NewSession(f)
		for _, step := range walk {
			countedWalkAnswering(t, c, s, step.Choice, facts, add)
		}
		if !s.Done() {
			t.Fatalf("the walk is at %s, not an outcome", s.Current().ID)
		}
		waitStored(t, st, "the counts of the walk a fact's answer ended", want)
	})

	t.Run("offline, then online", func(t *testing.T) {
		c.Open(t, base+"/"+f.ID+"/"+f.Start)
		waitReady(t, c)
		setOnline(t, c.Context(), false)
		c.WaitJS(t, `navigator.onLine === false`, "the browser offline", 30*time.Second)
		add(stats.EventStart, f.Start, "", "")
		add(stats.EventShown, f.Start, "", "")
		s := engine.NewSession(f)
		countedWalk(t, c, s, 1, add)
		// Walk on to an outcome, by the last choice offered: offline, even
		// an outcome keeps its counts.
		for !s.Done() {
			if s.Len() > len(f.Nodes) {
				t.Fatalf("the walk by the last choices never reaches an outcome: %v", s.History())
			}
			countedWalk(t, c, s, lastOffered(t, s), add)
		}
		end := s.Current()
		q, _ := c.JS(t, queueJS).(string)
		if !strings.Contains(q, `"event":"outcome"`) || !strings.Contains(q, `"node":"`+end.ID+`"`) {
			t.Fatalf("offline, the queue in local storage is %q", q)
		}
		if strings.Contains(q, `"host"`) || strings.Contains(q, "id\":") {
			t.Errorf("the queue has more than counts: %s", q)
		}
		setOnline(t, c.Context(), true)
		waitStored(t, st, "the offline walk, once online", want)
		c.WaitJS(t, queueJS+` === null`, "the queue emptied", 30*time.Second)
	})

	// Nothing is counted: offline, a counting page would keep its counts
	// in local storage (the test above), so an empty queue after a walk
	// shows that nothing was counted.
	uncounted := func(t *testing.T, c *browsertest.ChromePage, path string) {
		t.Helper()
		c.Open(t, base+path)
		waitReady(t, c)
		setOnline(t, c.Context(), false)
		c.WaitJS(t, `navigator.onLine === false`, "the browser offline", 30*time.Second)
		follow(t, c, engine.NewSession(f), 0)
		if q := c.JS(t, queueJS); q != nil {
			t.Errorf("%s: counted %v", path, q)
		}
		setOnline(t, c.Context(), true)
	}
	t.Run("data-stats off", func(t *testing.T) {
		uncounted(t, c, "/"+f.ID+"/"+f.Start+"?embed=1&stats=off")
	})
	for _, signal := range []struct{ name, script string }{
		{"Global Privacy Control", `Object.defineProperty(Navigator.prototype, "globalPrivacyControl", {get: function () { return true; }, configurable: true});`},
		{"Do Not Track", `Object.defineProperty(Navigator.prototype, "doNotTrack", {get: function () { return "1"; }, configurable: true});`},
	} {
		t.Run(signal.name, func(t *testing.T) {
			// A tab of its own, which the signal stays in.
			tab := c.NewTab(t)
			tab.AddInitScript(t, signal.script)
			uncounted(t, tab, "/"+f.ID+"/"+f.Start)
		})
	}
	// And the store holds only what the counted walks sent.
	waitStored(t, st, "the counts of the counted walks only", want)

	// The page as a person sees it, after these walks (docs/stats.png).
	t.Run("screenshot", func(t *testing.T) {
		// The page as a person sees it.
		c.Open(t, base+"/stats?guide="+f.ID)
		ctx, cancel := context.WithTimeout(c.Context(), browsertest.ActionTimeout)
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		dir := t.ArtifactDir()
		if os.Getenv("UPDATE_SCREENSHOTS") == "1" {
			dir = "../../docs"
		}
		browsertest.SaveScreenshot(t, png, filepath.Join(dir, "stats.png"))
	})
}

// TestStatsInWebKit: the counts of a walk to an outcome and of a walk left
// arrive from WebKit too (every iPhone browser is WebKit).
func TestStatsInWebKit(t *testing.T) {
	requireWasm(t)
	s, st := newStatsSite(t, "sqlite", Config{})
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	base := srv.URL
	f := defaultFlow(t)
	resolved, _ := pickPaths(t, f)
	t.Parallel()
	w := browsertest.NewWebKitPage(t)
	want := map[string]int64{}
	add := func(event, node, option, result string) { want[sumKey(event, node, option, result)]++ }

	w.Open(t, base+"/"+f.ID+"/"+f.Start)
	waitReady(t, w)
	add(stats.EventStart, f.Start, "", "")
	add(stats.EventShown, f.Start, "", "")
	walk := engine.NewSession(f)
	for _, step := range resolved {
		countedWalk(t, w, walk, step.Choice, add)
	}
	waitStored(t, st, "the walk's counts from WebKit", want)

	// A walk left: the page goes (pagehide) one answer in.
	w.Open(t, base+"/"+f.ID+"/"+f.Start)
	waitReady(t, w)
	add(stats.EventStart, f.Start, "", "")
	add(stats.EventShown, f.Start, "", "")
	walk = engine.NewSession(f)
	countedWalk(t, w, walk, 0, add)
	add(stats.EventLeft, walk.Current().ID, "", "")
	w.Open(t, "about:blank")
	waitStored(t, st, "the walk left, from WebKit", want)
}
