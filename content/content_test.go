package content

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"slices"
	"strings"
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

func TestDecodeMini(t *testing.T) {
	data := testguide.MiniJSON(t)
	f, err := Decode("mini.en.json", data)
	if err != nil {
		t.Fatal(err)
	}
	if f.ID != "mini" || f.Lang != "en" || f.Version != 1 || len(f.Nodes) != 10 || len(f.Facts) != 2 {
		t.Errorf("decoded %q %q v%d with %d nodes", f.ID, f.Lang, f.Version, len(f.Nodes))
	}
	if n := f.Node("check-restart"); n == nil || len(n.Models) != 2 || !n.Recipient {
		t.Errorf("Node(check-restart) = %+v", n)
	}
	// The native codec and encoding/json (the wasm's) give the same flow.
	var want engine.Flow
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	want.Index()
	if !reflect.DeepEqual(*f, want) {
		t.Errorf("Decode and encoding/json disagree:\n%+v\n%+v", *f, want)
	}
}

// TestTypoKeepsWalks: a walk saved before a guide's words changed (a typo
// fixed, a label reworded) still opens where it was after the change; a
// walk saved before its graph changed is recognised as stale.
func TestTypoKeepsWalks(t *testing.T) {
	before, err := Decode("mini.en.json", testguide.MiniJSON(t))
	if err != nil {
		t.Fatal(err)
	}
	s := engine.NewSession(before)
	if err := s.SetFacts(engine.FactValues{"os": "2", "model": "side"}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []int{1, engine.AnswerContinue, engine.AnswerNotFixed} {
		if err := s.Choose(c); err != nil {
			t.Fatal(err)
		}
	}
	saved := s.Encode()

	fixed := bytes.Replace(testguide.MiniJSON(t), []byte("Look under the *last* message."), []byte("Look below the *last* message."), 1)
	after, err := Decode("mini.en.json", fixed)
	if err != nil {
		t.Fatal(err)
	}
	if Hash(fixed) == Hash(testguide.MiniJSON(t)) {
		t.Fatal("the edit changed nothing")
	}
	got, err := engine.Decode(after, saved)
	if err != nil || got.Current().ID != "check-restart" || got.Len() != 3 {
		t.Errorf("after a typo fix: Decode(%q) = %v; want the walk at check-restart", saved, err)
	}

	moved := bytes.Replace(testguide.MiniJSON(t), []byte(`"next": "check-restart"`), []byte(`"next": "escalate"`), 1)
	after, err = Decode("mini.en.json", moved)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := engine.Decode(after, saved); !errors.Is(err, engine.ErrStale) {
		t.Errorf("after a change of the graph: Decode = %v, want ErrStale", err)
	}
}

func TestDecodeError(t *testing.T) {
	for _, data := range []string{"", "{", `{"nodes": 3}`, `[]`} {
		f, err := Decode("g/bad.en.json", []byte(data))
		if err == nil || f != nil || !strings.HasPrefix(err.Error(), "g/bad.en.json: cannot decode the guide: ") {
			t.Errorf("Decode(%q) = %v, %v; want an error naming the file", data, f, err)
		}
	}
}

func TestHash(t *testing.T) {
	// sha256("") = e3b0c442 98fc...: its first 6 bytes in base64url.
	if got := Hash(nil); got != "47DEQpj8" {
		t.Errorf("Hash(nil) = %q, want 47DEQpj8", got)
	}
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
	if got := lib.Langs("mini"); !slices.Equal(got, []string{"en", "fr", "pt-BR"}) {
		t.Errorf("Langs(mini) = %v", got)
	}
	if _, err := Load(fstest.MapFS{"g/bad.en.json": {Data: []byte("{")}}, "g"); err == nil || !strings.Contains(err.Error(), "g/bad.en.json") {
		t.Errorf("Load of a broken document: %v; want an error naming it", err)
	}
}

func TestEmbedded(t *testing.T) {
	lib, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	f, ok := lib.Guide(DefaultGuide, "")
	if !ok {
		t.Fatalf("no embedded guide %q", DefaultGuide)
	}
	if f.Lang != "en" || f.Node(f.Start) == nil {
		t.Errorf("default guide: lang %q start %q", f.Lang, f.Start)
	}
	srcs, err := EmbeddedSources()
	if err != nil || len(srcs) != len(lib.Guides()) {
		t.Fatalf("%d embedded sources (%v), %d guides", len(srcs), err, len(lib.Guides()))
	}
	for _, src := range srcs {
		if !strings.HasPrefix(src.Name, "content/guides/") {
			t.Errorf("source named %q, want content/guides/<file>", src.Name)
		}
		file, err := os.ReadFile(strings.TrimPrefix(src.Name, "content/"))
		if err != nil || !bytes.Equal(src.Data, file) {
			t.Errorf("%s: not the file's bytes (%v)", src.Name, err)
		}
	}
	for _, g := range lib.Guides() {
		raw, ok := lib.Raw(g.ID, g.Lang)
		if file, _ := os.ReadFile("guides/" + g.ID + "." + g.Lang + ".json"); !ok || !bytes.Equal(raw, file) {
			t.Errorf("%s.%s: Raw is not its document", g.ID, g.Lang)
		}
	}
	if again, _ := Embedded(); again != lib {
		t.Error("Embedded decoded twice")
	}
}
