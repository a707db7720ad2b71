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
	table := s.flow.longest
	if len(table) != len(s.flow.Nodes) { // a Flow built or changed without Index
		table = computeLongest(s.flow)
	}
	if r := table[s.flow.NodeIndex(n.ID)]; r > 0 {
		p.Remaining = r
	}
	p.Fraction = float64(p.Done) / float64(p.Done+p.Remaining)
	return p
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
