package main

import (
	"context"
	"flag"
	"io"
	"log"
	"net"
	"net/http"
	"testing"
	"time"
)

func TestAddrFromFlagOrPORT(t *testing.T) {
	t.Setenv("PORT", "9123")
	var f serveFlags
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	f.bind(fs)
	if err := fs.Parse(nil); err != nil || f.addr != ":9123" {
		t.Errorf("with PORT=9123: addr %q (%v)", f.addr, err)
	}
	if err := fs.Parse([]string{"-addr", "127.0.0.1:7000"}); err != nil || f.addr != "127.0.0.1:7000" {
		t.Errorf("-addr: %q (%v)", f.addr, err)
	}
}

func TestPlainFixflowServes(t *testing.T) {
	if _, ok := commands["serve"]; !ok {
		t.Fatal("no serve command")
	}
	// Usage errors go to the serve command when no command is named.
	if code := run([]string{"-no-such-flag"}, io.Discard, io.Discard); code != 2 {
		t.Errorf("fixflow -no-such-flag: exit %d, want serve's usage error 2", code)
	}
	if code := run([]string{"no-such-command"}, io.Discard, io.Discard); code != 2 {
		t.Errorf("unknown command: exit %d", code)
	}
}

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
	go func() { done <- serveUntil(ctx, ln, h, log.New(io.Discard, "", 0)) }()

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
		t.Errorf("serveUntil: %v", err)
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/"); err == nil {
		t.Error("still serving after shutdown")
	}
}
