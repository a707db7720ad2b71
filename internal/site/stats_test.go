package site

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/content"
	"github.com/fixflow/fixflow/internal/stats"
	"github.com/fixflow/fixflow/internal/stats/store"
	"github.com/fixflow/fixflow/internal/stats/store/storetest"
)

// newStatsSite is a site keeping counts in a store of its own of kind
// ("sqlite" or "postgres", see storetest).
func newStatsSite(t testing.TB, kind string, cfg Config) (*Site, store.Store) {
	t.Helper()
	st, err := store.Open(context.Background(), storetest.TestDSN(t, kind), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	lib, err := content.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Library, cfg.Web, cfg.Version, cfg.Stats = lib, testWeb(), "test-version", st
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s, st
}

// aBatch counts a start, the first step shown and its first answer taken.
func aBatch(f *engine.Flow, day string, n int64) stats.Batch {
	c := stats.Counter{Day: day, Guide: f.ID, Graph: f.GraphHash(), Lang: f.Lang, Node: f.Start, N: n}
	start, shown, choice := c, c, c
	start.Event, shown.Event, choice.Event = stats.EventStart, stats.EventShown, stats.EventChoice
	choice.Option = stats.OptionID(f, f.Node(f.Start), 0)
	return stats.Batch{V: stats.Version, Counts: []stats.Counter{start, shown, choice}}
}

func today() string { return time.Now().UTC().Format(stats.DayLayout) }

func postBatch(t testing.TB, h http.Handler, body, ctype, remote string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, StatsEventsPath, strings.NewReader(body))
	r.Header.Set("Content-Type", ctype)
	if remote != "" {
		r.RemoteAddr = remote
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestStatsEventsStoresABatch(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			s, st := newStatsSite(t, kind, Config{})
			f := defaultFlow(t)
			b := aBatch(f, today(), 2)
			// What sendBeacon sends for a string is text/plain.
			for _, ctype := range []string{"text/plain;charset=UTF-8", "application/json"} {
				if w := postBatch(t, s, mustJSON(t, b), ctype, ""); w.Code != http.StatusNoContent {
					t.Fatalf("%s: %d %s", ctype, w.Code, w.Body)
				}
			}
			got, err := st.Counters(context.Background(), store.Query{})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 3 {
				t.Fatalf("stored %+v", got)
			}
			for _, c := range got {
				if c.N != 4 || c.Guide != f.ID || c.Day != today() {
					t.Errorf("stored %+v, want n 4", c)
				}
			}
		})
	}
}

