package content

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestStringsText(t *testing.T) {
	s, err := DecodeStrings([]byte(`{"lang": "es", "name": "Español", "dir": "ltr", "strings": {
		"skip": "Saltar",
		"step_of": {"plural": "left", "one": "Paso {step} · falta {left} paso", "many": "Paso {step} · {left} de pasos", "other": "Paso {step} · faltan {left} pasos"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	if s.Lang != "es" || s.Name != "Español" || s.Dir != "ltr" {
		t.Errorf("decoded %+v", s)
	}
	for _, c := range []struct {
		left int
		want string
	}{
		{1, "Paso 2 · falta 1 paso"},
		{0, "Paso 2 · faltan 0 pasos"},
		{5, "Paso 2 · faltan 5 pasos"},
		{1000000, "Paso 2 · 1000000 de pasos"},
	} {
		if got := s.Text("step_of", N("step", 2), N("left", c.left)); got != c.want {
			t.Errorf("step_of left=%d: %q, want %q", c.left, got, c.want)
		}
	}
	if got := s.Text("skip"); got != "Saltar" {
		t.Errorf("skip: %q", got)
	}
	if got := s.Text("nope"); got != "nope" {
		t.Errorf("a missing key: %q, want the key", got)
	}
}

func TestPluralCategory(t *testing.T) {
	for _, c := range []struct {
		lang string
		n    int
		want string
	}{
		{"en", 0, "other"}, {"en", 1, "one"}, {"en", 2, "other"}, {"en-XA", 1, "one"},
		{"es", 1, "one"}, {"es", 0, "other"}, {"es", 2000000, "many"}, {"es", 1000001, "other"},
		{"ar", 0, "zero"}, {"ar", 1, "one"}, {"ar", 2, "two"}, {"ar", 3, "few"}, {"ar", 10, "few"},
		{"ar", 11, "many"}, {"ar", 99, "many"}, {"ar", 100, "other"}, {"ar", 102, "other"}, {"ar", 103, "few"},
		{"ar-XB", 111, "many"}, {"xx", 1, "other"},
	} {
		if got := PluralCategory(c.lang, c.n); got != c.want {
			t.Errorf("PluralCategory(%s, %d) = %s, want %s", c.lang, c.n, got, c.want)
		}
	}
	if cats, ok := PluralCategories("es-MX"); !ok || !slices.Equal(cats, []string{"one", "many", "other"}) {
		t.Errorf("es-MX: %v %v", cats, ok)
	}
	if _, ok := PluralCategories("tlh"); ok {
		t.Error("a language without rules has categories")
	}
}

func TestMatch(t *testing.T) {
	have := []string{"ar-XB", "en", "en-XA", "es"}
	for _, c := range []struct{ want, got string }{
		{"es", "es"}, {"ES", "es"}, {"es-MX", "es"}, {"en-GB", "en"}, {"en-XA", "en-XA"},
		{"ar", "ar-XB"}, {"fr", ""}, {"", ""},
	} {
		got, ok := Match(c.want, have)
		if got != c.got || ok != (c.got != "") {
			t.Errorf("Match(%q) = %q %v, want %q", c.want, got, ok, c.got)
		}
	}
	if got := Negotiate([]string{"fr-CA", "fr", "es-419", "en"}, have); got != "es" {
		t.Errorf("Negotiate: %s, want es", got)
	}
	if got := Negotiate([]string{"fr"}, []string{"es", "en"}); got != "en" {
		t.Errorf("Negotiate with nothing matching: %s, want en", got)
	}
	if got := Negotiate(nil, []string{"es"}); got != "es" {
		t.Errorf("Negotiate without en: %s, want es", got)
	}
}

func TestPlaceholders(t *testing.T) {
	got := Placeholders("Step {step} of {left}, {step} again, {Settings} {} {a-b} {x")
	if strings.Join(got, ",") != "step,left" {
		t.Errorf("Placeholders = %v", got)
	}
}

func TestEmbeddedStrings(t *testing.T) {
	lib, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	en, ok := lib.Strings("en")
	if !ok || en.Text("step_of", N("step", 1), N("left", 1)) != "Step 1 · about 1 step to go" {
		t.Fatalf("en strings: %v", ok)
	}
	if !slices.Contains(lib.StringsLangs(), "es") {
		t.Errorf("languages %v", lib.StringsLangs())
	}
}

// The index the server writes with encoding/json reads back the same with
// the wasm's decoder.
func TestIndexRoundTrip(t *testing.T) {
	lib, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	x := lib.Index()
	if len(x.Guides) == 0 || !slices.Contains(x.Guides[0].Langs, "es") || len(x.Langs) < 2 {
		t.Fatalf("index %+v", x)
	}
	data, err := json.Marshal(x)
	if err != nil {
		t.Fatal(err)
	}
	back, err := DecodeIndex(data)
	if err != nil || !reflect.DeepEqual(*back, x) {
		t.Errorf("DecodeIndex(%s) = %+v, %v", data, back, err)
	}
}
