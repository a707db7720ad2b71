// Package po reads and writes gettext PO files, the format translators'
// tools (Poedit, Weblate, Crowdin, Lokalise, the GNU gettext tools) read
// and write: entries of a context (msgctxt), a source text (msgid, and
// msgid_plural for a plural), its translation (msgstr, or msgstr[n] by
// plural form), and comments — the translator's (#), the extracted ones
// written for the translator (#.), references (#:), flags (#, fuzzy) and the
// source a translation was made against when it has changed since (#|).
// Obsolete entries (#~) are kept, so that a file read and written again
// loses nothing.
//
// Parse reads the format as those tools write it — strings continued on
// several lines, entries in any order, a byte order mark, CRLF line ends —
// and refuses anything else with an error naming the line. Format writes
// it in GNU gettext's layout, lines wrapped at 79 columns after spaces, so
// that a tool's next save changes little. (GNU gettext also breaks inside
// long words, after a / or a . of an address; Format does not, so msgcat
// rewraps lines that hold a link.)
package po

import (
	"slices"
	"strings"
)

// File is a PO file: its entries in order, the header (the entry of the
// empty msgid) among them.
type File struct {
	Entries []*Entry
}

// Entry is one message of a PO file.
type Entry struct {
	// Comments are the translator's own comments ("# …"), one a line.
	Comments []string
	// Extracted are the comments written for the translator ("#. …").
	Extracted []string
	// References are where the source text comes from ("#: file:line").
	References []string
	// Flags are the entry's flags ("#, fuzzy, c-format").
	Flags []string
	// Previous is the source the translation was made against, where a
	// tool has kept it (#|): it differs from the entry's own when the
	// source has changed since.
	Previous Previous

	Context    string // msgctxt
	HasContext bool   // a msgctxt, possibly empty, is there
	ID         string // msgid
	IDPlural   string // msgid_plural
	Plural     bool   // a msgid_plural is there: Str holds msgstr[0], msgstr[1]…
	// Str is the translation: one msgstr, or msgstr[n] of a plural.
	Str []string

	// Obsolete: an entry kept by a tool for a source that is gone (#~).
	Obsolete bool

	// Where the entry is in the file it was read from (1-based lines; 0
	// for an entry made in memory): its first line, its msgid and its
	// (first) msgstr.
	Line, IDLine, StrLine int
}

// Previous is an entry's previous source (#| msgctxt, #| msgid, #|
// msgid_plural).
type Previous struct {
	Context, ID, IDPlural          string
	HasContext, HasID, HasIDPlural bool
	Line                           int // the first #| line; 0 if none
}

// Has reports whether any previous field is there.
func (p Previous) Has() bool { return p.HasContext || p.HasID || p.HasIDPlural }

// FlagFuzzy is the flag a translator or a tool sets on a translation that
// needs review.
const FlagFuzzy = "fuzzy"

// Fuzzy reports whether the entry has the fuzzy flag.
func (e *Entry) Fuzzy() bool { return slices.Contains(e.Flags, FlagFuzzy) }

// Translated reports whether the entry has a translation: every msgstr is
// non-empty.
func (e *Entry) Translated() bool {
	if len(e.Str) == 0 {
		return false
	}
	for _, s := range e.Str {
		if s == "" {
			return false
		}
	}
	return true
}

// IsHeader reports whether the entry is the file's header: the entry of
// the empty msgid, without context, not obsolete.
func (e *Entry) IsHeader() bool {
	return e.ID == "" && !e.HasContext && !e.Plural && !e.Obsolete
}

// Header returns the file's header entry, or nil.
func (f *File) Header() *Entry {
	for _, e := range f.Entries {
		if e.IsHeader() {
			return e
		}
	}
	return nil
}

// Field is one "Name: value" line of a header.
type Field struct {
	Name, Value string
}

// HeaderFields splits a header's msgstr into its fields, in order. Lines
// that are not "Name: value" are left out.
func HeaderFields(msgstr string) []Field {
	var out []Field
	for _, line := range strings.Split(msgstr, "\n") {
		name, value, ok := strings.Cut(line, ":")
		if !ok || strings.TrimSpace(name) == "" {
			continue
		}
		out = append(out, Field{strings.TrimSpace(name), strings.TrimSpace(value)})
	}
	return out
}

// HeaderField returns the value of the header field name (case-insensitive),
// and whether the file has it.
func (f *File) HeaderField(name string) (string, bool) {
	h := f.Header()
	if h == nil || len(h.Str) == 0 {
		return "", false
	}
	for _, fl := range HeaderFields(h.Str[0]) {
		if strings.EqualFold(fl.Name, name) {
			return fl.Value, true
		}
	}
	return "", false
}

// FormatHeader writes header fields as a header's msgstr: "Name: value\n"
// each.
func FormatHeader(fields []Field) string {
	var b strings.Builder
	for _, f := range fields {
		b.WriteString(f.Name)
		b.WriteString(": ")
		b.WriteString(f.Value)
		b.WriteString("\n")
	}
	return b.String()
}
