// Package app is fixflow's engine: a Flow (one troubleshooting guide in one
// language) and a Session walking it. It is pure Go: no go-app, no syscall/js,
// no JSON library of its own choosing. The content package decodes guides
// into these types and content/lint validates them; the components package
// renders a Session.
//
// go-app's package is also named app, so every file that needs ours imports it
// as:
//
//	engine "github.com/fixflow/fixflow/app"
package app

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
)

// Kind is what a node of a guide does.
type Kind string

// The node kinds.
const (
	// KindQuestion asks the user something; each option leads to a node.
	KindQuestion Kind = "question"
	// KindCheck is something to try, then "Did this fix it?": yes leads to
	// Fixed (a resolved outcome), no to Next.
	KindCheck Kind = "check"
	// KindInfo explains something, then continues to Next.
	KindInfo Kind = "info"
	// KindOutcome ends a walk: resolved, or escalate to someone.
	KindOutcome Kind = "outcome"
)

// MaxIDLen is the longest id ValidID accepts, in bytes.
const MaxIDLen = 64

// ValidID reports whether s is a valid id of a guide, a node or a model
// group: 1 to MaxIDLen bytes of a-z, 0-9 and '-', the first not a '-'
// (^[a-z0-9][a-z0-9-]{0,63}$). Ids name guides and steps in URL paths and
// states, so every part of fixflow that checks an id uses this rule.
func ValidID(s string) bool {
	if s == "" || len(s) > MaxIDLen || s[0] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// The results an outcome node can have.
const (
	ResultResolved = "resolved"
	ResultEscalate = "escalate"
)

// Flow is one guide in one language, as authored in content/*.json.
type Flow struct {
	// ID names the guide in URLs ("imessage-undelivered"); see ValidID.
	ID string `json:"id"`
	// Version is bumped by authors on every published change.
	Version int `json:"version"`
	// Lang is a BCP 47 tag ("en"); every language of one guide has the same
	// node ids and the same options.
	Lang string `json:"lang"`
	// Title and Summary describe the guide (page title, meta description).
	Title   string `json:"title"`
	Summary string `json:"summary"`
	// Start is the id of the first node.
	Start string `json:"start"`
	// Strings are the guide's interface words in its language; see the
	// String* keys for the required set.
	Strings map[string]string `json:"strings"`
	// Nodes in authoring order; ids are unique.
	Nodes []Node `json:"nodes"`

	index     map[string]int // node id -> position in Nodes, built by Index
	longest   []int          // by node position: longest path to an outcome, built by Index
	graphHash string         // GraphHash, built by Index
}

// Node is one step of a guide. The fields used depend on Kind; the content
// validator refuses fields that do not belong to a node's kind.
type Node struct {
	// ID names the node in URLs ("check-wifi"); see ValidID.
	ID   string `json:"id"`
	Kind Kind   `json:"kind"`
	// Title is a question's prompt, a check's name, an info's or an
	// outcome's heading. Plain text.
	Title string `json:"title"`
	// Body is inline markup (see ParseInline).
	Body string `json:"body,omitempty"`

	// Options of a question.
	Options []Option `json:"options,omitempty"`

	// Why a check helps (markup).
	Why string `json:"why,omitempty"`
	// Steps of a check, in order (markup each).
	Steps []string `json:"steps,omitempty"`
	// Paths are where the setting lives, by iOS version.
	Paths []SettingsPath `json:"paths,omitempty"`
	// Warning names a destructive step, and the option not to tap (markup).
	Warning string `json:"warning,omitempty"`
	// Models are the steps that differ by iPhone model (force restart).
	Models []ModelSteps `json:"models,omitempty"`
	// Links are https links for a check or an info.
	Links []Link `json:"links,omitempty"`
	// Fixed is where "Yes, that fixed it" leads: a resolved outcome.
	Fixed string `json:"fixed,omitempty"`
	// Next is where a check's "No" and an info's "Continue" lead.
	Next string `json:"next,omitempty"`
	// Recipient marks a step the person being messaged must do: the view
	// offers to send them the guide.
	Recipient bool `json:"recipient,omitempty"`

	// Result of an outcome: ResultResolved or ResultEscalate.
	Result string `json:"result,omitempty"`
	// Contacts of an escalate outcome: who to contact and why.
	Contacts []Contact `json:"contacts,omitempty"`
}

// Option is one answer to a question.
type Option struct {
	Label string `json:"label"`
	// Hint is a short line under the label (plain text).
	Hint string `json:"hint,omitempty"`
	Next string `json:"next"`
}

// SettingsPath is where a setting lives, e.g. Settings > Apps > Messages.
type SettingsPath struct {
	// IOS is the versions this path applies to: "18+" (iOS 18 and later),
	// "17-" (iOS 17 and earlier) or "all".
	IOS  string   `json:"ios"`
	Path []string `json:"path"`
}

// ModelSteps are steps that apply to some iPhone models only.
type ModelSteps struct {
	// ID is stable across languages ("face-id", "iphone-7", "home-button").
	ID string `json:"id"`
	// Models names the models in words ("iPhone 8 and later").
	Models string   `json:"models"`
	Steps  []string `json:"steps"`
}

// Link is an https link with its label.
type Link struct {
	Label string `json:"label"`
	URL   string `json:"url"`
}

// Contact is who an escalate outcome sends the user to, and why.
type Contact struct {
	Who string `json:"who"`
	Why string `json:"why"`
}

// The keys every Flow.Strings must have.
const (
	StringFixedYes   = "fixed_yes"   // "Yes, that fixed it"
	StringFixedNo    = "fixed_no"    // "No, still not working"
	StringDidItWork  = "did_it_work" // "Did this fix it?"
	StringContinue   = "continue"    // "Continue"
	StringBack       = "back"        // "Back"
	StringRestart    = "restart"     // "Start over"
	StringTried      = "tried"       // "What I've tried"
	StringNotFixed   = "not_fixed"   // transcript: "didn't help"
	StringWasFixed   = "was_fixed"   // transcript: "fixed it"
	StringAnswered   = "answered"    // transcript: "Answered"
	StringRead       = "read"        // transcript: "Read"
	StringStaleState = "stale_state" // notice: saved progress is from an older guide
	StringUnknown    = "unknown_step"
)

// RequiredStrings lists the keys every Flow.Strings must define.
var RequiredStrings = []string{
	StringFixedYes, StringFixedNo, StringDidItWork, StringContinue, StringBack,
	StringRestart, StringTried, StringNotFixed, StringWasFixed, StringAnswered,
	StringRead, StringStaleState, StringUnknown,
}

// Choice is one way out of a node: the label a user picks and where it leads.
// Every kind's edges are Choices, so the engine, the validator and the view
// treat them alike.
type Choice struct {
	Label string
	Next  string
}

// The choices of a check and of an info, by name: Choose(AnswerFixed) at a
// check is "Yes, that fixed it" (to Fixed), Choose(AnswerNotFixed) is "No"
// (to Next); Choose(AnswerContinue) at an info is "Continue" (to Next). A
// question's choices are its options, in order.
const (
	AnswerFixed    = 0
	AnswerNotFixed = 1
	AnswerContinue = 0
)

// Choices are a node's ways out, in order. For a question, its options; for a
// check, AnswerFixed → Fixed and AnswerNotFixed → Next; for an info,
// AnswerContinue → Next; an outcome has none. Labels come from the flow's
// strings.
func (f *Flow) Choices(n *Node) []Choice {
	switch n.Kind {
	case KindQuestion:
		cs := make([]Choice, len(n.Options))
		for i, o := range n.Options {
			cs[i] = Choice{Label: o.Label, Next: o.Next}
		}
		return cs
	case KindCheck:
		cs := make([]Choice, 2)
		cs[AnswerFixed] = Choice{Label: f.Strings[StringFixedYes], Next: n.Fixed}
		cs[AnswerNotFixed] = Choice{Label: f.Strings[StringFixedNo], Next: n.Next}
		return cs
	case KindInfo:
		cs := make([]Choice, 1)
		cs[AnswerContinue] = Choice{Label: f.Strings[StringContinue], Next: n.Next}
		return cs
	}
	return nil
}

// Index (re)builds what is derived from the nodes: the id lookup, the
// longest remaining path of every node (for Progress) and the GraphHash. The
// content package calls it once after decoding, before the flow is shared;
// Node and GraphHash call it lazily for a flow built by hand. Call it again
// after changing a flow.
func (f *Flow) Index() {
	f.index = make(map[string]int, len(f.Nodes))
	for i := range f.Nodes {
		if _, dup := f.index[f.Nodes[i].ID]; !dup {
			f.index[f.Nodes[i].ID] = i
		}
	}
	f.longest = computeLongest(f)
	f.graphHash = computeGraphHash(f)
}

// Node returns the node with the given id, or nil.
func (f *Flow) Node(id string) *Node {
	if f.index == nil {
		f.Index()
	}
	i, ok := f.index[id]
	if !ok {
		return nil
	}
	return &f.Nodes[i]
}

// NodeIndex returns the position of the node id in Nodes, or -1.
func (f *Flow) NodeIndex(id string) int {
	if f.index == nil {
		f.Index()
	}
	if i, ok := f.index[id]; ok {
		return i
	}
	return -1
}

// GraphHash is a fingerprint of what a saved walk depends on: the guide's
// id, its Start, and in order each node's id, kind and the targets of its
// Choices (a question's options, a check's Fixed and Next, an info's Next).
// The words are left out (titles, labels, bodies, strings, the language,
// the version), so fixing a typo or adding a translation keeps every saved
// walk, while moving, adding or removing a node or a way out changes it. It
// is 8 base64url characters: the first 6 bytes of a SHA-256. A state
// carries it (see Encode).
func (f *Flow) GraphHash() string {
	if f.index == nil {
		f.Index()
	}
	return f.graphHash
}

// computeGraphHash hashes the graph GraphHash describes, each string
// length-prefixed so that no two graphs write the same bytes.
func computeGraphHash(f *Flow) string {
	var b []byte
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	num := func(n int) { b = binary.AppendUvarint(b, uint64(n)) }
	str("fixflow graph v1")
	str(f.ID)
	str(f.Start)
	num(len(f.Nodes))
	for i := range f.Nodes {
		n := &f.Nodes[i]
		str(n.ID)
		str(string(n.Kind))
		cs := f.Choices(n)
		num(len(cs))
		for _, c := range cs {
			str(c.Next)
		}
	}
	sum := sha256.Sum256(b)
	return base64.RawURLEncoding.EncodeToString(sum[:6])
}
