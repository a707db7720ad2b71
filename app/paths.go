package app

// Paths enumerates the distinct walks from the flow's Start to an outcome
// that pass no node twice, depth first in choice order. Each path is the
// steps taken, as Session.History would record them; the outcome reached is
// where the last step's choice leads (a flow starting at an outcome has one
// empty path). Choices leading to unknown nodes are skipped.
//
// Paths stops after limit paths (limit <= 0: no limit) and reports truncated
// when there were more. The number of paths can grow exponentially with the
// size of a guide, so pass a limit for content you do not know.
func Paths(f *Flow, limit int) (paths [][]Step, truncated bool) {
	if f == nil || f.Node(f.Start) == nil {
		return nil, false
	}
	onPath := make(map[string]bool)
	var path []Step
	var walk func(id string) bool // false: stop, the limit is reached
	walk = func(id string) bool {
		n := f.Node(id)
		if n.Kind == KindOutcome {
			if limit > 0 && len(paths) == limit {
				truncated = true
				return false
			}
			paths = append(paths, append([]Step(nil), path...))
			return true
		}
		onPath[id] = true
		defer delete(onPath, id)
		for i, c := range f.Choices(n) {
			if onPath[c.Next] || f.Node(c.Next) == nil || i >= MaxChoices {
				continue
			}
			path = append(path, Step{Node: id, Choice: i})
			ok := walk(c.Next)
			path = path[:len(path)-1]
			if !ok {
				return false
			}
		}
		return true
	}
	walk(f.Start)
	return paths, truncated
}
