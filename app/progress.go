package app

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
// estimate (the longest way to an outcome under the facts answered: nodes
// that do not apply are passed by and choices not offered left out, while a
// condition not decided yet keeps its node), so the bar never jumps
// backwards on a guide without loops: each step lowers Remaining by at
// least one, and answering a fact can only shorten the way.
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
	table := s.flow.longest
	switch f := s.flow; {
	case len(table) != len(f.Nodes) || f.longestBy == nil: // a Flow built or changed without Index
		table = computeLongest(f, s.facts)
	case s.facts != "":
		if t, ok := f.longestBy.Load(s.facts); ok {
			table = t.([]int)
		} else {
			table = computeLongest(f, s.facts)
			f.longestBy.Store(s.facts, table)
		}
	}
	if r := table[s.flow.NodeIndex(n.ID)]; r > 0 {
		p.Remaining = r
	}
	p.Fraction = float64(p.Done) / float64(p.Done+p.Remaining)
	return p
}

// computeLongest finds, for every node, the number of steps on the longest
// path to an outcome under the facts (a Session's codes), ignoring back
// edges. A node that does not apply leads to its Next at no cost; a choice
// whose condition fails is left out. For each node r it runs one
// depth-first search from r: the edges closing a cycle in that search are
// dropped, which leaves a DAG in which every node reachable from r still is,
// and the longest path in that DAG is memoised at each node's finish. Guides
// have tens to hundreds of nodes, so one search per node is cheap: it is
// done once per Flow without facts, and per call with facts.
func computeLongest(f *Flow, facts string) []int {
	n := len(f.Nodes)
	succ := make([][]int, n)
	free := make([]bool, n) // passed by: its edge costs no step
	probe := Session{flow: f, facts: facts}
	for i := range f.Nodes {
		nd := &f.Nodes[i]
		if len(nd.When) > 0 && (nd.Kind == KindCheck || nd.Kind == KindInfo) && probe.truth(nd.When) == Fails {
			if j := f.NodeIndex(nd.Next); j >= 0 {
				succ[i], free[i] = []int{j}, true
			}
			continue
		}
		for _, c := range f.Choices(nd) {
			if j := f.NodeIndex(c.Next); j >= 0 && (len(c.When) == 0 || probe.truth(c.When) != Fails) {
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
				cost := 1
				if free[v] {
					cost = 0
				}
				for _, j := range succ[v] {
					if state[j] == closed && memo[j] >= 0 && memo[j]+cost > best {
						best = memo[j] + cost
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
