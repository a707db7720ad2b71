//go:build browser

package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/internal/browsertest"
)

// TestRunCountsIntoSQLite is `make run` as a person tries it: fixflow serve
// with no stats flags at all, a walk to an outcome in Chromium, then /stats
// on the same machine shows the walk, funnel included, from the SQLite file
// serve made under ./data.
func TestRunCountsIntoSQLite(t *testing.T) {
	if _, err := os.Stat("../../web/app.wasm"); err != nil {
		t.Fatal("web/app.wasm is missing: run `make build` (make test does) before the browser tests")
	}
	exe := buildCommand(t, "cmd/fixflow", t.TempDir(), "fixflow")
	web, _ := filepath.Abs("../../web")
	cwd := t.TempDir()
	addr := freeAddr(t)
	srv := startServeIn(t, cwd, exe, "-addr", addr, "-web", web)
	defer func() {
		srv.Process.Signal(os.Interrupt)
		srv.Wait()
	}()
	base := "http://" + addr
	if _, err := os.Stat(filepath.Join(cwd, "data", "stats.db")); err != nil {
		t.Fatalf("serve made no ./data/stats.db: %v", err)
	}

	// A walk to a resolved outcome, by clicking.
	f := defaultGuide(t)
	paths, _ := engine.Paths(f, 0)
	var path []engine.Step
	for _, p := range paths {
		last := p[len(p)-1]
		if end := f.Node(f.Choices(f.Node(last.Node))[last.Choice].Next); end.Result == engine.ResultResolved && len(p) >= 2 {
			path = p
			break
		}
	}
	ctx := browsertest.Chrome(t)
	run := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		c, cancel := context.WithTimeout(ctx, 60*time.Second)
		defer cancel()
		if err := chromedp.Do(c, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	waitStep := func(step string) chromedp.Action[chromedp.Void] {
		return chromedp.Poll[chromedp.Void](fmt.Sprintf(`(window.fixflowStart && window.fixflowStart(), document.documentElement.hasAttribute("data-fixflow-ready")) && document.documentElement.dataset.fixflowStep === %q`, step), chromedp.WithPollingInterval(50*time.Millisecond))
	}
	run("opening the guide", chromedp.Navigate(base+"/"), waitStep(f.Start))
	for _, st := range path {
		next := f.Choices(f.Node(st.Node))[st.Choice].Next
		run("choosing at "+st.Node,
			chromedp.Click(chromedp.CSS(fmt.Sprintf(`#ff-root .ff-choices li:nth-child(%d) a.ff-choice`, st.Choice+1))),
			waitStep(next))
	}

	// /stats, from this machine, needs no token; the counts arrive with the
	// outcome's beacon.
	var page string
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(base + "/stats")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		page = string(b)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("/stats: %d %s", resp.StatusCode, page)
		}
		if strings.Contains(page, "<dd>1</dd>") || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	flat := strings.Join(strings.Fields(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(page, " ")), " ")
	for _, want := range []string{"Walks started 1", "Walks ended 1", "Resolved 100.0%", "Funnel: walks through each step", "walks started"} {
		if !strings.Contains(flat, want) {
			t.Errorf("/stats lacks %q:\n%s", want, flat)
		}
	}
	if n := len(regexp.MustCompile(`<svg [^>]*class="st-chart"`).FindAllString(page, -1)); n != 2 {
		t.Errorf("/stats has %d charts, want the outcome mix and the funnel", n)
	}
}
