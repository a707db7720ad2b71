// Package markup is the one place fixflow's server-side HTML is made from
// values. Views build a tree of Nodes and never markup; WriteHTML escapes
// every text and attribute value it writes, quotes every attribute, and
// writes attributes in name order so that a view renders to the same bytes
// every time. The browser side turns the same tree into go-app elements
// (components/goapp.go), so go-app's own HTML encoder — which writes
// attribute values with strconv.Quote and does not HTML-escape — is never
// used for a page.
package markup

// The builders below are marked go:noinline: views call them hundreds of
// times, and inlined into every call site (a loop and an append each) they
// made the wasm's view code several times larger — guide model v2's views
// added 300 KB raw, 47 KB brotli, that way, while as calls the whole wasm
// with them is smaller than it was without them. A call costs nothing
// worth measuring here.

// Node is one piece of a view: an element with its attributes, children and
// event handlers, or a text.
type Node struct {
	Tag   string // an element's tag; "" for a text
	Text  string // a text's content
	Attrs []Attr
	Kids  []*Node
	On    []Handler // browser only; WriteHTML ignores them
}

// attr is an attribute. A flag (open, hidden) has no value: it is there or
// it is not.
type Attr struct {
	Name, Value string
	Flag        bool
}

// Handler is an event handler of an element, for the browser side to
// attach (Fn is whatever that side runs: a go-app EventHandler).
type Handler struct {
	Event string
	Fn    any
}

// El starts an element.
//
//go:noinline
func El(tag string) *Node { return &Node{Tag: tag} }

// Text is a text node.
//
//go:noinline
func Text(s string) *Node { return &Node{Text: s} }

// Set sets an attribute; an empty value leaves it out (go-app does the
// same in the browser, so both sides agree).
//
//go:noinline
func (n *Node) Set(name, value string) *Node {
	if value == "" {
		return n
	}
	for i := range n.Attrs {
		if n.Attrs[i].Name == name {
			n.Attrs[i] = Attr{Name: name, Value: value}
			return n
		}
	}
	n.Attrs = append(n.Attrs, Attr{Name: name, Value: value})
	return n
}

// Flag sets a boolean attribute when on is true.
//
//go:noinline
func (n *Node) Flag(name string, on bool) *Node {
	if on {
		n.Attrs = append(n.Attrs, Attr{Name: name, Flag: true})
	}
	return n
}

// The common attributes (each go:noinline too: inlined, each call site
// would carry the attribute's name and, for Aria and Data, the
// concatenation).
//
//go:noinline
func (n *Node) ID(v string) *Node { return n.Set("id", v) }

//go:noinline
func (n *Node) Class(v string) *Node { return n.Set("class", v) }

//go:noinline
func (n *Node) Role(v string) *Node { return n.Set("role", v) }

//go:noinline
func (n *Node) Aria(k, v string) *Node { return n.Set("aria-"+k, v) }

//go:noinline
func (n *Node) Data(k, v string) *Node { return n.Set("data-"+k, v) }

//go:noinline
func (n *Node) Href(v string) *Node { return n.Set("href", v) }

//go:noinline
func (n *Node) LabelledBy(id string) *Node { return n.Aria("labelledby", id) }

// Body appends children; nil children are skipped, so optional parts can be
// written inline.
//
//go:noinline
func (n *Node) Body(kids ...*Node) *Node {
	for _, k := range kids {
		if k != nil {
			n.Kids = append(n.Kids, k)
		}
	}
	return n
}

// Says appends a text.
//
//go:noinline
func (n *Node) Says(s string) *Node { return n.Body(Text(s)) }

// OnEvent adds a handler for the browser side to attach.
//
//go:noinline
func (n *Node) OnEvent(event string, fn any) *Node {
	n.On = append(n.On, Handler{Event: event, Fn: fn})
	return n
}
