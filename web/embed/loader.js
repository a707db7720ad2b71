// embed.js, the loader a host page includes:
//
//   <script async src="https://HOST/embed.js" data-guide="…"></script>
//
// It mounts a widget (a container with an iframe) for each such tag, keeps
// the one registry of widgets on the page, passes commands to their frames
// and turns their frames' messages into DOM events. Its one global is
// window.fixflow: fixflow(command, argument, target) and fixflow.COMMAND(…).
// docs/embedding.md says how to use it; protocol.json is the protocol.
//
// The sources are ES modules for reading; internal/embedproto assembles them
// into one classic script, web/embed.js: imports go, comments go, all files
// share one function scope (so no top-level name twice), and this file runs
// last. The loader shares its page with scripts it does not know: it calls
// DOM methods only, no replaceable global (URL, CustomEvent) and no
// Array.prototype method, and it styles what it creates so that the page's
// stylesheet cannot hide it (pin.js).

import { ID, attr, minHeight, frameURL } from "./options.js";
import { BOX, FRAME, pin, size } from "./pin.js";
import { open } from "./commands/open.js";
import { restart } from "./commands/restart.js";

/**
 * The commands by name. Each lives in commands/NAME.js, takes at most one
 * argument and returns the message for the frames, or nothing when the
 * argument is not valid.
 */
var COMMANDS = { open: open, restart: restart };

/**
 * A widget on the page.
 *
 * @typedef {Object} Widget
 * @property {string} id its id: data-id, or fixflow-N
 * @property {string} origin the widget server's, the only one its frame may speak from
 * @property {Element} box its container: the data-target element, or a div after the tag
 * @property {HTMLIFrameElement} frame
 * @property {number} [ready] 1 once its frame said "ready"
 * @property {Object[]} q messages waiting for ready
 */

/** @type {Widget[]} every widget of every tag of this script */
var widgets = [];
var count = 0;

/** @type {IArguments[]} fixflow(…) calls made before this script ran */
var queue = [];

/** The frame messages the host page hears as DOM events (fixflow:TYPE). */
var EVENTS = /^(ready|step|resolved|escalated|wait|workaround)$/;

/** The events that hand the walk over to the page (protocol.json's handoff). */
var HANDOFF = /^(escalated|wait)$/;

function own(o, k) {
  return Object.prototype.hasOwnProperty.call(o, k);
}

// send posts a message to a widget's frame, for its origin only.
function send(x, m) {
  var w = x.frame.contentWindow;
  if (w) {
    w.postMessage(m, x.origin);
  }
}

// hits says whether a command's target names the widget (by its id, its
// container or its iframe); no target names every widget.
function hits(x, target) {
  return target == null || target === x.id || target === x.box || target === x.frame;
}

// message is the message of fixflow(name, argument), if it makes one.
function message(name, arg) {
  return own(COMMANDS, name) ? COMMANDS[name](arg) : null;
}

// run sends the command's message to the widgets the target names, or keeps
// it until each is ready.
function run(name, arg, target) {
  var m = message(name, arg);
  for (var i = 0; m && i < widgets.length; i++) {
    var x = widgets[i];
    if (hits(x, target)) {
      if (x.ready) {
        send(x, m);
      } else {
        x.q[x.q.length] = m;
      }
    }
  }
}

/**
 * fixflow runs a command: fixflow("open", "check-connection"),
 * fixflow("restart", null, "help"). See commands/.
 *
 * @param {string} name the command
 * @param {*} [arg] its argument (null for a command without one)
 * @param {string|Element} [target] a widget's id or container; none: every widget
 */
function fixflow(name, arg, target) {
  run(name, arg, target);
}

// named is fixflow.NAME: the command's argument, if it takes one, then the
// target.
function named(name) {
  return function (a, b) {
    run(name, a, COMMANDS[name].length ? b : a);
  };
}

// originOf is the origin of the script's http(s) URL, or "".
function originOf(url) {
  var a = document.createElement("a");
  a.href = url;
  return /^https?:$/.test(a.protocol) ? a.origin : "";
}

