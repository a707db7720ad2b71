package components

import (
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/internal/testguide"
)

// walkTo walks the mini guide by choice indexes, with its facts answered
// (os "1", model "side": the update check applies).
func walkTo(t *testing.T, f *engine.Flow, choices ...int) *engine.Session {
	t.Helper()
	s := engine.NewSession(f)
	if err := s.SetFacts(map[string]string{"os": "1", "model": "side"}); err != nil {
		t.Fatal(err)
	}
	for _, c := range choices {
		if err := s.Choose(c); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// TestHandoffData: the tried panel carries what frame.js hands to the host:
// the transcript, the walk's path, and each step's id, kind and answer.
func TestHandoffData(t *testing.T) {
	f := testguide.Mini(t)
	s := walkTo(t, f, 1, 0, 1, 1, 1) // Nothing at all, Continue, Wi-Fi no, restart no, update no: escalate
	if s.Current().Result != engine.ResultEscalate {
		t.Fatalf("the walk ends at %s", s.Current().ID)
	}
	page := rendered(f, s, Location{Embed: true, Theme: "dark", Lang: "en"})
	path := Location{Guide: f.ID, Lang: "en"}.StepURL(s.Current().ID, s.Encode())
	if !hasTag(page, "section", `class="ff-tried"`, `data-link="`+strings.ReplaceAll(path, "&", "&amp;")+`"`, `data-text="Mini guide`) {
		t.Errorf("no tried panel with data-text and data-link %s in\n%s", path, page)
	}
	for _, e := range s.Transcript() {
		if !hasTag(page, "li", `data-step="`+e.Node+`"`, `data-kind="`+string(e.Kind)+`"`, `data-answer="`+html.EscapeString(e.Result)+`"`) {
			t.Errorf("no li for %+v", e)
		}
	}
}

// TestContactButton: the host's contact button shows on an escalation in a
// frame whose host shares the contact page's site, with the walk in the
// fragment; nowhere else.
func TestContactButton(t *testing.T) {
	f := testguide.Mini(t)
	esc, mid := walkTo(t, f, 1, 0, 1, 1, 1), walkTo(t, f, 1, 0)
	embed := Location{Embed: true, Origin: "https://help.example.com", Contact: "https://example.com/contact?x=1"}
	for _, c := range []struct {
		name  string
		s     *engine.Session
		loc   Location
		label string // "" for no button
	}{
		{"escalation", esc, embed, "Contact us"},
		{"own label", esc, withLabel(embed, "Write to us"), "Write to us"},
		{"subdomain of the host", esc, withContact(embed, "https://support.help.example.com/"), "Contact us"},
		{"another site", esc, withContact(embed, "https://evil.example.net/contact"), ""},
		{"a lookalike", esc, withContact(embed, "https://notexample.com/contact"), ""},
		{"no host origin", esc, Location{Embed: true, Contact: embed.Contact}, ""},
		{"not embedded", esc, Location{Origin: embed.Origin, Contact: embed.Contact}, ""},
		{"not an outcome", mid, embed, ""},
		{"no contact", esc, Location{Embed: true, Origin: embed.Origin}, ""},
	} {
		html := rendered(f, c.s, c.loc)
		m := regexp.MustCompile(`<a class="ff-button ff-contact-link" href="([^"]*)" target="_top">([^<]*)</a>`).FindStringSubmatch(html)
		switch {
		case c.label == "" && m != nil:
			t.Errorf("%s: a contact button %q", c.name, m[0])
		case c.label != "" && m == nil:
			t.Errorf("%s: no contact button in\n%s", c.name, html)
		case c.label != "":
			href := strings.ReplaceAll(m[1], "&amp;", "&")
			base, frag, _ := strings.Cut(href, "#")
			q, err := url.ParseQuery(frag)
			if base != c.loc.Contact || err != nil || q.Get("transcript") != strings.TrimSuffix(c.s.TranscriptText(), "\n") || m[2] != c.label {
				t.Errorf("%s: button %q to %q with %v; want %q to %s with the transcript", c.name, m[2], base, q, c.label, c.loc.Contact)
			}
		}
	}
}

func withLabel(l Location, label string) Location { l.ContactLabel = label; return l }
func withContact(l Location, c string) Location   { l.Contact = c; return l }
