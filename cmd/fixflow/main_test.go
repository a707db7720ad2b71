package main

import (
	"bytes"
	"io"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// Help is not an error: -h exits 0 for fixflow itself and every command,
// with the usage on stdout for the commands whose flags this file parses.
func TestHelpExitsZero(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"--help"}, {"-help"}, {"help"}} {
		var out bytes.Buffer
		if code := run(args, &out, io.Discard); code != 0 || !strings.Contains(out.String(), "precompress") {
			t.Errorf("fixflow %s: exit %d, stdout %q", strings.Join(args, " "), code, out.String())
		}
	}
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		var out, errs bytes.Buffer
		if code := run([]string{n, "-h"}, &out, &errs); code != 0 {
			t.Errorf("fixflow %s -h: exit %d; stderr %q", n, code, errs.String())
		}
	}
	for _, n := range []string{"serve", "export", "precompress"} {
		var out, errs bytes.Buffer
		run([]string{n, "-h"}, &out, &errs)
		if !strings.HasPrefix(out.String(), "usage: fixflow ") || errs.Len() > 0 {
			t.Errorf("fixflow %s -h: stdout %q, stderr %q; want the usage on stdout", n, out.String(), errs.String())
		}
	}
}

// Usage errors still exit 2, with the message on stderr.
func TestUsageErrorsExitTwo(t *testing.T) {
	for _, args := range [][]string{{"serve", "-no-such-flag"}, {"export"}, {"export", "a", "b"}, {"precompress"}} {
		var errs bytes.Buffer
		if code := run(args, io.Discard, &errs); code != 2 || !strings.Contains(errs.String(), "usage: fixflow") {
			t.Errorf("fixflow %s: exit %d, stderr %q", strings.Join(args, " "), code, errs.String())
		}
	}
}

// Every command's summary starts in the same column.
func TestUsageListingIsAligned(t *testing.T) {
	var out bytes.Buffer
	usage(&out)
	col := -1
	line := regexp.MustCompile(`^  (\S+)( +)\S`)
	n := 0
	for _, l := range strings.Split(out.String(), "\n") {
		m := line.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		n++
		if c := len(m[1]) + len(m[2]); col < 0 {
			col = c
		} else if c != col {
			t.Errorf("%q: its summary starts at column %d, the others at %d", l, c, col)
		}
	}
	if n != len(commands) {
		t.Errorf("%d commands listed, want %d:\n%s", n, len(commands), out.String())
	}
}
