package embedproto

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
)

// Protocol is web/embed/protocol.json: see that file's "about".
type Protocol struct {
	About      string      `json:"about"`
	Global     string      `json:"global"` // the loader's one global: window.fixflow
	Marker     Marker      `json:"marker"`
	Attributes []Attribute `json:"attributes"`
	Params     []Param     `json:"params"`
	Messages   []Messages  `json:"messages"`
	Commands   []Command   `json:"commands"`
	Handoff    Handoff     `json:"handoff"`
	Target     string      `json:"target"` // what a command's target may be
	Events     Events      `json:"events"`
}

// Marker is the attribute the loader sets on each script tag it mounted.
type Marker struct {
	Name    string `json:"name"`
	Meaning string `json:"meaning"`
}

// Attribute is an option of the script tag.
type Attribute struct {
	Name    string `json:"name"`    // data-guide
	Pattern string `json:"pattern"` // what a value must match; "" for any
	Flags   string `json:"flags"`   // "i" or ""
	Default string `json:"default"` // the value without one ("" for none)
	// Carried says where the value goes: a query parameter of the frame's
	// URL (one of Params), or "path", "style", "container", "title".
	Carried     string `json:"carried"`
	Meaning     string `json:"meaning"`
	Value       string `json:"value"`       // the values, for people
	DefaultText string `json:"defaultText"` // the default, for people
}

// Param is a query parameter of the frame's URL.
type Param struct {
	Name      string   `json:"name"`
	Kept      bool     `json:"kept"` // kept on every link of the widget
	From      string   `json:"from"` // who sets it in the frame's first URL ("" for nobody)
	Pattern   string   `json:"pattern"`
	Flags     string   `json:"flags"`
	MaxLength int      `json:"maxLength"` // 0 for no limit but the pattern's
	Meaning   string   `json:"meaning"`
	Valid     []string `json:"valid"`   // values every reader keeps
	Invalid   []string `json:"invalid"` // values every reader drops
}

// Messages are the postMessage messages one way.
type Messages struct {
	From   string        `json:"from"` // "frame" or "host"
	To     string        `json:"to"`
	Fields []Field       `json:"fields"`
	Types  []MessageType `json:"types"`
}

// MessageType is one value of a message's "type".
type MessageType struct {
	Type  string `json:"type"`
	Event string `json:"event"` // the DOM event the host page gets, if any
	// Handoff: the message and its event carry the walk (Protocol.Handoff).
	Handoff bool   `json:"handoff"`
	Meaning string `json:"meaning"`
}

// Handoff is what a hand-off message and its event carry besides the
// common fields: the walk so far, and a link back to it.
type Handoff struct {
	Meaning  string  `json:"meaning"`
	Detail   []Field `json:"detail"`   // the event's detail fields, also fields of the message
	Step     []Field `json:"step"`     // the fields of each of the steps
	Fragment []Field `json:"fragment"` // the parameters of the contact button's URL fragment
}

// Field is a named field, of a message or an event's detail.
type Field struct {
	Name    string `json:"name"`
	Meaning string `json:"meaning"`
}

// Command is a command of the global: fixflow(name, arg, target).
type Command struct {
	Name    string `json:"name"`
	Args    []Arg  `json:"args"` // at most one
	Meaning string `json:"meaning"`
	Example string `json:"example"`
}

// Arg is a command's argument.
type Arg struct {
	Name    string `json:"name"`
	Pattern string `json:"pattern"`
	Meaning string `json:"meaning"`
}

// Events are the DOM events the host page gets.
type Events struct {
	On     string  `json:"on"`
	Detail []Field `json:"detail"`
}

