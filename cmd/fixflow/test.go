package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/fixflow/fixflow/content/lint"
)

// defaultTestsDir is where test looks for scenario files by default.
const defaultTestsDir = "content/tests"

func init() {
	register("test", "walk the guides' scenarios: test [-guides dir] [-tests dir] [guide …]", runTest)
}

// runTest runs the scenario files <tests>/<guide id>/*.json against the
// guides of -guides (checked by lint first): each scenario walks its guide
// with the facts and answers it gives and checks what the walk meets and
// where it ends. It prints one "ok" line per guide whose scenarios all
// pass, and "file:line:col: message" for each problem, then exits 1. Usage
// errors and unreadable paths exit 2. Guide ids as arguments run only their
// scenarios.
func runTest(args []string, stdout, stderr io.Writer) int {
	fset := flag.NewFlagSet("test", flag.ContinueOnError)
	guides := fset.String("guides", defaultGuidesDir, "the guide documents, a `directory`")
	tests := fset.String("tests", defaultTestsDir, "the scenarios, a `directory` of <guide id>/*.json")
	fset.Usage = flagUsage(fset, "fixflow test [-guides dir] [-tests dir] [guide id …]")
	if code, ok := parseFlags(fset, args, stdout, stderr); !ok {
		return code
	}
	srcs, probs, readErrs := readGuideSources([]string{*guides}, false)
	for _, err := range readErrs {
		fmt.Fprintf(stderr, "fixflow test: %v\n", err)
	}
	if len(readErrs) > 0 {
		return 2
	}
	lib, _, err := lint.Options{Files: lint.DirFiles, MaxAge: -1}.Library(srcs)
	if err != nil {
		var more lint.Problems
		if !errors.As(err, &more) {
			fmt.Fprintf(stderr, "fixflow test: %v\n", err)
			return 2
		}
		probs = append(probs, more...)
	}
	if len(probs) > 0 {
		probs.Sort()
		for _, p := range probs {
			fmt.Fprintln(stdout, p)
		}
		fmt.Fprintln(stderr, "fixflow test: the guides have problems (fixflow lint); no scenario was run")
		return 1
	}
	files, err := scenarioFiles(*tests, fset.Args())
	if err != nil {
		fmt.Fprintf(stderr, "fixflow test: %v\n", err)
		return 2
	}
	results := lint.RunScenarios(lib.Guides(), files)
	code := 0
	count, failed := map[string]int{}, map[string]int{}
	var order []string
	for _, res := range results {
		if count[res.Guide] == 0 {
			order = append(order, res.Guide)
		}
		count[res.Guide]++
		if len(res.Problems) > 0 {
			failed[res.Guide]++
			code = 1
			for _, p := range res.Problems {
				fmt.Fprintln(stdout, p)
			}
		}
	}
	for _, g := range order {
		if failed[g] == 0 {
			fmt.Fprintf(stdout, "ok   %s  %s\n", g, plural(count[g], "scenario"))
		} else {
			fmt.Fprintf(stdout, "FAIL %s  %d of %s\n", g, failed[g], plural(count[g], "scenario"))
		}
	}
	return code
}

// scenarioFiles reads dir/<guide id>/*.json, only the named guides' when
// some are named. A named guide without scenarios is an error.
func scenarioFiles(dir string, only []string) ([]lint.ScenarioFile, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for _, g := range only {
		want[g] = true
	}
	var files []lint.ScenarioFile
	found := map[string]bool{}
	for _, e := range ents {
		if !e.IsDir() || len(want) > 0 && !want[e.Name()] {
			continue
		}
		names, err := filepath.Glob(filepath.Join(dir, e.Name(), "*.json"))
		if err != nil {
			return nil, err
		}
		sort.Strings(names)
		for _, name := range names {
			data, tooBig, err := readGuide(name)
			switch {
			case err != nil:
				return nil, err
			case tooBig != nil:
				return nil, errors.New(tooBig.String())
			}
			files = append(files, lint.ScenarioFile{Name: name, Guide: e.Name(), Data: data})
			found[e.Name()] = true
		}
	}
	for _, g := range only {
		if !found[g] {
			return nil, fmt.Errorf("no scenarios for %q in %s", g, filepath.Join(dir, g))
		}
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s: no scenarios (<guide id>/*.json)", dir)
	}
	return files, nil
}

// plural formats n things: "1 scenario", "3 scenarios".
func plural(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}
