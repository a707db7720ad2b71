package siteconfig

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/content"
	"github.com/fixflow/fixflow/content/lint"
	"github.com/fixflow/fixflow/internal/testguide"
)

// testLibrary is the guides of content/testdata (mini and router), checked.
func testLibrary(t *testing.T) *content.Library {
	t.Helper()
	var srcs []content.Source
	for _, name := range []string{"mini.en.json", "router.en.json"} {
		data, err := os.ReadFile(filepath.Join(testguide.Dir(), name))
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, content.Source{Name: name, Data: data})
	}
	lib, err := lint.Library(srcs)
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

const miniContacts = `{"contacts": {"mini": {"en": {"carrier": {"name": "Example Mobile", "url": "https://example.com/support",
	"phone": "+1 800 555 0100", "hours": "Every day, 8:00 to 22:00"}}}}}`

func applied(t *testing.T, lib *content.Library, doc string) *content.Library {
	t.Helper()
	c, err := Parse("site.json", []byte(doc), lib, logos(t))
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.Apply(lib)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func contactOf(t *testing.T, lib *content.Library, guide, node, kind string) engine.Contact {
	t.Helper()
	f, ok := lib.Guide(guide, "en")
	if !ok {
		t.Fatalf("no guide %s", guide)
	}
	i := f.NodeIndex(node)
	if i < 0 {
		t.Fatalf("guide %s has no node %s", guide, node)
	}
	for _, ct := range f.Nodes[i].Contacts {
		if ct.Kind == kind {
			return ct
		}
	}
	t.Fatalf("%s/%s has no contact of kind %s", guide, node, kind)
	return engine.Contact{}
}

// TestApplyPutsTheHostsContactInPlace: every contact of the configured kind,
// on the escalation and on the workaround, takes the host's name, page,
// phone and hours, keeps the guide's why and tell; the flows the pages show
// and the document the server serves agree; the graph hash stays.
func TestApplyPutsTheHostsContactInPlace(t *testing.T) {
	lib := testLibrary(t)
	out := applied(t, lib, miniContacts)
	before := contactOf(t, lib, "mini", "escalate", "carrier")
	want := engine.Contact{Kind: "carrier", Who: "Example Mobile", Why: before.Why, Tell: before.Tell,
		URL: "https://example.com/support", Phone: "+1 800 555 0100", Hours: "Every day, 8:00 to 22:00"}
	if got := contactOf(t, out, "mini", "escalate", "carrier"); got != want {
		t.Errorf("escalate's carrier:\n got %+v\nwant %+v", got, want)
	}
	if got := contactOf(t, out, "mini", "send-as-text", "carrier"); got.Who != "Example Mobile" || got.Phone != want.Phone || got.Why != "If texts fail too." {
		t.Errorf("the workaround's carrier: %+v", got)
	}

	// The served document is the shown flow.
	raw, _ := out.Raw("mini", "en")
	served, err := content.Decode("served", raw)
	if err != nil {
		t.Fatal(err)
	}
	shown, _ := out.Guide("mini", "en")
	if a, b := mustJSON(t, served), mustJSON(t, shown); !bytes.Equal(a, b) {
		t.Errorf("the served document is not the flow the pages show:\n%s\n%s", a, b)
	}
	orig, _ := lib.Guide("mini", "en")
	origRaw, _ := lib.Raw("mini", "en")
	if shown.GraphHash() != orig.GraphHash() {
		t.Errorf("graph hash %s, was %s", shown.GraphHash(), orig.GraphHash())
	}
	if content.Hash(raw) == content.Hash(origRaw) {
		t.Error("the served document's content hash did not change with its contacts")
	}

	// The input is untouched; a guide without configured contacts keeps its bytes.
	if got := contactOf(t, lib, "mini", "escalate", "carrier"); got.Who != "Your carrier" || got.URL != "" {
		t.Errorf("Apply changed its input: %+v", got)
	}
	if again, _ := lib.Raw("mini", "en"); !bytes.Equal(again, origRaw) {
		t.Error("Apply changed its input's document")
	}
	routerBefore, _ := lib.Raw("router", "en")
	routerAfter, _ := out.Raw("router", "en")
	if !bytes.Equal(routerBefore, routerAfter) {
		t.Error("router has no configured contacts, yet its document changed")
	}
}

// TestApplyChangesNothingElse: with the guide's contacts put back, the
// applied guide is the guide, field for field.
func TestApplyChangesNothingElse(t *testing.T) {
	lib := testLibrary(t)
	out := applied(t, lib, miniContacts)
	orig, _ := lib.Guide("mini", "en")
	got, _ := out.Guide("mini", "en")
	changed := 0
	for i := range got.Nodes {
		for j := range got.Nodes[i].Contacts {
			if got.Nodes[i].Contacts[j] != orig.Nodes[i].Contacts[j] {
				changed++
			}
		}
	}
	if changed != 2 {
		t.Errorf("%d contacts changed, want 2 (the escalation's and the workaround's carrier)", changed)
	}
	restored := mustJSON(t, got)
	var f engine.Flow
	if err := json.Unmarshal(restored, &f); err != nil {
		t.Fatal(err)
	}
	for i := range f.Nodes {
		copy(f.Nodes[i].Contacts, orig.Nodes[i].Contacts)
	}
	if a, b := mustJSON(t, &f), mustJSON(t, orig); !bytes.Equal(a, b) {
		t.Errorf("beyond its contacts the guide changed:\n%s\nwant\n%s", a, b)
	}
}

// TestApplyKeepsWhatIsNotConfigured: a contact configured with only a page
// keeps the guide's name; the other kinds, and the other languages, keep
// theirs.
func TestApplyKeepsWhatIsNotConfigured(t *testing.T) {
	lib, err := lint.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	out := applied(t, lib, `{"contacts": {"imessage-undelivered": {"en": {"apple-support": {"url": "https://example.com/apple"}}}}}`)
	var apple, other int
	for _, f := range out.Guides() {
		for _, n := range f.Nodes {
			for _, ct := range n.Contacts {
				switch {
				case f.Lang != "en" && ct.URL == "": // another language: not configured
					other++
				case f.Lang == "en" && ct.Kind == "apple-support" && ct.URL == "https://example.com/apple" && ct.Who != "" && !strings.Contains(ct.Who, "example"):
					apple++
				case ct.Kind != "apple-support" && ct.URL == "":
					other++
				default:
					t.Errorf("%s: %+v", n.ID, ct)
				}
			}
		}
	}
	if apple == 0 || other == 0 {
		t.Errorf("%d apple-support contacts with the page, %d others untouched", apple, other)
	}
}

// TestApplyWithoutContactsIsTheLibrary: nothing configured, nothing made.
func TestApplyWithoutContactsIsTheLibrary(t *testing.T) {
	lib := testLibrary(t)
	c, err := Parse("site.json", []byte(`{"brand": {"name": "Example"}}`), lib, logos(t))
	if err != nil {
		t.Fatal(err)
	}
	if out, err := c.Apply(lib); err != nil || out != lib {
		t.Errorf("Apply = %p, %v; want the library itself", out, err)
	}
}

// TestApplyRefusesTextAGuideRefuses: a configuration not checked by Parse
// (built in code) still cannot put into a guide what lint refuses.
func TestApplyRefusesTextAGuideRefuses(t *testing.T) {
	lib := testLibrary(t)
	c := &Config{Contacts: map[string]map[string]map[string]Contact{"mini": {"en": {"carrier": {Phone: "call us"}}}}}
	_, err := c.Apply(lib)
	if err == nil || !strings.Contains(err.Error(), "mini.en.json:") || !strings.Contains(err.Error(), "contacts[0].phone") {
		t.Errorf("Apply = %v; want lint's problem with the phone, naming the document", err)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
