// The command "restart".

/**
 * @typedef {Object} RestartMessage
 * @property {1} fixflow
 * @property {"command"} type
 * @property {"restart"} cmd
 */

/**
 * restart takes the guide back to its start, as its own "Start over" link
 * does: fixflow("restart") for every widget, fixflow("restart", null, "help")
 * or fixflow.restart("help") for the widget with data-id="help".
 *
 * @returns {RestartMessage} the message for the frame
 */
export function restart() {
  return { fixflow: 1, type: "command", cmd: "restart" };
}
