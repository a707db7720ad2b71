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

  // --- which language ----------------------------------------------------
  //
  // A URL that names a language (a path prefix, /es/…, or the lang
  // parameter: an embed's data-lang) is shown in it. Otherwise the server
  // picked one from Accept-Language; here the choice made with the
  // language switch on this device (kept under fixflow:lang) comes first,
  // then navigator.languages, matched against the guide's languages (the
  // switch's) with base-language fallback (es-MX → es, then English), as
  // content.Negotiate does. A page in another language goes to the URL
  // that names the right one (location.replace: the server's page for it,
  // correct before any wasm, and kept by the service worker; English's is
  // /en/…), and this page starts nothing (leaving).
  var LANG_KEY = "fixflow:lang", TAG = /^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$/;
  var leaving = (function () {
    try {
      var first = location.pathname.split("/")[1] || "";
      var here = html.getAttribute("lang") || "";
      if (TAG.test(first) || new URLSearchParams(location.search).get("lang")) {
        return false; // the URL names the language
      }
      var have = [];
      Array.prototype.forEach.call(d.querySelectorAll("#ff-root .ff-langs .ff-lang[lang]"), function (el) {
        var l = el.getAttribute("lang");
        if (TAG.test(l) && have.indexOf(l) < 0) {
          have.push(l);
        }
      });
      if (have.length < 2) {
        return false;
      }
      var prefs = [storedLang()].concat(navigator.languages ? Array.prototype.slice.call(navigator.languages) : [navigator.language]);
      var want = "";
      for (var i = 0; i < prefs.length && !want; i++) {
        want = matchLang(String(prefs[i] || ""), have);
      }
      want = want || (have.indexOf("en") >= 0 ? "en" : have[0]);
      if (want === here) {
        return false;
      }
      location.replace("/" + want + (location.pathname === "/" ? "" : location.pathname) + location.search + location.hash);
      return true;
    } catch (e) {
      return false;
    }
  })();
  function matchLang(want, have) {
    var lower = function (s) { return s.toLowerCase(); }, base = function (s) { return lower(s.split("-")[0]); };
    var i;
    if (!want) {
      return "";
    }
    for (i = 0; i < have.length; i++) {
      if (lower(have[i]) === lower(want)) {
        return have[i];
      }
    }
    for (i = 0; i < have.length; i++) {
      if (lower(have[i]) === base(want)) {
        return have[i];
      }
    }
    for (i = 0; i < have.length; i++) {
      if (base(have[i]) === base(want)) {
        return have[i];
      }
    }
    return "";
  }
  function storedLang() {
    try {
      return window.localStorage.getItem(LANG_KEY) || "";
    } catch (e) {
      return "";
    }
  }
  // A language picked with the switch is kept (before the wasm or go-app
  // handles the click: capture, registered first). Storage may throw.
  d.addEventListener("click", function (e) {
    var a = e.target && e.target.closest ? e.target.closest("#ff-root .ff-langs a.ff-lang[hreflang]") : null;
    var l = a && a.getAttribute("hreflang");
    if (l && TAG.test(l)) {
      try {
        window.localStorage.setItem(LANG_KEY, l);
      } catch (e2) { /* not kept: the URL still names the language */ }
    }
  }, true);

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

  // fixflowFetch(url, done): the wasm's fetch of its data (the index, a
  // guide, a language's words: components/fetch.go): done(null, text), or
  // done(why).
  window.fixflowFetch = function (url, done) {
    fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) {
        throw new Error("status " + r.status);
      }
      return r.text();
    }).then(function (text) { done(null, text); }, function (e) { done(String(e)); });
  };

  // --- when the wasm starts ---------------------------------------------
  //
  // The prerendered page is the step the wasm would draw: its links work as
  // plain links. Starting the Go program costs one long main-thread task
  // (the Go runtime, go-app's mount and first render), and a tap that comes
  // during it waits for it. So the wasm is downloaded and compiled as soon
  // as the page loads (off the main thread; app.js, patched by the server:
  // see internal/site/goapp.go), but it starts only when it has something
  // to do:
  //   - on the first tap of a control of the widget (a choice, Back, Start
  //     over, Copy, Share, Print...): the control is marked busy at once
  //     (data-ff-pending, aria-busy), the wasm starts after that frame is
  //     painted, and once it has taken over, the tap is given again to the
  //     same control in the wasm's page. Before the wasm is compiled, on a
  //     first visit a link simply navigates (with the busy mark); on a page
  //     the service worker controls (maybe offline) it waits for the wasm,
  //     as a button does;
  //   - at once when the page differs from what the wasm would draw: a walk
  //     kept on this device to resume on the guide's start page;
  //   - as soon as it is compiled where window.fixflowBoot is "load", or
  //     when the browser is idle where it is "idle" (for measuring).
  // Offline, a warm page has the wasm from the service worker's cache,
  // compiled before any tap, so every tap of a walk is answered by the wasm.
  var policy = window.fixflowBoot === "load" || window.fixflowBoot === "idle" ? window.fixflowBoot : "tap";
  var started = false, armed = false, replay = null, asked = false, failed = false;
  var release;
  window.fixflowBootSignal = new Promise(function (resolve) { release = resolve; });
  window.fixflowArmed = function () { // app.js: the module is compiled
    if (leaving) {
      return; // the page in the reader's language is on its way
    }
    armed = true;
    html.setAttribute("data-fixflow-armed", "");
    if (policy === "load" || differs()) {
      start(policy === "load" ? "load" : "differs");
    } else if (policy === "idle") {
      (window.requestIdleCallback || function (f) { setTimeout(f, 1); })(function () { start("idle"); });
    } else if (replay || asked) {
      start(replay ? "tap" : "asked");
    }
  };
  // fixflowBootFailed: app.js could not compile or start the wasm (an old
  // browser, a broken download). A tap held for it is given to the page as
  // it is: a link navigates.
  window.fixflowBootFailed = function () {
    failed = true;
    html.setAttribute("data-fixflow-boot", "failed");
    letGo();
  };
  function letGo() {
    var r = replay;
    replay = null;
    if (r) {
      busy(r.el, false);
      if (r.href !== null) {
        location.assign(r.href);
      }
    }
  }
  // fixflowStart starts the wasm now (or once it is compiled), tap or not:
  // for a host page that wants it running, and for tests.
  window.fixflowStart = function () {
    asked = true;
    if (armed) {
      start("asked");
    }
  };
  function start(why) {
    if (!started) {
      started = true;
      html.setAttribute("data-fixflow-boot", why);
      release(why);
      if (replay) {
        replayWhenReady();
      }
    }
  }
  // differs: "/" or a guide's start (under a language prefix or not: "/"
  // may have sent the reader to "/en"), with a walk kept on this device
  // that the wasm would resume.
  function differs() {
    var g = root && root.getAttribute("data-guide");
    var path = location.pathname.replace(/\/+$/, "");
    if (TAG.test(path.split("/")[1] || "")) {
      path = path.slice(path.indexOf("/", 1) < 0 ? path.length : path.indexOf("/", 1));
    }
    if (!g || new URLSearchParams(location.search).get("s") || (path !== "" && path !== "/" + g)) {
      return false;
    }
    try {
      return !!window.localStorage.getItem("fixflow:" + g);
    } catch (e) {
      return false;
    }
  }
  // pathTo is where el sits under #ff-root, as child indexes: the wasm's
  // first page is drawn from the same URL, so the same path finds the same
  // control there.
  function pathTo(el, top) {
    var path = [];
    for (; el && el !== top; el = el.parentElement) {
      path.unshift(Array.prototype.indexOf.call(el.parentElement.children, el));
    }
    return el === top ? path : null;
  }
  function follow(top, path) {
    for (var i = 0; top && i < path.length; i++) {
      top = top.children[path[i]];
    }
    return top;
  }
  function busy(el, on) {
    if (on) {
      el.setAttribute("data-ff-pending", "");
      el.setAttribute("aria-busy", "true");
    } else {
      el.removeAttribute("data-ff-pending");
      el.removeAttribute("aria-busy");
    }
  }
  d.addEventListener("click", function (e) {
    if (leaving || failed || html.hasAttribute("data-fixflow-ready") || html.hasAttribute("data-fixflow-fallback") ||
        e.defaultPrevented || e.button || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) {
      return; // the wasm has the page (or it died): nothing to hold
    }
    var top = d.getElementById("ff-root");
    var el = e.target && e.target.closest ? e.target.closest("a[href], button") : null;
    if (!top || !el || !top.contains(el)) {
      return;
    }
    if (replay) {
      // A tap is already waiting for the wasm: this one waits with it.
      e.preventDefault();
      e.stopImmediatePropagation();
      return;
    }
    var link = el.tagName === "A";
    if (link && (el.target && el.target !== "_self" || el.origin !== location.origin || el.hash && el.pathname === location.pathname && el.search === location.search)) {
      return; // another site, a new tab, the skip link: nothing for the wasm
    }
    busy(el, true);
    if (link && !armed && !started && !(navigator.serviceWorker && navigator.serviceWorker.controller)) {
      // A first visit, the wasm still on its way: the link navigates (and
      // frame.js sees it too). A page the service worker controls has the
      // wasm in its cache, compiled in a moment, and may be offline, where
      // the next step's page is not to be had: it waits for the wasm.
      return;
    }
    e.preventDefault();
    e.stopImmediatePropagation();
    replay = { path: pathTo(el, top), tag: el.tagName, href: link ? el.getAttribute("href") : null, el: el, top: top, at: performance.now() };
    if (!armed && !started) {
      // Held for a wasm still being compiled; should it never come (the
      // cache evicted, the network gone), the link is followed after all.
      setTimeout(function () {
        if (!started) {
          letGo();
        }
      }, 10000);
    }
    if (started) {
      replayWhenReady(); // started already (a kept walk): given once it has taken over
    } else if (armed) {
      // After the frame that shows the busy mark.
      requestAnimationFrame(function () { setTimeout(function () { start("tap"); }, 0); });
    }
  }, true);
  // A page restored from the back/forward cache keeps no busy mark.
  window.addEventListener("pageshow", function (e) {
    if (e.persisted) {
      Array.prototype.forEach.call(d.querySelectorAll("[data-ff-pending]"), function (el) { busy(el, false); });
    }
  });
  // The wasm has taken over: <html data-fixflow-ready> (set by the Guide as
  // it mounts) and #ff-root is the wasm's own element, no longer the
  // server's. Then, after go-app's current task, give the tap to the same
  // control in its page. Polled with a timer: a MutationObserver can run
  // between the attribute and go-app putting its root in the page.
  function replayWhenReady() {
    var r = replay;
    if (!r || html.hasAttribute("data-fixflow-fallback")) {
      return;
    }
    var top = d.getElementById("ff-root");
    if (!html.hasAttribute("data-fixflow-ready") || !top || top === r.top) {
      if (performance.now() - r.at < 30000) {
        setTimeout(replayWhenReady, 16);
      }
      return;
    }
    replay = null;
    setTimeout(function () {
      var el = follow(d.getElementById("ff-root"), r.path);
      if (el && el.tagName === r.tag && (r.href === null || el.getAttribute("href") === r.href)) {
        el.click();
      } else if (r.href !== null) {
        // The wasm's page differs here: go to the link's address through
        // go-app's own history handling (no request: it works offline).
        history.pushState(null, "", r.href);
        window.dispatchEvent(new PopStateEvent("popstate", { state: null }));
      }
    }, 0);
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

  // The worker keeps every language a page was shown in, whole (its guides,
  // its words, its step pages: app-worker.js). Tell it this page's
  // language once a worker is active, and again when the language switch
  // changes it without a page load.
  if (navigator.serviceWorker && navigator.serviceWorker.ready) {
    var told = "";
    var tell = function () {
      var lang = d.documentElement.getAttribute("lang");
      if (!lang || lang === told) {
        return;
      }
      navigator.serviceWorker.ready.then(function (reg) {
        if (reg.active && lang === d.documentElement.getAttribute("lang")) {
          reg.active.postMessage({ fixflow: "lang", lang: lang });
          told = lang;
        }
      }).catch(function () {});
    };
    tell();
    if (window.MutationObserver) {
      new MutationObserver(tell).observe(d.documentElement, { attributes: true, attributeFilter: ["lang"] });
    }
  }

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
