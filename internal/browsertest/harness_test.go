package browsertest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// fatalTB records the message of Fatal/Fatalf and stops the function under
// test with a panic that catchFatal recovers.
type fatalTB struct {
	testing.TB
	msg string
}

type fatalStop struct{}

func (f *fatalTB) Helper() {}
func (f *fatalTB) Fatal(args ...any) {
	f.msg = fmt.Sprint(args...)
	panic(fatalStop{})
}
func (f *fatalTB) Fatalf(format string, args ...any) {
	f.msg = fmt.Sprintf(format, args...)
	panic(fatalStop{})
}

// catchFatal runs fn with a fatalTB and returns the fatal message, or "" if
// fn returned normally.
func catchFatal(t *testing.T, fn func(tb testing.TB)) (msg string) {
	tb := &fatalTB{TB: t}
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(fatalStop); !ok {
				panic(r)
			}
			msg = tb.msg
		}
	}()
	fn(tb)
	return ""
}

func wantAll(t *testing.T, what, msg string, parts ...string) {
	t.Helper()
	if msg == "" {
		t.Fatalf("%s: the test did not fail", what)
	}
	for _, p := range parts {
		if !strings.Contains(msg, p) {
			t.Errorf("%s: message %q lacks %q", what, msg, p)
		}
	}
}

func TestMissingChromiumFails(t *testing.T) {
	t.Setenv("CHROMIUM", filepath.Join(t.TempDir(), "chromium"))
	msg := catchFatal(t, func(tb testing.TB) { Chrome(tb) })
	wantAll(t, "Chrome without Chromium", msg, "Chromium is missing", "apt-get install -y chromium", "scripts/deps.sh")
}

func TestMissingWebKitDriverFails(t *testing.T) {
	t.Setenv(EnvWebKitDriver, filepath.Join(t.TempDir(), "WebKitWebDriver"))
	msg := catchFatal(t, func(tb testing.TB) { WebKit(tb) })
	wantAll(t, "WebKit without WebKitWebDriver", msg, "WebKitWebDriver is missing", "apt-get install -y webkit2gtk-driver", "scripts/deps.sh")
}

func TestAxeSourceMissing(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "internal", "pkg")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(sub)
	msg := catchFatal(t, func(tb testing.TB) { AxeSource(tb) })
	wantAll(t, "AxeSource without node_modules", msg, "axe-core is missing", "run scripts/deps.sh (npm ci)", dir)
}

func TestKeyActions(t *testing.T) {
	down := func(k string) map[string]string { return map[string]string{"type": "keyDown", "value": k} }
	up := func(k string) map[string]string { return map[string]string{"type": "keyUp", "value": k} }
	got := keyActions(KeyShift + KeyTab + KeyShift + "a" + KeyControl + "c")
	want := []map[string]string{
		down(KeyShift), down(KeyTab), up(KeyTab), up(KeyShift),
		down("a"), up("a"),
		down(KeyControl), down("c"), up("c"), up(KeyControl),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("keyActions =\n%q\nwant\n%q", got, want)
	}
}

// TestWebDriverProtocol checks the client against a fake driver.
func TestWebDriverProtocol(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /session/s1/element", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"value":{"error":"no such element","message":"Unable to locate #x","stacktrace":""}}`)
	})
	mux.HandleFunc("POST /session/s1/execute/sync", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"value":[{"element-6066-11e4-a52e-4f735466cecf":"e1"},{"n":1,"el":{"element-6066-11e4-a52e-4f735466cecf":"e2"}}]}`)
	})
	mux.HandleFunc("GET /session/s1/url", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
		fmt.Fprint(w, `<html>proxy error</html>`)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	d := &WebDriver{SessionID: "s1", base: srv.URL, client: srv.Client()}

	_, err := d.Find("#x")
	if !IsErrorCode(err, "no such element") || !strings.Contains(err.Error(), "Unable to locate #x") {
		t.Errorf("Find error = %v", err)
	}
	v, err := d.Exec("return 1")
	if err != nil {
		t.Fatal(err)
	}
	vs := v.([]any)
	if el, ok := vs[0].(Element); !ok || el.ID != "e1" {
		t.Errorf("element result = %#v", vs[0])
	}
	if el, ok := vs[1].(map[string]any)["el"].(Element); !ok || el.ID != "e2" {
		t.Errorf("nested element result = %#v", vs[1])
	}
	if b, _ := (Element{ID: "e1"}).MarshalJSON(); string(b) != `{"element-6066-11e4-a52e-4f735466cecf":"e1"}` {
		t.Errorf("Element JSON = %s", b)
	}
	if _, err := d.URL(); err == nil || !strings.Contains(err.Error(), "HTTP 502, answer is not JSON") {
		t.Errorf("URL error = %v", err)
	}
}

func TestFormatViolations(t *testing.T) {
	vs, err := parseAxe(`{"violations":[{"id":"image-alt","impact":"critical","help":"Images must have alternative text","helpUrl":"https://dequeuniversity.com/rules/axe/4.14/image-alt","nodes":[{"target":["#pic"],"html":"<img id=\"pic\">"},{"target":["iframe","#x >>> b"],"html":"<b>"}]}]}`)
	if err != nil {
		t.Fatal(err)
	}
	if got := vs[0].Targets; !reflect.DeepEqual(got, []string{"#pic", "iframe >>> #x >>> b"}) {
		t.Errorf("Targets = %q", got)
	}
	if s := FormatViolations(vs); !strings.Contains(s, "image-alt (critical): Images must have alternative text: #pic") || !strings.Contains(s, `#pic: <img id="pic">`) {
		t.Errorf("FormatViolations =\n%s", s)
	}
	if _, err := parseAxe(`{"error":"boom"}`); err == nil || err.Error() != "boom" {
		t.Errorf("parseAxe error = %v", err)
	}
}

func TestChromeKeys(t *testing.T) {
	acts, err := chromeKeys("ab" + KeyTab + KeyShift + KeyTab + KeyShift + KeyEnter)
	if err != nil || len(acts) != 5 {
		t.Errorf("chromeKeys = %d actions, %v; want 5 key events", len(acts), err)
	}
	if _, err := chromeKeys(KeyTab + "\uE031"); err == nil || !strings.Contains(err.Error(), "U+E031 has no Chromium equivalent") {
		t.Errorf("chromeKeys of an unmapped key: %v", err)
	}
}

func TestUntilSaysWhatItAwaited(t *testing.T) {
	n := 0
	took := Until(t, "three looks", 10*time.Second, func() (bool, string) { n++; return n == 3, "" })
	if n != 3 || took <= 0 {
		t.Errorf("Until looked %d times in %v", n, took)
	}
	msg := catchFatal(t, func(tb testing.TB) {
		Until(tb, "the impossible", 60*time.Millisecond, func() (bool, string) { return false, "still nothing" })
	})
	wantAll(t, "Until timing out", msg, "timed out after 60ms waiting for the impossible", "last seen: still nothing")
}
