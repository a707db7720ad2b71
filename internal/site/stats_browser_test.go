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
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
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
	poll(t, what, 30*time.Second, func() (bool, string) {
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
	if _, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{
		Offline: false, DownloadThroughput: -1, UploadThroughput: -1,
	}); err != nil {
		t.Fatalf("back online: %v", err)
	}
	if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		MatchedNetworkConditions: []*network.Conditions{{Offline: false, DownloadThroughput: -1, UploadThroughput: -1}},
	}); err != nil {
		t.Fatalf("back online: %v", err)
	}
}

const queueJS = `localStorage.getItem("fixflow:stats")`

func TestStatsInChromium(t *testing.T) {
	requireWasm(t)
	s, st := newStatsSite(t, "sqlite", Config{})
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	base := srv.URL
	f := defaultFlow(t)
	resolved, _ := pickPaths(t, f)
	c := chrome{browsertest.Chrome(t)}

	want := map[string]int64{}
	add := func(event, node, option, result string) { want[sumKey(event, node, option, result)]++ }

	t.Run("a walk to an outcome", func(t *testing.T) {
		c.open(t, base+"/")
		waitReady(t, c)
		add(stats.EventStart, f.Start, "", "")
		add(stats.EventShown, f.Start, "", "")
		for _, step := range resolved {
			next := f.Choices(f.Node(step.Node))[step.Choice].Next
			choose(t, c, step.Choice, next)
			add(stats.EventChoice, step.Node, stats.OptionID(f, f.Node(step.Node), step.Choice), "")
			add(stats.EventShown, next, "", "")
		}
		end := f.Node(lastNode(f, resolved))
		add(stats.EventOutcome, end.ID, "", end.Result)
		// At an outcome the counts go at once.
		waitStored(t, st, "the walk's counts", want)
		if q := c.js(t, queueJS); q != nil {
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
		c.open(t, base+"/"+f.ID+"/"+f.Start)
		waitReady(t, c)
		next := f.Choices(f.Node(f.Start))[0].Next
		choose(t, c, 0, next)
		add(stats.EventStart, f.Start, "", "")
		add(stats.EventShown, f.Start, "", "")
		add(stats.EventChoice, f.Start, stats.OptionID(f, f.Node(f.Start), 0), "")
		add(stats.EventShown, next, "", "")
		// Leaving the page (pagehide) counts the walk as left there.
		c.open(t, "about:blank")
		add(stats.EventLeft, next, "", "")
		waitStored(t, st, "the walk left", want)
	})

	t.Run("offline, then online", func(t *testing.T) {
		c.open(t, base+"/"+f.ID+"/"+f.Start)
		waitReady(t, c)
		setOnline(t, c.ctx, false)
		waitJS(t, c, `navigator.onLine === false`, "the browser offline")
		next := f.Choices(f.Node(f.Start))[1].Next
		choose(t, c, 1, next)
		nextNode := f.Node(next)
		for len(f.Choices(nextNode)) > 0 && nextNode.Kind != engine.KindOutcome {
			// Walk on to an outcome: offline, even an outcome keeps its counts.
			n := f.Choices(nextNode)[len(f.Choices(nextNode))-1].Next
			choose(t, c, len(f.Choices(nextNode))-1, n)
			add(stats.EventChoice, nextNode.ID, stats.OptionID(f, nextNode, len(f.Choices(nextNode))-1), "")
			add(stats.EventShown, n, "", "")
			nextNode = f.Node(n)
		}
		add(stats.EventStart, f.Start, "", "")
		add(stats.EventShown, f.Start, "", "")
		add(stats.EventChoice, f.Start, stats.OptionID(f, f.Node(f.Start), 1), "")
		add(stats.EventShown, next, "", "")
		add(stats.EventOutcome, nextNode.ID, "", nextNode.Result)
		q, _ := c.js(t, queueJS).(string)
		if !strings.Contains(q, `"event":"outcome"`) || !strings.Contains(q, `"node":"`+nextNode.ID+`"`) {
			t.Fatalf("offline, the queue in local storage is %q", q)
		}
		if strings.Contains(q, `"host"`) || strings.Contains(q, "id\":") {
			t.Errorf("the queue has more than counts: %s", q)
		}
		setOnline(t, c.ctx, true)
		waitStored(t, st, "the offline walk, once online", want)
		waitJS(t, c, queueJS+` === null`, "the queue emptied")
	})

	// Nothing is counted: offline, a counting page would keep its counts
	// in local storage (the test above), so an empty queue after a walk
	// shows that nothing was counted.
	uncounted := func(t *testing.T, path string) {
		t.Helper()
		c.open(t, base+path)
		waitReady(t, c)
		setOnline(t, c.ctx, false)
		waitJS(t, c, `navigator.onLine === false`, "the browser offline")
		choose(t, c, 0, f.Choices(f.Node(f.Start))[0].Next)
		if q := c.js(t, queueJS); q != nil {
			t.Errorf("%s: counted %v", path, q)
		}
		setOnline(t, c.ctx, true)
	}
	t.Run("data-stats off", func(t *testing.T) {
		uncounted(t, "/"+f.ID+"/"+f.Start+"?embed=1&stats=off")
	})
	for _, signal := range []struct{ name, script string }{
		{"Global Privacy Control", `Object.defineProperty(Navigator.prototype, "globalPrivacyControl", {get: function () { return true; }, configurable: true});`},
		{"Do Not Track", `Object.defineProperty(Navigator.prototype, "doNotTrack", {get: function () { return "1"; }, configurable: true});`},
	} {
		t.Run(signal.name, func(t *testing.T) {
			res, err := chromedp.Call(c.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: signal.script})
			if err != nil {
				t.Fatal(err)
			}
			defer chromedp.Call(c.ctx, page.RemoveScriptToEvaluateOnNewDocument, page.RemoveScriptToEvaluateOnNewDocumentParams(res))
			uncounted(t, "/"+f.ID+"/"+f.Start)
		})
	}
	// And the store holds only what the counted walks sent.
	waitStored(t, st, "the counts of the counted walks only", want)

	// The page as a person sees it, after these walks (docs/stats.png).
	t.Run("screenshot", func(t *testing.T) {
		// The page as a person sees it.
		c.open(t, base+"/stats?guide="+f.ID)
		ctx, cancel := context.WithTimeout(c.ctx, 30*time.Second)
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
	w := webkit{browsertest.WebKit(t)}
	want := map[string]int64{}
	add := func(event, node, option, result string) { want[sumKey(event, node, option, result)]++ }

	w.open(t, base+"/"+f.ID+"/"+f.Start)
	waitReady(t, w)
	add(stats.EventStart, f.Start, "", "")
	add(stats.EventShown, f.Start, "", "")
	for _, step := range resolved {
		next := f.Choices(f.Node(step.Node))[step.Choice].Next
		choose(t, w, step.Choice, next)
		add(stats.EventChoice, step.Node, stats.OptionID(f, f.Node(step.Node), step.Choice), "")
		add(stats.EventShown, next, "", "")
	}
	end := f.Node(lastNode(f, resolved))
	add(stats.EventOutcome, end.ID, "", end.Result)
	waitStored(t, st, "the walk's counts from WebKit", want)

	// A walk left: the page goes (pagehide) one answer in.
	w.open(t, base+"/"+f.ID+"/"+f.Start)
	waitReady(t, w)
	next := f.Choices(f.Node(f.Start))[0].Next
	choose(t, w, 0, next)
	add(stats.EventStart, f.Start, "", "")
	add(stats.EventShown, f.Start, "", "")
	add(stats.EventChoice, f.Start, stats.OptionID(f, f.Node(f.Start), 0), "")
	add(stats.EventShown, next, "", "")
	add(stats.EventLeft, next, "", "")
	w.open(t, "about:blank")
	waitStored(t, st, "the walk left, from WebKit", want)
}
