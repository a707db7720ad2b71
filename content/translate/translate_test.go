package translate

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/fixflow/fixflow/internal/po"
)

const (
	guideEN = "../guides/imessage-undelivered.en.json"
	guideES = "../guides/imessage-undelivered.es.json"
	wordsEN = "../strings/en.json"
	wordsES = "../strings/es.json"
)

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func parseDoc(t *testing.T, k DocKind, name string, data []byte) *Doc {
	t.Helper()
	d, err := Parse(k, data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return d
}

// round is the Spanish round of the repository's files, the English
// guide's bytes replaced by enGuide when not nil.
func round(t *testing.T, enGuide []byte) Round {
	t.Helper()
	if enGuide == nil {
		enGuide = readFile(t, guideEN)
	}
	return Round{
		Lang: "es",
		Guide: Pair{
			English: parseDoc(t, Guide, guideEN, enGuide), EnglishName: "content/guides/imessage-undelivered.en.json",
			Translation: parseDoc(t, Guide, guideES, readFile(t, guideES)), TranslationName: "content/guides/imessage-undelivered.es.json",
		},
		Words: Pair{
			English: parseDoc(t, Words, wordsEN, readFile(t, wordsEN)), EnglishName: "content/strings/en.json",
			Translation: parseDoc(t, Words, wordsES, readFile(t, wordsES)), TranslationName: "content/strings/es.json",
		},
	}
}

// exported is the PO file Export writes for r, as bytes.
func exported(t *testing.T, r Round, previous *po.File) []byte {
	t.Helper()
	f, err := Export(r, previous)
	if err != nil {
		t.Fatal(err)
	}
	return po.Format(f)
}

func importBytes(t *testing.T, data []byte, r Round) (*Result, error) {
	t.Helper()
	f, err := po.Parse("es.po", data)
	if err != nil {
		t.Fatal(err)
	}
	return Import("es.po", f, r)
}

// TestRoundTripSpanish: the Spanish guide and words exported and imported
// again are the repository's files, byte for byte, with nothing missing
// or stale.
func TestRoundTripSpanish(t *testing.T) {
	r := round(t, nil)
	data := exported(t, r, nil)
	res, err := importBytes(t, data, r)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		got  []byte
	}{{guideES, res.Guide}, {wordsES, res.Words}} {
		if want := readFile(t, c.name); !bytes.Equal(c.got, want) {
			t.Errorf("%s: imported bytes differ from the file's (%d against %d bytes); first difference at byte %d", c.name, len(c.got), len(want), firstDiff(c.got, want))
		}
	}
	if len(res.Missing)+len(res.Stale)+len(res.Ignored) > 0 {
		t.Errorf("missing %v, stale %v, ignored %v; want none", res.Missing, res.Stale, res.Ignored)
	}
	if want := len(r.Guide.English.Texts) + len(r.Words.English.Texts); res.Texts != want || want < 400 {
		t.Errorf("%d texts, want %d (and the guide and words have hundreds)", res.Texts, want)
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// TestExportEntries: each text once, by its id, with its English, the
// current translation, context, a reference and plural forms.
func TestExportEntries(t *testing.T) {
	data := string(exported(t, round(t, nil), nil))
	for _, want := range []string{
		"\"Language: es\\n\"",
		"\"X-Fixflow-Guide: imessage-undelivered\\n\"",
		"#: content/guides/imessage-undelivered.en.json:6\nmsgctxt \"summary\"\n",
		"msgctxt \"interface/strings/step_of\"\nmsgid \"Step {step} · about {left} step to go\"\nmsgid_plural \"Step {step} · about {left} steps to go\"\nmsgstr[0] \"Paso {step} · falta más o menos {left} paso\"\nmsgstr[1] \"Paso {step} · faltan unos {left} de pasos\"\nmsgstr[2] \"Paso {step} · faltan unos {left} pasos\"\n",
		"#. interface word: step_of, by the number {left} (markup)\n",
		"#. keep {step}, {left} as they are",
		"msgctxt \"interface/name\"\nmsgid \"English\"\nmsgstr \"Español\"\n",
		"msgctxt \"facts/ios/question\"\nmsgid \"Which iOS version is on your iPhone?\"\n",
	} {
		if !strings.Contains(data, want) {
			t.Errorf("the export lacks %q", want)
		}
	}
	f, err := po.Parse("es.po", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := f.HeaderField("Plural-Forms"); v != "nplurals=3; plural=(n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2);" {
		t.Errorf("Plural-Forms %q", v)
	}
	seen := map[string]bool{}
	for _, e := range f.Entries[1:] {
		if seen[e.Context] {
			t.Errorf("msgctxt %q twice", e.Context)
		}
		seen[e.Context] = true
		if len(e.Extracted) == 0 || len(e.References) != 1 {
			t.Errorf("%s: comments %q, references %q; want notes and one reference", e.Context, e.Extracted, e.References)
		}
	}
}

// entry returns the entry of msgctxt ctx of f.
func entry(t *testing.T, f *po.File, ctx string) *po.Entry {
	t.Helper()
	for _, e := range f.Entries {
		if e.HasContext && e.Context == ctx && !e.Obsolete {
			return e
		}
	}
	t.Fatalf("no entry %q", ctx)
	return nil
}

func ids(ps []Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.ID)
	}
	return out
}

// TestStale: English changed since the translation. Exported again with
// the last round's PO, the entry shows the English it was translated from
// as #| and is fuzzy; imported, it is reported stale, and so is the last
// round's PO imported against today's English. Nothing else is.
func TestStale(t *testing.T) {
	last := exported(t, round(t, nil), nil)
	lastFile, err := po.Parse("last.po", last)
	if err != nil {
		t.Fatal(err)
	}
	en := readFile(t, guideEN)
	changed := bytes.Replace(en, []byte(`"title": "My iMessage won't deliver"`), []byte(`"title": "My iMessage won't send"`), 1)
	if bytes.Equal(changed, en) {
		t.Fatal("the English title is not where the test expects it")
	}
	r := round(t, changed)

	data := exported(t, r, lastFile)
	want := "#, fuzzy\n#| msgid \"My iMessage won't deliver\"\nmsgctxt \"title\"\nmsgid \"My iMessage won't send\"\nmsgstr \"Mi iMessage no se entrega\"\n"
	if !strings.Contains(string(data), want) {
		t.Errorf("the new export lacks\n%s", want)
	}
	if n := strings.Count(string(data), "#| msgid"); n != 1 {
		t.Errorf("%d entries with a previous msgid, want 1", n)
	}
	res, err := importBytes(t, data, r)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(res.Stale); !slices.Equal(got, []string{"title"}) || !strings.Contains(res.Stale[0].Msg, "older English") {
		t.Errorf("stale %v, want [title] translated from older English", res.Stale)
	}
	if len(res.Missing) > 0 {
		t.Errorf("missing %v", res.Missing)
	}
	// The stale translation is still written, as it was.
	if !bytes.Equal(res.Guide, readFile(t, guideES)) {
		t.Error("the imported guide is not the Spanish file")
	}

	// Exported once more from the stale round's PO, without its
	// translator having looked: still the English it was made against.
	again, err := po.Parse("again.po", data)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(exported(t, r, again), []byte(want)) {
		t.Error("a second export forgot the previous msgid")
	}

	// The last round's PO against today's English.
	res, err = importBytes(t, last, r)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(res.Stale); !slices.Equal(got, []string{"title"}) || !strings.Contains(res.Stale[0].Msg, "changed since the export") {
		t.Errorf("stale %v, want [title] changed since the export", res.Stale)
	}

	// A translator who has checked it clears the mark and the previous
	// msgid, as their tool does: no longer stale.
	e := entry(t, again, "title")
	e.Flags, e.Previous = nil, po.Previous{}
	e.Str = []string{"Mi iMessage no se envía"}
	res, err = Import("again.po", again, r)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Stale) > 0 || !bytes.Contains(res.Guide, []byte(`"title": "Mi iMessage no se envía"`)) {
		t.Errorf("stale %v; the title written: %v", res.Stale, bytes.Contains(res.Guide, []byte("no se envía")))
	}
}

