// Package browsertest runs the fixflow widget's browser tests in a real
// Chromium (through chromedp) and a real WebKit (WebKitGTK's MiniBrowser
// through WebKitWebDriver), and checks pages with axe-core.
//
// The tests are plain Go tests: no build tag, no t.Skip. A missing browser,
// driver, Xvfb or axe-core fails the test and says what to install;
// scripts/deps.sh installs all of it (Debian packages chromium,
// webkit2gtk-driver and xvfb; axe-core from package-lock.json with npm ci).
//
// # Chromium
//
// Chrome starts a headless Chromium with a fresh profile and a 1280x900
// viewport (Mobile() for a 390x844 phone at device scale 3 with touch) and
// returns a chromedp context; everything stops when the test ends:
//
//	ctx := browsertest.Chrome(t)
//	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
//	defer cancel()
//	err := chromedp.Do(ctx,
//		chromedp.Navigate(srv.URL),
//		chromedp.WaitVisible(chromedp.CSS("#start")),
//		chromedp.Click(chromedp.CSS("#start")),
//	)
//	if vs := browsertest.AxeChrome(ctx, t); len(vs) > 0 {
//		t.Errorf("accessibility:\n%s", browsertest.FormatViolations(vs))
//	}
//
// Set $CHROMIUM to use another binary than /usr/bin/chromium. The
// back-forward cache is off, so that chromedp.NavigateBack sees a load.
//
// # WebKit
//
// WebKit starts Xvfb (when $DISPLAY is unset, or BROWSERTEST_XVFB=1),
// WebKitWebDriver on a free port and a session, and returns a small W3C
// WebDriver client; the viewport is 1280x900:
//
//	d := browsertest.WebKit(t)
//	if err := d.Navigate(srv.URL); err != nil { t.Fatal(err) }
//	btn, err := d.WaitFor("#start", 10*time.Second)
//	...
//	err = btn.Click()
//	err = d.Keys(browsertest.KeyTab + browsertest.KeyEnter)
//	v, err := d.Exec(`return document.title`)
//	if vs := browsertest.AxeWebKit(d, t); len(vs) > 0 { ... }
//
// SwitchToFrame(&iframe) sends the next commands into an iframe (nil: back
// to the page); Command sends any other W3C command of the session. Errors of
// the driver are *Error values: IsErrorCode(err, "no such element").
//
// Things to know about WebKit: one browser per WebKit call, and its start
// costs about 2 s (10 to 20 s on a busy 2-core machine), so share one per
// test function; Element.Click on a link does not wait for the new page, so
// wait with WaitFor or WaitUntil; "no such frame" errors happen while a page unloads (WaitFor
// retries them); MiniBrowser's window is at least 447 pixels wide, so phone
// widths need Chromium's Mobile(). Each command has a 45 s HTTP timeout, page
// loads and scripts 30 s.
//
// # axe-core
//
// AxeChrome and AxeWebKit inject node_modules/axe-core/axe.min.js (from the
// module root) into the current page when it has no window.axe, run it with
// the tags in AxeTags (WCAG 2.0/2.1/2.2 A and AA, and best practices) and
// return the violations. AxeInclude, AxeExclude and AxeDisableRules narrow the
// check, for example to the widget's root on a host page.
//
// # Screenshots
//
// SaveScreenshot(t, png, path) writes a PNG from chromedp.CaptureScreenshot or
// WebDriver.Screenshot; put it under t.ArtifactDir() so that
// `go test -artifacts` keeps it.
package browsertest
