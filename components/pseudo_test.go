package components

import (
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/content"
	"github.com/fixflow/fixflow/content/pseudo"
)

// The pseudo-locale en-XA (content/pseudo) accents every letter of the
// guide and of the interface words: a page in it that shows a word of
// unaccented English shows a word the views wrote themselves, which no
// translation would reach.

// notWords are the attributes whose values no one reads: names, ids,
// references, states and numbers. Every other attribute (aria-label,
// title, alt, aria-valuetext, data-text, data-title…) is read or copied by
// someone, and checked.
var notWords = map[string]bool{
	"class": true, "id": true, "href": true, "src": true, "lang": true, "dir": true, "hreflang": true,
	"role": true, "type": true, "name": true, "tabindex": true, "target": true, "rel": true, "for": true,
	"width": true, "height": true, "max": true, "value": true, "open": true, "hidden": true, "viewbox": true,
	"d": true, "fill": true, "xmlns": true, "shape-rendering": true, "focusable": true, "loading": true,
	"decoding": true, "aria-labelledby": true, "aria-describedby": true, "aria-controls": true,
	"aria-live": true, "aria-atomic": true, "aria-current": true, "aria-hidden": true, "aria-expanded": true,
	"data-guide": true, "data-step": true, "data-kind": true, "data-answer": true, "data-outcome": true,
	"data-embed": true, "data-link": true, "data-ask": true, "data-theme": true, "data-accent": true,
	"data-radius": true, "data-wid": true, "data-origin": true,
}

// englishIn lists each word of unaccented English in the page's text and
// in the attributes people read, with where it is.
func englishIn(t *testing.T, page string) []string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(n *html.Node, other bool)
	walk = func(n *html.Node, other bool) {
		switch n.Type {
		case html.TextNode:
			if !other && (n.Parent == nil || n.Parent.Data != "style" && n.Parent.Data != "script") {
				for _, w := range pseudo.EnglishWords(n.Data) {
					out = append(out, strconv.Quote(w)+" in the text "+strconv.Quote(n.Data))
				}
			}
		case html.ElementNode:
			// An element in another language (the language switch
			// names each language in itself) is not the page's words.
			for _, a := range n.Attr {
				if a.Key == "lang" {
					other = a.Val != pseudo.Accented.Tag
				}
			}
			for _, a := range n.Attr {
				if notWords[a.Key] || other {
					continue
				}
				for _, w := range pseudo.EnglishWords(a.Val) {
					out = append(out, strconv.Quote(w)+" in <"+n.Data+" "+a.Key+"="+strconv.Quote(a.Val)+">")
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, other)
		}
	}
	walk(doc, false)
	return out
}

// accented is a guide of content/testdata or content/guides in en-XA.
func accented(t *testing.T, path string) *engine.Flow {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := content.Decode(path, data)
	if err != nil {
		t.Fatal(err)
	}
	xa, err := pseudo.Accented.Flow(f)
	if err != nil {
		t.Fatal(err)
	}
	return xa
}

