// Command fixflow serves the troubleshooting widget and carries the authors'
// tools: serve (the default), lint, graph and export.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
)

// command is one subcommand; it returns the process exit code.
type command struct {
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

// commands is filled by each subcommand's file in its init function.
var commands = map[string]command{}

func register(name, summary string, run func(args []string, stdout, stderr io.Writer) int) {
	commands[name] = command{summary: summary, run: run}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	name := "serve"
	if len(args) > 0 && (len(args[0]) == 0 || args[0][0] != '-') {
		name, args = args[0], args[1:]
	} else if len(args) > 0 && isHelpFlag(args[0]) {
		name = "help"
	}
	if name == "help" {
		usage(stdout)
		return 0
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "fixflow: unknown command %q\n", name)
		usage(stderr)
		return 2
	}
	return cmd.run(args, stdout, stderr)
}

func isHelpFlag(a string) bool { return a == "-h" || a == "-help" || a == "--help" }

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: fixflow [command] [flags]")
	listCommands(w, commands)
	fmt.Fprintln(w, "Without a command, fixflow serves. fixflow COMMAND -h lists a command's flags.")
}

// listCommands writes cmds a line each, by name, their summaries aligned.
func listCommands(w io.Writer, cmds map[string]command) {
	names := make([]string, 0, len(cmds))
	width := 0
	for n := range cmds {
		names = append(names, n)
		width = max(width, len(n))
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-*s  %s\n", width, n, cmds[n].summary)
	}
}

// parseFlags parses a command's flags. Asked for help (-h), it prints the
// usage on stdout and the command exits 0; a usage error goes to stderr
// with the usage, and the command exits 2. ok says whether to go on.
func parseFlags(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) (code int, ok bool) {
	var out bytes.Buffer
	fs.SetOutput(&out)
	err := fs.Parse(args)
	fs.SetOutput(stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		stdout.Write(out.Bytes())
		return 0, false
	case err != nil:
		stderr.Write(out.Bytes())
		return 2, false
	}
	return 0, true
}

// flagUsage is a FlagSet's usage: a line of synopsis, then the flags.
func flagUsage(fs *flag.FlagSet, synopsis string) func() {
	return func() {
		fmt.Fprintf(fs.Output(), "usage: %s\n", synopsis)
		fs.PrintDefaults()
	}
}