// A bad batch gets a 400 that names its problem, and nothing of it is
// stored, not even its good counters.
func TestStatsEventsRefusesBadBatches(t *testing.T) {
	s, st := newStatsSite(t, "sqlite", Config{})
	f := defaultFlow(t)
	good := aBatch(f, today(), 1)
	with := func(change func(b *stats.Batch)) string {
		b := aBatch(f, today(), 1)
		change(&b)
		return mustJSON(t, b)
	}
	goodJSON := mustJSON(t, good)
	many := make([]stats.Counter, stats.MaxCounters+1)
	for i := range many {
		many[i] = good.Counts[0]
		many[i].Node = fmt.Sprintf("n%d", i)
	}
	for _, tc := range []struct {
		name, body, want string
		code             int
	}{
		{"empty", "", "the body is empty", 400},
		{"not JSON", "{counts:", "not a batch: ", 400},
		{"an array", "[]", "not a batch: ", 400},
		{"an unknown field", `{"v":1,"counts":[],"ip":"203.0.113.9"}`, `not a batch: unknown field "ip"`, 400},
		{"an unknown counter field", strings.Replace(goodJSON, `"n":1`, `"n":1,"user":"x"`, 1), `unknown field "user"`, 400},
		{"a count as text", strings.Replace(goodJSON, `"n":1`, `"n":"1"`, 1), "not a batch: ", 400},
		{"trailing data", goodJSON + `{}`, "something follows its JSON object", 400},
		{"another version", with(func(b *stats.Batch) { b.V = 7 }), "v: version 7 is not 1", 400},
		{"an unknown guide", with(func(b *stats.Batch) { b.Counts[2].Guide = "nope" }), `counts[2].lang: guide "nope" in "en" is not served here`, 400},
		{"an unknown step", with(func(b *stats.Batch) { b.Counts[1].Node = "nowhere" }), `counts[1].node: "nowhere" is not a step of guide`, 400},
		{"an unknown option", with(func(b *stats.Batch) { b.Counts[2].Option = "99" }), `counts[2].option: "99" is not an answer of step`, 400},
		{"an old graph", with(func(b *stats.Batch) { b.Counts[0].Graph = "AAAAAAAA" }), `counts[0].graph: "AAAAAAAA" is not the graph`, 400},
		{"a negative count", with(func(b *stats.Batch) { b.Counts[0].N = -3 }), "counts[0].n: -3 is not a count", 400},
		{"a huge count", with(func(b *stats.Batch) { b.Counts[0].N = 1 << 40 }), "counts[0].n: 1099511627776 is not a count", 400},
		{"an old day", with(func(b *stats.Batch) { b.Counts[0].Day = "2001-01-01" }), "counts[0].day: 2001-01-01 is not within the last 7 days", 400},
		{"a host that is no origin", with(func(b *stats.Batch) { b.Counts[0].Host = "https://a.example/path" }), "counts[0].host: ", 400},
		{"too many counters", mustJSON(t, stats.Batch{V: 1, Counts: many}), "counts: 501 counters, more than 500", 400},
		{"too large", `{"v":1,"counts":[` + strings.Repeat(" ", stats.MaxBatchBytes) + `]}`, "batch: larger than 196608 bytes", 413},
	} {
		w := postBatch(t, s, tc.body, "text/plain", "192.0.2.1:1234")
		if w.Code != tc.code || !strings.Contains(w.Body.String(), tc.want) {
			t.Errorf("%s: %d %q, want %d and %q", tc.name, w.Code, w.Body, tc.code, tc.want)
		}
		if tc.code == 400 && !strings.HasPrefix(w.Body.String(), "batch refused, nothing of it stored: ") && tc.name != "too large" {
			t.Errorf("%s: %q does not say nothing was stored", tc.name, w.Body)
		}
	}
	if got, _ := st.Counters(context.Background(), store.Query{}); len(got) != 0 {
		t.Errorf("bad batches stored %+v", got)
	}

	r := httptest.NewRequest(http.MethodGet, StatsEventsPath, nil)
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	if w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != "POST" {
		t.Errorf("GET: %d, Allow %q", w.Code, w.Header().Get("Allow"))
	}
	if w := postBatch(t, s, goodJSON, "application/x-www-form-urlencoded", "192.0.2.1:1"); w.Code != http.StatusUnsupportedMediaType {
		t.Errorf("a form: %d %s", w.Code, w.Body)
	}
}

// Each client address has its own bucket of batches: past it, 429 with a
// Retry-After; another address is not held back.
func TestStatsEventsRateLimit(t *testing.T) {
	s, st := newStatsSite(t, "sqlite", Config{})
	clock := time.Now()
	s.stats.now = func() time.Time { return clock }
	body := mustJSON(t, aBatch(defaultFlow(t), today(), 1))
	for i := range statsBurst {
		if w := postBatch(t, s, body, "text/plain", "198.51.100.7:5000"); w.Code != http.StatusNoContent {
			t.Fatalf("batch %d: %d %s", i, w.Code, w.Body)
		}
	}
	w := postBatch(t, s, body, "text/plain", "198.51.100.7:5001")
	if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") != "1" {
		t.Errorf("past the burst: %d, Retry-After %q", w.Code, w.Header().Get("Retry-After"))
	}
	if w := postBatch(t, s, body, "text/plain", "198.51.100.8:5000"); w.Code != http.StatusNoContent {
		t.Errorf("another address: %d", w.Code)
	}
	clock = clock.Add(time.Second)
	if w := postBatch(t, s, body, "text/plain", "198.51.100.7:5002"); w.Code != http.StatusNoContent {
		t.Errorf("a second later: %d", w.Code)
	}
	got, _ := st.Sums(context.Background(), store.Query{})
	if len(got) != 3 || got[0].N != statsBurst+2 {
		t.Errorf("stored %+v, want each counter at %d", got, statsBurst+2)
	}
}

