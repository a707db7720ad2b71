package lint

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/fixflow/fixflow/content"
	"github.com/fixflow/fixflow/internal/testguide"
)

// TestBadStrings loads each case of testdata/bad-strings/<case>/ (its
// documents, with the shared en.json unless the case has its own) and
// compares every problem, with its exact file:line:col, to the
// <case>/problems.want file (-update rewrites them).
func TestBadStrings(t *testing.T) {
	ents, err := os.ReadDir("../testdata/bad-strings")
	var dirs []string
	for _, e := range ents {
		if e.IsDir() {
			dirs = append(dirs, filepath.Join("../testdata/bad-strings", e.Name()))
		}
	}
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no cases in ../testdata/bad-strings: %v", err)
	}
	shared, err := os.ReadFile("../testdata/bad-strings/en.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range dirs {
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
			var srcs []content.Source
			own := false
			for _, f := range files {
				data, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				own = own || filepath.Base(f) == "en.json"
				srcs = append(srcs, content.Source{Name: name + "/" + filepath.Base(f), Data: data})
			}
			if !own {
				srcs = append(srcs, content.Source{Name: "en.json", Data: shared})
			}
			_, err := Library(srcs)
			if err == nil {
				t.Fatalf("%s loads without problems; a bad case must have at least one", name)
			}
			probs, ok := err.(Problems)
			if !ok {
				t.Fatalf("error is %T, want Problems: %v", err, err)
			}
			var got []string
			for _, p := range probs {
				if p.Line < 1 || p.Col < 1 {
					t.Errorf("problem without a position: %v", p)
				}
				got = append(got, p.String())
			}
			wf := filepath.Join(dir, "problems.want")
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

func TestIsStringsFile(t *testing.T) {
	for name, want := range map[string]bool{
		"content/strings/es.json": true, "en-XA.json": true, `c:\x\ar-XB.json`: true,
		"content/guides/imessage-undelivered.es.json": false, "x.en.json": false, "es.txt": false,
	} {
		if IsStringsFile(name) != want {
			t.Errorf("IsStringsFile(%q) = %v", name, !want)
		}
	}
}

// A guide in a language without interface words is refused, when words
// are checked with it.
func TestGuideNeedsWords(t *testing.T) {
	en, err := os.ReadFile("../strings/en.json")
	if err != nil {
		t.Fatal(err)
	}
	mini := testguide.MiniJSON(t)
	fr := strings.Replace(string(mini), `"lang": "en"`, `"lang": "fr"`, 1)
	_, err = Library([]content.Source{
		{Name: "mini.en.json", Data: mini},
		{Name: "mini.fr.json", Data: []byte(fr)},
		{Name: "en.json", Data: en},
	})
	if err == nil || !strings.Contains(err.Error(), `mini.fr.json:4:11: lang: no interface words in "fr"`) {
		t.Errorf("got %v", err)
	}
	// Without any words in the set, guides are checked alone.
	if _, err := Library([]content.Source{{Name: "mini.fr.json", Data: []byte(fr)}}); err != nil {
		t.Errorf("a guide alone: %v", err)
	}
}
