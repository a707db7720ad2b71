package embedproto

// The embed's parts held to web/embed/protocol.json: the loader's sources
// (web/embed/), the frame's script (web/frame.js) and, in location_test.go
// and docs_test.go, components.Location and docs/embedding.md. The
// JavaScript is read as text, with the patterns below: the sources keep to
// the forms they look for (an option is read with attr(s, "name", pattern,
// "default"), a message is an object literal with fixflow: 1, …), and a test
// fails when it finds none.

import (
	"io/fs"
	"os"
	"path"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
)

const (
	protocolPath = "../../web/embed/protocol.json"
	sourceDir    = "../../web/embed"
	framePath    = "../../web/frame.js"
)

func loadProtocol(t *testing.T) *Protocol {
	t.Helper()
	p, err := Load(protocolPath)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// source is a JavaScript file, read.
type source struct {
	name, text string
}

// loaderSources are web/embed/**/*.js.
func loaderSources(t *testing.T) []source {
	t.Helper()
	var out []source
	fsys := os.DirFS(sourceDir)
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".js" {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		out = append(out, source{"web/embed/" + p, string(b)})
		return err
	})
	if err != nil || len(out) == 0 {
		t.Fatalf("reading the loader's sources: %v (%d files)", err, len(out))
	}
	return out
}

func frameSource(t *testing.T) source {
	t.Helper()
	b, err := os.ReadFile(framePath)
	if err != nil {
		t.Fatal(err)
	}
	return source{"web/frame.js", string(b)}
}

// jsRegex matches a JavaScript regular-expression literal: source, flags.
const jsRegex = `/((?:\\.|\[(?:\\.|[^\]\\\n])*\]|[^/\\\[\n*])(?:\\.|\[(?:\\.|[^\]\\\n])*\]|[^/\\\[\n])*)/([a-z]*)`

var (
	attrCall   = regexp.MustCompile(`\battr\(s, "([a-z-]+)"(?:, (?:([A-Z]+)|null|` + jsRegex + `))?(?:, "([^"]*)")?\)`)
	regexVar   = regexp.MustCompile(`\bvar ([A-Z]+) = ` + jsRegex + `;`)
	paramCall  = regexp.MustCompile(`\bparam\("([a-z]+)", (?:attr\(s, "([a-z-]+)")?`)
	firstParam = regexp.MustCompile(`"\?([a-z]+)=`)
	dataAttr   = regexp.MustCompile(`\bdata-[a-z][a-z-]*`)
	stringList = regexp.MustCompile(`"([^"]*)"`)
	objectKeys = regexp.MustCompile(`([A-Za-z]+):`)
	messageLit = regexp.MustCompile(`\{ fixflow: 1, [^{}]*\}`)
	hasComment = regexp.MustCompile(`(?m)^\s*(//|/\*|\*).*$`)
)

// code is a source without its comment lines (the sources keep comments on
// lines of their own; Assemble refuses others).
func code(s source) string { return hasComment.ReplaceAllString(s.text, "") }

