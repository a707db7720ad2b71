package site

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// A shutdown lets the request in flight finish, then stops serving.
func TestGracefulShutdown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	started := make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		time.Sleep(300 * time.Millisecond)
		io.WriteString(w, "finished")
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, ln, h, log.New(io.Discard, "", 0)) }()

	got := make(chan string, 1)
	go func() {
		res, err := http.Get("http://" + ln.Addr().String() + "/")
		if err != nil {
			got <- "error: " + err.Error()
			return
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		got <- string(b)
	}()
	<-started
	cancel() // as SIGTERM does
	if body := <-got; body != "finished" {
		t.Errorf("the request in flight got %q", body)
	}
	if err := <-done; err != nil {
		t.Errorf("Serve: %v", err)
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/"); err == nil {
		t.Error("still serving after shutdown")
	}
}

// testLimits are Serve's limits scaled down for tests.
var testLimits = limits{
	readHeader: time.Second,
	read:       500 * time.Millisecond,
	writeIdle:  700 * time.Millisecond,
	idle:       5 * time.Second,
	drain:      300 * time.Millisecond,
}

// smallBuffers makes accepted connections keep little in the kernel, so a
// client that stops reading blocks the server's writes soon (on loopback
// the buffers would otherwise take megabytes).
type smallBuffers struct{ net.Listener }

func (l smallBuffers) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetWriteBuffer(8 << 10)
	}
	return c, err
}

// startServe runs serve on a fresh listener with testLimits and returns its
// address and a function that stops it and returns serve's error.
func startServe(t *testing.T, h http.Handler, logger *log.Logger) (string, func() error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if logger == nil {
		logger = log.New(io.Discard, "", 0)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, smallBuffers{ln}, h, logger, testLimits) }()
	stopped := false
	var err2 error
	stop := func() error {
		if !stopped {
			stopped = true
			cancel()
			err2 = <-done
		}
		return err2
	}
	t.Cleanup(func() { stop() })
	return ln.Addr().String(), stop
}

// dialGET sends a GET on a raw connection with a small receive buffer.
func dialGET(t *testing.T, addr, path string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	c.(*net.TCPConn).SetReadBuffer(64 << 10)
	t.Cleanup(func() { c.Close() })
	if _, err := io.WriteString(c, "GET "+path+" HTTP/1.1\r\nHost: test\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	return c
}

// bigBody serves 1 MB in one Write, as http.ServeContent does, and
// reports on ended how it went.
type bigBody struct {
	body  []byte
	ended chan error // the write's error, or the request context's
}

func (b *bigBody) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Length", strconv.Itoa(len(b.body)))
	_, err := w.Write(b.body)
	if err == nil {
		err = r.Context().Err()
	}
	b.ended <- err
}

func newBigBody() *bigBody {
	return &bigBody{body: bytes.Repeat([]byte("0123456789abcdef"), 1<<20/16), ended: make(chan error, 1)}
}

// A client that asks for a large body and never reads is cut within a
// bound: the write deadline, not forever.
func TestSlowReaderThatNeverReadsIsCut(t *testing.T) {
	b := newBigBody()
	addr, _ := startServe(t, b, nil)
	c := dialGET(t, addr, "/")
	start := time.Now()
	select {
	case err := <-b.ended:
		if err == nil {
			t.Fatal("the whole body was written to a client that reads nothing: the buffers are too large for this test")
		}
		t.Logf("cut after %v: %v", time.Since(start).Round(time.Millisecond), err)
	case <-time.After(10 * time.Second):
		t.Fatal("a client that never reads still holds its response after 10 s")
	}
	// The connection is closed: reading now ends before the whole body.
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	n, err := io.Copy(io.Discard, c)
	if ne := net.Error(nil); errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("the connection is still open after the cut (%d bytes read)", n)
	}
	if n >= int64(len(b.body)) {
		t.Errorf("read %d bytes after the cut, the whole body is %d", n, len(b.body))
	}
}

// A client that reads slowly but steadily gets the whole body, though it
// takes several times the write deadline and the read timeout; and its
// request's context is not cancelled on the way. (Scaled down: 640 KB/s
// against a 0.7 s deadline here stands for a phone's 20 KB/s against 20 s.)
func TestSlowSteadyReaderGetsTheWholeBody(t *testing.T) {
	b := newBigBody()
	addr, _ := startServe(t, b, nil)
	c := dialGET(t, addr, "/")
	start := time.Now()
	res, err := http.ReadResponse(bufio.NewReaderSize(c, 1), nil)
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	buf := make([]byte, 32<<10)
	for {
		time.Sleep(50 * time.Millisecond)
		n, err := io.ReadFull(res.Body, buf)
		got.Write(buf[:n])
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			t.Fatalf("after %d bytes in %v: %v", got.Len(), time.Since(start), err)
		}
	}
	took := time.Since(start)
	if !bytes.Equal(got.Bytes(), b.body) {
		t.Fatalf("got %d bytes of %d in %v", got.Len(), len(b.body), took)
	}
	if took < 2*testLimits.writeIdle {
		t.Errorf("the download took %v, too quick to show that no total deadline applies", took)
	}
	if err := <-b.ended; err != nil {
		t.Errorf("the handler saw %v", err)
	}
}

