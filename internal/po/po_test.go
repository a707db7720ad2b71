package po

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// toolFile is a PO file as translators' tools leave it: a byte order mark
// and CRLF line ends (a Windows tool), the header continued on many lines,
// long strings wrapped, a translator's comment, a fuzzy entry with its
// previous source, a plural, escapes, and obsolete entries.
const toolFile = "\uFEFF# Spanish translation.\r\n" +
	"#, fuzzy\r\n" +
	"msgid \"\"\r\n" +
	"msgstr \"\"\r\n" +
	"\"Language: es\\n\"\r\n" +
	"\"Content-Type: text/plain; charset=UTF-8\\n\"\r\n" +
	"\"Plural-Forms: nplurals=3; plural=n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;\\n\"\r\n" +
	"\r\n" +
	"# Checked with the team.\r\n" +
	"#. check check-wifi: step 1 of 3 (markup)\r\n" +
	"#: content/guides/g.en.json:12\r\n" +
	"msgctxt \"nodes/check-wifi/steps/0/text\"\r\n" +
	"msgid \"\"\r\n" +
	"\"Open {Settings} and turn \"\r\n" +
	"  \"Wi-Fi off.\"\r\n" +
	"msgstr \"\"\r\n" +
	"\"Abre {Ajustes} y desactiva \"\r\n" +
	"\"la Wi-Fi.\"\r\n" +
	"\r\n" +
	"#, fuzzy, no-c-format\r\n" +
	"#| msgid \"Wait a \"\r\n" +
	"#| \"minute.\"\r\n" +
	"msgctxt \"nodes/check-wifi/steps/1/text\"\r\n" +
	"msgid \"Wait a moment.\"\r\n" +
	"msgstr \"Espera un minuto.\"\r\n" +
	"\r\n" +
	"msgctxt \"interface/strings/step_of\"\r\n" +
	"msgid \"Step {step} \\\"one\\\"\\tleft\"\r\n" +
	"msgid_plural \"Steps\\\\{left}\\n\"\r\n" +
	"msgstr[0] \"Paso\"\r\n" +
	"msgstr[1] \"\"\r\n" +
	"msgstr[2] \"Pasos\"\r\n" +
	"\r\n" +
	"#~ msgctxt \"nodes/gone/title\"\r\n" +
	"#~ msgid \"Gone\"\r\n" +
	"#~ msgstr \"\"\r\n" +
	"#~ \"Ido\"\r\n" +
	"\r\n" +
	"#, fuzzy\r\n" +
	"#~| msgid \"Old\"\r\n" +
	"#~ msgid \"Older\"\r\n" +
	"#~ msgstr \"Viejo\"\r\n"

