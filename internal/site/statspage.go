package site

import (
	"crypto/subtle"
	_ "embed"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/fixflow/fixflow/internal/markup"
	"github.com/fixflow/fixflow/internal/stats"
	"github.com/fixflow/fixflow/internal/stats/report"
	"github.com/fixflow/fixflow/internal/stats/store"
)

// /stats shows the counts of each guide over a period, as numbers, tables
// and two charts, a bar chart of how walks ended and a funnel of the steps,
// drawn here as SVG: the page has no script, loads nothing from another
// host, and its markup is written by internal/markup like every page.
// /stats.csv has the same counts, one line per counter and day.
//
// Both need the token (Config.StatsToken) as ?token= or an Authorization:
// Bearer header; without a token configured they answer clients on this
// machine only (a loopback address, and no proxy's forwarding header).

//go:embed statspage.css
var statsCSS []byte

const (
	statsPagePath  = "/stats"
	statsCSVPath   = "/stats.csv"
	statsStylePath = "/stats/style.css"
	statsDays      = 30 // the period without ?from=: the last 30 days
)

// statsCSSAsset is the page's style sheet, served with its ETag.
var statsCSSAsset = newAsset(statsStylePath, "text/css; charset=utf-8", statsCSS, nil, nil)

func isStatsPagePath(p string) bool {
	return p == statsPagePath || p == statsPagePath+"/" || p == statsCSVPath || p == statsStylePath
}

// statsPageHeaders: a page of numbers with no script, framed by nobody.
var statsPageHeaders = map[string]string{
	"Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
	"Referrer-Policy":         "no-referrer",
	"X-Content-Type-Options":  "nosniff",
	"Cache-Control":           "no-store",
	"X-Robots-Tag":            "noindex",
}

func (s *Site) serveStatsPage(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == statsStylePath {
		statsCSSAsset.serve(w, r, cacheRevalidate)
		return
	}
	for k, v := range statsPageHeaders {
		w.Header().Set(k, v)
	}
	st := s.stats
	if st.store == nil {
		http.Error(w, "this server keeps no counts (fixflow serve keeps them unless told to send them elsewhere)", http.StatusNotFound)
		return
	}
	if status, msg := st.authorize(r); status != 0 {
		if status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Bearer realm="fixflow stats"`)
		}
		http.Error(w, msg, status)
		return
	}
	o, err := s.statsOptions(r.URL.Query())
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	q := store.Query{Guide: o.Guide, From: o.From, To: o.To}
	if r.URL.Path == statsCSVPath {
		cs, err := st.store.Counters(r.Context(), q)
		if err != nil {
			st.fail(w, err)
			return
		}
		var kept []stats.Counter
		for _, c := range cs {
			if o.Keeps(c) {
				kept = append(kept, c)
			}
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="fixflow-stats-%s-%s.csv"`, o.From, o.To))
		report.WriteCSV(w, kept)
		return
	}
	sums, err := st.store.Sums(r.Context(), q)
	if err != nil {
		st.fail(w, err)
		return
	}
	rep := report.Build(s.lib, sums, o)
	body := []byte(s.statsDocument(rep, r.URL.Query().Get("token")))
	w.Header().Set("Content-Type", pageType)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

func (st *siteStats) fail(w http.ResponseWriter, err error) {
	if st.log != nil {
		st.log.Printf("stats: reading the counts: %v", err)
	}
	http.Error(w, "the counts cannot be read now", http.StatusServiceUnavailable)
}

// authorize says why a request may not see the stats (a status and a
// message), or 0 when it may.
func (st *siteStats) authorize(r *http.Request) (int, string) {
	if st.token != "" {
		got := r.URL.Query().Get("token")
		if auth, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
			got = auth
		}
		if subtle.ConstantTimeCompare([]byte(got), []byte(st.token)) != 1 {
			return http.StatusUnauthorized, "the stats need their token: /stats?token=… (or an Authorization: Bearer header)"
		}
		return 0, ""
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	ip := net.ParseIP(host)
	proxied := r.Header.Get("Forwarded") != "" || r.Header.Get("X-Forwarded-For") != "" || r.Header.Get("X-Real-Ip") != ""
	if err != nil || ip == nil || !ip.IsLoopback() || proxied {
		return http.StatusForbidden, "no stats token is set (fixflow serve -stats-token …), so the stats are shown on this machine only"
	}
	return 0, ""
}

