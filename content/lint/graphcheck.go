package lint

import (
	"fmt"
	"strings"

	engine "github.com/fixflow/fixflow/app"
)

// checkRefs checks that every reference names a node, and that a check's
// fixed leads to a resolved outcome.
func checkRefs(f *engine.Flow, r *reporter, ids map[string]int) {
	ref := func(path, id string) (int, bool) {
		if id == "" {
			return 0, false // reported as missing
		}
		k, ok := ids[id]
		if !ok {
			r.at(path, "%s", unknownNode(id, ids))
		}
		return k, ok
	}
	ref("start", f.Start)
	for k := range f.Nodes {
		n := &f.Nodes[k]
		p := indexPath("nodes", k)
		for j, opt := range n.Options {
			ref(fieldPath(indexPath(fieldPath(p, "options"), j), "next"), opt.Next)
		}
		if t, ok := ref(fieldPath(p, "fixed"), n.Fixed); ok && n.Kind == engine.KindCheck {
			tn := &f.Nodes[t]
			badResult := tn.Kind == engine.KindOutcome && tn.Result != engine.ResultResolved && tn.Result != engine.ResultEscalate
			if !badResult && (tn.Kind != engine.KindOutcome || tn.Result != engine.ResultResolved) { // a bad result is reported at the outcome
				what := string(tn.Kind)
				if tn.Kind == engine.KindOutcome {
					what = fmt.Sprintf("an outcome with result %q", tn.Result)
				}
				r.at(fieldPath(p, "fixed"), "fixed leads to %q, which is %s; it must lead to an outcome with result \"resolved\"", n.Fixed, article(what))
			}
		}
		ref(fieldPath(p, "next"), n.Next)
		ref(fieldPath(p, "cant_find"), n.CantFind)
	}
}

func article(what string) string {
	if strings.HasPrefix(what, "an ") || strings.HasPrefix(what, "a ") {
		return what
	}
	if strings.ContainsRune("aeiou", rune(what[0])) {
		return "an " + what
	}
	return "a " + what
}

// checkGraph checks that every node is reachable from start, and that an
// outcome is reachable from every node: nodes that cannot reach one form
// loops without an exit (or lead into one, or into a node already reported
// as a dead end). Conditions are left out here (checkCombinations applies
// them). It reports whether the graph is sound.
func checkGraph(f *engine.Flow, r *reporter, ids map[string]int) bool {
	before := len(r.probs)
	n := len(f.Nodes)
	succ := make([][]int, n)
	pred := make([][]int, n)
	for k := range n {
		// Only the first node of a duplicated id takes part.
		if ids[f.Nodes[k].ID] != k {
			continue
		}
		// The ways out are the engine's Choices, so the graph checked is
		// the graph a Session walks (references that resolve only).
		for _, c := range f.Choices(&f.Nodes[k]) {
			if t, ok := ids[c.Next]; ok {
				succ[k] = append(succ[k], t)
				pred[t] = append(pred[t], k)
			}
		}
	}
	if start, ok := ids[f.Start]; ok {
		seen := walk([]int{start}, succ, n)
		for k := range n {
			if !seen[k] && ids[f.Nodes[k].ID] == k {
				r.at(indexPath("nodes", k), "node %q is not reachable from start %q; lead to it from an option, fixed or next, or remove it", f.Nodes[k].ID, f.Start)
			}
		}
	}
	var outcomes []int
	for k := range n {
		if f.Nodes[k].Kind == engine.KindOutcome && ids[f.Nodes[k].ID] == k {
			outcomes = append(outcomes, k)
		}
	}
	exits := walk(outcomes, pred, n)
	for _, scc := range loops(succ, exits) {
		names := make([]string, len(scc))
		for j, k := range scc {
			names[j] = f.Nodes[k].ID
		}
		r.at(indexPath("nodes", scc[0]), "loop without an exit: %s → %s; no outcome can be reached from it, so lead one of its nodes out of the loop",
			strings.Join(names, " → "), names[0])
	}
	return len(r.probs) == before
}

// walk returns the nodes reachable from from along next.
func walk(from []int, next [][]int, n int) []bool {
	seen := make([]bool, n)
	stack := append([]int(nil), from...)
	for _, k := range from {
		seen[k] = true
	}
	for len(stack) > 0 {
		k := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, t := range next[k] {
			if !seen[t] {
				seen[t] = true
				stack = append(stack, t)
			}
		}
	}
	return seen
}

// loops finds the cycles among the nodes that cannot reach an exit: one
// cycle for each strongly connected component that has one, starting at the
// component's first node in authoring order and following the first edge
// that stays in the component.
func loops(succ [][]int, exits []bool) [][]int {
	n := len(succ)
	comp := sccs(succ, exits)
	var out [][]int
	done := map[int]bool{}
	for k := range n {
		c := comp[k]
		if exits[k] || done[c] {
			continue
		}
		done[c] = true
		if cyc := cycleFrom(k, succ, comp); cyc != nil {
			out = append(out, cyc)
		}
	}
	return out
}

// cycleFrom finds a cycle through start within start's component, by a
// depth-first search preferring earlier edges; nil if there is none.
func cycleFrom(start int, succ [][]int, comp []int) []int {
	path := []int{start}
	onPath := map[int]bool{start: true}
	tried := map[int]bool{}
	var dfs func(k int) bool
	dfs = func(k int) bool {
		for _, t := range succ[k] {
			if comp[t] != comp[start] {
				continue
			}
			if t == start {
				return true
			}
			if onPath[t] || tried[t] {
				continue
			}
			tried[t] = true
			path = append(path, t)
			onPath[t] = true
			if dfs(t) {
				return true
			}
			path = path[:len(path)-1]
			onPath[t] = false
		}
		return false
	}
	if dfs(start) {
		return path
	}
	return nil
}

// sccs numbers the strongly connected components of the graph restricted to
// the nodes that cannot reach an exit (Tarjan's algorithm, iterative).
func sccs(succ [][]int, exits []bool) []int {
	n := len(succ)
	index := make([]int, n)
	low := make([]int, n)
	comp := make([]int, n)
	onStack := make([]bool, n)
	for k := range index {
		index[k] = -1
		comp[k] = -1
	}
	var stack []int
	next, ncomp := 0, 0
	type frame struct{ k, e int }
	for root := range n {
		if exits[root] || index[root] >= 0 {
			continue
		}
		calls := []frame{{root, 0}}
		index[root], low[root] = next, next
		next++
		stack = append(stack, root)
		onStack[root] = true
		for len(calls) > 0 {
			fr := &calls[len(calls)-1]
			if fr.e < len(succ[fr.k]) {
				t := succ[fr.k][fr.e]
				fr.e++
				if exits[t] {
					continue
				}
				if index[t] < 0 {
					index[t], low[t] = next, next
					next++
					stack = append(stack, t)
					onStack[t] = true
					calls = append(calls, frame{t, 0})
				} else if onStack[t] {
					low[fr.k] = min(low[fr.k], index[t])
				}
				continue
			}
			k := fr.k
			calls = calls[:len(calls)-1]
			if len(calls) > 0 {
				p := calls[len(calls)-1].k
				low[p] = min(low[p], low[k])
			}
			if low[k] == index[k] {
				for {
					t := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					onStack[t] = false
					comp[t] = ncomp
					if t == k {
						break
					}
				}
				ncomp++
			}
		}
	}
	return comp
}
