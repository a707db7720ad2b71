// Package graph draws a guide's flow: as Graphviz DOT text (DOT), or laid out
// as SVG (SVG) by the helper program cmd/fixflow-graphviz, which runs
// Graphviz compiled to WebAssembly in pure Go (see internal/graph/layout).
package graph

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	engine "github.com/fixflow/fixflow/app"
)

// Colours of the nodes by kind, and of an outcome by result.
const (
	colorQuestion   = "#dbeafe" // blue
	colorCheck      = "#fef9c3" // yellow
	colorInfo       = "#f3f4f6" // grey
	colorResolved   = "#bbf7d0" // green
	colorEscalate   = "#fed7aa" // orange
	colorWait       = "#e9d5ff" // violet
	colorWorkaround = "#fde68a" // amber
	colorOther      = "#fecaca" // red: an unknown kind or result
)

// startNode is the id of the dot marking the start; node ids are [a-z0-9-]
// so it cannot clash with one.
const startNode = "__start"

// DOT returns the flow as a Graphviz digraph. The output is deterministic:
// nodes and edges in authoring order. Questions are diamonds, checks boxes,
// infos notes, outcomes rounded boxes, green when resolved, orange when
// escalating, violet when waiting and amber for a workaround. Edges carry
// the choice labels (the option labels, and the flow's strings for a
// check's yes/no/can't find and an info's continue); a node's or an
// option's condition is written under its label ("when os: 1").
func DOT(f *engine.Flow) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "digraph %s {\n", quote(f.ID))
	fmt.Fprintf(&b, "\tgraph [label=%s, labelloc=t, fontname=\"Helvetica\", rankdir=TB, nodesep=0.4, ranksep=0.5];\n",
		quote(fmt.Sprintf("%s (%s, %s, version %d)", f.Title, f.ID, f.Lang, f.Version)))
	b.WriteString("\tnode [fontname=\"Helvetica\", fontsize=11, style=filled, fillcolor=white, margin=\"0.15,0.07\"];\n")
	b.WriteString("\tedge [fontname=\"Helvetica\", fontsize=9];\n")
	fmt.Fprintf(&b, "\t%s [shape=point, width=0.15, label=\"\"];\n", quote(startNode))
	for i := range f.Nodes {
		n := &f.Nodes[i]
		fmt.Fprintf(&b, "\t%s [%s];\n", quote(n.ID), nodeAttrs(n))
	}
	fmt.Fprintf(&b, "\t%s -> %s;\n", quote(startNode), quote(f.Start))
	for i := range f.Nodes {
		n := &f.Nodes[i]
		for j, c := range f.Choices(n) {
			if c.Next == "" {
				continue
			}
			label := wrap(c.Label, 20)
			if len(c.When) > 0 {
				label += "\n(" + whenLabel(c.When) + ")"
			}
			attrs := "label=" + quote(label)
			if n.Kind == engine.KindCheck {
				if j == engine.AnswerFixed {
					attrs += ", color=\"#15803d\", fontcolor=\"#15803d\""
				} else {
					attrs += ", style=dashed"
				}
			}
			fmt.Fprintf(&b, "\t%s -> %s [%s];\n", quote(n.ID), quote(c.Next), attrs)
		}
	}
	b.WriteString("}\n")
	return b.Bytes()
}

func nodeAttrs(n *engine.Node) string {
	label := wrap(n.Title, 24) + "\n(" + n.ID + ")"
	if len(n.When) > 0 {
		label += "\n[" + whenLabel(n.When) + "]"
	}
	shape, style, color := "box", "filled", colorOther
	switch n.Kind {
	case engine.KindQuestion:
		shape, color = "diamond", colorQuestion
	case engine.KindCheck:
		color = colorCheck
		if n.Recipient {
			label += "\n[their side]"
			style = "filled,bold"
		}
	case engine.KindInfo:
		shape, color = "note", colorInfo
	case engine.KindOutcome:
		style = "rounded,filled"
		switch n.Result {
		case engine.ResultResolved:
			color = colorResolved
		case engine.ResultEscalate:
			color = colorEscalate
		case engine.ResultWait:
			color = colorWait
		case engine.ResultWorkaround:
			color = colorWorkaround
		}
		label = strings.ToUpper(n.Result) + "\n" + label
	}
	return fmt.Sprintf("shape=%s, style=%s, fillcolor=%s, label=%s", shape, quote(style), quote(color), quote(label))
}

// whenLabel writes a condition as "when os: 1, 2; model: home", the facts
// in order of their ids.
func whenLabel(c engine.Condition) string {
	ids := make([]string, 0, len(c))
	for id := range c {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = id + ": " + strings.Join(c[id], ", ")
	}
	return "when " + strings.Join(parts, "; ")
}

// quote makes s a DOT double-quoted string. Newlines become DOT's centred
// line break \n; other backslashes are doubled.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// wrap breaks s into lines of about width runes at spaces.
func wrap(s string, width int) string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		if line != "" && utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	if line != "" {
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}