// statsOptions reads the page's query: guide, from, to (days) and host
// ("none" for pages not embedded); the period is the last 30 days by
// default.
func (s *Site) statsOptions(q url.Values) (report.Options, error) {
	var o report.Options
	o.From, o.To = report.Period(s.stats.now(), statsDays)
	if g := q.Get("guide"); g != "" {
		if len(s.lib.Langs(g)) == 0 {
			return o, fmt.Errorf("guide: %q is not a guide served here", g)
		}
		o.Guide = g
	}
	for _, d := range []struct {
		name string
		to   *string
	}{{"from", &o.From}, {"to", &o.To}} {
		if v := q.Get(d.name); v != "" {
			if err := report.ParseDay(v); err != nil {
				return o, fmt.Errorf("%s: %v", d.name, err)
			}
			*d.to = v
		}
	}
	if o.From > o.To {
		return o, fmt.Errorf("from: %s is after to: %s", o.From, o.To)
	}
	if h := q.Get("host"); h != "" {
		if h != report.NoHost && !stats.ValidOrigin(h) {
			return o, fmt.Errorf("host: %.80q is neither an origin like https://help.example.com nor %q", h, report.NoHost)
		}
		o.Host = h
	}
	return o, nil
}

// statsDocument is the page.
func (s *Site) statsDocument(rep report.Report, token string) string {
	el := markup.El
	title := "Outcome stats · fixflow"
	head := el("head").Body(
		el("meta").Set("charset", "utf-8"),
		el("meta").Set("name", "viewport").Set("content", "width=device-width, initial-scale=1"),
		el("meta").Set("name", "robots").Set("content", "noindex"),
		el("title").Says(title),
		el("link").Set("rel", "stylesheet").Set("href", statsStylePath+"?v="+strings.Trim(statsCSSAsset.etag, `"`)),
	)
	query := url.Values{}
	set := func(k, v string) {
		if v != "" {
			query.Set(k, v)
		}
	}
	set("guide", rep.Guide)
	set("from", rep.From)
	set("to", rep.To)
	set("host", rep.Host)
	set("token", token)
	body := el("body").Body(
		el("header").Body(
			el("h1").Says("Outcome stats"),
			el("p").Class("st-scope").Says(rep.Scope()),
			s.statsForm(rep, token),
			el("p").Body(el("a").Href(statsCSVPath+"?"+query.Encode()).Set("download", "").Says("Download these counts as CSV"),
				markup.Text(" (one line per day and counter)")),
		),
	)
	main := el("main")
	if len(rep.Guides) == 0 {
		main.Body(el("p").Says("No counts in this period yet. They appear once people walk a guide on a page that counts."))
	}
	for i, g := range rep.Guides {
		main.Body(guideSection(g, i))
	}
	body.Body(main, el("p").Class("st-privacy").Says(
		"Counted without cookies or identifiers of any kind, and not at all where the browser asks not to be tracked: "+
			"only how many times each step was shown, each answer taken and each outcome reached, by day."))
	var b strings.Builder
	b.WriteString(markup.Doctype)
	b.WriteString(`<html lang="en">`)
	markup.WriteHTML(&b, head)
	markup.WriteHTML(&b, body)
	b.WriteString("</html>\n")
	return b.String()
}

// statsForm chooses the guide, the period and the host.
func (s *Site) statsForm(rep report.Report, token string) *markup.Node {
	el := markup.El
	sel := el("select").Set("name", "guide").ID("st-guide").Body(option("", "Every guide", rep.Guide == ""))
	seen := map[string]bool{}
	for _, f := range s.lib.Guides() {
		if !seen[f.ID] {
			seen[f.ID] = true
			sel.Body(option(f.ID, f.Title, rep.Guide == f.ID))
		}
	}
	form := el("form").Class("st-form").Set("method", "get").Set("action", statsPagePath).Body(
		el("label").Body(markup.Text("Guide"), sel),
		el("label").Body(markup.Text("From"), el("input").Set("type", "date").Set("name", "from").Set("value", rep.From)),
		el("label").Body(markup.Text("To"), el("input").Set("type", "date").Set("name", "to").Set("value", rep.To)),
		el("label").Body(markup.Text("Host (origin, or none)"),
			el("input").Set("type", "text").Set("name", "host").Set("value", rep.Host).Set("placeholder", "all hosts").Set("size", "28")),
	)
	if token != "" {
		form.Body(el("input").Set("type", "hidden").Set("name", "token").Set("value", token))
	}
	return form.Body(el("button").Set("type", "submit").Says("Show"))
}

