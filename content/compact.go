package content

import (
	"errors"
	"slices"
	"strconv"

	engine "github.com/fixflow/fixflow/app"
)

// The compact form is how the wasm receives a guide, the interface words
// and the site's index: the server writes it from what it validated (the
// site's Library, so whatever the site's config changed is in it), and
// the wasm reads it field by field in a fixed order, without reflection and
// without matching keys. A JSON decoder, even a hand-written one, cost the
// wasm about 10 KB of brotli (a key switch per struct, the syntax, the
// escapes, the errors by path); this costs a fraction of that, and reads
// the shipped guide in well under a millisecond (BenchmarkReadFlow).
//
// The form: a header naming the form and its layout version, then values
// in the order the coder methods below visit them. An int is its decimal
// digits and a comma ("12,"); a string its length in bytes as an int,
// then its bytes; a slice or map its length plus one (0 for nil), then its
// items (a map's by sorted key, key then value); an optional struct 0 or 1,
// then its fields. A field added to the engine's types and not here fails
// TestCompactKeepsEveryField.
//
// One function per type says the layout for both directions (coder.dec),
// so that writing and reading cannot disagree.
const compactHeader = "fixflow-compact-2,"

// coder writes (dec false) or reads (dec true) the compact form. The wasm
// only reads: there, writes is false and the compiler leaves the writing
// out (compact_js.go).
type coder struct {
	dec bool
	out []byte // written
	in  string // read
	i   int
	err error
}

// UnmarshalFlow reads a flow written by MarshalFlow. It does not index the
// flow nor validate it.
func UnmarshalFlow(data string) (*engine.Flow, error) {
	c := newReadCoder(data)
	f := new(engine.Flow)
	c.flow(f)
	return f, c.end()
}

// UnmarshalStrings reads words written by MarshalStrings.
func UnmarshalStrings(data string) (*Strings, error) {
	c := newReadCoder(data)
	s := new(Strings)
	c.strings(s)
	return s, c.end()
}

// UnmarshalIndex reads an index written by MarshalIndex.
func UnmarshalIndex(data string) (*Index, error) {
	c := newReadCoder(data)
	x := new(Index)
	c.index(x)
	return x, c.end()
}

func newReadCoder(data string) *coder {
	c := &coder{dec: true, in: data}
	if len(data) < len(compactHeader) || data[:len(compactHeader)] != compactHeader {
		c.err = errors.New("not fixflow's compact form (or another version of it)")
	}
	c.i = len(compactHeader)
	return c
}

func (c *coder) end() error {
	if c.err == nil && c.i != len(c.in) {
		c.fail("data after the end")
	}
	return c.err
}

func (c *coder) fail(why string) {
	if c.err == nil {
		c.err = errors.New("compact form, byte " + strconv.Itoa(c.i) + ": " + why)
	}
}

// num writes or reads an int.
func (c *coder) num(p *int) {
	if writes && !c.dec {
		c.out = append(strconv.AppendInt(c.out, int64(*p), 10), ',')
		return
	}
	n, neg, digits := 0, false, 0
	if c.i < len(c.in) && c.in[c.i] == '-' {
		neg = true
		c.i++
	}
	for ; c.i < len(c.in) && '0' <= c.in[c.i] && c.in[c.i] <= '9'; c.i++ {
		if digits++; digits > 15 {
			c.fail("a number too long")
			return
		}
		n = n*10 + int(c.in[c.i]-'0')
	}
	if digits == 0 || c.i >= len(c.in) || c.in[c.i] != ',' {
		c.fail("want a number and a comma")
		return
	}
	c.i++
	if neg {
		n = -n
	}
	*p = n
}

// count writes a length (n, or nil) and reads one: -1 for nil. A length
// read is never more than the bytes left (each item takes one at least).
func (c *coder) count(n int, isNil bool) int {
	if isNil {
		n = -1
	}
	n++
	c.num(&n)
	n--
	if c.dec && (c.err != nil || n < -1 || n > len(c.in)-c.i) {
		c.fail("a length out of range")
		return -1
	}
	return n
}

// has writes or reads whether an optional part is there.
func (c *coder) has(there bool) bool {
	n := 0
	if there {
		n = 1
	}
	c.num(&n)
	return n == 1
}

