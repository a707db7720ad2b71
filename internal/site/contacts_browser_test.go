//go:build browser

package site

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/fixflow/fixflow/internal/browsertest"
)

// TestConfiguredContactAfterTakeover: the wasm, which draws the page again
// from the guide it fetches, shows the site configuration's contact too,
// not only the prerendered page.
func TestConfiguredContactAfterTakeover(t *testing.T) {
	requireWasm(t)
	s, _ := contactsSite(t)
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	p := browsertest.NewChromePage(t)
	p.Open(t, srv.URL+"/mini/escalate")
	waitReady(t, p)
	got := browsertest.EvalAs[struct{ Who, Href, Tel, Text string }](t, p, `(li => li && {
		who: li.querySelector("strong a") ? li.querySelector("strong a").firstChild.textContent : "",
		href: li.querySelector("strong a") ? li.querySelector("strong a").getAttribute("href") : "",
		tel: li.querySelector('a[href^="tel:"]') ? li.querySelector('a[href^="tel:"]').getAttribute("href") : "",
		text: li.textContent})(document.querySelector('#ff-root .ff-contacts li[data-kind="carrier"]'))`)
	if got.Who != "Example Mobile" || got.Href != "https://example.com/support" || got.Tel != "tel:+18005550100" ||
		!strings.Contains(got.Text, "Every day, 8:00 to 22:00") || !strings.Contains(got.Text, "They can check your SIM and plan.") {
		t.Errorf("after the takeover the escalation's carrier is %+v; want the site configuration's, with the guide's why", got)
	}
}
