package site

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/andybalholm/brotli"
	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/components"
	"github.com/fixflow/fixflow/content"
)

// newTestSite builds the real site over the embedded guides and the web
// directory. A site is a value: each test gets its own (about 80 ms).
func newTestSite(t testing.TB) *Site {
	t.Helper()
	s, err := New(Config{Library: testLibrary(t), Web: testWeb(), Version: "test-version"})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// testWeb is the web directory for the tests: the real one when a build
// made its app.wasm (the browser tests need the program), else the real
// files with a stand-in app.wasm, so that the tests that need no browser
// pass on a fresh clone without `make build`. The stand-in is an empty
// WebAssembly module whose one custom section says what it is.
func testWeb() fs.FS {
	const dir = "../../web"
	if _, err := os.Stat(dir + "/app.wasm"); err == nil {
		return os.DirFS(dir)
	}
	web := fstest.MapFS{}
	err := fs.WalkDir(os.DirFS(dir), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(dir + "/" + p)
		web[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		panic(err)
	}
	web["app.wasm"] = &fstest.MapFile{Data: standInWasm()}
	return web
}

// standInWasm is a valid, empty WebAssembly module whose only content is a
// custom section named fixflow-stand-in that says it is not the program.
func standInWasm() []byte {
	name, note := "fixflow-stand-in", "not the fixflow program: a stand-in for tests without a build"
	section := append([]byte{byte(len(name))}, name...)
	section = append(section, note...)
	return append([]byte{0, 'a', 's', 'm', 1, 0, 0, 0, 0, byte(len(section))}, section...)
}

func get(t testing.TB, h http.Handler, target string, header ...string) *http.Response {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Result()
}

func body(t testing.TB, res *http.Response) string {
	t.Helper()
	var rd io.Reader = res.Body
	switch res.Header.Get("Content-Encoding") {
	case "br":
		rd = brotli.NewReader(res.Body)
	case "gzip":
		zr, err := gzip.NewReader(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		rd = zr
	}
	b, err := io.ReadAll(rd)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func defaultFlow(t testing.TB) *engine.Flow {
	lib, err := content.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	f, ok := lib.Guide(content.DefaultGuide, "")
	if !ok {
		t.Fatal("no default guide")
	}
	return f
}

func TestHealthz(t *testing.T) {
	res := get(t, newTestSite(t), "/healthz")
	if res.StatusCode != 200 || strings.TrimSpace(body(t, res)) != "ok" {
		t.Fatalf("healthz: %d", res.StatusCode)
	}
}

func TestRootPrerendersTheFirstQuestion(t *testing.T) {
	f := defaultFlow(t)
	res := get(t, newTestSite(t), "/")
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	html := body(t, res)
	start := f.Node(f.Start)
	if !strings.Contains(html, escapeHTML(start.Title)) {
		t.Errorf("the first question %q is not in the prerendered page", start.Title)
	}
	for _, c := range f.Choices(start) {
		next := engine.NewSession(f)
		if err := next.ChooseNext(c.Next); err != nil {
			t.Fatal(err)
		}
		href := "/" + f.ID + "/" + c.Next + "?s=" + next.Encode()
		if !strings.Contains(html, `href="`+href+`"`) {
			t.Errorf("choice %q: no link to %s", c.Label, href)
		}
	}
	if strings.Contains(html, "raw.githubusercontent.com") {
		t.Error("the page refers to a remote icon")
	}
}

// optionIDs are the ids of fact fa's options.
func optionIDs(fa *engine.Fact) []string {
	ids := make([]string, len(fa.Options))
	for i, o := range fa.Options {
		ids[i] = o.ID
	}
	return ids
}

// answerUnknown answers "I don't know" to every fact the walk s needs before
// it can show its node, so that a walk test does not depend on which nodes
// of the guide ask facts.
func answerUnknown(t testing.TB, s *engine.Session) {
	t.Helper()
	for fa := s.Needs(); fa != nil; fa = s.Needs() {
		if err := s.SetFact(fa.ID, engine.Unknown); err != nil {
			t.Fatal(err)
		}
	}
}

func escapeHTML(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}

// Every step of the shipped guide prerenders with its title and, for steps
// with choices, links to the next steps; a step that needs a fact first
// prerenders its question, with links to the step with each answer.
func TestEveryStepPrerenders(t *testing.T) {
	f := defaultFlow(t)
	s := newTestSite(t)
	for _, n := range f.Nodes {
		res := get(t, s, "/"+f.ID+"/"+n.ID)
		if res.StatusCode != 200 {
			t.Errorf("%s: status %d", n.ID, res.StatusCode)
			continue
		}
		html := body(t, res)
		sess, _ := engine.NewSessionAt(f, n.ID)
		if fa := sess.Needs(); fa != nil {
			if !strings.Contains(html, `data-ask="`+fa.ID+`"`) || !strings.Contains(html, escapeHTML(fa.Question)) {
				t.Errorf("%s: the question of %q not prerendered", n.ID, fa.ID)
			}
			// Each answer links to where the walk goes with it: the step,
			// or past it when the answer rules the step out.
			for _, v := range append(optionIDs(fa), engine.Unknown) {
				next := sess.Clone()
				if err := next.SetFact(fa.ID, v); err != nil {
					t.Fatal(err)
				}
				if href := `href="/` + f.ID + `/` + next.Current().ID + `?s=` + next.Encode() + `"`; !strings.Contains(html, href) {
					t.Errorf("%s: the answer %q to %q has no link %s", n.ID, v, fa.ID, href)
				}
			}
			continue
		}
		if !strings.Contains(html, `id="ff-step-title"`) || !strings.Contains(html, escapeHTML(n.Title)) {
			t.Errorf("%s: title %q not prerendered", n.ID, n.Title)
		}
		for _, c := range f.Choices(&n) {
			if !strings.Contains(html, `href="/`+f.ID+`/`+c.Next+`?s=`) {
				t.Errorf("%s: no link to %s", n.ID, c.Next)
			}
		}
	}
}

func TestUnknownPathsAre404(t *testing.T) {
	for _, p := range []string{"/nope", "/imessage-undelivered/a/b", "/web/nope.css", "/guides/nope.en.json", "/imessage-undeliveredx"} {
		if res := get(t, newTestSite(t), p); res.StatusCode != 404 {
			t.Errorf("%s: status %d, want 404", p, res.StatusCode)
		}
	}
}

// A URL whose step is not a node of the guide is a 404 page that says so
// and links to the start; nothing of the path reaches the page.
func TestUnknownStepIs404WithStartLink(t *testing.T) {
	f := defaultFlow(t)
	for _, step := range []string{"no-such-step", "-check-wifi", "Check_Wifi"} {
		res := get(t, newTestSite(t), "/"+f.ID+"/"+step)
		html := body(t, res)
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", step, res.StatusCode)
		}
		if !strings.Contains(html, escapeHTML(f.Strings[engine.StringUnknown])) {
			t.Errorf("%s: the page does not say the step is unknown", step)
		}
		if !strings.Contains(html, `href="/`+f.ID+`/`+f.Start+`"`) {
			t.Errorf("%s: no link to the start", step)
		}
		if strings.Contains(html, step) {
			t.Errorf("%s: the unknown step's name is on the page", step)
		}
	}
}

// The markup injection an outside probe found: a quote in the step segment
// ended the og:url attribute, and the rest of the path became markup.
func TestStepSegmentCannotInjectMarkup(t *testing.T) {
	f := defaultFlow(t)
	for _, p := range []string{
		"/" + f.ID + `/"><img src=x onerror=alert(1)>`,
		"/" + f.ID + `/%22%3E%3Cmeta%20http-equiv=refresh%20content=0;url=https://evil.example%3E`,
		"/" + f.ID + `/check-wifi"><style>body{display:none}</style>`,
		`/"><img src=x>/` + f.Start,
	} {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.URL.Path, r.URL.RawPath = p, ""
		if u, err := url.Parse(p); err == nil {
			r.URL = u
		}
		w := httptest.NewRecorder()
		newTestSite(t).ServeHTTP(w, r)
		html := w.Body.String()
		if w.Code != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", p, w.Code)
		}
		for _, bad := range []string{"<img src=x", "onerror", "http-equiv", "evil.example", "<style>"} {
			if strings.Contains(html, bad) {
				t.Errorf("%s: the page contains %q", p, bad)
			}
		}
	}
}

func TestStateResumesTheWalk(t *testing.T) {
	f := defaultFlow(t)
	s := engine.NewSession(f)
	for i := 0; i < 3 && !s.Done(); i++ {
		if err := s.Choose(len(f.Choices(s.Current())) - 1); err != nil {
			t.Fatal(err)
		}
		answerUnknown(t, s)
	}
	html := body(t, get(t, newTestSite(t), "/"+f.ID+"/"+s.Current().ID+"?s="+s.Encode()))
	if !strings.Contains(html, escapeHTML(s.Current().Title)) {
		t.Errorf("the resumed step %q is not shown", s.Current().Title)
	}
	prev := s.Clone()
	prev.Back()
	if !strings.Contains(html, `href="/`+f.ID+`/`+prev.Current().ID+`?s=`+prev.Encode()+`"`) {
		t.Error("no Back link to the previous step")
	}
	for _, e := range s.Transcript() {
		if !strings.Contains(html, escapeHTML(e.Title)) {
			t.Errorf("the transcript lacks %q", e.Title)
		}
	}
}

func TestGuideJSONHasETag(t *testing.T) {
	s := newTestSite(t)
	res := get(t, s, "/guides/imessage-undelivered.en.json")
	if res.StatusCode != 200 || res.Header.Get("ETag") == "" {
		t.Fatalf("status %d etag %q", res.StatusCode, res.Header.Get("ETag"))
	}
	raw, _ := os.ReadFile("../../content/guides/imessage-undelivered.en.json")
	if got := body(t, res); got != string(raw) {
		t.Error("the served guide differs from the file")
	}
	res2 := get(t, s, "/guides/imessage-undelivered.en.json", "If-None-Match", res.Header.Get("ETag"))
	if res2.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation: status %d, want 304", res2.StatusCode)
	}
}

// TestServedGuidesAreTheLibrarys: what the wasm reads (the compact form)
// and the JSON are written from the site's library, not from the embedded
// files: a library whose contacts a site's config changed serves the
// changed contacts (they used to be the files' bytes).
func TestServedGuidesAreTheLibrarys(t *testing.T) {
	lib := testLibrary(t)
	var srcs []content.Source
	for _, f := range lib.Guides() {
		doc, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, content.Source{Name: f.ID + "." + f.Lang + ".json", Data: doc})
	}
	var changed string
	for i, src := range srcs {
		f, _ := content.Decode(src.Name, src.Data)
		for j := range f.Nodes {
			for k := range f.Nodes[j].Contacts {
				f.Nodes[j].Contacts[k].Who = "Help desk of " + f.Lang
				changed = f.Nodes[j].ID
			}
		}
		srcs[i].Data, _ = json.Marshal(f)
	}
	if changed == "" {
		t.Fatal("the guides have no contacts to change")
	}
	var strs []content.Source
	for _, lang := range lib.StringsLangs() {
		raw, _ := lib.RawStrings(lang)
		strs = append(strs, content.Source{Name: lang + ".json", Data: raw})
	}
	lib2, err := content.New(srcs, strs...)
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{Library: lib2, Web: testWeb(), Version: "v"})
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"en", "es"} {
		f, err := content.UnmarshalFlow(body(t, get(t, s, components.GuideURL(content.DefaultGuide, lang))))
		if err != nil {
			t.Fatal(err)
		}
		if n := f.Node(changed); n == nil || len(n.Contacts) == 0 || n.Contacts[0].Who != "Help desk of "+lang {
			t.Errorf("%s: the wasm's guide does not have the library's contacts", lang)
		}
		j, err := content.Decode("served", []byte(body(t, get(t, s, components.GuideJSONURL(content.DefaultGuide, lang)))))
		if err != nil {
			t.Fatal(err)
		}
		if n := j.Node(changed); n == nil || n.Contacts[0].Who != "Help desk of "+lang {
			t.Errorf("%s: the guide's JSON does not have the library's contacts", lang)
		}
	}
}

