package lint

import (
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/fixflow/fixflow/content"
)

// update rewrites the goldens: go test ./content/lint -run TestBadFixtures -update
var update = flag.Bool("update", false, "rewrite content/testdata/bad/*.want from the current output (review the diff!)")

// badFixtures returns the documents of testdata/bad grouped by guide id (the
// file name up to its first dot): a group is loaded together, so that file
// naming and cross-language rules apply.
func badFixtures(t testing.TB) (map[string][]content.Source, []string) {
	t.Helper()
	files, err := filepath.Glob("../testdata/bad/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures in ../testdata/bad: %v", err)
	}
	groups := map[string][]content.Source{}
	var ids []string
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		base := filepath.Base(file)
		id, _, _ := strings.Cut(base, ".")
		if _, ok := groups[id]; !ok {
			ids = append(ids, id)
		}
		groups[id] = append(groups[id], content.Source{Name: base, Data: data})
	}
	return groups, ids
}

// wantFile is the sidecar holding the expected problems of a fixture:
// x.en.json → x.en.want, one "file:line:col: message" a line.
func wantFile(name string) string {
	return filepath.Join("../testdata/bad", strings.TrimSuffix(name, ".json")+".want")
}

// TestBadFixtures loads each fixture of testdata/bad and compares every
// problem, with its exact file:line:col, to the fixture's .want file.
func TestBadFixtures(t *testing.T) {
	groups, ids := badFixtures(t)
	for _, id := range ids {
		t.Run(id, func(t *testing.T) {
			srcs := groups[id]
			// Images are read from content/testdata/images.
			files := func(string) fs.FS { return os.DirFS("../testdata") }
			_, _, err := Options{Files: files, MaxAge: -1}.Library(srcs)
			if err == nil {
				t.Fatalf("%s loads without problems; a bad fixture must have at least one", id)
			}
			probs, ok := err.(Problems)
			if !ok {
				t.Fatalf("error is %T, want Problems: %v", err, err)
			}
			got := map[string][]string{}
			for _, p := range probs {
				if p.Line < 1 || p.Col < 1 {
					t.Errorf("problem without a position: %v", p)
				}
				got[p.File] = append(got[p.File], p.String())
			}
			for _, src := range srcs {
				wf := wantFile(src.Name)
				if *update {
					writeWant(t, wf, got[src.Name])
					continue
				}
				want := readWant(t, wf)
				if !slices.Equal(got[src.Name], want) {
					t.Errorf("%s:\ngot:\n%s\nwant (%s):\n%s", src.Name, strings.Join(got[src.Name], "\n"), wf, strings.Join(want, "\n"))
				}
			}
		})
	}
}

func readWant(t testing.TB, file string) []string {
	t.Helper()
	data, err := os.ReadFile(file)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for line := range strings.SplitSeq(string(data), "\n") {
		if line != "" {
			lines = append(lines, line)
		}
	}
	return lines
}

func writeWant(t testing.TB, file string, lines []string) {
	t.Helper()
	if len(lines) == 0 {
		os.Remove(file)
		return
	}
	if err := os.WriteFile(file, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}