// TestMissing: an entry without a translation is reported missing and
// keeps the current translation, or without one is written in English;
// an entry removed from the file likewise.
func TestMissing(t *testing.T) {
	r := round(t, nil)
	f, err := po.Parse("es.po", exported(t, r, nil))
	if err != nil {
		t.Fatal(err)
	}
	entry(t, f, "nodes/check-recipient-address/steps/2/text").Str = []string{""}
	entry(t, f, "interface/strings/step_of").Str[1] = ""
	var kept []*po.Entry
	for _, e := range f.Entries {
		if e.Context != "summary" {
			kept = append(kept, e)
		}
	}
	f.Entries = kept
	f, err = po.Parse("es.po", po.Format(f))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Import("es.po", f, r)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"summary", "nodes/check-recipient-address/steps/2/text", "interface/strings/step_of"}
	if got := ids(res.Missing); !slices.Equal(got, want) {
		t.Errorf("missing %v, want %v", got, want)
	}
	for _, p := range res.Missing {
		if !strings.Contains(p.Msg, "is kept") || (p.ID == "summary") != (p.Line == 0) {
			t.Errorf("%v: want the current translation kept, and a line unless the entry is gone", p)
		}
	}
	if !bytes.Equal(res.Guide, readFile(t, guideES)) || !bytes.Equal(res.Words, readFile(t, wordsES)) {
		t.Error("the current translations were not kept")
	}

	// Without a current translation: English.
	r.Guide.Translation, r.Words.Translation = nil, nil
	res, err = Import("es.po", f, r)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(res.Guide, []byte(`"Open {Contacts}, find them, tap {Edit}, and fix or delete any old number or email."`)) ||
		!bytes.Contains(res.Words, []byte(`"many": "Step {step} · about {left} steps to go"`)) {
		t.Error("a text without a translation is not written in English")
	}
	for _, p := range res.Missing {
		if !strings.Contains(p.Msg, "in English") {
			t.Errorf("%v: want written in English", p)
		}
	}
}

