package app

import (
	"errors"
	"fmt"
)

// MaxWalk bounds the length of a walk, in choices taken: Choose refuses a
// step beyond it, and Decode refuses a state with more choices. Guides may
// loop (a loop with an exit is valid content), so without a bound a walk
// could grow without end. (A check's own list of steps is bounded by
// content/lint's MaxCheckSteps.)
const MaxWalk = 500

// MaxChoices bounds the index of a choice: Choose refuses an index at or
// beyond it, so every walk can be encoded (see Encode). No sensible question
// comes near it (content/lint allows MaxQuestionOptions options).
const MaxChoices = 64 * 64

// ErrUnknownNode is returned by NewSessionAt for a node id the flow does not
// have (a stale or mistyped deep link).
var ErrUnknownNode = errors.New("app: unknown node")

// ErrTooLong is returned by Choose when a walk would exceed MaxWalk.
var ErrTooLong = errors.New("app: walk too long")

// ErrNeedsFact is returned (wrapped) by Choose at a node that needs a fact
// not answered yet (see Needs). It is an ErrInvalidChoice.
var ErrNeedsFact = fmt.Errorf("%w: a fact must be answered first", ErrInvalidChoice)

// ErrUnknownFact is returned by SetFact for a fact the flow does not have,
// or a value that is not one of its answers.
var ErrUnknownFact = errors.New("app: unknown fact or answer")

// Step is one node passed in a walk and the choice taken there: Choice
// indexes Flow.Choices of that node.
type Step struct {
	Node   string
	Choice int
}

// Session is a walk through a Flow: where it started (the origin), the
// facts answered, the steps taken and the node it is at.
//
// A check or an info whose condition fails under the facts answered is
// passed by: the walk goes on to its Next as if it had been passed, and the
// skip is not a step of the history. A node whose condition names a fact not
// answered yet stops the walk there until it is (Needs).
//
// A Session is a small value: copying it (or calling Clone) is cheap, and a
// copy walks on independently of the original, so a view can keep the
// session it rendered and hand a copy to the next event. A Flow must not be
// changed while sessions walk it.
type Session struct {
	flow    *Flow
	origin  string
	current string
	// facts holds one byte per fact of the flow, in order: 0 unanswered,
	// 1+k option k, 1+len(options) Unknown; trailing zeros are trimmed. A
	// string, so copies share it safely.
	facts string
	// history is shared between copies; it is only ever appended to through
	// a full slice expression (see Choose), so no copy writes into another's
	// array.
	history []Step
}

// NewSession starts a walk at the flow's Start node, with no fact
// answered.
func NewSession(f *Flow) *Session {
	s := &Session{flow: f}
	if f != nil {
		s.origin = f.Start
		s.current = f.Start
	}
	return s
}

// NewSessionAt starts a walk at any node of the flow (a deep link); the node
// is remembered as the session's origin. An unknown node id returns an error
// wrapping ErrUnknownNode.
func NewSessionAt(f *Flow, nodeID string) (*Session, error) {
	if f == nil || f.Node(nodeID) == nil {
		return nil, fmt.Errorf("%w: %q", ErrUnknownNode, nodeID)
	}
	return &Session{flow: f, origin: nodeID, current: nodeID}, nil
}

// Flow is the guide being walked.
func (s *Session) Flow() *Flow { return s.flow }

// Current is the node the walk is at, or nil if the flow lacks it (only for
// a flow that failed validation).
func (s *Session) Current() *Node {
	if s.flow == nil {
		return nil
	}
	return s.flow.Node(s.current)
}

// Origin is the id of the node the walk started at: the flow's Start, or a
// deep link's node.
func (s *Session) Origin() string { return s.origin }

// History is the walk so far: the nodes passed and the choice taken at each,
// in order. The slice is a copy.
func (s *Session) History() []Step {
	if len(s.history) == 0 {
		return nil
	}
	return append([]Step(nil), s.history...)
}

// Len is the number of steps taken (len(History()) without the copy).
func (s *Session) Len() int { return len(s.history) }

// Done reports whether the walk is at an outcome.
func (s *Session) Done() bool {
	n := s.Current()
	return n != nil && n.Kind == KindOutcome
}

