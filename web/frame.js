// fixflow frame script: the in-iframe side of embed.js. Loaded with defer on
// every widget page; it does nothing unless the page was opened in embed mode
// (?embed=1). Then it
//   - keeps the host tab's history clean: same-origin link clicks are turned
//     into history.replaceState navigations (window.fixflowNavigate, installed
//     by the wasm) or, before the wasm has arrived, location.replace;
//   - tells the host page (only the origin named by ?origin=, never "*") the
//     document's height and which step is shown: {fixflow: 1, wid, type,
//     guide, step, height, title} with type height | ready | step | resolved |
//     escalated | wait | workaround; on escalated and wait (a hand-off)
//     also the walk so far: transcript (plain text), steps and link (see
//     handoff below);
//   - accepts the host's commands {fixflow: 1, type: "command", cmd:
//     "restart" | "open", step} from the parent window of that origin only.
// Messages carry ids, a height and, on a hand-off, the guide's own words and
// the answers chosen: nothing personal. web/embed/protocol.json
// describes them; internal/embedproto's tests hold this file to it.
(function () {
  "use strict";

  var w = window, d = document, loc = w.location;
  var query = new URLSearchParams(loc.search);
  if (query.get("embed") !== "1") {
    return;
  }

  var ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
  // The display options every URL of the widget keeps: the params that
  // web/embed/protocol.json marks "kept".
  var KEEP = ["embed", "theme", "accent", "radius", "lang", "stats", "origin", "wid", "contact", "contactlabel"];

  // The host's origin, as ParseLocation accepts it: http(s), a host, no path.
  var origin = query.get("origin") || "";
  try {
    var o = new URL(origin);
    if (!/^https?:$/.test(o.protocol) || o.origin !== origin) {
      origin = "";
    }
  } catch (e) {
    origin = "";
  }
  var wid = query.get("wid") || "";
  if (!ID.test(wid)) {
    wid = "";
  }
  var host = w.parent !== w && origin ? w.parent : null;

  var guide = "", step = ""; // what the page shows now

  // post sends a message to the host. Each carries the frame's accessible
  // title in the page's language (the root's data-title, from the
  // interface words): the loader names the iframe with it, so no page
  // script has words of its own.
  function post(type, height, h) {
    h = h || {};
    if (host) {
      var r = d.getElementById("ff-root");
      host.postMessage({ fixflow: 1, wid: wid, type: type, guide: guide, step: step, height: height,
        transcript: h.transcript, steps: h.steps, link: h.link,
        title: (r && r.getAttribute("data-title")) || "" }, origin);
    }
  }

  // handoff reads the walk so far from the page's "What I've tried" panel
  // (.ff-tried): its data-text (the plain-text transcript), one
  // li[data-step] per step, and its data-link (the walk's path on this
  // origin), made absolute.
  function handoff(r) {
    var h = { transcript: "", steps: [], link: "" };
    var t = r.querySelector(".ff-tried[data-text]");
    if (!t) {
      return h;
    }
    h.transcript = t.getAttribute("data-text");
    var items = t.querySelectorAll("li[data-step]");
    for (var i = 0; i < items.length; i++) {
      var li = items[i], title = li.querySelector(".ff-tried-title");
      h.steps.push({ step: li.getAttribute("data-step"), kind: li.getAttribute("data-kind"),
        title: title ? title.textContent : "", answer: li.getAttribute("data-answer") });
    }
    var l = t.getAttribute("data-link") || "";
    if (l.charAt(0) === "/" && l.charAt(1) !== "/") {
      h.link = loc.origin + l;
    }
    return h;
  }

  // --- navigation without history entries ---------------------------------

  function go(href) {
    if (typeof w.fixflowNavigate === "function") {
      w.fixflowNavigate(href);
    } else {
      loc.replace(href);
    }
  }

  // keep returns href (a same-origin path) with this page's display options.
  function keep(href) {
    var u = new URL(href, loc.href);
    KEEP.forEach(function (k) {
      var v = query.get(k);
      if (v !== null) {
        u.searchParams.set(k, v);
      }
    });
    return u.pathname + u.search;
  }

  // Capture phase on document: runs before go-app's window.onclick, which
  // would pushState.
  d.addEventListener("click", function (e) {
    if (e.defaultPrevented || e.button || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) {
      return;
    }
    var a = e.target;
    a = a && a.closest ? a.closest("a[href]") : null;
    if (a && a.target === "_top") {
      // The host's contact button: the browser opens it in the host's tab.
      // go-app's click handler would open a new window instead.
      e.stopPropagation();
      return;
    }
    if (!a || (a.target && a.target !== "_self") || a.hasAttribute("download") || a.origin !== loc.origin) {
      return;
    }
    e.preventDefault();
    e.stopPropagation();
    if (a.hash && a.pathname === loc.pathname && a.search === loc.search) {
      // An in-page link (the skip link): move focus, no fragment navigation
      // (that too would be an entry in the host tab's history).
      var t = d.getElementById(decodeURIComponent(a.hash.slice(1)));
      if (t) {
        if (!t.hasAttribute("tabindex")) {
          t.setAttribute("tabindex", "-1");
        }
        t.focus();
      }
      return;
    }
    go(a.pathname + a.search);
  }, true);

  if (!host) {
    return; // not framed, or no origin to talk to: links only
  }

  // Commands from the host page.
  w.addEventListener("message", function (e) {
    var m = e.data, href;
    if (e.source !== host || e.origin !== origin || !m || m.fixflow !== 1 || m.type !== "command") {
      return;
    }
    var g = guide || loc.pathname.split("/")[1];
    if (m.cmd === "restart") {
      var a = d.querySelector("#ff-root .ff-restart");
      href = a ? a.getAttribute("href") : "/" + g;
    } else if (m.cmd === "open" && typeof m.step === "string" && ID.test(m.step)) {
      href = "/" + g + "/" + m.step;
    } else {
      return;
    }
    go(keep(href));
  });

  // --- height and step reports ---------------------------------------------

  var html = d.documentElement, last = -1, pending = false, root = null, ready = false;

  // The document's height: the root element's box, which is as tall as its
  // content (the page sets no height on html), unlike scrollHeight, which
  // never drops below the frame's current height.
  function measure() {
    pending = false;
    var h = Math.ceil(html.getBoundingClientRect().height);
    if (h > 0 && Math.abs(h - last) >= 1) {
      last = h;
      post("height", h);
    }
  }

  // At most once a frame. The timeout covers frames that get no animation
  // frames (offscreen cross-origin iframes are throttled).
  function schedule() {
    if (!pending) {
      pending = true;
      var run = function () {
        if (pending) {
          measure();
        }
      };
      w.requestAnimationFrame(run);
      setTimeout(run, 100);
    }
  }

  var ro = w.ResizeObserver ? new w.ResizeObserver(schedule) : null;
  if (ro) {
    ro.observe(html);
  }

  // check looks at #ff-root (replaced when the wasm takes over and on every
  // step) and reports a new step and its outcome.
  function check() {
    var r = d.getElementById("ff-root");
    if (r && r !== root) {
      if (ro) {
        if (root) {
          ro.unobserve(root);
        }
        ro.observe(r);
      }
      root = r;
    }
    var g = r && r.getAttribute("data-guide"), s = r && r.getAttribute("data-step");
    if (g && s && (g !== guide || s !== step)) {
      guide = g;
      step = s;
      if (!ready) {
        ready = true;
        post("ready");
      }
      post("step");
      // The outcome's result (data-outcome) names the message.
      var out = r.getAttribute("data-outcome");
      if (out === "resolved") {
        post("resolved");
      } else if (out === "escalate") {
        post("escalated", null, handoff(r));
      } else if (out === "wait") {
        post("wait", null, handoff(r));
      } else if (out === "workaround") {
        post("workaround");
      }
    }
    schedule();
  }

  // The page is interactive now (its links work, commands are heard): ready,
  // then the first step.
  check();
  if (!ready) {
    ready = true;
    post("ready");
  }
  new MutationObserver(check).observe(d.body, {
    childList: true, subtree: true, attributes: true,
    attributeFilter: ["data-guide", "data-step", "data-outcome"]
  });
  // The frame's viewport changed: maybe the width (the content reflows), maybe
  // the height, set by someone else; either way say the height again.
  w.addEventListener("resize", function () {
    last = -1;
    schedule();
  });
  w.addEventListener("load", schedule);
})();
