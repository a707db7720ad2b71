package components

import (
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/content"
	"github.com/fixflow/fixflow/internal/testguide"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The views are tested over the mini guide of content/testdata: the engine
// decides, the components only show. The browser tests cover the real guide.

// hasTag reports whether html has a <tag> carrying every one of attrs.
func hasTag(html, tag string, attrs ...string) bool {
	for _, m := range regexp.MustCompile(`<`+tag+`\b[^>]*>`).FindAllString(html, -1) {
		all := true
		for _, a := range attrs {
			all = all && strings.Contains(m, a)
		}
		if all {
			return true
		}
	}
	return false
}

// rendered is the HTML of a Guide at a session, as the server writes it.
func rendered(f *engine.Flow, s *engine.Session, loc Location) string {
	loc.Guide = f.ID
	g := &Guide{loc: loc, flow: f, words: testWords, session: s}
	return g.view().HTML()
}

func TestQuestionRendersChoicesAsLinks(t *testing.T) {
	f := testguide.Mini(t)
	s := engine.NewSession(f)
	html := rendered(f, s, Location{})
	if !strings.HasPrefix(html, `<div class="ff" data-embed="0" data-guide="mini" data-step="symptom" id="ff-root">`) {
		t.Fatalf("root: %.200s", html)
	}
	for i, c := range f.Choices(s.Current()) {
		next := s.Clone()
		if err := next.Choose(i); err != nil {
			t.Fatal(err)
		}
		want := `href="/mini/` + c.Next + `?s=` + next.Encode() + `"`
		if !strings.Contains(html, want) {
			t.Errorf("choice %q: no %s in\n%s", c.Label, want, html)
		}
	}
	if strings.Contains(html, `class="ff-back"`) {
		t.Error("a Back link at the start")
	}
	if !strings.Contains(html, "<em>last</em>") {
		t.Error("the body's *emphasis* is not rendered as <em>")
	}
}

func TestStepHeadingIsFocusable(t *testing.T) {
	f := testguide.Mini(t)
	s := engine.NewSession(f)
	html := stepView(f, testWords, s).HTML()
	want := `<h1 class="ff-step-title" id="ff-step-title" tabindex="-1">` + s.Current().Title + `</h1>`
	if !strings.Contains(html, want) {
		t.Fatalf("no %s in %s", want, html)
	}
}

func TestCheckShowsPathWarningModelsAndYesNo(t *testing.T) {
	f := testguide.Mini(t)
	s := atNode(t, f, "check-restart", known)
	html := rendered(f, s, Location{})
	// The step's warning sits in its step; the device's steps show under
	// their condition, with the picture at its size; the other device's
	// steps are folded away, labelled.
	if !hasTag(html, "div", `class="ff-warning"`, `role="note"`) || !strings.Contains(html, "A restart loses a message you have not sent.") {
		t.Error("no warning callout in the step")
	}
	if !hasTag(html, "img", `class="ff-step-image"`, `src="/images/force-restart-face-id.svg"`, `width="240"`, `height="180"`, `alt="Volume Up, Volume Down, then the side button"`) {
		t.Errorf("no picture drawn at its size:\n%s", html)
	}
	for _, want := range []string{
		`<h2 class="ff-small-heading">With a side button</h2>`, "Press and release Volume Up.",
		"Did this fix it?", `ff-choice ff-choice-yes`, `ff-choice ff-choice-no`,
		`class="ff-recipient"`, "Send this step to them", "This one happens on their phone",
		`<details class="ff-other"><summary>Show other versions</summary><h3 class="ff-when">With a Home button</h3>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q", want)
		}
	}
	if hasTag(html, "details", `class="ff-model"`) {
		t.Error("an accordion of models though the model is known")
	}
	// The model not known: every group, each labelled, in an accordion.
	s = atNode(t, f, "check-restart", engine.FactValues{"os": "2", "model": engine.Unknown})
	html = rendered(f, s, Location{})
	if !hasTag(html, "details", `class="ff-model"`, `name="ff-models"`, ` open`) || strings.Count(html, `class="ff-model"`) != 2 ||
		!strings.Contains(html, "<summary>With a Home button</summary>") || strings.Contains(html, "ff-other") {
		t.Errorf("an unknown model does not show every group:\n%s", html)
	}

	s2 := atNode(t, f, "check-wifi", known)
	html = rendered(f, s2, Location{})
	if !hasTag(html, "a", `href="https://www.apple.com/support/systemstatus/"`, `target="_blank"`, `rel="noopener noreferrer"`) {
		t.Error("the external link does not open safely in a new tab")
	}
	for _, want := range []string{
		`<span class="ff-ui">Settings</span>`, `<span class="ff-ui">Wi-Fi</span>`, "Tap <span class=\"ff-ui\">Wi-Fi</span> and join a network.",
		`ff-choice ff-choice-cant-find`, "I can&#39;t find this setting",
		`<summary>Show other versions</summary><div class="ff-path-row"><span class="ff-when">System 1</span>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q", want)
		}
	}
	if strings.Contains(html, `class="ff-recipient"`) {
		t.Error("a send-to-them offer on a step the user does themselves")
	}
	if i, j := strings.Index(html, "Tap <span class=\"ff-ui\">Network</span>"), strings.Index(html, "Show other versions"); i < j {
		t.Error("the step for system 1 is not among the other versions")
	}
	// The system not known: both paths and both steps, each labelled.
	s2 = atNode(t, f, "check-wifi", engine.FactValues{"os": engine.Unknown})
	html = rendered(f, s2, Location{})
	if strings.Contains(html, "ff-other") || strings.Count(html, `<span class="ff-when">System 2</span>`) != 2 || strings.Count(html, `<span class="ff-when">System 1</span>`) != 2 {
		t.Errorf("an unknown system does not show every variant labelled:\n%s", html)
	}
}

