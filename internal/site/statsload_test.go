package site

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/internal/stats"
	"github.com/fixflow/fixflow/internal/stats/store"
	"github.com/fixflow/fixflow/internal/stats/store/storetest"
)

// Load and loss: many clients at once, each from an address of its own on
// the loopback network (127.0.1.N: the rate limit counts per address, as it
// would count people), sending batches to a real HTTP server in front of a
// real store.

const (
	loadClients       = 200
	loadBatches       = 10 // per client
	loadCounters      = 25 // per batch
	loadCount         = 2  // each counter's n
	loadEventsPerLoad = loadClients * loadBatches * loadCounters * loadCount
)

// loadBatch is client i's batch: loadCounters counters of the guide's
// steps, on its own host (so that each client's counts can be found).
func loadBatch(f *engine.Flow, i int) []byte {
	day := time.Now().UTC().Format(stats.DayLayout)
	var cs []stats.Counter
	for j := 0; len(cs) < loadCounters; j++ {
		n := &f.Nodes[j%len(f.Nodes)]
		c := stats.Counter{Day: day, Guide: f.ID, Graph: f.GraphHash(), Lang: f.Lang, Host: fmt.Sprintf("https://client-%d.example", i), Node: n.ID, N: loadCount}
		switch {
		case j < len(f.Nodes):
			c.Event = stats.EventShown
		case n.Kind == engine.KindOutcome:
			c.Event, c.Result = stats.EventOutcome, n.Result
		default:
			c.Event, c.Option = stats.EventChoice, stats.OptionID(f, n, 0)
		}
		cs = append(cs, c)
	}
	b, _ := json.Marshal(stats.Batch{V: stats.Version, Counts: cs})
	return b
}

// loopbackClient sends from 127.0.1.(i+1).
func loopbackClient(i int) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 1, byte(i+1))}, Timeout: 10 * time.Second}
	return &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: 1}}
}

type loadResult struct {
	events    int
	elapsed   time.Duration
	latencies []time.Duration // of each batch
	errs      []string
}

func (r loadResult) p99() time.Duration {
	l := slices.Clone(r.latencies)
	slices.Sort(l)
	if len(l) == 0 {
		return 0
	}
	return l[(len(l)*99+99)/100-1]
}

func (r loadResult) String() string {
	return fmt.Sprintf("%d events in %d batches from %d clients in %v: %.0f events/s, p99 %v per batch",
		r.events, len(r.latencies), loadClients, r.elapsed.Round(time.Millisecond), float64(r.events)/r.elapsed.Seconds(), r.p99().Round(100*time.Microsecond))
}

// runLoad sends batches batches from each of loadClients clients at once.
func runLoad(f *engine.Flow, url string, batches int) loadResult {
	var mu sync.Mutex
	var res loadResult
	var wg sync.WaitGroup
	start := time.Now()
	for i := range loadClients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := loopbackClient(i)
			defer client.CloseIdleConnections()
			body := loadBatch(f, i)
			for range batches {
				t0 := time.Now()
				resp, err := client.Post(url+StatsEventsPath, "text/plain;charset=UTF-8", bytes.NewReader(body))
				took := time.Since(t0)
				msg := ""
				if err != nil {
					msg = err.Error()
				} else {
					b, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					if resp.StatusCode != http.StatusNoContent {
						msg = fmt.Sprintf("%d %s", resp.StatusCode, b)
					}
				}
				mu.Lock()
				res.latencies = append(res.latencies, took)
				if msg != "" {
					res.errs = append(res.errs, fmt.Sprintf("client %d: %s", i, msg))
				} else {
					res.events += loadCounters * loadCount
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	return res
}

func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestStatsLoad sends 100,000 events from 200 clients at once: every one
// acknowledged, every one stored (the counts add up per client and
// counter), and the heap no larger after than before.
func TestStatsLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the load test sends 100,000 events")
	}
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			s, st := newStatsSite(t, kind, Config{})
			srv := httptest.NewServer(s)
			defer srv.Close()
			f := defaultFlow(t)
			// Warm up (connections, prepared paths), then measure the heap.
			if r := runLoad(f, srv.URL, 1); len(r.errs) > 0 {
				t.Fatalf("warming up: %v", r.errs[0])
			}
			before := heapInUse()
			r := runLoad(f, srv.URL, loadBatches)
			after := heapInUse()
			t.Logf("%s: %s", kind, r)
			t.Logf("%s: heap %.1f MB before, %.1f MB after", kind, float64(before)/(1<<20), float64(after)/(1<<20))
			if len(r.errs) > 0 {
				t.Fatalf("%d of %d batches failed, the first: %s", len(r.errs), len(r.latencies), r.errs[0])
			}
			if r.events != loadEventsPerLoad {
				t.Fatalf("%d events acknowledged, want %d", r.events, loadEventsPerLoad)
			}
			if after > before+16<<20 {
				t.Errorf("the heap grew from %d to %d bytes over the load", before, after)
			}
			// Every count is there: per client (host) and counter, the
			// warm-up's batch and loadBatches more.
			sums, err := st.Sums(context.Background(), store.Query{})
			if err != nil {
				t.Fatal(err)
			}
			var total int64
			perHost := map[string]int64{}
			for _, c := range sums {
				total += c.N
				perHost[c.Host] += c.N
				if c.N != (loadBatches+1)*loadCount {
					t.Errorf("%s %s %s: %d, want %d", c.Host, c.Event, c.Node, c.N, (loadBatches+1)*loadCount)
					break
				}
			}
			if want := int64(loadEventsPerLoad / loadBatches * (loadBatches + 1)); total != want {
				t.Errorf("%d events stored, want %d", total, want)
			}
			if len(perHost) != loadClients {
				t.Errorf("counts of %d clients stored, want %d", len(perHost), loadClients)
			}
		})
	}
}

// BenchmarkStatsIngest measures ingest through HTTP into each store: 200
// clients at once, each sending batches of 50 events; it reports events/s
// and the 99th percentile of a batch's round trip.
func BenchmarkStatsIngest(b *testing.B) {
	for _, kind := range storetest.Kinds {
		b.Run(kind, func(b *testing.B) {
			s, _ := newStatsSite(b, kind, Config{})
			s.stats.limiter = newLimiter(1e9, 1e9, statsAddresses) // measure the store, not the limit
			srv := httptest.NewServer(s)
			defer srv.Close()
			f := defaultFlow(b)
			batches := max(1, b.N/loadClients)
			b.ResetTimer()
			r := runLoad(f, srv.URL, batches)
			b.StopTimer()
			if len(r.errs) > 0 {
				b.Fatalf("%d batches failed, the first: %s", len(r.errs), r.errs[0])
			}
			b.ReportMetric(float64(r.events)/r.elapsed.Seconds(), "events/s")
			b.ReportMetric(float64(r.p99().Microseconds())/1000, "p99-ms/batch")
			b.ReportMetric(0, "ns/op")
		})
	}
}
