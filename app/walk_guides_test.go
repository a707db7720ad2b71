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
// guide built into the binary from its start to an outcome, through a
// Session, checking each step as TestWalkEveryPath does for the mini guide,
// and logs each guide's node count, number of paths and longest path.
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
			paths, truncated := engine.Paths(f, pathLimit)
			if truncated {
				t.Fatalf("more than %d paths", pathLimit)
			}
			if len(paths) == 0 {
				t.Fatal("no path from the start to an outcome")
			}
			longest, outcomes := 0, map[string]int{}
			for _, path := range paths {
				s := engine.NewSession(f)
				prev := s.Progress()
				for k, st := range path {
					if s.Current().ID != st.Node {
						t.Fatalf("path %v step %d: at %q, want %q", path, k, s.Current().ID, st.Node)
					}
					if err := s.Choose(st.Choice); err != nil {
						t.Fatalf("path %v step %d: %v", path, k, err)
					}
					p := s.Progress()
					// Paths never revisit a node, but a guide may
					// still loop, so Remaining need not fall on
					// every step; Done must rise and an outcome
					// must end the bar.
					if p.Done != prev.Done+1 || p.Remaining < 0 || p.Fraction < 0 || p.Fraction > 1 {
						t.Fatalf("path %v step %d: Progress %+v after %+v", path, k, p, prev)
					}
					prev = p
				}
				if !s.Done() || prev.Fraction != 1 || prev.Remaining != 0 {
					t.Fatalf("path %v ends at %q, not an outcome (Progress %+v)", path, s.Current().ID, prev)
				}
				if !slices.Equal(s.History(), path) {
					t.Fatalf("history %v, want %v", s.History(), path)
				}
				checkRoundTrip(t, f, s)
				if len(s.Transcript()) != len(path) || s.TranscriptText() == "" {
					t.Fatalf("path %v: transcript", path)
				}
				for k := len(path) - 1; k >= 0; k-- {
					if !s.Back() || s.Current().ID != path[k].Node {
						t.Fatalf("path %v: Back to step %d", path, k)
					}
				}
				if s.Back() {
					t.Fatalf("path %v: Back past the start", path)
				}
				longest = max(longest, len(path))
				outcomes[pathEnd(f, path)]++
			}
			// Every outcome node should be reachable by some path.
			for i := range f.Nodes {
				if n := &f.Nodes[i]; n.Kind == engine.KindOutcome && outcomes[n.ID] == 0 {
					t.Errorf("outcome %q is on no path", n.ID)
				}
			}
			start := engine.NewSession(f).Progress()
			t.Logf("%s (%s): %d nodes, %d distinct paths, longest %d steps, %d outcomes; Progress at start: %d remaining",
				f.ID, f.Lang, len(f.Nodes), len(paths), longest, len(outcomes), start.Remaining)
			// Remaining follows a path with no node twice, so it
			// is at most the longest one (equal when the guide has
			// no loop).
			if start.Remaining < 1 || start.Remaining > longest {
				t.Errorf("Remaining at start %d, longest path %d", start.Remaining, longest)
			}
		})
	}
}

// pathEnd is the node a path's last choice leads to (the start for an empty
// path).
func pathEnd(f *engine.Flow, path []engine.Step) string {
	if len(path) == 0 {
		return f.Start
	}
	last := path[len(path)-1]
	return f.Choices(f.Node(last.Node))[last.Choice].Next
}