// atNode is a session of f at node id, with the answers v.
func atNode(t *testing.T, f *engine.Flow, id string, v engine.FactValues) *engine.Session {
	t.Helper()
	s, err := engine.NewSessionAt(f, id)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetFacts(v); err != nil {
		t.Fatal(err)
	}
	return s
}

// known are answers to mini's facts.
var known = engine.FactValues{"os": "2", "model": "side"}

func TestOutcomeShowsContactsAndTranscript(t *testing.T) {
	f := testguide.Mini(t)
	s := engine.NewSession(f)
	s.SetFacts(known)
	for _, next := range []string{"check-wifi", "check-restart", "escalate"} {
		if err := s.ChooseNext(next); err != nil {
			t.Fatal(err)
		}
	}
	html := rendered(f, s, Location{})
	for _, want := range []string{
		"Your carrier", "They can check your SIM and plan.", "Show them what you&#39;ve already tried",
		`<li data-kind="carrier">`, "What to tell them: </strong><span>Say that <em>messages</em> fail on every network.",
		`<ol class="ff-tried-list">`, "Check Wi-Fi", "didn&#39;t help", "Force restart",
		`<ul class="ff-tried-facts">`, "Which system version is it?", " — System 2",
		`data-outcome="escalate"`, ">Copy<", ">Share<", ">Print<",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q", want)
		}
	}
	if strings.Contains(html, "ff-choices") {
		t.Error("an outcome offers choices")
	}
}

