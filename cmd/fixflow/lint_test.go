package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// wantLines reads the problems of the .want files matching pattern in
// dir, each line prefixed with dir as the command names files.
func wantLines(t *testing.T, dir, pattern string) []string {
	t.Helper()
	wants, err := filepath.Glob(filepath.Join(dir, pattern))
	if err != nil || len(wants) == 0 {
		t.Fatalf("no %s files in %s: %v", pattern, dir, err)
	}
	var want []string
	for _, w := range wants {
		data, err := os.ReadFile(w)
		if err != nil {
			t.Fatal(err)
		}
		for line := range strings.Lines(string(data)) {
			if line = strings.TrimSuffix(line, "\n"); line != "" {
				want = append(want, dir+"/"+line)
			}
		}
	}
	return want
}

// runCmd runs fixflow with args and returns the exit code and outputs.
func runCmd(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestLintClean(t *testing.T) {
	for _, path := range []string{"../../content/testdata/mini.en.json", "../../content/testdata/router.en.json"} {
		code, stdout, stderr := runCmd("lint", path)
		if code != 0 || stdout != "" || stderr != "" {
			t.Errorf("lint %s: exit %d\nstdout:\n%s\nstderr:\n%s", path, code, stdout, stderr)
		}
	}
	// The shipped guides have no problem; warnings (governance) leave
	// the exit status alone.
	code, stdout, stderr := runCmd("lint", "../../content/guides")
	if code != 0 || onlyWarnings(stdout) != nil || stderr != "" {
		t.Errorf("lint content/guides: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
}

// onlyWarnings returns the lines of out that are not warnings.
func onlyWarnings(out string) []string {
	var bad []string
	for line := range strings.Lines(out) {
		if !strings.Contains(line, ": warning: ") {
			bad = append(bad, line)
		}
	}
	return bad
}

func TestLintDefaultDir(t *testing.T) {
	t.Chdir("../..")
	code, stdout, stderr := runCmd("lint")
	if code != 0 || onlyWarnings(stdout) != nil || stderr != "" {
		t.Errorf("lint (content/guides): exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
}

// TestLintMaxAge: a check verified longer ago than -max-age days is a
// warning, printed as file:line:col: warning: …, and the exit status stays
// 0; -max-age 0 turns governance warnings off.
func TestLintMaxAge(t *testing.T) {
	mini := "../../content/testdata/mini.en.json"
	code, stdout, stderr := runCmd("lint", "-max-age", "1", mini)
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if code != 0 || stderr != "" || len(lines) != 3 {
		t.Fatalf("lint -max-age 1: exit %d, %d lines\n%s%s", code, len(lines), stdout, stderr)
	}
	want := mini + `:62:45: warning: nodes[2].verified.date: check "check-wifi" was verified on 2026-11-20, `
	if !strings.HasPrefix(lines[0], want) || !strings.HasSuffix(lines[0], " days ago, more than 1; check it against its sources again and update verified") {
		t.Errorf("got  %s\nwant %s… days ago, more than 1; …", lines[0], want)
	}
	if code, stdout, _ := runCmd("lint", "-max-age", "0", "../../content/guides"); code != 0 || stdout != "" {
		t.Errorf("lint -max-age 0: exit %d\n%s", code, stdout)
	}
	if code, _, stderr := runCmd("lint", "-max-age", "-3", mini); code != 2 || !strings.Contains(stderr, "-max-age -3") {
		t.Errorf("lint -max-age -3: exit %d, %s", code, stderr)
	}
}

// TestLintBad lints the bad fixtures: exit 1, and exactly the problems of
// their .want files, one line each.
func TestLintBad(t *testing.T) {
	dir := "../../content/testdata/bad"
	want := wantLines(t, dir, "*.want")
	code, stdout, stderr := runCmd("lint", "-max-age", "0", dir)
	if code != 1 || stderr != "" {
		t.Errorf("exit %d, stderr %q; want exit 1 and no stderr", code, stderr)
	}
	got := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	slices.Sort(got)
	slices.Sort(want)
	for _, w := range want {
		if _, found := slices.BinarySearch(got, w); !found {
			t.Errorf("missing: %s", w)
		}
	}
	for _, g := range got {
		if _, found := slices.BinarySearch(want, g); !found {
			t.Errorf("unexpected: %s", g)
		}
	}
}

func TestLintUnreadable(t *testing.T) {
	code, stdout, stderr := runCmd("lint", "../../content/testdata/mini.en.json", "no/such/file.json")
	if code != 2 || stdout != "" || !strings.Contains(stderr, "no/such/file.json") {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s\nwant exit 2 and the path named on stderr", code, stdout, stderr)
	}
	empty := t.TempDir()
	code, _, stderr = runCmd("lint", empty)
	if code != 2 || !strings.Contains(stderr, empty) {
		t.Errorf("lint of an empty dir: exit %d, stderr %q", code, stderr)
	}
	if code, _, _ := runCmd("lint", "-nope"); code != 2 {
		t.Errorf("lint -nope: exit %d, want 2", code)
	}
}

func TestLintFileAndDirTogether(t *testing.T) {
	// Both languages of a guide, given as separate files, are compared.
	dir := "../../content/testdata/bad"
	code, stdout, _ := runCmd("lint", dir+"/lang-diff.en.json", dir+"/lang-diff.fr.json")
	if code != 1 || !strings.Contains(stdout, "lang-diff.fr.json:32:19: nodes[0].options[0].next:") {
		t.Errorf("exit %d, stdout:\n%s", code, stdout)
	}
}

// TestLintHugeFile: a document over the size limit is reported as such
// without being read (lint read a 1 GB file whole before checking its size).
func TestLintHugeFile(t *testing.T) {
	const size = 64 << 20
	big := filepath.Join(t.TempDir(), "big.en.json")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(size); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	f.Close()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	code, stdout, stderr := runCmd("lint", big, "../../content/testdata/mini.en.json")
	runtime.ReadMemStats(&after)
	want := fmt.Sprintf("%s:1:1: document is %d bytes, over the 1048576-byte (1 MiB) limit; shorten the guide\n", big, size)
	if code != 1 || stdout != want || stderr != "" {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s\nwant exit 1 and\n%s", code, stdout, stderr, want)
	}
	if read := after.TotalAlloc - before.TotalAlloc; read > size/4 {
		t.Errorf("lint allocated %d MB for a %d MB document it must not read", read>>20, size>>20)
	}
}
