package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// Results is everything one run measured; it is written as JSON.
type Results struct {
	Date        string      `json:"date"`
	DurationS   float64     `json:"duration_s"`
	Quick       bool        `json:"quick"`
	Settings    Settings    `json:"settings"`
	Env         Env         `json:"env"`
	Sizes       Sizes       `json:"sizes"`
	PageLoads   PageLoads   `json:"page_loads"`
	Transitions Transitions `json:"transitions"`
	Boot        Boot        `json:"boot"`
	Taps        Taps        `json:"taps"`
	Lighthouse  Lighthouse  `json:"lighthouse"`
	Throughput  Throughput  `json:"throughput"`
	Budgets     []Budget    `json:"budgets"`
	Notes       []string    `json:"notes,omitempty"`
	Errors      []string    `json:"errors,omitempty"`
}

// Settings are the run's sizes.
type Settings struct {
	LoadsPerKind int     `json:"loads_per_kind"`
	LoadSeconds  float64 `json:"load_seconds_per_target"`
	Transitions  int     `json:"transitions"`
}

// Env is what the numbers depend on.
type Env struct {
	Go                 string `json:"go"`
	OS                 string `json:"os"`
	Arch               string `json:"arch"`
	CPUs               int    `json:"cpus"`
	LoadAvgStart       string `json:"loadavg_start"`
	LoadAvgEnd         string `json:"loadavg_end"`
	Commit             string `json:"git_commit"`
	Dirty              bool   `json:"git_dirty"`
	Chromium           string `json:"chromium"`
	ChromiumUA         string `json:"chromium_user_agent"`
	Nginx              string `json:"nginx"`
	BrotliStaticModule string `json:"nginx_brotli_static_module"`
}

// Sizes is section 1, in bytes.
type Sizes struct {
	Wasm            Size    `json:"wasm"`
	Baseline        Size    `json:"baseline_wasm"`
	WasmBrotliRatio float64 `json:"wasm_brotli_over_baseline"`
	EmbedJS         Size    `json:"embed_js"`
	GuideJSON       Size    `json:"guide_json"`
	FirstPage       Size    `json:"first_page_html"`
	// QREncoder is what the QR encoder adds to a wasm (bench/qrcost built
	// with and without it).
	QREncoder Size `json:"qr_encoder_in_wasm"`
}

// Budget is one target and whether the run met it.
type Budget struct {
	Name     string  `json:"name"`
	Value    float64 `json:"value"`
	Limit    float64 `json:"limit"`
	Unit     string  `json:"unit"`
	Measured bool    `json:"measured"`
	Met      bool    `json:"met"`
}

func newResults(cfg config) *Results {
	return &Results{
		Date:     time.Now().UTC().Format(time.RFC3339),
		Quick:    cfg.quick,
		Settings: Settings{LoadsPerKind: cfg.runs, LoadSeconds: cfg.loadFor.Seconds(), Transitions: cfg.transitions},
	}
}

func (r *Results) finish(started time.Time) {
	r.DurationS = time.Since(started).Seconds()
	r.Env.LoadAvgEnd = loadAvg()
}

// Budget limits.
const (
	maxWasmRatio      = 1.10
	maxFirstTransfer  = 1_600_000 // bytes (1.6 MB)
	maxEmbedBrotli    = 2048      // bytes (2 KB)
	maxColdFCP        = 1000      // ms
	maxColdClickable  = 1500
	maxColdReady      = 10000
	maxWarmReady      = 1000
	maxTransitionP95  = 32 // two frames: a page that does nothing measures p95 16.3 ms click → next paint
	maxBootRatio      = 1.15
	minLighthouse     = 0.90
	maxPotentialFID   = 400 // ms
	maxTapAck         = 200 // ms
	minServerOverNgx  = 0.8
	budgetTargetNames = "step page,guide JSON,wasm"
)

