//go:build browser

package site

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/fixflow/fixflow/internal/browsertest"
)

// The export, served by a plain file server, behaves like the Go server:
// the same walk, reload, resume, deep link and keyboard scenario passes.
func TestExportServedStatically(t *testing.T) {
	requireWasm(t)
	dir := exportForTest(t)
	t.Parallel()
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	widgetScenario(t, browsertest.NewChromePage(t), srv.URL, false)
}
