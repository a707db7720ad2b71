package main

import (
	"fmt"
	"io"
	"sort"
)

// fixflow i18n: the tools of translation, one subcommand a file
// (i18n_<name>.go), each registered with registerI18n.

func init() {
	register("i18n", "translation tools: i18n COMMAND (fixflow i18n -h lists them)", runI18n)
}

// i18nCommands is filled by each i18n subcommand's file in its init.
var i18nCommands = map[string]command{}

func registerI18n(name, summary string, run func(args []string, stdout, stderr io.Writer) int) {
	i18nCommands[name] = command{summary: summary, run: run}
}

func runI18n(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || isHelpFlag(args[0]) {
		w, code := stderr, 2
		if len(args) > 0 {
			w, code = stdout, 0
		}
		i18nUsage(w)
		return code
	}
	cmd, ok := i18nCommands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "fixflow i18n: unknown command %q\n", args[0])
		i18nUsage(stderr)
		return 2
	}
	return cmd.run(args[1:], stdout, stderr)
}

func i18nUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: fixflow i18n COMMAND [flags]")
	names := make([]string, 0, len(i18nCommands))
	width := 0
	for n := range i18nCommands {
		names = append(names, n)
		width = max(width, len(n))
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-*s  %s\n", width, n, i18nCommands[n].summary)
	}
}
