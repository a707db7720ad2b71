package app

import (
	"slices"
	"strconv"
	"strings"
)

// Fact is something a guide may need to know about the user's situation —
// a device's system version, its model — asked once, the first time a node
// needs it (Session.Needs), and kept in the walk's state. Its answer is one
// of its options, or Unknown ("I don't know").
type Fact struct {
	// ID names the fact in conditions, states and URLs ("ios"); see
	// ValidID.
	ID string `json:"id"`
	// Question is the title of the page that asks it (plain text).
	Question string `json:"question"`
	// Label is its short name ("iOS"), for the line of answered facts.
	Label   string       `json:"label"`
	Options []FactOption `json:"options"`
	// Unknown is the "I don't know" answer, with how to find out.
	Unknown FactUnknown `json:"unknown"`
	// Detect names a detector the browser side knows (see Detectors): it
	// may pre-select an option, which the user still confirms.
	Detect string `json:"detect,omitempty"`
}

// FactOption is one answer to a fact.
type FactOption struct {
	// ID is the value conditions name ("18"); see ValidID. Unknown is
	// reserved.
	ID    string `json:"id"`
	Label string `json:"label"`
	// Hint is a short line under the label (plain text).
	Hint string `json:"hint,omitempty"`
	// Detect is what a detector must find for this option to be
	// pre-selected.
	Detect *Detect `json:"detect,omitempty"`
}

// Detect is a range of versions a detector may report: From and To are
// major versions, inclusive (0: open), and Also lists exact
// "major.minor" versions that may be reported for this option too (a
// browser that reports a frozen older version). When a detected version
// fits more than one option, none is pre-selected.
type Detect struct {
	From int      `json:"from,omitempty"`
	To   int      `json:"to,omitempty"`
	Also []string `json:"also,omitempty"`
}

// Matches reports whether a detected version (major, minor) fits d.
func (d *Detect) Matches(major, minor int) bool {
	if d == nil {
		return false
	}
	if (d.From > 0 || d.To > 0) && major >= d.From && (d.To == 0 || major <= d.To) {
		return true
	}
	v := strconv.Itoa(major) + "." + strconv.Itoa(minor)
	return slices.Contains(d.Also, v)
}

// FactUnknown is the "I don't know" answer of a fact: its label and how to
// find out (markup).
type FactUnknown struct {
	Label string `json:"label"`
	Help  string `json:"help"`
}

// Unknown is the answer "I don't know" to any fact. A fact answered
// Unknown satisfies every condition on it: nothing can be ruled out, so the
// view shows every variant, each with its condition.
const Unknown = "unknown"

// DetectOSVersion is the detector that reads the version of the system a
// phone or tablet runs from the browser's user agent.
const DetectOSVersion = "os-version"

// Detectors are the names Fact.Detect may give: those the browser side
// knows.
var Detectors = []string{DetectOSVersion}

// MaxFacts bounds the facts of a guide, and MaxFactOptions the options of
// one fact: a state writes one digit per fact.
const (
	MaxFacts       = 16
	MaxFactOptions = 8
)

// Condition says when an item of a guide applies: for each fact it names,
// the values (option ids) it applies to — all of the facts (AND), any of
// each one's values (OR). An empty condition always holds. A fact answered
// Unknown satisfies it; a fact not answered yet leaves it undecided.
type Condition map[string][]string

