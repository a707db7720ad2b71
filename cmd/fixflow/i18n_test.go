package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// i18nContent copies the repository's English and Spanish guide and
// words into a content directory of its own, and returns it.
func i18nContent(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "content")
	for _, f := range []string{"guides/imessage-undelivered.en.json", "guides/imessage-undelivered.es.json", "strings/en.json", "strings/es.json"} {
		data, err := os.ReadFile(filepath.Join("../../content", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func readString(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestI18nRoundTrip: export es, the Spanish files removed, import: the
// same bytes as the repository's files.
func TestI18nRoundTrip(t *testing.T) {
	dir := i18nContent(t)
	poFile := filepath.Join(filepath.Dir(dir), "es.po")
	code, stdout, stderr := runCmd("i18n", "export", "imessage-undelivered", "--lang", "es", "-o", poFile, "-content", dir)
	if code != 0 || stdout != "" || stderr != "" {
		t.Fatalf("export: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	// Flags before the guide id, the file on stdout: the same.
	code, stdout, _ = runCmd("i18n", "export", "-content", dir, "-lang", "es", "imessage-undelivered")
	if code != 0 || stdout != readString(t, poFile) {
		t.Errorf("export to stdout: exit %d, not the file -o wrote", code)
	}
	for _, f := range []string{"guides/imessage-undelivered.es.json", "strings/es.json"} {
		if err := os.Remove(filepath.Join(dir, f)); err != nil {
			t.Fatal(err)
		}
	}
	code, stdout, stderr = runCmd("i18n", "import", poFile, "-content", dir)
	if code != 0 || stderr != "" || !strings.Contains(stdout, "0 missing, 0 stale") {
		t.Fatalf("import: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	for _, f := range []string{"guides/imessage-undelivered.es.json", "strings/es.json"} {
		if got, want := readString(t, filepath.Join(dir, f)), readString(t, filepath.Join("../../content", f)); got != want {
			t.Errorf("%s: imported bytes differ from the repository's", f)
		}
		if !strings.Contains(stdout, "wrote "+filepath.ToSlash(filepath.Join(dir, f))) {
			t.Errorf("stdout does not say it wrote %s:\n%s", f, stdout)
		}
	}
}

// TestI18nStale: English changed; export over the last round's file
// marks the entry, import reports it.
func TestI18nStale(t *testing.T) {
	dir := i18nContent(t)
	poFile := filepath.Join(filepath.Dir(dir), "es.po")
	if code, _, stderr := runCmd("i18n", "export", "imessage-undelivered", "--lang", "es", "-o", poFile, "-content", dir); code != 0 {
		t.Fatalf("export: exit %d: %s", code, stderr)
	}
	en := filepath.Join(dir, "guides/imessage-undelivered.en.json")
	changed := strings.Replace(readString(t, en), `"label": "I don't know",`, `"label": "Not sure",`, 1)
	if err := os.WriteFile(en, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCmd("i18n", "export", "imessage-undelivered", "--lang", "es", "-o", poFile, "-content", dir); code != 0 {
		t.Fatalf("export again: exit %d: %s", code, stderr)
	}
	if want := "#, fuzzy\n#| msgid \"I don't know\"\nmsgctxt \"facts/ios/unknown/label\"\nmsgid \"Not sure\"\n"; !strings.Contains(readString(t, poFile), want) {
		t.Errorf("the export over the last round's file lacks\n%s", want)
	}
	code, stdout, stderr := runCmd("i18n", "import", "-n", poFile, "-content", dir)
	if code != 0 || !strings.Contains(stdout, ": facts/ios/unknown/label: stale: translated from older English") || !strings.Contains(stdout, "1 stale") || strings.Contains(stdout, "wrote") {
		t.Errorf("import -n: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
}

// TestI18nImportRefuses: a PO file with an error is reported at its
// file:line and nothing is written.
func TestI18nImportRefuses(t *testing.T) {
	dir := i18nContent(t)
	poFile := filepath.Join(filepath.Dir(dir), "es.po")
	if code, _, stderr := runCmd("i18n", "export", "imessage-undelivered", "--lang", "es", "-o", poFile, "-content", dir); code != 0 {
		t.Fatalf("export: exit %d: %s", code, stderr)
	}
	es := filepath.Join(dir, "guides/imessage-undelivered.es.json")
	before := readString(t, es)
	data := readString(t, poFile)
	// A msgstr left open, and (in the other case) a translation with
	// markup in a plain text.
	lines := strings.Split(data, "\n")
	at := -1
	for i, l := range lines {
		if l == `msgstr "Mi iMessage no se entrega"` {
			at = i
		}
	}
	if at < 0 {
		t.Fatal("no title's msgstr in the export")
	}
	for _, c := range []struct{ line, want string }{
		{`msgstr "Mi iMessage no se entrega`, "not closed"},
		{`msgstr "Mi *iMessage* no se entrega"`, "plain text cannot hold markup"},
	} {
		bad := slicesReplace(lines, at, c.line)
		if err := os.WriteFile(poFile, []byte(strings.Join(bad, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
		code, stdout, stderr := runCmd("i18n", "import", poFile, "-content", dir)
		where := poFile + ":" + strconv.Itoa(at+1) + ": "
		if code != 1 || !strings.HasPrefix(stderr, where) || !strings.Contains(stderr, c.want) || !strings.Contains(stderr, "nothing written") || strings.Contains(stdout, "wrote") {
			t.Errorf("%s: exit %d\nstdout:\n%s\nstderr:\n%s\nwant exit 1 and %s… %s", c.line, code, stdout, stderr, where, c.want)
		}
		if readString(t, es) != before {
			t.Errorf("%s: the Spanish guide was written", c.line)
		}
	}
}

func slicesReplace(lines []string, i int, s string) []string {
	out := append([]string(nil), lines...)
	out[i] = s
	return out
}

// TestI18nUsage: the subcommands are listed, unknown ones and missing
// arguments are usage errors.
func TestI18nUsage(t *testing.T) {
	code, stdout, _ := runCmd("i18n", "-h")
	if code != 0 || !strings.Contains(stdout, "  export  ") || !strings.Contains(stdout, "  import  ") {
		t.Errorf("i18n -h: exit %d\n%s", code, stdout)
	}
	for _, args := range [][]string{{"i18n"}, {"i18n", "nope"}, {"i18n", "export", "imessage-undelivered"}, {"i18n", "export", "--lang", "es"}, {"i18n", "export", "x", "--lang", "en"}, {"i18n", "import"}} {
		code, _, stderr := runCmd(args...)
		if code != 2 || !strings.Contains(stderr, "usage: fixflow i18n") {
			t.Errorf("%s: exit %d, stderr %q; want 2 and the usage", strings.Join(args, " "), code, stderr)
		}
	}
	code, stdout, stderr := runCmd("i18n", "export", "-h")
	if code != 0 || !strings.HasPrefix(stdout, "usage: fixflow i18n export") || stderr != "" {
		t.Errorf("i18n export -h: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if code, _, stderr := runCmd("i18n", "export", "no-such-guide", "--lang", "es", "-content", t.TempDir()); code != 1 || !strings.Contains(stderr, "no-such-guide.en.json") {
		t.Errorf("an unknown guide: exit %d, stderr %q", code, stderr)
	}
}
