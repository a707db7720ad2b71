package site

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ParseOrigins reads a space- or comma-separated list of origins allowed to
// embed the widget, such as "https://help.example.com". Each must be exactly
// an origin, http or https, a host and an optional port, and nothing else:
// the list is written into the Content-Security-Policy, where a stray ";"
// would start a directive of its own. The error names the first bad one.
func ParseOrigins(list string) ([]string, error) {
	var out []string
	for _, o := range strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' }) {
		u, err := parseHTTPURL(o)
		if err == nil && (u.Path != "" || u.RawPath != "") {
			err = errors.New("an origin has no path, not even /")
		}
		if err != nil {
			return nil, fmt.Errorf("%q is not an origin like https://help.example.com: %v", o, err)
		}
		out = append(out, u.String())
	}
	return out, nil
}

// parseHTTPURL parses an http or https URL strictly and rebuilds it from its
// parts: a scheme, a host name (letters, digits, dots and hyphens, as IDNA
// writes it), an IPv4 or a bracketed IPv6 address, an optional port, and a
// path; no user, no query, no fragment. The scheme and host come out in
// lower case.
func parseHTTPURL(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, err
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, errors.New("the scheme must be http or https")
	case u.Opaque != "" || u.Host == "":
		return nil, errors.New("no host after the scheme's //")
	case u.User != nil:
		return nil, errors.New("a user name or password has no place in it")
	case u.RawQuery != "" || u.ForceQuery:
		return nil, errors.New("a query has no place in it")
	case u.Fragment != "" || strings.Contains(s, "#"):
		return nil, errors.New("a fragment has no place in it")
	}
	host, port := u.Hostname(), u.Port()
	if strings.HasPrefix(u.Host, "[") {
		a, err := netip.ParseAddr(host)
		if err != nil || !a.Is6() || a.Zone() != "" {
			return nil, fmt.Errorf("%q is not an IPv6 address", host)
		}
		host = "[" + a.String() + "]"
	} else if !validHostName(host) {
		return nil, fmt.Errorf("%q is not a host name", host)
	} else {
		host = strings.ToLower(host)
	}
	if strings.HasSuffix(u.Host, ":") {
		return nil, errors.New("a colon with no port after it")
	}
	if port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 || port[0] == '0' {
			return nil, fmt.Errorf("%q is not a port (1-65535)", port)
		}
		host += ":" + port
	}
	return &url.URL{Scheme: u.Scheme, Host: host, Path: u.Path, RawPath: u.RawPath}, nil
}

// validHostName reports whether h is a DNS name (or an IPv4 address): dot-
// separated labels of letters, digits and inner hyphens, 63 bytes at most
// each and 253 in all.
func validHostName(h string) bool {
	if h == "" || len(h) > 253 {
		return false
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
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
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		n := conns.open()
		err = srv.Close()
		logger.Printf("shut down: cut %d connection(s) still busy after %v", n, lim.drain)
	case err == nil:
		logger.Printf("shut down: every response finished, no connection cut")
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