func (c *coder) boolean(p *bool) { *p = c.has(*p) }

func (c *coder) str(p *string) {
	n := len(*p)
	c.num(&n)
	if writes && !c.dec {
		c.out = append(c.out, *p...)
		return
	}
	if c.err != nil || n < 0 || n > len(c.in)-c.i {
		c.fail("a string longer than what is left")
		return
	}
	*p = c.in[c.i : c.i+n]
	c.i += n
}

func (c *coder) strs(p *[]string) {
	if n := c.count(len(*p), *p == nil); c.dec && n >= 0 {
		*p = make([]string, n)
	}
	for i := range *p {
		c.str(&(*p)[i])
	}
}

func (c *coder) strMap(p *map[string]string) {
	n := c.count(len(*p), *p == nil)
	if !writes || c.dec {
		if n >= 0 {
			*p = make(map[string]string, n)
		}
		for ; n > 0 && c.err == nil; n-- {
			var k, v string
			c.str(&k)
			c.str(&v)
			(*p)[k] = v
		}
		return
	}
	for _, k := range sortedKeys(*p) {
		v := (*p)[k]
		c.str(&k)
		c.str(&v)
	}
}

func (c *coder) condition(p *engine.Condition) {
	n := c.count(len(*p), *p == nil)
	if !writes || c.dec {
		if n >= 0 {
			*p = make(engine.Condition, n)
		}
		for ; n > 0 && c.err == nil; n-- {
			var k string
			var v []string
			c.str(&k)
			c.strs(&v)
			(*p)[k] = v
		}
		return
	}
	keys := make([]string, 0, len(*p))
	for k := range *p {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		v := (*p)[k]
		c.str(&k)
		c.strs(&v)
	}
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func (c *coder) flow(f *engine.Flow) {
	c.str(&f.ID)
	c.num(&f.Version)
	c.str(&f.Lang)
	c.str(&f.Title)
	c.str(&f.Summary)
	c.str(&f.Start)
	if n := c.count(len(f.Facts), f.Facts == nil); c.dec && n >= 0 {
		f.Facts = make([]engine.Fact, n)
	}
	for i := range f.Facts {
		c.fact(&f.Facts[i])
	}
	c.strMap(&f.Strings)
	if n := c.count(len(f.Nodes), f.Nodes == nil); c.dec && n >= 0 {
		f.Nodes = make([]engine.Node, n)
	}
	for i := range f.Nodes {
		c.node(&f.Nodes[i])
	}
}

func (c *coder) fact(fa *engine.Fact) {
	c.str(&fa.ID)
	c.str(&fa.Question)
	c.str(&fa.Label)
	if n := c.count(len(fa.Options), fa.Options == nil); c.dec && n >= 0 {
		fa.Options = make([]engine.FactOption, n)
	}
	for i := range fa.Options {
		o := &fa.Options[i]
		c.str(&o.ID)
		c.str(&o.Label)
		c.str(&o.Hint)
		if c.has(o.Detect != nil) {
			if c.dec {
				o.Detect = new(engine.Detect)
			}
			c.num(&o.Detect.From)
			c.num(&o.Detect.To)
			c.strs(&o.Detect.Also)
		}
	}
	c.str(&fa.Unknown.Label)
	c.str(&fa.Unknown.Help)
	c.str(&fa.Detect)
}

func (c *coder) node(n *engine.Node) {
	c.str(&n.ID)
	kind := string(n.Kind)
	c.str(&kind)
	n.Kind = engine.Kind(kind)
	c.condition(&n.When)
	c.str(&n.Title)
	c.str(&n.Body)
	if k := c.count(len(n.Options), n.Options == nil); c.dec && k >= 0 {
		n.Options = make([]engine.Option, k)
	}
	for i := range n.Options {
		o := &n.Options[i]
		c.str(&o.ID)
		c.str(&o.Label)
		c.str(&o.Hint)
		c.str(&o.Next)
		c.condition(&o.When)
	}
	c.str(&n.Why)
	c.instructions(&n.Steps)
	if k := c.count(len(n.Paths), n.Paths == nil); c.dec && k >= 0 {
		n.Paths = make([]engine.SettingsPath, k)
	}
	for i := range n.Paths {
		c.condition(&n.Paths[i].When)
		c.strs(&n.Paths[i].Path)
	}
	c.str(&n.Warning)
	if k := c.count(len(n.Models), n.Models == nil); c.dec && k >= 0 {
		n.Models = make([]engine.ModelSteps, k)
	}
	for i := range n.Models {
		c.condition(&n.Models[i].When)
		c.instructions(&n.Models[i].Steps)
	}
	if k := c.count(len(n.Links), n.Links == nil); c.dec && k >= 0 {
		n.Links = make([]engine.Link, k)
	}
	for i := range n.Links {
		l := &n.Links[i]
		c.str(&l.Label)
		c.str(&l.URL)
		c.condition(&l.When)
	}
	c.strs(&n.Sources)
	if c.has(n.Verified != nil) {
		if c.dec {
			n.Verified = new(engine.Verified)
		}
		c.str(&n.Verified.Version)
		c.str(&n.Verified.Date)
	}
	c.str(&n.Fixed)
	c.str(&n.Next)
	c.str(&n.CantFind)
	c.boolean(&n.Recipient)
	c.str(&n.Result)
	if k := c.count(len(n.Contacts), n.Contacts == nil); c.dec && k >= 0 {
		n.Contacts = make([]engine.Contact, k)
	}
	for i := range n.Contacts {
		ct := &n.Contacts[i]
		c.str(&ct.Kind)
		c.str(&ct.Who)
		c.str(&ct.Why)
		c.str(&ct.Tell)
		c.str(&ct.URL)
		c.str(&ct.Phone)
		c.str(&ct.Hours)
	}
	if c.has(n.Wait != nil) {
		if c.dec {
			n.Wait = new(engine.Wait)
		}
		c.str(&n.Wait.For)
		c.num(&n.Wait.Hours)
	}
	if c.has(n.Workaround != nil) {
		if c.dec {
			n.Workaround = new(engine.Workaround)
		}
		c.str(&n.Workaround.Now)
		c.str(&n.Workaround.Remains)
	}
}

func (c *coder) instructions(p *[]engine.Instruction) {
	if n := c.count(len(*p), *p == nil); c.dec && n >= 0 {
		*p = make([]engine.Instruction, n)
	}
	for i := range *p {
		in := &(*p)[i]
		c.str(&in.Text)
		c.condition(&in.When)
		c.str(&in.Warning)
		if c.has(in.Image != nil) {
			if c.dec {
				in.Image = new(engine.Image)
			}
			c.str(&in.Image.Src)
			c.str(&in.Image.Alt)
			c.num(&in.Image.Width)
			c.num(&in.Image.Height)
		}
	}
}

func (c *coder) strings(s *Strings) {
	c.str(&s.Lang)
	c.str(&s.Name)
	c.str(&s.Dir)
	n := c.count(len(s.Messages), s.Messages == nil)
	if c.dec && n >= 0 {
		s.Messages = make(map[string]Message, n)
	}
	keys := make([]string, 0, len(s.Messages))
	if !writes || c.dec {
		for ; n > 0; n-- {
			keys = append(keys, "")
		}
	} else {
		for k := range s.Messages {
			keys = append(keys, k)
		}
		slices.Sort(keys)
	}
	for _, k := range keys {
		m := s.Messages[k]
		c.str(&k)
		c.str(&m.Plural)
		c.str(&m.Zero)
		c.str(&m.One)
		c.str(&m.Two)
		c.str(&m.Few)
		c.str(&m.Many)
		c.str(&m.Other)
		if c.dec && c.err == nil {
			s.Messages[k] = m
		}
	}
}

func (c *coder) index(x *Index) {
	c.str(&x.Default)
	if n := c.count(len(x.Guides), x.Guides == nil); c.dec && n >= 0 {
		x.Guides = make([]IndexGuide, n)
	}
	for i := range x.Guides {
		c.str(&x.Guides[i].ID)
		c.strs(&x.Guides[i].Langs)
	}
	if n := c.count(len(x.Langs), x.Langs == nil); c.dec && n >= 0 {
		x.Langs = make([]IndexLang, n)
	}
	for i := range x.Langs {
		l := &x.Langs[i]
		c.str(&l.Lang)
		c.str(&l.Name)
		c.str(&l.Dir)
	}
}
