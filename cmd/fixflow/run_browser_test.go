//go:build browser

package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

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

	// A walk to a resolved outcome, by clicking, answering the facts the
	// guide asks on the way (each with its first option).
	f := defaultGuide(t)
	facts := engine.FactValues{}
	for _, fa := range f.Facts {
		facts[fa.ID] = fa.Options[0].ID
	}
	paths, _ := engine.Paths(f, facts, 0)
	var path []engine.Step
	for _, p := range paths {
		end := engine.NewSession(f)
		end.SetFacts(facts)
		for _, st := range p {
			end.Choose(st.Choice)
		}
		if end.Current().Result == engine.ResultResolved && len(p) >= 2 {
			path = p
			break
		}
	}
	if path == nil {
		t.Fatalf("the guide has no walk of two steps or more to a resolved outcome under %s", f.DescribeValues(facts))
	}
	c := browsertest.NewChromePage(t)
	s := engine.NewSession(f)
	// waitAt waits for the page of the walk s: its step, asking the fact
	// the step needs first (or none).
	waitAt := func() {
		t.Helper()
		ask := ""
		if fa := s.Needs(); fa != nil {
			ask = fa.ID
		}
		c.WaitJS(t, fmt.Sprintf(`document.documentElement.dataset.fixflowStep === %q && (document.getElementById("ff-root").dataset.ask || "") === %q && location.search.includes(%q)`,
			s.Current().ID, ask, "s="+s.Encode()), "the page at "+s.Current().ID+" asking "+fmt.Sprintf("%q", ask), 30*time.Second)
	}
	c.Open(t, base+"/")
	c.WaitJS(t, fmt.Sprintf(`(window.fixflowStart && window.fixflowStart(), document.documentElement.hasAttribute("data-fixflow-ready")) && document.documentElement.dataset.fixflowStep === %q`, f.Start),
		"the wasm to take over at "+f.Start, 30*time.Second)
	for _, st := range path {
		// The page shows the choices offered: find this one's place there.
		place := 0
		for k := range st.Choice {
			if s.Offered(k) {
				place++
			}
		}
		if err := s.Choose(st.Choice); err != nil {
			t.Fatal(err)
		}
		c.Click(t, fmt.Sprintf(`#ff-root .ff-choices li:nth-child(%d) a.ff-choice`, place+1))
		waitAt()
		for fa := s.Needs(); fa != nil; fa = s.Needs() {
			place := len(fa.Options) // "I don't know" comes last
			for k, o := range fa.Options {
				if o.ID == facts[fa.ID] {
					place = k
				}
			}
			if err := s.SetFact(fa.ID, facts[fa.ID]); err != nil {
				t.Fatal(err)
			}
			c.Click(t, fmt.Sprintf(`#ff-root .ff-choices li:nth-child(%d) a.ff-choice`, place+1))
			waitAt()
		}
	}

	// /stats, from this machine, needs no token; the counts arrive with the
	// outcome's beacon.
	var page string
	browsertest.Until(t, "/stats to show the walk", 30*time.Second, func() (bool, string) {
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
		return strings.Contains(page, "<dd>1</dd>"), "no <dd>1</dd> in /stats"
	})
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
