// Package browsertest runs the fixflow widget's browser tests in a real
// Chromium (through chromedp) and a real WebKit (WebKitGTK's MiniBrowser
// through WebKitWebDriver), and checks pages with axe-core.
//
// # Running them
//
// Tests that start a browser live in files with the build tag `browser`:
//
//	go test -tags browser ./...       # what `make test` and CI run
//	go test ./...                     # everything else: no browser, no build
//
// With the tag, a missing browser, driver, Xvfb or axe-core fails the test
// and says what to install; scripts/deps.sh installs all of it (Debian
// packages chromium, webkit2gtk-driver and xvfb; axe-core from
// package-lock.json with npm ci).
//
// Browser tests call t.Parallel. At most $BROWSERTEST_SLOTS tests run
// browsers at once on the machine (default: the number of CPUs), across all
// test processes: a test waits for a slot before its first browser starts
// and holds it, for its subtests too, until it ends.
//
// # Pages
//
// A Page is one page of either browser, so a scenario is written once:
//
//	for _, p := range []browsertest.Page{browsertest.NewChromePage(t), browsertest.NewWebKitPage(t)} {
//		p.Open(t, srv.URL)
//		p.WaitJS(t, `document.documentElement.hasAttribute("data-ready")`, "the app to start", 30*time.Second)
//		p.Click(t, "#start")
//		p.Key(t, browsertest.KeyTab+browsertest.KeyEnter)
//		step := browsertest.JSString(t, p, `document.body.dataset.step`)
//		if vs := p.Axe(t); len(vs) > 0 {
//			t.Errorf("accessibility:\n%s", browsertest.FormatViolations(vs))
//		}
//	}
//
// Every wait is on a condition: WaitJS re-checks a JavaScript condition in
// the page on every DOM change and every 25 ms, across page loads, and
// fails naming what it waited for and the condition's last value; WaitOK
// waits for an expression to say "ok" (any other value explains what is
// missing); Until waits on any Go probe. Click waits until its element is
// displayed, at rest and not covered before it clicks; in a frame it
// clicks through the top page, whose scroll it adjusts. EvalAs, JSString,
// JSInt, JSFloat and JSBool give typed results. Frame(css) is the page of
// an iframe (another origin's too).
//
// ChromePage.Context is the chromedp context for what only Chromium does
// (emulation, the DevTools protocol; NewTab opens another tab;
// AddInitScript runs a script in every new document before the page's
// own); WebKitPage.Driver is the W3C WebDriver session.
//
// # Chromium
//
// NewChromePage (or Chrome, for a bare chromedp context) starts a headless
// Chromium with a fresh profile and a 1280x900 viewport (Mobile() for a
// 390x844 phone at device scale 3 with touch; Preferences for a profile
// with settings a user made, like blocking site data); it stops when the
// test ends. Set $CHROMIUM to use another binary than /usr/bin/chromium.
// The back-forward cache is off, so that going back loads the page.
//
// # WebKit
//
// NewWebKitPage (or WebKit, for the bare WebDriver session) starts Xvfb
// (when $DISPLAY is unset, or BROWSERTEST_XVFB=1), WebKitWebDriver on a
// free port and a session; the viewport is 1280x900. Its helper processes
// are started with internal/proc: their own process group, and killed if
// the test binary dies.
//
// Things to know about WebKit: its start costs about 2 s (10 to 20 s on a
// busy 2-core machine), so share one per test function; WebDriver's element
// click does not wait for a new page; "no such frame" errors happen while a
// page unloads (the waits retry them); WebKitWebDriver's element click in an
// iframe does not scroll the top page, so Page.Click in a frame clicks at a
// point of the top page instead; MiniBrowser's window is at least 447 pixels
// wide, so phone widths need Chromium's Mobile(). Each command has a 45 s
// HTTP timeout, page loads and scripts 30 s.
//
// # axe-core
//
// Page.Axe (AxeChrome and AxeWebKit underneath) injects
// node_modules/axe-core/axe.min.js (from the module root) when the page has
// no window.axe, runs it with the tags in AxeTags (WCAG 2.0/2.1/2.2 A and
// AA, and best practices) and returns the violations. AxeInclude,
// AxeExclude and AxeDisableRules narrow the check.
//
// # Screenshots
//
// SaveScreenshot(t, png, path) writes a PNG from Page.Screenshot; put it
// under t.ArtifactDir() so that `go test -artifacts` keeps it.
package browsertest