func TestPageSecurityHeaders(t *testing.T) {
	res := get(t, newTestSite(t), "/")
	csp := res.Header.Get("Content-Security-Policy")
	m := regexp.MustCompile(`script-src ([^;]*)`).FindStringSubmatch(csp)
	if m == nil {
		t.Fatalf("no script-src in %q", csp)
	}
	if strings.Contains(m[1], "unsafe-inline") || strings.Contains(m[1], "'unsafe-eval'") {
		t.Errorf("script-src too loose: %q", m[1])
	}
	// No inline style either: a crafted link must not be able to restyle
	// the page; the host's accent and radius go through the CSSOM.
	if m := regexp.MustCompile(`style-src ([^;]*)`).FindStringSubmatch(csp); m == nil || m[1] != "'self'" {
		t.Errorf("style-src is not 'self' alone: %q", csp)
	}
	for _, want := range []string{"object-src 'none'", "base-uri 'none'", "frame-ancestors *"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP lacks %q: %q", want, csp)
		}
	}
	if res.Header.Get("X-Content-Type-Options") != "nosniff" || res.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("headers: %v", res.Header)
	}
	html := body(t, res)
	if regexp.MustCompile(`<script(?:\s[^>]*)?>[^<]`).MatchString(html) {
		t.Error("the page has an inline script, which the CSP would block")
	}
	if strings.Contains(html, " style=") || strings.Contains(html, "<style") {
		t.Error("the page has inline style, which the CSP would block")
	}
}

