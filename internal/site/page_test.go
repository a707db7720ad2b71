package site

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/content"
	"github.com/fixflow/fixflow/content/lint"
	"golang.org/x/net/html"
)

// hostileSite is a site over a guide whose every text tries to end an
// attribute or open an element (internal/site/testdata/hostile): quotes,
// '>', '&', and markup escaped so that lint lets it through as text.
func hostileSite(t testing.TB) (*Site, *engine.Flow) {
	t.Helper()
	lib, err := content.Load(os.DirFS("testdata/hostile"), ".")
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{Library: lib, Web: testWeb(), Version: "hostile", DefaultGuide: "hostile",
		PublicURL: "https://help.example.com/fixflow"})
	if err != nil {
		t.Fatal(err)
	}
	f, _ := lib.Guide("hostile", "en")
	return s, f
}

// element is an element of a parsed page.
type element struct {
	tag   string
	attrs []html.Attribute
}

func (e element) String() string {
	var b strings.Builder
	b.WriteString(e.tag)
	for _, a := range e.attrs {
		fmt.Fprintf(&b, " %s=%q", a.Key, a.Val)
	}
	return b.String()
}

// parsePage parses a page and lists its elements in document order.
func parsePage(t testing.TB, page string) (*html.Node, []element) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var elems []element
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			elems = append(elems, element{n.Data, n.Attr})
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return doc, elems
}

// Every text of a hostile guide reaches the page as text: the parsed page
// has no element and no attribute that the views do not make, and the texts
// read back exactly.
func TestHostileGuideTextStaysText(t *testing.T) {
	s, f := hostileSite(t)
	for _, n := range f.Nodes {
		sess, err := engine.NewSessionAt(f, n.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(f.Choices(&n)) > 0 {
			if err := sess.Choose(0); err != nil {
				t.Fatal(err)
			}
		}
		for _, target := range []string{"/hostile/" + n.ID, "/hostile/" + sess.Current().ID + "?s=" + sess.Encode()} {
			res := get(t, s, target)
			page := body(t, res)
			doc, elems := parsePage(t, page)
			for _, e := range elems {
				for _, a := range e.attrs {
					if strings.HasPrefix(a.Key, "on") || a.Key == "http-equiv" || a.Key == "style" {
						t.Errorf("%s: attribute %s on %s", target, a.Key, e)
					}
				}
				switch e.tag {
				case "b", "still", "style":
					t.Errorf("%s: an element the views do not make: %s", target, e)
				case "img", "script":
					if !strings.HasPrefix(attrOf(&html.Node{Attr: e.attrs}, "src"), "/") {
						t.Errorf("%s: %s", target, e)
					}
				}
			}
			if got := textOf(doc, "title"); !strings.HasPrefix(got, sess.Current().Title) && !strings.HasPrefix(got, n.Title) {
				t.Errorf("%s: title %q", target, got)
			}
			if !strings.Contains(page, `content="`+escapeHTML(f.Summary)+`"`) {
				t.Errorf("%s: the summary is not escaped into the description", target)
			}
		}
	}
}

func textOf(n *html.Node, tag string) string {
	if n.Type == html.ElementNode && n.Data == tag {
		var b strings.Builder
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode {
				b.WriteString(c.Data)
			}
		}
		return b.String()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if s := textOf(c, tag); s != "" {
			return s
		}
	}
	return ""
}

func find(n *html.Node, ok func(*html.Node) bool) *html.Node {
	if n.Type == html.ElementNode && ok(n) {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := find(c, ok); f != nil {
			return f
		}
	}
	return nil
}

func attrOf(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func names(ns []*html.Node) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.Data
	}
	return out
}

