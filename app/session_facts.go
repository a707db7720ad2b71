package app

import (
	"fmt"
	"strings"
)

// FactAnswer is a fact answered in a walk.
type FactAnswer struct {
	Fact *Fact
	// Value is the option's id, or Unknown; Label its label.
	Value, Label string
}

// Fact returns the answer to the fact id (an option id or Unknown), and
// whether it is answered.
func (s *Session) Fact(id string) (value string, ok bool) {
	if s.flow == nil {
		return "", false
	}
	i := s.flow.FactIndex(id)
	if i < 0 || i >= len(s.facts) || s.facts[i] == 0 {
		return "", false
	}
	return factValue(&s.flow.Facts[i], s.facts[i]), true
}

// Facts are the facts answered, in the order of Flow.Facts.
func (s *Session) Facts() []FactAnswer {
	var out []FactAnswer
	for i := 0; i < len(s.facts) && s.flow != nil && i < len(s.flow.Facts); i++ {
		if s.facts[i] == 0 {
			continue
		}
		fa := &s.flow.Facts[i]
		v := factValue(fa, s.facts[i])
		out = append(out, FactAnswer{Fact: fa, Value: v, Label: fa.AnswerLabel(v)})
	}
	return out
}

// factValue is the value a fact's code stands for.
func factValue(fa *Fact, code byte) string {
	if k := int(code) - 1; k < len(fa.Options) {
		return fa.Options[k].ID
	}
	return Unknown
}

// factCode is the code of a fact's value: 1+k for option k, 1+len(options)
// for Unknown, 0 for "" (not answered); -1 for a value it does not have.
func factCode(fa *Fact, value string) int {
	switch value {
	case "":
		return 0
	case Unknown:
		return len(fa.Options) + 1
	}
	for k, o := range fa.Options {
		if o.ID == value {
			return k + 1
		}
	}
	return -1
}

// withFact is facts with fact i's code set, trailing zeros trimmed.
func withFact(facts string, i int, code byte) string {
	b := []byte(facts)
	for len(b) <= i {
		b = append(b, 0)
	}
	b[i] = code
	return strings.TrimRight(string(b), "\x00")
}

// SetFact answers the fact id with value (an option id or Unknown; "" takes
// the answer back), or changes its answer. The walk is then replayed from
// its origin under the new answers, keeping what still fits: each step at
// the node the replay is at is taken again, steps at nodes the replay no
// longer meets are dropped, and the replay stops at the first step that
// cannot be taken (or at a node that needs a fact not answered). It
// returns an error wrapping ErrUnknownFact, changing nothing, for a fact or
// value the flow does not have.
func (s *Session) SetFact(id, value string) error {
	f := s.flow
	if f == nil {
		return fmt.Errorf("%w: no flow", ErrUnknownFact)
	}
	i := f.FactIndex(id)
	if i < 0 {
		return fmt.Errorf("%w: fact %q", ErrUnknownFact, id)
	}
	code := factCode(&f.Facts[i], value)
	if code < 0 || code >= len(choiceDigits) {
		return fmt.Errorf("%w: %q is not an answer to %q", ErrUnknownFact, value, id)
	}
	ns := Session{flow: f, origin: s.origin, current: s.origin, facts: withFact(s.facts, i, byte(code))}
	ns.settle()
	for _, st := range s.history {
		if ns.Needs() != nil || ns.Done() {
			break
		}
		if st.Node != ns.current {
			continue
		}
		if ns.Choose(st.Choice) != nil {
			break
		}
	}
	*s = ns
	return nil
}

// Needs is the fact the walk must ask before it shows the current node, or
// nil: the first, in the order of Flow.Facts, of the facts the node's own
// condition names that is not answered; once that condition is decided,
// the first not answered of those named inside the node (see Flow.Needs).
func (s *Session) Needs() *Fact {
	n := s.Current()
	if n == nil {
		return nil
	}
	own, inside := s.flow.Needs(n)
	for _, ids := range [][]string{own, inside} {
		for _, id := range ids {
			if _, ok := s.Fact(id); !ok {
				return s.flow.Fact(id)
			}
		}
	}
	return nil
}

// Applies reports whether an item under condition c is to be shown: c holds
// under the facts answered, or is not decided yet (nothing rules the item
// out). Unknown answers satisfy every condition.
func (s *Session) Applies(c Condition) bool { return s.truth(c) != Fails }

// Truth is condition c under the facts answered.
func (s *Session) Truth(c Condition) Truth { return s.truth(c) }

func (s *Session) truth(c Condition) Truth {
	if len(c) == 0 {
		return Holds
	}
	return c.eval(s.Fact)
}

// Values are the facts answered, by id.
func (s *Session) Values() FactValues {
	v := FactValues{}
	for _, a := range s.Facts() {
		v[a.Fact.ID] = a.Value
	}
	return v
}