// toolEdited writes a PO file as another tool might: a byte order mark,
// CRLF line ends, every string on one line, a translator's comment, the
// entries in another order.
func toolEdited(data []byte) []byte {
	var lines []string
	for _, l := range strings.Split(string(data), "\n") {
		if n := len(lines); n > 0 && strings.HasPrefix(l, `"`) && strings.HasSuffix(lines[n-1], `"`) {
			lines[n-1] = strings.TrimSuffix(lines[n-1], `"`) + l[1:]
			continue
		}
		lines = append(lines, l)
	}
	entries := strings.Split(strings.Join(lines, "\n"), "\n\n")
	head, rest := entries[0], entries[1:]
	slices.Reverse(rest)
	rest[0] = "# checked by the reviewer\n" + rest[0]
	out := strings.Join(append([]string{head}, rest...), "\n\n")
	return []byte("\uFEFF" + strings.ReplaceAll(out, "\n", "\r\n"))
}

// TestToolEdited: a PO file saved by another tool imports to the same
// bytes.
func TestToolEdited(t *testing.T) {
	r := round(t, nil)
	orig := exported(t, r, nil)
	data := toolEdited(orig)
	if bytes.Count(data, []byte("\r\n")) >= bytes.Count(orig, []byte("\n")) {
		t.Fatal("the edit did not join continued strings")
	}
	res, err := importBytes(t, data, r)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(res.Guide, readFile(t, guideES)) || !bytes.Equal(res.Words, readFile(t, wordsES)) {
		t.Error("the tool-edited file imports to other bytes")
	}
	if len(res.Missing)+len(res.Stale) > 0 {
		t.Errorf("missing %v, stale %v", res.Missing, res.Stale)
	}
}

