package app_test

import (
	"testing"

	engine "github.com/fixflow/fixflow/app"
)

// known are answers to mini's facts under which its walks are the ones
// most tests take: check-update (for system 1) is passed by.
var known = engine.FactValues{"os": "2", "model": "side"}

// miniSession is a session of f with the facts known answered.
func miniSession(tb testing.TB, f *engine.Flow) *engine.Session {
	tb.Helper()
	s := engine.NewSession(f)
	if err := s.SetFacts(known); err != nil {
		tb.Fatal(err)
	}
	return s
}

// loopFlow is a guide with a loop that has exits: the check "c1" sends a
// "no" back to the question "q1".
//
//	q1 --0--> c1 --yes--> res
//	 |         \--no---> q1 (back edge)
//	 \--1--> esc
func loopFlow() *engine.Flow {
	f := &engine.Flow{
		ID: "loop", Version: 1, Lang: "en", Title: "Loop", Start: "q1",
		Strings: map[string]string{
			engine.StringFixedYes: "Yes", engine.StringFixedNo: "No",
			engine.StringContinue: "Continue", engine.StringTried: "Tried",
			engine.StringNotFixed: "didn't help", engine.StringWasFixed: "fixed it",
			engine.StringRead: "Read",
		},
		Nodes: []engine.Node{
			{ID: "q1", Kind: engine.KindQuestion, Title: "Q?", Options: []engine.Option{
				{Label: "Try", Next: "c1"}, {Label: "Give up", Next: "esc"},
			}},
			{ID: "c1", Kind: engine.KindCheck, Title: "C", Fixed: "res", Next: "q1"},
			{ID: "res", Kind: engine.KindOutcome, Result: engine.ResultResolved, Title: "Fixed"},
			{ID: "esc", Kind: engine.KindOutcome, Result: engine.ResultEscalate, Title: "Escalate"},
		},
	}
	f.Index()
	return f
}

// mustChoose takes the choices in order, failing the test on an error.
func mustChoose(tb testing.TB, s *engine.Session, choices ...int) {
	tb.Helper()
	for _, c := range choices {
		if err := s.Choose(c); err != nil {
			tb.Fatalf("Choose(%d) at %q: %v", c, s.Current().ID, err)
		}
	}
}
