package components

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/internal/testguide"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The views are tested over the mini guide of content/testdata (testguide):
// the engine decides, the components only show. The browser tests cover the
// real guide.

// hasTag reports whether html has a <tag> carrying every one of attrs
// (go-app writes attributes in no fixed order).
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

// mounted loads a Guide at a session into go-app's test engine.
func mounted(t *testing.T, f *engine.Flow, s *engine.Session, loc Location) *Guide {
	t.Helper()
	loc.Guide = f.ID
	g := &Guide{loc: loc, flow: f, session: s}
	e := app.NewTestEngine()
	if err := e.Load(g); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	return g
}

func TestQuestionRendersChoicesAsLinks(t *testing.T) {
	f := testguide.Mini(t)
	s := engine.NewSession(f)
	g := mounted(t, f, s, Location{})
	if err := app.Match(app.Div().ID("ff-root").Class("ff").DataSet("guide", "mini").DataSet("step", "symptom").DataSet("embed", "0"), g.Render()); err != nil {
		t.Fatal(err)
	}
	html := app.HTMLString(g)
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
	err := app.TestMatch(renderStep(f, s), app.TestUIDescriptor{
		Path:     app.TestPath(0),
		Expected: el("h1").ID("ff-step-title").Class("ff-step-title").TabIndex(-1).Text(s.Current().Title),
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestCheckShowsPathWarningModelsAndYesNo(t *testing.T) {
	f := testguide.Mini(t)
	s, err := engine.NewSessionAt(f, "check-restart")
	if err != nil {
		t.Fatal(err)
	}
	html := app.HTMLString(mounted(t, f, s, Location{}))
	if !hasTag(html, "div", `class="ff-warning"`, `role="note"`) || !hasTag(html, "details", `class="ff-model"`, `name="ff-models"`, ` open`) {
		t.Error("no warning callout, or no open model picker")
	}
	for _, want := range []string{
		"Erase All Content and Settings", "iPhone 8 and later", "iPhone 6s and earlier",
		"Did this fix it?", `ff-choice ff-choice-yes`, `ff-choice ff-choice-no`,
		`class="ff-recipient"`, "Send this step to the person",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q", want)
		}
	}
	s2, _ := engine.NewSessionAt(f, "check-wifi")
	html = app.HTMLString(mounted(t, f, s2, Location{}))
	if !hasTag(html, "a", `href="https://www.apple.com/support/systemstatus/"`, `target="_blank"`, `rel="noopener noreferrer"`) {
		t.Error("the external link does not open safely in a new tab")
	}
	for _, want := range []string{
		`<span class="ff-ui">Settings</span>`, `<span class="ff-ui">Wi-Fi</span>`, "Any iOS version",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q", want)
		}
	}
	if strings.Contains(html, `class="ff-recipient"`) {
		t.Error("a send-to-them offer on a step the user does themselves")
	}
}

func TestOutcomeShowsContactsAndTranscript(t *testing.T) {
	f := testguide.Mini(t)
	s := engine.NewSession(f)
	for _, next := range []string{"check-wifi", "check-restart", "escalate"} {
		if err := s.ChooseNext(next); err != nil {
			t.Fatal(err)
		}
	}
	html := app.HTMLString(mounted(t, f, s, Location{}))
	for _, want := range []string{
		"Your carrier", "They can check your SIM and plan.", "Show them what you&#39;ve already tried",
		`<ol class="ff-tried-list">`, "Check Wi-Fi", "didn&#39;t help", "Force restart",
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

func TestDisplayOptionsAreKeptAndSanitised(t *testing.T) {
	f := testguide.Mini(t)
	u, _ := url.Parse("/mini/symptom?embed=1&theme=dark&accent=%23ff0000&radius=4&origin=https://help.example.com&wid=w1")
	loc := ParseLocation(u, "mini")
	html := app.HTMLString(mounted(t, f, engine.NewSession(f), loc))
	if !hasTag(html, "div", `id="ff-root"`, `data-theme="dark"`, `data-embed="1"`, `--ff-accent:#ff0000;--ff-radius:4px;`) {
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
	cases := []struct{ in, guide, step string }{
		{"/", "def", ""},
		{"/mini", "mini", ""},
		{"/mini/", "mini", ""},
		{"/mini/check-wifi", "mini", "check-wifi"},
		{"/mini/Check_Wifi", "mini", "?"},
	}
	for _, c := range cases {
		u, _ := url.Parse(c.in)
		loc := ParseLocation(u, "def")
		if loc.Guide != c.guide || loc.Step != c.step {
			t.Errorf("%s: got %q %q", c.in, loc.Guide, loc.Step)
		}
	}
	loc := Location{Guide: "mini", Lang: "en"}
	if got := loc.StepURL("check-wifi", "mini.x..A"); got != "/mini/check-wifi?lang=en&s=mini.x..A" {
		t.Errorf("StepURL: %s", got)
	}
}
