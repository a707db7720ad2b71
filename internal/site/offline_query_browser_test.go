//go:build browser

package site

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/fixflow/fixflow/internal/browsertest"
)

// frameView is what a page's HTML shows before any script runs.
type frameView struct {
	Embed string `json:"embed"` // #ff-root's data-embed
	Step  string `json:"step"`  // #ff-root's data-step
	Tried int    `json:"tried"` // answers listed as tried
	Error string `json:"error"`
}

// framePage loads path in a same-origin iframe whose scripts may not run,
// so the HTML the service worker answered stays as it came, and reads it.
func framePage(t *testing.T, p browsertest.Page, path string) frameView {
	t.Helper()
	v, err := p.Eval(fmt.Sprintf(`(async () => {
  const f = document.createElement("iframe");
  f.setAttribute("sandbox", "allow-same-origin");
  const loaded = new Promise((resolve) => f.addEventListener("load", resolve, { once: true }));
  f.src = %q;
  document.documentElement.appendChild(f);
  await loaded;
  let out;
  try {
    const d = f.contentDocument, root = d && d.getElementById("ff-root");
    out = root
      ? { embed: root.dataset.embed, step: root.dataset.step || "", tried: d.querySelectorAll(".ff-tried-list li").length }
      : { error: d ? "no #ff-root in " + d.title : "no page (an error page?)" };
  } catch (e) {
    out = { error: String(e) };
  }
  f.remove();
  return JSON.stringify(out);
})()`, path))
	if err != nil {
		t.Fatalf("loading %s in a frame: %v", path, err)
	}
	var fv frameView
	if err := json.Unmarshal([]byte(fmt.Sprint(v)), &fv); err != nil {
		t.Fatalf("loading %s in a frame: %v (%v)", path, err, v)
	}
	return fv
}

// TestOfflinePagesByWholeURLInChromium: the worker keeps pages by their
// whole URL. Online, a step is opened with a walk in its URL and then in
// embed mode; once the server is gone, each URL gets its own page, a URL
// never opened gets a page without a walk in its own mode, never the other
// walk or the other mode, and the wasm shows the step of the URL.
func TestOfflinePagesByWholeURLInChromium(t *testing.T) {
	s := newTestSite(t)
	t.Parallel()
	srv, f, w, c, _ := chromeFirstVisit(t, s)
	plain := "/" + f.ID + "/" + w.step
	embed := plain + "?embed=1&wid=w1"
	for _, p := range []string{w.link, embed} { // online: kept by the worker
		if fv := framePage(t, c, p); fv.Error != "" {
			t.Fatalf("online, %s: %s", p, fv.Error)
		}
	}
	srv.Close()

	for _, tc := range []struct {
		path  string
		embed string
		tried int
	}{
		{w.link, "0", w.tried},               // its own copy, its walk
		{embed, "1", 0},                      // its own copy
		{plain + "?embed=1&wid=w2", "1", 0},  // never opened: the embed copy of its path
		{plain, "0", 0},                      // never opened: a standalone page, no walk
		{plain + "?s=" + "AAAA", "0", 0},     // another walk, never opened: no walk's copy
		{"/" + f.ID + "?theme=dark", "0", 0}, // the guide's start, never opened
		{w.link + "&embed=1&wid=w3", "1", 0}, // this walk embedded, never opened
	} {
		fv := framePage(t, c, tc.path)
		if fv.Error != "" || fv.Embed != tc.embed || fv.Tried != tc.tried {
			t.Errorf("offline, %s: got %+v; want data-embed %s and %d answers tried", tc.path, fv, tc.embed, tc.tried)
		}
		if fv.Embed == "1" && fv.Step != w.step {
			t.Errorf("offline, %s: the embed page of step %q, want %q", tc.path, fv.Step, w.step)
		}
	}

	// With its scripts, the page never opened becomes the step of its URL.
	start := time.Now()
	c.Open(t, srv.URL+plain)
	waitReady(t, c)
	waitStep(t, c, w.step)
	if got := browsertest.JSString(t, c, `document.getElementById("ff-root").dataset.embed || ""`); got != "0" {
		t.Errorf("offline, %s after the wasm: data-embed %q", plain, got)
	}
	t.Logf("offline, %s: step %s shown by the wasm after %v", plain, w.step, time.Since(start).Round(time.Millisecond))
}
