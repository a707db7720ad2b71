package components

import (
	"go/ast"
	"go/parser"
	"go/token"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/content"
	"github.com/fixflow/fixflow/internal/testguide"
)

// TestFactQuestionPage: a step that needs a fact not answered asks it first,
// on the step's own URL: the question, each option and "I don't know" as a
// link to the walk with that answer, and how to find out.
func TestFactQuestionPage(t *testing.T) {
	f := testguide.Mini(t)
	s := atNode(t, f, "check-wifi", nil)
	html := rendered(f, s, Location{})
	if !hasTag(html, "div", `id="ff-root"`, `data-step="check-wifi"`, `data-ask="os"`) {
		t.Fatalf("the root does not say it asks os at check-wifi:\n%.300s", html)
	}
	if !strings.Contains(html, `<h1 class="ff-step-title" id="ff-step-title" tabindex="-1">Which system version is it?</h1>`) ||
		strings.Contains(html, "Check Wi-Fi") || strings.Contains(html, "Did this fix it?") {
		t.Errorf("the page does not ask the fact instead of the step:\n%s", html)
	}
	for _, v := range []string{"2", "1", engine.Unknown} {
		next := s.Clone()
		if err := next.SetFact("os", v); err != nil {
			t.Fatal(err)
		}
		if want := `href="/mini/check-wifi?s=` + next.Encode() + `"`; !strings.Contains(html, want) {
			t.Errorf("answer %q: no link %s", v, want)
		}
	}
	for _, want := range []string{"System 2", "System 1", "The old one", "I don&#39;t know", "How to find out", `Open <span class="ff-ui">Settings</span>`} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q", want)
		}
	}
	if strings.Contains(html, "ff-choice-guess") || strings.Contains(html, "ff-facts") {
		t.Error("a guess or a line of answers where nothing is known")
	}
	g := &Guide{loc: Location{Guide: "mini"}, flow: f, words: testWords, session: s}
	if got := g.title(); got != "Which system version is it? · Mini guide" {
		t.Errorf("title %q", got)
	}
}

// TestFactGuess: the detector's guess is marked, never taken; a version
// that fits two options (or none) marks nothing.
func TestFactGuess(t *testing.T) {
	f := testguide.Mini(t)
	s := atNode(t, f, "check-wifi", nil)
	for _, tt := range []struct {
		ua    string
		guess string
	}{
		{"Mozilla/5.0 (iPhone; CPU iPhone OS 7_0 like Mac OS X) AppleWebKit/605.1.15", "2"},
		{"Mozilla/5.0 (iPad; CPU OS 1_4_1 like Mac OS X)", "1"},
		{"Mozilla/5.0 (iPhone; CPU iPhone OS 2_9 like Mac OS X)", ""}, // reported for both
		{"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)", ""},
		{"Mozilla/5.0 (Linux; Android 14; Pixel 8)", ""},
	} {
		g := &Guide{loc: Location{Guide: "mini"}, flow: f, words: testWords, session: s}
		g.osMajor, g.osMinor, g.osFound = parseOSVersion(tt.ua)
		html := g.view().HTML()
		n := strings.Count(html, "ff-choice-guess")
		switch {
		case tt.guess == "" && n != 0:
			t.Errorf("%s: a guess marked", tt.ua)
		case tt.guess != "" && (n != 1 || !strings.Contains(html, `class="ff-choice ff-choice-guess" href="/mini/check-wifi?s=`+answered(t, s, "os", tt.guess)+`"`)):
			t.Errorf("%s: guess %q not marked:\n%s", tt.ua, tt.guess, html)
		}
		if tt.guess != "" && !strings.Contains(html, word("fact_guess")) {
			t.Errorf("%s: the guess is not said in words", tt.ua)
		}
	}
}

func answered(t *testing.T, s *engine.Session, fact, value string) string {
	t.Helper()
	next := s.Clone()
	if err := next.SetFact(fact, value); err != nil {
		t.Fatal(err)
	}
	return next.Encode()
}

func TestParseOSVersion(t *testing.T) {
	for ua, want := range map[string][3]int{
		"Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.0 Mobile/15E148 Safari/604.1": {18, 6, 1},
		"Mozilla/5.0 (iPad; CPU OS 17_4_1 like Mac OS X)":                      {17, 4, 1},
		"Mozilla/5.0 (iPhone; CPU iPhone OS 26_1 like Mac OS X)":               {26, 1, 1},
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15": {0, 0, 0},
		"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36":          {0, 0, 0},
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64)":                            {0, 0, 0},
		"Mozilla/5.0 (X11; CrOS x86_64 14541.0.0)":                             {0, 0, 0},
		"OS 5":         {0, 0, 0},
		"OS 5_":        {0, 0, 0},
		"xOS 5_1":      {0, 0, 0},
		"OS _1 OS 3_2": {3, 2, 1},
		"":             {0, 0, 0},
	} {
		major, minor, ok := parseOSVersion(ua)
		if got := [3]int{major, minor, map[bool]int{true: 1}[ok]}; got != want {
			t.Errorf("parseOSVersion(%q) = %v, want %v", ua, got, want)
		}
	}
}

