/*! fixflow embed.js: <script async src="https://HOST/embed.js" data-guide="…"></script>. See docs/embedding.md. */
(function (w, d) {
  "use strict";
  var old = w.fixflow;
  if (old && old.s) {
    return old.s(d.currentScript); // another tag of this script: one registry
  }
  var ID = /^[a-z0-9][a-z0-9-]{0,63}$/, all = [], n = 0, queue = (old && old.q) || [];

  function send(x, m) {
    var cw = x.frame.contentWindow;
    if (cw) {
      cw.postMessage(m, x.origin);
    }
  }

  function hits(x, target) {
    return target == null || target === x.id || target === x.box || target === x.frame;
  }

  // The one global: commands for every widget, or for one by id or element.
  function fixflow(cmd, step, target, replay) {
    var m = { fixflow: 1, type: "command", cmd: cmd, step: step };
    if (cmd == "restart" || (cmd == "open" && ID.test(step))) {
      all.forEach(function (x) {
        if (hits(x, target) && !(replay && x.pre)) {
          x.ready ? send(x, m) : x.q.push(m);
        }
      });
    }
  }

  function mount(s) {
    var get = function (k, re, def) {
      var v = s.getAttribute("data-" + k) || "";
      return re.test(v) ? v : def || "";
    };
    var box, f, origin, sel = s.getAttribute("data-target"), p = s.parentNode, next = s.nextSibling;
    try {
      origin = new URL(s.src).origin;
      box = sel && d.querySelector(sel);
    } catch (e) {
      return;
    }
    if (sel ? !box : !p || p == d.head) {
      // The target is not parsed yet, or the tag is in <head>: try again
      // when the document is; then a <head> tag's widget ends the body.
      if (sel || !d.body || d.readyState == "loading") {
        return;
      }
      p = d.body;
      next = null;
    }
    var id = get("id", ID);
    if (!id || all.some(function (x) { return x.id == id; })) {
      id = "fixflow-" + ++n;
    }
    var x = { id: id, box: box, origin: origin, q: [] }, pre;
    var src = origin + "/" + get("guide", ID, "imessage-undelivered"), step = get("step", ID), q = "?embed=1";
    // A page that said fixflow("open", step) before this script loaded gets
    // the frame at that step, not at the start and then a second load.
    queue.forEach(function (a) {
      if (hits(x, a[2])) {
        pre = a[0] == "open" && ID.test(a[1]) && a[1];
      }
    });
    if (pre) {
      step = x.pre = pre;
    }
    if (step) {
      src += "/" + step;
    }
    [
      ["theme", get("theme", /^(light|dark)$/)],
      ["accent", get("accent", /^#([0-9a-f]{3}){1,2}$/i)],
      ["radius", get("radius", /^([12]?\d|3[0-2])$/)],
      ["lang", get("lang", /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i)],
      ["origin", w.location.origin],
      ["wid", id]
    ].forEach(function (o) {
      if (o[1]) {
        q += "&" + o[0] + "=" + encodeURIComponent(o[1]);
      }
    });
    s.setAttribute("data-fixflow", id);
    if (!box) {
      box = x.box = d.createElement("div");
      p.insertBefore(box, next);
    }
    f = x.frame = d.createElement("iframe");
    f.title = s.getAttribute("data-title") || "Troubleshooting guide";
    f.setAttribute("loading", "eager");
    f.setAttribute("allow", "clipboard-write; web-share");
    f.setAttribute("scrolling", "no");
    // width 1px + min-width 100%: old iOS Safari grows an iframe to its
    // content's width otherwise.
    f.style.cssText = "display:block;border:0;width:1px;min-width:100%;height:" + get("min-height", /^\d{1,4}$/, "480") + "px";
    f.src = src + q;
    box.appendChild(f);
    all.push(x);
  }

  function scan(cur) {
    var list = [].slice.call(d.querySelectorAll('script[src*="embed.js"][data-guide]'));
    if (cur && /embed\.js/.test(cur.src)) {
      list.unshift(cur);
    }
    list.forEach(function (s) {
      if (!s.hasAttribute("data-fixflow")) {
        mount(s);
      }
    });
  }

  w.addEventListener("message", function (e) {
    var m = e.data;
    if (!m || m.fixflow !== 1) {
      return;
    }
    all.forEach(function (x) {
      if (e.source !== x.frame.contentWindow || e.origin !== x.origin || m.wid !== x.id) {
        return;
      }
      var t = m.type;
      if (t == "height") {
        if (m.height > 0 && m.height < 1e5) {
          x.frame.style.height = Math.ceil(m.height) + "px";
        }
        return;
      }
      if (t == "ready") {
        if (x.ready) {
          return; // the frame loaded another page before its wasm: once is enough
        }
        x.ready = 1;
        x.q.forEach(function (c) { send(x, c); });
        x.q = [];
      }
      if (/^(ready|step|resolved|escalated)$/.test(t)) {
        x.box.dispatchEvent(new CustomEvent("fixflow:" + t, {
          bubbles: true,
          detail: { guide: String(m.guide), step: String(m.step), widget: x.id }
        }));
      }
    });
  });

  fixflow.s = scan;
  w.fixflow = fixflow;
  scan(d.currentScript);
  // Commands queued before this script loaded run once the document is
  // parsed, so that they reach every widget on the page.
  var later = function () {
    scan();
    queue.forEach(function (a) { fixflow(a[0], a[1], a[2], 1); });
    queue = [];
  };
  d.readyState == "loading" ? d.addEventListener("DOMContentLoaded", later) : later();
})(window, document);
