package main

import (
	"context"
	"fmt"
	"net/url"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/content"
)

// Walk pages are the pages a walk's URL names (/<guide>/<step>?s=<state>):
// rendered per state, so nginx cannot serve them and only fixflow is loaded.
// Two loads: a few walks asked again and again (a link shared around: the
// page cache answers), and a new walk on every request (each one rendered
// and compressed: the worst case, every request a miss of the page cache).

// walkTargets are the guide's walk pages: "walks x3" rotates three, "walks,
// all new" goes through more distinct walks than the server's page cache
// holds, in order, so that the cache (LRU) never has the next one.
func walkTargets(lib *content.Library, atLeast int) (few, many []string, err error) {
	f, ok := lib.Guide(content.DefaultGuide, "en")
	if !ok {
		return nil, nil, fmt.Errorf("no guide %s in English", content.DefaultGuide)
	}
	combos := f.Combinations(1000)
	seen := map[string]bool{}
	queue := []*engine.Session{engine.NewSession(f)}
	// Breadth first over every answer and, where a fact is asked, every
	// combination's answer to it: each distinct state once.
	for len(queue) > 0 && len(many) < atLeast {
		s := queue[0]
		queue = queue[1:]
		if fa := s.Needs(); fa != nil {
			for _, v := range combos {
				next := s.Clone()
				if next.SetFact(fa.ID, v[fa.ID]) == nil {
					queue = append(queue, next)
				}
			}
			continue
		}
		state := s.Encode()
		if seen[state] {
			continue
		}
		seen[state] = true
		if s.Len() > 0 {
			many = append(many, "/"+f.ID+"/"+s.Current().ID+"?s="+url.QueryEscape(state))
		}
		if s.Done() {
			continue
		}
		for i := range f.Choices(s.Current()) {
			next := s.Clone()
			if next.Choose(i) == nil {
				queue = append(queue, next)
			}
		}
	}
	if len(many) < atLeast {
		return nil, nil, fmt.Errorf("the guide has %d distinct walks, fewer than the %d the load needs", len(many), atLeast)
	}
	return many[:3], many, nil
}

// walkLoads loads fixflow with walk pages (see above).
func (b *bench) walkLoads(ctx context.Context) error {
	tp := &b.res.Throughput
	lib, err := content.Embedded()
	if err != nil {
		return err
	}
	// Twice the page cache's size (internal/site: 1,000 pages).
	few, many, err := walkTargets(lib, 2000)
	if err != nil {
		return err
	}
	for _, t := range []struct {
		name  string
		paths []string
	}{{"walks x3", few}, {"walks, all new", many}} {
		h, err := loadPaths(ctx, b.fixflow, t.name, t.paths, tp.Accept, b.cfg.loadFor)
		if err != nil {
			return err
		}
		h.Server = "fixflow"
		h.Path = fmt.Sprintf("%d walk pages, in turn", len(t.paths))
		tp.Walks = append(tp.Walks, h)
		progress("  %-7s %-14s %8.0f req/s  p50 %6.2f ms  p99 %7.2f ms  %d errors  (%s, %d B, %s)",
			h.Server, t.name, h.RPS, h.P50, h.P99, h.Errors, h.Encoding, h.BodyBytes, h.ContentType)
	}
	return nil
}
