package app

import (
	"runtime"
	"sync"
	"weak"
)

// Progress is how far a walk has come: the steps taken and an estimate of the
// steps left.
type Progress struct {
	// Done is the number of steps taken (len(History())).
	Done int
	// Remaining is the number of steps on the longest remaining path from
	// the current node to an outcome, 0 at an outcome. Loops are not
	// counted: a path ends where it would return to a node already on it.
	Remaining int
	// Fraction is Done/(Done+Remaining): 1 at an outcome.
	Fraction float64
}

// Progress estimates how far the walk has come. Remaining is a pessimistic
// estimate (the longest way to an outcome), so the bar never jumps backwards
// on a guide without loops: each step lowers Remaining by at least one.
func (s *Session) Progress() Progress {
	p := Progress{Done: len(s.history)}
	n := s.Current()
	if n == nil {
		return p
	}
	if n.Kind == KindOutcome {
		p.Fraction = 1
		return p
	}
	p.Remaining = 1 // a node from which no outcome is reachable: invalid content
	if r := longestTable(s.flow)[s.flow.NodeIndex(n.ID)]; r > 0 {
		p.Remaining = r
	}
	p.Fraction = float64(p.Done) / float64(p.Done+p.Remaining)
	return p
}

// longest caches, per Flow, the longest remaining path of every node. It is
// keyed weakly so a Flow that is no longer used (one parsed by a linter, say)
// is collected with its entry.
var longest sync.Map // weak.Pointer[Flow] -> *longestEntry

type longestEntry struct {
	nodes int   // len(Flow.Nodes) when computed: a guard against a changed Flow
	steps []int // by node position: longest path to an outcome, -1 if none
}

// longestTable returns the flow's longest-remaining-path table, computing it
// on first use.
func longestTable(f *Flow) []int {
	key := weak.Make(f)
	if v, ok := longest.Load(key); ok {
		if e := v.(*longestEntry); e.nodes == len(f.Nodes) {
			return e.steps
		}
		e := &longestEntry{nodes: len(f.Nodes), steps: computeLongest(f)}
		longest.Store(key, e)
		return e.steps
	}
	e := &longestEntry{nodes: len(f.Nodes), steps: computeLongest(f)}
	if v, loaded := longest.LoadOrStore(key, e); loaded {
		return v.(*longestEntry).steps
	}
	runtime.AddCleanup(f, func(k weak.Pointer[Flow]) { longest.Delete(k) }, key)
	return e.steps
}

// computeLongest finds, for every node, the number of steps on the longest
// path to an outcome, ignoring back edges. For each node r it runs one
// depth-first search from r: the edges closing a cycle in that search are
// dropped, which leaves a DAG in which every node reachable from r still is,
// and the longest path in that DAG is memoised at each node's finish. Guides
// have tens to hundreds of nodes, so one search per node is cheap, and it is
// done once per Flow.
func computeLongest(f *Flow) []int {
	n := len(f.Nodes)
	succ := make([][]int, n)
	for i := range f.Nodes {
		for _, c := range f.Choices(&f.Nodes[i]) {
			if j := f.NodeIndex(c.Next); j >= 0 {
				succ[i] = append(succ[i], j)
			}
		}
	}
	const (
		unseen = iota
		open
		closed
	)
	out := make([]int, n)
	state := make([]uint8, n)
	memo := make([]int, n)
	type frame struct{ node, next int }
	var stack []frame
	for r := range n {
		clear(state)
		stack = append(stack[:0], frame{node: r})
		state[r] = open
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			if top.next < len(succ[top.node]) {
				j := succ[top.node][top.next]
				top.next++
				if state[j] == unseen {
					state[j] = open
					stack = append(stack, frame{node: j})
				}
				continue
			}
			v := top.node
			best := -1
			if f.Nodes[v].Kind == KindOutcome {
				best = 0
			} else {
				for _, j := range succ[v] {
					if state[j] == closed && memo[j] >= 0 && memo[j]+1 > best {
						best = memo[j] + 1
					}
				}
			}
			memo[v] = best
			state[v] = closed
			stack = stack[:len(stack)-1]
		}
		out[r] = memo[r]
	}
	return out
}
