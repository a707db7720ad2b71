package browsertest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/fixflow/fixflow/internal/proc"
)

// DefaultChromiumPath is where Debian's chromium package puts the browser.
// The environment variable CHROMIUM overrides it.
const DefaultChromiumPath = "/usr/bin/chromium"

// Desktop viewport of Chrome and WebKit, in CSS pixels.
const (
	DesktopWidth  = 1280
	DesktopHeight = 900
)

// Mobile viewport of the Mobile option, in CSS pixels, with its device scale.
const (
	MobileWidth  = 390
	MobileHeight = 844
	MobileScale  = 3
)

// startTimeout bounds each start-up step of a browser or a helper process.
const startTimeout = 30 * time.Second

// ChromeOption changes how Chrome starts.
type ChromeOption func(*chromeConfig)

type chromeConfig struct {
	width, height int
	mobile        bool
	flags         map[string]any
	prefs         map[string]any
}

// WindowSize sets the window (and so the viewport) size of headless Chromium,
// in CSS pixels. The default is DesktopWidth x DesktopHeight.
func WindowSize(width, height int) ChromeOption {
	return func(c *chromeConfig) { c.width, c.height = width, height }
}

// Mobile emulates a phone: a MobileWidth x MobileHeight viewport with device
// scale MobileScale, a mobile layout viewport (meta viewport is honoured) and
// touch events. The user agent stays Chromium's.
func Mobile() ChromeOption {
	return func(c *chromeConfig) { c.mobile = true }
}

// ChromeFlag adds a command line flag: --name=value for a string value, --name
// for true, and it removes a default flag for false.
func ChromeFlag(name string, value any) ChromeOption {
	return func(c *chromeConfig) { c.flags[name] = value }
}

// Preferences starts Chromium on a new profile whose preferences (its
// Default/Preferences file) are prefs before the browser starts, as if the
// user had set them in the browser's settings. For example
//
//	{"profile": {"default_content_setting_values": {"cookies": 2}}}
//
// is "Block cookies and site data" for every site: window.localStorage
// then throws SecurityError. The profile lives in the browser's temporary
// directory and is removed with it when the test ends.
func Preferences(prefs map[string]any) ChromeOption {
	return func(c *chromeConfig) { c.prefs = prefs }
}

// writeProfile makes a profile directory under dir whose preferences are
// prefs, and returns its path.
func writeProfile(dir string, prefs map[string]any) (string, error) {
	b, err := json.Marshal(prefs)
	if err != nil {
		return "", fmt.Errorf("the preferences: %w", err)
	}
	profile := filepath.Join(dir, "profile")
	if err := os.MkdirAll(filepath.Join(profile, "Default"), 0o755); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(profile, "Default", "Preferences"), b, 0o644); err != nil {
		return "", err
	}
	return profile, nil
}

// chromiumPath returns the browser binary, or an error that says how to get it.
func chromiumPath() (string, error) {
	path := DefaultChromiumPath
	if p := os.Getenv("CHROMIUM"); p != "" {
		path = p
	}
	st, err := os.Stat(path)
	if err != nil || st.IsDir() || st.Mode()&0o111 == 0 {
		return "", fmt.Errorf("browsertest: Chromium is missing: no executable at %s "+
			"(set $CHROMIUM to use another binary). Install it with "+
			"`apt-get install -y chromium` or run scripts/deps.sh", path)
	}
	return path, nil
}

// ChromiumOptions are the allocator options every headless Chromium of the
// project starts with (the tests here and `make bench`): off the network
// (no background networking, component updates, sync, QUIC), no sandbox (it
// runs as root in CI), no back-forward cache (a page restored from it fires
// no load event, so chromedp.NavigateBack would wait forever), the window
// size, its output to out, and tmp as its TMPDIR for shared memory files.
// No UserDataDir: chromedp makes a fresh profile and removes it.
func ChromiumOptions(path string, width, height int, out io.Writer, tmp string) []chromedp.ExecAllocatorOption {
	return append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("disable-features", "BackForwardCache,Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,InterestFeedContentSuggestions"),
		chromedp.Flag("no-pings", true),
		chromedp.Flag("lang", "en-US"),
		chromedp.WindowSize(width, height),
		chromedp.CombinedOutput(out),
		chromedp.Env("TMPDIR="+tmp),
	)
}