// TestContactShowsHowToReachThem: a contact's page is its name's link, its
// phone a tel: link and its hours beside it; a page or phone that is not
// valid (a guide the server did not check) is left out, not put in an
// attribute.
func TestContactShowsHowToReachThem(t *testing.T) {
	f := testguide.Mini(t)
	n := &f.Nodes[f.NodeIndex("escalate")]
	n.Contacts[0].URL, n.Contacts[0].Phone, n.Contacts[0].Hours = "https://example.com/help", "+1 (800) 555-0100", "Every day, 8 to 8"
	html := rendered(f, atNode(t, f, "escalate", known), Location{})
	for _, want := range []string{
		`<strong><a href="https://example.com/help" rel="noopener noreferrer" target="_blank">Your carrier<span class="ff-visually-hidden">`,
		`<p class="ff-reach"><a href="tel:+18005550100">+1 (800) 555-0100</a> · <span class="ff-muted">Every day, 8 to 8</span></p>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q in\n%s", want, html)
		}
	}
	n.Contacts[0].URL, n.Contacts[0].Phone, n.Contacts[0].Hours = `http://example.com/" onclick="x`, `1" onclick="x`, ""
	html = rendered(f, atNode(t, f, "escalate", known), Location{})
	if strings.Contains(html, "onclick") || strings.Contains(html, "ff-reach") || !strings.Contains(html, "<strong>Your carrier</strong>") {
		t.Errorf("an invalid page or phone reached the page:\n%s", html)
	}
}

// TestOutcomeKinds: a wait says what to wait for and how long; a
// workaround what works now and what is still wrong, with its contacts.
func TestOutcomeKinds(t *testing.T) {
	f := testguide.Mini(t)
	html := rendered(f, atNode(t, f, "wait-network", nil), Location{})
	for _, want := range []string{`data-outcome="wait"`, "What to wait for", "The network to come back", "Give it about 2 hours."} {
		if !strings.Contains(html, want) {
			t.Errorf("wait: missing %q", want)
		}
	}
	html = rendered(f, atNode(t, f, "send-as-text", nil), Location{})
	for _, want := range []string{`data-outcome="workaround"`, "What works for now", "Send it as a <em>text message</em>.",
		"What is still wrong", "Messages over the internet still fail.", "If texts fail too."} {
		if !strings.Contains(html, want) {
			t.Errorf("workaround: missing %q", want)
		}
	}
}

func TestDisplayOptionsAreKeptAndSanitised(t *testing.T) {
	f := testguide.Mini(t)
	u, _ := url.Parse("/mini/symptom?embed=1&theme=dark&accent=%23ff0000&radius=4&origin=https://help.example.com&wid=w1")
	loc := ParseLocation(u, "mini")
	html := rendered(f, engine.NewSession(f), loc)
	if !hasTag(html, "div", `id="ff-root"`, `data-theme="dark"`, `data-embed="1"`, `data-accent="#ff0000"`, `data-radius="4"`) {
		t.Error("the display options are not on the root")
	}
	for _, want := range []string{`embed=1`, `theme=dark`, `origin=https%3A%2F%2Fhelp.example.com`, `wid=w1`} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q", want)
		}
	}
	hostile, _ := url.Parse(`/mini/symptom?accent=red;background:url(x)&radius=999&theme=%3Cscript%3E&origin=javascript:alert(1)&wid=%22%3E&s=%3Cx%3E`)
	bad := ParseLocation(hostile, "mini")
	if bad.Accent != "" || bad.Radius != "" || bad.Theme != "" || bad.Origin != "" || bad.WID != "" || bad.State != "" {
		t.Errorf("hostile options kept: %+v", bad)
	}
}

func TestParseLocation(t *testing.T) {
	cases := []struct {
		in, guide, step string
		notFound        bool
	}{
		{"/", "def", "", false},
		{"/mini", "mini", "", false},
		{"/mini/", "mini", "", false},
		{"/mini/check-wifi", "mini", "check-wifi", false},
		{"/mini/Check_Wifi", "def", "", true},
		{"/mini/check-wifi/more", "def", "", true},
		{"/mini/-check-wifi", "def", "", true},
		{`/mini/"><img src=x onerror=alert(1)>`, "def", "", true},
	}
	for _, c := range cases {
		loc := ParseLocation(&url.URL{Path: c.in}, "def")
		if loc.Guide != c.guide || loc.Step != c.step || loc.NotFound != c.notFound {
			t.Errorf("%s: got %q %q notFound=%v", c.in, loc.Guide, loc.Step, loc.NotFound)
		}
	}
	loc := Location{Guide: "mini", Lang: "en"}
	if got := loc.StepURL("check-wifi", "mini.x..A"); got != "/mini/check-wifi?lang=en&s=mini.x..A" {
		t.Errorf("StepURL: %s", got)
	}
}

