package browsertest

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fixflow/fixflow/internal/proc"
)

// Environment variables that change how WebKit starts.
const (
	// EnvWebKitDriver is the path of WebKitWebDriver (default: $PATH, then
	// /usr/bin/WebKitWebDriver, where Debian's webkit2gtk-driver puts it).
	EnvWebKitDriver = "WEBKIT_WEBDRIVER"
	// EnvMiniBrowser is the browser the driver starts (default: the
	// MiniBrowser of webkit2gtk-4.1, under /usr/lib/<arch>/webkit2gtk-4.1/).
	EnvMiniBrowser = "WEBKIT_MINIBROWSER"
	// EnvForceXvfb, when "1", starts Xvfb even if $DISPLAY is set, so no
	// window shows up on a developer's desktop.
	EnvForceXvfb = "BROWSERTEST_XVFB"
)

// webkitInstallHint is what to run when a part of the WebKit set-up is missing.
const webkitInstallHint = "install it with `apt-get install -y webkit2gtk-driver xvfb` or run scripts/deps.sh"

// WebKit starts a real WebKit (WebKitGTK's MiniBrowser, driven by
// WebKitWebDriver) and returns a WebDriver session. WebKitGTK has no headless
// mode, so without $DISPLAY the browser runs in an Xvfb of its own. The
// viewport is DesktopWidth x DesktopHeight (see SetViewportSize). Everything
// stops when the test ends (t.Cleanup): the session, the browser, the driver
// and Xvfb.
//
// It fails the test, saying what to install, when WebKitWebDriver or Xvfb is
// missing, and saying which step failed (with the driver's output) when the
// start-up fails. Each step has a timeout of at most 30 s.
func WebKit(t testing.TB) *WebDriver {
	t.Helper()
	start := time.Now()
	driverPath, err := findWebKitDriver()
	if err != nil {
		t.Fatal(err)
	}
	takeSlot(t)

	var steps []string
	step := func(name string) {
		steps = append(steps, fmt.Sprintf("%s %v", name, time.Since(start).Round(time.Millisecond)))
	}
	display := os.Getenv("DISPLAY")
	if display == "" || os.Getenv(EnvForceXvfb) == "1" {
		xvfb, disp, err := startXvfb()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { xvfb.Stop(2 * time.Second) })
		display = disp
		step("Xvfb")
	}

	// Up to three drivers: a port can be taken between freePort and the
	// driver's bind, and a browser can die at start on a busy machine.
	var (
		d      *WebDriver
		driver *proc.Proc
		errs   []string
	)
	for attempt := 1; attempt <= 3 && d == nil; attempt++ {
		p, port, err := startWebKitDriver(driverPath, display)
		if err != nil {
			errs = append(errs, fmt.Sprintf("attempt %d: starting the driver: %v", attempt, err))
			continue
		}
		if attempt == 1 {
			step("driver")
		}
		s := newWebDriver(display, port)
		if err := s.newSession(); err != nil {
			errs = append(errs, fmt.Sprintf("attempt %d: creating a session: %v\n%s", attempt, err, p.Describe()))
			s.client.CloseIdleConnections()
			p.Stop(3 * time.Second)
			if errors.Is(err, context.DeadlineExceeded) {
				break // a browser that hangs at start hangs again
			}
			continue
		}
		d, driver = s, p
	}
	if d == nil {
		t.Fatalf("browsertest: WebKit did not start (driver %s, display %s):\n%s", driverPath, display, strings.Join(errs, "\n"))
	}
	t.Cleanup(func() {
		if err := d.Close(); err != nil {
			t.Logf("browsertest: ending the WebKit session: %v", err)
		}
		d.client.CloseIdleConnections()
		driver.Stop(3 * time.Second)
		if t.Failed() {
			t.Logf("browsertest: %s", driver.Describe())
		}
	})
	if len(errs) > 0 {
		t.Logf("browsertest: WebKit started after failed attempts:\n%s", strings.Join(errs, "\n"))
	}
	step("session")
	if err := d.SetViewportSize(DesktopWidth, DesktopHeight); err != nil {
		t.Fatalf("browsertest: sizing the WebKit viewport to %dx%d: %v", DesktopWidth, DesktopHeight, err)
	}
	step("viewport")
	t.Logf("browsertest: WebKit %v ready on display %s (%s)", d.Capabilities["browserVersion"], display, strings.Join(steps, ", "))
	return d
}

