package translate

import (
	"bytes"
	"os"
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
