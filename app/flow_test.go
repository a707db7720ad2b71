package app_test

import (
	"strings"
	"testing"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/internal/testguide"
)

func TestValidID(t *testing.T) {
	for _, id := range []string{"a", "0", "check-wifi", "imessage-undelivered", "a-", "a--b", "iphone-7", strings.Repeat("a", engine.MaxIDLen)} {
		if !engine.ValidID(id) {
			t.Errorf("ValidID(%q) = false, want true", id)
		}
	}
	for _, id := range []string{"", "-check-wifi", "-", "Check", "check_wifi", "check wifi", "a.b", "a/b", "é", "%41", strings.Repeat("a", engine.MaxIDLen+1)} {
		if engine.ValidID(id) {
			t.Errorf("ValidID(%q) = true, want false", id)
		}
	}
}

// TestNamedAnswers: the answer constants pick the ways out they name.
func TestNamedAnswers(t *testing.T) {
	f := testguide.Mini(t)
	check, info := f.Node("check-wifi"), f.Node("about-delivered")
	if check.Kind != engine.KindCheck || info.Kind != engine.KindInfo {
		t.Fatal("mini's check-wifi is not a check, or about-delivered not an info")
	}
	cs := f.Choices(check)
	if len(cs) != 3 || cs[engine.AnswerFixed].Next != check.Fixed || cs[engine.AnswerNotFixed].Next != check.Next || cs[engine.AnswerCantFind].Next != check.CantFind ||
		cs[engine.AnswerFixed].Label != f.Strings[engine.StringFixedYes] || cs[engine.AnswerNotFixed].Label != f.Strings[engine.StringFixedNo] ||
		cs[engine.AnswerCantFind].Label != f.Strings[engine.StringCantFind] ||
		cs[engine.AnswerFixed].ID != engine.ChoiceYes || cs[engine.AnswerNotFixed].ID != engine.ChoiceNo || cs[engine.AnswerCantFind].ID != engine.ChoiceCantFind {
		t.Errorf("check choices %+v, want fixed → %q, not fixed → %q, can't find → %q", cs, check.Fixed, check.Next, check.CantFind)
	}
	if cs := f.Choices(f.Node("check-restart")); len(cs) != 2 {
		t.Errorf("a check without cant_find has %d choices", len(cs))
	}
	if cs := f.Choices(info); len(cs) != 1 || cs[engine.AnswerContinue].Next != info.Next || cs[0].ID != engine.ChoiceContinue {
		t.Errorf("info choices %+v, want continue → %q", cs, info.Next)
	}
	if cs := f.Choices(f.Node("symptom")); cs[0].ID != "red-bang" || cs[2].ID != "sending" {
		t.Errorf("question choices %+v, want the options' ids", cs)
	}
	s, _ := engine.NewSessionAt(f, check.ID)
	s.SetFacts(known)
	mustChoose(t, s, engine.AnswerFixed)
	if s.Current().ID != check.Fixed || s.Transcript()[0].Result != f.Strings[engine.StringWasFixed] {
		t.Errorf("AnswerFixed: at %q, transcript %+v", s.Current().ID, s.Transcript())
	}
}