func newWebDriver(display string, port int) *WebDriver {
	return &WebDriver{
		Display: display,
		base:    "http://127.0.0.1:" + strconv.Itoa(port),
		client: &http.Client{
			// Longer than the session's page load and script timeouts,
			// so that those come back as WebDriver errors.
			Timeout:   45 * time.Second,
			Transport: &http.Transport{Proxy: nil, DisableCompression: true},
		},
	}
}

// findWebKitDriver returns the WebKitWebDriver binary.
func findWebKitDriver() (string, error) {
	if p := os.Getenv(EnvWebKitDriver); p != "" {
		if _, err := exec.LookPath(p); err != nil {
			return "", fmt.Errorf("browsertest: WebKitWebDriver is missing: $%s=%s is not an executable (%v); unset it, or %s",
				EnvWebKitDriver, p, err, webkitInstallHint)
		}
		return p, nil
	}
	for _, p := range []string{"WebKitWebDriver", "/usr/bin/WebKitWebDriver"} {
		if found, err := exec.LookPath(p); err == nil {
			return found, nil
		}
	}
	return "", fmt.Errorf("browsertest: WebKitWebDriver is missing (not in $PATH nor /usr/bin; or set $%s): %s",
		EnvWebKitDriver, webkitInstallHint)
}

// findMiniBrowser returns the MiniBrowser binary, or "" to let the driver pick
// its default.
func findMiniBrowser() string {
	if p := os.Getenv(EnvMiniBrowser); p != "" {
		return p
	}
	for _, pattern := range []string{
		"/usr/lib/*/webkit2gtk-4.1/MiniBrowser",
		"/usr/lib/*/webkit2gtk-4.0/MiniBrowser",
		"/usr/libexec/webkit2gtk-4.*/MiniBrowser",
	} {
		if m, _ := filepath.Glob(pattern); len(m) > 0 {
			return m[0]
		}
	}
	return ""
}

// startXvfb starts an X server on a free display (Xvfb picks it: -displayfd)
// and returns it with its display name, like ":3".
func startXvfb() (*proc.Proc, string, error) {
	path, err := exec.LookPath("Xvfb")
	if err != nil {
		return nil, "", fmt.Errorf("browsertest: $DISPLAY is unset and Xvfb is missing (WebKitGTK has no headless mode): %s", webkitInstallHint)
	}
	var errs []string
	for attempt := 1; attempt <= 3; attempt++ {
		p, disp, err := startXvfbOnce(path)
		if err == nil {
			return p, disp, nil
		}
		errs = append(errs, fmt.Sprintf("attempt %d: %v", attempt, err))
	}
	return nil, "", fmt.Errorf("browsertest: Xvfb (%s) did not start:\n%s", path, strings.Join(errs, "\n"))
}

func startXvfbOnce(path string) (*proc.Proc, string, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, "", err
	}
	defer r.Close()
	cmd := exec.Command(path, "-displayfd", "3", "-screen", "0", "1920x1080x24",
		"-nolisten", "tcp", "-noreset", "-dpi", "96")
	cmd.ExtraFiles = []*os.File{w} // fd 3
	p, err := proc.Start("Xvfb", cmd, proc.Options{})
	w.Close()
	if err != nil {
		return nil, "", err
	}
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(r).ReadString('\n')
		line <- strings.TrimSpace(s)
	}()
	const timeout = 20 * time.Second
	select {
	case s := <-line:
		if _, err := strconv.Atoi(s); err != nil {
			p.Stop(time.Second)
			return nil, "", fmt.Errorf("no display number from Xvfb (%q); %s", s, p.Describe())
		}
		return p, ":" + s, nil
	case <-time.After(timeout):
		p.Stop(time.Second)
		return nil, "", fmt.Errorf("no display from Xvfb within %v; %s", timeout, p.Describe())
	}
}

