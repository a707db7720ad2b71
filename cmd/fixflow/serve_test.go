package main

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"io/fs"
	"os"
	"strings"
	"testing"
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

// A bad origin stops serve before it listens, naming the origin.
func TestServeRefusesABadEmbedOrigin(t *testing.T) {
	var errs bytes.Buffer
	code := run([]string{"serve", "-addr", "127.0.0.1:0", "-embed-origins", "https://ok.example https://a.com;script-src"}, io.Discard, &errs)
	if code != 1 || !strings.Contains(errs.String(), `-embed-origins: "https://a.com;script-src" is not an origin`) {
		t.Errorf("exit %d, stderr %q", code, errs.String())
	}
}

// A refused start opens and makes nothing: no ./data for the counts.
func TestServeRefusesBeforeMakingTheStore(t *testing.T) {
	dir := t.TempDir()
	var errs bytes.Buffer
	code := run([]string{"serve", "-addr", "127.0.0.1:0", "-data", dir + "/data", "-embed-origins", "nope"}, io.Discard, &errs)
	if code != 1 {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	if _, err := os.Stat(dir + "/data"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("serve refused to start, yet made %s/data (%v)", dir, err)
	}
}

func TestServeRefusesABadPublicURL(t *testing.T) {
	var errs bytes.Buffer
	code := run([]string{"serve", "-addr", "127.0.0.1:0", "-public-url", "https://help.example.com/?x=1"}, io.Discard, &errs)
	if code != 1 || !strings.Contains(errs.String(), `-public-url: "https://help.example.com/?x=1" is not a public URL`) {
		t.Errorf("exit %d, stderr %q", code, errs.String())
	}
}