func TestLimiter(t *testing.T) {
	l := newLimiter(1, 2, 3)
	t0 := time.Unix(1e9, 0)
	for i, want := range []bool{true, true, false} {
		if ok, _ := l.allow("192.0.2.1:1", t0); ok != want {
			t.Errorf("take %d: %v", i, ok)
		}
	}
	if ok, retry := l.allow("192.0.2.1:1", t0.Add(500*time.Millisecond)); ok || retry != 500*time.Millisecond {
		t.Errorf("half a token: %v, retry %v", ok, retry)
	}
	// One IPv6 client is its /64.
	l.allow("[2001:db8:1:2::1]:1", t0)
	l.allow("[2001:db8:1:2::ffff]:1", t0)
	if ok, _ := l.allow("[2001:db8:1:2:3::9]:1", t0); ok {
		t.Error("a third address of one /64 took a token from a bucket of 2")
	}
	// Bounded: a fourth and a fifth address fit by forgetting others.
	l.allow("192.0.2.3:1", t0)
	l.allow("192.0.2.4:1", t0)
	if n := l.size(); n > 3 {
		t.Errorf("%d addresses remembered, at most 3", n)
	}
	// Those whose buckets refilled go first.
	l = newLimiter(1, 2, 2)
	l.allow("192.0.2.1:1", t0)
	l.allow("192.0.2.2:1", t0.Add(time.Minute))
	l.allow("192.0.2.3:1", t0.Add(time.Minute))
	l.mu.Lock()
	_, old := l.buckets[clientKey("192.0.2.1:1")]
	_, recent := l.buckets[clientKey("192.0.2.2:1")]
	l.mu.Unlock()
	if old || !recent {
		t.Errorf("evicted the wrong address: old kept %v, recent kept %v", old, recent)
	}
}

// Pages say where to send counts, and the CSP lets them.
func TestPagesNameTheirCollector(t *testing.T) {
	s, _ := newStatsSite(t, "sqlite", Config{})
	meta := regexp.MustCompile(`<meta content="([^"]*)" name="fixflow-stats">`)
	get := func(s *Site, path string) (string, http.Header) {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
		return w.Body.String(), w.Header()
	}
	page, h := get(s, "/")
	if m := meta.FindStringSubmatch(page); m == nil || m[1] != StatsEventsPath {
		t.Errorf("the page's stats meta: %v", m)
	}
	if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "connect-src 'self';") {
		t.Errorf("CSP: %s", csp)
	}
	page, _ = get(s, "/"+content.DefaultGuide+"?embed=1&theme=dark")
	if !meta.MatchString(page) {
		t.Error("a page rendered on request has no stats meta")
	}

	lib, _ := content.Embedded()
	c, err := New(Config{Library: lib, Web: testWeb(), Version: "v", StatsCollector: "https://stats.example.com/stats/events"})
	if err != nil {
		t.Fatal(err)
	}
	page, h = get(c, "/")
	if m := meta.FindStringSubmatch(page); m == nil || m[1] != "https://stats.example.com/stats/events" {
		t.Errorf("with a collector, the page's stats meta: %v", m)
	}
	if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "connect-src 'self' https://stats.example.com;") {
		t.Errorf("with a collector, CSP: %s", csp)
	}
	if _, h := get(c, StatsEventsPath); h.Get("Cache-Control") != "no-store" {
		t.Error("a site without a store answers /stats/events anyway")
	}

	// No store and no collector: nothing counts.
	page, _ = get(newTestSite(t), "/")
	if meta.MatchString(page) {
		t.Error("a site that keeps no counts asks its pages to send them")
	}
	for _, bad := range []string{"stats.example.com/events", "https://stats.example.com;script-src/x", "ftp://x.example/", "https://u:p@x.example/", "https://x.example/?a=1"} {
		if _, _, err := parseCollector(bad); err == nil || !strings.Contains(err.Error(), "is not a URL like https://stats.example.com/stats/events") {
			t.Errorf("collector %q: %v", bad, err)
		}
	}
	if u, origin, err := parseCollector("HTTPS://Stats.Example.com:8443/stats/events"); err != nil || u != "https://stats.example.com:8443/stats/events" || origin != "https://stats.example.com:8443" {
		t.Errorf("a collector: %q %q %v", u, origin, err)
	}
}

