package content_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/content/lint"
)

// The budgets every shipped guide's walks keep, as screens a user sees:
// nodes and the fact questions asked on the way, the outcome included.
// Raising one is a deliberate choice about the guide, not a test fix.
const (
	// maxWalkScreens bounds the longest walk (issue 10: the old "everyone"
	// walks took 22–23 nodes before any fact was asked).
	maxWalkScreens = 18
	// maxFirstFixScreens bounds, for every answer to the first question,
	// the screens up to and including the first thing to try, on every
	// walk: a check, a question after the first that can end the walk (a
	// test such as "is an outage listed?"), or the walk's end.
	maxFirstFixScreens = 3
)

// walkStats is what TestGuideStats measures of one guide.
type walkStats struct {
	combos     int
	perCombo   []int            // distinct paths under each combination of facts
	longest    []string         // the longest walk, as screens
	firstFix   map[string][]int // by first answer: screens to the first thing to try, one per distinct walk prefix
	firstCheck map[string][]int // by first answer: screens to the first check or the end, one per distinct walk prefix
	firstOrder []string         // first answers in the guide's order
}

// TestGuideStats walks every distinct path of every shipped guide under
// every combination of answers to its facts, as a user would see it (a
// fact's question is a screen of its own, asked when a node first needs
// it), and logs the figures the closing note of issue 10 asks for: nodes,
// facts, distinct paths per combination (max and median), the longest walk,
// and per answer to the first question the median number of screens to the
// first thing to try (see maxFirstFixScreens) and to the first check. It
// fails when a walk breaks the budgets above, or when
// an answer to the first question opens on an info screen (a tap that moves
// nothing: issue 10.8).
//
//	go test ./content -run TestGuideStats -v
func TestGuideStats(t *testing.T) {
	lib, err := lint.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range lib.Guides() {
		t.Run(f.ID+"."+f.Lang, func(t *testing.T) {
			st := measure(t, f)
			slices.Sort(st.perCombo)
			total := 0
			for _, n := range st.perCombo {
				total += n
			}
			t.Logf("%s: %d nodes, %d facts, %d combinations of answers; distinct paths per combination: max %d, median %s (all: %d)",
				f.ID, len(f.Nodes), len(f.Facts), st.combos, st.perCombo[len(st.perCombo)-1], median(st.perCombo), total)
			t.Logf("longest walk: %d screens: %s", len(st.longest), strings.Join(st.longest, " → "))
			if len(st.longest) > maxWalkScreens {
				t.Errorf("the longest walk takes %d screens, more than %d", len(st.longest), maxWalkScreens)
			}
			for _, a := range st.firstOrder {
				xs := st.firstFix[a]
				slices.Sort(xs)
				cs := st.firstCheck[a]
				slices.Sort(cs)
				t.Logf("first answer %-10s screens to the first thing to try: median %s (%d–%d); to the first check: median %s (%d–%d); %d distinct walks",
					a, median(xs), xs[0], xs[len(xs)-1], median(cs), cs[0], cs[len(cs)-1], len(xs))
				if xs[len(xs)-1] > maxFirstFixScreens {
					t.Errorf("first answer %q: a walk takes %d screens to its first thing to try, more than %d", a, xs[len(xs)-1], maxFirstFixScreens)
				}
			}
		})
	}
}

// measure walks every path of f under every combination of facts.
func measure(t *testing.T, f *engine.Flow) walkStats {
	t.Helper()
	combos := f.Combinations(1 << 12)
	if combos == nil {
		t.Fatal("too many combinations of facts")
	}
	st := walkStats{combos: len(combos), firstFix: map[string][]int{}, firstCheck: map[string][]int{}}
	start := f.Node(f.Start)
	if start.Kind == engine.KindQuestion {
		for _, o := range start.Options {
			st.firstOrder = append(st.firstOrder, o.ID)
			if n := f.Node(o.Next); n != nil && n.Kind == engine.KindInfo {
				t.Errorf("first answer %q opens on the info %q: a screen that costs a tap and moves nothing", o.ID, n.ID)
			}
		}
	}
	seenPrefix := map[string]bool{}
	for _, v := range combos {
		paths, truncated := engine.Paths(f, v, 100000)
		if truncated || len(paths) == 0 {
			t.Fatalf("%s: %d paths, truncated %v", f.DescribeValues(v), len(paths), truncated)
		}
		st.perCombo = append(st.perCombo, len(paths))
		for _, p := range paths {
			screens, fix, check := replay(t, f, v, p)
			// The longest walk; of equal ones, one that does not end fixed.
			if len(screens) > len(st.longest) || len(screens) == len(st.longest) &&
				f.Node(screens[len(screens)-1]).Result != engine.ResultResolved {
				st.longest = screens
			}
			if len(p) == 0 || start.Kind != engine.KindQuestion {
				continue
			}
			first := start.Options[p[0].Choice].ID
			if key := "fix|" + strings.Join(screens[:fix], ","); !seenPrefix[key] {
				seenPrefix[key] = true
				st.firstFix[first] = append(st.firstFix[first], fix)
			}
			if key := "check|" + strings.Join(screens[:check], ","); !seenPrefix[key] {
				seenPrefix[key] = true
				st.firstCheck[first] = append(st.firstCheck[first], check)
			}
		}
	}
	return st
}

// replay walks path from a session with no fact answered, answering each
// fact from v when a node needs it, and returns the screens shown (node ids,
// and "fact:<id>" for a fact's question, the outcome last), how many screens
// it took to show the first thing to try (see maxFirstFixScreens) and the
// first check (or the end, when there is none).
func replay(t *testing.T, f *engine.Flow, v engine.FactValues, path []engine.Step) (screens []string, firstFix, firstCheck int) {
	t.Helper()
	s := engine.NewSession(f)
	for k := 0; ; {
		if fa := s.Needs(); fa != nil {
			screens = append(screens, "fact:"+fa.ID)
			if err := s.SetFact(fa.ID, v[fa.ID]); err != nil {
				t.Fatal(err)
			}
			continue
		}
		n := s.Current()
		screens = append(screens, n.ID)
		if firstCheck == 0 && (n.Kind == engine.KindCheck || n.Kind == engine.KindOutcome) {
			firstCheck = len(screens)
		}
		if firstFix == 0 && (firstCheck != 0 || k > 0 && canEnd(f, n)) {
			firstFix = len(screens)
		}
		if s.Done() {
			if k != len(path) {
				t.Fatalf("%s: the walk ended at %s after %d of %d steps", f.DescribeValues(v), n.ID, k, len(path))
			}
			return screens, firstFix, firstCheck
		}
		if k == len(path) || path[k].Node != n.ID {
			t.Fatalf("%s: the walk is at %s, the path at step %d expects %v", f.DescribeValues(v), n.ID, k, path[min(k, len(path)-1)])
		}
		if err := s.Choose(path[k].Choice); err != nil {
			t.Fatal(err)
		}
		k++
	}
}

// canEnd reports whether n is a question one of whose options leads
// straight to an outcome: a test, not only a fork.
func canEnd(f *engine.Flow, n *engine.Node) bool {
	if n.Kind != engine.KindQuestion {
		return false
	}
	return slices.ContainsFunc(n.Options, func(o engine.Option) bool {
		next := f.Node(o.Next)
		return next != nil && next.Kind == engine.KindOutcome
	})
}

// median of sorted xs, as text ("4" or "4.5").
func median(xs []int) string {
	n := len(xs)
	if n%2 == 1 {
		return fmt.Sprint(xs[n/2])
	}
	m := float64(xs[n/2-1]+xs[n/2]) / 2
	return fmt.Sprint(m)
}