// A page renders to the same bytes every time, so one URL has one ETag; a
// page that does not exist is a 404 whatever If-None-Match says.
func TestPageETagsAreStableAndHonest(t *testing.T) {
	f := defaultFlow(t)
	sess := engine.NewSession(f)
	if err := sess.Choose(0); err != nil {
		t.Fatal(err)
	}
	target := "/" + f.ID + "/" + sess.Current().ID + "?s=" + sess.Encode() + "&theme=dark"
	var first string
	for i := 0; i < 5; i++ {
		s, err := New(Config{Library: testLibrary(t), Web: testWeb(), Version: "v"})
		if err != nil {
			t.Fatal(err)
		}
		res := get(t, s, target, "Accept-Encoding", "identity")
		if i == 0 {
			first = res.Header.Get("ETag")
		} else if got := res.Header.Get("ETag"); got != first {
			t.Fatalf("render %d: ETag %s, first %s", i, got, first)
		}
		if res := get(t, s, target, "If-None-Match", first, "Accept-Encoding", "identity"); res.StatusCode != http.StatusNotModified {
			t.Errorf("If-None-Match with the page's ETag: %d", res.StatusCode)
		}
		for _, missing := range []string{"/" + f.ID + "/no-such-step?s=x", "/no-such-guide", "/" + f.ID + "/no-such-step"} {
			for _, inm := range []string{first, `"v"`, "*"} {
				if res := get(t, s, missing, "If-None-Match", inm); res.StatusCode != http.StatusNotFound {
					t.Errorf("%s with If-None-Match %s: %d, want 404", missing, inm, res.StatusCode)
				}
			}
		}
	}
}

func testLibrary(t testing.TB) *content.Library {
	lib, err := lint.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

// A page with a walk state is rendered once and then served from the cache,
// and the cache is bounded.
func TestStatePagesAreCached(t *testing.T) {
	s, err := New(Config{Library: testLibrary(t), Web: testWeb(), Version: "v"})
	if err != nil {
		t.Fatal(err)
	}
	f := defaultFlow(t)
	sess := engine.NewSession(f)
	if err := sess.Choose(0); err != nil {
		t.Fatal(err)
	}
	target := "/" + f.ID + "/" + sess.Current().ID + "?s=" + sess.Encode()
	a := body(t, get(t, s, target))
	if s.pages.len() != 1 {
		t.Fatalf("%d pages cached after one request", s.pages.len())
	}
	b := body(t, get(t, s, target, "Accept-Encoding", "gzip"))
	if a != b || s.pages.len() != 1 {
		t.Error("the second request rendered again or differs")
	}
	for i := 0; i < pageCacheSize+10; i++ {
		get(t, s, fmt.Sprintf("%s&wid=w%d", target, i))
	}
	if s.pages.len() != pageCacheSize {
		t.Errorf("%d pages cached, bound %d", s.pages.len(), pageCacheSize)
	}
}

// allowedMarkup lists every element and (element, attribute) the site's
// pages can have: gathered from every stateless page, a page with each
// display option, a walk state, and a 404.
func allowedMarkup(t testing.TB, s *Site) map[string]bool {
	allowed := map[string]bool{}
	f := defaultFlow(t)
	targets := []string{"/", "/no-such-guide"}
	for _, n := range f.Nodes {
		targets = append(targets, "/"+f.ID+"/"+n.ID)
	}
	sess := engine.NewSession(f)
	for !sess.Done() {
		if err := sess.Choose(len(f.Choices(sess.Current())) - 1); err != nil {
			t.Fatal(err)
		}
		answerUnknown(t, sess)
		targets = append(targets, "/"+f.ID+"/"+sess.Current().ID+"?s="+sess.Encode()+
			"&embed=1&theme=dark&accent=%23123456&radius=4&lang=en&origin=https://a.example&wid=w1")
	}
	for _, target := range targets {
		_, elems := parsePage(t, body(t, get(t, s, target)))
		for _, e := range elems {
			allowed[e.tag] = true
			for _, a := range e.attrs {
				allowed[e.tag+" "+a.Key] = true
			}
		}
	}
	return allowed
}

// FuzzServeHTTP sends the site any path, query, Accept-Encoding and
// If-None-Match, and parses every HTML answer: each element and attribute
// must be one the site's own pages have, every link must go to this site or
// to an https page, and no script may come from elsewhere.
func FuzzServeHTTP(f *testing.F) {
	s := newTestSite(f)
	allowed := allowedMarkup(f, s)
	flow := defaultFlow(f)
	for _, seed := range [][4]string{
		{"/", "", "br", ""},
		{"/" + flow.ID + `/"><img src=x onerror=alert(1)>`, "", "gzip", ""},
		{"/" + flow.ID + "/" + flow.Start, `s=x"><script>alert(1)</script>`, "br;q=0, gzip", `"x"`},
		{"/" + flow.ID + "/" + flow.Start, "theme=dark&accent=javascript:alert(1)&origin=javascript:alert(1)", "", "*"},
		{"/" + flow.ID + "/" + flow.Start, "lang=en\"><b>&wid='><b>&radius=1;x:y", "identity", ""},
		{"/" + flow.ID, "embed=1&origin=https://a.example\"&wid=a\"b", "br", `W/"x"`},
		{"/javascript:alert(1)", "", "", ""},
		{"/" + flow.ID + "/%3Cscript%3E", "s=" + strings.Repeat("A", 3000), "", ""},
	} {
		f.Add(seed[0], seed[1], seed[2], seed[3])
	}
	f.Fuzz(func(t *testing.T, path, query, acceptEncoding, ifNoneMatch string) {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.URL = &url.URL{Path: "/" + strings.TrimPrefix(path, "/"), RawQuery: query}
		r.Header.Set("Accept-Encoding", acceptEncoding)
		r.Header.Set("If-None-Match", ifNoneMatch)
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		res := w.Result()
		if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") || res.StatusCode == http.StatusNotModified {
			return
		}
		page := body(t, res)
		if len(page) == 0 {
			t.Fatalf("%s?%s: an empty HTML answer (status %d)", path, query, res.StatusCode)
		}
		_, elems := parsePage(t, page)
		for _, e := range elems {
			if !allowed[e.tag] {
				t.Fatalf("%s?%s: element %s is not one the site makes", path, query, e)
			}
			for _, a := range e.attrs {
				if !allowed[e.tag+" "+a.Key] {
					t.Fatalf("%s?%s: attribute %q of %s is not one the site makes", path, query, a.Key, e)
				}
				switch a.Key {
				case "href", "src":
					if !strings.HasPrefix(a.Val, "/") && !strings.HasPrefix(a.Val, "#") && !strings.HasPrefix(a.Val, "https://") {
						t.Fatalf("%s?%s: %s", path, query, e)
					}
					if e.tag == "script" && !slices.Contains(pageScripts, a.Val) && !strings.HasPrefix(a.Val, "/web/") {
						t.Fatalf("%s?%s: a script from elsewhere: %s", path, query, e)
					}
				}
				if strings.Contains(strings.ToLower(a.Val), "javascript:") {
					t.Fatalf("%s?%s: %s", path, query, e)
				}
			}
		}
		if c := bytes.Count([]byte(page), []byte("<script")); c != len(pageScripts) {
			t.Fatalf("%s?%s: %d scripts, want %d", path, query, c, len(pageScripts))
		}
	})
}