// TestImportErrors: bad input is refused with the PO file's line of the
// entry at fault, and nothing to write.
func TestImportErrors(t *testing.T) {
	r := round(t, nil)
	for _, c := range []struct {
		name string
		edit func(f *po.File)
		ctx  string // the entry the error is at; "" for the header
		want string
	}{
		{"msgctxt twice", func(f *po.File) {
			e := *entry(t, f, "title")
			f.Entries = append(f.Entries, &e)
		}, "title", "msgctxt twice"},
		{"plural as one text", func(f *po.File) {
			e := entry(t, f, "interface/strings/step_of")
			e.Plural, e.IDPlural, e.Str = false, "", []string{"Paso {step}"}
		}, "interface/strings/step_of", "the English is a plural"},
		{"two forms for three", func(f *po.File) {
			e := entry(t, f, "interface/strings/step_of")
			e.Str = e.Str[:2]
		}, "interface/strings/step_of", "2 plural forms, but the language has 3"},
		{"a placeholder dropped", func(f *po.File) {
			entry(t, f, "interface/strings/step_of").Str[2] = "Paso {step} · faltan pasos"
		}, "interface/strings/step_of", "lacks {left}"},
		{"a placeholder made up", func(f *po.File) {
			entry(t, f, "interface/strings/skip").Str[0] = "Saltar al paso {step}"
		}, "interface/strings/skip", "has {step}, which the English has not"},
		{"markup in a plain text", func(f *po.File) {
			entry(t, f, "nodes/check-recipient-address/title").Str[0] = "Revisa el *número*"
		}, "nodes/check-recipient-address/title", "plain text cannot hold markup"},
		{"no msgctxt", func(f *po.File) {
			e := entry(t, f, "summary")
			e.HasContext, e.Context = false, ""
		}, "", "without msgctxt"},
		{"other plural forms", func(f *po.File) {
			h := f.Header()
			h.Str[0] = strings.Replace(h.Str[0], "nplurals=3;", "nplurals=2;", 1)
		}, "", "Plural-Forms"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, err := po.Parse("es.po", exported(t, r, nil))
			if err != nil {
				t.Fatal(err)
			}
			c.edit(f)
			data := po.Format(f)
			f, err = po.Parse("es.po", data)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Import("es.po", f, r)
			var probs Problems
			if !errors.As(err, &probs) || res != nil {
				t.Fatalf("got %v, %v; want Problems and no result", res, err)
			}
			// The line of the entry (its msgstr for what is wrong with
			// the translation; the last one of a msgctxt twice), or of
			// the header.
			wantLine := 0
			for _, e := range f.Entries {
				switch {
				case c.ctx == "" && c.name == "no msgctxt" && !e.HasContext && !e.IsHeader(),
					c.ctx == "" && c.name != "no msgctxt" && e.IsHeader():
					wantLine = e.Line
				case c.ctx != "" && e.Context == c.ctx:
					wantLine = e.Line
					if strings.Contains(c.name, "placeholder") || strings.Contains(c.name, "markup") {
						wantLine = e.StrLine
					}
				}
			}
			if len(probs) != 1 || probs[0].File != "es.po" || probs[0].Line != wantLine || !strings.Contains(probs[0].Msg, c.want) {
				t.Errorf("got %v; want one problem at es.po:%d saying %q", err, wantLine, c.want)
			}
		})
	}
}

// TestNewLanguage: a language without a translation yet exports every
// text untranslated with its plural forms, and imports (nothing
// translated) as English in its layout, every text missing, the words
// right to left; a language whose plural rules fixflow does not know is
// refused.
func TestNewLanguage(t *testing.T) {
	r := round(t, nil)
	r.Lang = "ar"
	r.Guide.Translation, r.Words.Translation = nil, nil
	data := exported(t, r, nil)
	if !bytes.Contains(data, []byte("msgstr[5] \"\"\n")) || bytes.Contains(data, []byte("msgstr \"Mi")) {
		t.Error("want six empty plural forms and no Spanish")
	}
	f, err := po.Parse("ar.po", data)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Import("ar.po", f, r)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Missing) != res.Texts || len(res.Stale) > 0 {
		t.Errorf("%d missing of %d, %d stale", len(res.Missing), res.Texts, len(res.Stale))
	}
	en := readFile(t, guideEN)
	if want := bytes.Replace(en, []byte(`"lang": "en"`), []byte(`"lang": "ar"`), 1); !bytes.Equal(res.Guide, want) {
		t.Error("the guide is not the English one with lang ar")
	}
	for _, want := range []string{`"lang": "ar"`, `"dir": "rtl"`, `"zero": "Step {step} · about {left} steps to go"`, `"one": "Step {step} · about {left} step to go"`, `"few": "Step {step} · about {left} steps to go"`} {
		if !bytes.Contains(res.Words, []byte(want)) {
			t.Errorf("the words lack %s", want)
		}
	}
	r.Lang = "fr"
	if _, err := Export(r, nil); err == nil || !strings.Contains(err.Error(), "no plural rules") {
		t.Errorf("fr: %v; want no plural rules", err)
	}
}

