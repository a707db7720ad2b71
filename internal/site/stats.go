package site

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/fixflow/fixflow/internal/stats"
	"github.com/fixflow/fixflow/internal/stats/store"
	json "github.com/goccy/go-json"
)

// The widget's counts (internal/stats): POST /stats/events takes a batch
// from a page, checks every field against the guides served here, and adds
// it to the store; /stats shows them (statspage.go). Pages learn where to
// send their counts from a meta tag (statsMeta), and the CSP's connect-src
// lets them send there.

// StatsEventsPath is where pages send their counts when the site keeps
// them itself.
const StatsEventsPath = "/stats/events"

// statsMetaName names the meta tag that tells the widget where to send its
// counts; a page without it counts nothing.
const statsMetaName = "fixflow-stats"

// The rate limit of batches, per client address: a page sends a batch when
// it is hidden, at an outcome and now and then while it is used, so a
// person sends a few a minute; the burst leaves room for many people
// behind one address (an office, a carrier's NAT).
const (
	statsRate      = 5     // batches a second, per address
	statsBurst     = 100   // batches at once, per address
	statsAddresses = 10000 // addresses remembered at most
	// statsCommitWait bounds how long a batch waits to be stored.
	statsCommitWait = 15 * time.Second
)

// siteStats is the site's part in the counts.
type siteStats struct {
	store   store.Store // nil: the site keeps no counts
	url     string      // where pages send them; "" for nowhere
	token   string      // what /stats wants; "" for loopback clients only
	known   *stats.Known
	limiter *limiter
	log     *log.Logger // nil: none
	now     func() time.Time
}

// initStats reads the stats' part of the configuration, and returns the
// origin pages send their counts to when it is not this site's ("" when it
// is, or there is none), for the CSP.
func (s *Site) initStats(cfg Config) (connect string, err error) {
	st := &siteStats{store: cfg.Stats, token: cfg.StatsToken, now: time.Now, log: cfg.Log,
		known: stats.NewKnown(cfg.Library, cfg.EmbedOrigins), limiter: newLimiter(statsRate, statsBurst, statsAddresses)}
	s.stats = st
	if cfg.Stats != nil && len(cfg.Library.Langs("stats")) > 0 {
		return "", fmt.Errorf("a guide's id is stats, and /stats shows the counts: rename the guide")
	}
	switch {
	case cfg.StatsCollector != "":
		st.url, connect, err = parseCollector(cfg.StatsCollector)
		if err != nil {
			return "", fmt.Errorf("Config.StatsCollector: %w", err)
		}
		return connect, nil
	case cfg.Stats != nil:
		st.url = StatsEventsPath
	}
	return "", nil
}

// parseCollector reads a collector's URL (http or https, a host, a path;
// see parseHTTPURL) and returns it as pages get it, and its origin.
func parseCollector(s string) (u, origin string, err error) {
	p, err := parseHTTPURL(s)
	if err != nil {
		return "", "", fmt.Errorf("%q is not a URL like https://stats.example.com/stats/events: %v", s, err)
	}
	return p.String(), p.Scheme + "://" + p.Host, nil
}

// serveStatsEvents takes one batch of counts: POST, text/plain (what
// navigator.sendBeacon sends for a string) or application/json, at most
// stats.MaxBatchBytes, decoded strictly (unknown fields refused), every
// counter checked (stats.Known). A bad batch gets a 400 that names the
// problem, and nothing of it is stored; a good one is stored before the
// 204. Nothing about the client is kept: its address only counts, in
// memory, against the rate limit.
func (s *Site) serveStatsEvents(w http.ResponseWriter, r *http.Request) {
	st := s.stats
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	if st.store == nil {
		http.Error(w, "this server keeps no counts", http.StatusNotFound)
		return
	}
	if r.Method != http.MethodPost {
		h.Set("Allow", "POST")
		http.Error(w, "send counts with POST", http.StatusMethodNotAllowed)
		return
	}
	if ok, retry := st.limiter.allow(r.RemoteAddr, st.now()); !ok {
		h.Set("Retry-After", strconv.Itoa(int(retry/time.Second)+1))
		http.Error(w, "too many batches from your address: try again in a moment", http.StatusTooManyRequests)
		return
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "text/plain" && mt != "application/json" {
		http.Error(w, "a batch is JSON, sent as text/plain or application/json", http.StatusUnsupportedMediaType)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, stats.MaxBatchBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, fmt.Sprintf("batch: larger than %d bytes", stats.MaxBatchBytes), http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "batch: reading it: "+err.Error(), http.StatusBadRequest)
		return
	}
	b, err := decodeBatch(body)
	if err == nil {
		err = st.known.CheckBatch(b, st.now())
	}
	if err != nil {
		http.Error(w, "batch refused, nothing of it stored: "+err.Error(), http.StatusBadRequest)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), statsCommitWait)
	defer cancel()
	if err := st.store.Add(ctx, b.Counts); err != nil {
		if st.log != nil {
			st.log.Printf("stats: a batch of %d counters was not stored: %v", len(b.Counts), err)
		}
		h.Set("Retry-After", "60")
		http.Error(w, "the counts could not be stored now; nothing of them was", http.StatusServiceUnavailable)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// decodeBatch decodes a batch with goccy/go-json: one JSON object with the
// fields of stats.Batch and nothing else, and nothing after it.
func decodeBatch(body []byte) (*stats.Batch, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	var b stats.Batch
	if err := dec.Decode(&b); err != nil {
		if err == io.EOF {
			return nil, errors.New("the body is empty")
		}
		return nil, fmt.Errorf("not a batch: %s", strings.TrimPrefix(err.Error(), "json: "))
	}
	var more json.RawMessage
	if err := dec.Decode(&more); err != io.EOF {
		return nil, errors.New("not a batch: something follows its JSON object")
	}
	return &b, nil
}
