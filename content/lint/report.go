package lint

import (
	"fmt"
	"time"
)

// reporter collects the problems of one document, placing each at the
// position its JSON path has in the document (when the document is known).
type reporter struct {
	file  string
	pos   *Positions // nil when the document is unknown: no positions
	probs Problems
	now   time.Time // today, for dates; zero: dates are not compared to it
	warn  bool      // the problems reported are warnings
}

func (r *reporter) add(off int, path, msg string) {
	p := Problem{File: r.file, Path: path, Msg: msg, Warning: r.warn}
	if r.pos != nil {
		p.Line, p.Col = r.pos.lineCol(off)
	}
	r.probs = append(r.probs, p)
}

// at reports a problem with the value at path (or, when the value is
// missing, with the object that should hold it).
func (r *reporter) at(path, format string, args ...any) {
	off := 0
	if r.pos != nil {
		off = r.pos.value(path)
	}
	r.add(off, path, fmt.Sprintf(format, args...))
}

// atField reports a problem with a field itself, at its key.
func (r *reporter) atField(path, format string, args ...any) {
	off := 0
	if r.pos != nil {
		off = r.pos.field(path)
	}
	r.add(off, path, fmt.Sprintf(format, args...))
}

// inString reports a problem at byte i of the string value at path.
func (r *reporter) inString(path string, i int, format string, args ...any) {
	off := 0
	if r.pos != nil {
		off = r.pos.inString(path, i)
	}
	r.add(off, path, fmt.Sprintf(format, args...))
}

// textPath is the path of the text of a step at path p: p itself where the
// document writes the step as a string, p.text where it writes an object.
func (r *reporter) textPath(p string) string {
	if r.pos != nil && r.pos.str[p] {
		return p
	}
	return fieldPath(p, "text")
}