// TestFactsLine: answered facts show in one quiet line with a way to change
// each; changing asks again on the same step, the answer given marked, and
// keeps the state out of the ask.
func TestFactsLine(t *testing.T) {
	f := testguide.Mini(t)
	s := atNode(t, f, "check-wifi", engine.FactValues{"os": "2", "model": engine.Unknown})
	html := rendered(f, s, Location{})
	ask := Location{Guide: "mini"}.AskURL("check-wifi", s.Encode(), "os")
	for _, want := range []string{
		`<div aria-label="What you told us" class="ff-facts"><span class="ff-fact-value">System 2</span>`,
		`<span class="ff-fact-value">Model: I don&#39;t know</span>`,
		`<summary>change</summary>`, `href="` + strings.ReplaceAll(ask, "&", "&amp;") + `"`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q in\n%s", want, html)
		}
	}
	u, _ := url.Parse(ask)
	loc := ParseLocation(u, "mini")
	if loc.Ask != "os" || loc.State != s.Encode() || strings.Contains(loc.StepURL("x", ""), "ask") {
		t.Errorf("ParseLocation(%s) = %+v", ask, loc)
	}
	g := &Guide{loc: loc, flow: f, words: testWords, session: s}
	html = g.view().HTML()
	if !hasTag(html, "div", `data-ask="os"`) || !strings.Contains(html, `class="ff-choice ff-choice-current" href="/mini/check-wifi?s=`+s.Encode()+`"`) {
		t.Errorf("asking again does not mark the answer given:\n%s", html)
	}
	// One fact answered: "change" is a link of its own.
	one := atNode(t, f, "check-wifi", engine.FactValues{"os": "1"})
	html = rendered(f, one, Location{})
	if !hasTag(html, "a", `class="ff-fact-change"`, `aria-label="change: System"`) || strings.Contains(html, "<details class=\"ff-facts-change\"") {
		t.Errorf("one fact: no change link:\n%s", html)
	}
	// An ask of a fact the guide lacks, or a malformed one, is ignored.
	for _, q := range []string{"ask=nope", "ask=%3Cx%3E"} {
		u := &url.URL{Path: "/mini/check-wifi", RawQuery: q + "&s=" + one.Encode()}
		if p := Prerender(catalogOf(t, f), "mini", u, nil); strings.Contains(p.Body, "data-ask") {
			t.Errorf("%s: the page asks", q)
		}
	}
}

// TestPickUpAWait: a walk that ended waiting, kept on this device, is
// offered at the guide's start with what it waited for and what was tried;
// a walk kept that is not at a wait is resumed as before.
func TestPickUpAWait(t *testing.T) {
	f := testguide.Mini(t)
	s := engine.NewSession(f)
	s.SetFacts(known)
	if err := s.ChooseID("sending"); err != nil {
		t.Fatal(err)
	}
	if err := s.ChooseID("minutes"); err != nil {
		t.Fatal(err)
	}
	stored := map[string]string{
		storageKey("mini"): s.Encode(),
		waitKey("mini"):    strconv.FormatInt(time.Now().Add(-3*time.Hour).Unix(), 10) + " " + s.Encode(),
	}
	get := func(k string) (string, bool) { v, ok := stored[k]; return v, ok }
	g := &Guide{cat: catalogOf(t, f), def: "mini"}
	g.load(&url.URL{Path: "/mini"}, get)
	html := g.view().HTML()
	for _, want := range []string{
		`<aside aria-labelledby="ff-pickup-title" class="ff-pickup">`, "Last time, you were waiting (3 hours ago)",
		"The network to come back", "The time to wait is over", "For how long?", "A few minutes",
		`href="/mini/wait-network?s=` + s.Encode() + `"`, "Pick up where you left off",
		`data-step="symptom"`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q in\n%s", want, html)
		}
	}
	if v, _ := g.session.Fact("os"); v != "2" {
		t.Error("the new walk does not keep the facts of the one waiting")
	}
	// Without the wait, the kept walk resumes where it was.
	delete(stored, waitKey("mini"))
	g.load(&url.URL{Path: "/mini"}, get)
	if g.pickup != nil || g.session.Current().ID != "wait-network" {
		t.Errorf("without a wait kept: at %q, pickup %v", g.session.Current().ID, g.pickup)
	}
	if _, _, ok := parseWait("garbage"); ok {
		t.Error("parseWait read garbage")
	}
}

