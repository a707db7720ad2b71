package site

import (
	"encoding/xml"
	"slices"
	"strings"
	"testing"

	"github.com/fixflow/fixflow/content"
)

func TestRobotsTxt(t *testing.T) {
	res := get(t, newTestSite(t), "/robots.txt")
	txt := body(t, res)
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("/robots.txt: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	for _, want := range []string{"User-agent: *\n", "Disallow: /*?\n"} {
		if !strings.Contains(txt, want) {
			t.Errorf("robots.txt lacks %q:\n%s", want, txt)
		}
	}
	if strings.Contains(txt, "Sitemap:") {
		t.Errorf("robots.txt names a sitemap though the public URL is unknown:\n%s", txt)
	}
}

// Without a public URL there is no sitemap (its URLs must be absolute):
// a 404 that says why.
func TestSitemapNeedsThePublicURL(t *testing.T) {
	res := get(t, newTestSite(t), "/sitemap.xml")
	if txt := body(t, res); res.StatusCode != 404 || !strings.Contains(txt, "-public-url") {
		t.Errorf("/sitemap.xml without a public URL: %d %q", res.StatusCode, txt)
	}
	if _, ok := newTestSite(t).publicURL("/"); ok {
		t.Error("publicURL reports a URL though none was configured")
	}
}

func TestFavicon(t *testing.T) {
	res := get(t, newTestSite(t), "/favicon.ico")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/png" || !strings.HasPrefix(body(t, res), "\x89PNG") {
		t.Errorf("/favicon.ico: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
}

// With a public URL, robots.txt names the sitemap, and the sitemap lists
// every page without a walk in its URL, absolute, in every language, each
// step with its other languages as alternates.
func TestSitemapWithAPublicURL(t *testing.T) {
	lib, err := content.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{Library: lib, Web: testWeb(), Version: "test", PublicURL: "https://Help.Example.com/fixflow/"})
	if err != nil {
		t.Fatal(err)
	}
	const base = "https://help.example.com/fixflow"
	if u, ok := s.publicURL("/x/y"); !ok || u != base+"/x/y" {
		t.Errorf("publicURL: %q %v", u, ok)
	}
	if txt := body(t, get(t, s, "/robots.txt")); !strings.Contains(txt, "\nSitemap: "+base+"/sitemap.xml\n") {
		t.Errorf("robots.txt does not name the sitemap:\n%s", txt)
	}
	res := get(t, s, "/sitemap.xml", "Accept-Encoding", "gzip")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/xml") {
		t.Fatalf("/sitemap.xml: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	var set struct {
		XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []struct {
			Loc   string `xml:"loc"`
			Links []struct {
				Rel      string `xml:"rel,attr"`
				Hreflang string `xml:"hreflang,attr"`
				Href     string `xml:"href,attr"`
			} `xml:"http://www.w3.org/1999/xhtml link"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(body(t, res)), &set); err != nil {
		t.Fatalf("the sitemap is not a sitemap: %v", err)
	}
	got := map[string]bool{}
	for _, u := range set.URLs {
		got[u.Loc] = true
		if u.Loc == base+"/es/imessage-undelivered/check-resend" {
			var alt []string
			for _, l := range u.Links {
				alt = append(alt, l.Rel+" "+l.Hreflang+" "+l.Href)
			}
			if want := []string{
				"alternate en " + base + "/imessage-undelivered/check-resend",
				"alternate es " + base + "/es/imessage-undelivered/check-resend",
				"alternate x-default " + base + "/imessage-undelivered/check-resend",
			}; !slices.Equal(alt, want) {
				t.Errorf("alternates of %s:\n%s\nwant\n%s", u.Loc, strings.Join(alt, "\n"), strings.Join(want, "\n"))
			}
		}
	}
	for _, p := range []string{"/", "/es", "/imessage-undelivered/check-resend", "/es/imessage-undelivered/check-resend", "/es/imessage-undelivered"} {
		if !got[base+p] {
			t.Errorf("the sitemap lacks %s", base+p)
		}
	}
	want := pagePaths(lib, content.DefaultGuide)
	for _, p := range want {
		if !got[base+p] {
			t.Errorf("the sitemap lacks %s", base+p)
		}
	}
	if len(set.URLs) != len(want) {
		t.Errorf("the sitemap lists %d URLs, want %d", len(set.URLs), len(want))
	}
	if _, err := New(Config{Library: lib, Web: testWeb(), PublicURL: "https://a.example/?q"}); err == nil || !strings.Contains(err.Error(), "PublicURL") {
		t.Errorf("a public URL with a query: error %v", err)
	}
}

func TestParsePublicURL(t *testing.T) {
	for in, want := range map[string]string{
		"":                              "",
		"https://help.example.com":      "https://help.example.com",
		"https://help.example.com/":     "https://help.example.com",
		"HTTP://Example.com:8080/Help/": "http://example.com:8080/Help",
		"https://example.com/a%20b":     "https://example.com/a%20b",
	} {
		if got, err := ParsePublicURL(in); err != nil || got != want {
			t.Errorf("ParsePublicURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"example.com", "ftp://example.com", "https://example.com/?x", "https://example.com/#x",
		"https://u:p@example.com", "https://example.com/a/../b", "https://example.com//a", "https://exa mple.com", "https://example.com:0"} {
		if _, err := ParsePublicURL(bad); err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("ParsePublicURL(%q): error %v, want one naming it", bad, err)
		}
	}
}
