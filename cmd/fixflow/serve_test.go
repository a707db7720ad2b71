package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"image"
	"image/png"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/content"
	"github.com/fixflow/fixflow/content/lint"
)

func TestAddrFromFlagOrPORT(t *testing.T) {
	t.Setenv("PORT", "9123")
	var f serveFlags
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	f.bind(fs)
	if err := fs.Parse(nil); err != nil || f.addr != ":9123" {
		t.Errorf("with PORT=9123: addr %q (%v)", f.addr, err)
	}
	if err := fs.Parse([]string{"-addr", "127.0.0.1:7000"}); err != nil || f.addr != "127.0.0.1:7000" {
		t.Errorf("-addr: %q (%v)", f.addr, err)
	}
}

func TestPlainFixflowServes(t *testing.T) {
	if _, ok := commands["serve"]; !ok {
		t.Fatal("no serve command")
	}
	// Usage errors go to the serve command when no command is named.
	if code := run([]string{"-no-such-flag"}, io.Discard, io.Discard); code != 2 {
		t.Errorf("fixflow -no-such-flag: exit %d, want serve's usage error 2", code)
	}
	if code := run([]string{"no-such-command"}, io.Discard, io.Discard); code != 2 {
		t.Errorf("unknown command: exit %d", code)
	}
}

// A bad origin stops serve before it listens, naming the origin.
func TestServeRefusesABadEmbedOrigin(t *testing.T) {
	var errs bytes.Buffer
	code := run([]string{"serve", "-addr", "127.0.0.1:0", "-embed-origins", "https://ok.example https://a.com;script-src"}, io.Discard, &errs)
	if code != 1 || !strings.Contains(errs.String(), `-embed-origins: "https://a.com;script-src" is not an origin`) {
		t.Errorf("exit %d, stderr %q", code, errs.String())
	}
}

