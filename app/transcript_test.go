package app_test

import (
	"slices"
	"testing"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/internal/testguide"
)

func TestTranscript(t *testing.T) {
	f := testguide.Mini(t)
	s := miniSession(t, f)
	if s.Transcript() != nil {
		t.Error("a fresh session has a transcript")
	}
	mustChoose(t, s, 1, 0, 1, 1)
	want := []engine.Entry{
		{Node: "symptom", Kind: engine.KindQuestion, Title: "What do you see?", Choice: 1, Answer: "nothing", Label: "Nothing at all", Result: "Nothing at all"},
		{Node: "about-delivered", Kind: engine.KindInfo, Title: "What Delivered means", Choice: 0, Answer: "continue", Label: "Continue", Result: "Read"},
		{Node: "check-wifi", Kind: engine.KindCheck, Title: "Check Wi-Fi", Choice: 1, Answer: "no", Label: "No, still not working", Result: "didn't help"},
		{Node: "check-restart", Kind: engine.KindCheck, Title: "Force restart", Choice: 1, Answer: "no", Label: "No, still not working", Result: "didn't help"},
	}
	if got := s.Transcript(); !slices.Equal(got, want) {
		t.Errorf("Transcript:\n got %+v\nwant %+v", got, want)
	}
}

func TestTranscriptText(t *testing.T) {
	f := testguide.Mini(t)
	s := miniSession(t, f)
	mustChoose(t, s, 1, 0, 1, 1)
	want := "Mini guide — What I've tried\n" +
		"Which system version is it? — System 2\n" +
		"Which model is it? — With a side button\n" +
		"1. What do you see? — Nothing at all\n" +
		"2. Check Wi-Fi — didn't help\n" +
		"3. Force restart — didn't help\n" +
		"Result: Contact your carrier\n"
	if got := s.TranscriptText(); got != want {
		t.Errorf("TranscriptText:\n%s\nwant:\n%s", got, want)
	}
	if again := s.Clone().TranscriptText(); again != want {
		t.Error("TranscriptText is not deterministic")
	}

	// Not at an outcome: no result line. A fix is "fixed it"; no fact
	// answered, no fact line.
	s = engine.NewSession(f)
	mustChoose(t, s, 0)
	want = "Mini guide — What I've tried\n1. What do you see? — Red exclamation mark\n"
	if got := s.TranscriptText(); got != want {
		t.Errorf("TranscriptText mid-walk:\n%s\nwant:\n%s", got, want)
	}
	if err := s.SetFact("os", engine.Unknown); err != nil {
		t.Fatal(err)
	}
	mustChoose(t, s, 0)
	want = "Mini guide — What I've tried\nWhich system version is it? — I don't know\n" +
		"1. What do you see? — Red exclamation mark\n2. Check Wi-Fi — fixed it\nResult: Fixed\n"
	if got := s.TranscriptText(); got != want {
		t.Errorf("TranscriptText fixed:\n%s\nwant:\n%s", got, want)
	}

	// "I can't find this setting" is recorded as such; a node passed by
	// (check-update, on system 2) is not in it.
	s = miniSession(t, f)
	mustChoose(t, s, 0, engine.AnswerCantFind)
	if e := s.Transcript()[1]; e.Answer != engine.ChoiceCantFind || e.Result != "couldn't find the setting" || s.Current().ID != "send-as-text" {
		t.Errorf("can't find: %+v at %q", e, s.Current().ID)
	}
	s = miniSession(t, f)
	mustChoose(t, s, 0, 1, 1)
	for _, e := range s.Transcript() {
		if e.Node == "check-update" {
			t.Error("a node passed by is in the transcript")
		}
	}

	// The word before the outcome comes from the guide when it has one,
	// and line breaks in titles stay on their line.
	f.Strings["result"] = "Résultat"
	f.Nodes[0].Title = "What do\nyou see?"
	s = engine.NewSession(f)
	mustChoose(t, s, 0)
	s.SetFact("os", "1")
	mustChoose(t, s, 0)
	want = "Mini guide — What I've tried\nWhich system version is it? — System 1\n1. What do you see? — Red exclamation mark\n2. Check Wi-Fi — fixed it\nRésultat: Fixed\n"
	if got := s.TranscriptText(); got != want {
		t.Errorf("TranscriptText localised:\n%s\nwant:\n%s", got, want)
	}
}
