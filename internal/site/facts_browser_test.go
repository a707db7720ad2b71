//go:build browser

package site

import (
	"fmt"
	"sort"
	"strings"
	"testing"

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
	ctx := browsertest.Chrome(t)
	const ua = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
	if _, err := chromedp.Call(ctx, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: ua}); err != nil {
		t.Fatal(err)
	}
	c := chrome{ctx}
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
	c.open(t, base+"/"+f.ID+"/"+target.ID)
	waitReady(t, c)
	waitJS(t, c, fmt.Sprintf(`document.getElementById("ff-root").dataset.ask === %q`, fact.ID), "the question of "+fact.ID)
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
	waitJS(t, c, `document.querySelector("#ff-root .ff-choice-guess")`, "the guess to be marked")
	if got := jsString(t, c, `document.querySelector("#ff-root .ff-choice-guess .ff-choice-label").textContent`); got != guess.Label {
		t.Errorf("the guess marked is %q, want %q", got, guess.Label)
	}
	if n := jsInt(t, c, `document.querySelectorAll("#ff-root .ff-choice-guess").length`); n != 1 {
		t.Errorf("%d guesses marked", n)
	}
	checkAxe(t, c, target.ID+" (asking)")
	c.click(t, "#ff-root .ff-choice-guess")
	waitStep(t, c, target.ID)
	if got := jsString(t, c, `document.querySelector("#ff-root .ff-facts").textContent`); !strings.Contains(got, guess.Label) {
		t.Errorf("the line of facts says %q, want %q in it", got, guess.Label)
	}
	shown := func() string {
		return jsString(t, c, `[...document.querySelectorAll("#ff-root .ff-paths > .ff-path-row .ff-path")].map(p => p.textContent).join("|")`)
	}
	if got, want := shown(), pathText(guess.ID); got != want {
		t.Errorf("paths shown %q, want only %q", got, want)
	}
	if n := jsInt(t, c, `document.querySelectorAll("#ff-root .ff-paths details.ff-other .ff-path-row").length`); n != len(target.Paths)-1 {
		t.Errorf("%d other versions folded, want %d", n, len(target.Paths)-1)
	}
	checkAxe(t, c, target.ID)

	// Change the answer in place: the answer given is marked; another
	// shows the other path.
	c.click(t, "#ff-root a.ff-fact-change")
	waitJS(t, c, fmt.Sprintf(`document.getElementById("ff-root").dataset.ask === %q && document.querySelector(".ff-choice-current")`, fact.ID), "the question asked again")
	if got := jsString(t, c, `document.querySelector("#ff-root .ff-choice-current .ff-choice-label").textContent`); got != guess.Label {
		t.Errorf("the answer given is marked as %q, want %q", got, guess.Label)
	}
	other := fact.Options[0]
	if other.ID == guess.ID {
		other = fact.Options[1]
	}
	c.click(t, fmt.Sprintf(`#ff-root .ff-choices li:nth-child(%d) a.ff-choice`, indexOf(fact, other.ID)+1))
	waitStep(t, c, target.ID)
	waitJS(t, c, fmt.Sprintf(`!location.search.includes("ask=") && document.querySelector("#ff-root .ff-facts").textContent.includes(%q)`, other.Label), "the new answer")
	if got, want := shown(), pathText(other.ID); got != want {
		t.Errorf("after the change, paths shown %q, want %q", got, want)
	}

	t.Run("picture", func(t *testing.T) {
		models := withModels(t, f)
		s, _ := engine.NewSessionAt(f, models.ID)
		c.open(t, base+"/"+f.ID+"/"+models.ID)
		waitReady(t, c)
		answerAsked(t, c, s)
		waitJS(t, c, `(() => { const i = document.querySelector("#ff-root img.ff-step-image"); return i && i.complete && i.naturalWidth > 0 })()`, "the step's picture to load")
		img := s.Flow().Node(models.ID).Models[0].Steps[0].Image
		if w := jsInt(t, c, `Math.round(document.querySelector("#ff-root img.ff-step-image").getBoundingClientRect().width)`); w != img.Width {
			t.Errorf("the picture is drawn %d px wide, want %d", w, img.Width)
		}
		if alt := jsString(t, c, `document.querySelector("#ff-root img.ff-step-image").alt`); alt != img.Alt {
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
		c.open(t, base+"/"+f.ID+"/"+f.Start)
		waitReady(t, c)
		s := engine.NewSession(f)
		for _, st := range wait {
			follow(t, c, s, st.Choice)
		}
		if got := jsString(t, c, `document.documentElement.dataset.fixflowOutcome`); got != engine.ResultWait {
			t.Fatalf("outcome %q, want wait", got)
		}
		// The next visit to the guide offers to pick it up.
		c.open(t, base+"/"+f.ID)
		waitReady(t, c)
		waitJS(t, c, `document.querySelector("#ff-root .ff-pickup a.ff-pickup-link")`, "the offer to pick up")
		if got := jsString(t, c, `document.querySelector("#ff-root .ff-pickup").textContent`); !strings.Contains(got, "("+fmt.Sprint(len(wait))+")") {
			t.Errorf("the offer does not count what was tried: %q", got)
		}
		waitStep(t, c, f.Start)
		checkAxe(t, c, f.Start+" (pick up)")
		c.click(t, "#ff-root a.ff-pickup-link")
		waitStep(t, c, s.Current().ID)
		if n := jsInt(t, c, `document.querySelectorAll(".ff-tried-list li").length`); n != len(wait) {
			t.Errorf("picked up with %d answers tried, want %d", n, len(wait))
		}
		// A walk to another outcome forgets the wait.
		c.open(t, base+"/"+f.ID+"/"+f.Start)
		waitReady(t, c)
		resolved, _ := pickPaths(t, f)
		s = engine.NewSession(f)
		for _, st := range resolved {
			follow(t, c, s, st.Choice)
		}
		c.open(t, base+"/"+f.ID)
		waitReady(t, c)
		waitStep(t, c, s.Current().ID) // resumed, not offered
		if c.js(t, `!!document.querySelector("#ff-root .ff-pickup")`) == true {
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
