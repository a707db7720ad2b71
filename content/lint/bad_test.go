package lint

import (
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	engine "github.com/fixflow/fixflow/app"
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

// TestBadScenarios runs each scenario of testdata/bad-tests/<guide>/ on
// testdata/<guide>.en.json and compares every problem, with its exact
// file:line:col, to the scenario's .want file (-update rewrites them).
func TestBadScenarios(t *testing.T) {
	files, err := filepath.Glob("../testdata/bad-tests/*/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenarios in ../testdata/bad-tests: %v", err)
	}
	for _, file := range files {
		guide := filepath.Base(filepath.Dir(file))
		t.Run(guide+"/"+filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := os.ReadFile("../testdata/" + guide + ".en.json")
			if err != nil {
				t.Fatal(err)
			}
			d, err := Parse(guide+".en.json", doc)
			if err != nil {
				t.Fatal(err)
			}
			name := guide + "/" + filepath.Base(file)
			res := RunScenarios([]*engine.Flow{d.Flow}, []ScenarioFile{{Name: name, Guide: guide, Data: data}})
			if len(res) != 1 || len(res[0].Problems) == 0 {
				t.Fatalf("%s passes; a bad scenario must have at least one problem", name)
			}
			var got []string
			for _, p := range res[0].Problems {
				if p.Line < 1 || p.Col < 1 {
					t.Errorf("problem without a position: %v", p)
				}
				got = append(got, p.String())
			}
			wf := strings.TrimSuffix(file, ".json") + ".want"
			if *update {
				writeWant(t, wf, got)
				return
			}
			if want := readWant(t, wf); !slices.Equal(got, want) {
				t.Errorf("got:\n%s\nwant (%s):\n%s", strings.Join(got, "\n"), wf, strings.Join(want, "\n"))
			}
		})
	}
}

// TestScenarioLoops: a walk whose answers send it round a loop is reported,
// not followed for ever.
func TestScenarioLoops(t *testing.T) {
	f := &engine.Flow{ID: "loop", Start: "q", Strings: map[string]string{}, Nodes: []engine.Node{
		{ID: "q", Kind: engine.KindQuestion, Options: []engine.Option{{ID: "again", Next: "c"}, {ID: "stop", Next: "end"}}},
		{ID: "c", Kind: engine.KindCheck, Fixed: "end", Next: "q"},
		{ID: "end", Kind: engine.KindOutcome, Result: engine.ResultResolved},
	}}
	f.Index()
	res := RunScenarios([]*engine.Flow{f}, []ScenarioFile{
		{Name: "loop.json", Guide: "loop", Data: []byte(`{"name": "round", "answers": {"q": "again"}, "outcome": "resolved"}`)},
		{Name: "other.json", Guide: "nope", Data: []byte(`{"name": "x", "outcome": "resolved"}`)},
	})
	want := []string{
		`loop.json:1:30: answers: the walk loops: it meets "q" again (q → c → q); answer differently on the way`,
		`other.json:1:1: no guide "nope": a scenario sits in content/tests/<guide id>/`,
	}
	for i, r := range res {
		if r.Problems.Error() != want[i] {
			t.Errorf("got  %s\nwant %s", r.Problems.Error(), want[i])
		}
	}
}
