package lint

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Problem is one thing wrong with a guide document: where it is and what to
// do about it. Line and Col are 1-based; Col counts bytes from the start of
// the line, as the Go toolchain does. Line is 0 when the position is unknown
// (a flow that was not decoded by Parse). Path is the JSON path of the value
// concerned ("nodes[12].options[1].next"), or "" for the whole document.
type Problem struct {
	File      string
	Line, Col int
	Path, Msg string
	// Warning: the document is valid, but something deserves a look (a
	// check verified long ago). Warnings never stop a guide from loading.
	Warning bool
}

// String formats the problem as "file:line:col: path: message", and a
// warning as "file:line:col: warning: path: message".
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", p.Line, p.Col)
	}
	b.WriteString(": ")
	if p.Warning {
		b.WriteString("warning: ")
	}
	if p.Path != "" {
		b.WriteString(p.Path)
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Problems are all the problems found in one or more documents. A non-empty
// Problems is the error Parse, Load and Embedded return.
type Problems []Problem

// Error formats one problem a line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Sort orders the problems by file, then position, then path and message.
func (ps Problems) Sort() {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col),
			cmp.Compare(a.Path, b.Path),
			cmp.Compare(a.Msg, b.Msg),
		)
	})
}
