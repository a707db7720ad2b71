/*! fixflow embed.js, built from web/embed/ (the readable source); see docs/embedding.md */
(function () {
"use strict";
var ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
function attr(s, name, pattern, def) {
var v = s.getAttribute("data-" + name) || "";
return v && (!pattern || pattern.test(v)) ? v : def || "";
}
function minHeight(s) {
return +attr(s, "min-height", /^\d{1,4}$/, "480");
}
function frameURL(s, origin, step, id) {
step = step || attr(s, "step", ID);
return origin + "/" + attr(s, "guide", ID, "imessage-undelivered") + (step ? "/" + step : "") +
"?embed=1" +
param("theme", attr(s, "theme", /^(light|dark)$/)) +
param("accent", attr(s, "accent", /^#([0-9a-f]{3}){1,2}$/i)) +
param("radius", attr(s, "radius", /^([12]?\d|3[0-2])$/)) +
param("lang", attr(s, "lang", /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i)) +
param("stats", attr(s, "stats", /^off$/)) +
param("origin", location.origin) +
param("wid", id) +
param("contact", attr(s, "contact-url")) +
param("contactlabel", attr(s, "contact-label"));
}
function param(name, value) {
return value ? "&" + name + "=" + encodeURIComponent(value) : "";
}
var BOX = "all:initial;display:block";
var FRAME = "all:initial;display:block;width:1px;min-width:100%";
function pin(el, css) {
var list = css.split(";");
for (var i = 0; i < list.length; i++) {
var d = list[i].split(":");
el.style.setProperty(d[0], d[1], "important");
}
}
function size(frame, px) {
frame.style.setProperty("height", px + "px", "important");
}
function open(step) {
if (typeof step == "string" && ID.test(step)) {
return { fixflow: 1, type: "command", cmd: "open", step: step };
}
}
function restart() {
return { fixflow: 1, type: "command", cmd: "restart" };
}
var COMMANDS = { open: open, restart: restart };
var widgets = [];
var count = 0;
var queue = [];
var EVENTS = /^(ready|step|resolved|escalated|wait|workaround)$/;
var HANDOFF = /^(escalated|wait)$/;
function own(o, k) {
return Object.prototype.hasOwnProperty.call(o, k);
}
function send(x, m) {
var w = x.frame.contentWindow;
if (w) {
w.postMessage(m, x.origin);
}
}
function hits(x, target) {
return target == null || target === x.id || target === x.box || target === x.frame;
}
function message(name, arg) {
return own(COMMANDS, name) ? COMMANDS[name](arg) : null;
}
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
function fixflow(name, arg, target) {
run(name, arg, target);
}
function named(name) {
return function (a, b) {
run(name, a, COMMANDS[name].length ? b : a);
};
}
function originOf(url) {
var a = document.createElement("a");
a.href = url;
return /^https?:$/.test(a.protocol) ? a.origin : "";
}
function mount(s) {
var sel = attr(s, "target"), p = s.parentNode, next = s.nextSibling, box, origin = originOf(s.src);
try {
box = sel && document.querySelector(sel);
} catch (e) {
return;
}
if (!origin) {
return;
}
if (sel ? !box : !p || p == document.head) {
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
return;
}
x.ready = 1;
for (var i = 0; i < x.q.length; i++) {
send(x, x.q[i]);
}
x.q = [];
}
if (EVENTS.test(t)) {
var d = { guide: "" + m.guide, step: "" + m.step, widget: x.id };
if (HANDOFF.test(t)) {
handoff(x, m, d);
}
var e = document.createEvent("CustomEvent");
e.initCustomEvent("fixflow:" + t, true, false, d);
x.box.dispatchEvent(e);
}
}
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
function start(old) {
if (typeof old == "function" && old.q) {
queue = old.q;
}
window.addEventListener("message", listen);
scan(document.currentScript);
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
fixflow.s = scan;
window.fixflow = fixflow;
}
var first = window.fixflow;
if (first && typeof first.s == "function") {
first.s(document.currentScript);
} else {
start(first);
}
})();
