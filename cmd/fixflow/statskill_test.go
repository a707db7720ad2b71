package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/fixflow/fixflow/internal/stats"
	"github.com/fixflow/fixflow/internal/stats/store/storetest"
)

// The counts survive a crash: a real fixflow serve takes batches from many
// clients, is killed (SIGKILL) in the middle, and started again on the same
// data; every batch it acknowledged (204) is there, and none twice.

// webDirForServe is a web directory serve accepts: the built one, or a copy
// of the sources with an empty WebAssembly module standing in for the wasm.
func webDirForServe(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat("../../web/app.wasm"); err == nil {
		abs, _ := filepath.Abs("../../web")
		return abs
	}
	dir := t.TempDir()
	src, _ := filepath.Abs("../../web")
	ents, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if err := os.Symlink(filepath.Join(src, e.Name()), filepath.Join(dir, e.Name())); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "app.wasm"), []byte("\x00asm\x01\x00\x00\x00"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startServe starts exe serve and waits until it listens.
func startServe(t *testing.T, exe string, args ...string) *exec.Cmd {
	t.Helper()
	return startServeIn(t, "", exe, args...)
}

// startServeIn starts exe serve in the directory dir ("" for this one).
func startServeIn(t *testing.T, dir, exe string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(exe, append([]string{"serve"}, args...)...)
	cmd.Dir = dir
	var errs bytes.Buffer
	cmd.Stderr = &errs
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	ready := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(out)
		ok := false
		for sc.Scan() {
			if strings.Contains(sc.Text(), " serving on http://") && !ok {
				ok = true
				ready <- true
			}
		}
		if !ok {
			ready <- false
		}
	}()
	select {
	case ok := <-ready:
		if !ok {
			cmd.Wait()
			t.Fatalf("fixflow serve stopped before listening:\n%s", errs.String())
		}
	case <-time.After(120 * time.Second):
		t.Fatalf("fixflow serve did not listen within 2 minutes:\n%s", errs.String())
	}
	return cmd
}

type killClient struct {
	acked, sent atomic.Int64 // batches acknowledged; batches sent (acked or not)
}

func TestServeKeepsAcknowledgedCountsThroughAKill(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds and kills a server")
	}
	exe := buildCommand(t, "cmd/fixflow", t.TempDir(), "fixflow")
	web := webDirForServe(t)
	f := defaultGuide(t)
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			dsn := storetest.TestDSN(t, kind)
			var storeArgs []string
			if kind == "sqlite" {
				storeArgs = []string{"-data", filepath.Dir(strings.TrimPrefix(dsn, "sqlite:"))}
			} else {
				storeArgs = []string{"-db", dsn}
			}
			addr := freeAddr(t)
			args := append([]string{"-addr", addr, "-web", web}, storeArgs...)
			srv := startServe(t, exe, args...)

			const clients = 40
			cs := make([]killClient, clients)
			day := time.Now().UTC().Format(stats.DayLayout)
			var total atomic.Int64
			killed := make(chan struct{})
			var wg sync.WaitGroup
			for i := range clients {
				wg.Add(1)
				go func() {
					defer wg.Done()
					c := stats.Counter{Day: day, Guide: f.ID, Graph: f.GraphHash(), Lang: f.Lang,
						Host: fmt.Sprintf("https://k%d.example", i), Event: stats.EventStart, Node: f.Start, N: 1}
					body, _ := json.Marshal(stats.Batch{V: stats.Version, Counts: []stats.Counter{c}})
					d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 2, byte(i+1))}}
					client := &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{DialContext: d.DialContext}}
					for {
						select {
						case <-killed:
							return
						default:
						}
						cs[i].sent.Add(1)
						resp, err := client.Post("http://"+addr+"/stats/events", "text/plain", bytes.NewReader(body))
						if err != nil {
							return // the server is gone
						}
						io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
						switch resp.StatusCode {
						case http.StatusNoContent:
							cs[i].acked.Add(1)
							total.Add(1)
						case http.StatusTooManyRequests:
							// This client's bucket is empty: wait as told.
							time.Sleep(time.Second)
						default:
							t.Errorf("client %d: status %d", i, resp.StatusCode)
							return
						}
					}
				}()
			}
			// Kill it in the middle of the ingest.
			poll := time.NewTicker(10 * time.Millisecond)
			deadline := time.Now().Add(2 * time.Minute)
			for total.Load() < 1500 && time.Now().Before(deadline) {
				<-poll.C
			}
			poll.Stop()
			if err := srv.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			srv.Wait()
			close(killed)
			wg.Wait()
			if total.Load() == 0 {
				t.Fatal("no batch was acknowledged before the kill")
			}

			// Started again on the same data: everything acknowledged is
			// there, nothing more than was sent.
			srv = startServe(t, exe, args...)
			resp, err := http.Get("http://" + addr + "/stats.csv")
			if err != nil {
				t.Fatal(err)
			}
			rows, err := csv.NewReader(resp.Body).ReadAll()
			resp.Body.Close()
			if err != nil || len(rows) == 0 {
				t.Fatalf("/stats.csv: %v", err)
			}
			stored := map[string]int64{}
			for _, r := range rows[1:] {
				n, _ := strconv.ParseInt(r[9], 10, 64)
				stored[r[4]] += n
			}
			var acked, sent, kept int64
			for i := range cs {
				host := fmt.Sprintf("https://k%d.example", i)
				a, s := cs[i].acked.Load(), cs[i].sent.Load()
				acked, sent, kept = acked+a, sent+s, kept+stored[host]
				if stored[host] < a || stored[host] > s {
					t.Errorf("client %d: %d batches acknowledged, %d sent, %d stored", i, a, s, stored[host])
				}
			}
			t.Logf("%s: killed with %d batches acknowledged (%d sent); after the restart %d are stored", kind, acked, sent, kept)
			srv.Process.Signal(syscall.SIGTERM)
			srv.Wait()
		})
	}
}
