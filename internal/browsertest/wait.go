package browsertest

import (
	"fmt"
	"testing"
	"time"
)

// tick is how often the Go side of a wait looks again.
const tick = 25 * time.Millisecond

// Until calls probe until it reports done, at most every 25 ms, and fails
// the test after timeout naming what was awaited and the last state the
// probe reported. It returns how long the wait took.
func Until(t testing.TB, what string, timeout time.Duration, probe func() (done bool, state string)) time.Duration {
	t.Helper()
	d, err := until(timeout, probe)
	if err != nil {
		t.Fatalf("timed out after %v waiting for %s; %v", timeout, what, err)
	}
	return d
}

// until is Until without a test: the error carries the last state.
func until(timeout time.Duration, probe func() (bool, string)) (time.Duration, error) {
	start := time.Now()
	tk := time.NewTicker(tick)
	defer tk.Stop()
	for {
		done, state := probe()
		if done {
			return time.Since(start), nil
		}
		if time.Since(start) > timeout {
			return time.Since(start), fmt.Errorf("last seen: %s", state)
		}
		<-tk.C
	}
}

// Within reports whether probe held within timeout (looking every 25 ms),
// and how long it took: for a wait whose timing out is an answer too, like
// "did the browser make a check of its own".
func Within(timeout time.Duration, probe func() bool) (time.Duration, bool) {
	d, err := until(timeout, func() (bool, string) { return probe(), "" })
	return d, err == nil
}
