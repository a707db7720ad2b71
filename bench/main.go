// Command bench measures fixflow against its budgets and prints one table:
// sizes (the wasm against an empty go-app app built in the same run), page
// loads in a throttled Chromium (cold, warm, offline-warm), step transitions
// in a warm page, and the server's throughput against nginx serving the
// static export. It writes every number to bench/results/latest.json.
//
// It is a module of its own (bench/go.mod, which takes the product from
// ../), so that its load generator stays out of the product's go.mod. Build
// it and run it from the repository root after `make build` (make bench
// does both):
//
//	go -C bench build -o ../bin/bench .
//	bin/bench          # the full run, a few minutes
//	bin/bench -quick   # one run of each, 1 s loads, 20 transitions
//
// It starts its own processes (bin/fixflow serve, nginx, Chromium) on
// 127.0.0.1 only, and stops them when it ends, also on an error or a signal.
// The table goes to stdout, progress to stderr.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/fixflow/fixflow/internal/proc"
)

// config is what the flags choose.
type config struct {
	quick       bool
	out         string
	web         string // the web directory make build fills
	bin         string // bin/fixflow
	chromium    string
	nginx       string
	runs        int           // page loads of each kind
	loadFor     time.Duration // per throughput target
	transitions int
	only        map[string]bool // sections to run (-only); nil for all
	baseline    string          // a prebuilt empty-app wasm to use instead of building bench/baseline (-baseline-wasm)
}

// want says whether the run includes section name.
func (c config) want(name string) bool { return c.only == nil || c.only[name] }

func main() { os.Exit(run()) }

func run() int {
	var cfg config
	flag.BoolVar(&cfg.quick, "quick", false, "a fast pass for development: 1 run each, 1 s loads, 20 transitions")
	flag.StringVar(&cfg.out, "out", filepath.Join("bench", "results", "latest.json"), "where to write the results")
	flag.StringVar(&cfg.web, "web", "web", "the web directory `make build` fills")
	flag.StringVar(&cfg.bin, "bin", filepath.Join("bin", "fixflow"), "the fixflow binary `make build` makes")
	flag.StringVar(&cfg.chromium, "chromium", "", "the Chromium binary (default $CHROMIUM, else /usr/bin/chromium)")
	flag.StringVar(&cfg.nginx, "nginx", "", "the nginx binary (default nginx on $PATH, else /usr/sbin/nginx)")
	flag.StringVar(&cfg.baseline, "baseline-wasm", "", "serve and size this wasm as the empty go-app app instead of building bench/baseline (for experiments, such as a go-app without net/http)")
	only := flag.String("only", "", "run only these sections, comma-separated: loads, boot, taps, lighthouse, throughput (for development; the results go to bench/results/only.json)")
	flag.Parse()
	if *only != "" {
		cfg.only = map[string]bool{}
		for _, s := range strings.Split(*only, ",") {
			cfg.only[strings.TrimSpace(s)] = true
		}
		if cfg.out == filepath.Join("bench", "results", "latest.json") {
			cfg.out = filepath.Join("bench", "results", "only.json")
		}
	}
	if flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: bin/bench [-quick] [-out FILE]")
		return 2
	}
	cfg.runs, cfg.loadFor, cfg.transitions = 5, 5*time.Second, 100
	if cfg.quick {
		cfg.runs, cfg.loadFor, cfg.transitions = 1, time.Second, 20
		if cfg.out == filepath.Join("bench", "results", "latest.json") {
			// A quick pass never replaces the results of a full run.
			cfg.out = filepath.Join("bench", "results", "quick.json")
		}
	}
	if cfg.chromium == "" {
		cfg.chromium = os.Getenv("CHROMIUM")
	}
	if cfg.chromium == "" {
		cfg.chromium = "/usr/bin/chromium"
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// make bench must end within 25 minutes (the boot breakdown, the taps
	// and Lighthouse take about ten on a busy machine): past 24, what is
	// left fails and the table shows what was measured.
	ctx, cancel := context.WithTimeout(ctx, 24*time.Minute)
	defer cancel()

	b, err := newBench(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		return 1
	}
	defer b.close() // stops every process the bench started, removes its files
	err = b.all(ctx)
	b.res.finish(b.started)
	budgets(b.res)
	printTable(os.Stdout, b.res)
	if werr := writeJSON(cfg.out, b.res); werr != nil {
		fmt.Fprintln(os.Stderr, "bench:", werr)
		err = errors.Join(err, werr)
	} else {
		progress("wrote %s (%s)", cfg.out, time.Since(b.started).Round(time.Second))
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		return 1
	}
	return 0
}

