package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// connections is the load's concurrency: as many workers as connections,
// each sending its next request as soon as the last one is answered.
const connections = 64

// Hit is one load against one URL of one server.
type Hit struct {
	Server      string         `json:"server"`
	Target      string         `json:"target"`
	Path        string         `json:"path"`
	Accept      string         `json:"accept_encoding"`
	Encoding    string         `json:"content_encoding"` // as sent back
	BodyBytes   int64          `json:"body_bytes"`       // Content-Length as sent back
	ContentType string         `json:"content_type"`
	Requests    uint64         `json:"requests"`
	RPS         float64        `json:"requests_per_s"` // successful responses per second
	P50         float64        `json:"p50_ms"`
	P99         float64        `json:"p99_ms"`
	Mean        float64        `json:"mean_ms"`
	Errors      uint64         `json:"errors"`
	ErrorKinds  []string       `json:"error_kinds,omitempty"`
	StatusCodes map[string]int `json:"status_codes"`
}

// Throughput is section 4: fixflow serve against nginx serving the export.
type Throughput struct {
	Connections int                `json:"connections"`
	Seconds     float64            `json:"seconds_per_target"`
	Accept      string             `json:"accept_encoding"`
	Note        string             `json:"note,omitempty"`
	Hits        []Hit              `json:"hits"`
	Walks       []Hit              `json:"walks"`              // walk pages (?s=), fixflow only: walkload.go
	Ratios      map[string]float64 `json:"fixflow_over_nginx"` // by target
}

// loadTarget is one URL both servers are loaded with.
type loadTarget struct{ name, path string }

// throughput loads each target on fixflow, then on nginx, in turns, so that
// a change in the machine's load touches both alike.
func (b *bench) throughput(ctx context.Context) error {
	tp := &b.res.Throughput
	tp.Connections, tp.Seconds, tp.Ratios = connections, b.cfg.loadFor.Seconds(), map[string]float64{}
	tp.Accept = "br"
	if b.res.Env.BrotliStaticModule == "" {
		tp.Accept = "gzip"
		tp.Note = "Debian's nginx has no brotli_static without libnginx-mod-http-brotli-static: both servers are compared with Accept-Encoding: gzip"
	}
	targets, err := b.targets(ctx)
	if err != nil {
		return err
	}
	nginx, err := b.startNginx(ctx)
	if err != nil {
		return err
	}
	for _, t := range targets {
		var rps [2]float64
		for i, s := range []struct{ name, base string }{{"fixflow", b.fixflow}, {"nginx", nginx}} {
			h, err := load(ctx, s.base, t, tp.Accept, b.cfg.loadFor)
			if err != nil {
				return err
			}
			h.Server = s.name
			tp.Hits = append(tp.Hits, h)
			rps[i] = h.RPS
			progress("  %-7s %-10s %8.0f req/s  p50 %6.2f ms  p99 %7.2f ms  %d errors  (%s, %d B, %s)",
				s.name, t.name, h.RPS, h.P50, h.P99, h.Errors, h.Encoding, h.BodyBytes, h.ContentType)
		}
		if rps[1] > 0 {
			tp.Ratios[t.name] = rps[0] / rps[1]
		}
	}
	return b.walkLoads(ctx)
}

var (
	wasmURL   = regexp.MustCompile(`/web/app\.[A-Za-z0-9_-]{8}\.wasm`)
	appJSURL  = regexp.MustCompile(`src="(/app(?:\.[A-Za-z0-9_-]{8})?\.js)"`)
	stepKinds = map[string]bool{"check": true}
)

