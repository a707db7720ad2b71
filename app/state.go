package app

import (
	"crypto/sha256"
	"encoding/base64"
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
	// ErrStale: the state was saved against other content of this guide
	// (its content hash differs), so its choices cannot be trusted.
	ErrStale = errors.New("app: session state is from other content")
	// ErrInvalidChoice: a choice cannot be taken (out of range, or past an
	// outcome). Choose returns it too.
	ErrInvalidChoice = errors.New("app: invalid choice")
)

// Bounds on a state Decode accepts.
const (
	// MaxStateLen is the longest state string Decode reads.
	MaxStateLen = 2048
	// maxStampLen is the longest content hash a state carries as it is.
	maxStampLen = 16
)

// choiceDigits are the base64url digits, one per choice index below 64.
// Indices from 64 to MaxChoices-1 are written as '~' and two digits.
const choiceDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

const choiceEscape = '~'

// Encode writes the session as a compact state using only URL-unreserved
// characters ([A-Za-z0-9._~-]), so it sits in a path or a query unescaped:
//
//	<guide id>.<stamp>.<origin>.<choices>
//
//	mini.Hk3xQ9aZ..BAB      from Start: options 1, 0, 1
//	mini.Hk3xQ9aZ.2.B       from the deep link at node #2: option 1
//
// stamp is the flow's content hash, Flow.Hash (an 8-character fingerprint of
// it if it is longer than 16 characters or not URL-safe; empty when the flow
// has none), so a state saved against other content is detected; origin is the origin's position in Flow.Nodes in base 36, empty
// for the flow's Start; choices holds one base64url digit per step (an
// index of 64 or more is '~' and two digits). Decode reads it back.
func (s *Session) Encode() string {
	f := s.flow
	if f == nil {
		return ""
	}
	var b strings.Builder
	b.Grow(len(f.ID) + maxStampLen + 8 + len(s.history))
	b.WriteString(f.ID)
	b.WriteByte('.')
	b.WriteString(contentStamp(f.Hash()))
	b.WriteByte('.')
	if s.origin != f.Start {
		if i := f.NodeIndex(s.origin); i >= 0 {
			b.WriteString(strconv.FormatInt(int64(i), 36))
		}
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

// Decode reads a state written by Encode and replays it on f. The empty
// string is a fresh session at f's Start. Errors wrap ErrMalformed,
// ErrOtherGuide, ErrStale or ErrInvalidChoice; Decode never panics, and for
// every state it accepts but "", Encode gives the same string back.
func Decode(f *Flow, state string) (*Session, error) {
	if f == nil {
		return nil, fmt.Errorf("%w: no flow", ErrMalformed)
	}
	if state == "" {
		return NewSession(f), nil
	}
	if len(state) > MaxStateLen {
		return nil, fmt.Errorf("%w: %d bytes, more than %d", ErrMalformed, len(state), MaxStateLen)
	}
	for i := 0; i < len(state); i++ {
		if !stateChar(state[i]) {
			return nil, fmt.Errorf("%w: byte %#02x at %d", ErrMalformed, state[i], i)
		}
	}
	parts := strings.Split(state, ".")
	if len(parts) != 4 {
		return nil, fmt.Errorf("%w: %d parts, want 4", ErrMalformed, len(parts))
	}
	id, stamp, origin, choices := parts[0], parts[1], parts[2], parts[3]
	if !ValidID(id) {
		return nil, fmt.Errorf("%w: guide id %q", ErrMalformed, id)
	}
	if id != f.ID {
		return nil, fmt.Errorf("%w: %q, not %q", ErrOtherGuide, id, f.ID)
	}
	if stamp != contentStamp(f.Hash()) {
		return nil, fmt.Errorf("%w: stamp %q", ErrStale, stamp)
	}
	s := NewSession(f)
	if origin != "" {
		i, err := decodeOrigin(origin)
		if err != nil || i >= len(f.Nodes) {
			return nil, fmt.Errorf("%w: origin %q", ErrMalformed, origin)
		}
		id := f.Nodes[i].ID
		if f.NodeIndex(id) != i || id == f.Start {
			// A duplicate id's second node, or Start written out:
			// Encode writes neither.
			return nil, fmt.Errorf("%w: origin %q", ErrMalformed, origin)
		}
		s.origin, s.current = id, id
	}
	steps, err := decodeChoices(choices)
	if err != nil {
		return nil, err
	}
	for k, c := range steps {
		if err := s.Choose(c); err != nil {
			return nil, fmt.Errorf("step %d: %w", k+1, err)
		}
	}
	return s, nil
}

// contentStamp is the content hash as carried in a state: the hash itself
// when it is short and URL-safe (the content package's hashes are 8
// base64url characters), else an 8-character fingerprint of it.
func contentStamp(hash string) string {
	if len(hash) <= maxStampLen && !strings.ContainsRune(hash, '.') {
		ok := true
		for i := 0; i < len(hash) && ok; i++ {
			ok = stateChar(hash[i])
		}
		if ok {
			return hash
		}
	}
	sum := sha256.Sum256([]byte(hash))
	return base64.RawURLEncoding.EncodeToString(sum[:6]) // 6 bytes: 8 characters
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
