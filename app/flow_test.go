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
	if len(cs) != 2 || cs[engine.AnswerFixed].Next != check.Fixed || cs[engine.AnswerNotFixed].Next != check.Next ||
		cs[engine.AnswerFixed].Label != f.Strings[engine.StringFixedYes] || cs[engine.AnswerNotFixed].Label != f.Strings[engine.StringFixedNo] {
		t.Errorf("check choices %+v, want fixed → %q and not fixed → %q", cs, check.Fixed, check.Next)
	}
	if cs := f.Choices(info); len(cs) != 1 || cs[engine.AnswerContinue].Next != info.Next {
		t.Errorf("info choices %+v, want continue → %q", cs, info.Next)
	}
	s, _ := engine.NewSessionAt(f, check.ID)
	mustChoose(t, s, engine.AnswerFixed)
	if s.Current().ID != check.Fixed || s.Transcript()[0].Result != f.Strings[engine.StringWasFixed] {
		t.Errorf("AnswerFixed: at %q, transcript %+v", s.Current().ID, s.Transcript())
	}
}

// TestGraphHash: the stamp of saved walks ignores the words and follows the
// graph.
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
		{`"next": "about-delivered"}`, `"next": "about-delivered"}, {"label": "Other", "next": "escalate"}`},
		{`"fixed": "resolved", "next": "escalate"`, `"fixed": "escalate", "next": "escalate"`},
		{`"fixed": "resolved", "next": "check-restart"`, `"fixed": "resolved", "next": "escalate"`},
		{ // two nodes swapped
			`{"id": "resolved", "kind": "outcome", "result": "resolved", "title": "Fixed", "body": "Glad it works."},`,
			``,
			`"contacts": [{"who": "Your carrier", "why": "They can check your SIM and plan."}]}`,
			`"contacts": [{"who": "Your carrier", "why": "They can check your SIM and plan."}]},
    {"id": "resolved", "kind": "outcome", "result": "resolved", "title": "Fixed", "body": "Glad it works."}`,
		},
	}
	seen := map[string]bool{base: true}
	for _, g := range graph {
		got := testguide.MiniEdited(t, g...).GraphHash()
		if seen[got] {
			t.Errorf("editing %s → %s: GraphHash %q is not new", g[0], g[1], got)
		}
		seen[got] = true
	}
	// A flow built by hand gets its hash on first use.
	f := &engine.Flow{ID: "x", Start: "a", Nodes: []engine.Node{{ID: "a", Kind: engine.KindOutcome}}}
	if len(f.GraphHash()) != 8 {
		t.Errorf("GraphHash of an unindexed flow = %q", f.GraphHash())
	}
}
