package lint

import (
	"maps"
	"slices"
	"strings"

	engine "github.com/fixflow/fixflow/app"
)

// checkCombinations walks the graph as a session would under every
// combination of answers to the facts (each option and "I don't know"):
// a check or an info whose condition fails is passed by to its next, and
// an option whose condition fails is not offered. Under each, every node
// met must still lead to an outcome (no question without an option, no
// loop without an exit, no loop of nodes passed by); and every node must
// be met under some combination. Each problem is reported once, naming
// the first combination that shows it. The graph without conditions has
// passed checkGraph.
func checkCombinations(f *engine.Flow, r *reporter, ids map[string]int) {
	if len(f.Facts) == 0 {
		return
	}
	combos := f.Combinations(MaxCombinations)
	if combos == nil {
		r.at("facts", "the facts have more than %d combinations of answers, each of which the guide is checked under; ask fewer facts or give them fewer options", MaxCombinations)
		return
	}
	n := len(f.Nodes)
	met := make([]bool, n)
	reported := map[string]bool{}
	report := func(path, key, format string, args ...any) {
		if !reported[key] {
			reported[key] = true
			r.at(path, format, args...)
		}
	}
	for _, v := range combos {
		when := f.DescribeValues(v)
		known := !slices.Contains(slices.Collect(maps.Values(v)), engine.Unknown)
		passed := make([]bool, n)
		for k := range f.Nodes {
			nd := &f.Nodes[k]
			passed[k] = (nd.Kind == engine.KindCheck || nd.Kind == engine.KindInfo) && len(nd.When) > 0 && nd.When.Eval(v) == engine.Fails
		}
		// resolve follows the nodes passed by from k; -1 for a loop of them.
		resolve := func(k int) int {
			for range n {
				if !passed[k] {
					return k
				}
				k = ids[f.Nodes[k].Next]
			}
			return -1
		}
		succ := make([][]int, n)
		pred := make([][]int, n)
		for k := range f.Nodes {
			nd := &f.Nodes[k]
			if passed[k] || ids[nd.ID] != k {
				continue
			}
			offered := 0
			for _, c := range f.Choices(nd) {
				if len(c.When) > 0 && c.When.Eval(v) == engine.Fails {
					continue
				}
				offered++
				t := resolve(ids[c.Next])
				if t < 0 {
					report(indexPath("nodes", ids[c.Next]), "pass:"+c.Next,
						"when %s, %q and the nodes after it are all passed by and lead back to it; lead one of them to a node that applies", when, c.Next)
					continue
				}
				succ[k] = append(succ[k], t)
				pred[t] = append(pred[t], k)
			}
			if offered == 0 && nd.Kind == engine.KindQuestion {
				report(indexPath("nodes", k), "none:"+nd.ID,
					"when %s, no option of %q applies: the question is a dead end; give an option that applies then", when, nd.ID)
			}
		}
		start := resolve(ids[f.Start])
		if start < 0 {
			report("start", "pass:start", "when %s, the start and the nodes after it are all passed by and lead back to it", when)
			continue
		}
		seen := walk([]int{start}, succ, n)
		var outcomes []int
		for k := range n {
			if seen[k] {
				met[k] = met[k] || known
				if f.Nodes[k].Kind == engine.KindOutcome {
					outcomes = append(outcomes, k)
				}
			}
		}
		exits := walk(outcomes, pred, n)
		for k := range n {
			exits[k] = exits[k] || !seen[k] // only the nodes met take part
		}
		for _, scc := range loops(succ, exits) {
			names := make([]string, len(scc))
			for j, k := range scc {
				names[j] = f.Nodes[k].ID
			}
			cycle := strings.Join(names, " → ") + " → " + names[0]
			report(indexPath("nodes", scc[0]), "loop:"+cycle,
				"when %s, loop without an exit: %s; no outcome can be reached from it then, so lead one of its nodes out of the loop, or change a condition", when, cycle)
		}
	}
	for k := range f.Nodes {
		if !met[k] && ids[f.Nodes[k].ID] == k {
			r.at(indexPath("nodes", k), "node %q is met under no combination of answers to the facts but \"I don't know\": where a walk reaches it, its condition or the conditions on the way contradict each other; change a condition, or remove the node", f.Nodes[k].ID)
		}
	}
}
