package site

import (
	"net"
	"net/netip"
	"sync"
	"time"
)

// limiter is a token bucket per client address, in memory only (nothing of
// it is stored, and it forgets an address once its bucket is full again),
// bounded to max addresses: past that, the addresses whose buckets have
// refilled are forgotten first, then any.
type limiter struct {
	rate  float64 // tokens a second
	burst float64 // a bucket's size
	max   int

	mu      sync.Mutex
	buckets map[netip.Prefix]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newLimiter(rate, burst float64, max int) *limiter {
	return &limiter{rate: rate, burst: burst, max: max, buckets: map[netip.Prefix]*bucket{}}
}

// allow takes a token from the bucket of the client at remoteAddr (an
// http.Request's RemoteAddr). When there is none, ok is false and retry
// says when there will be.
func (l *limiter) allow(remoteAddr string, now time.Time) (ok bool, retry time.Duration) {
	key := clientKey(remoteAddr)
	l.mu.Lock()
	defer l.mu.Unlock()
	b, found := l.buckets[key]
	if !found {
		if len(l.buckets) >= l.max {
			l.evict(now)
		}
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	b.tokens = min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
	b.last = now
	if b.tokens < 1 {
		return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
	}
	b.tokens--
	return true, 0
}

// evict makes room for one address: every bucket that has refilled goes
// (it holds nothing a new one would not), and if none has, one at random.
func (l *limiter) evict(now time.Time) {
	full := time.Duration(l.burst / l.rate * float64(time.Second))
	for k, b := range l.buckets {
		if now.Sub(b.last) >= full {
			delete(l.buckets, k)
		}
	}
	for k := range l.buckets {
		if len(l.buckets) < l.max {
			break
		}
		delete(l.buckets, k)
	}
}

// size is how many addresses the limiter remembers.
func (l *limiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}

// clientKey is what one client is counted by: its IPv4 address, or the
// /64 of its IPv6 address (a host gets a whole /64 and can use any address
// in it). An address that does not parse is counted as one client with
// every other such.
func clientKey(remoteAddr string) netip.Prefix {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Prefix{}
	}
	a = a.Unmap().WithZone("")
	bits := 32
	if a.Is6() {
		bits = 64
	}
	p, _ := a.Prefix(bits)
	return p
}