// TestNoEnglishInAccented renders every kind of page in en-XA — each node
// of each guide under every combination of its facts (questions, checks
// with paths, device groups, steps, warnings and pictures, can't-find,
// infos, each kind of outcome with its contacts and what was tried), each
// fact's question, a step not found, the picked-up wait, the update
// banner, the notices, the status of Copy and Share, the language switch,
// the embed's frame title and contact button, the QR code's panel and the
// page's title — and finds no word of unaccented English in any text or
// read attribute.
func TestNoEnglishInAccented(t *testing.T) {
	w, err := pseudo.Accented.Strings(testWords)
	if err != nil {
		t.Fatal(err)
	}
	check := func(what, page string) {
		t.Helper()
		if en := englishIn(t, page); len(en) > 0 {
			t.Errorf("%s: English left in en-XA:\n  %s", what, strings.Join(en, "\n  "))
		}
	}
	kinds := map[string]bool{}
	langs := []Lang{{Tag: "en", Name: "English", Dir: "ltr"}, {Tag: pseudo.Accented.Tag, Name: w.Name, Dir: w.Dir}}
	for _, path := range []string{"../content/testdata/mini.en.json", "../content/testdata/router.en.json", "../content/guides/" + content.DefaultGuide + ".en.json"} {
		f := accented(t, path)
		combos := append(f.Combinations(64), nil)
		for i, v := range combos {
			for _, n := range f.Nodes {
				s := atNode(t, f, n.ID, v)
				// Under the first answers, walk one step further where
				// it can, so that what was tried has an answer in it.
				if cs := f.Choices(s.Current()); i == 0 && len(cs) > 0 && s.Needs() == nil {
					next := s.Clone()
					if next.Choose(len(cs)-1) == nil {
						s = next
					}
				}
				g := &Guide{loc: Location{Guide: f.ID, PathLang: pseudo.Accented.Tag}, flow: f, words: w, session: s,
					langs: langs, self: "https://help.example.com"}
				check(f.ID+"/"+s.Current().ID, g.view().HTML())
				check(f.ID+"/"+s.Current().ID+" title", "<title>"+html.EscapeString(g.title())+"</title>")
				cur := s.Current()
				kinds[string(cur.Kind)+" "+cur.Result] = true
				if fa := s.Needs(); fa != nil {
					kinds["fact"] = true
				}
				if len(cur.Paths) > 0 {
					kinds["paths"] = true
				}
				if len(cur.Models) > 0 {
					kinds["models"] = true
				}
				if cur.CantFind != "" {
					kinds["cant find"] = true
				}
				if cur.Warning != "" {
					kinds["warning"] = true
				}
				for _, in := range cur.Steps {
					if in.Image != nil {
						kinds["image"] = true
					}
					if in.Warning != "" {
						kinds["step warning"] = true
					}
				}
				for _, m := range cur.Models {
					for _, in := range m.Steps {
						if in.Image != nil {
							kinds["image"] = true
						}
					}
				}
			}
		}
		// The same steps in the embed, with the host's contact button.
		for _, n := range f.Nodes {
			if n.Kind != engine.KindOutcome {
				continue
			}
			s := atNode(t, f, n.ID, nil)
			loc := Location{Guide: f.ID, Lang: pseudo.Accented.Tag, Embed: true, Origin: "https://help.example.com", Contact: "https://help.example.com/contact"}
			g := &Guide{loc: loc, flow: f, words: w, session: s}
			page := g.view().HTML()
			check(f.ID+"/"+n.ID+" embedded", page)
			if g.handsOff() && !strings.Contains(page, "ff-contact-link") {
				t.Errorf("%s/%s embedded: no contact button", f.ID, n.ID)
			}
		}
	}
	for _, want := range []string{"question ", "check ", "info ", "outcome resolved", "outcome escalate", "outcome wait", "outcome workaround",
		"fact", "paths", "models", "cant find", "warning", "step warning", "image"} {
		if !kinds[want] {
			t.Errorf("no page of a %s was looked at", want)
		}
	}

	f := accented(t, "../content/testdata/mini.en.json")
	base := func() *Guide {
		s := atNode(t, f, "escalate", known)
		return &Guide{loc: Location{Guide: f.ID}, flow: f, words: w, session: s}
	}
	// The update banner, the notices and the results of Copy and Share.
	g := base()
	g.updatable = true
	check("update", g.view().HTML())
	for _, notice := range []string{w.Text("resumed"), w.Text("stale_kept"), w.Text("bad_state"), f.Strings[engine.StringStaleState]} {
		g := base()
		g.notice = notice
		check("notice", g.view().HTML())
	}
	for _, status := range []string{"copied", "copy_failed", "link_copied", "guide_sent"} {
		g := base()
		g.status = w.Text(status)
		page := g.view().HTML()
		check(status, page)
		if !strings.Contains(page, "ff-status") {
			t.Errorf("%s: no status shown", status)
		}
	}
	// A step not found.
	nf := &Guide{cat: catalogIn(t, f, w), def: f.ID}
	nf.load(&url.URL{Path: "/" + f.Lang + "/" + f.ID + "/no-such-step"}, func(string) (string, bool) { return "", false })
	if nf.session != nil {
		t.Fatal("a step not found has a session")
	}
	check("not found", nf.view().HTML())
	// The wait picked up at the start, 3 hours and 2 days on.
	for _, ago := range []time.Duration{3 * time.Hour, 49 * time.Hour, time.Minute} {
		s := engine.NewSession(f)
		s.SetFacts(known)
		for _, id := range []string{"sending", "minutes"} {
			if err := s.ChooseID(id); err != nil {
				t.Fatal(err)
			}
		}
		stored := map[string]string{waitKey(f.ID): strconv.FormatInt(time.Now().Add(-ago).Unix(), 10) + " " + s.Encode()}
		g := &Guide{cat: catalogIn(t, f, w), def: f.ID}
		g.load(&url.URL{Path: "/" + f.Lang + "/" + f.ID}, func(k string) (string, bool) { v, ok := stored[k]; return v, ok })
		if g.pickup == nil {
			t.Fatal("no pickup")
		}
		check("pickup", g.view().HTML())
	}
}

// catalogIn is a catalog of one flow in the words w.
func catalogIn(t *testing.T, f *engine.Flow, w *content.Strings) Catalog {
	t.Helper()
	return LibraryCatalog(content.Assemble([]content.Doc{{Source: content.Source{Name: f.ID + "." + f.Lang + ".json"}, Flow: f}},
		content.StringsDoc{Source: content.Source{Name: w.Lang + ".json"}, Strings: w}))
}

// The check itself finds English where it is.
func TestEnglishInFindsEnglish(t *testing.T) {
	got := englishIn(t, `<p class="ff-x">⟦Ɓáááçķ⟧ <span aria-label="Careful">⟦öķ⟧</span><img alt="⟦á⟧" src="/images/x.svg" title="Back"><a lang="es">Español, English</a></p>`)
	if len(got) != 2 || !strings.Contains(got[0], `"Careful"`) || !strings.Contains(got[1], `title="Back"`) {
		t.Errorf("%q", got)
	}
}
