// fixflow page script: the host's accent and radius, a thin loading bar
// while the wasm downloads, the server's page back if the wasm ever dies
// after taking over, and update checks for the installed app. Loaded with
// defer on every widget page, after wasm_exec.js and before go-app's app.js
// (see internal/site/page.go); no inline script or style anywhere (the CSP
// forbids both).
(function () {
  "use strict";

  var d = document, html = d.documentElement;

  // go-app's engine reads window.localStorage as it starts (it walks the
  // store to drop expired states) and does not catch what that throws. A
  // browser that blocks site data (Chromium's "Block cookies and site data",
  // Safari's "Block All Cookies") throws a SecurityError on that read, and
  // from a property read inside Go the exception ends the program before it
  // draws anything. So where reading a store throws, it is replaced, for
  // this page only, by one kept in memory: the walk itself lives in the URL.
  ["localStorage", "sessionStorage"].forEach(function (name) {
    try {
      window[name].length; // throws where the store is blocked
    } catch (e) {
      try {
        Object.defineProperty(window, name, { configurable: true, value: memoryStorage() });
        html.setAttribute("data-fixflow-storage", "memory");
      } catch (e2) { /* nothing more to do: the Go side guards its own reads */ }
    }
  });
  function memoryStorage() {
    var items = {};
    var own = function (k) { return Object.prototype.hasOwnProperty.call(items, k); };
    var store = {
      getItem: function (k) { k = String(k); return own(k) ? items[k] : null; },
      setItem: function (k, v) { items[String(k)] = String(v); },
      removeItem: function (k) { delete items[String(k)]; },
      clear: function () { items = {}; },
      key: function (i) { var ks = Object.keys(items); return i >= 0 && i < ks.length ? ks[i] : null; }
    };
    Object.defineProperty(store, "length", { get: function () { return Object.keys(items).length; } });
    return store;
  }

  // The host's accent colour and corner radius: the server validated them
  // and wrote them as data attributes of the widget's root; they become
  // custom properties of <html> through the CSSOM (an inline style
  // attribute would need 'unsafe-inline'), so they survive the wasm
  // replacing the root.
  var root = d.getElementById("ff-root");
  if (root) {
    var accent = root.getAttribute("data-accent"), radius = root.getAttribute("data-radius");
    if (accent && /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(accent)) {
      html.style.setProperty("--ff-host-accent", accent);
    }
    if (radius && /^([12]?[0-9]|3[0-2])$/.test(radius)) {
      html.style.setProperty("--ff-host-radius", radius + "px");
    }
  }

  // go-app re-renders rather than hydrates: once the wasm has taken over,
  // the server's page is gone, and if the Go program then stops (a panic
  // ends it) nothing would be left on screen. wasm_exec.js's Go.run returns
  // a promise that settles when the program ends, which for go-app only
  // ever happens on a crash: then the server's page of the current URL comes
  // back (fetched again, so it shows the step the walk reached; else the
  // copy kept here), its links work as plain links, and the wasm is not
  // started again on this page. Pages from then on load normally.
  var saved = root ? root.cloneNode(true) : null;
  var Go = window.Go;
  if (Go && Go.prototype && typeof Go.prototype.run === "function") {
    var run = Go.prototype.run;
    Go.prototype.run = function () {
      var done = run.apply(this, arguments);
      Promise.resolve(done).then(fallBack, fallBack);
      return done;
    };
  }
  function fallBack() {
    html.setAttribute("data-fixflow-fallback", "");
    html.removeAttribute("data-fixflow-ready");
    window.fixflowNavigate = undefined; // frame.js navigates plainly again
    var put = function (fresh) {
      var cur = d.body.firstElementChild;
      if (fresh && cur) {
        d.body.replaceChild(d.importNode(fresh, true), cur);
      }
      html.setAttribute("data-fixflow-fallback", "done");
    };
    var fail = function () { put(saved); };
    try {
      fetch(location.href, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) {
          throw new Error("status " + r.status);
        }
        return r.text();
      }).then(function (text) {
        var page = new DOMParser().parseFromString(text, "text/html");
        var fresh = page.getElementById("ff-root");
        fresh ? put(fresh) : fail();
      }).catch(fail);
    } catch (e) {
      fail();
    }
  }

  // go-app writes the download progress into #app-wasm-loader-label; show it
  // as the bar's width instead of a full-screen overlay.
  var loader = d.getElementById("app-wasm-loader");
  var label = d.getElementById("app-wasm-loader-label");
  if (loader && label && window.MutationObserver) {
    var show = function () {
      var pct = parseInt(label.textContent, 10);
      if (!isNaN(pct)) {
        loader.style.setProperty("--ff-load", Math.max(2, Math.min(100, pct)) + "%");
      }
    };
    new MutationObserver(show).observe(label, { childList: true, characterData: true, subtree: true });
    show();
  }

  // go-app reports an "update" when a worker activates and the page has a
  // controller, which is also true on the very first visit (the new worker
  // claims the page). Only a page that was already controlled when it
  // loaded can be out of date; the widget reads this flag.
  window.fixflowControlledAtLoad = !!(navigator.serviceWorker && navigator.serviceWorker.controller);

  // A new version is looked for when the page becomes visible again and
  // every 30 minutes while it stays open; go-app's worker registration does
  // the rest and the page offers "Reload".
  var check = function () {
    if (typeof window.goappTryUpdate === "function") {
      window.goappTryUpdate();
    }
  };
  d.addEventListener("visibilitychange", function () {
    if (d.visibilityState === "visible") {
      check();
    }
  });
  setInterval(check, 30 * 60 * 1000);
})();