// budgets judges the run. A budget whose section did not run is "not
// measured", never met.
func budgets(r *Results) {
	pl, tr, tp := r.PageLoads, r.Transitions, r.Throughput
	at := func(name string, value, limit float64, unit string, measured, atMost bool) {
		met := value <= limit
		if !atMost {
			met = value >= limit
		}
		r.Budgets = append(r.Budgets, Budget{Name: name, Value: value, Limit: limit, Unit: unit, Measured: measured, Met: measured && met})
	}
	at("wasm brotli / baseline brotli", r.Sizes.WasmBrotliRatio, maxWasmRatio, "x", r.Sizes.Baseline.Brotli > 0, true)
	at("first-visit transfer", pl.FirstVisitTransfer, maxFirstTransfer, "B", len(pl.Cold.Runs) > 0, true)
	at("embed.js brotli", float64(r.Sizes.EmbedJS.Brotli), maxEmbedBrotli, "B", r.Sizes.EmbedJS.Raw > 0, true)
	at("third-party requests", float64(pl.ThirdParty), 0, "", len(pl.Cold.Runs) > 0, true)
	at("cold FCP", pl.Cold.FCP, maxColdFCP, "ms", len(pl.Cold.Runs) > 0, true)
	at("cold clickable", pl.Cold.Clickable, maxColdClickable, "ms", len(pl.Cold.Runs) > 0, true)
	at("cold wasm ready", pl.Cold.Ready, maxColdReady, "ms", len(pl.Cold.Runs) > 0, true)
	at("warm wasm ready", pl.Warm.Ready, maxWarmReady, "ms", len(pl.Warm.Runs) > 0, true)
	at("offline-warm wasm ready", pl.OfflineWarm.Ready, maxWarmReady, "ms", len(pl.OfflineWarm.Runs) > 0, true)
	at("transition p95", tr.P95, maxTransitionP95, "ms", tr.Count > 0, true)
	bt, lh, taps := r.Boot, r.Lighthouse, r.Taps
	at("cold boot task / empty app's", bt.Cold.TaskRatio, maxBootRatio, "x", bt.Cold.TaskRatio > 0, true)
	at("warm boot task / empty app's", bt.Warm.TaskRatio, maxBootRatio, "x", bt.Warm.TaskRatio > 0, true)
	measuredLH := len(lh.Fixflow.Runs) > 0 && len(lh.Baseline.Runs) > 0
	at("lighthouse performance", lh.Fixflow.Median.Performance, minLighthouse, "", measuredLH, false)
	if measuredLH && lh.Fixflow.Median.Performance <= lh.Baseline.Median.Performance {
		r.Budgets[len(r.Budgets)-1].Met = false // above the empty app's too
	}
	at("lighthouse max potential FID", lh.Fixflow.Median.MaxFID, maxPotentialFID, "ms", measuredLH, true)
	at("lighthouse accessibility", lh.Fixflow.Median.Accessibility, 1, "", measuredLH, false)
	tapped := taps.All != nil && len(taps.All.Taps) > 0
	var lost, over float64
	if tapped {
		lost, over = float64(taps.All.Lost), float64(taps.All.Over200)
	}
	at("taps lost", lost, 0, "", tapped, true)
	at("taps acknowledged after 200 ms", over, 0, "", tapped, true)
	for _, name := range strings.Split(budgetTargetNames, ",") {
		ratio, ok := tp.Ratios[name]
		var errs uint64
		for _, h := range tp.Hits {
			if h.Server == "fixflow" && h.Target == name {
				errs = h.Errors
			}
		}
		at("server/nginx req/s, "+name, ratio, minServerOverNgx, "x", ok, false)
		if ok && errs > 0 {
			r.Budgets[len(r.Budgets)-1].Met = false
		}
	}
}

func (r *Results) budget(name string) (Budget, bool) {
	for _, b := range r.Budgets {
		if b.Name == name {
			return b, true
		}
	}
	return Budget{}, false
}

