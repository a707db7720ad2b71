package app

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// The errors Decode returns, each wrapped with detail: test with errors.Is.
var (
	// ErrMalformed: the state is not one Encode writes (syntax, length).
	ErrMalformed = errors.New("app: malformed session state")
	// ErrOtherGuide: the state is for another guide.
	ErrOtherGuide = errors.New("app: session state is for another guide")
	// ErrStale: the state was saved against another graph of this guide
	// (its stamp is not the flow's GraphHash), so its choices may not fit
	// any more: Recover keeps those that still do.
	ErrStale = errors.New("app: session state is from another version of the guide")
	// ErrInvalidChoice: a choice cannot be taken (out of range, or past an
	// outcome). Choose returns it too.
	ErrInvalidChoice = errors.New("app: invalid choice")
)

// MaxStateLen is the longest state string Decode and Recover read. Every
// walk Encode writes fits (MaxWalk choices of at most 3 characters each,
// and MaxFacts digits).
const MaxStateLen = 2048

// choiceDigits are the base64url digits, one per choice index below 64.
// Indices from 64 to MaxChoices-1 are written as '~' and two digits.
const choiceDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

const choiceEscape = '~'

// Encode writes the session as a compact state using only URL-unreserved
// characters ([A-Za-z0-9._~-]), so it sits in a path or a query unescaped:
//
//	<guide id>.<stamp>.<origin>.<facts>.<choices>
//
//	mini.Hk3xQ9aZ...BAB      from Start, no fact answered: options 1, 0, 1
//	mini.Hk3xQ9aZ.2.AC.B     from the deep link at node #2, the second fact
//	                         answered with its option 1: option 1
//
// stamp is the flow's GraphHash (8 characters), so a state saved against
// another graph of the guide is detected while one saved before a change of
// words is not; origin is the origin's position in Flow.Nodes in base 36,
// empty for the flow's Start; facts holds one digit per fact of the flow, in
// order — 'A' not answered, 'B' its option 0, 'C' option 1…, and the digit
// after its last option for Unknown — with the trailing 'A's left out;
// choices holds one base64url digit per step (an index of 64 or more is '~'
// and two digits). Decode reads it back.
func (s *Session) Encode() string {
	f := s.flow
	if f == nil {
		return ""
	}
	var b strings.Builder
	stamp := f.GraphHash()
	b.Grow(len(f.ID) + len(stamp) + 10 + len(s.facts) + len(s.history))
	b.WriteString(f.ID)
	b.WriteByte('.')
	b.WriteString(stamp)
	b.WriteByte('.')
	if s.origin != f.Start {
		if i := f.NodeIndex(s.origin); i >= 0 {
			b.WriteString(strconv.FormatInt(int64(i), 36))
		}
	}
	b.WriteByte('.')
	for i := 0; i < len(s.facts); i++ {
		b.WriteByte(choiceDigits[s.facts[i]&63])
	}
	b.WriteByte('.')
	for _, st := range s.history {
		c := st.Choice
		if c >= 0 && c < 64 {
			b.WriteByte(choiceDigits[c])
		} else if c >= 64 && c < MaxChoices {
			b.WriteByte(choiceEscape)
			b.WriteByte(choiceDigits[c/64])
			b.WriteByte(choiceDigits[c%64])
		}
	}
	return b.String()
}

// Decode reads a state written by Encode and replays it on f: the facts
// first, then the choices. The empty string is a fresh session at f's
// Start. Errors wrap ErrMalformed, ErrOtherGuide, ErrStale or
// ErrInvalidChoice; Decode never panics, and for every state it accepts but
// "", Encode gives the same string back.
func Decode(f *Flow, state string) (*Session, error) {
	st, err := parseState(f, state)
	if err != nil {
		return nil, err
	}
	if st.stale {
		return nil, fmt.Errorf("%w: stamp %q", ErrStale, st.stamp)
	}
	facts, dropped := st.factsFor(f)
	if dropped > 0 {
		return nil, fmt.Errorf("%w: facts %q", ErrMalformed, st.facts)
	}
	s, err := st.start(f, facts)
	if err != nil {
		return nil, err
	}
	for k, c := range st.choices {
		if err := s.Choose(c); err != nil {
			return nil, fmt.Errorf("step %d: %w", k+1, err)
		}
	}
	return s, nil
}