// Choose takes choice i of the current node: i indexes
// Flow.Choices(Current()). Then the walk passes by the nodes that do not
// apply (see Session). It returns an error wrapping ErrInvalidChoice when
// i is out of range or not offered (Offered), the walk is at an outcome,
// the node needs a fact not answered yet (ErrNeedsFact), or the choice
// leads to a node the flow lacks; one wrapping ErrTooLong beyond MaxWalk.
// On error the session is unchanged.
func (s *Session) Choose(i int) error {
	n := s.Current()
	if n == nil {
		return fmt.Errorf("%w: no current node %q", ErrInvalidChoice, s.current)
	}
	if n.Kind == KindOutcome {
		return fmt.Errorf("%w: %q is an outcome", ErrInvalidChoice, n.ID)
	}
	if fa := s.Needs(); fa != nil {
		return fmt.Errorf("%w: %q needs %q", ErrNeedsFact, n.ID, fa.ID)
	}
	cs := s.flow.Choices(n)
	if i < 0 || i >= len(cs) || i >= MaxChoices {
		return fmt.Errorf("%w: choice %d of %q (has %d)", ErrInvalidChoice, i, n.ID, len(cs))
	}
	if s.truth(cs[i].When) == Fails {
		return fmt.Errorf("%w: choice %d of %q does not apply", ErrInvalidChoice, i, n.ID)
	}
	next := cs[i].Next
	if s.flow.Node(next) == nil {
		return fmt.Errorf("%w: choice %d of %q leads to unknown node %q", ErrInvalidChoice, i, n.ID, next)
	}
	if len(s.history) >= MaxWalk {
		return fmt.Errorf("%w: more than %d steps", ErrTooLong, MaxWalk)
	}
	h := s.history
	s.history = append(h[:len(h):len(h)], Step{Node: n.ID, Choice: i})
	s.current = next
	s.settle()
	return nil
}

// ChooseNext takes the first offered choice of the current node that leads
// to nodeID: whose target is nodeID, or else after which the walk is at
// nodeID (the nodes in between passed by). It returns an error wrapping
// ErrInvalidChoice when none does.
func (s *Session) ChooseNext(nodeID string) error {
	n := s.Current()
	if n == nil {
		return fmt.Errorf("%w: no current node %q", ErrInvalidChoice, s.current)
	}
	cs := s.flow.Choices(n)
	for i, c := range cs {
		if c.Next == nodeID && s.truth(c.When) != Fails {
			return s.Choose(i)
		}
	}
	for i := range cs {
		if next := s.Clone(); next.Choose(i) == nil && next.current == nodeID {
			*s = *next
			return nil
		}
	}
	return fmt.Errorf("%w: no choice of %q leads to %q", ErrInvalidChoice, n.ID, nodeID)
}

// ChooseID takes the choice of the current node whose Choice.ID is id (an
// option's id, or ChoiceYes, ChoiceNo, ChoiceCantFind, ChoiceContinue). It
// returns an error wrapping ErrInvalidChoice when there is none.
func (s *Session) ChooseID(id string) error {
	n := s.Current()
	if n == nil {
		return fmt.Errorf("%w: no current node %q", ErrInvalidChoice, s.current)
	}
	for i, c := range s.flow.Choices(n) {
		if c.ID == id {
			return s.Choose(i)
		}
	}
	return fmt.Errorf("%w: %q has no answer %q", ErrInvalidChoice, n.ID, id)
}

// Offered reports whether choice i of the current node is offered: it
// exists and its condition does not fail under the facts answered.
func (s *Session) Offered(i int) bool {
	n := s.Current()
	if n == nil {
		return false
	}
	cs := s.flow.Choices(n)
	return i >= 0 && i < len(cs) && s.truth(cs[i].When) != Fails
}

// settle passes by the nodes that do not apply, from the current one: a
// check or an info whose condition fails goes on to its Next. It stops at a
// node that applies or is undecided, and after as many nodes as the flow
// has (a loop of nodes that never apply: invalid content).
func (s *Session) settle() {
	f := s.flow
	for range len(f.Nodes) {
		n := f.Node(s.current)
		if n == nil || len(n.When) == 0 || (n.Kind != KindCheck && n.Kind != KindInfo) || f.Node(n.Next) == nil {
			return
		}
		if s.truth(n.When) != Fails {
			return
		}
		s.current = n.Next
	}
}

// Back returns to the previous node and forgets the answer taken there and
// every step after, so a different answer can be chosen. It reports false,
// changing nothing, at the origin.
func (s *Session) Back() bool {
	n := len(s.history)
	if n == 0 {
		return false
	}
	s.current = s.history[n-1].Node
	s.history = s.history[:n-1]
	return true
}

// Restart goes back to the flow's Start with an empty history, keeping the
// facts answered (they are about the user's situation, not the walk). A
// restart always goes to the guide's start, even for a walk begun at a
// deep link: Start becomes the origin.
func (s *Session) Restart() {
	s.history = nil
	if s.flow != nil {
		s.origin = s.flow.Start
		s.current = s.flow.Start
		s.settle()
	}
}

// Clone returns an independent copy of the session. It is cheap: the history
// is shared until either walks on.
func (s *Session) Clone() *Session {
	c := *s
	return &c
}

// Answer returns the choice taken at nodeID in the current walk (the latest,
// if a loop passed it more than once), and whether there is one.
func (s *Session) Answer(nodeID string) (choice int, ok bool) {
	for i := len(s.history) - 1; i >= 0; i-- {
		if s.history[i].Node == nodeID {
			return s.history[i].Choice, true
		}
	}
	return 0, false
}
