package store_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/fixflow/fixflow/internal/stats"
	"github.com/fixflow/fixflow/internal/stats/store"
	"github.com/fixflow/fixflow/internal/stats/store/storetest"
)

// Every test here runs against a real SQLite file and a real PostgreSQL
// server (storetest.TestDSN).

func forEachKind(t *testing.T, test func(t *testing.T, dsn string)) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) { test(t, storetest.TestDSN(t, kind)) })
	}
}

func open(t *testing.T, dsn string) store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), dsn, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func counter(day, event, node string, n int64) stats.Counter {
	c := stats.Counter{Day: day, Guide: "g", Graph: "HASH0000", Lang: "en", Event: event, Node: node, N: n}
	switch event {
	case stats.EventChoice:
		c.Option = "1"
	case stats.EventOutcome:
		c.Result = "resolved"
	}
	return c
}

func TestAddUpserts(t *testing.T) {
	forEachKind(t, func(t *testing.T, dsn string) {
		st := open(t, dsn)
		ctx := context.Background()
		a := counter("2025-03-01", stats.EventShown, "q1", 2)
		b := counter("2025-03-01", stats.EventChoice, "q1", 1)
		c := counter("2025-03-02", stats.EventShown, "q1", 5)
		other := a
		other.Guide = "other"
		for _, batch := range [][]stats.Counter{{a, b}, {a, c}, {other}} {
			if err := st.Add(ctx, batch); err != nil {
				t.Fatal(err)
			}
		}
		got, err := st.Counters(ctx, store.Query{Guide: "g"})
		if err != nil {
			t.Fatal(err)
		}
		a2 := a
		a2.N = 4
		want := []stats.Counter{b, a2, c} // by day, then key: choice before shown
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Counters:\n got %+v\nwant %+v", got, want)
		}
		sums, err := st.Sums(ctx, store.Query{Guide: "g", From: "2025-03-01", To: "2025-03-02"})
		if err != nil {
			t.Fatal(err)
		}
		sb, sa := b, a
		sb.Day, sa.Day, sa.N = "", "", 9
		if want := []stats.Counter{sb, sa}; !reflect.DeepEqual(sums, want) {
			t.Errorf("Sums:\n got %+v\nwant %+v", sums, want)
		}
		// The bounds are days, both included.
		sums, _ = st.Sums(ctx, store.Query{Guide: "g", From: "2025-03-02", To: "2025-03-02"})
		if len(sums) != 1 || sums[0].N != 5 {
			t.Errorf("Sums of 2025-03-02: %+v", sums)
		}
		all, _ := st.Sums(ctx, store.Query{})
		if len(all) != 3 {
			t.Errorf("Sums of every guide: %+v", all)
		}
	})
}

// A batch is stored whole or not at all.
func TestAddIsAllOrNothing(t *testing.T) {
	forEachKind(t, func(t *testing.T, dsn string) {
		st := open(t, dsn)
		ctx := context.Background()
		good := counter("2025-03-01", stats.EventShown, "q1", 1)
		bad := counter("2025-03-01", stats.EventShown, "q2", 0) // the table refuses n <= 0
		if err := st.Add(ctx, []stats.Counter{good, bad}); err == nil {
			t.Fatal("a counter of 0 was stored")
		}
		if got, _ := st.Counters(ctx, store.Query{}); len(got) != 0 {
			t.Errorf("a failed batch left %+v", got)
		}
	})
}

// Reopening keeps the data and applies no migration twice.
func TestMigrationsOnce(t *testing.T) {
	forEachKind(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		st := open(t, dsn)
		if err := st.Add(ctx, []stats.Counter{counter("2025-03-01", stats.EventStart, "q1", 3)}); err != nil {
			t.Fatal(err)
		}
		st.Close()
		st = open(t, dsn)
		got, err := st.Counters(ctx, store.Query{})
		if err != nil || len(got) != 1 || got[0].N != 3 {
			t.Fatalf("after reopening: %+v, %v", got, err)
		}
		var applied []int
		switch s := store.Unwrap(st).(type) {
		case *store.SQLite:
			applied, err = s.Applied(ctx)
		case *store.Postgres:
			applied, err = s.Applied(ctx)
		}
		if err != nil || !reflect.DeepEqual(applied, []int{1}) {
			t.Errorf("applied migrations %v (%v), want [1]", applied, err)
		}
	})
}

// Many Adds at once are all counted (the group commit merges them), and
// each returns only once committed.
func TestConcurrentAdds(t *testing.T) {
	forEachKind(t, func(t *testing.T, dsn string) {
		st := open(t, dsn)
		ctx := context.Background()
		const clients, adds = 40, 25
		var wg sync.WaitGroup
		errs := make(chan error, clients*adds)
		for i := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := range adds {
					batch := []stats.Counter{
						counter("2025-03-01", stats.EventShown, "q1", 1),
						counter("2025-03-01", stats.EventShown, fmt.Sprintf("n%d", i), int64(j+1)),
					}
					if err := st.Add(ctx, batch); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		got, err := st.Sums(ctx, store.Query{})
		if err != nil {
			t.Fatal(err)
		}
		byNode := map[string]int64{}
		for _, c := range got {
			byNode[c.Node] = c.N
		}
		if byNode["q1"] != clients*adds {
			t.Errorf("q1: %d, want %d", byNode["q1"], clients*adds)
		}
		for i := range clients {
			if n := byNode[fmt.Sprintf("n%d", i)]; n != adds*(adds+1)/2 {
				t.Errorf("n%d: %d, want %d", i, n, adds*(adds+1)/2)
			}
		}
	})
}

func TestAddAfterClose(t *testing.T) {
	st := open(t, storetest.TestDSN(t, "sqlite"))
	st.Close()
	if err := st.Add(context.Background(), []stats.Counter{counter("2025-03-01", stats.EventStart, "q1", 1)}); !errors.Is(err, store.ErrClosed) {
		t.Errorf("Add after Close: %v, want ErrClosed", err)
	}
}

func TestOpenRefuses(t *testing.T) {
	for _, db := range []string{"mysql://x", "stats.db", "https://db.example"} {
		_, err := store.Open(context.Background(), db, t.TempDir())
		if err == nil || !strings.Contains(err.Error(), "neither a postgres:// URL nor sqlite:PATH") {
			t.Errorf("Open(%q): %v", db, err)
		}
	}
	_, err := store.Open(context.Background(), "postgres://u:secret@127.0.0.1:1/x?connect_timeout=2", "")
	if err == nil || strings.Contains(err.Error(), "secret") {
		t.Errorf("a server that is not there: %v (and never the password)", err)
	}
}

func TestOpenSQLiteMakesItsDirectory(t *testing.T) {
	dir := t.TempDir() + "/data/deeper"
	st, err := store.Open(context.Background(), "", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if st.Kind() != "sqlite" || st.Where() != dir+"/stats.db" {
		t.Errorf("%s at %s", st.Kind(), st.Where())
	}
}

func TestMerge(t *testing.T) {
	a := counter("2025-03-02", stats.EventShown, "q1", 2)
	b := counter("2025-03-01", stats.EventShown, "q1", 1)
	got := store.Merge([]stats.Counter{a, b}, []stats.Counter{a})
	a.N = 4
	if want := []stats.Counter{b, a}; !reflect.DeepEqual(got, want) {
		t.Errorf("Merge: %+v, want %+v", got, want)
	}
}
