// The styles of what the loader creates, made to win over the host page's.
//
// A host stylesheet may style every iframe, div or element (*): a height,
// a max-height, display, visibility, transform, margins, !important or not,
// in a cascade layer or not. Declarations in an element's own style that are
// !important beat all of those. So the container and the iframe get theirs
// there, through the CSSOM (style.setProperty), which a strict style-src
// allows (a <style> element or a style attribute in markup it would block).
// "all: initial" first drops whatever the page's rules would give them
// (including transitions); the rest is what the widget needs on top.

/** The container: a block as wide as its place, as tall as the iframe. */
export var BOX = "all:initial;display:block";

/**
 * The iframe: a block as wide as the container, without a border. Its
 * width is 1px with a min-width of 100%: old iOS Safari grows an iframe to
 * its content's width otherwise. Its height is set by size.
 */
export var FRAME = "all:initial;display:block;width:1px;min-width:100%";

/**
 * pin sets declarations ("name:value;…") on an element, !important.
 *
 * @param {HTMLElement} el
 * @param {string} css
 */
export function pin(el, css) {
  var list = css.split(";");
  for (var i = 0; i < list.length; i++) {
    var d = list[i].split(":");
    el.style.setProperty(d[0], d[1], "important");
  }
}

/**
 * size sets the iframe's height.
 *
 * @param {HTMLIFrameElement} frame
 * @param {number} px
 */
export function size(frame, px) {
  frame.style.setProperty("height", px + "px", "important");
}