// browserEnv is the environment of the driver and the browser: X11 on
// display, no accessibility bus (no session D-Bus in CI).
func browserEnv(display string) []string {
	var env []string
	for _, kv := range os.Environ() {
		switch strings.SplitN(kv, "=", 2)[0] {
		case "DISPLAY", "WAYLAND_DISPLAY", "GDK_BACKEND", "NO_AT_BRIDGE":
			continue
		}
		env = append(env, kv)
	}
	return append(env, "DISPLAY="+display, "GDK_BACKEND=x11", "NO_AT_BRIDGE=1")
}

// startWebKitDriver starts WebKitWebDriver on a free port and waits until its
// /status says ready.
func startWebKitDriver(path, display string) (*proc.Proc, int, error) {
	port, err := proc.FreePort()
	if err != nil {
		return nil, 0, fmt.Errorf("finding a free port: %w", err)
	}
	cmd := exec.Command(path, "--port="+strconv.Itoa(port), "--host=local")
	cmd.Env = browserEnv(display)
	p, err := proc.Start("WebKitWebDriver", cmd, proc.Options{})
	if err != nil {
		return nil, 0, err
	}
	const timeout = 20 * time.Second
	client := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{Proxy: nil}}
	defer client.CloseIdleConnections()
	statusURL := fmt.Sprintf("http://127.0.0.1:%d/status", port)
	var last error
	_, err = until(timeout, func() (bool, string) {
		if p.Exited() {
			return true, ""
		}
		ready, err := driverReady(client, statusURL)
		last = err
		return ready, fmt.Sprint(err)
	})
	if p.Exited() {
		return nil, 0, fmt.Errorf("WebKitWebDriver on port %d exited at start (port taken?); %s", port, p.Describe())
	}
	if err == nil {
		return p, port, nil
	}
	p.Stop(time.Second)
	return nil, 0, fmt.Errorf("WebKitWebDriver on port %d was not ready within %v (last: %v); %s", port, timeout, last, p.Describe())
}

func driverReady(client *http.Client, statusURL string) (bool, error) {
	resp, err := client.Get(statusURL)
	if err != nil {
		return false, err
	}
	defer resp.Body.Close()
	var st struct {
		Value struct {
			Ready   bool   `json:"ready"`
			Message string `json:"message"`
		} `json:"value"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		return false, fmt.Errorf("decoding /status: %w", err)
	}
	if !st.Value.Ready {
		return false, fmt.Errorf("/status: not ready: %s", st.Value.Message)
	}
	return true, nil
}

// webkitCapabilities are the capabilities of the new session.
func webkitCapabilities() map[string]any {
	caps := map[string]any{
		"browserName":      "MiniBrowser",
		"pageLoadStrategy": "normal",
		"timeouts":         map[string]int{"implicit": 0, "pageLoad": 30000, "script": 30000},
	}
	if mb := findMiniBrowser(); mb != "" {
		caps["webkitgtk:browserOptions"] = map[string]any{
			"binary": mb,
			// --automation is required; console messages go to the
			// driver's output, which a failing test logs.
			"args": []string{"--automation", "--enable-write-console-messages-to-stdout=true"},
		}
	}
	return caps
}

// newSession creates the WebDriver session; the browser starts now.
func (d *WebDriver) newSession() error {
	var res struct {
		SessionID    string         `json:"sessionId"`
		Capabilities map[string]any `json:"capabilities"`
	}
	err := d.doTimeout(startTimeout, "POST", "/session", map[string]any{
		"capabilities": map[string]any{"alwaysMatch": webkitCapabilities()},
	}, &res)
	if errors.Is(err, context.DeadlineExceeded) {
		browser := findMiniBrowser()
		if browser == "" {
			browser = "the driver's default MiniBrowser"
		}
		return fmt.Errorf("no answer within %v: the driver starts the browser (%s) for a session, and it did not come up on display %s: %w",
			startTimeout, browser, d.Display, err)
	}
	if err != nil {
		return err
	}
	if res.SessionID == "" {
		return errors.New("the driver returned no session id")
	}
	d.SessionID, d.Capabilities = res.SessionID, res.Capabilities
	return nil
}

// Close ends the session, which closes the browser. WebKit's clean-up calls
// it; calling it again does nothing.
func (d *WebDriver) Close() error {
	d.closeOnce.Do(func() {
		if d.SessionID == "" {
			return
		}
		d.closeErr = d.doTimeout(10*time.Second, "DELETE", d.sess(""), nil, nil)
	})
	return d.closeErr
}