func TestParseToolFile(t *testing.T) {
	f, err := Parse("es.po", []byte(toolFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Entries) != 6 {
		t.Fatalf("%d entries, want 6: %+v", len(f.Entries), f.Entries)
	}
	if lang, ok := f.HeaderField("language"); !ok || lang != "es" {
		t.Errorf("Language = %q, %v", lang, ok)
	}
	if pf, _ := f.HeaderField("Plural-Forms"); !strings.HasPrefix(pf, "nplurals=3;") {
		t.Errorf("Plural-Forms = %q", pf)
	}
	e := f.Entries[1]
	want := &Entry{
		Comments: []string{"Checked with the team."}, Extracted: []string{"check check-wifi: step 1 of 3 (markup)"},
		References: []string{"content/guides/g.en.json:12"},
		Context:    "nodes/check-wifi/steps/0/text", HasContext: true,
		ID: "Open {Settings} and turn Wi-Fi off.", Str: []string{"Abre {Ajustes} y desactiva la Wi-Fi."},
		Line: 9, IDLine: 13, StrLine: 16,
	}
	if !reflect.DeepEqual(e, want) {
		t.Errorf("entry 1:\n got %+v\nwant %+v", e, want)
	}
	e = f.Entries[2]
	if !e.Fuzzy() || !reflect.DeepEqual(e.Flags, []string{"fuzzy", "no-c-format"}) || e.Previous.ID != "Wait a minute." || e.Previous.Line != 21 || !e.Translated() {
		t.Errorf("fuzzy entry: %+v", e)
	}
	e = f.Entries[3]
	if !e.Plural || e.ID != "Step {step} \"one\"\tleft" || e.IDPlural != "Steps\\{left}\n" || !reflect.DeepEqual(e.Str, []string{"Paso", "", "Pasos"}) || e.Translated() {
		t.Errorf("plural entry: %+v", e)
	}
	if e := f.Entries[4]; !e.Obsolete || e.Context != "nodes/gone/title" || e.Str[0] != "Ido" {
		t.Errorf("obsolete entry: %+v", e)
	}
	if e := f.Entries[5]; !e.Obsolete || e.Previous.ID != "Old" || !e.Fuzzy() {
		t.Errorf("obsolete entry with its previous source: %+v", e)
	}
	// Written and read again, nothing changes but the lines.
	g, err := Parse("again.po", Format(f))
	if err != nil {
		t.Fatalf("%v\n%s", err, Format(f))
	}
	if !sameEntries(f, g) {
		t.Errorf("written and read again, the entries differ:\n%s", Format(f))
	}
}

// sameEntries compares the entries of two files, not where they were.
func sameEntries(a, b *File) bool {
	if len(a.Entries) != len(b.Entries) {
		return false
	}
	for i := range a.Entries {
		x, y := *a.Entries[i], *b.Entries[i]
		x.Line, x.IDLine, x.StrLine, x.Previous.Line = 0, 0, 0, 0
		y.Line, y.IDLine, y.StrLine, y.Previous.Line = 0, 0, 0, 0
		if len(x.Str) == 0 {
			x.Str = []string{""}
		}
		if len(y.Str) == 0 {
			y.Str = []string{""}
		}
		if !reflect.DeepEqual(x, y) {
			return false
		}
	}
	return true
}

func TestParseErrors(t *testing.T) {
	for _, c := range []struct {
		name, po string
		line     int
		msg      string
	}{
		{"unclosed", "msgid \"a\nmsgstr \"\"\n", 1, "not closed"},
		{"unknown keyword", "msgid \"a\"\nmsgstring \"b\"\n", 2, `unknown keyword "msgstring"`},
		{"no string", "msgid \"a\"\nmsgstr\n", 2, "msgstr needs a string"},
		{"unknown escape", "msgid \"a\"\nmsgstr \"\\q\"\n", 2, `unknown escape \q`},
		{"after quote", "msgid \"a\" x\nmsgstr \"\"\n", 1, "text after the string's closing quote"},
		{"no msgstr at the end", "# c\nmsgctxt \"x\"\nmsgid \"a\"\n", 3, "has no msgstr"},
		{"two msgids", "msgid \"a\"\nmsgid \"b\"\nmsgstr \"\"\n", 2, "a second msgid"},
		{"plural with msgstr", "msgid \"a\"\nmsgid_plural \"b\"\nmsgstr \"\"\n", 3, "msgstr[0], msgstr[1]"},
		{"forms out of order", "msgid \"a\"\nmsgid_plural \"b\"\nmsgstr[0] \"\"\nmsgstr[2] \"\"\n", 4, "want msgstr[1]"},
		{"form without plural", "msgid \"a\"\nmsgstr[0] \"\"\n", 2, "without msgid_plural"},
		{"continues nothing", "\"a\"\n", 1, "continues nothing"},
		{"continuation after a blank line", "msgid \"a\"\nmsgstr \"b\"\n\n\"c\"\n", 4, "continues nothing"},
		{"comment inside", "msgid \"a\"\n# c\nmsgstr \"b\"\n", 2, "inside an entry"},
		{"msgctxt late", "msgid \"a\"\nmsgctxt \"x\"\nmsgstr \"b\"\n", 2, "msgctxt after msgid"},
		{"mixed obsolete", "#~ msgid \"a\"\nmsgstr \"b\"\n", 2, "mixes obsolete"},
		{"not UTF-8", "msgid \"a\"\nmsgstr \"\xff\"\n", 2, "not UTF-8"},
		{"escapes not UTF-8", "msgid \"a\"\nmsgstr \"\\377\"\n", 2, "not UTF-8"},
		{"lone CR", "msgid \"a\"\rmsgstr \"b\"\n", 1, "carriage return"},
		{"bad previous", "#| msgstr \"a\"\nmsgid \"a\"\nmsgstr \"b\"\n", 1, "previous-source comment holds"},
		{"the third of many", "msgid \"\"\nmsgstr \"\"\n\nmsgctxt \"a\"\nmsgid \"b\"\nmsgstr \"c\"\n\nmsgctxt \"d\"\nmsgid \"e\"\nmsgstr \"f\" g\n", 10, "after the string's closing quote"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("bad.po", []byte(c.po))
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %v, want a *po.Error", err)
			}
			if pe.File != "bad.po" || pe.Line != c.line || !strings.Contains(pe.Msg, c.msg) {
				t.Errorf("got %v, want bad.po:%d: …%s…", err, c.line, c.msg)
			}
			if !strings.HasPrefix(err.Error(), "bad.po:") {
				t.Errorf("%q does not start with file:line", err)
			}
		})
	}
}