func TestFrameAncestorsAllowlist(t *testing.T) {
	h := securityHeaders([]string{"https://help.example.com"}, "")
	if !strings.Contains(h["Content-Security-Policy"], "frame-ancestors 'self' https://help.example.com") {
		t.Errorf("CSP: %q", h["Content-Security-Policy"])
	}
	got, err := ParseOrigins("https://a.example, http://b.example:8080")
	if err != nil || len(got) != 2 {
		t.Fatalf("origins: %v %v", got, err)
	}
	for _, bad := range []string{"a.example", "https://a.example/path", "javascript:alert(1)"} {
		if _, err := ParseOrigins(bad); err == nil {
			t.Errorf("%q accepted as an origin", bad)
		}
	}
}

func TestMethodNotAllowed(t *testing.T) {
	r := httptest.NewRequest(http.MethodPost, "/", nil)
	w := httptest.NewRecorder()
	newTestSite(t).ServeHTTP(w, r)
	if w.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /: %d", w.Code)
	}
}

// Every local URL a page refers to is served, and the service worker's
// precache lists (at install, and for each language) name what the page
// loads: otherwise the page would miss offline.
func TestPageURLsAreServedAndPrecached(t *testing.T) {
	s := newTestSite(t)
	html := body(t, get(t, s, "/"))
	worker := body(t, get(t, s, "/app-worker.js"))
	for _, m := range regexp.MustCompile(`(?:src|href)="(/[^"]*)"`).FindAllStringSubmatch(html, -1) {
		u := m[1]
		if strings.HasPrefix(u, "/"+content.DefaultGuide+"/") || strings.HasPrefix(u, "/es/"+content.DefaultGuide+"/") || u == "/" {
			continue // pages: this one's links and its language switch
		}
		if res := get(t, s, u); res.StatusCode != 200 {
			t.Errorf("the page refers to %s, served with status %d", u, res.StatusCode)
		}
		if !strings.Contains(worker, `"`+u+`"`) {
			t.Errorf("the page loads %s, which the service worker does not precache", u)
		}
	}
	lists := regexp.MustCompile(`(?m)^const (?:resourcesToCache|languages) = .*$`).FindAllString(worker, -1)
	if len(lists) != 2 {
		t.Fatalf("the worker's lists: %q", lists)
	}
	for _, m := range regexp.MustCompile(`"(/[^"]*)"`).FindAllStringSubmatch(strings.Join(lists, "\n"), -1) {
		if res := get(t, s, m[1], "Accept-Language", "es"); res.StatusCode != 200 {
			t.Errorf("the worker precaches %s, served with status %d", m[1], res.StatusCode)
		}
	}
	for _, want := range []string{`"/es/imessage-undelivered/check-resend"`, `"/strings/es.ffc"`, `"/guides/imessage-undelivered.es.ffc"`, `"/imessage-undelivered/check-resend"`} {
		if !strings.Contains(lists[1], want) {
			t.Errorf("the worker's languages lack %s", want)
		}
	}
}