// Recovery is what Recover kept of a saved walk.
type Recovery struct {
	// Session is the walk rebuilt from the state.
	Session *Session
	// Stale reports that the state was saved against another graph of the
	// guide (Decode would return ErrStale), or is of the format before
	// facts (four parts: guide, stamp, origin, choices).
	Stale bool
	// Kept is the number of the state's choices replayed, Dropped the
	// number left out: from the first that no longer fits to the end.
	Kept, Dropped int
	// FactsDropped is the number of the state's answers to facts left out:
	// those of a fact the flow no longer has, or out of its range.
	FactsDropped int
}

// Recover reads a state like Decode, but where Decode refuses a state of
// this guide that no longer fits (ErrStale, ErrInvalidChoice), it keeps
// what still does: the answers to facts that are still in range, then the
// walk starts at the node at the state's origin position if the flow still
// has one there (else at Start, keeping no choice), and the choices are
// replayed in order while each still fits: it is in range and offered at
// the node the replay is at, which needs no fact unanswered, and leads to a
// node of the flow. A state Decode accepts is recovered whole: the same
// session, Stale false and nothing dropped. A state of the format before
// facts is read as a stale one without facts.
//
// A state records positions, not words or ids: after an edit that reorders
// a question's options or a flow's facts, or redirects a way out, a
// replayed choice can land on another answer or node than the one taken.
// So when Stale is true the view should say that the guide changed and
// what was kept, and let the user go back.
//
// Errors wrap ErrMalformed or ErrOtherGuide only: a state that cannot be
// read, or is another guide's, has nothing to keep. Recover never panics,
// and the session's Encode is a state Decode accepts.
func Recover(f *Flow, state string) (Recovery, error) {
	st, err := parseState(f, state)
	if err != nil {
		return Recovery{}, err
	}
	r := Recovery{Stale: st.stale}
	facts, dropped := st.factsFor(f)
	if dropped > 0 && !st.stale {
		return Recovery{}, fmt.Errorf("%w: facts %q", ErrMalformed, st.facts)
	}
	r.FactsDropped = dropped
	s, err := st.start(f, facts)
	if err != nil && !st.stale {
		return Recovery{}, err
	}
	if err != nil {
		// The origin of the state's walk is gone: start over, with the
		// facts that still fit.
		s = NewSession(f)
		s.facts = facts
		s.settle()
		r.Session, r.Dropped = s, len(st.choices)
		return r, nil
	}
	for _, c := range st.choices {
		if s.Choose(c) != nil {
			break
		}
		r.Kept++
	}
	r.Session, r.Dropped = s, len(st.choices)-r.Kept
	return r, nil
}

// parsedState is a state read by parseState: its stamp, whether that is not
// the flow's GraphHash, the origin's position in Nodes (-1 for Start) and
// the choices.
type parsedState struct {
	stamp   string
	stale   bool
	origin  int
	facts   string // the digits as written
	choices []int
}

// parseState reads the syntax of a state and checks that it is for f. A
// stale state is read, not refused: Decode refuses it, Recover keeps what
// fits.
func parseState(f *Flow, state string) (parsedState, error) {
	st := parsedState{origin: -1}
	if f == nil {
		return st, fmt.Errorf("%w: no flow", ErrMalformed)
	}
	if state == "" {
		return st, nil
	}
	if len(state) > MaxStateLen {
		return st, fmt.Errorf("%w: %d bytes, more than %d", ErrMalformed, len(state), MaxStateLen)
	}
	for i := 0; i < len(state); i++ {
		if !stateChar(state[i]) {
			return st, fmt.Errorf("%w: byte %#02x at %d", ErrMalformed, state[i], i)
		}
	}
	parts := strings.Split(state, ".")
	legacy := len(parts) == 4 // before facts: guide, stamp, origin, choices
	if legacy {
		parts = []string{parts[0], parts[1], parts[2], "", parts[3]}
	}
	if len(parts) != 5 {
		return st, fmt.Errorf("%w: %d parts, want 5", ErrMalformed, len(parts))
	}
	id, stamp, origin, facts, choices := parts[0], parts[1], parts[2], parts[3], parts[4]
	if !ValidID(id) {
		return st, fmt.Errorf("%w: guide id %q", ErrMalformed, id)
	}
	if id != f.ID {
		return st, fmt.Errorf("%w: %q, not %q", ErrOtherGuide, id, f.ID)
	}
	st.stamp, st.stale = stamp, legacy || stamp != f.GraphHash()
	if len(facts) > MaxFacts || strings.HasSuffix(facts, "A") {
		return st, fmt.Errorf("%w: facts %q", ErrMalformed, facts)
	}
	for i := 0; i < len(facts); i++ {
		if choiceDigit(facts[i]) < 0 {
			return st, fmt.Errorf("%w: facts %q", ErrMalformed, facts)
		}
	}
	st.facts = facts
	if origin != "" {
		i, err := decodeOrigin(origin)
		if err != nil {
			return st, fmt.Errorf("%w: origin %q", ErrMalformed, origin)
		}
		st.origin = i
	}
	var err error
	st.choices, err = decodeChoices(choices)
	return st, err
}