func option(value, label string, selected bool) *markup.Node {
	o := markup.El("option").Set("value", value).Says(label)
	if value == "" {
		o.Attrs = append(o.Attrs, markup.Attr{Name: "value", Value: ""})
	}
	return o.Flag("selected", selected)
}

// guideSection is one guide's part of the page.
func guideSection(g report.Guide, i int) *markup.Node {
	el := markup.El
	id := "st-g" + strconv.Itoa(i)
	resolved := g.Mix[report.MixResolved]
	sec := el("section").Aria("labelledby", id).Body(
		el("h2").ID(id).Body(markup.Text(g.Title+" "), el("span").Class("st-id").Says("("+g.ID+")")),
		el("dl").Class("st-numbers").Body(
			number("Walks started", strconv.FormatInt(g.Starts, 10)),
			number("Walks ended", strconv.FormatInt(g.Ended, 10)),
			number("Resolved", report.Percent(report.Share(resolved, g.Ended))),
			number("Left before an outcome", report.Percent(report.Share(g.Mix[report.MixLeft], g.Ended))),
		),
	)
	if g.Older > 0 {
		sec.Body(el("p").Class("st-note").Says(fmt.Sprintf(
			"%d counts are from an earlier version of this guide: they are in the numbers above and the outcomes, not in the steps below.", g.Older)))
	}
	sec.Body(el("h3").ID(id+"-mix").Says("How walks ended"), mixChart(g, id+"-mix"))
	sec.Body(el("h3").ID(id+"-funnel").Says("Funnel: walks through each step"),
		el("ul").Class("st-legend").Body(
			el("li").Body(el("span").Class("st-key st-key-shown").Aria("hidden", "true"), markup.Text("shown")),
			el("li").Body(el("span").Class("st-key st-key-left").Aria("hidden", "true"), markup.Text("left there, before an outcome")),
		),
		funnelChart(g, id+"-funnel"))
	sec.Body(el("h3").Says("The steps that resolve most"))
	if len(g.Resolvers) == 0 {
		sec.Body(el("p").Class("st-note").Says("No walk resolved yet."))
	} else {
		t := el("table").Body(headRow("Step", "Resolved", "Share of resolved", "Shown", "Resolved when shown"))
		for _, r := range g.Resolvers {
			t.Body(row(stepCell(r.Title, r.Node), num(r.Resolved), pct(r.Share), num(r.Shown), pct(r.Rate)))
		}
		sec.Body(t)
	}
	sec.Body(el("h3").Says("Drop-off by step"))
	t := el("table").Body(headRow("Step", "Shown", "Left there", "Drop-off"))
	unseen := 0
	for _, st := range g.Steps {
		if st.Shown == 0 && st.Left == 0 {
			unseen++
			continue
		}
		drop := pct(st.Drop)
		if st.Outcome != "" {
			drop = el("td").Class("st-num").Says("outcome: " + st.Outcome)
		}
		t.Body(row(stepCell(st.Title, st.Node), num(st.Shown), num(st.Left), drop))
	}
	sec.Body(t)
	if unseen > 0 {
		sec.Body(el("p").Class("st-note").Says(fmt.Sprintf("%d of the guide's %d steps were not shown in this period.", unseen, len(g.Steps))))
	}
	return sec
}

func number(label, value string) *markup.Node {
	return markup.El("div").Body(markup.El("dt").Says(label), markup.El("dd").Says(value))
}

func headRow(cells ...string) *markup.Node {
	tr := markup.El("tr")
	for i, c := range cells {
		th := markup.El("th").Set("scope", "col").Says(c)
		if i > 0 {
			th.Class("st-num")
		}
		tr.Body(th)
	}
	return markup.El("thead").Body(tr)
}

func row(cells ...*markup.Node) *markup.Node { return markup.El("tr").Body(cells...) }

func stepCell(title, id string) *markup.Node {
	return markup.El("td").Body(markup.Text(title+" "), markup.El("span").Class("st-id").Says(id))
}

func num(n int64) *markup.Node {
	return markup.El("td").Class("st-num").Says(strconv.FormatInt(n, 10))
}

func pct(f float64) *markup.Node { return markup.El("td").Class("st-num").Says(report.Percent(f)) }