func TestDemoAndEmbedJS(t *testing.T) {
	s := newTestSite(t)
	res := get(t, s, "/demo")
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Security-Policy"), "script-src 'self' 'wasm-unsafe-eval'") {
		t.Errorf("/demo: %d, CSP %q", res.StatusCode, res.Header.Get("Content-Security-Policy"))
	}
	if html := body(t, res); strings.Count(html, `src="/embed.js"`) < 2 {
		t.Error("the demo does not embed the widget twice")
	}
	res = get(t, s, "/embed.js", "Accept-Encoding", "br")
	if res.Header.Get("Access-Control-Allow-Origin") != "*" || !strings.Contains(res.Header.Get("Cache-Control"), "max-age=300") || res.Header.Get("Content-Encoding") != "br" {
		t.Errorf("/embed.js headers: %v", res.Header)
	}
}

// Pages, the service worker and embed.js are revalidated: an unchanged one
// costs a 304 and no body.
func TestRevalidatedWithETags(t *testing.T) {
	s := newTestSite(t)
	for _, p := range []string{"/", "/imessage-undelivered/" + defaultFlow(t).Start, "/app-worker.js", "/embed.js", "/manifest.webmanifest"} {
		res := get(t, s, p)
		etag := res.Header.Get("ETag")
		if res.StatusCode != 200 || etag == "" || !strings.Contains(res.Header.Get("Cache-Control"), "no-cache") && p != "/embed.js" {
			t.Errorf("%s: status %d, ETag %q, Cache-Control %q", p, res.StatusCode, etag, res.Header.Get("Cache-Control"))
			continue
		}
		again := get(t, s, p, "If-None-Match", etag)
		if again.StatusCode != http.StatusNotModified || body(t, again) != "" {
			t.Errorf("%s: revalidation gave %d", p, again.StatusCode)
		}
	}
}