// mount makes the widget of a script tag, unless its place is not parsed yet
// (scan tries again).
function mount(s) {
  var sel = attr(s, "target"), p = s.parentNode, next = s.nextSibling, box, origin = originOf(s.src);
  try {
    box = sel && document.querySelector(sel);
  } catch (e) {
    // data-target is not a selector
    return;
  }
  if (!origin) {
    return;
  }
  if (sel ? !box : !p || p == document.head) {
    // The target is not parsed yet, or the tag is in <head>: try again when
    // the document is; then a <head> tag's widget ends the body.
    if (sel || !document.body || document.readyState == "loading") {
      return;
    }
    p = document.body;
    next = null;
  }
  var id = attr(s, "id", ID);
  for (var i = 0; i < widgets.length; i++) {
    if (widgets[i].id == id) {
      id = "";
    }
  }
  id = id || "fixflow-" + ++count;
  var x = { id: id, origin: origin, box: box, q: [] };
  // Commands the page gave before this script loaded wait for the frame. If
  // the last one for this widget opens a step, the frame starts there
  // instead: one page load, not the start and then the step.
  for (i = 0; i < queue.length; i++) {
    var a = queue[i], m = message(a[0], a[1]);
    if (m && hits(x, a[2])) {
      x.q[x.q.length] = m;
    }
  }
  var last = x.q[x.q.length - 1], step = "";
  if (last && last.cmd == "open") {
    step = last.step;
    x.q = [];
  }
  s.setAttribute("data-fixflow", id);
  if (!box) {
    box = x.box = document.createElement("div");
    pin(box, BOX);
    p.insertBefore(box, next);
  }
  var f = x.frame = document.createElement("iframe");
  // The host's title for the frame, else the frame's own in its language,
  // which its first message brings (see heard).
  x.title = attr(s, "title");
  if (x.title) {
    f.title = x.title;
  }
  f.setAttribute("loading", "eager");
  f.setAttribute("allow", "clipboard-write; web-share");
  f.setAttribute("scrolling", "no");
  pin(f, FRAME);
  size(f, minHeight(s));
  f.src = frameURL(s, origin, step, id);
  box.appendChild(f);
  widgets[widgets.length] = x;
}

// scan mounts the tags of this script not mounted yet: cur (the tag running
// now) first.
function scan(cur) {
  if (cur && /embed\.js/.test(cur.src) && !cur.hasAttribute("data-fixflow")) {
    mount(cur);
  }
  var list = document.querySelectorAll('script[src*="embed.js"][data-guide]');
  for (var i = 0; i < list.length; i++) {
    if (!list[i].hasAttribute("data-fixflow")) {
      mount(list[i]);
    }
  }
}

// heard acts on a message from a widget's frame: its height, or what it
// shows, which the host page hears as a DOM event.
function heard(x, m) {
  var t = m.type;
  if (!x.title && m.title && typeof m.title == "string") {
    x.frame.title = m.title;
  }
  if (t == "height") {
    if (m.height > 0 && m.height < 1e5) {
      size(x.frame, Math.ceil(m.height));
    }
    return;
  }
  if (t == "ready") {
    if (x.ready) {
      // the frame loaded another page before its wasm: once is enough
      return;
    }
    x.ready = 1;
    for (var i = 0; i < x.q.length; i++) {
      send(x, x.q[i]);
    }
    x.q = [];
  }
  if (EVENTS.test(t)) {
    // Made with createEvent rather than new CustomEvent, which the page may
    // have replaced. It bubbles; its detail holds ids, and on a hand-off the
    // walk in the guide's words.
    var d = { guide: "" + m.guide, step: "" + m.step, widget: x.id };
    if (HANDOFF.test(t)) {
      handoff(x, m, d);
    }
    var e = document.createEvent("CustomEvent");
    e.initCustomEvent("fixflow:" + t, true, false, d);
    x.box.dispatchEvent(e);
  }
}

// handoff copies the walk of a hand-off message into an event's detail: the
// protocol's fields only, and a link only to the widget's own origin. (The
// message comes from the widget's frame, whose origin was checked; the
// steps are the frame's, as frame.js lists them.)
function handoff(x, m, d) {
  var link = "" + m.link;
  d.transcript = "" + m.transcript;
  d.steps = m.steps || [];
  d.link = originOf(link) === x.origin ? link : "";
}

function listen(e) {
  var m = e.data;
  if (!m || m.fixflow !== 1) {
    return;
  }
  for (var i = 0; i < widgets.length; i++) {
    var x = widgets[i];
    if (e.source === x.frame.contentWindow && e.origin === x.origin && m.wid === x.id) {
      heard(x, m);
    }
  }
}

// start runs the first copy of this script on the page.
function start(old) {
  // The page's queue: window.fixflow = function () { (fixflow.q = …).push(arguments) }.
  if (typeof old == "function" && old.q) {
    queue = old.q;
  }
  window.addEventListener("message", listen);
  scan(document.currentScript);
  // Commands queued before this script loaded reach the widgets mounted by
  // the time the document is parsed.
  var later = function () {
    scan();
    queue = [];
  };
  if (document.readyState == "loading") {
    document.addEventListener("DOMContentLoaded", later);
  } else {
    later();
  }
  for (var k in COMMANDS) {
    if (own(COMMANDS, k)) {
      fixflow[k] = named(k);
    }
  }
  // Later copies of this script (more tags) hand their tag to this one.
  fixflow.s = scan;
  // Last: the page's own window.fixflow (a form with id="fixflow", say) is
  // replaced, and if it cannot be, the widgets work all the same.
  window.fixflow = fixflow;
}

var first = window.fixflow;
if (first && typeof first.s == "function") {
  first.s(document.currentScript);
} else {
  start(first);
}