// regexVars are the top-level `var NAME = /…/flags;` of the sources.
func regexVars(srcs []source) map[string][2]string {
	out := map[string][2]string{}
	for _, s := range srcs {
		for _, m := range regexVar.FindAllStringSubmatch(code(s), -1) {
			out[m[1]] = [2]string{m[2], m[3]}
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sortedSet(xs []string) []string {
	m := map[string]bool{}
	for _, x := range xs {
		m[x] = true
	}
	return sortedKeys(m)
}

// TestLoaderOptions: the loader reads exactly the protocol's attributes,
// with their patterns and defaults.
func TestLoaderOptions(t *testing.T) {
	p := loadProtocol(t)
	srcs := loaderSources(t)
	vars := regexVars(srcs)
	want := map[string]Attribute{}
	for _, a := range p.Attributes {
		want[a.Name] = a
	}
	read := map[string]bool{}
	for _, s := range srcs {
		for _, m := range attrCall.FindAllStringSubmatch(code(s), -1) {
			name, pattern, flags, def := "data-"+m[1], m[3], m[4], m[5]
			if m[2] != "" {
				v, ok := vars[m[2]]
				if !ok {
					t.Errorf("%s: %s reads %s with %s, which is no `var %s = /…/;`", s.name, m[0], name, m[2], m[2])
					continue
				}
				pattern, flags = v[0], v[1]
			}
			a, ok := want[name]
			if !ok {
				t.Errorf("%s: %s reads %s, which protocol.json does not list", s.name, m[0], name)
				continue
			}
			read[name] = true
			if pattern != a.Pattern || flags != a.Flags {
				t.Errorf("%s: %s reads %s with /%s/%s; protocol.json says /%s/%s", s.name, m[0], name, pattern, flags, a.Pattern, a.Flags)
			}
			if def != a.Default {
				t.Errorf("%s: %s: the default of %s is %q; protocol.json says %q", s.name, m[0], name, def, a.Default)
			}
		}
	}
	for _, n := range sortedKeys(want) {
		if !read[n] {
			t.Errorf("the loader never reads %s (through attr(s, %q, …))", n, strings.TrimPrefix(n, "data-"))
		}
	}
	// Nothing else: every data-* name in the code is an option or the
	// marker.
	all := ""
	for _, s := range srcs {
		all += code(s)
	}
	for _, n := range sortedSet(dataAttr.FindAllString(all, -1)) {
		if _, ok := want[n]; !ok && n != p.Marker.Name {
			t.Errorf("the loader uses %s, which protocol.json lists neither as an attribute nor as the marker", n)
		}
	}
	if !regexp.MustCompile(`setAttribute\("` + p.Marker.Name + `", id\)`).MatchString(all) {
		t.Errorf("the loader does not mark a mounted tag with %s", p.Marker.Name)
	}
}

// TestLoaderFrameURL: the frame's first URL carries the protocol's params
// that have a "from", each from its attribute.
func TestLoaderFrameURL(t *testing.T) {
	p := loadProtocol(t)
	carried := map[string]string{} // attribute name by param
	for _, a := range p.Attributes {
		carried[a.Carried] = a.Name
	}
	var want, got []string
	for _, pa := range p.Params {
		if pa.From != "" {
			want = append(want, pa.Name)
		}
	}
	for _, s := range loaderSources(t) {
		c := code(s)
		for _, m := range firstParam.FindAllStringSubmatch(c, -1) {
			got = append(got, m[1])
		}
		for _, m := range paramCall.FindAllStringSubmatch(c, -1) {
			got = append(got, m[1])
			if m[2] != "" && carried[m[1]] != "data-"+m[2] {
				t.Errorf("%s: the param %s is set from data-%s; protocol.json says it carries %q", s.name, m[1], m[2], carried[m[1]])
			}
		}
	}
	if !reflect.DeepEqual(sortedSet(got), sortedSet(want)) || len(got) != len(want) {
		t.Errorf("the frame's URL gets the params %v; protocol.json lists %v with a \"from\"", got, want)
	}
}

// TestFrameKeeps: frame.js keeps the protocol's kept params on links, and
// reads ids as the protocol does.
func TestFrameKeeps(t *testing.T) {
	p := loadProtocol(t)
	fr := frameSource(t)
	m := regexp.MustCompile(`var KEEP = \[([^\]]*)\];`).FindStringSubmatch(code(fr))
	if m == nil {
		t.Fatal("web/frame.js has no `var KEEP = [\"…\", …];`")
	}
	var got, want []string
	for _, s := range stringList.FindAllStringSubmatch(m[1], -1) {
		got = append(got, s[1])
	}
	for _, pa := range p.Params {
		if pa.Kept {
			want = append(want, pa.Name)
		}
	}
	if !reflect.DeepEqual(sortedSet(got), sortedSet(want)) || len(got) != len(want) {
		t.Errorf("frame.js keeps %v; protocol.json's kept params are %v", got, want)
	}
	id := regexVars([]source{fr})["ID"]
	for _, pa := range p.Params {
		if pa.Name == "wid" && (id[0] != pa.Pattern || id[1] != pa.Flags) {
			t.Errorf("frame.js reads wid with /%s/%s; protocol.json says /%s/%s", id[0], id[1], pa.Pattern, pa.Flags)
		}
	}
}

func messagesFrom(t *testing.T, p *Protocol, from string) Messages {
	t.Helper()
	for _, m := range p.Messages {
		if m.From == from {
			return m
		}
	}
	t.Fatalf("protocol.json has no messages from %s", from)
	return Messages{}
}

func fieldNames(fs []Field) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Name)
	}
	return sortedSet(out)
}