// facts are the fact ids a condition names, sorted.
func (c Condition) facts() []string {
	ids := make([]string, 0, len(c))
	for id := range c {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// Truth is what a condition is under some answers.
type Truth int8

// The truths of a condition.
const (
	// Holds: every fact it names is answered with one of its values, or
	// Unknown.
	Holds Truth = iota
	// Fails: some fact it names is answered with another value.
	Fails
	// Undecided: it does not fail, but some fact it names is not
	// answered yet.
	Undecided
)

// FactValues are answers to facts, by fact id: an option id or Unknown. A
// fact that is not in it is not answered.
type FactValues map[string]string

// Eval is the truth of c under v.
func (c Condition) Eval(v FactValues) Truth {
	return c.eval(func(id string) (string, bool) { val, ok := v[id]; return val, ok })
}

func (c Condition) eval(value func(fact string) (string, bool)) Truth {
	t := Holds
	for id, vals := range c {
		v, ok := value(id)
		switch {
		case !ok:
			t = Undecided
		case v == Unknown || slices.Contains(vals, v):
		default:
			return Fails
		}
	}
	return t
}

// Fact returns the fact with the given id, or nil.
func (f *Flow) Fact(id string) *Fact {
	if i := f.FactIndex(id); i >= 0 {
		return &f.Facts[i]
	}
	return nil
}

// FactIndex returns the position of the fact id in Facts, or -1.
func (f *Flow) FactIndex(id string) int {
	if f.facts == nil || f.index == nil {
		f.Index()
	}
	if i, ok := f.facts[id]; ok {
		return i
	}
	return -1
}

// Option returns the option of the fact with the given id, or nil.
func (fa *Fact) Option(id string) *FactOption {
	for i := range fa.Options {
		if fa.Options[i].ID == id {
			return &fa.Options[i]
		}
	}
	return nil
}

// AnswerLabel is the label of an answer to the fact: the option's, or the
// unknown answer's; "" for a value the fact does not have.
func (fa *Fact) AnswerLabel(value string) string {
	if value == Unknown {
		return fa.Unknown.Label
	}
	if o := fa.Option(value); o != nil {
		return o.Label
	}
	return ""
}

// Needs lists, in the order of Facts, the facts the node's conditions name:
// first those of its own When, then those of every condition inside it (its
// options, steps, paths, models and links). A walk asks a fact the first
// time it arrives at a node that needs it (Session.Needs).
func (f *Flow) Needs(n *Node) (own, inside []string) {
	if i := f.NodeIndex(n.ID); i >= 0 && &f.Nodes[i] == n && len(f.needs) == len(f.Nodes) {
		return f.needs[i][0], f.needs[i][1]
	}
	return f.computeNeeds(n)
}

func (f *Flow) computeNeeds(n *Node) (own, inside []string) {
	seenOwn, seenIn := map[string]bool{}, map[string]bool{}
	n.EachCondition(func(at Place, c Condition) {
		for id := range c {
			if at.Part == "" {
				seenOwn[id] = true
			} else {
				seenIn[id] = true
			}
		}
	})
	for _, fa := range f.Facts {
		if seenOwn[fa.ID] {
			own = append(own, fa.ID)
		} else if seenIn[fa.ID] {
			inside = append(inside, fa.ID)
		}
	}
	return own, inside
}

// Place is where a condition sits in its node: Part is "" (the node's own
// when), "options", "steps", "paths", "models" or "links"; Index is the
// item in that part; Step is, for a step of a model, its place in the
// model's steps, and -1 everywhere else (a model's own condition
// included).
type Place struct {
	Part        string
	Index, Step int
}

// EachCondition calls fn for every item of n that may carry a condition,
// whether it has one or not (then c is nil), in a fixed order: the node's
// own, its options', its steps', its paths', each model's own and its
// steps', its links'. Everything that reads a node's conditions walks them
// here.
func (n *Node) EachCondition(fn func(at Place, c Condition)) {
	fn(Place{Step: -1}, n.When)
	for k, o := range n.Options {
		fn(Place{"options", k, -1}, o.When)
	}
	for k, in := range n.Steps {
		fn(Place{"steps", k, -1}, in.When)
	}
	for k, p := range n.Paths {
		fn(Place{"paths", k, -1}, p.When)
	}
	for k, m := range n.Models {
		fn(Place{"models", k, -1}, m.When)
		for j, in := range m.Steps {
			fn(Place{"models", k, j}, in.When)
		}
	}
	for k, l := range n.Links {
		fn(Place{"links", k, -1}, l.When)
	}
}

// Combinations lists every combination of answers to the flow's facts:
// each fact answered with each of its options and with Unknown, the first
// fact varying slowest. A flow without facts has one, empty. It returns nil
// when there would be more than limit.
func (f *Flow) Combinations(limit int) []FactValues {
	total := 1
	for _, fa := range f.Facts {
		total *= len(fa.Options) + 1
		if total > limit {
			return nil
		}
	}
	out := make([]FactValues, 0, total)
	for k := range total {
		v := make(FactValues, len(f.Facts))
		rest := k
		for i := len(f.Facts) - 1; i >= 0; i-- {
			fa := f.Facts[i]
			n := len(fa.Options) + 1
			if j := rest % n; j < len(fa.Options) {
				v[fa.ID] = fa.Options[j].ID
			} else {
				v[fa.ID] = Unknown
			}
			rest /= n
		}
		out = append(out, v)
	}
	return out
}

// DescribeValues writes the values in the order of the flow's facts as
// "ios=18, model=face-id", for messages.
func (f *Flow) DescribeValues(v FactValues) string {
	var parts []string
	for _, fa := range f.Facts {
		if val, ok := v[fa.ID]; ok {
			parts = append(parts, fa.ID+"="+val)
		}
	}
	return strings.Join(parts, ", ")
}