// TestRouterRendersEveryNode: the second guide, about a home router, walks
// and renders in every node under every combination of its facts, and
// asks its fact where it is needed — with no Go change for it.
func TestRouterRendersEveryNode(t *testing.T) {
	l, err := content.Load(os.DirFS("../content/testdata"), ".")
	if err != nil {
		t.Fatal(err)
	}
	f, ok := l.Guide("router", "en")
	if !ok {
		t.Fatal("no router guide")
	}
	for _, v := range append(f.Combinations(100), nil) {
		for _, n := range f.Nodes {
			s := atNode(t, f, n.ID, v)
			html := rendered(f, s, Location{})
			title := n.Title
			if fa := s.Needs(); fa != nil {
				title = fa.Question
			}
			if !strings.Contains(html, ">"+escapeText(title)+"</h1>") || strings.Contains(html, "%!") {
				t.Errorf("%s under %v: no heading %q, or a formatting error:\n%s", n.ID, v, title, html)
			}
			if n.ID == "check-cables" && v["line"] == "cable" &&
				(!strings.Contains(html, "Tighten the screw connector") || strings.Index(html, "Show other versions") > strings.Index(html, "fiber cable is not bent")) {
				t.Errorf("check-cables on cable: the fiber step is not folded away:\n%s", html)
			}
		}
	}
	paths, _ := engine.Paths(f, engine.FactValues{"line": "fiber"}, 0)
	if len(paths) < 4 {
		t.Errorf("%d paths through the router guide", len(paths))
	}
}

// TestNoProductWordsInGo: the engine and the components know nothing of a
// product: no string in their Go code names one.
func TestNoProductWordsInGo(t *testing.T) {
	banned := []string{"iPhone", "iOS", "iMessage", "Apple", "ios18", "ios17", "18+", "17-"}
	for _, dir := range []string{"../app", "."} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") {
				continue
			}
			fs := token.NewFileSet()
			af, err := parser.ParseFile(fs, file, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(af, func(n ast.Node) bool {
				if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					for _, b := range banned {
						if strings.Contains(lit.Value, b) {
							t.Errorf("%s: %s names a product (%q)", fs.Position(lit.Pos()), lit.Value, b)
						}
					}
				}
				return true
			})
		}
	}
}

// TestWordsAreUsed keeps the interface words tidy: every key of the
// English words is used by the components (or by the page, pageWords), and
// every key they name exists.
func TestWordsAreUsed(t *testing.T) {
	var src strings.Builder
	files, _ := filepath.Glob("*.go")
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		src.Write(b)
	}
	for key := range testWords.Messages {
		if !strings.Contains(src.String(), strconv.Quote(key)) {
			t.Errorf("word %q is not used", key)
		}
	}
	fs := token.NewFileSet()
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fs, file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(af, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			var key ast.Expr
			switch fn := call.Fun.(type) {
			case *ast.Ident:
				if (fn.Name == "say" || fn.Name == "plain" || fn.Name == "labelled") && len(call.Args) >= 2 {
					key = call.Args[1]
				}
			case *ast.SelectorExpr:
				if fn.Sel.Name == "Text" && len(call.Args) >= 1 {
					key = call.Args[0]
				}
			}
			if lit, ok := key.(*ast.BasicLit); ok {
				if k, _ := strconv.Unquote(lit.Value); testWords.Messages[k].Other == "" {
					t.Errorf("%s: word %s has no English", fs.Position(lit.Pos()), lit.Value)
				}
			}
			return true
		})
	}
}

// TestYourDevice: a model group that applies is headed by the user's own
// answer, not the whole condition.
func TestYourDevice(t *testing.T) {
	f := testguide.Mini(t)
	c := engine.Condition{"model": {"side", "home"}, "os": {"2"}}
	for v, want := range map[string]string{
		"side":         "System 2 · With a side button",
		engine.Unknown: "System 2 · With a side button or With a Home button",
	} {
		s := atNode(t, f, "check-restart", engine.FactValues{"os": "2", "model": v})
		if got := (variants{f: f, w: testWords, s: s}).yours(c); got != want {
			t.Errorf("model %s: %q, want %q", v, got, want)
		}
	}
}

// TestStartOverKeepsFacts: "Start over" goes back to the start with the
// facts answered, and without any when none is.
func TestStartOverKeepsFacts(t *testing.T) {
	f := testguide.Mini(t)
	s := atNode(t, f, "check-wifi", known)
	again := s.Clone()
	again.Restart()
	if html := rendered(f, s, Location{}); !hasTag(html, "a", `class="ff-restart"`, `href="/mini/symptom?s=`+again.Encode()+`"`) {
		t.Errorf("start over does not keep the facts:\n%s", html)
	}
	if html := rendered(f, atNode(t, f, "about-delivered", nil), Location{}); !hasTag(html, "a", `class="ff-restart"`, `href="/mini/symptom"`) {
		t.Errorf("start over without facts is not the plain start:\n%s", html)
	}
}