// literalKeys are the keys of each message literal ({ fixflow: 1, … }).
func literalKeys(text string) [][]string {
	var out [][]string
	for _, lit := range messageLit.FindAllString(text, -1) {
		var keys []string
		for _, k := range objectKeys.FindAllStringSubmatch(lit, -1) {
			keys = append(keys, k[1])
		}
		out = append(out, sortedSet(keys))
	}
	return out
}

// TestFrameToHost: what frame.js posts and what the loader hears are the
// protocol's messages from the frame, and the loader's DOM events its
// events.
func TestFrameToHost(t *testing.T) {
	p := loadProtocol(t)
	ms := messagesFrom(t, p, "frame")
	fr := code(frameSource(t))

	var types, withEvent []string
	events := map[string]string{}
	for _, mt := range ms.Types {
		types = append(types, mt.Type)
		if mt.Event != "" {
			withEvent = append(withEvent, mt.Type)
			events[mt.Type] = mt.Event
		}
	}
	types, withEvent = sortedSet(types), sortedSet(withEvent)

	var posted []string
	for _, m := range regexp.MustCompile(`\bpost\("([a-z]+)"`).FindAllStringSubmatch(fr, -1) {
		posted = append(posted, m[1])
	}
	if got := sortedSet(posted); !reflect.DeepEqual(got, types) {
		t.Errorf("frame.js posts the types %v; protocol.json lists %v", got, types)
	}
	lits := literalKeys(fr)
	if len(lits) != 1 || !reflect.DeepEqual(lits[0], fieldNames(ms.Fields)) {
		t.Errorf("frame.js's messages have the fields %v; protocol.json lists %v", lits, fieldNames(ms.Fields))
	}

	loader := ""
	for _, s := range loaderSources(t) {
		loader += code(s)
	}
	ev := regexp.MustCompile(`var EVENTS = /\^\(([a-z|]+)\)\$/;`).FindStringSubmatch(loader)
	if ev == nil {
		t.Fatal("the loader has no `var EVENTS = /^(a|b)$/;`")
	}
	if got := sortedSet(strings.Split(ev[1], "|")); !reflect.DeepEqual(got, withEvent) {
		t.Errorf("the loader turns %v into events; protocol.json has events for %v", got, withEvent)
	}
	for _, t2 := range withEvent {
		if events[t2] != "fixflow:"+t2 {
			t.Errorf("the loader dispatches fixflow:%s for %s; protocol.json says %s", t2, t2, events[t2])
		}
	}
	if !strings.Contains(loader, `initCustomEvent("fixflow:" + t, `) {
		t.Error(`the loader's events are not named "fixflow:" + type`)
	}
	heard := map[string]bool{}
	for _, m := range regexp.MustCompile(`\bt == "([a-z]+)"`).FindAllStringSubmatch(loader, -1) {
		heard[m[1]] = true
	}
	for _, t2 := range types {
		if !heard[t2] && events[t2] == "" {
			t.Errorf("the loader does nothing with %q messages", t2)
		}
	}
	for _, m := range regexp.MustCompile(`\bm\.([a-z]+)\b`).FindAllStringSubmatch(loader, -1) {
		if !contains(fieldNames(ms.Fields), m[1]) {
			t.Errorf("the loader reads m.%s of the frame's messages, which protocol.json does not list", m[1])
		}
	}
	if !regexp.MustCompile(`initCustomEvent\([^,]+, true, false, d\)`).MatchString(loader) {
		t.Fatal("the loader's events are not made with initCustomEvent(type, true (bubbles), false, d)")
	}
	d := regexp.MustCompile(`var d = \{([^{}]*)\};`).FindStringSubmatch(loader)
	if d == nil {
		t.Fatal("the loader has no `var d = { … };`, the events' common detail")
	}
	var keys []string
	for _, k := range objectKeys.FindAllStringSubmatch(d[1], -1) {
		keys = append(keys, k[1])
	}
	if got := sortedSet(keys); !reflect.DeepEqual(got, fieldNames(p.Events.Detail)) {
		t.Errorf("the events' detail has %v; protocol.json lists %v", got, fieldNames(p.Events.Detail))
	}
}

// keysOf are the keys of the first object literal the pattern's group
// holds, sorted; nil when the pattern does not match.
func keysOf(re, text string) []string {
	m := regexp.MustCompile(re).FindStringSubmatch(text)
	if m == nil {
		return nil
	}
	var keys []string
	for _, k := range objectKeys.FindAllStringSubmatch(m[1], -1) {
		keys = append(keys, k[1])
	}
	return sortedSet(keys)
}