// printTable writes the one table: section, metric, value, target, status.
func printTable(w io.Writer, r *Results) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	row := func(section, metric, value, target, status string) {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", section, metric, value, target, status)
	}
	judged := func(section, metric, value, target, budget string) {
		b, ok := r.budget(budget)
		status := "not measured"
		switch {
		case !ok || !b.Measured:
		case b.Met:
			status = "met"
		default:
			status = "NOT met"
		}
		if ok && !b.Measured {
			value = "-"
		}
		row(section, metric, value, target, status)
	}
	row("SECTION", "METRIC", "VALUE", "TARGET", "STATUS")

	s := r.Sizes
	sizes := func(x Size) string {
		if x.Raw == 0 {
			return "-"
		}
		return fmt.Sprintf("%s / %s / %s B", commas(x.Raw), commas(x.Gzip), commas(x.Brotli))
	}
	row("sizes", "app.wasm raw / gzip-9 / brotli-11", sizes(s.Wasm), "", "")
	row("sizes", "empty go-app wasm (same flags)", sizes(s.Baseline), "", "")
	row("sizes", "of which the QR encoder (bench/qrcost with and without it)", sizes(s.QREncoder), "", "")
	judged("sizes", "wasm brotli / baseline brotli", fmt.Sprintf("%.2fx", s.WasmBrotliRatio), fmt.Sprintf("<= %.2fx", maxWasmRatio), "wasm brotli / baseline brotli")
	judged("sizes", "embed.js raw / gzip / brotli", sizes(s.EmbedJS), "brotli <= 2 KB", "embed.js brotli")
	row("sizes", "guide JSON raw / gzip / brotli", sizes(s.GuideJSON), "", "")
	row("sizes", "first page (GET /) raw / gzip / brotli", sizes(s.FirstPage), "", "")

	pl := r.PageLoads
	n := fmt.Sprintf(" (median of %d)", r.Settings.LoadsPerKind)
	msv := func(v float64, runs int) string {
		if runs == 0 {
			return "-"
		}
		return fmt.Sprintf("%.0f ms", v)
	}
	judged("page load", "cold FCP"+n, msv(pl.Cold.FCP, len(pl.Cold.Runs)), "<= 1000 ms", "cold FCP")
	judged("page load", "cold first choice clickable"+n, msv(pl.Cold.Clickable, len(pl.Cold.Runs)), "<= 1500 ms", "cold clickable")
	judged("page load", "cold wasm ready"+n+noisyMark(pl.Cold.Noisy), msv(pl.Cold.Ready, len(pl.Cold.Runs)), "<= 10000 ms", "cold wasm ready")
	row("page load", "warm FCP / clickable"+n, msv(pl.Warm.FCP, len(pl.Warm.Runs))+" / "+msv(pl.Warm.Clickable, len(pl.Warm.Runs)), "", "")
	judged("page load", "warm wasm ready"+n+noisyMark(pl.Warm.Noisy), msv(pl.Warm.Ready, len(pl.Warm.Runs)), "<= 1000 ms", "warm wasm ready")
	row("page load", "warm / offline-warm wasm compiled, waiting for a tap (armed)", msv(pl.Warm.Armed, len(pl.Warm.Runs))+" / "+msv(pl.OfflineWarm.Armed, len(pl.OfflineWarm.Runs)), "", "")
	row("page load", "offline-warm FCP / clickable"+n, msv(pl.OfflineWarm.FCP, len(pl.OfflineWarm.Runs))+" / "+msv(pl.OfflineWarm.Clickable, len(pl.OfflineWarm.Runs)), "", "")
	judged("page load", "offline-warm wasm ready"+n+noisyMark(pl.OfflineWarm.Noisy), msv(pl.OfflineWarm.Ready, len(pl.OfflineWarm.Runs)), "<= 1000 ms", "offline-warm wasm ready")
	judged("page load", "first-visit transfer until ready", commas(int(pl.FirstVisitTransfer))+" B", "<= 1,600,000 B", "first-visit transfer")
	row("page load", "first visit: service worker install fetches", commas(int(pl.WorkerPrecache))+" B", "", "")
	row("page load", "offline-warm: a fetch through the worker", orDash(pl.OfflineCheck), "offline", map[bool]string{true: "ok", false: "NOT offline"}[pl.OfflineCheck == "offline"])
	judged("page load", "third-party requests (all loads)", strconv.Itoa(pl.ThirdParty), "0", "third-party requests")

	t := r.Transitions
	judged("transitions", fmt.Sprintf("click -> step on screen, p50 / p95 / max (n=%d)%s", t.Count, noisyMark(t.Noisy)),
		fmt.Sprintf("%.1f / %.1f / %.1f ms", t.P50, t.P95, t.Max), "p95 <= 32 ms", "transition p95")
	if len(t.WorkSamples) > 0 {
		row("transitions", fmt.Sprintf("of which the page's work (go-app render -> end of its frame task), p50 / p95 (n=%d)", len(t.WorkSamples)),
			fmt.Sprintf("%.1f / %.1f ms", t.WorkP50, t.WorkP95), "", "")
	}

	bootRows(row, judged, r.Boot)
	lighthouseRows(row, judged, r.Lighthouse)
	tapRows(row, judged, r.Taps)

	tp := r.Throughput
	for _, h := range tp.Hits {
		row("throughput", fmt.Sprintf("%s %s (%s, %s B)", h.Server, h.Target, orNone(h.Encoding), commas(int(h.BodyBytes))),
			fmt.Sprintf("%s req/s, p50 %.2f ms, p99 %.2f ms, %d errors", commas(int(h.RPS+0.5)), h.P50, h.P99, h.Errors), "", "")
	}
	for _, h := range tp.Walks {
		row("throughput", fmt.Sprintf("%s %s (%s, %s B)", h.Server, h.Target, orNone(h.Encoding), commas(int(h.BodyBytes))),
			fmt.Sprintf("%s req/s, p50 %.2f ms, p99 %.2f ms, %d errors", commas(int(h.RPS+0.5)), h.P50, h.P99, h.Errors), "", "")
	}
	for _, name := range strings.Split(budgetTargetNames, ",") {
		judged("throughput", "fixflow / nginx req/s, "+name, fmt.Sprintf("%.2fx", tp.Ratios[name]), ">= 0.80x, 0 errors", "server/nginx req/s, "+name)
	}
	tw.Flush()

	// Under the table: the conditions, in a few short lines.
	fmt.Fprintf(w, "\nloads: %s; throughput: %d connections, %.0f s per target, Accept-Encoding: %s on both servers\n",
		pl.Conditions, tp.Connections, tp.Seconds, tp.Accept)
	if tp.Note != "" {
		fmt.Fprintln(w, tp.Note)
	}
	fmt.Fprintf(w, "%s, %s, %s, commit %s%s, load average %s -> %s, %.0f s\n",
		r.Env.Go, r.Env.Chromium, r.Env.Nginx, short(r.Env.Commit), map[bool]string{true: " (dirty tree)"}[r.Env.Dirty],
		r.Env.LoadAvgStart, r.Env.LoadAvgEnd, r.DurationS)
	for _, note := range r.Notes {
		fmt.Fprintln(w, "note:", note)
	}
	for _, e := range r.Errors {
		fmt.Fprintln(w, "error:", firstLine(e))
	}
}

