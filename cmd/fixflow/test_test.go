package main

import (
	"slices"
	"strings"
	"testing"
)

// TestScenarios: fixflow test walks the scenarios of each guide and says
// so; a failing scenario is one file:line:col line a problem and exit 1.
func TestScenarios(t *testing.T) {
	code, stdout, stderr := runCmd("test", "-guides", "../../content/testdata", "-tests", "../../content/testdata/tests")
	if code != 0 || stdout != "ok   mini  5 scenarios\nok   router  3 scenarios\n" || stderr != "" {
		t.Errorf("test of testdata: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	code, stdout, _ = runCmd("test", "-guides", "../../content/testdata", "-tests", "../../content/testdata/tests", "router")
	if code != 0 || stdout != "ok   router  3 scenarios\n" {
		t.Errorf("test router: exit %d\n%s", code, stdout)
	}
	// The shipped guides pass their scenarios (make test runs them too).
	t.Run("shipped", func(t *testing.T) {
		t.Chdir("../..")
		if code, stdout, stderr := runCmd("test"); code != 0 || !strings.HasPrefix(stdout, "ok   ") || stderr != "" {
			t.Errorf("fixflow test: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
		}
	})
	// The bad scenarios fail with exactly the problems of their .want files.
	dir := "../../content/testdata/bad-tests"
	want := wantLines(t, dir, "*/*.want")
	code, stdout, _ = runCmd("test", "-guides", "../../content/testdata", "-tests", dir)
	var got []string
	for line := range strings.Lines(stdout) {
		if line = strings.TrimSuffix(line, "\n"); !strings.HasPrefix(line, "FAIL ") {
			got = append(got, line)
		}
	}
	slices.Sort(got)
	slices.Sort(want)
	if code != 1 || !slices.Equal(got, want) || !strings.Contains(stdout, "FAIL mini  7 of 7 scenarios\n") {
		t.Errorf("test of the bad scenarios: exit %d\ngot:\n%s\nwant:\n%s", code, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, tt := range []struct {
		args []string
		msg  string
	}{
		{[]string{"test", "-guides", "../../content/testdata", "-tests", "../../content/testdata/tests", "nope"}, `no scenarios for "nope"`},
		{[]string{"test", "-guides", "../../content/guides", "-tests", "no/such/dir"}, "no/such/dir"},
		{[]string{"test", "-guides", "no/guides"}, "no/guides"},
		{[]string{"test", "-nope"}, "flag provided but not defined"},
	} {
		if code, _, stderr := runCmd(tt.args...); code != 2 || !strings.Contains(stderr, tt.msg) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and %q", tt.args, code, stderr, tt.msg)
		}
	}
}
