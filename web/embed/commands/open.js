// The command "open".

import { ID } from "../options.js";

/**
 * @typedef {Object} OpenMessage
 * @property {1} fixflow
 * @property {"command"} type
 * @property {"open"} cmd
 * @property {string} step
 */

/**
 * open shows a step of the guide, as if the person had followed a link to
 * it: fixflow("open", "check-connection") for every widget,
 * fixflow("open", "check-connection", "help") or
 * fixflow.open("check-connection", "help") for the widget with data-id="help".
 *
 * @param {string} step the step's id; anything but an id does nothing
 * @returns {OpenMessage|undefined} the message for the frame
 */
export function open(step) {
  if (typeof step == "string" && ID.test(step)) {
    return { fixflow: 1, type: "command", cmd: "open", step: step };
  }
}