func writeJSON(name string, r *Results) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(name, append(b, '\n'), 0o644)
}

// commas writes n with thousands separators.
func commas(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func orNone(enc string) string {
	if enc == "" {
		return "identity"
	}
	return enc
}

func short(commit string) string {
	if len(commit) > 12 {
		return commit[:12]
	}
	return commit
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// noisyMark flags a figure taken while the machine was busy (a run at load
// average > 1.5 on these 2 cores).
func noisyMark(noisy bool) string {
	if noisy {
		return " [noisy: load > 1.5]"
	}
	return ""
}

type rowFunc func(section, metric, value, target, status string)

// bootRows: the boot breakdown, the widget beside the empty go-app app.
func bootRows(row rowFunc, judged func(section, metric, value, target, budget string), bt Boot) {
	for _, k := range []struct {
		name string
		p    BootPair
	}{{"cold", bt.Cold}, {"warm", bt.Warm}} {
		f, e := k.p.Fixflow.Median, k.p.Baseline.Median
		if len(k.p.Fixflow.Runs) == 0 {
			judged("boot", k.name+" boot task / empty app's", "-", "<= 1.15x", k.name+" boot task / empty app's")
			continue
		}
		n := fmt.Sprintf(" (median of %d)%s", len(k.p.Fixflow.Runs), noisyMark(k.p.Fixflow.Noisy || k.p.Baseline.Noisy))
		row("boot", k.name+" longest boot task, wall / CPU: fixflow | empty go-app"+n,
			fmt.Sprintf("%.0f / %.0f ms | %.0f / %.0f ms", f.TaskWall, f.TaskCPU, e.TaskWall, e.TaskCPU), "", "")
		judged("boot", k.name+" boot task / empty app's (wall; all boot tasks' CPU)", fmt.Sprintf("%.2fx (%.2fx)", k.p.TaskRatio, k.p.CPURatio), "<= 1.15x", k.name+" boot task / empty app's")
		row("boot", k.name+" compile | instantiate | Go runtime+init | guide decode | mount+first render | after: fixflow",
			fmt.Sprintf("%.0f | %.0f | %.0f | %.0f | %.0f | %.0f ms", f.Compile, f.Instantiate, f.RuntimeInit, f.GuideDecode, f.MountRender, f.After), "", "")
		row("boot", k.name+" compile | instantiate | Go runtime+init | guide decode | mount+first render | after: empty go-app",
			fmt.Sprintf("%.0f | %.0f | %.0f | %.0f | %.0f | %.0f ms", e.Compile, e.Instantiate, e.RuntimeInit, e.GuideDecode, e.MountRender, e.After), "", "")
		row("boot", k.name+" functions compiled lazily in the boot: fixflow | empty go-app",
			fmt.Sprintf("%d (%.0f ms) | %d (%.0f ms)", f.LazyCompiled, f.LazyMS, e.LazyCompiled, e.LazyMS), "", "")
		row("boot", k.name+" boot tasks, wall / CPU: fixflow | empty go-app",
			fmt.Sprintf("%d: %.0f / %.0f ms | %d: %.0f / %.0f ms", f.Tasks, f.TotalWall, f.TotalCPU, e.Tasks, e.TotalWall, e.TotalCPU), "", "")
		row("boot", k.name+" ready (boot:ready): fixflow | empty go-app", fmt.Sprintf("%.0f | %.0f ms", f.Ready, e.Ready), "", "")
	}
}

// lighthouseRows: Lighthouse's medians, the widget beside the empty app.
func lighthouseRows(row rowFunc, judged func(section, metric, value, target, budget string), lh Lighthouse) {
	f, e := lh.Fixflow.Median, lh.Baseline.Median
	n := fmt.Sprintf(" (median of %d%s)%s", len(lh.Fixflow.Runs), map[bool]string{true: ", " + lh.Version}[lh.Version != ""], noisyMark(lh.Fixflow.Noisy || lh.Baseline.Noisy))
	score := func(a LighthouseApp) string {
		if a.Median.Performance < 0 {
			for _, r := range a.Runs {
				if r.NoScore != "" {
					return "none (" + firstLine(r.NoScore) + ")"
				}
			}
			return "none"
		}
		return fmt.Sprintf("%.2f", a.Median.Performance)
	}
	judged("lighthouse", "performance: fixflow | empty go-app"+n, score(lh.Fixflow)+" | "+score(lh.Baseline), ">= 0.90, above the empty app's", "lighthouse performance")
	row("lighthouse", "TBT: fixflow | empty go-app", fmt.Sprintf("%.0f | %.0f ms", f.TBT, e.TBT), "", "")
	judged("lighthouse", "max potential FID: fixflow | empty go-app", fmt.Sprintf("%.0f | %.0f ms", f.MaxFID, e.MaxFID), "<= 400 ms", "lighthouse max potential FID")
	row("lighthouse", "FCP / LCP: fixflow | empty go-app", fmt.Sprintf("%.0f / %.0f | %.0f / %.0f ms", f.FCP, f.LCP, e.FCP, e.LCP), "", "")
	judged("lighthouse", "accessibility", fmt.Sprintf("%.2f", f.Accessibility), "1.00", "lighthouse accessibility")
}

// tapRows: the taps through the boot.
func tapRows(row rowFunc, judged func(section, metric, value, target, budget string), tp Taps) {
	for _, k := range []struct {
		name string
		s    TapSummary
	}{{"cold", tp.Cold}, {"warm", tp.Warm}, {"offline-warm", tp.OfflineWarm}} {
		if len(k.s.Taps) == 0 {
			continue
		}
		var offs, acks []string
		for _, t := range k.s.Taps {
			offs = append(offs, fmt.Sprintf("%.0f", t.AfterFCP))
			acks = append(acks, fmt.Sprintf("%.0f %s", t.AckMS, t.AckKind))
		}
		row("taps", fmt.Sprintf("%s: tap at FCP + %s ms -> acknowledged after (ms, how)%s", k.name, strings.Join(offs, ", "), noisyMark(k.s.Noisy)), strings.Join(acks, ", "), "", "")
	}
	var lost, over, n int
	var maxAck float64
	if tp.All != nil {
		lost, over, n, maxAck = tp.All.Lost, tp.All.Over200, len(tp.All.Taps), tp.All.MaxAck
	}
	judged("taps", fmt.Sprintf("taps lost (of %d; wasm started: %s)", n, tp.Policy), strconv.Itoa(lost), "0", "taps lost")
	judged("taps", "taps acknowledged after 200 ms (4x CPU); the slowest", fmt.Sprintf("%d; %.0f ms", over, maxAck), "0", "taps acknowledged after 200 ms")
}