// bench is one run: its files, its processes and what it measured.
type bench struct {
	cfg     config
	started time.Time
	tmp     string
	res     *Results
	procs   []*proc.Proc

	web        string   // the snapshot of the web directory that is served
	bin        string   // the snapshot of bin/fixflow
	recompress []string // the wasm's copies (".br", ".gz") the snapshot must replace
	fixflow    string   // http://127.0.0.1:PORT of fixflow serve

	baselineWasm, baselineBr []byte   // the empty go-app app's wasm, as built and with brotli
	baseline                 string   // http://127.0.0.1:PORT of the empty go-app app
	closers                  []func() // in-process servers to stop
}

func newBench(cfg config) (*bench, error) {
	for _, f := range []string{cfg.bin, filepath.Join(cfg.web, "app.wasm")} {
		if _, err := os.Stat(f); err != nil {
			return nil, fmt.Errorf("%s is missing: run `make build` first (make bench does)", f)
		}
	}
	tmp, err := os.MkdirTemp("", "fixflow-bench-")
	if err != nil {
		return nil, err
	}
	return &bench{cfg: cfg, started: time.Now(), tmp: tmp, res: newResults(cfg)}, nil
}

// all runs every section. A section that fails is recorded and the others
// still run when they can; the error names every failure.
func (b *bench) all(ctx context.Context) error {
	var errs []error
	section := func(name string, f func(context.Context) error) bool {
		if ctx.Err() != nil {
			return false
		}
		progress("%s…", name)
		t := time.Now()
		if err := f(ctx); err != nil {
			err = fmt.Errorf("%s: %w", name, err)
			b.res.Errors = append(b.res.Errors, err.Error())
			errs = append(errs, err)
			progress("%s failed after %s: %v", name, time.Since(t).Round(time.Millisecond), err)
			return false
		}
		progress("%s done in %s", name, time.Since(t).Round(100*time.Millisecond))
		return true
	}
	section("environment", b.environment)
	if !section("snapshot of the build", b.snapshot) {
		return errors.Join(errs...)
	}
	section("sizes", b.sizes)
	baseline := section("starting the empty go-app app", b.startBaseline)
	if section("starting fixflow serve", b.startFixflow) {
		section("page sizes", b.pageSizes)
		if b.cfg.want("loads") {
			section("page loads", b.pageLoads) // and the transitions, in the warm page
		}
		if baseline && b.cfg.want("boot") {
			section("boot breakdown", b.bootLoads)
		}
		if b.cfg.want("taps") {
			section("taps during the boot", b.tapLoads)
		}
		if baseline && b.cfg.want("lighthouse") {
			section("lighthouse", b.lighthouse)
		}
		if b.cfg.want("throughput") {
			section("throughput", b.throughput)
		}
	}
	if err := ctx.Err(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// close stops the processes in the reverse order of their start and removes
// the temporary files.
func (b *bench) close() {
	for _, c := range b.closers {
		c()
	}
	for i := len(b.procs) - 1; i >= 0; i-- {
		stopProc(b.procs[i])
	}
	if err := os.RemoveAll(b.tmp); err != nil {
		progress("removing %s: %v", b.tmp, err)
	}
}

// progress writes one line to stderr.
func progress(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}
