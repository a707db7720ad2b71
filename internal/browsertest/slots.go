package browsertest

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// EnvSlots is how many browsers may run at once on the machine, across all
// test processes (`go test ./...` runs packages side by side); the default
// is the number of CPUs. A browser test that would start one more waits
// for a slot, and one that holds a slot starts as many browsers as it
// likes (its subtests too): slots bound the tests that run browsers in
// parallel, not the browsers of one test.
const EnvSlots = "BROWSERTEST_SLOTS"

// slotWait bounds the wait for a slot: longer than any browser test.
const slotWait = 15 * time.Minute

var slots struct {
	sync.Mutex
	held map[string]*slot // by the name of the test that took it
}

type slot struct {
	users int
	f     *os.File
}

func slotCount() int {
	if n, err := strconv.Atoi(os.Getenv(EnvSlots)); err == nil && n > 0 {
		return n
	}
	return runtime.NumCPU()
}

// takeSlot holds a browser slot for the test (or its parent test) until it
// ends.
func takeSlot(t testing.TB) {
	t.Helper()
	name := t.Name()
	slots.Lock()
	if slots.held == nil {
		slots.held = map[string]*slot{}
	}
	for holder, s := range slots.held {
		if name == holder || strings.HasPrefix(name, holder+"/") {
			s.users++
			slots.Unlock()
			t.Cleanup(func() { releaseSlot(holder) })
			return
		}
	}
	slots.Unlock()

	dir := filepath.Join(os.TempDir(), "fixflow-browsertest-slots")
	if err := os.MkdirAll(dir, 0o777); err != nil {
		t.Fatalf("browsertest: browser slots: %v", err)
	}
	n := slotCount()
	var f *os.File
	start := time.Now()
	_, err := until(slotWait, func() (bool, string) {
		var holders []string
		for i := range n {
			g, err := os.OpenFile(filepath.Join(dir, fmt.Sprintf("slot-%d", i)), os.O_RDWR|os.O_CREATE, 0o666)
			if err != nil {
				return false, err.Error()
			}
			if lockFile(g) {
				g.Truncate(0)
				fmt.Fprintf(g, "pid %d, %s", os.Getpid(), name)
				f = g
				return true, ""
			}
			b, _ := os.ReadFile(g.Name())
			holders = append(holders, string(b))
			g.Close()
		}
		return false, fmt.Sprintf("all %d slots are taken: %s", n, strings.Join(holders, "; "))
	})
	if err != nil {
		t.Fatalf("browsertest: no browser slot for %s within %v (set $%s to allow more browsers at once); %v", name, slotWait, EnvSlots, err)
	}
	if waited := time.Since(start); waited > time.Second {
		t.Logf("browsertest: waited %v for a browser slot", waited.Round(time.Millisecond))
	}
	slots.Lock()
	slots.held[name] = &slot{users: 1, f: f}
	slots.Unlock()
	t.Cleanup(func() { releaseSlot(name) })
}

func releaseSlot(holder string) {
	slots.Lock()
	defer slots.Unlock()
	s := slots.held[holder]
	if s == nil {
		return
	}
	if s.users--; s.users == 0 {
		s.f.Close() // releases the lock
		delete(slots.held, holder)
	}
}
