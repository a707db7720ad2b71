package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fixflow/fixflow/content"
	"github.com/fixflow/fixflow/content/lint"
	"github.com/fixflow/fixflow/internal/siteconfig"
)

// contactsSite is a site over content/testdata's mini guide with a site
// configuration's carrier in place of the guide's, and that library.
func contactsSite(t *testing.T) (*Site, *content.Library) {
	t.Helper()
	data, err := os.ReadFile("../../content/testdata/mini.en.json")
	if err != nil {
		t.Fatal(err)
	}
	words, err := os.ReadFile("../../content/strings/en.json")
	if err != nil {
		t.Fatal(err)
	}
	lib, err := lint.Library([]content.Source{{Name: "mini.en.json", Data: data}, {Name: "content/strings/en.json", Data: words}})
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := siteconfig.Parse("site.json", []byte(`{"contacts": {"mini": {"en": {"carrier": {
		"name": "Example Mobile", "url": "https://example.com/support", "phone": "+1 800 555 0100", "hours": "Every day, 8:00 to 22:00"}}}}}`), lib, os.DirFS(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	if lib, err = cfg.Apply(lib); err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{Library: lib, Web: testWeb(), Version: "contacts", DefaultGuide: "mini", Images: os.DirFS("../../content/testdata")})
	if err != nil {
		t.Fatal(err)
	}
	return s, lib
}

// hostContact is what the escalation page shows of the configured carrier.
var hostContact = []string{
	`<a href="https://example.com/support" rel="noopener noreferrer" target="_blank">Example Mobile<span`,
	`<a href="tel:+18005550100">+1 800 555 0100</a>`,
	`Every day, 8:00 to 22:00`,
	`They can check your SIM and plan.`, // the guide's why stays
}

// TestConfiguredContactIsPrerendered: the escalation page prerendered at
// start shows the site configuration's contact, not the guide's, and the
// guide's JSON the site serves says the same, named by its hash.
func TestConfiguredContactIsPrerendered(t *testing.T) {
	s, lib := contactsSite(t)
	page := body(t, get(t, s, "/mini/escalate"))
	for _, want := range hostContact {
		if !strings.Contains(page, want) {
			t.Errorf("the escalation page lacks %s", want)
		}
	}
	if strings.Contains(page, "Your carrier") {
		t.Error("the escalation page still names the guide's contact")
	}
	res := get(t, s, "/guides/mini.en.json")
	raw, _ := lib.Raw("mini", "en")
	if got := body(t, res); got != string(raw) || !strings.Contains(got, `"who": "Example Mobile"`) {
		t.Errorf("the served guide is not the one with the host's contacts:\n%.300s", got)
	}
	if etag := res.Header.Get("ETag"); !strings.HasPrefix(etag, `"`+content.Hash(raw)) {
		t.Errorf("ETag %s does not name the served document's hash %s", etag, content.Hash(raw))
	}
}

// TestExportCarriesTheConfiguredContact: an export writes the escalation
// page and the guide's JSON with the host's contact.
func TestExportCarriesTheConfiguredContact(t *testing.T) {
	s, _ := contactsSite(t)
	dir := t.TempDir()
	if _, err := s.Export(dir); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(dir, "mini", "escalate", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range hostContact {
		if !strings.Contains(string(page), want) {
			t.Errorf("the exported escalation page lacks %s", want)
		}
	}
	doc, err := os.ReadFile(filepath.Join(dir, "guides", "mini.en.json"))
	if err != nil || !strings.Contains(string(doc), `"phone": "+1 800 555 0100"`) {
		t.Errorf("the exported guide lacks the host's phone (%v):\n%.300s", err, doc)
	}
}