// TestGraphHash: the stamp of saved walks ignores the words and follows the
// graph: nodes, ways out, facts and conditions.
func TestGraphHash(t *testing.T) {
	base := testguide.Mini(t).GraphHash()
	if len(base) != 8 || strings.Trim(base, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != "" {
		t.Fatalf("GraphHash = %q, want 8 base64url characters", base)
	}
	words := [][]string{
		{`"title": "Mini guide"`, `"title": "Tiny guide"`},
		{`"summary": "A tiny guide for tests."`, `"summary": "For tests."`},
		{`"lang": "en"`, `"lang": "de"`},
		{`"version": 1`, `"version": 7`},
		{`"fixed_yes": "Yes, that fixed it"`, `"fixed_yes": "Yes"`},
		{`"What do you see?"`, `"What do you notice?"`},
		{`"Red exclamation mark"`, `"A red mark"`},
		{`"hint": "No Delivered label", `, ``},
		{`"It reached one of their devices."`, `"It arrived."`},
		{`"Open {Settings}."`, `"Open the {Settings} app."`},
		{`"url": "https://www.apple.com/support/systemstatus/"`, `"url": "https://www.apple.com/"`},
		{`"recipient": true,`, ``},
		{`"why": "They can check your SIM and plan."`, `"why": "They can help."`},
		{`"id": "red-bang"`, `"id": "red-mark"`}, // option ids name answers, not positions
		{`"question": "Which model is it?"`, `"question": "Which one?"`},
		{`"label": "System 2"`, `"label": "Version 2"`},
		{`"detect": {"from": 2}`, `"detect": {"from": 3}`},
		{`"sources": ["https://example.com/help/wi-fi"]`, `"sources": ["https://example.com/"]`},
		{`"hours": 2}`, `"hours": 3}`},
		{`"result": "wait"`, `"result": "escalate"`},
		{`"warning": "A restart loses a message you have not sent."`, `"warning": "You lose a draft."`},
	}
	for _, w := range words {
		if got := testguide.MiniEdited(t, w...).GraphHash(); got != base {
			t.Errorf("editing %s → %s changed GraphHash", w[0], w[1])
		}
	}
	graph := [][]string{
		{`"id": "mini"`, `"id": "mini-2"`},
		{`"start": "symptom"`, `"start": "check-wifi"`},
		{`"check-wifi"`, `"check-network"`}, // a node renamed, with its references
		{`"kind": "info"`, `"kind": "check"`},
		{`"next": "about-delivered"}`, `"next": "escalate"}`},
		{`"next": "about-delivered"}`, `"next": "about-delivered"}, {"id": "other", "label": "Other", "next": "escalate"}`},
		{`"fixed": "resolved", "next": "escalate"`, `"fixed": "escalate", "next": "escalate"`},
		{`"fixed": "resolved", "next": "check-restart"`, `"fixed": "resolved", "next": "escalate"`},
		{`"cant_find": "send-as-text"`, `"cant_find": "escalate"`},
		{`"fixed": "resolved", "next": "check-update"}`, `"fixed": "resolved", "next": "check-update", "cant_find": "escalate"}`},
		{ // two nodes swapped
			`{"id": "resolved", "kind": "outcome", "result": "resolved", "title": "Fixed", "body": "Glad it works."},`,
			``,
			`"tell": "Say that *messages* fail on every network."}]},`,
			`"tell": "Say that *messages* fail on every network."}]},
    {"id": "resolved", "kind": "outcome", "result": "resolved", "title": "Fixed", "body": "Glad it works."},`,
		},
		// Facts and conditions.
		{`{"id": "os", "question"`, `{"id": "system", "question"`, `"os": [`, `"system": [`},
		{`{"id": "home", "label": "With a Home button"}`, `{"id": "home", "label": "With a Home button"}, {"id": "flip", "label": "Flip"}`},
		{`{"id": "home", "label"`, `{"id": "button", "label"`, `"model": ["home"]`, `"model": ["button"]`},
		{`"kind": "check", "when": {"os": ["1"]}`, `"kind": "check", "when": {"os": ["1", "2"]}`},
		{`"kind": "check", "when": {"os": ["1"]}`, `"kind": "check"`},
		{`"next": "check-wifi", "when": {"os": ["2"]}}`, `"next": "check-wifi"}`},
		{`{"text": "Tap {Network} and join one.", "when": {"os": ["1"]}}`, `"Tap {Network} and join one."`},
		{`{"when": {"os": ["1"]}, "path"`, `{"when": {"os": ["1"], "model": ["home"]}, "path"`},
		{`{"when": {"model": ["home"]}, "steps"`, `{"when": {"model": ["home", "side"]}, "steps"`},
		{`"url": "https://www.apple.com/support/systemstatus/"}`, `"url": "https://www.apple.com/support/systemstatus/", "when": {"os": ["2"]}}`},
	}
	seen := map[string]bool{base: true}
	for _, g := range graph {
		got := testguide.MiniEdited(t, g...).GraphHash()
		if seen[got] {
			t.Errorf("editing %s → %s: GraphHash %q is not new", g[0], g[1], got)
		}
		seen[got] = true
	}
	// The same condition written in another order is the same graph.
	if got := testguide.MiniEdited(t, `{"when": {"model": ["home"]}, "steps"`, `{"when": {"model": ["home"]}, "steps"`).GraphHash(); got != base {
		t.Error("an identity edit changed GraphHash")
	}
	a := testguide.MiniEdited(t, `{"when": {"os": ["1"]}, "path"`, `{"when": {"os": ["1"], "model": ["home", "side"]}, "path"`)
	b := testguide.MiniEdited(t, `{"when": {"os": ["1"]}, "path"`, `{"when": {"model": ["side", "home"], "os": ["1"]}, "path"`)
	if a.GraphHash() != b.GraphHash() {
		t.Error("the same condition in another order changed GraphHash")
	}
	// A flow built by hand gets its hash on first use.
	f := &engine.Flow{ID: "x", Start: "a", Nodes: []engine.Node{{ID: "a", Kind: engine.KindOutcome}}}
	if len(f.GraphHash()) != 8 {
		t.Errorf("GraphHash of an unindexed flow = %q", f.GraphHash())
	}
}

func TestValidPhoneAndPhoneLink(t *testing.T) {
	for _, c := range []struct {
		in   string
		ok   bool
		link string
	}{
		{"+1 800 555 0100", true, "tel:+18005550100"},
		{"(0800) 55.50-100", true, "tel:08005550100"},
		{"112", true, "tel:112"},
		{"", false, ""},
		{"call us", false, ""},
		{"+ - ()", false, ""},
		{"0800\"onclick=x", false, ""},
		{"1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7", false, ""},
	} {
		if got := engine.ValidPhone(c.in); got != c.ok {
			t.Errorf("ValidPhone(%q) = %v, want %v", c.in, got, c.ok)
		}
		if c.ok {
			if got := engine.PhoneLink(c.in); got != c.link {
				t.Errorf("PhoneLink(%q) = %q, want %q", c.in, got, c.link)
			}
		}
	}
}