// Without a built app.wasm the pages would be served and never come alive:
// the site refuses to start, and says what to do.
func TestNewRefusesAWebDirWithoutTheWasm(t *testing.T) {
	lib, err := content.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for name, web := range map[string]fstest.MapFS{
		"no wasm":    {"fixflow.css": {Data: []byte("body{}")}},
		"empty wasm": {"fixflow.css": {Data: []byte("body{}")}, "app.wasm": {Data: nil}},
	} {
		_, err := New(Config{Library: lib, Web: web})
		if err == nil || !strings.Contains(err.Error(), "app.wasm") || !strings.Contains(err.Error(), "make build") {
			t.Errorf("%s: error %v, want one naming app.wasm and make build", name, err)
		}
	}
	if _, err := New(Config{Library: lib, WebDir: t.TempDir()}); err == nil || !strings.Contains(err.Error(), "make build") {
		t.Errorf("an empty web directory: error %v", err)
	}
}

func TestStandInWasmIsAModule(t *testing.T) {
	w := standInWasm()
	if !bytes.HasPrefix(w, []byte("\x00asm\x01\x00\x00\x00")) || int(w[9]) != len(w)-10 || !bytes.Contains(w, []byte("stand-in")) {
		t.Errorf("the stand-in wasm is malformed: % x", w)
	}
}

