package components

import (
	"os"
	"testing"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/content"
)

// testWords are the English interface words, for the views under test.
var testWords = func() *content.Strings {
	data, err := os.ReadFile("../content/strings/en.json")
	if err != nil {
		panic(err)
	}
	w, err := content.DecodeStrings(data)
	if err != nil {
		panic(err)
	}
	return w
}()

// word is an English interface text, for what the tests look for.
func word(key string, args ...content.Arg) string { return testWords.Text(key, args...) }

// libraryWith decodes documents of guides into a library with the English
// interface words.
func libraryWith(t testing.TB, srcs ...content.Source) *content.Library {
	t.Helper()
	data, err := os.ReadFile("../content/strings/en.json")
	if err != nil {
		t.Fatal(err)
	}
	lib, err := content.New(srcs, content.Source{Name: "en.json", Data: data})
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

// catalogOf is the catalog of one decoded flow with the English words.
func catalogOf(t testing.TB, f *engine.Flow) Catalog {
	t.Helper()
	raw, err := os.ReadFile("../content/testdata/" + f.ID + "." + f.Lang + ".json")
	if err != nil {
		t.Fatal(err)
	}
	return LibraryCatalog(content.Assemble([]content.Doc{{Source: content.Source{Name: f.ID + ".json", Data: raw}, Flow: f}},
		content.StringsDoc{Source: content.Source{Name: "en.json"}, Strings: testWords}))
}