// A refused start opens and makes nothing: no ./data for the counts.
func TestServeRefusesBeforeMakingTheStore(t *testing.T) {
	dir := t.TempDir()
	var errs bytes.Buffer
	code := run([]string{"serve", "-addr", "127.0.0.1:0", "-data", dir + "/data", "-embed-origins", "nope"}, io.Discard, &errs)
	if code != 1 {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	if _, err := os.Stat(dir + "/data"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("serve refused to start, yet made %s/data (%v)", dir, err)
	}
}

func TestServeRefusesABadPublicURL(t *testing.T) {
	var errs bytes.Buffer
	code := run([]string{"serve", "-addr", "127.0.0.1:0", "-public-url", "https://help.example.com/?x=1"}, io.Discard, &errs)
	if code != 1 || !strings.Contains(errs.String(), `-public-url: "https://help.example.com/?x=1" is not a public URL`) {
		t.Errorf("exit %d, stderr %q", code, errs.String())
	}
}

// A site configuration with problems stops serve before it listens, naming
// each at its file:line:col.
func TestServeRefusesABadConfig(t *testing.T) {
	cfg := t.TempDir() + "/site.json"
	if err := os.WriteFile(cfg, []byte("{\n  \"brand\": {\"colour\": \"#0b7a75\"},\n  \"stats\": {\"token\": \"short\"}\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var errs bytes.Buffer
	code := run([]string{"serve", "-addr", "127.0.0.1:0", "-config", cfg}, io.Discard, &errs)
	for _, want := range []string{cfg + `:2:13: brand.colour: unknown field "colour"; did you mean "color"?`} {
		if code != 1 || !strings.Contains(errs.String(), want) {
			t.Errorf("exit %d, stderr %q; want %q", code, errs.String(), want)
		}
	}
}

// export -config bakes the brand into the exported site: the manifest's
// name, colour and icon, the pages' theme colour and the accent's style
// sheet.
func TestExportBakesTheConfigIn(t *testing.T) {
	dir := t.TempDir()
	var logo bytes.Buffer
	if err := png.Encode(&logo, image.NewGray(image.Rect(0, 0, 512, 512))); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dir+"/logo.png", logo.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := dir + "/site.json"
	if err := os.WriteFile(cfg, []byte(`{"brand": {"name": "Example Help", "color": "#0b7a75", "logo": "logo.png"}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	out := dir + "/out"
	var errs bytes.Buffer
	if code := run([]string{"export", "-web", webDirForServe(t), "-config", cfg, out}, io.Discard, &errs); code != 0 {
		t.Fatalf("export: exit %d: %s", code, errs.String())
	}
	manifest, err := os.ReadFile(out + "/manifest.webmanifest")
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Name       string `json:"name"`
		ThemeColor string `json:"theme_color"`
		Icons      []struct{ Src, Sizes string }
	}
	if err := json.Unmarshal(manifest, &m); err != nil || m.Name != "Example Help" || m.ThemeColor != "#0b7a75" ||
		len(m.Icons) != 1 || m.Icons[0].Sizes != "512x512" || !strings.Contains(m.Icons[0].Src, "brand/logo") {
		t.Errorf("manifest %s (%v)", manifest, err)
	}
	index, err := os.ReadFile(out + "/index.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<meta content="#0b7a75" name="theme-color">`, `href="/web/brand.`, `.png" rel="apple-touch-icon">`} {
		if !strings.Contains(string(index), want) {
			t.Errorf("the exported page lacks %s:\n%.1500s", want, index)
		}
	}
}

// writeContactsConfig writes a site configuration with the host's carrier
// for the embedded guide, and returns its path.
func writeContactsConfig(t *testing.T) string {
	t.Helper()
	cfg := t.TempDir() + "/site.json"
	doc := `{"contacts": {"` + content.DefaultGuide + `": {"en": {"carrier": {"name": "Example Mobile",
		"url": "https://example.com/support", "phone": "+1 800 555 0100", "hours": "Every day, 8:00 to 22:00"}}}}}`
	if err := os.WriteFile(cfg, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// carrierOutcome is an escalation of the library's default guide in
// English with a contact of kind carrier.
func carrierOutcome(t *testing.T, lib *content.Library) (*engine.Flow, *engine.Node) {
	t.Helper()
	f, ok := lib.Guide(content.DefaultGuide, "en")
	if !ok {
		t.Fatal("no default guide in English")
	}
	for i := range f.Nodes {
		n := &f.Nodes[i]
		if n.Result == engine.ResultEscalate && slices.ContainsFunc(n.Contacts, func(c engine.Contact) bool { return c.Kind == "carrier" }) {
			return f, n
		}
	}
	t.Fatal("the default guide has no escalation to a carrier")
	return nil, nil
}

// serve -config (and export, which builds its site the same way) puts the
// configuration's contacts in the site's guides: the pages and the JSON.
func TestServeConfigAppliesTheContacts(t *testing.T) {
	f := serveFlags{configFile: writeContactsConfig(t)}
	cfg, err := f.config(io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	_, n := carrierOutcome(t, cfg.Library)
	for _, c := range n.Contacts {
		if c.Kind == "carrier" && (c.Who != "Example Mobile" || c.Phone != "+1 800 555 0100") {
			t.Errorf("%s's carrier is %+v, not the configured one", n.ID, c)
		}
	}
	raw, _ := cfg.Library.Raw(content.DefaultGuide, "en")
	if !strings.Contains(string(raw), `"who": "Example Mobile"`) {
		t.Error("the guide's document the site serves lacks the configured contact")
	}
}

// A configured contact of a kind no outcome of the guide has stops serve,
// at its file:line:col.
func TestServeRefusesAContactOfNoOutcome(t *testing.T) {
	cfg := t.TempDir() + "/site.json"
	if err := os.WriteFile(cfg, []byte(`{"contacts": {"`+content.DefaultGuide+`": {"en": {"repair-shop": {"name": "Example Repairs"}}}}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	var errs bytes.Buffer
	code := run([]string{"serve", "-addr", "127.0.0.1:0", "-config", cfg}, io.Discard, &errs)
	want := cfg + `:1:` // one line
	if code != 1 || !strings.Contains(errs.String(), want) || !strings.Contains(errs.String(), `has a contact of kind "repair-shop"`) {
		t.Errorf("exit %d, stderr %q", code, errs.String())
	}
}

// export -config writes the escalation page and the guide's JSON with the
// configured contact.
func TestExportBakesTheContactsIn(t *testing.T) {
	cfg := writeContactsConfig(t)
	out := t.TempDir() + "/out"
	var errs bytes.Buffer
	if code := run([]string{"export", "-web", webDirForServe(t), "-config", cfg, out}, io.Discard, &errs); code != 0 {
		t.Fatalf("export: exit %d: %s", code, errs.String())
	}
	lib, err := lint.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	f, n := carrierOutcome(t, lib)
	page, err := os.ReadFile(out + "/" + f.ID + "/" + n.ID + "/index.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{">Example Mobile<", `<a href="tel:+18005550100">+1 800 555 0100</a>`, "Every day, 8:00 to 22:00"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the exported %s page lacks %s", n.ID, want)
		}
	}
	doc, err := os.ReadFile(out + "/guides/" + f.ID + ".en.json")
	if err != nil || !strings.Contains(string(doc), `"url": "https://example.com/support"`) {
		t.Errorf("the exported guide lacks the configured page (%v)", err)
	}
}