// ui turns a view into the go-app elements of the same tree: tags,
// attributes, texts and handlers.
func TestViewToGoApp(t *testing.T) {
	clicked := false
	view := el("div").ID("r").Class("c").Flag("hidden", true).Body(
		el("button").Says("Go").OnEvent("click", handle(func(app.Context, app.Event) { clicked = true })),
		text("tail"),
	)
	want := app.Elem("div").Attr("id", "r").Attr("class", "c").Attr("hidden", true).Body(
		app.Elem("button").Body(app.Text("Go")),
		app.Text("tail"),
	)
	e := app.NewTestEngine()
	got := ui(view)
	if err := e.Load(&probe{ui: got}); err != nil {
		t.Fatal(err)
	}
	if err := app.Match(want, got); err != nil {
		t.Fatal(err)
	}
	if clicked {
		t.Fatal("clicked before any click")
	}
}

type probe struct {
	app.Compo
	ui app.UI
}

func (p *probe) Render() app.UI { return p.ui }

// The origin is kept only as a browser writes location.origin: nothing to
// clean up, no default port (the frame script compares it as a string).
func TestOriginIsExact(t *testing.T) {
	for in, ok := range map[string]bool{
		"https://help.example.com": true, "http://127.0.0.1:8080": true, "https://a.example:8443": true,
		"https://a.example:443": false, "http://a.example:80": false, "https://A.example": false,
		"https://a.example/": false, "https://a.example#x": false, "https://:8080": false,
	} {
		u := &url.URL{Path: "/mini", RawQuery: url.Values{"origin": {in}}.Encode()}
		if got := ParseLocation(u, "mini").Origin == in; got != ok {
			t.Errorf("origin %q kept: %v, want %v", in, got, ok)
		}
	}
}

// miniWith is the mini guide with its document changed by edit.
func miniWith(t *testing.T, edit func(string) string) *content.Library {
	t.Helper()
	b, err := os.ReadFile("../content/testdata/mini.en.json")
	if err != nil {
		t.Fatal(err)
	}
	return libraryWith(t, content.Source{Name: "mini.en.json", Data: []byte(edit(string(b)))})
}