func TestFormatWraps(t *testing.T) {
	long := strings.Repeat("Tap the red exclamation mark next to the message, then tap Try Again. ", 3)
	f := &File{Entries: []*Entry{
		{ID: "", Str: []string{"Language: es\nContent-Type: text/plain; charset=UTF-8\n"}},
		{Context: "a", HasContext: true, ID: long, Str: []string{"Una línea\ny otra \"citada\"\n"}},
		{Context: "b", HasContext: true, ID: "short", Str: []string{"corto"}, Flags: []string{FlagFuzzy},
			Previous: Previous{ID: "old", HasID: true}},
		{Context: "c", HasContext: true, ID: strings.Repeat("x", 100), Str: []string{""}},
	}}
	out := string(Format(f))
	for i, line := range strings.Split(out, "\n") {
		if n := utf8.RuneCountInString(line); n > Width && !strings.Contains(line, "xxxxxxxxxx") {
			t.Errorf("line %d is %d columns wide: %q", i+1, n, line)
		}
	}
	for _, want := range []string{
		"msgid \"\"\nmsgstr \"\"\n\"Language: es\\n\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n",
		"msgstr \"\"\n\"Una línea\\n\"\n\"y otra \\\"citada\\\"\\n\"\n",
		"#, fuzzy\n#| msgid \"old\"\nmsgctxt \"b\"\nmsgid \"short\"\nmsgstr \"corto\"\n",
		"msgid \"\"\n\"" + strings.Repeat("x", 100) + "\"\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	g, err := Parse("w.po", []byte(out))
	if err != nil {
		t.Fatal(err)
	}
	if !sameEntries(f, g) {
		t.Errorf("read back, the entries differ:\n%s", out)
	}
}

// FuzzParse: parsing never panics; an error names a line of the file; what
// is read, written and read again is the same entries.
func FuzzParse(f *testing.F) {
	f.Add([]byte(toolFile))
	f.Add([]byte("msgid \"\"\nmsgstr \"Language: es\\n\"\n\nmsgctxt \"a\"\nmsgid \"b\\\\n\\x41\\101\"\nmsgstr \"c\"\n"))
	f.Add([]byte("#\n#.\n#:\n#,\n#| msgctxt \"\"\n#| msgid \"\"\nmsgctxt \"\"\nmsgid \"\"\nmsgid_plural \"\"\nmsgstr[0] \"\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse("fuzz.po", data)
		if err != nil {
			var pe *Error
			if !errors.As(err, &pe) || pe.File != "fuzz.po" || pe.Line < 1 || pe.Msg == "" {
				t.Fatalf("error without a line: %#v", err)
			}
			if lines := strings.Count(string(data), "\n") + 2; pe.Line > lines {
				t.Fatalf("line %d of a file of %d lines", pe.Line, lines)
			}
			return
		}
		out := Format(file)
		again, err := Parse("again.po", out)
		if err != nil {
			t.Fatalf("the written file does not read: %v\n%s", err, out)
		}
		if !sameEntries(file, again) {
			t.Fatalf("written and read again, the entries differ:\n%q\n%q", data, out)
		}
		if !utf8.Valid(out) {
			t.Fatalf("written file is not UTF-8")
		}
	})
}