// Chrome starts a headless Chromium for the test and returns a chromedp
// context of its first tab. The browser runs with a fresh temporary profile
// and the flags that keep it off the network (no background networking,
// component updates, sync or QUIC), and stops when the test ends (t.Cleanup).
//
// It fails the test with an install hint when Chromium is missing. The context
// has no deadline: derive one with context.WithTimeout for the test's steps.
func Chrome(t testing.TB, opts ...ChromeOption) context.Context {
	t.Helper()
	ctx, _ := chrome(t, opts...)
	return ctx
}

// chrome is Chrome, and the action that sets the viewport of a tab.
func chrome(t testing.TB, opts ...ChromeOption) (context.Context, chromedp.Action[chromedp.Void]) {
	t.Helper()
	cfg := &chromeConfig{width: DesktopWidth, height: DesktopHeight, flags: map[string]any{}}
	for _, o := range opts {
		o(cfg)
	}
	path, err := chromiumPath()
	if err != nil {
		t.Fatal(err)
	}
	takeSlot(t)

	// Chromium keeps its shared memory files in $TMPDIR (the flag
	// disable-dev-shm-usage, for containers with a small /dev/shm) and leaves
	// an org.chromium.Chromium.* directory there per run: give it a
	// temporary directory of its own and remove that after it stops.
	tmp, err := os.MkdirTemp("", "browsertest-chromium-")
	if err != nil {
		t.Fatalf("browsertest: %v", err)
	}
	out := proc.NewTailBuffer(32 << 10)
	allocOpts := ChromiumOptions(path, cfg.width, cfg.height, out, tmp)
	if cfg.prefs != nil {
		profile, err := writeProfile(tmp, cfg.prefs)
		if err != nil {
			os.RemoveAll(tmp)
			t.Fatalf("browsertest: a Chromium profile with preferences: %v", err)
		}
		// chromedp neither makes nor removes a profile it is given: the
		// clean-up below removes it with tmp.
		allocOpts = append(allocOpts, chromedp.UserDataDir(profile))
	}
	for name, value := range cfg.flags {
		allocOpts = append(allocOpts, chromedp.Flag(name, value))
	}
	// No UserDataDir (unless Preferences): chromedp then makes a fresh
	// temporary profile and removes it (after killing leftover children)
	// when the browser stops.
	allocCtx, allocCancel := chromedp.NewExecAllocator(context.Background(), allocOpts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancel()
		allocCancel() // waits until the browser has exited
		if err := os.RemoveAll(tmp); err != nil {
			t.Logf("browsertest: removing Chromium's temporary directory: %v", err)
		}
		if t.Failed() {
			if s := chromiumOutput(out.Bytes()); s != "" {
				t.Logf("browsertest: Chromium output:\n%s", s)
			}
		}
	})

	// The window size flag leaves the viewport smaller than the window
	// (headless keeps room for a toolbar), so set the viewport itself.
	viewport := chromedp.EmulateViewport(int64(cfg.width), int64(cfg.height))
	if cfg.mobile {
		viewport = chromedp.EmulateViewport(MobileWidth, MobileHeight,
			chromedp.EmulateScale(MobileScale), chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	// The first Run starts the browser. It must not get a deadline (that
	// would stop the browser), so bound it from outside.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(ctx, viewport) }()
	select {
	case err := <-started:
		if err != nil {
			t.Fatalf("browsertest: starting Chromium (%s) failed: %v\nbrowser output:\n%s", path, err, chromiumOutput(out.Bytes()))
		}
	case <-time.After(startTimeout):
		t.Fatalf("browsertest: Chromium (%s) did not start within %v\nbrowser output:\n%s", path, startTimeout, chromiumOutput(out.Bytes()))
	}
	return ctx, viewport
}

// chromiumOutput is the browser's output without the noise of a machine with
// no D-Bus (CI, containers) and of Debian's launcher script.
func chromiumOutput(b []byte) string {
	var keep []string
	dropped := 0
	for _, line := range strings.Split(string(bytes.TrimSpace(b)), "\n") {
		if strings.Contains(line, ":ERROR:dbus/") || strings.Contains(line, "unexpected operator") {
			dropped++
			continue
		}
		keep = append(keep, line)
	}
	if dropped > 0 {
		keep = append(keep, fmt.Sprintf("(%d lines about D-Bus and the launcher script left out)", dropped))
	}
	return strings.TrimSpace(strings.Join(keep, "\n"))
}
