package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/fixflow/fixflow/content"
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
}

func (f *serveFlags) bind(fs *flag.FlagSet) {
	addr := ":8080"
	if p := os.Getenv("PORT"); p != "" {
		addr = ":" + p
	}
	fs.StringVar(&f.addr, "addr", addr, "listen address (default from $PORT, else :8080)")
	fs.StringVar(&f.webDir, "web", "web", "the web directory (styles, icons, embed.js, app.wasm)")
	fs.StringVar(&f.version, "version", "", "the app version the service worker sees (default: derived from the content)")
	fs.StringVar(&f.embedOrigins, "embed-origins", "", "space- or comma-separated origins allowed to embed the widget (default: any)")
}

func (f *serveFlags) origins() ([]string, error) {
	var out []string
	for _, o := range strings.FieldsFunc(f.embedOrigins, func(r rune) bool { return r == ',' || r == ' ' }) {
		if !strings.HasPrefix(o, "https://") && !strings.HasPrefix(o, "http://") || strings.Count(o, "/") != 2 {
			return nil, fmt.Errorf("-embed-origins: %q is not an origin like https://help.example.com", o)
		}
		out = append(out, o)
	}
	return out, nil
}

func (f *serveFlags) site() (*site, error) {
	lib, err := content.Embedded()
	if err != nil {
		return nil, err
	}
	origins, err := f.origins()
	if err != nil {
		return nil, err
	}
	return newSite(siteConfig{lib: lib, webDir: f.webDir, version: f.version, embedOrigins: origins})
}

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var f serveFlags
	f.bind(fs)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	s, err := f.site()
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
	fmt.Fprintf(stdout, "fixflow %s serving on http://%s\n", s.version, displayAddr(ln.Addr()))
	if err := serveUntil(ctx, ln, s, log.New(stderr, "", log.LstdFlags)); err != nil {
		fmt.Fprintln(stderr, "fixflow serve:", err)
		return 1
	}
	return 0
}

// serveUntil serves until ctx is done, then shuts down gracefully: requests
// in flight get up to ten seconds to finish.
func serveUntil(ctx context.Context, ln net.Listener, h http.Handler, logger *log.Logger) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          logger,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func displayAddr(a net.Addr) string {
	s := a.String()
	if strings.HasPrefix(s, "[::]:") || strings.HasPrefix(s, "0.0.0.0:") {
		return "localhost:" + s[strings.LastIndex(s, ":")+1:]
	}
	return s
}
