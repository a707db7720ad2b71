package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// lighthouseBin is Lighthouse's command line as npm ci installs it
// (package.json pins the version).
var lighthouseBin = filepath.Join("node_modules", "lighthouse", "cli", "index.js")

// LighthouseRun is one Lighthouse run (mobile, its default simulated
// throttling: 150 ms, 1.6 Mbit/s, 4× CPU).
type LighthouseRun struct {
	Performance   float64 `json:"performance"`
	Accessibility float64 `json:"accessibility"`
	TBT           float64 `json:"total_blocking_time_ms"`
	MaxFID        float64 `json:"max_potential_fid_ms"`
	FCP           float64 `json:"fcp_ms"`
	LCP           float64 `json:"lcp_ms"`
	Load          string  `json:"loadavg"`
	// Why, when Lighthouse gives no performance score (-1 above): the
	// first metric audit that failed.
	NoScore string `json:"no_score,omitempty"`
}

// LighthouseApp is the runs of one app and their medians.
type LighthouseApp struct {
	Runs   []LighthouseRun `json:"runs"`
	Median LighthouseRun   `json:"median"`
	Noisy  bool            `json:"noisy"`
}

// Lighthouse is the section: the widget's "/" and the empty go-app app's,
// three runs each, alternating.
type Lighthouse struct {
	Version  string        `json:"version"`
	Fixflow  LighthouseApp `json:"fixflow"`
	Baseline LighthouseApp `json:"baseline"`
}

// lighthouse runs Lighthouse from npm against Debian's Chromium
// (chrome-launcher's CHROME_PATH; Lighthouse downloads no browser).
func (b *bench) lighthouse(ctx context.Context) error {
	if _, err := os.Stat(lighthouseBin); err != nil {
		return fmt.Errorf("%s is missing: run `npm ci` (make bench runs scripts/deps.sh --bench)", lighthouseBin)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		return fmt.Errorf("no node on $PATH for Lighthouse: %w", err)
	}
	lh := &b.res.Lighthouse
	runs := 3
	if b.cfg.quick {
		runs = 1
	}
	for i := 0; i < runs; i++ {
		for _, a := range []struct {
			name, url string
			res       *LighthouseApp
		}{{"fixflow", b.fixflow + "/", &lh.Fixflow}, {"empty go-app", b.baseline + "/", &lh.Baseline}} {
			r, version, err := b.lighthouseOnce(ctx, node, a.url, i)
			if err != nil {
				return fmt.Errorf("%s run %d: %w", a.name, i+1, err)
			}
			lh.Version = version
			a.res.Runs = append(a.res.Runs, r)
			if r.NoScore != "" {
				progress("  lighthouse %s %d/%d: no performance score: %s", a.name, i+1, runs, r.NoScore)
			}
			progress("  lighthouse %s %d/%d: performance %.2f, TBT %.0f ms, max potential FID %.0f ms, FCP %.0f ms, LCP %.0f ms, accessibility %.2f, load %s",
				a.name, i+1, runs, r.Performance, r.TBT, r.MaxFID, r.FCP, r.LCP, r.Accessibility, r.Load)
		}
	}
	for _, a := range []*LighthouseApp{&lh.Fixflow, &lh.Baseline} {
		col := func(f func(LighthouseRun) float64) float64 {
			var xs []float64
			for _, r := range a.Runs {
				xs = append(xs, f(r))
			}
			return median(xs)
		}
		a.Median = LighthouseRun{
			Performance:   col(func(r LighthouseRun) float64 { return r.Performance }),
			Accessibility: col(func(r LighthouseRun) float64 { return r.Accessibility }),
			TBT:           col(func(r LighthouseRun) float64 { return r.TBT }),
			MaxFID:        col(func(r LighthouseRun) float64 { return r.MaxFID }),
			FCP:           col(func(r LighthouseRun) float64 { return r.FCP }),
			LCP:           col(func(r LighthouseRun) float64 { return r.LCP }),
		}
		for _, r := range a.Runs {
			a.Noisy = a.Noisy || noisy(r.Load)
		}
	}
	return nil
}

func (b *bench) lighthouseOnce(ctx context.Context, node, url string, i int) (LighthouseRun, string, error) {
	dir, err := os.MkdirTemp(b.tmp, "lighthouse-")
	if err != nil {
		return LighthouseRun{}, "", err
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "report.json")
	lctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	load := loadAvg1()
	cmd := exec.CommandContext(lctx, node, lighthouseBin, url,
		"--quiet", "--output=json", "--output-path="+out,
		"--only-categories=performance,accessibility",
		// A profile of its own each run: no cache, no service worker.
		"--chrome-flags=--headless=new --no-sandbox --disable-dev-shm-usage --user-data-dir="+filepath.Join(dir, "profile"))
	cmd.Env = append(os.Environ(), "CHROME_PATH="+b.cfg.chromium)
	if msg, err := cmd.CombinedOutput(); err != nil {
		return LighthouseRun{}, "", fmt.Errorf("lighthouse: %w\n%s", err, msg)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		return LighthouseRun{}, "", err
	}
	var rep struct {
		LighthouseVersion string `json:"lighthouseVersion"`
		RuntimeError      *struct {
			Code, Message string
		} `json:"runtimeError"`
		Categories map[string]struct {
			Score *float64 `json:"score"`
		} `json:"categories"`
		Audits map[string]struct {
			NumericValue float64 `json:"numericValue"`
			ErrorMessage string  `json:"errorMessage"`
		} `json:"audits"`
	}
	if err := json.Unmarshal(raw, &rep); err != nil {
		return LighthouseRun{}, "", err
	}
	if rep.RuntimeError != nil && rep.RuntimeError.Code != "" {
		return LighthouseRun{}, "", fmt.Errorf("lighthouse: %s: %s", rep.RuntimeError.Code, rep.RuntimeError.Message)
	}
	score := func(c string) float64 {
		if s := rep.Categories[c].Score; s != nil {
			return *s
		}
		return -1
	}
	var why string
	if score("performance") < 0 {
		for _, a := range []string{"first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "speed-index"} {
			if m := rep.Audits[a].ErrorMessage; m != "" {
				why = a + ": " + m
				break
			}
		}
	}
	return LighthouseRun{
		NoScore:       why,
		Performance:   score("performance"),
		Accessibility: score("accessibility"),
		TBT:           rep.Audits["total-blocking-time"].NumericValue,
		MaxFID:        rep.Audits["max-potential-fid"].NumericValue,
		FCP:           rep.Audits["first-contentful-paint"].NumericValue,
		LCP:           rep.Audits["largest-contentful-paint"].NumericValue,
		Load:          load,
	}, rep.LighthouseVersion, nil
}
