package store

import (
	"context"
	"sync"
	"time"

	"github.com/fixflow/fixflow/internal/stats"
)

// Group commit: concurrent Adds are written together, in one transaction,
// by one writer. A commit costs a sync to disk (SQLite) or a round trip and
// a log flush (PostgreSQL) whatever it holds, so with many clients at once
// this is what keeps ingest fast; and one writer is all SQLite has.

const (
	// groupQueue is how many Adds may wait for the writer; more wait to be
	// queued (their clients wait: the server's memory stays bounded).
	groupQueue = 256
	// groupMax bounds one commit: this many Adds, or about this many
	// counters (the first Add is always taken whole).
	groupMaxAdds     = 128
	groupMaxCounters = 8 * stats.MaxCounters
	// commitTimeout bounds one commit.
	commitTimeout = 30 * time.Second
)

type grouped struct {
	Store
	reqs    chan *addReq
	quit    chan struct{}
	stopped chan struct{}
	once    sync.Once
}

type addReq struct {
	cs   []stats.Counter
	done chan error // buffered: the writer never waits on a client
}

// Grouped wraps a store so that concurrent Adds are committed together:
// each Add still returns only once its counters are committed (nil) or
// failed with nothing of them stored (an error; every Add of a failed group
// gets it).
func Grouped(st Store) Store {
	g := &grouped{Store: st, reqs: make(chan *addReq, groupQueue), quit: make(chan struct{}), stopped: make(chan struct{})}
	go g.loop()
	return g
}

func (g *grouped) Add(ctx context.Context, cs []stats.Counter) error {
	if len(cs) == 0 {
		return nil
	}
	r := &addReq{cs: cs, done: make(chan error, 1)}
	select {
	case g.reqs <- r:
	case <-g.quit:
		return ErrClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-r.done:
		return err
	case <-g.stopped:
		// The writer stopped; it may have answered just before.
		select {
		case err := <-r.done:
			return err
		default:
			return ErrClosed
		}
	case <-ctx.Done():
		// Not acknowledged: it may still be committed.
		return ctx.Err()
	}
}

func (g *grouped) loop() {
	defer close(g.stopped)
	for {
		select {
		case r := <-g.reqs:
			g.commit(r)
		case <-g.quit:
			// Write what was queued before Close, then stop.
			for {
				select {
				case r := <-g.reqs:
					g.commit(r)
				default:
					return
				}
			}
		}
	}
}

// commit writes r and the Adds queued behind it, up to a group's bounds.
func (g *grouped) commit(first *addReq) {
	group := []*addReq{first}
	n := len(first.cs)
more:
	for len(group) < groupMaxAdds && n < groupMaxCounters {
		select {
		case r := <-g.reqs:
			group = append(group, r)
			n += len(r.cs)
		default:
			break more
		}
	}
	all := make([][]stats.Counter, len(group))
	for i, r := range group {
		all[i] = r.cs
	}
	// The writer's own context: a client that gives up does not abort the
	// others' commit; a database that stops answering fails the group.
	ctx, cancel := context.WithTimeout(context.Background(), commitTimeout)
	err := g.Store.Add(ctx, Merge(all...))
	cancel()
	for _, r := range group {
		r.done <- err
	}
}

// Close stops taking Adds, commits those queued, and closes the store.
func (g *grouped) Close() error {
	g.once.Do(func() { close(g.quit) })
	<-g.stopped
	return g.Store.Close()
}

// Unwrap is the store a Grouped store writes to (st itself otherwise).
func Unwrap(st Store) Store {
	if g, ok := st.(*grouped); ok {
		return g.Store
	}
	return st
}