func getStats(s http.Handler, target, remote string, header http.Header) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodGet, target, nil)
	if remote != "" {
		r.RemoteAddr = remote
	}
	for k, v := range header {
		r.Header[k] = v
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

// /stats without a token answers this machine only; with one, whoever
// has it.
func TestStatsPageAccess(t *testing.T) {
	s, _ := newStatsSite(t, "sqlite", Config{})
	for _, tc := range []struct {
		remote string
		header http.Header
		code   int
	}{
		{"127.0.0.1:5000", nil, 200},
		{"[::1]:5000", nil, 200},
		{"203.0.113.5:5000", nil, 403},
		{"127.0.0.1:5000", http.Header{"X-Forwarded-For": {"203.0.113.5"}}, 403},
		{"127.0.0.1:5000", http.Header{"Forwarded": {"for=203.0.113.5"}}, 403},
	} {
		for _, path := range []string{"/stats", "/stats.csv"} {
			if w := getStats(s, path, tc.remote, tc.header); w.Code != tc.code {
				t.Errorf("no token, %s from %s %v: %d, want %d", path, tc.remote, tc.header, w.Code, tc.code)
			}
		}
	}
	s.stats.token = "s3cret-token"
	for _, tc := range []struct {
		target string
		header http.Header
		code   int
	}{
		{"/stats", nil, 401},
		{"/stats?token=wrong", nil, 401},
		{"/stats?token=s3cret-token", nil, 200},
		{"/stats.csv?token=s3cret-token", nil, 200},
		{"/stats", http.Header{"Authorization": {"Bearer s3cret-token"}}, 200},
		{"/stats", http.Header{"Authorization": {"Bearer nope"}}, 401},
	} {
		w := getStats(s, tc.target, "203.0.113.5:5000", tc.header)
		if w.Code != tc.code {
			t.Errorf("token, %s %v: %d, want %d", tc.target, tc.header, w.Code, tc.code)
		}
		if w.Code == 401 && !strings.Contains(w.Header().Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("a 401 without WWW-Authenticate")
		}
	}
	if w := getStats(s, "/stats?token=s3cret-token&from=2025-13-01", "", nil); w.Code != 400 || !strings.Contains(w.Body.String(), `from: "2025-13-01" is not a day`) {
		t.Errorf("a bad day: %d %s", w.Code, w.Body)
	}
	if w := getStats(s, "/stats?token=s3cret-token&guide=nope", "", nil); w.Code != 400 || !strings.Contains(w.Body.String(), `guide: "nope" is not a guide served here`) {
		t.Errorf("an unknown guide: %d %s", w.Code, w.Body)
	}
	if w := getStats(newTestSite(t), "/stats", "127.0.0.1:1", nil); w.Code != 404 {
		t.Errorf("a site without a store: /stats %d", w.Code)
	}
}

// The page shows the counts of a walk: numbers, both charts as SVG, the
// tables; and nothing a CSP without inline script or style would block.
func TestStatsPageShowsTheCounts(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			s, _ := newStatsSite(t, kind, Config{StatsToken: "t0k"})
			f := defaultFlow(t)
			// Three walks: two resolved at the first check that resolves, one left.
			var check *engine.Node
			for i := range f.Nodes {
				if f.Nodes[i].Kind == engine.KindCheck {
					check = &f.Nodes[i]
					break
				}
			}
			fixed := f.Node(check.Fixed)
			c := func(event, node, option, result string, n int64) stats.Counter {
				return stats.Counter{Day: today(), Guide: f.ID, Graph: f.GraphHash(), Lang: f.Lang, Host: "https://help.example.com",
					Event: event, Node: node, Option: option, Result: result, N: n}
			}
			b := stats.Batch{V: 1, Counts: []stats.Counter{
				c(stats.EventStart, f.Start, "", "", 3),
				c(stats.EventShown, check.ID, "", "", 3),
				c(stats.EventChoice, check.ID, stats.OptionID(f, check, engine.AnswerFixed), "", 2),
				c(stats.EventOutcome, fixed.ID, "", fixed.Result, 2),
				c(stats.EventLeft, check.ID, "", "", 1),
			}}
			if w := postBatch(t, s, mustJSON(t, b), "text/plain", ""); w.Code != 204 {
				t.Fatalf("%d %s", w.Code, w.Body)
			}
			w := getStats(s, "/stats?token=t0k&guide="+f.ID, "", nil)
			page := w.Body.String()
			if w.Code != 200 {
				t.Fatalf("%d %s", w.Code, page)
			}
			flat := regexp.MustCompile(`<[^>]+>`).ReplaceAllString(page, " ")
			flat = strings.Join(strings.Fields(flat), " ")
			for _, want := range []string{
				"Walks started 3", "Walks ended 3", "Resolved 66.7%", "Left before an outcome 33.3%",
				check.Title + " " + check.ID + " 2 100.0% 3 66.7%", // resolves most
				check.Title + " " + check.ID + " 3 1 33.3%",        // drop-off
				"resolved: 2 (66.7%)", "left: 1 (33.3%)",
			} {
				if !strings.Contains(flat, want) {
					t.Errorf("the page lacks %q:\n%s", want, flat)
				}
			}
			if n := len(regexp.MustCompile(`<svg [^>]*class="st-chart"`).FindAllString(page, -1)); n != 2 {
				t.Errorf("%d charts, want the mix and the funnel", n)
			}
			if !strings.Contains(page, `viewbox="0 0 720`) || !strings.Contains(page, `role="img"`) {
				t.Error("the charts lack their viewBox or role")
			}
			if regexp.MustCompile(`<script|<style| style=`).MatchString(page) {
				t.Error("the page has inline script or style")
			}
			if !strings.Contains(page, `href="/stats.csv?from=`) || !strings.Contains(page, `name="token" type="hidden" value="t0k"`) {
				t.Error("the CSV link or the token's field is missing")
			}
			csp := w.Header().Get("Content-Security-Policy")
			if !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "frame-ancestors 'none'") || w.Header().Get("Cache-Control") != "no-store" {
				t.Errorf("headers: %v", w.Header())
			}
			css := getStats(s, statsStylePath, "", nil)
			if css.Code != 200 || !strings.HasPrefix(css.Header().Get("Content-Type"), "text/css") {
				t.Errorf("the style sheet: %d %s", css.Code, css.Header().Get("Content-Type"))
			}

			// The CSV has the day's counters; a host filter keeps its own.
			w = getStats(s, "/stats.csv?token=t0k", "", nil)
			lines := strings.Split(strings.TrimSpace(w.Body.String()), "\n")
			if w.Code != 200 || len(lines) != 6 || lines[0] != "day,guide,graph,lang,host,event,node,option,result,n" ||
				!strings.Contains(w.Header().Get("Content-Disposition"), "attachment") {
				t.Errorf("CSV: %d %v\n%s", w.Code, w.Header(), w.Body)
			}
			w = getStats(s, "/stats.csv?token=t0k&host=none", "", nil)
			if body, _ := io.ReadAll(w.Body); strings.Count(string(body), "\n") != 1 {
				t.Errorf("CSV of pages not embedded:\n%s", body)
			}
		})
	}
}

