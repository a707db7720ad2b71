package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/fixflow/fixflow/content/pseudo"
)

// TestI18nPseudo: fixflow i18n pseudo writes the pseudo-locales of the
// built-in guides and words, and serve loads them from there
// (-dev-locales), checked by every rule of lint beside the built-in
// content: its library has them.
func TestI18nPseudo(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pseudo")
	var out, errs bytes.Buffer
	if code := run([]string{"i18n", "pseudo", "-o", dir}, &out, &errs); code != 0 {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	want := []string{"ar-XB.json", "en-XA.json", "imessage-undelivered.ar-XB.json", "imessage-undelivered.en-XA.json"}
	if !slices.Equal(names, want) || !strings.Contains(out.String(), "4 files") {
		t.Fatalf("wrote %v (%s), want %v", names, out.String(), want)
	}
	f := serveFlags{devLocales: dir}
	lib, err := f.library()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range pseudo.Locales() {
		if w, ok := lib.Strings(l.Tag); !ok || w.Dir != l.Dir {
			t.Errorf("serve -dev-locales: no words in %s", l.Tag)
		}
	}
	if code := run([]string{"i18n", "pseudo", "extra"}, io.Discard, io.Discard); code != 2 {
		t.Errorf("an argument: exit %d", code)
	}
	if code := run([]string{"i18n", "nope"}, io.Discard, io.Discard); code != 2 {
		t.Errorf("an unknown i18n command: exit %d", code)
	}
}

// serve -dev-locales takes pseudo-locales only; export has no such flag.
func TestDevLocalesArePseudoLocalesAndNeverExported(t *testing.T) {
	dir := t.TempDir()
	es, err := os.ReadFile("../../content/strings/es.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "es.json"), es, 0o644); err != nil {
		t.Fatal(err)
	}
	var errs bytes.Buffer
	code := run([]string{"serve", "-addr", "127.0.0.1:0", "-stats=false", "-dev-locales", dir}, io.Discard, &errs)
	if code != 1 || !strings.Contains(errs.String(), `es.json is in "es", not a pseudo-locale`) {
		t.Errorf("exit %d, stderr %q", code, errs.String())
	}
	errs.Reset()
	if code := run([]string{"serve", "-addr", "127.0.0.1:0", "-stats=false", "-dev-locales", filepath.Join(dir, "none")}, io.Discard, &errs); code != 1 || !strings.Contains(errs.String(), "-dev-locales") {
		t.Errorf("a missing directory: exit %d, stderr %q", code, errs.String())
	}
	errs.Reset()
	if code := run([]string{"export", "-dev-locales", dir, t.TempDir()}, io.Discard, &errs); code != 2 || !strings.Contains(errs.String(), "-dev-locales") {
		t.Errorf("export -dev-locales: exit %d, stderr %q", code, errs.String())
	}
}
