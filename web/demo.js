// The demo host page's own script (no inline script on the page).
//
// 1. The command-queue snippet: commands given before embed.js has loaded
//    wait in fixflow.q and are replayed when it has.
window.fixflow = window.fixflow || function () { (fixflow.q = fixflow.q || []).push(arguments); };

(function () {
  "use strict";

  // 2. "Start the guide over" buttons: restart the widget named by the
  //    button, or every widget on the page when it names none.
  var buttons = document.querySelectorAll("[data-fixflow-restart]");
  Array.prototype.forEach.call(buttons, function (b) {
    b.addEventListener("click", function () {
      window.fixflow("restart", null, b.getAttribute("data-fixflow-restart") || undefined);
    });
  });

  // 3. The widget's events bubble from its container: react to an outcome
  //    of the first guide with the page's own words.
  var out = document.getElementById("guide-light-outcome");
  var show = function (text) {
    return function (e) {
      if (out && e.detail.widget === "guide-light") {
        out.textContent = text;
        out.hidden = false;
      }
    };
  };
  document.addEventListener("fixflow:resolved", show("Glad that's sorted."));
  document.addEventListener("fixflow:escalated", show("Still not working? Contact us, and mention what you tried in the guide."));
  document.addEventListener("fixflow:step", function (e) {
    if (out && e.detail.widget === "guide-light") {
      // A step always comes before its outcome: hide the previous words.
      out.hidden = true;
    }
  });
})();