// A saved walk survives the guide's changes: a change of words keeps it
// whole; a change of the graph keeps the answers that still fit, opens the
// step in the path and says so; a state with nothing to keep opens the step
// in the path and says so.
func TestSavedWalkAfterContentChange(t *testing.T) {
	old := miniWith(t, func(s string) string { return s })
	f, _ := old.Guide("mini", "en")
	s := engine.NewSession(f)
	s.SetFacts(known)
	for _, next := range []string{"about-delivered", "check-wifi", "check-restart"} {
		if err := s.ChooseNext(next); err != nil {
			t.Fatal(err)
		}
	}
	link := &url.URL{Path: "/mini/check-restart", RawQuery: "s=" + s.Encode()}

	typo := miniWith(t, func(s string) string { return strings.Replace(s, "Check Wi-Fi", "Check your Wi-Fi", 1) })
	p := Prerender(LibraryCatalog(typo), "mini", link, nil)
	if p.NotFound || !strings.Contains(p.Body, `data-step="check-restart"`) || strings.Contains(p.Body, "ff-notice") {
		t.Errorf("after a change of words the walk is not kept whole:\n%s", p.Body)
	}
	if !strings.Contains(p.Body, "Check your Wi-Fi") {
		t.Error("the new words are not shown")
	}

	// A new option at the first question: a new graph. The walk's first
	// answer still fits, and so do the rest.
	graph := miniWith(t, func(s string) string {
		return strings.Replace(s, `{"id": "nothing", "label": "Nothing at all", "hint": "No Delivered label", "next": "about-delivered"},`,
			`{"id": "nothing", "label": "Nothing at all", "hint": "No Delivered label", "next": "about-delivered"},
       {"id": "else", "label": "Something else", "next": "escalate"},`, 1)
	})
	p = Prerender(LibraryCatalog(graph), "mini", link, nil)
	if !strings.Contains(p.Body, `data-step="check-restart"`) || !strings.Contains(p.Body, word("stale_kept")) {
		t.Errorf("after a change of the graph the walk is not kept with a notice:\n%s", p.Body)
	}
	if n := strings.Count(p.Body, `class="ff-tried-title"`); n != 3+2 { // and the two facts
		t.Errorf("%d answers kept, want 3 and the two facts", n)
	}

	// The answer the walk took at the first question now ends the guide:
	// the walk no longer reaches the step in its path.
	cut := miniWith(t, func(s string) string {
		return strings.Replace(s, `"hint": "No Delivered label", "next": "about-delivered"`, `"hint": "No Delivered label", "next": "escalate"`, 1)
	})
	fc, _ := cut.Guide("mini", "en")
	p = Prerender(LibraryCatalog(cut), "mini", link, nil)
	if !strings.Contains(p.Body, `data-step="check-restart"`) || !strings.Contains(p.Body, escapeText(fc.Strings[engine.StringStaleState])) {
		t.Errorf("a walk with nothing to keep does not open the step in its path with a notice:\n%s", p.Body)
	}
}

func escapeText(s string) string { return strings.ReplaceAll(s, "'", "&#39;") }

// The browser draws the wide screen's QR code only where the style sheet
// shows it: the two say the same media query.
func TestWideQueryIsTheStyleSheets(t *testing.T) {
	css, err := os.ReadFile("../web/fixflow.css")
	if err != nil {
		t.Fatal(err)
	}
	if want := "@media " + wideQuery + " { .ff-phone-wide { display: flex; } }"; !strings.Contains(string(css), want) {
		t.Errorf("web/fixflow.css does not show .ff-phone-wide at %s (components/qr.go's wideQuery): keep the two together", wideQuery)
	}
}

// Every path GuidePathPattern matches for a step or a start of a guide, in
// each of its languages, is routed one by one too, so that a page of the
// guides needs no regexp.
func TestRoutedPathsCoverTheGuides(t *testing.T) {
	embedded, err := content.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, lib := range []*content.Library{embedded, miniWith(t, func(s string) string { return s })} {
		cat := pageCatalogOf(lib)
		paths := RoutedPaths(cat)
		if !slices.Contains(paths, "/") {
			t.Error("/ is not routed")
		}
		for _, f := range lib.Guides() {
			re := regexp.MustCompile(GuidePathPattern(f.ID))
			var want []string
			for _, pre := range []string{"", "/" + f.Lang} {
				want = append(want, pre+"/"+f.ID, pre+"/"+f.ID+"/")
				for _, n := range f.Nodes {
					want = append(want, pre+"/"+f.ID+"/"+n.ID, pre+"/"+f.ID+"/"+n.ID+"/")
				}
			}
			for _, p := range want {
				if !re.MatchString(p) {
					t.Fatalf("GuidePathPattern(%q) does not match %s", f.ID, p)
				}
				if !slices.Contains(paths, p) {
					t.Errorf("%s is not routed one by one", p)
				}
			}
			if re.MatchString("/other/" + f.ID) {
				t.Errorf("GuidePathPattern(%q) matches another guide's step", f.ID)
			}
		}
	}
}

// pageCatalogOf is the wasm's catalog with every guide and words of lib
// at hand.
func pageCatalogOf(lib *content.Library) *PageCatalog {
	cat := NewPageCatalog(lib.Index())
	for _, f := range lib.Guides() {
		w, _ := lib.Strings(f.Lang)
		cat.Add(f, w)
	}
	return cat
}