// TestHandoff: the hand-off messages are the protocol's, frame.js sends
// them with the walk for exactly those types, and the loader passes on
// exactly the protocol's fields.
func TestHandoff(t *testing.T) {
	p := loadProtocol(t)
	ms := messagesFrom(t, p, "frame")
	var types []string
	for _, mt := range ms.Types {
		if mt.Handoff {
			types = append(types, mt.Type)
			if mt.Event == "" {
				t.Errorf("the hand-off type %s has no event", mt.Type)
			}
		}
	}
	types = sortedSet(types)
	if len(types) == 0 {
		t.Fatal("protocol.json marks no message type as a hand-off")
	}
	detail, step := fieldNames(p.Handoff.Detail), fieldNames(p.Handoff.Step)

	fr := code(frameSource(t))
	var posted []string
	for _, m := range regexp.MustCompile(`\bpost\("([a-z]+)", null, handoff\(r\)\)`).FindAllStringSubmatch(fr, -1) {
		posted = append(posted, m[1])
	}
	if got := sortedSet(posted); !reflect.DeepEqual(got, types) {
		t.Errorf("frame.js posts the walk with %v; protocol.json's hand-off types are %v", got, types)
	}
	if got := keysOf(`var h = \{([^{}]*)\};`, fr); !reflect.DeepEqual(got, detail) {
		t.Errorf("frame.js's hand-off (var h = {…}) has %v; protocol.json's handoff.detail is %v", got, detail)
	}
	if got := keysOf(`h\.steps\.push\(\{([^{}]*)\}\)`, fr); !reflect.DeepEqual(got, step) {
		t.Errorf("frame.js's steps (h.steps.push({…})) have %v; protocol.json's handoff.step is %v", got, step)
	}
	for _, f := range detail {
		if !strings.Contains(fr, f+": h."+f) {
			t.Errorf("frame.js's message does not carry %s: h.%s", f, f)
		}
	}

	loader := ""
	for _, s := range loaderSources(t) {
		loader += code(s)
	}
	h := regexp.MustCompile(`var HANDOFF = /\^\(([a-z|]+)\)\$/;`).FindStringSubmatch(loader)
	if h == nil {
		t.Fatal("the loader has no `var HANDOFF = /^(a|b)$/;`")
	}
	if got := sortedSet(strings.Split(h[1], "|")); !reflect.DeepEqual(got, types) {
		t.Errorf("the loader hands off on %v; protocol.json's hand-off types are %v", got, types)
	}
	var set []string
	for _, m := range regexp.MustCompile(`\bd\.([a-z]+) = `).FindAllStringSubmatch(loader, -1) {
		set = append(set, m[1])
	}
	if got := sortedSet(set); !reflect.DeepEqual(got, detail) {
		t.Errorf("the loader's hand-off sets d.%v; protocol.json's handoff.detail is %v", got, detail)
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// TestCommands: one file per command in web/embed/commands/, exporting the
// command's function with its arguments and making its message; the
// loader's table lists them all, and frame.js runs them.
func TestCommands(t *testing.T) {
	p := loadProtocol(t)
	ms := messagesFrom(t, p, "host")
	vars := regexVars(loaderSources(t))
	files, err := fs.Glob(os.DirFS(sourceDir), "commands/*.js")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range p.Commands {
		names = append(names, c.Name)
		b, err := os.ReadFile(sourceDir + "/commands/" + c.Name + ".js")
		if err != nil {
			t.Errorf("command %s: %v", c.Name, err)
			continue
		}
		src := code(source{c.Name, string(b)})
		fn := regexp.MustCompile(`export function ` + c.Name + `\(([^)]*)\)`).FindStringSubmatch(src)
		var args []string
		for _, a := range c.Args {
			args = append(args, a.Name)
		}
		if fn == nil || fn[1] != strings.Join(args, ", ") {
			t.Errorf("commands/%s.js does not export `function %s(%s)`", c.Name, c.Name, strings.Join(args, ", "))
		}
		for _, a := range c.Args {
			test := regexp.MustCompile(`\b([A-Z]+)\.test\(` + a.Name + `\)`).FindStringSubmatch(src)
			if test == nil || vars[test[1]][0] != a.Pattern {
				t.Errorf("commands/%s.js does not check %s with /%s/", c.Name, a.Name, a.Pattern)
			}
		}
		lits := literalKeys(src)
		if len(lits) != 1 || !strings.Contains(src, `type: "command", cmd: "`+c.Name+`"`) {
			t.Errorf("commands/%s.js does not make one message { fixflow: 1, type: \"command\", cmd: %q, … }", c.Name, c.Name)
			continue
		}
		for _, k := range lits[0] {
			if !contains(fieldNames(ms.Fields), k) {
				t.Errorf("commands/%s.js's message has the field %s, which protocol.json does not list", c.Name, k)
			}
		}
	}
	var got []string
	for _, f := range files {
		got = append(got, strings.TrimSuffix(path.Base(f), ".js"))
	}
	if !reflect.DeepEqual(sortedSet(got), sortedSet(names)) {
		t.Errorf("web/embed/commands/ holds %v; protocol.json's commands are %v", got, names)
	}

	loader := ""
	for _, s := range loaderSources(t) {
		loader += code(s)
	}
	table := regexp.MustCompile(`var COMMANDS = \{([^}]*)\};`).FindStringSubmatch(loader)
	if table == nil {
		t.Fatal("the loader has no `var COMMANDS = { name: fn, … };`")
	}
	var listed []string
	for _, k := range objectKeys.FindAllStringSubmatch(table[1], -1) {
		listed = append(listed, k[1])
	}
	if !reflect.DeepEqual(sortedSet(listed), sortedSet(names)) {
		t.Errorf("the loader's COMMANDS are %v; protocol.json's commands are %v", listed, names)
	}
	if !regexp.MustCompile(`\bwindow\.` + p.Global + ` = fixflow;`).MatchString(loader) {
		t.Errorf("the loader does not install window.%s", p.Global)
	}

	fr := code(frameSource(t))
	var run []string
	for _, m := range regexp.MustCompile(`\bm\.cmd === "([a-z]+)"`).FindAllStringSubmatch(fr, -1) {
		run = append(run, m[1])
	}
	if !reflect.DeepEqual(sortedSet(run), sortedSet(names)) {
		t.Errorf("frame.js runs the commands %v; protocol.json's are %v", run, names)
	}
	for _, mt := range ms.Types {
		if !strings.Contains(fr, `m.type !== "`+mt.Type+`"`) {
			t.Errorf("frame.js does not look for messages of type %q", mt.Type)
		}
	}
}

func TestLoadRefuses(t *testing.T) {
	for _, c := range []struct{ json, want string }{
		{`{"attributes": [], "extra": 1}`, `unknown field "extra"`},
		{`{"params": [{"name": "theme", "pattern": "^(light|dark)$", "valid": ["auto"], "invalid": ["x"]}]}`,
			`param theme: the valid example "auto" does not match`},
		{`{"params": [{"name": "theme", "pattern": "^(light|dark)$", "valid": ["dark"], "invalid": ["light"]}]}`,
			`param theme: the invalid example "light" matches`},
		{`{"params": [{"name": "s", "pattern": "^a*$", "maxLength": 2, "valid": ["aa"], "invalid": ["aaa"]}]}`, ""},
		{`{"params": [{"name": "theme", "pattern": "^(light|dark)$"}]}`, "param theme: give valid and invalid examples"},
		{`{"params": [{"name": "x", "pattern": "(", "valid": ["a"], "invalid": ["b"]}]}`, "param x: error parsing regexp"},
		{`{"params": [{"name": "x", "pattern": "x", "flags": "g", "valid": ["x"], "invalid": ["y"]}]}`, `param x: flags "g"`},
		{`{"attributes": [{"name": "data-a", "carried": "nowhere"}]}`, `attribute data-a: carried by "nowhere", which is no param`},
		{`{"attributes": [{"name": "data-a", "carried": "path"}, {"name": "data-a", "carried": "path"}]}`, "attribute data-a is given twice"},
		{`{"attributes": [{"name": "data-a", "carried": "path", "pattern": "^[0-9]$", "default": "x"}]}`, `attribute data-a: the default "x" does not match`},
		{`{"commands": [{"name": "go", "args": [{"name": "a", "pattern": "a"}, {"name": "b", "pattern": "b"}]}]}`, "command go: fixflow(name, arg, target) has room for one argument"},
	} {
		f := t.TempDir() + "/p.json"
		if err := os.WriteFile(f, []byte(c.json), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Load(f)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.json, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: error %v; want %q", c.json, err, c.want)
		}
	}
}
