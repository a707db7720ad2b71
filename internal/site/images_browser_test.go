//go:build browser

package site

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/fixflow/fixflow/internal/browsertest"
)

// TestImageOnItsOwnKeepsItsStyle: a guide's SVG opened on its own, under
// its policy (nothing runs or loads; its <style> allowed by its hash), is
// drawn with its own style, in Chromium and WebKit.
func TestImageOnItsOwnKeepsItsStyle(t *testing.T) {
	srv := httptest.NewServer(newTestSite(t))
	t.Cleanup(srv.Close)
	for _, p := range []browsertest.Page{browsertest.NewChromePage(t), browsertest.NewWebKitPage(t)} {
		p.Open(t, srv.URL+"/images/force-restart-7.svg")
		p.WaitJS(t, `document.querySelector(".bg") && getComputedStyle(document.querySelector(".bg")).fill === "rgb(243, 245, 248)"`,
			p.Name()+": the image's own style applied", 10*time.Second)
	}
}