// Load reads and checks a protocol file: known fields only, patterns that
// compile, example values that match their pattern (valid) or do not
// (invalid), and names given once.
func Load(path string) (*Protocol, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var p Protocol
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := p.check(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &p, nil
}

// Regexp compiles a protocol pattern, written for JavaScript, with Go's
// regexp; the protocol uses only the syntax both read alike.
func Regexp(pattern, flags string) (*regexp.Regexp, error) {
	switch flags {
	case "":
	case "i":
		pattern = "(?i)" + pattern
	default:
		return nil, fmt.Errorf("flags %q: only \"i\" is used", flags)
	}
	return regexp.Compile(pattern)
}

// Accepts reports whether v is a valid value of the parameter.
func (p Param) Accepts(v string) bool {
	re, err := Regexp(p.Pattern, p.Flags)
	return err == nil && re.MatchString(v) && (p.MaxLength == 0 || len(v) <= p.MaxLength)
}

func (p *Protocol) check() error {
	names := map[string]bool{}
	once := func(kind, name string) error {
		if name == "" {
			return fmt.Errorf("a %s without a name", kind)
		}
		if names[kind+" "+name] {
			return fmt.Errorf("%s %s is given twice", kind, name)
		}
		names[kind+" "+name] = true
		return nil
	}
	for _, pa := range p.Params {
		if err := once("param", pa.Name); err != nil {
			return err
		}
		if _, err := Regexp(pa.Pattern, pa.Flags); err != nil {
			return fmt.Errorf("param %s: %w", pa.Name, err)
		}
		if len(pa.Valid) == 0 || len(pa.Invalid) == 0 {
			return fmt.Errorf("param %s: give valid and invalid examples", pa.Name)
		}
		for _, v := range pa.Valid {
			if !pa.Accepts(v) {
				return fmt.Errorf("param %s: the valid example %q does not match %s", pa.Name, v, pa.Pattern)
			}
		}
		for _, v := range pa.Invalid {
			if pa.Accepts(v) {
				return fmt.Errorf("param %s: the invalid example %q matches %s", pa.Name, v, pa.Pattern)
			}
		}
	}
	for _, a := range p.Attributes {
		if err := once("attribute", a.Name); err != nil {
			return err
		}
		if a.Pattern != "" {
			re, err := Regexp(a.Pattern, a.Flags)
			if err != nil {
				return fmt.Errorf("attribute %s: %w", a.Name, err)
			}
			if a.Default != "" && !re.MatchString(a.Default) {
				return fmt.Errorf("attribute %s: the default %q does not match %s", a.Name, a.Default, a.Pattern)
			}
		}
		switch a.Carried {
		case "path", "style", "container", "title":
		default:
			if !names["param "+a.Carried] {
				return fmt.Errorf("attribute %s: carried by %q, which is no param", a.Name, a.Carried)
			}
		}
	}
	for _, ms := range p.Messages {
		for _, f := range ms.Fields {
			if err := once("field of "+ms.From+" messages", f.Name); err != nil {
				return err
			}
		}
		for _, t := range ms.Types {
			if err := once("type of "+ms.From+" messages", t.Type); err != nil {
				return err
			}
		}
	}
	frameFields := map[string]bool{}
	for _, ms := range p.Messages {
		if ms.From == "frame" {
			for _, f := range ms.Fields {
				frameFields[f.Name] = true
			}
		}
	}
	for _, f := range p.Handoff.Detail {
		if err := once("handoff detail field", f.Name); err != nil {
			return err
		}
		if !frameFields[f.Name] {
			return fmt.Errorf("handoff: the detail field %s is no field of the frame's messages", f.Name)
		}
	}
	for _, f := range p.Handoff.Step {
		if err := once("handoff step field", f.Name); err != nil {
			return err
		}
	}
	for _, f := range p.Handoff.Fragment {
		if err := once("handoff fragment field", f.Name); err != nil {
			return err
		}
	}
	for _, c := range p.Commands {
		if err := once("command", c.Name); err != nil {
			return err
		}
		if len(c.Args) > 1 {
			return fmt.Errorf("command %s: fixflow(name, arg, target) has room for one argument", c.Name)
		}
		for _, a := range c.Args {
			if _, err := Regexp(a.Pattern, ""); err != nil {
				return fmt.Errorf("command %s: %w", c.Name, err)
			}
		}
	}
	return nil
}
