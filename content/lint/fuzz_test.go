package lint

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	engine "github.com/fixflow/fixflow/app"
)

var flowNodeType = reflect.TypeFor[engine.Node]()

// FuzzParse checks that decoding and validation never panic, and that every
// problem has a file, a line ≥ 1 and a column ≥ 1.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("../testdata/bad/*.json")
	files = append(files, "../testdata/mini.en.json")
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Parse("fuzz.en.json", data)
		if err == nil {
			if d == nil || d.Flow == nil || d.Pos == nil {
				t.Fatalf("success without a flow and its positions")
			}
			if probs := Validate("fuzz.en.json", d.Flow, d.Pos); len(probs) != 0 {
				t.Fatalf("Parse accepted what Validate refuses: %v", probs)
			}
			return
		}
		probs, ok := err.(Problems)
		if !ok || len(probs) == 0 {
			t.Fatalf("error %T %v is not a non-empty Problems", err, err)
		}
		for _, p := range probs {
			if p.File != "fuzz.en.json" || p.Line < 1 || p.Col < 1 || p.Msg == "" {
				t.Fatalf("problem without a position: %#v", p)
			}
		}
	})
}

// FuzzScenario checks that reading and running a scenario never panics, and
// that every problem has a file, a line ≥ 1 and a column ≥ 1.
func FuzzScenario(f *testing.F) {
	files, _ := filepath.Glob("../testdata/tests/mini/*.json")
	more, _ := filepath.Glob("../testdata/bad-tests/mini/*.json")
	for _, file := range append(files, more...) {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	mini, err := os.ReadFile("../testdata/mini.en.json")
	if err != nil {
		f.Fatal(err)
	}
	d, err := Parse("mini.en.json", mini)
	if err != nil {
		f.Fatal(err)
	}
	flows := []*engine.Flow{d.Flow}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, res := range RunScenarios(flows, []ScenarioFile{{Name: "fuzz.json", Guide: "mini", Data: data}}) {
			for _, p := range res.Problems {
				if p.File != "fuzz.json" || p.Line < 1 || p.Col < 1 || p.Msg == "" {
					t.Fatalf("problem without a position: %#v", p)
				}
			}
		}
	})
}