// factsFor reads the state's facts for f: each digit in range for the
// fact at its position is kept, the others are counted as dropped.
func (st parsedState) factsFor(f *Flow) (facts string, dropped int) {
	b := make([]byte, len(st.facts))
	for i := 0; i < len(st.facts); i++ {
		d := choiceDigit(st.facts[i])
		if i < len(f.Facts) && d <= len(f.Facts[i].Options)+1 {
			b[i] = byte(d)
		} else {
			dropped++
		}
	}
	return strings.TrimRight(string(b), "\x00"), dropped
}

// start is a session at the state's origin with the facts, before any
// choice. An origin that is not a node of f, the second node of a
// duplicated id, or f's Start written out (Encode writes none of them) is
// malformed.
func (st parsedState) start(f *Flow, facts string) (*Session, error) {
	s := NewSession(f)
	s.facts = facts
	if st.origin < 0 {
		s.settle()
		return s, nil
	}
	o := strconv.FormatInt(int64(st.origin), 36)
	if st.origin >= len(f.Nodes) {
		return nil, fmt.Errorf("%w: origin %q", ErrMalformed, o)
	}
	id := f.Nodes[st.origin].ID
	if f.NodeIndex(id) != st.origin || id == f.Start {
		return nil, fmt.Errorf("%w: origin %q", ErrMalformed, o)
	}
	s.origin, s.current = id, id
	s.settle()
	return s, nil
}

// decodeOrigin reads a canonical base-36 node position: lower case, no
// leading zero, at most 6 digits.
func decodeOrigin(s string) (int, error) {
	if len(s) > 6 || (len(s) > 1 && s[0] == '0') {
		return 0, ErrMalformed
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'z') {
			return 0, ErrMalformed
		}
	}
	n, err := strconv.ParseInt(s, 36, 64)
	if err != nil {
		return 0, ErrMalformed
	}
	return int(n), nil
}

// decodeChoices reads the choice digits, in canonical form only.
func decodeChoices(s string) ([]int, error) {
	var out []int
	for i := 0; i < len(s); {
		if len(out) >= MaxWalk {
			return nil, fmt.Errorf("%w: more than %d choices", ErrMalformed, MaxWalk)
		}
		if s[i] != choiceEscape {
			d := choiceDigit(s[i])
			if d < 0 {
				return nil, fmt.Errorf("%w: choice %q", ErrMalformed, s[i])
			}
			out = append(out, d)
			i++
			continue
		}
		if i+2 >= len(s) {
			return nil, fmt.Errorf("%w: short escape at %d", ErrMalformed, i)
		}
		hi, lo := choiceDigit(s[i+1]), choiceDigit(s[i+2])
		if hi < 1 || lo < 0 { // hi 0 would be an index below 64: not canonical
			return nil, fmt.Errorf("%w: escape %q", ErrMalformed, s[i:i+3])
		}
		out = append(out, hi*64+lo)
		i += 3
	}
	return out, nil
}

// choiceDigit is the value of a base64url digit, or -1.
func choiceDigit(c byte) int {
	switch {
	case 'A' <= c && c <= 'Z':
		return int(c - 'A')
	case 'a' <= c && c <= 'z':
		return int(c-'a') + 26
	case '0' <= c && c <= '9':
		return int(c-'0') + 52
	case c == '-':
		return 62
	case c == '_':
		return 63
	}
	return -1
}

// stateChar reports whether c is URL-unreserved (RFC 3986).
func stateChar(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}
