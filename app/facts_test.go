package app_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/internal/testguide"
)

func TestConditionEval(t *testing.T) {
	c := engine.Condition{"os": {"1", "2"}, "model": {"home"}}
	for _, tt := range []struct {
		v    engine.FactValues
		want engine.Truth
	}{
		{engine.FactValues{"os": "1", "model": "home"}, engine.Holds},
		{engine.FactValues{"os": "2", "model": "home"}, engine.Holds},
		{engine.FactValues{"os": "3", "model": "home"}, engine.Fails},
		{engine.FactValues{"os": "1", "model": "side"}, engine.Fails},
		{engine.FactValues{"os": engine.Unknown, "model": "home"}, engine.Holds},
		{engine.FactValues{"os": engine.Unknown, "model": engine.Unknown}, engine.Holds},
		{engine.FactValues{"os": "1"}, engine.Undecided},
		{engine.FactValues{"model": "side"}, engine.Fails}, // one fact fails: decided
		{nil, engine.Undecided},
	} {
		if got := c.Eval(tt.v); got != tt.want {
			t.Errorf("Eval(%v) = %v, want %v", tt.v, got, tt.want)
		}
	}
	if engine.Condition(nil).Eval(nil) != engine.Holds {
		t.Error("an empty condition does not hold")
	}
}

// TestNeeds: a fact is asked the first time a node needs it: the node's own
// condition first, then those inside it, in the order the guide declares
// its facts.
func TestNeeds(t *testing.T) {
	f := testguide.Mini(t)
	s := engine.NewSession(f)
	if s.Needs() != nil {
		t.Error("the start needs a fact")
	}
	mustChoose(t, s, 0)
	if fa := s.Needs(); fa == nil || fa.ID != "os" {
		t.Fatalf("check-wifi needs %v, want os", fa)
	}
	if err := s.SetFact("os", "2"); err != nil {
		t.Fatal(err)
	}
	if s.Needs() != nil || s.Current().ID != "check-wifi" {
		t.Fatalf("after os: needs %v at %q", s.Needs(), s.Current().ID)
	}
	mustChoose(t, s, engine.AnswerNotFixed)
	if fa := s.Needs(); fa == nil || fa.ID != "model" {
		t.Fatalf("check-restart needs %v, want model", fa)
	}
	own, inside := f.Needs(f.Node("check-update"))
	if !slices.Equal(own, []string{"os"}) || inside != nil {
		t.Errorf("Flow.Needs(check-update) = %v, %v", own, inside)
	}
	// A node whose own condition is undecided is not passed by: it waits
	// for the answer, then applies or not.
	s, _ = engine.NewSessionAt(f, "check-update")
	if s.Current().ID != "check-update" || s.Needs().ID != "os" {
		t.Fatalf("at %q needing %v", s.Current().ID, s.Needs())
	}
	s.SetFact("os", "2")
	if s.Current().ID != "escalate" {
		t.Errorf("check-update on system 2: at %q, want escalate (passed by)", s.Current().ID)
	}
}

// TestSetFact: changing an answer replays the walk, keeping what still fits.
func TestSetFact(t *testing.T) {
	f := testguide.Mini(t)
	s := engine.NewSession(f)
	s.SetFacts(engine.FactValues{"os": "1", "model": "home"})
	mustChoose(t, s, 0, 1, 1) // red mark, no, no: at check-update (system 1)
	if s.Current().ID != "check-update" {
		t.Fatalf("at %q", s.Current().ID)
	}
	if v, ok := s.Fact("os"); !ok || v != "1" {
		t.Errorf("Fact(os) = %q, %v", v, ok)
	}
	// System 2: check-update no longer applies; the three answers fit.
	if err := s.SetFact("os", "2"); err != nil {
		t.Fatal(err)
	}
	if s.Current().ID != "escalate" || s.Len() != 3 {
		t.Errorf("after os 2: at %q after %d steps", s.Current().ID, s.Len())
	}
	// Back on system 1: check-update applies again and waits for an answer.
	s.SetFact("os", "1")
	if s.Current().ID != "check-update" || s.Len() != 3 {
		t.Errorf("after os 1: at %q after %d steps", s.Current().ID, s.Len())
	}
	// "Hours" is only offered on system 2: a walk through it stops there.
	s = miniAnswered(t, f, known)
	mustChoose(t, s, 2, 1, 1)
	s.SetFact("os", "1")
	if s.Current().ID != "how-long" || s.Len() != 1 {
		t.Errorf("after os 1 through Hours: at %q after %d steps", s.Current().ID, s.Len())
	}
	// Taking an answer back stops the walk where it is needed.
	s = miniAnswered(t, f, known)
	mustChoose(t, s, 0, 1)
	s.SetFact("model", "")
	if _, ok := s.Fact("model"); ok || s.Current().ID != "check-restart" || s.Needs().ID != "model" {
		t.Errorf("after taking the model back: at %q, needs %v", s.Current().ID, s.Needs())
	}
	got := fmt.Sprintln(s.Facts()[0].Value, s.Facts()[0].Label, len(s.Facts()))
	if got != "2 System 2 1\n" {
		t.Errorf("Facts = %s", got)
	}
	for _, bad := range [][2]string{{"nope", "1"}, {"os", "3"}, {"os", "Unknown"}} {
		before := s.Encode()
		if err := s.SetFact(bad[0], bad[1]); !errors.Is(err, engine.ErrUnknownFact) || s.Encode() != before {
			t.Errorf("SetFact(%q, %q) = %v", bad[0], bad[1], err)
		}
	}
	if err := s.SetFacts(engine.FactValues{"nope": "1"}); !errors.Is(err, engine.ErrUnknownFact) {
		t.Errorf("SetFacts of a fact the flow lacks: %v", err)
	}
}

func TestCombinations(t *testing.T) {
	f := testguide.Mini(t)
	cs := f.Combinations(100)
	var got []string
	for _, v := range cs {
		got = append(got, f.DescribeValues(v))
	}
	want := []string{
		"os=2, model=side", "os=2, model=home", "os=2, model=unknown",
		"os=1, model=side", "os=1, model=home", "os=1, model=unknown",
		"os=unknown, model=side", "os=unknown, model=home", "os=unknown, model=unknown",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Combinations = %v", got)
	}
	if f.Combinations(8) != nil {
		t.Error("Combinations over the limit")
	}
	if cs := (&engine.Flow{}).Combinations(1); len(cs) != 1 || len(cs[0]) != 0 {
		t.Errorf("Combinations without facts = %v", cs)
	}
}

func TestDetectMatches(t *testing.T) {
	f := testguide.Mini(t)
	two, one := f.Facts[0].Options[0].Detect, f.Facts[0].Options[1].Detect // from 2; to 1, also 2.9
	for _, tt := range []struct {
		major, minor int
		two, one     bool
	}{
		{1, 0, false, true}, {2, 0, true, false}, {7, 3, true, false}, {2, 9, true, true}, {0, 5, false, true},
	} {
		if two.Matches(tt.major, tt.minor) != tt.two || one.Matches(tt.major, tt.minor) != tt.one {
			t.Errorf("%d.%d: matches %v, %v; want %v, %v", tt.major, tt.minor, two.Matches(tt.major, tt.minor), one.Matches(tt.major, tt.minor), tt.two, tt.one)
		}
	}
	var none *engine.Detect
	if none.Matches(2, 0) {
		t.Error("a nil Detect matches")
	}
}