// TestGoneTexts: a translation of a text English no longer has is left
// out of the import (and said so), and kept by the next export as an
// obsolete entry, for the translator's memory.
func TestGoneTexts(t *testing.T) {
	r := round(t, nil)
	f, err := po.Parse("es.po", exported(t, r, nil))
	if err != nil {
		t.Fatal(err)
	}
	f.Entries = append(f.Entries, &po.Entry{Context: "nodes/gone/title", HasContext: true, ID: "Gone", Str: []string{"Ido"}})
	f, err = po.Parse("es.po", po.Format(f))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Import("es.po", f, r)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(res.Ignored); !slices.Equal(got, []string{"nodes/gone/title"}) || res.Ignored[0].Line == 0 {
		t.Errorf("left out %v, want nodes/gone/title at its line", res.Ignored)
	}
	if !bytes.Equal(res.Guide, readFile(t, guideES)) {
		t.Error("the guide is not the Spanish file")
	}
	if want := "#~ msgctxt \"nodes/gone/title\"\n#~ msgid \"Gone\"\n#~ msgstr \"Ido\"\n"; !strings.Contains(string(exported(t, r, f)), want) {
		t.Errorf("the next export lacks\n%s", want)
	}
}

// TestTargetOf: the header names the guide and language; a tool's locale
// (es_ES) is a tag; a header that lost the guide is an error at its line
// unless the guide is given.
func TestTargetOf(t *testing.T) {
	f, err := po.Parse("x.po", []byte("# tool\nmsgid \"\"\nmsgstr \"Language: es_ES\\n\"\n\nmsgctxt \"title\"\nmsgid \"A\"\nmsgstr \"B\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = TargetOf("x.po", f, Target{})
	var probs Problems
	if !errors.As(err, &probs) || len(probs) != 1 || probs[0].Line != 1 || !strings.Contains(probs[0].Msg, FieldGuide) {
		t.Errorf("no guide in the header: %v", err)
	}
	got, err := TargetOf("x.po", f, Target{Guide: "imessage-undelivered"})
	if err != nil || got != (Target{"imessage-undelivered", "es-ES"}) {
		t.Errorf("got %v, %v", got, err)
	}
	if _, err := TargetOf("x.po", f, Target{Guide: "../etc", Lang: "es"}); err == nil {
		t.Error("a guide id with a path accepted")
	}
	if _, err := TargetOf("x.po", &po.File{}, Target{Guide: "g", Lang: "en"}); err == nil {
		t.Error("English accepted as the language of a translation")
	}
}

// TestGettextTools: GNU gettext's msgfmt accepts the export, and the
// file as msgcat rewrites it (its own wrapping) imports to the same
// bytes. Skipped where gettext is not installed (Debian: gettext).
func TestGettextTools(t *testing.T) {
	msgfmt, err := exec.LookPath("msgfmt")
	if err != nil {
		t.Skip("no msgfmt: install gettext")
	}
	msgcat, err := exec.LookPath("msgcat")
	if err != nil {
		t.Skip("no msgcat: install gettext")
	}
	r := round(t, nil)
	name := filepath.Join(t.TempDir(), "es.po")
	data := exported(t, r, nil)
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(msgfmt, "--check", "-o", os.DevNull, name).CombinedOutput(); err != nil {
		t.Fatalf("msgfmt --check: %v\n%s", err, out)
	}
	out, err := exec.Command(msgcat, "--width=60", name).Output()
	if err != nil {
		t.Fatalf("msgcat: %v", err)
	}
	if bytes.Equal(out, data) {
		t.Fatal("msgcat changed nothing: the test would prove nothing")
	}
	res, err := importBytes(t, out, r)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(res.Guide, readFile(t, guideES)) || !bytes.Equal(res.Words, readFile(t, wordsES)) || len(res.Missing)+len(res.Stale) > 0 {
		t.Errorf("msgcat's file imports to other bytes (missing %v, stale %v)", res.Missing, res.Stale)
	}
}
