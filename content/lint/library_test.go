package lint

import (
	"bytes"
	"reflect"
	"slices"
	"testing"

	"github.com/fixflow/fixflow/content"
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

func TestLibrary(t *testing.T) {
	srcs := []content.Source{
		{Name: "g/mini.en.json", Data: translate(t, "mini", "en")},
		{Name: "g/mini.fr.json", Data: translate(t, "mini", "fr")},
		{Name: "g/other.de.json", Data: translate(t, "other", "de")},
	}
	lib, err := Library(srcs)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range lib.Guides() {
		got = append(got, f.ID+"."+f.Lang)
	}
	if want := []string{"mini.en", "mini.fr", "other.de"}; !slices.Equal(got, want) {
		t.Errorf("Guides() = %v, want %v", got, want)
	}
	raw, ok := lib.Raw("mini", "fr")
	if !ok || !bytes.Equal(raw, srcs[1].Data) {
		t.Errorf("Raw(mini, fr) is not the document")
	}
	if f, _ := lib.Guide("mini", "fr"); f.Node(f.Start) == nil {
		t.Errorf("mini.fr is not indexed")
	}
}

func TestLibraryProblems(t *testing.T) {
	srcs := []content.Source{
		{Name: "g/mini.en.json", Data: translate(t, "mini", "en")},
		{Name: "g/mini.de.json", Data: translate(t, "mini", "fr")},
		{Name: "g/bad.en.json", Data: []byte("{")},
	}
	lib, err := Library(srcs)
	if lib != nil {
		t.Error("a library with problems")
	}
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
	probs := CheckLanguages([]*Doc{a, b})
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
	f, ok := lib.Guide(content.DefaultGuide, "")
	if !ok {
		t.Fatalf("no embedded guide %q", content.DefaultGuide)
	}
	if f.Lang != "en" || f.Node(f.Start) == nil {
		t.Errorf("default guide: lang %q start %q", f.Lang, f.Start)
	}
	srcs, err := content.EmbeddedSources()
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range srcs {
		d, err := Parse(src.Name, src.Data)
		if err != nil {
			t.Fatal(err)
		}
		g, ok := lib.Guide(d.Flow.ID, d.Flow.Lang)
		raw, _ := lib.Raw(d.Flow.ID, d.Flow.Lang)
		if !ok || !bytes.Equal(raw, src.Data) || !reflect.DeepEqual(*g, *d.Flow) {
			t.Errorf("%s: the library's guide is not its document", src.Name)
		}
	}
	again, _ := Embedded()
	if again != lib {
		t.Error("Embedded checked twice")
	}
}