// targets are a check step's page, the guide's JSON and the wasm under its
// content-hashed name, as the first page names it (through app.js, which
// loads it).
func (b *bench) targets(ctx context.Context) ([]loadTarget, error) {
	guide, err := getRaw(ctx, b.fixflow+guideJSONPath)
	if err != nil {
		return nil, err
	}
	var doc struct {
		ID    string `json:"id"`
		Nodes []struct {
			ID   string `json:"id"`
			Kind string `json:"kind"`
		} `json:"nodes"`
	}
	if err := json.Unmarshal(guide, &doc); err != nil {
		return nil, fmt.Errorf("the guide's JSON: %w", err)
	}
	step := ""
	for _, n := range doc.Nodes {
		if stepKinds[n.Kind] {
			step = "/" + doc.ID + "/" + n.ID
			break
		}
	}
	if step == "" {
		return nil, fmt.Errorf("the guide %s has no check step", doc.ID)
	}
	page, err := getRaw(ctx, b.fixflow+"/")
	if err != nil {
		return nil, err
	}
	wasm := wasmURL.Find(page)
	if wasm == nil {
		m := appJSURL.FindSubmatch(page)
		if m == nil {
			return nil, fmt.Errorf("the first page names neither the wasm nor app.js")
		}
		js, err := getRaw(ctx, b.fixflow+string(m[1]))
		if err != nil {
			return nil, err
		}
		if wasm = wasmURL.Find(js); wasm == nil {
			return nil, fmt.Errorf("%s does not name the wasm's hashed URL", m[1])
		}
	}
	return []loadTarget{{"step page", step}, {"guide JSON", guideJSONPath}, {"wasm", string(wasm)}}, nil
}

// load runs vegeta against one URL: a short warm-up, then d at an unbounded
// rate over 64 kept-alive connections.
func load(ctx context.Context, base string, t loadTarget, accept string, d time.Duration) (Hit, error) {
	h, err := loadPaths(ctx, base, t.name, []string{t.path}, accept, d)
	h.Path = t.path
	return h, err
}

// loadPaths loads base with paths in turn (one targeter for the warm-up and
// the load: the load goes on where the warm-up stopped).
func loadPaths(ctx context.Context, base, name string, paths []string, accept string, d time.Duration) (Hit, error) {
	h := Hit{Target: name, Accept: accept, StatusCodes: map[string]int{}}
	tgts := make([]vegeta.Target, len(paths))
	for i, p := range paths {
		tgts[i] = vegeta.Target{Method: http.MethodGet, URL: base + p, Header: http.Header{"Accept-Encoding": {accept}}}
	}
	targeter := vegeta.NewStaticTargeter(tgts...)
	attacker := func() *vegeta.Attacker {
		return vegeta.NewAttacker(
			vegeta.Workers(connections), vegeta.MaxWorkers(connections),
			vegeta.Connections(connections), vegeta.MaxConnections(connections),
			vegeta.KeepAlive(true), vegeta.Timeout(30*time.Second),
			vegeta.MaxBody(0), // read and drop the body; the headers give its size
		)
	}
	warm := attacker()
	for range warm.Attack(targeter, vegeta.Rate{Freq: 0}, 300*time.Millisecond, "warm-up") {
		if ctx.Err() != nil {
			warm.Stop()
		}
	}
	var m vegeta.Metrics
	kinds := map[string]int{}
	atk := attacker()
	for r := range atk.Attack(targeter, vegeta.Rate{Freq: 0}, d, name) {
		m.Add(r)
		if r.Error != "" {
			h.Errors++
			kinds[r.Error]++
		} else if h.ContentType == "" {
			h.Encoding = r.Headers.Get("Content-Encoding")
			h.ContentType = r.Headers.Get("Content-Type")
			h.BodyBytes, _ = strconv.ParseInt(r.Headers.Get("Content-Length"), 10, 64)
		}
		if ctx.Err() != nil {
			atk.Stop()
		}
	}
	m.Close()
	if err := ctx.Err(); err != nil {
		return h, err
	}
	h.Requests, h.RPS = m.Requests, m.Throughput
	h.P50, h.P99, h.Mean = ms(m.Latencies.P50), ms(m.Latencies.P99), ms(m.Latencies.Mean)
	h.StatusCodes = m.StatusCodes
	for k, n := range kinds {
		h.ErrorKinds = append(h.ErrorKinds, fmt.Sprintf("%d× %s", n, k))
	}
	sort.Strings(h.ErrorKinds)
	if len(h.ErrorKinds) > 5 {
		h.ErrorKinds = h.ErrorKinds[:5]
	}
	return h, nil
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
