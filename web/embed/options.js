// The script tag's options and the frame's URL they make.
//
// Every option is a data-* attribute of the tag, read through attr with the
// pattern its value must match: anything else is ignored and the default
// used. (The contact button's URL and label go to the frame as written: the
// widget checks them, as it checks every parameter, against protocol.json.) Names, patterns and defaults are those of protocol.json's
// "attributes"; the query parameters, those of its "params" (the frame's
// page reads them with components.Location and keeps them on every link).

/** A guide, step or widget id. */
export var ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * attr reads the option data-NAME of a script tag.
 *
 * @param {HTMLScriptElement} s the tag
 * @param {string} name the option's name, without "data-"
 * @param {RegExp} [pattern] what a value must match (none: anything)
 * @param {string} [def] the default
 * @returns {string} the value, or else the default, or else ""
 */
export function attr(s, name, pattern, def) {
  var v = s.getAttribute("data-" + name) || "";
  return v && (!pattern || pattern.test(v)) ? v : def || "";
}

/**
 * minHeight is the height the frame has until its first step is measured.
 *
 * @param {HTMLScriptElement} s the tag
 * @returns {number} px
 */
export function minHeight(s) {
  return +attr(s, "min-height", /^\d{1,4}$/, "480");
}

/**
 * frameURL is the address of a widget's frame.
 *
 * @param {HTMLScriptElement} s the tag
 * @param {string} origin the widget server's origin
 * @param {string} step the step to open at ("" for the tag's)
 * @param {string} id the widget's id
 * @returns {string}
 */
export function frameURL(s, origin, step, id) {
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

// param is "&name=value", or "" without a value.
function param(name, value) {
  return value ? "&" + name + "=" + encodeURIComponent(value) : "";
}
