// fixflow page script: a thin loading bar while the wasm downloads, and
// update checks for the installed app. Loaded with defer on every widget
// page; no inline script anywhere (the CSP forbids it).
(function () {
  "use strict";

  // go-app writes the download progress into #app-wasm-loader-label; show it
  // as the bar's width instead of a full-screen overlay.
  var loader = document.getElementById("app-wasm-loader");
  var label = document.getElementById("app-wasm-loader-label");
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
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      check();
    }
  });
  setInterval(check, 30 * 60 * 1000);
})();