// A client that sends a request body slowly is cut by the read timeout.
func TestSlowBodyIsCut(t *testing.T) {
	addr, _ := startServe(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}), nil)
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	io.WriteString(c, "POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 100000\r\n\r\n0123456789")
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	start := time.Now()
	_, err = io.Copy(io.Discard, c)
	if ne := net.Error(nil); errors.As(err, &ne) && ne.Timeout() {
		t.Fatal("a client sending its body slowly still holds the connection after 10 s")
	}
	t.Logf("closed after %v", time.Since(start).Round(time.Millisecond))
}

// A response that outlasts the drain is cut: the shutdown still succeeds
// (SIGTERM exits 0) and the log says how many connections were cut.
func TestShutdownCutsWhatOutlastsTheDrain(t *testing.T) {
	started := make(chan struct{})
	var logs bytes.Buffer
	var mu sync.Mutex
	logger := log.New(writerFunc(func(p []byte) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		return logs.Write(p)
	}), "", 0)
	addr, stop := startServe(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		rc := http.NewResponseController(w)
		for { // a download that never ends
			if _, err := w.Write([]byte("x")); err != nil {
				return
			}
			if err := rc.Flush(); err != nil {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}), logger)
	go func() {
		res, err := http.Get("http://" + addr + "/")
		if err == nil {
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
		}
	}()
	<-started
	begin := time.Now()
	if err := stop(); err != nil {
		t.Errorf("Serve after a shutdown that had to cut: %v, want nil", err)
	}
	if took := time.Since(begin); took > testLimits.drain+5*time.Second {
		t.Errorf("the shutdown took %v", took)
	}
	mu.Lock()
	defer mu.Unlock()
	if !strings.Contains(logs.String(), "cut 1 connection(s) still busy") {
		t.Errorf("the log does not say one connection was cut:\n%s", logs.String())
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func TestParseOriginsIsStrict(t *testing.T) {
	good := map[string]string{
		"": "",
		"https://a.example, http://b.example:8080": "https://a.example http://b.example:8080",
		"HTTPS://Help.Example.COM":                 "https://help.example.com",
		"https://[::1]:8443 http://127.0.0.1:80":   "https://[::1]:8443 http://127.0.0.1:80",
		"https://xn--bcher-kva.example":            "https://xn--bcher-kva.example",
	}
	for in, want := range good {
		got, err := ParseOrigins(in)
		if err != nil || strings.Join(got, " ") != want {
			t.Errorf("ParseOrigins(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, c := range []struct{ list, bad string }{
		{"https://a.com;script-src", "https://a.com;script-src"},
		{"https://a.com script-src", "script-src"},
		{"https://ok.example,https://a.com'", "https://a.com'"},
		{"a.example", "a.example"},
		{"https://a.example/path", "https://a.example/path"},
		{"https://a.example/", "https://a.example/"},
		{"javascript:alert(1)", "javascript:alert(1)"},
		{"ftp://a.example", "ftp://a.example"},
		{"https://user@a.example", "https://user@a.example"},
		{"https://a.example?x", "https://a.example?x"},
		{"https://a.example?", "https://a.example?"},
		{"https://a.example#x", "https://a.example#x"},
		{"https://a.example:0", "https://a.example:0"},
		{"https://a.example:99999", "https://a.example:99999"},
		{"https://a.example:", "https://a.example:"},
		{"https://*.a.example", "https://*.a.example"},
		{"https://a_b.example", "https://a_b.example"},
		{"https://-a.example", "https://-a.example"},
		{"https://'self'", "https://'self'"},
		{"https://[fe80::1%25eth0]", "https://[fe80::1%25eth0]"},
		{"https://", "https://"},
	} {
		_, err := ParseOrigins(c.list)
		if err == nil || !strings.Contains(err.Error(), strconv.Quote(c.bad)) {
			t.Errorf("ParseOrigins(%q): error %v, want one naming %q", c.list, err, c.bad)
		}
	}
}