// Link previews need absolute URLs: without a public URL the page has no
// og: tags at all (not "https:///…"); with one, og:url is the canonical
// address of the step shown, whatever the request's path and query said.
func TestOpenGraphOnlyWithAPublicURL(t *testing.T) {
	f := defaultFlow(t)
	page := body(t, get(t, newTestSite(t), "/"+f.ID+"/"+f.Start))
	if strings.Contains(page, "og:") {
		t.Error("og: tags without a public URL")
	}
	s, err := New(Config{Library: testLibrary(t), Web: testWeb(), Version: "v", PublicURL: "https://help.example.com/fixflow"})
	if err != nil {
		t.Fatal(err)
	}
	sess := engine.NewSession(f)
	if err := sess.Choose(0); err != nil {
		t.Fatal(err)
	}
	_, elems := parsePage(t, body(t, get(t, s, "/"+f.ID+"/"+sess.Current().ID+"?s="+sess.Encode()+"&theme=dark")))
	og := map[string]string{}
	for _, e := range elems {
		n := &html.Node{Attr: e.attrs}
		if p := attrOf(n, "property"); strings.HasPrefix(p, "og:") {
			og[p] = attrOf(n, "content")
		}
	}
	if want := "https://help.example.com/fixflow/" + f.ID + "/" + sess.Current().ID; og["og:url"] != want {
		t.Errorf("og:url %q, want %q", og["og:url"], want)
	}
	if !strings.HasPrefix(og["og:image"], "https://help.example.com/fixflow/web/icons/icon-512.") {
		t.Errorf("og:image %q", og["og:image"])
	}
}
