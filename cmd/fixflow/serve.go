package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/fixflow/fixflow/content/lint"
	"github.com/fixflow/fixflow/internal/site"
	"github.com/fixflow/fixflow/internal/siteconfig"
)

func init() {
	register("serve", "serve the widget, the demo page and the guides (default)", runServe)
}

// serveFlags are serve's flags; export shares most of them.
type serveFlags struct {
	addr         string
	webDir       string
	version      string
	embedOrigins string
	publicURL    string
	configFile   string // -config: the site configuration file
	// Where pages send the widget's counts (-stats-collector); serve's
	// store and /stats token are storeFlags (stats.go).
	statsCollector string
}

func (f *serveFlags) bind(fs *flag.FlagSet) {
	addr := ":8080"
	if p := os.Getenv("PORT"); p != "" {
		addr = ":" + p
	}
	fs.StringVar(&f.addr, "addr", addr, "listen address (the default port comes from $PORT when set)")
	fs.StringVar(&f.webDir, "web", "web", "the web directory (styles, icons, embed.js, app.wasm)")
	fs.StringVar(&f.version, "version", "", "the app version the service worker sees (default: derived from the content)")
	fs.StringVar(&f.embedOrigins, "embed-origins", "", "space- or comma-separated origins allowed to embed the widget (default: any)")
	fs.StringVar(&f.configFile, "config", "", "a site configuration file (JSON): the host's contacts, brand and stats settings (see internal/siteconfig)")
	fs.StringVar(&f.publicURL, "public-url", "", "the address the site is reached at, such as https://help.example.com (for the sitemap; default: unknown, no sitemap)")
	fs.StringVar(&f.statsCollector, "stats-collector", "", "send the widget's counts to this URL, another server's /stats/events (default: serve keeps them itself; an export without it counts nothing)")
}

// site builds the site the flags describe, with the embedded guides checked
// by every rule: an invalid guide stops serve and export. Start-up notices go
// to stderr.
func (f *serveFlags) site(stderr io.Writer) (*site.Site, error) {
	cfg, err := f.config(stderr)
	if err != nil {
		return nil, err
	}
	return site.New(cfg)
}

// config checks the flags and loads the guides: what is wrong is said
// before anything is opened or made (the stats' store).
func (f *serveFlags) config(stderr io.Writer) (site.Config, error) {
	lib, err := lint.Embedded()
	if err != nil {
		return site.Config{}, err
	}
	origins, err := site.ParseOrigins(f.embedOrigins)
	if err != nil {
		return site.Config{}, fmt.Errorf("-embed-origins: %w", err)
	}
	public, err := site.ParsePublicURL(f.publicURL)
	if err != nil {
		return site.Config{}, fmt.Errorf("-public-url: %w", err)
	}
	cfg := site.Config{Library: lib, WebDir: f.webDir, Version: f.version, EmbedOrigins: origins,
		PublicURL: public, Log: log.New(stderr, "fixflow: ", 0)}
	if f.configFile != "" {
		sc, err := siteconfig.Load(f.configFile, lib)
		if err != nil {
			return site.Config{}, fmt.Errorf("-config:\n%w", err)
		}
		if cfg.Library, err = sc.Apply(lib); err != nil {
			return site.Config{}, fmt.Errorf("-config: %w", err)
		}
		cfg.Brand = site.Brand{Name: sc.Brand.Name, ShortName: sc.Brand.ShortName, Color: sc.Brand.Color, Logo: sc.LogoPNG}
		cfg.StatsToken, cfg.StatsCollector = sc.Stats.Token, sc.Stats.Collector
	}
	if f.statsCollector != "" { // the flag wins over the file
		cfg.StatsCollector = f.statsCollector
	}
	return cfg, nil
}

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.Usage = flagUsage(fs, "fixflow [serve] [flags]")
	var f serveFlags
	f.bind(fs)
	var sf storeFlags
	sf.bind(fs, true)
	if code, ok := parseFlags(fs, args, stdout, stderr); !ok {
		return code
	}
	cfg, err := f.config(stderr)
	if err != nil {
		fmt.Fprintln(stderr, "fixflow serve:", err)
		return 1
	}
	if sf.keep && cfg.StatsCollector == "" {
		st, err := sf.open(context.Background(), true)
		if err != nil {
			fmt.Fprintln(stderr, "fixflow serve:", err)
			return 1
		}
		defer st.Close()
		cfg.Stats = st
		if sf.token != "" { // the flag wins over the file
			cfg.StatsToken = sf.token
		}
		fmt.Fprintf(stdout, "fixflow: counting into %s %s\n", st.Kind(), st.Where())
	}
	s, err := site.New(cfg)
	if err != nil {
		fmt.Fprintln(stderr, "fixflow serve:", err)
		return 1
	}
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		fmt.Fprintln(stderr, "fixflow serve:", err)
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fmt.Fprintf(stdout, "fixflow %s serving on http://%s\n", s.Version(), site.DisplayAddr(ln.Addr()))
	if err := site.Serve(ctx, ln, s, log.New(stderr, "", log.LstdFlags)); err != nil {
		fmt.Fprintln(stderr, "fixflow serve:", err)
		return 1
	}
	return 0
}
