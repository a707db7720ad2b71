package site

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// ParseOrigins reads a space- or comma-separated list of origins allowed to
// embed the widget, such as "https://help.example.com".
func ParseOrigins(list string) ([]string, error) {
	var out []string
	for _, o := range strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' }) {
		if !strings.HasPrefix(o, "https://") && !strings.HasPrefix(o, "http://") || strings.Count(o, "/") != 2 {
			return nil, fmt.Errorf("%q is not an origin like https://help.example.com", o)
		}
		out = append(out, o)
	}
	return out, nil
}

// limits bound what one client can hold of the server.
type limits struct {
	readHeader time.Duration // the request line and headers
	read       time.Duration // a whole request, body included
	writeIdle  time.Duration // one chunk of a response waiting for the client
	idle       time.Duration // a kept-alive connection between requests
	drain      time.Duration // responses in flight at shutdown
}

// serveLimits are Serve's. A response has no total deadline: a phone on a
// poor link may take minutes over the 1.5 MB wasm and must get it. Each
// chunk of writeChunk bytes must leave within writeIdle instead, so a client
// that reads on, however slowly (down to 0.8 KB/s), keeps its download, and
// one that stops reading is cut writeIdle after the socket's buffers fill.
var serveLimits = limits{
	readHeader: 10 * time.Second,
	read:       30 * time.Second,
	writeIdle:  20 * time.Second,
	idle:       120 * time.Second,
	drain:      10 * time.Second,
}

// writeChunk is the most a response writes under one deadline.
const writeChunk = 16 << 10

// Serve serves until ctx is done, then shuts down: it stops listening and
// lets the responses in flight finish for up to ten seconds; those still
// going then are cut, and the log says how many. A shutdown is not an
// error, whatever it had to cut.
func Serve(ctx context.Context, ln net.Listener, h http.Handler, logger *log.Logger) error {
	return serve(ctx, ln, h, logger, serveLimits)
}

func serve(ctx context.Context, ln net.Listener, h http.Handler, logger *log.Logger, lim limits) error {
	var conns connCount
	srv := &http.Server{
		Handler:           writeDeadlines(h, lim.writeIdle),
		ReadHeaderTimeout: lim.readHeader,
		ReadTimeout:       lim.read,
		IdleTimeout:       lim.idle,
		ErrorLog:          logger,
		ConnState:         conns.track,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	if n := conns.busy(); n > 0 {
		logger.Printf("shutting down: letting %d response(s) in flight finish, for up to %v", n, lim.drain)
	}
	drain, cancel := context.WithTimeout(context.Background(), lim.drain)
	defer cancel()
	err := srv.Shutdown(drain)
	if errors.Is(err, context.DeadlineExceeded) {
		n := conns.open()
		err = srv.Close()
		logger.Printf("shut down: cut %d connection(s) still busy after %v", n, lim.drain)
	}
	if err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// connCount follows the server's connections, to say at shutdown how many
// were busy and how many had to be cut.
type connCount struct {
	mu    sync.Mutex
	state map[net.Conn]http.ConnState
}

func (c *connCount) track(conn net.Conn, s http.ConnState) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.state == nil {
		c.state = map[net.Conn]http.ConnState{}
	}
	if s == http.StateClosed || s == http.StateHijacked {
		delete(c.state, conn)
		return
	}
	c.state[conn] = s
}

// busy is how many connections are in the middle of a request.
func (c *connCount) busy() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, s := range c.state {
		if s == http.StateActive {
			n++
		}
	}
	return n
}

// open is how many connections are not closed yet.
func (c *connCount) open() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.state)
}

// writeDeadlines gives every write of a response a deadline of its own,
// idle from when it starts, and splits large writes into chunks of
// writeChunk (http.ServeContent writes a whole body in one call).
//
// ReadTimeout bounds the request and its body; net/http lifts the read
// deadline once the body is read, so a long download is not cancelled.
func writeDeadlines(h http.Handler, idle time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		dw := &deadlineWriter{ResponseWriter: w, rc: http.NewResponseController(w), idle: idle}
		// The deadline of the last request on this connection still holds:
		// renew it before anything (headers alone, for a 304) goes out.
		dw.renew()
		h.ServeHTTP(dw, r)
	})
}

type deadlineWriter struct {
	http.ResponseWriter
	rc   *http.ResponseController
	idle time.Duration
}

// renew sets the write deadline idle from now. Writers that cannot take a
// deadline (a test's recorder) are written to without one.
func (d *deadlineWriter) renew() { d.rc.SetWriteDeadline(time.Now().Add(d.idle)) }

func (d *deadlineWriter) WriteHeader(code int) {
	d.renew()
	d.ResponseWriter.WriteHeader(code)
}

func (d *deadlineWriter) Write(p []byte) (int, error) {
	n := 0
	for len(p) > 0 {
		c := min(len(p), writeChunk)
		d.renew()
		m, err := d.ResponseWriter.Write(p[:c])
		n += m
		if err != nil {
			return n, err
		}
		p = p[c:]
	}
	return n, nil
}

func (d *deadlineWriter) Flush() {
	d.renew()
	d.rc.Flush()
}

func (d *deadlineWriter) Unwrap() http.ResponseWriter { return d.ResponseWriter }

// DisplayAddr is a listener address as a person would type it.
func DisplayAddr(a net.Addr) string {
	s := a.String()
	if strings.HasPrefix(s, "[::]:") || strings.HasPrefix(s, "0.0.0.0:") {
		return "localhost:" + s[strings.LastIndex(s, ":")+1:]
	}
	return s
}
