//go:build browser

package site

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/internal/browsertest"
)

// TestWidgetFactsInChromium: on a phone whose browser reports its system
// version, the page asks the version the first time a step needs it, with
// the detected answer marked but not taken; the answer shows in the line of
// facts, the step shows only the settings path for it (the others folded),
// and "change" asks again in place. A step's picture loads at its size. A
// walk that ends waiting is offered again at the guide's start.
func TestWidgetFactsInChromium(t *testing.T) {
	base := startWidgetServer(t)
	t.Parallel()
	c := browsertest.NewChromePage(t)
	const ua = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
	if _, err := chromedp.Call(c.Context(), emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: ua}); err != nil {
		t.Fatal(err)
	}
	f := defaultFlow(t)

	// A step with settings paths that depend on the system version.
	var target *engine.Node
	var fact *engine.Fact
	for i := range f.Nodes {
		n := &f.Nodes[i]
		if own, inside := f.Needs(n); len(own) == 0 && len(inside) == 1 && len(n.Paths) > 1 {
			target, fact = n, f.Fact(inside[0])
			break
		}
	}
	if target == nil {
		t.Fatal("no step whose paths depend on one fact")
	}
	pathText := func(v string) string {
		for _, p := range target.Paths {
			if p.When.Eval(engine.FactValues{fact.ID: v}) == engine.Holds {
				return strings.Join(p.Path, "")
			}
		}
		return ""
	}
	c.Open(t, base+"/"+f.ID+"/"+target.ID)
	waitReady(t, c)
	c.WaitJS(t, fmt.Sprintf(`document.getElementById("ff-root").dataset.ask === %q`, fact.ID), "the question of "+fact.ID, 30*time.Second)
	// 17.4 fits one option's detect range: marked, not taken.
	var guess *engine.FactOption
	for i := range fact.Options {
		if fact.Options[i].Detect.Matches(17, 4) {
			guess = &fact.Options[i]
		}
	}
	if guess == nil {
		t.Fatal("no option of the fact is detected for 17.4")
	}
	c.WaitJS(t, `document.querySelector("#ff-root .ff-choice-guess")`, "the guess to be marked", 30*time.Second)
	if got := browsertest.JSString(t, c, `document.querySelector("#ff-root .ff-choice-guess .ff-choice-label").textContent`); got != guess.Label {
		t.Errorf("the guess marked is %q, want %q", got, guess.Label)
	}
	if n := browsertest.JSInt(t, c, `document.querySelectorAll("#ff-root .ff-choice-guess").length`); n != 1 {
		t.Errorf("%d guesses marked", n)
	}
	checkAxe(t, c, target.ID+" (asking)")
	c.Click(t, "#ff-root .ff-choice-guess")
	waitStep(t, c, target.ID)
	if got := browsertest.JSString(t, c, `document.querySelector("#ff-root .ff-facts").textContent`); !strings.Contains(got, guess.Label) {
		t.Errorf("the line of facts says %q, want %q in it", got, guess.Label)
	}
	shown := func() string {
		return browsertest.JSString(t, c, `[...document.querySelectorAll("#ff-root .ff-paths > .ff-path-row .ff-path")].map(p => p.textContent).join("|")`)
	}
	if got, want := shown(), pathText(guess.ID); got != want {
		t.Errorf("paths shown %q, want only %q", got, want)
	}
	if n := browsertest.JSInt(t, c, `document.querySelectorAll("#ff-root .ff-paths details.ff-other .ff-path-row").length`); n != len(target.Paths)-1 {
		t.Errorf("%d other versions folded, want %d", n, len(target.Paths)-1)
	}
	checkAxe(t, c, target.ID)

	// Change the answer in place: the answer given is marked; another
	// shows the other path.
	c.Click(t, "#ff-root a.ff-fact-change")
	c.WaitJS(t, fmt.Sprintf(`document.getElementById("ff-root").dataset.ask === %q && document.querySelector(".ff-choice-current")`, fact.ID), "the question asked again", 30*time.Second)
	if got := browsertest.JSString(t, c, `document.querySelector("#ff-root .ff-choice-current .ff-choice-label").textContent`); got != guess.Label {
		t.Errorf("the answer given is marked as %q, want %q", got, guess.Label)
	}
	other := fact.Options[0]
	if other.ID == guess.ID {
		other = fact.Options[1]
	}
	c.Click(t, fmt.Sprintf(`#ff-root .ff-choices li:nth-child(%d) a.ff-choice`, indexOf(fact, other.ID)+1))
	waitStep(t, c, target.ID)
	c.WaitJS(t, fmt.Sprintf(`!location.search.includes("ask=") && document.querySelector("#ff-root .ff-facts").textContent.includes(%q)`, other.Label), "the new answer", 30*time.Second)
	if got, want := shown(), pathText(other.ID); got != want {
		t.Errorf("after the change, paths shown %q, want %q", got, want)
	}

	t.Run("picture", func(t *testing.T) {
		models := withModels(t, f)
		s, _ := engine.NewSessionAt(f, models.ID)
		c.Open(t, base+"/"+f.ID+"/"+models.ID)
		waitReady(t, c)
		answerAsked(t, c, s, walkFacts)
		c.WaitJS(t, `(() => { const i = document.querySelector("#ff-root img.ff-step-image"); return i && i.complete && i.naturalWidth > 0 })()`, "the step's picture to load", 30*time.Second)
		// The first picture on the page: of the steps, then of the steps
		// for the device answered.
		var img *engine.Image
		steps := models.Steps
		for _, m := range models.Models {
			if s.Truth(m.When) == engine.Holds {
				steps = append(steps[:len(steps):len(steps)], m.Steps...)
				break
			}
		}
		for _, st := range steps {
			if st.Image != nil && s.Applies(st.When) {
				img = st.Image
				break
			}
		}
		if img == nil {
			t.Fatalf("%s shows no picture for %s", models.ID, f.DescribeValues(walkFacts))
		}
		if w := browsertest.JSInt(t, c, `Math.round(document.querySelector("#ff-root img.ff-step-image").getBoundingClientRect().width)`); w != img.Width {
			t.Errorf("the picture is drawn %d px wide, want %d", w, img.Width)
		}
		if alt := browsertest.JSString(t, c, `document.querySelector("#ff-root img.ff-step-image").alt`); alt != img.Alt {
			t.Errorf("alt %q", alt)
		}
	})

	t.Run("wait is picked up", func(t *testing.T) {
		paths, _ := engine.Paths(f, walkFacts, 0)
		sort.SliceStable(paths, func(i, j int) bool { return len(paths[i]) < len(paths[j]) })
		var wait []engine.Step
		for _, p := range paths {
			if f.Node(lastNode(f, p)).Result == engine.ResultWait && len(p) >= 2 {
				wait = p
				break
			}
		}
		if wait == nil {
			t.Fatal("no walk to a wait outcome")
		}
		c.Open(t, base+"/"+f.ID+"/"+f.Start)
		waitReady(t, c)
		s := engine.NewSession(f)
		for _, st := range wait {
			follow(t, c, s, st.Choice)
		}
		if got := browsertest.JSString(t, c, `document.documentElement.dataset.fixflowOutcome`); got != engine.ResultWait {
			t.Fatalf("outcome %q, want wait", got)
		}
		// The next visit to the guide offers to pick it up.
		c.Open(t, base+"/"+f.ID)
		waitReady(t, c)
		c.WaitJS(t, `document.querySelector("#ff-root .ff-pickup a.ff-pickup-link")`, "the offer to pick up", 30*time.Second)
		if got := browsertest.JSString(t, c, `document.querySelector("#ff-root .ff-pickup").textContent`); !strings.Contains(got, "("+fmt.Sprint(len(wait))+")") {
			t.Errorf("the offer does not count what was tried: %q", got)
		}
		waitStep(t, c, f.Start)
		checkAxe(t, c, f.Start+" (pick up)")
		c.Click(t, "#ff-root a.ff-pickup-link")
		waitStep(t, c, s.Current().ID)
		if n := browsertest.JSInt(t, c, `document.querySelectorAll(".ff-tried-list li").length`); n != len(wait) {
			t.Errorf("picked up with %d answers tried, want %d", n, len(wait))
		}
		// A walk to another outcome forgets the wait.
		c.Open(t, base+"/"+f.ID+"/"+f.Start)
		waitReady(t, c)
		resolved, _ := pickPaths(t, f)
		s = engine.NewSession(f)
		for _, st := range resolved {
			follow(t, c, s, st.Choice)
		}
		c.Open(t, base+"/"+f.ID)
		waitReady(t, c)
		waitStep(t, c, s.Current().ID) // resumed, not offered
		if browsertest.JSBool(t, c, `!!document.querySelector("#ff-root .ff-pickup")`) {
			t.Error("the wait is still offered after the walk reached another outcome")
		}
	})
}

func indexOf(fa *engine.Fact, id string) int {
	for i, o := range fa.Options {
		if o.ID == id {
			return i
		}
	}
	return len(fa.Options)
}
