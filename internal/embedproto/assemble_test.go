package embedproto

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

func TestAssemble(t *testing.T) {
	fsys := fstest.MapFS{
		"main.js": {Data: []byte(`// The entry.
import { a, B } from "./lib/a.js";
import { c } from "./c.js";

/**
 * A doc comment.
 */
function main() {
  // inside
  return a() + B + c("// not a comment");
}
main();
`)},
		"lib/a.js": {Data: []byte(`import { c } from "../c.js";
/* one line */
export var B = 2;
export function a() {
  return c(1);
}
`)},
		"c.js": {Data: []byte(`export function c(x) {
  return x;
}
`)},
	}
	got, err := Assemble(fsys, "main.js")
	if err != nil {
		t.Fatal(err)
	}
	want := Header + `(function () {
"use strict";
function c(x) {
return x;
}
var B = 2;
function a() {
return c(1);
}
function main() {
return a() + B + c("// not a comment");
}
main();
})();
`
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestAssembleRefuses(t *testing.T) {
	for _, c := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"comment after code", map[string]string{"m.js": "var a = 1; // one\n"}, "m.js:1: a comment after code"},
		{"code after comment", map[string]string{"m.js": "/* a */ var a = 1; /* b */\n"}, "m.js:1: code after a comment"},
		{"unended comment", map[string]string{"m.js": "/**\n * a\n"}, "m.js: a comment that does not end"},
		{"missing file", map[string]string{"m.js": `import { a } from "./a.js";` + "\n"}, "m.js:1: open a.js"},
		{"name not exported", map[string]string{"m.js": `import { a } from "./a.js";` + "\n", "a.js": "function a() {}\n"},
			"m.js:1: imports a from a.js, which does not export it"},
		{"outside", map[string]string{"m.js": `import { a } from "../a.js";` + "\n"}, "m.js:1: imports ../a.js, outside the sources"},
		{"cycle", map[string]string{"m.js": `import { a } from "./a.js";` + "\n", "a.js": `import { m } from "./m.js";` + "\nexport var a = 1;\n"},
			"a.js:1: imports m.js, which imports it back"},
		{"one scope", map[string]string{"m.js": `import { a } from "./a.js";` + "\nvar b = a;\n", "a.js": "export var a = 1;\nvar b = 2;\n"},
			"m.js:2: b is declared in a.js too"},
		{"other import", map[string]string{"m.js": `import a from "./a.js";` + "\n"}, "m.js:1: only `import { a, b }"},
		{"default export", map[string]string{"m.js": "export default 1;\n"}, "m.js:1: only `import { a, b }"},
		{"template", map[string]string{"m.js": "var a = `x\n  y`;\n"}, "m.js:1: a template literal"},
	} {
		fsys := fstest.MapFS{}
		for n, s := range c.files {
			fsys[n] = &fstest.MapFile{Data: []byte(s)}
		}
		_, err := Assemble(fsys, "m.js")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v; want %q", c.name, err, c.want)
		}
	}
}

// TestEmbedJSIsBuilt: the served web/embed.js is what its sources make.
func TestEmbedJSIsBuilt(t *testing.T) {
	want, err := Assemble(os.DirFS("../../web/embed"), "loader.js")
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../web/embed.js")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Error("web/embed.js is not what web/embed/ makes: run `go generate ./internal/embedproto` (make build does)")
	}
}
