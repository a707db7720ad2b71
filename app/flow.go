// Package app is fixflow's engine: a Flow (one troubleshooting guide in one
// language, with the facts it may need and the conditions that use them)
// and a Session walking it. It is pure Go: no go-app, no syscall/js, no
// product words, no JSON library of its own choosing (the one exception is a
// step's two forms, see Instruction.UnmarshalJSON). The content package
// decodes guides into these types and content/lint validates them; the
// components package renders a Session.
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
	"slices"
	"strings"
	"sync"
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
	// ResultResolved: the problem is fixed.
	ResultResolved = "resolved"
	// ResultEscalate: someone else must help; the outcome names them
	// (Contacts) and what to tell them.
	ResultEscalate = "escalate"
	// ResultWait: nothing to do but wait (Wait says for what and how
	// long); the view remembers the walk and offers to pick it up.
	ResultWait = "wait"
	// ResultWorkaround: it works for now in another way (Workaround says
	// what works and what is still wrong).
	ResultWorkaround = "workaround"
)

// Results lists the results an outcome can have, in the order docs give
// them.
var Results = []string{ResultResolved, ResultEscalate, ResultWait, ResultWorkaround}

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
	// Facts are what the guide may need to know about the user's
	// situation (a device's system version, its model), each asked once,
	// the first time a node needs it (see Session.Needs).
	Facts []Fact `json:"facts,omitempty"`
	// Strings are the guide's interface words in its language; see the
	// String* keys for the required set.
	Strings map[string]string `json:"strings"`
	// Nodes in authoring order; ids are unique.
	Nodes []Node `json:"nodes"`

	index     map[string]int // node id -> position in Nodes, built by Index
	facts     map[string]int // fact id -> position in Facts, built by Index
	needs     [][2][]string  // by node position: Needs, built by Index
	longest   []int          // by node position: longest path to an outcome, built by Index
	longestBy *sync.Map      // facts (a Session's codes) -> []int: longest under them, filled by Progress
	graphHash string         // GraphHash, built by Index
}

// Node is one step of a guide. The fields used depend on Kind; the content
// validator refuses fields that do not belong to a node's kind.
type Node struct {
	// ID names the node in URLs ("check-wifi"); see ValidID.
	ID   string `json:"id"`
	Kind Kind   `json:"kind"`
	// When a check or an info applies; where it does not, the walk passes
	// it by as if it had been passed (see Condition). Empty: always.
	When Condition `json:"when,omitempty"`
	// Title is a question's prompt, a check's name, an info's or an
	// outcome's heading. Plain text.
	Title string `json:"title"`
	// Body is inline markup (see ParseInline).
	Body string `json:"body,omitempty"`

	// Options of a question.
	Options []Option `json:"options,omitempty"`

	// Why a check helps (markup).
	Why string `json:"why,omitempty"`
	// Steps of a check, in order.
	Steps []Instruction `json:"steps,omitempty"`
	// Paths are where the setting lives, each with the condition it
	// holds under (e.g. a system version).
	Paths []SettingsPath `json:"paths,omitempty"`
	// Warning is about the whole check (markup); a warning about one
	// step belongs to that step (Instruction.Warning).
	Warning string `json:"warning,omitempty"`
	// Models are groups of steps that differ by device (force restart),
	// each under its condition.
	Models []ModelSteps `json:"models,omitempty"`
	// Links are https links for a check or an info.
	Links []Link `json:"links,omitempty"`
	// Sources are the https pages a check's advice rests on, and
	// Verified when it was last checked against them.
	Sources  []string  `json:"sources,omitempty"`
	Verified *Verified `json:"verified,omitempty"`
	// Fixed is where "Yes, that fixed it" leads: a resolved outcome.
	Fixed string `json:"fixed,omitempty"`
	// Next is where a check's "No" and an info's "Continue" lead.
	Next string `json:"next,omitempty"`
	// CantFind, when set, offers a check's third answer, "I can't find
	// this setting", and is where it leads (any node).
	CantFind string `json:"cant_find,omitempty"`
	// Recipient marks a step the other person must do: the view offers
	// to send them the step (in the guide's words, Strings
	// recipient_why and recipient_send).
	Recipient bool `json:"recipient,omitempty"`

	// Result of an outcome: one of Results.
	Result string `json:"result,omitempty"`
	// Contacts of an outcome: who to turn to, why, and what to tell them.
	// An escalation needs one; a wait or a workaround may have some.
	Contacts []Contact `json:"contacts,omitempty"`
	// Wait is what a wait outcome waits for.
	Wait *Wait `json:"wait,omitempty"`
	// Workaround is what works for now, and what does not, in a
	// workaround outcome.
	Workaround *Workaround `json:"workaround,omitempty"`
}

