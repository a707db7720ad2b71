package app_test

import (
	"slices"
	"testing"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/content/lint"
)

// pathLimit bounds the paths enumerated per guide; a shipped guide that
// exceeds it fails the test, so raising it is a deliberate choice.
const pathLimit = 100000

// TestWalkShippedGuides walks every distinct path (no node twice) of every
// guide built into the binary from its start to an outcome, under every
// combination of answers to its facts, through a Session, checking each
// step as TestWalkEveryPath does for the mini guide, and logs each guide's
// node count, facts, number of paths and longest path.
func TestWalkShippedGuides(t *testing.T) {
	lib, err := lint.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	guides := lib.Guides()
	if len(guides) == 0 {
		t.Fatal("no shipped guides")
	}
	for _, f := range guides {
		t.Run(f.ID+"."+f.Lang, func(t *testing.T) {
			combos := f.Combinations(1 << 12)
			if combos == nil {
				t.Fatal("too many combinations of facts")
			}
			longest, total, most, outcomes := 0, 0, 0, map[string]int{}
			for _, v := range combos {
				paths, truncated := engine.Paths(f, v, pathLimit)
				if truncated {
					t.Fatalf("%v: more than %d paths", v, pathLimit)
				}
				if len(paths) == 0 {
					t.Fatalf("%v: no path from the start to an outcome", v)
				}
				total += len(paths)
				most = max(most, len(paths))
				for _, path := range paths {
					walkPath(t, f, v, path)
					longest = max(longest, len(path))
					outcomes[pathEnd(t, f, v, path)]++
				}
			}
			// Every outcome node should be reachable by some path.
			for i := range f.Nodes {
				if n := &f.Nodes[i]; n.Kind == engine.KindOutcome && outcomes[n.ID] == 0 {
					t.Errorf("outcome %q is on no path", n.ID)
				}
			}
			start := engine.NewSession(f).Progress()
			t.Logf("%s (%s): %d nodes, %d facts, %d combinations, %d distinct paths (at most %d under one), longest %d steps, %d outcomes; Progress at start: %d remaining",
				f.ID, f.Lang, len(f.Nodes), len(f.Facts), len(combos), total, most, longest, len(outcomes), start.Remaining)
			// Remaining follows a path with no node twice and no
			// condition decided, so it is at most the longest one
			// (equal when the guide has no loop).
			if start.Remaining < 1 || start.Remaining > longest {
				t.Errorf("Remaining at start %d, longest path %d", start.Remaining, longest)
			}
		})
	}
}

// walkPath walks one path of f under the answers v through a Session,
// checking Progress, the state round trip, the transcript and Back.
func walkPath(t *testing.T, f *engine.Flow, v engine.FactValues, path []engine.Step) {
	t.Helper()
	s := engine.NewSession(f)
	if err := s.SetFacts(v); err != nil {
		t.Fatal(err)
	}
	prev := s.Progress()
	for k, st := range path {
		if s.Current().ID != st.Node || s.Needs() != nil {
			t.Fatalf("%v path %v step %d: at %q (needs %v), want %q", v, path, k, s.Current().ID, s.Needs(), st.Node)
		}
		if err := s.Choose(st.Choice); err != nil {
			t.Fatalf("%v path %v step %d: %v", v, path, k, err)
		}
		p := s.Progress()
		// Paths never revisit a node, but a guide may still loop,
		// so Remaining need not fall on every step; Done must rise
		// and an outcome must end the bar.
		if p.Done != prev.Done+1 || p.Remaining < 0 || p.Fraction < 0 || p.Fraction > 1 {
			t.Fatalf("%v path %v step %d: Progress %+v after %+v", v, path, k, p, prev)
		}
		prev = p
	}
	if !s.Done() || prev.Fraction != 1 || prev.Remaining != 0 {
		t.Fatalf("%v path %v ends at %q, not an outcome (Progress %+v)", v, path, s.Current().ID, prev)
	}
	if !slices.Equal(s.History(), path) {
		t.Fatalf("history %v, want %v", s.History(), path)
	}
	checkRoundTrip(t, f, s)
	if len(s.Transcript()) != len(path) || s.TranscriptText() == "" {
		t.Fatalf("%v path %v: transcript", v, path)
	}
	for k := len(path) - 1; k >= 0; k-- {
		if !s.Back() || s.Current().ID != path[k].Node {
			t.Fatalf("%v path %v: Back to step %d", v, path, k)
		}
	}
	if s.Back() {
		t.Fatalf("%v path %v: Back past the start", v, path)
	}
}

// pathEnd is the node a path ends at under the answers v.
func pathEnd(t *testing.T, f *engine.Flow, v engine.FactValues, path []engine.Step) string {
	t.Helper()
	s := engine.NewSession(f)
	if err := s.SetFacts(v); err != nil {
		t.Fatal(err)
	}
	for _, st := range path {
		if err := s.Choose(st.Choice); err != nil {
			t.Fatal(err)
		}
	}
	return s.Current().ID
}
