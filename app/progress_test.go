package app_test

import (
	"testing"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/internal/testguide"
)

// TestProgressMini checks Progress against figures worked out by hand. The
// longest remaining paths of the mini guide on system 2 (check-update
// passed by, at no cost) are:
//
//	symptom 4 (about-delivered, check-wifi, check-restart, outcome)
//	about-delivered 3, how-long 3, check-wifi 2, check-restart 1, outcomes 0
//
// With no fact answered, check-update may come: symptom 5.
func TestProgressMini(t *testing.T) {
	f := testguide.Mini(t)
	if p := engine.NewSession(f).Progress(); p.Remaining != 5 {
		t.Errorf("with nothing answered: %+v, want Remaining 5", p)
	}
	s := miniSession(t, f)
	want := []engine.Progress{
		{Done: 0, Remaining: 4, Fraction: 0},
		{Done: 1, Remaining: 3, Fraction: 0.25}, // about-delivered
		{Done: 2, Remaining: 2, Fraction: 0.5},  // check-wifi
		{Done: 3, Remaining: 1, Fraction: 0.75}, // check-restart
		{Done: 4, Remaining: 0, Fraction: 1},    // escalate
	}
	for i, w := range want {
		if i > 0 {
			mustChoose(t, s, []int{1, 0, 1, 1}[i-1])
		}
		if got := s.Progress(); got != w {
			t.Errorf("step %d at %q: Progress %+v, want %+v", i, s.Current().ID, got, w)
		}
	}

	// The short way: a red mark leads straight to check-wifi (Remaining
	// 2 after one step), which fixes it.
	s = miniSession(t, f)
	mustChoose(t, s, 0)
	if got, w := s.Progress(), (engine.Progress{Done: 1, Remaining: 2, Fraction: 1.0 / 3}); got != w {
		t.Errorf("after a red mark: %+v, want %+v", got, w)
	}
	mustChoose(t, s, 0)
	if got, w := s.Progress(), (engine.Progress{Done: 2, Remaining: 0, Fraction: 1}); got != w {
		t.Errorf("fixed: %+v, want %+v", got, w)
	}
}

// TestProgressLoop: back edges are ignored, and the estimate at each node of
// a loop comes from a search rooted there.
//
//	q1: longest is q1 -> c1 -> res (2); c1: c1 -> q1 -> esc (2)
func TestProgressLoop(t *testing.T) {
	f := loopFlow()
	s := engine.NewSession(f)
	if p := s.Progress(); p.Remaining != 2 {
		t.Errorf("at q1: %+v, want Remaining 2", p)
	}
	mustChoose(t, s, 0)
	if p := s.Progress(); p.Remaining != 2 || p.Done != 1 {
		t.Errorf("at c1: %+v, want Done 1 Remaining 2", p)
	}
	mustChoose(t, s, 1, 0, 1, 1) // round the loop twice, give up
	if p := s.Progress(); p != (engine.Progress{Done: 5, Remaining: 0, Fraction: 1}) {
		t.Errorf("at esc: %+v", p)
	}
}

// TestProgressFlowsAreSeparate: the per-flow cache keeps flows apart, even
// flows with the same id.
func TestProgressFlowsAreSeparate(t *testing.T) {
	a, b := testguide.Mini(t), testguide.Mini(t)
	b.Nodes[0].Options[1].Next = "check-wifi" // skip the info in b
	b.Nodes[6].Options[1].Next = "escalate"   // and check-wifi after "Hours"
	b.Index()
	if ra, rb := miniSession(t, a).Progress().Remaining, miniSession(t, b).Progress().Remaining; ra != 4 || rb != 3 {
		t.Errorf("Remaining %d and %d, want 4 and 3", ra, rb)
	}
}

// TestProgressConcurrent: sessions of one flow may compute Progress from
// several goroutines at once (run with -race).
func TestProgressConcurrent(t *testing.T) {
	f := testguide.Mini(t)
	done := make(chan int)
	for i := range 8 {
		go func() {
			s := engine.NewSession(f)
			if i%2 == 0 { // half of them fill the cache of answers
				s.SetFacts(known)
			}
			done <- s.Progress().Remaining
		}()
	}
	for range 8 {
		if r := <-done; r != 4 && r != 5 {
			t.Errorf("Remaining %d, want 4 or 5", r)
		}
	}
}
