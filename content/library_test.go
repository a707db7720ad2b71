package content

import (
	"bytes"
	"slices"
	"testing"
	"testing/fstest"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/internal/testguide"
)

// translate returns mini.en.json as guide id in lang, with its words changed.
func translate(t testing.TB, id, lang string) []byte {
	t.Helper()
	data := testguide.MiniJSON(t)
	data = bytes.Replace(data, []byte(`"id": "mini"`), []byte(`"id": "`+id+`"`), 1)
	data = bytes.Replace(data, []byte(`"lang": "en"`), []byte(`"lang": "`+lang+`"`), 1)
	if lang != "en" {
		data = bytes.Replace(data, []byte(`"Mini guide"`), []byte(`"Mini guide (`+lang+`)"`), 1)
	}
	return data
}

func TestLoad(t *testing.T) {
	fsys := fstest.MapFS{
		"guides/mini.en.json":    {Data: translate(t, "mini", "en")},
		"guides/mini.fr.json":    {Data: translate(t, "mini", "fr")},
		"guides/mini.pt-BR.json": {Data: translate(t, "mini", "pt-BR")},
		"guides/other.de.json":   {Data: translate(t, "other", "de")},
		"guides/other.es.json":   {Data: translate(t, "other", "es")},
		"guides/README.md":       {Data: []byte("not a guide")},
	}
	lib, err := Load(fsys, "guides")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range lib.Guides() {
		got = append(got, f.ID+"."+f.Lang)
	}
	if want := []string{"mini.en", "mini.fr", "mini.pt-BR", "other.de", "other.es"}; !slices.Equal(got, want) {
		t.Errorf("Guides() = %v, want %v", got, want)
	}
	for _, tt := range []struct{ id, lang, want string }{
		{"mini", "fr", "fr"},
		{"mini", "", "en"},
		{"mini", "xx", "en"},
		{"mini", "FR", "fr"},
		{"mini", "pt", "pt-BR"},
		{"mini", "fr-CA", "fr"},
		{"other", "", "de"},
		{"other", "es", "es"},
	} {
		f, ok := lib.Guide(tt.id, tt.lang)
		if !ok || f.Lang != tt.want {
			t.Errorf("Guide(%q, %q) = %v %v, want lang %q", tt.id, tt.lang, f != nil && ok, f, tt.want)
		}
	}
	if _, ok := lib.Guide("nope", "en"); ok {
		t.Error("Guide(nope) found something")
	}
	raw, ok := lib.Raw("mini", "fr")
	if !ok || !bytes.Equal(raw, fsys["guides/mini.fr.json"].Data) {
		t.Errorf("Raw(mini, fr) is not the document")
	}
	if f, _ := lib.Guide("mini", "fr"); f.Hash() != Hash(raw) {
		t.Errorf("hash %q, want %q", f.Hash(), Hash(raw))
	}
	if got := lib.Langs("mini"); !slices.Equal(got, []string{"en", "fr", "pt-BR"}) {
		t.Errorf("Langs(mini) = %v", got)
	}
}

func TestLoadProblems(t *testing.T) {
	fsys := fstest.MapFS{
		"g/mini.en.json": {Data: translate(t, "mini", "en")},
		"g/mini.de.json": {Data: translate(t, "mini", "fr")},
		"g/bad.en.json":  {Data: []byte("{")},
	}
	_, err := Load(fsys, "g")
	want := `g/bad.en.json:1:2: unexpected end of file: the JSON is cut short; close every string, [ and {
g/mini.de.json:2:9: id: the file of guide "mini" in "fr" must be named mini.fr.json; rename the file or fix id and lang`
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
}

func TestCheckLanguagesDuplicateLang(t *testing.T) {
	a, err := Parse("a/mini.en.json", testguide.MiniJSON(t))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Parse("b/mini.en.json", testguide.MiniJSON(t))
	if err != nil {
		t.Fatal(err)
	}
	probs := CheckLanguages([]*engine.Flow{a, b}, []string{"a/mini.en.json", "b/mini.en.json"})
	want := `b/mini.en.json:4:11: lang: guide "mini" has lang "en" twice (also a/mini.en.json); keep one file per language`
	if probs.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", probs, want)
	}
}

func TestEmbedded(t *testing.T) {
	lib, err := Embedded()
	if err != nil {
		t.Fatalf("embedded guides have problems:\n%v", err)
	}
	f, ok := lib.Guide(DefaultGuide, "")
	if !ok {
		t.Fatalf("no embedded guide %q", DefaultGuide)
	}
	if f.Lang != "en" || len(f.Hash()) != 8 || f.Node(f.Start) == nil {
		t.Errorf("default guide: lang %q hash %q start %q", f.Lang, f.Hash(), f.Start)
	}
	for _, g := range lib.Guides() {
		raw, ok := lib.Raw(g.ID, g.Lang)
		if !ok || Hash(raw) != g.Hash() {
			t.Errorf("%s.%s: Raw does not match the flow", g.ID, g.Lang)
		}
		if file, _ := guidesFS.ReadFile("guides/" + g.ID + "." + g.Lang + ".json"); !bytes.Equal(raw, file) {
			t.Errorf("%s.%s: Raw is not its document", g.ID, g.Lang)
		}
	}
	again, _ := Embedded()
	if again != lib {
		t.Error("Embedded parsed twice")
	}
}
