package app

// Paths enumerates the distinct walks from the flow's Start to an outcome
// that meet no node twice, under the facts answered v (nil or empty: none
// answered; a walk that arrives at a node needing a fact v lacks ends
// there and is not a path), depth first in choice order. Each path is the
// steps taken, as Session.History would record them for a session whose
// facts are v (SetFacts); the outcome reached is where the walk is after
// the last step. Choices not offered under v, and choices leading to
// unknown nodes, are left out.
//
// Paths stops after limit paths (limit <= 0: no limit) and reports truncated
// when there were more. The number of paths can grow exponentially with the
// size of a guide, so pass a limit for content you do not know.
func Paths(f *Flow, v FactValues, limit int) (paths [][]Step, truncated bool) {
	if f == nil || f.Node(f.Start) == nil {
		return nil, false
	}
	start := NewSession(f)
	if start.SetFacts(v) != nil {
		return nil, false
	}
	onPath := make(map[string]bool)
	var walk func(s *Session) bool // false: stop, the limit is reached
	walk = func(s *Session) bool {
		n := s.Current()
		if n.Kind == KindOutcome {
			if limit > 0 && len(paths) == limit {
				truncated = true
				return false
			}
			paths = append(paths, s.History())
			return true
		}
		if s.Needs() != nil {
			return true
		}
		onPath[n.ID] = true
		defer delete(onPath, n.ID)
		for i := range f.Choices(n) {
			next := s.Clone()
			if i >= MaxChoices || next.Choose(i) != nil || onPath[next.current] {
				continue
			}
			if !walk(next) {
				return false
			}
		}
		return true
	}
	walk(start)
	return paths, truncated
}

// SetFacts answers the facts of v (see SetFact), in the order of
// Flow.Facts. It stops at the first error, which wraps ErrUnknownFact.
func (s *Session) SetFacts(v FactValues) error {
	if s.flow == nil {
		return nil
	}
	for _, fa := range s.flow.Facts {
		if val, ok := v[fa.ID]; ok {
			if err := s.SetFact(fa.ID, val); err != nil {
				return err
			}
		}
	}
	for id := range v {
		if s.flow.Fact(id) == nil {
			return s.SetFact(id, v[id]) // the error naming it
		}
	}
	return nil
}