// Option is one answer to a question.
type Option struct {
	// ID names the option across languages, in scenarios and in
	// statistics ("red-bang"); see ValidID.
	ID    string `json:"id"`
	Label string `json:"label"`
	// Hint is a short line under the label (plain text).
	Hint string `json:"hint,omitempty"`
	Next string `json:"next"`
	// When the option is offered; empty: always.
	When Condition `json:"when,omitempty"`
}

// Instruction is one step of a check. In a document it is a string (its
// text) or an object with the text and what else it has.
type Instruction struct {
	Text string `json:"text"` // markup
	// When the step applies; empty: always.
	When Condition `json:"when,omitempty"`
	// Warning says what the step can cost (what is lost), in markup.
	Warning string `json:"warning,omitempty"`
	// Image shows the step.
	Image *Image `json:"image,omitempty"`
}

// Image is a picture of a step: a file of the content directory (an SVG,
// PNG or WebP under images/), drawn at Width×Height CSS pixels, with Alt
// saying what it shows.
type Image struct {
	Src    string `json:"src"` // "images/force-restart.svg"
	Alt    string `json:"alt"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
}

// SettingsPath is where a setting lives, e.g. Settings > Apps > Messages.
type SettingsPath struct {
	// When the path applies (a system version); empty: always.
	When Condition `json:"when,omitempty"`
	Path []string  `json:"path"`
}

// ModelSteps are steps that apply to some devices only.
type ModelSteps struct {
	// When the steps apply: the devices, by fact.
	When  Condition     `json:"when"`
	Steps []Instruction `json:"steps"`
}

// Link is an https link with its label.
type Link struct {
	Label string `json:"label"`
	URL   string `json:"url"`
	// When the link applies; empty: always.
	When Condition `json:"when,omitempty"`
}

// Contact is who an outcome sends the user to, why, and what to tell them.
type Contact struct {
	// Kind names the party, stable across languages and outcomes
	// ("carrier"): a help centre may put its own contact in place of
	// every contact of one kind. See ValidID.
	Kind string `json:"kind"`
	Who  string `json:"who"`
	Why  string `json:"why"`
	// Tell is what to tell them (markup); the view adds what was tried.
	Tell string `json:"tell,omitempty"`
	// How to reach them, each optional: an https page (see CheckLink), a
	// phone number (see ValidPhone) and when they answer (plain text). A
	// site configuration sets these for its own contacts.
	URL   string `json:"url,omitempty"`
	Phone string `json:"phone,omitempty"`
	Hours string `json:"hours,omitempty"`
}

// MaxPhoneLen is the longest phone number ValidPhone accepts, in bytes.
const MaxPhoneLen = 32

// ValidPhone reports whether s is a contact's phone number: 1 to
// MaxPhoneLen bytes of digits, spaces and + ( ) . -, with at least one
// digit. Nothing else can reach the tel: link the view makes of it.
func ValidPhone(s string) bool {
	return len(s) <= MaxPhoneLen && strings.ContainsAny(s, "0123456789") && strings.Trim(s, "0123456789 +().-") == ""
}

// PhoneLink is the tel: URL of a valid phone number (ValidPhone): its
// digits and a leading +, without the spaces and punctuation.
func PhoneLink(s string) string {
	b := []byte("tel:")
	for i := 0; i < len(s); i++ {
		if c := s[i]; '0' <= c && c <= '9' || c == '+' && len(b) == len("tel:") {
			b = append(b, c)
		}
	}
	return string(b)
}

// Wait is what a wait outcome waits for (markup), and for about how long.
type Wait struct {
	For   string `json:"for"`
	Hours int    `json:"hours"`
}

// Workaround is what works now, and what is still wrong (markup each).
type Workaround struct {
	Now     string `json:"now"`
	Remains string `json:"remains"`
}

// Verified is when a check was last checked against its sources: the
// system version it was checked on and the date (YYYY-MM-DD).
type Verified struct {
	Version string `json:"version"`
	Date    string `json:"date"`
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

// The keys a Flow.Strings must have when the guide uses what they name.
const (
	// StringCantFind is the third answer of a check that has CantFind:
	// "I can't find this setting"; StringNotFound is that answer in the
	// transcript: "couldn't find the setting".
	StringCantFind = "cant_find"
	StringNotFound = "not_found"
	// StringRecipientWhy says, on a step the other person must do, why
	// they must ("This one happens on their phone…"); StringRecipientSend
	// is the button that sends them the step.
	StringRecipientWhy  = "recipient_why"
	StringRecipientSend = "recipient_send"
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
	// ID names the answer: a question's option id, or for a check and an
	// info one of ChoiceYes, ChoiceNo, ChoiceCantFind and ChoiceContinue.
	ID    string
	Label string
	Next  string
	// When the choice is offered (a question's option); empty: always.
	When Condition
}

// The choices of a check and of an info, by name: Choose(AnswerFixed) at a
// check is "Yes, that fixed it" (to Fixed), Choose(AnswerNotFixed) is "No"
// (to Next), Choose(AnswerCantFind) "I can't find this setting" (to
// CantFind, where the check has it); Choose(AnswerContinue) at an info is
// "Continue" (to Next). A question's choices are its options, in order.
const (
	AnswerFixed    = 0
	AnswerNotFixed = 1
	AnswerCantFind = 2
	AnswerContinue = 0
)

// The ids of the answers of a check and of an info (Choice.ID), as
// scenarios and statistics name them.
const (
	ChoiceYes      = "yes"
	ChoiceNo       = "no"
	ChoiceCantFind = "cant-find"
	ChoiceContinue = "continue"
)

// Choices are a node's ways out, in order. For a question, its options; for a
// check, AnswerFixed → Fixed, AnswerNotFixed → Next and, when it has one,
// AnswerCantFind → CantFind; for an info, AnswerContinue → Next; an outcome
// has none. Labels come from the flow's strings. A question's options are
// all there, whatever their conditions: Session.Offered says which apply.
func (f *Flow) Choices(n *Node) []Choice {
	switch n.Kind {
	case KindQuestion:
		cs := make([]Choice, len(n.Options))
		for i, o := range n.Options {
			cs[i] = Choice{ID: o.ID, Label: o.Label, Next: o.Next, When: o.When}
		}
		return cs
	case KindCheck:
		k := 2
		if n.CantFind != "" {
			k = 3
		}
		cs := make([]Choice, k)
		cs[AnswerFixed] = Choice{ID: ChoiceYes, Label: f.Strings[StringFixedYes], Next: n.Fixed}
		cs[AnswerNotFixed] = Choice{ID: ChoiceNo, Label: f.Strings[StringFixedNo], Next: n.Next}
		if k == 3 {
			cs[AnswerCantFind] = Choice{ID: ChoiceCantFind, Label: f.Strings[StringCantFind], Next: n.CantFind}
		}
		return cs
	case KindInfo:
		cs := make([]Choice, 1)
		cs[AnswerContinue] = Choice{ID: ChoiceContinue, Label: f.Strings[StringContinue], Next: n.Next}
		return cs
	}
	return nil
}

// Index (re)builds what is derived from the nodes and facts: the id
// lookups, the longest remaining path of every node (for Progress) and the
// GraphHash. The content package calls it once after decoding, before the
// flow is shared; Node and GraphHash call it lazily for a flow built by
// hand. Call it again after changing a flow.
func (f *Flow) Index() {
	f.index = make(map[string]int, len(f.Nodes))
	for i := range f.Nodes {
		if _, dup := f.index[f.Nodes[i].ID]; !dup {
			f.index[f.Nodes[i].ID] = i
		}
	}
	f.facts = make(map[string]int, len(f.Facts))
	for i := range f.Facts {
		if _, dup := f.facts[f.Facts[i].ID]; !dup {
			f.facts[f.Facts[i].ID] = i
		}
	}
	f.needs = make([][2][]string, len(f.Nodes))
	for i := range f.Nodes {
		f.needs[i][0], f.needs[i][1] = f.computeNeeds(&f.Nodes[i])
	}
	f.longest = computeLongest(f, "")
	f.longestBy = new(sync.Map)
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
// id, its Start, its facts (ids and option ids, in order), and in order each
// node's id, kind and the targets of its Choices (a question's options, a
// check's Fixed, Next and CantFind, an info's Next), and every condition of
// the node with its place (EachCondition: its own, its options', steps',
// paths', models' and links'), which decide where a walk goes and what a
// node needs to know. The words are
// left out (titles, labels, bodies, strings, the language, the version),
// and so are option ids, so fixing a typo or adding a translation keeps
// every saved walk, while moving, adding or removing a node, a fact or a way
// out, or changing a condition, changes it. It is 8 base64url characters:
// the first 6 bytes of a SHA-256. A state carries it (see Encode).
func (f *Flow) GraphHash() string {
	if f.index == nil {
		f.Index()
	}
	return f.graphHash
}

// computeGraphHash hashes the graph GraphHash describes, each string
// length-prefixed so that no two graphs write the same bytes.
func computeGraphHash(f *Flow) string {
	var b graphBytes
	b.str("fixflow graph v2")
	b.str(f.ID)
	b.str(f.Start)
	b.num(len(f.Facts))
	for _, fa := range f.Facts {
		b.str(fa.ID)
		b.num(len(fa.Options))
		for _, o := range fa.Options {
			b.str(o.ID)
		}
	}
	b.num(len(f.Nodes))
	for i := range f.Nodes {
		n := &f.Nodes[i]
		b.str(n.ID)
		b.str(string(n.Kind))
		cs := f.Choices(n)
		b.num(len(cs))
		for _, c := range cs {
			b.str(c.Next)
		}
		n.EachCondition(b.cond)
		b.str("") // the end of the node's conditions
	}
	sum := sha256.Sum256(b)
	return base64.RawURLEncoding.EncodeToString(sum[:6])
}

// graphBytes is what computeGraphHash hashes. Its writers are kept out of
// line (go:noinline): inlined at each of their calls they cost the wasm
// more than they save.
type graphBytes []byte

// str writes s, length-prefixed.
//
//go:noinline
func (b *graphBytes) str(s string) {
	*b = binary.AppendUvarint(*b, uint64(len(s)))
	*b = append(*b, s...)
}

// num writes n.
//
//go:noinline
func (b *graphBytes) num(n int) { *b = binary.AppendUvarint(*b, uint64(n)) }

// cond writes the condition at its place (nothing when it is empty): the
// place, then each fact id with its sorted, distinct values.
func (b *graphBytes) cond(at Place, c Condition) {
	if len(c) == 0 {
		return
	}
	b.str(at.Part)
	b.num(at.Index)
	b.num(at.Step + 1)
	ids := c.facts()
	b.num(len(ids))
	for _, id := range ids {
		b.str(id)
		vs := slices.Clone(c[id])
		slices.Sort(vs)
		vs = slices.Compact(vs)
		b.num(len(vs))
		for _, v := range vs {
			b.str(v)
		}
	}
}