func TestPreviousBuildsWasmNameIsServed(t *testing.T) {
	s := newTestSite(t)
	old := "/web/app.AAAAAAAA.wasm"
	if old == s.assets.Resolve("/web/app.wasm") {
		old = "/web/app.BBBBBBBB.wasm"
	}
	res := get(t, s, old)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/wasm" || res.Header.Get("Cache-Control") != cacheRevalidate {
		t.Errorf("%s: %d %q %q", old, res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Cache-Control"))
	}
}

// TestGuideImages: the guides' images are served at /images/ (as a step's
// src names them), under their content-hashed names for a year, with a
// policy that lets nothing in them run when opened on their own, and the
// service worker precaches them for offline use.
func TestGuideImages(t *testing.T) {
	s := newTestSite(t)
	const img = "/images/force-restart-face-id.svg"
	want, err := fs.ReadFile(content.EmbeddedFiles(), strings.TrimPrefix(img, "/"))
	if err != nil {
		t.Fatal(err)
	}
	res := get(t, s, img)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/svg+xml" || body(t, res) != string(want) {
		t.Fatalf("GET %s: %d %s", img, res.StatusCode, res.Header.Get("Content-Type"))
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "sandbox") ||
		strings.Contains(csp, "unsafe-inline") {
		t.Errorf("image CSP %q", csp)
	}
	// An image with a <style> element allows that style by its hash.
	const styled = "/images/force-restart-7.svg"
	svg, _ := fs.ReadFile(content.EmbeddedFiles(), strings.TrimPrefix(styled, "/"))
	style := regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindSubmatch(svg)
	if style == nil {
		t.Fatalf("%s has no <style> to test with", styled)
	}
	sum := sha256.Sum256(style[1])
	wantHash := "style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	for _, p := range []string{styled, s.assets.byName[styled].hashed} {
		if csp := get(t, s, p).Header.Get("Content-Security-Policy"); !strings.Contains(csp, wantHash) || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP %q; want %s and no 'unsafe-inline'", p, csp, wantHash)
		}
	}
	a := s.assets.byName[img]
	if res := get(t, s, a.hashed); res.StatusCode != 200 || res.Header.Get("Cache-Control") != cacheImmutable {
		t.Errorf("GET %s: %d, Cache-Control %q", a.hashed, res.StatusCode, res.Header.Get("Cache-Control"))
	}
	if worker := body(t, get(t, s, "/app-worker.js")); !strings.Contains(worker, img) {
		t.Error("the service worker does not precache the images")
	}
	if res := get(t, s, "/images/nope.svg"); res.StatusCode != 404 {
		t.Errorf("a missing image: %d", res.StatusCode)
	}
	// Every image a shipped guide shows is served.
	lib, _ := content.Embedded()
	for _, f := range lib.Guides() {
		for _, n := range f.Nodes {
			for _, m := range n.Models {
				for _, st := range append(slices.Clone(n.Steps), m.Steps...) {
					if st.Image != nil && get(t, s, "/"+st.Image.Src).StatusCode != 200 {
						t.Errorf("%s: %s is not served", n.ID, st.Image.Src)
					}
				}
			}
		}
	}
}