// FuzzDecodeBatch: whatever a client sends, decoding and checking a batch
// never panics, and a batch they accept is within every bound.
func FuzzDecodeBatch(f *testing.F) {
	lib, err := content.Embedded()
	if err != nil {
		f.Fatal(err)
	}
	flow, _ := lib.Guide(content.DefaultGuide, "en")
	now := time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)
	good, _ := json.Marshal(aBatch(flow, "2025-03-10", 1))
	f.Add(good)
	f.Add([]byte(`{"v":1,"counts":[{"day":"2025-03-10","guide":"x","n":1e309}]}`))
	f.Add([]byte(`{"v":1,"counts":null}`))
	f.Add([]byte(`{"v":1,"counts":[{"n":-1},{}]} []`))
	known := stats.NewKnown(lib, nil)
	f.Fuzz(func(t *testing.T, body []byte) {
		b, err := decodeBatch(body)
		if err != nil {
			return
		}
		if err := known.CheckBatch(b, now); err != nil {
			return
		}
		if len(b.Counts) == 0 || len(b.Counts) > stats.MaxCounters {
			t.Fatalf("accepted %d counters", len(b.Counts))
		}
		for _, c := range b.Counts {
			if c.N < 1 || c.N > stats.MaxCount || c.Guide != flow.ID || c.Graph != flow.GraphHash() {
				t.Fatalf("accepted %+v", c)
			}
		}
	})
}

// A guide named stats would have /stats as its start page.
func TestStatsRefusesAGuideNamedStats(t *testing.T) {
	b, err := os.ReadFile("../../content/testdata/mini.en.json")
	if err != nil {
		t.Fatal(err)
	}
	b = bytes.Replace(b, []byte(`"id": "mini"`), []byte(`"id": "stats"`), 1)
	lib, err := content.New([]content.Source{{Name: "stats.en.json", Data: b}})
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), storetest.TestDSN(t, "sqlite"), "")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	_, err = New(Config{Library: lib, Web: testWeb(), Version: "v", DefaultGuide: "stats", Stats: st})
	if err == nil || !strings.Contains(err.Error(), "a guide's id is stats") {
		t.Errorf("New: %v", err)
	}
}
