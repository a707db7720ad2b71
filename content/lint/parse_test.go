package lint

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/internal/testguide"
)

func TestParseMini(t *testing.T) {
	data := testguide.MiniJSON(t)
	d, err := Parse("mini.en.json", data)
	if err != nil {
		t.Fatal(err)
	}
	f := d.Flow
	if d.Name != "mini.en.json" || !bytes.Equal(d.Data, data) || d.Pos == nil {
		t.Errorf("Doc %q: source or positions missing", d.Name)
	}
	if f.ID != "mini" || f.Lang != "en" || f.Version != 1 || len(f.Nodes) != 10 || len(f.Facts) != 2 {
		t.Errorf("decoded %q %q v%d with %d nodes", f.ID, f.Lang, f.Version, len(f.Nodes))
	}
	if n := f.Node("check-restart"); n == nil || len(n.Models) != 2 || !n.Recipient {
		t.Errorf("Node(check-restart) = %+v", n)
	}
	// The same document decoded by encoding/json gives the same flow.
	var want engine.Flow
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	want.Index()
	if !reflect.DeepEqual(*f, want) {
		t.Errorf("Parse and encoding/json disagree:\n%+v\n%+v", *f, want)
	}
	if probs := Validate("mini.en.json", f, d.Pos); len(probs) != 0 {
		t.Errorf("Validate: %v", probs)
	}
}

func TestParseOversize(t *testing.T) {
	data := append(testguide.MiniJSON(t), bytes.Repeat([]byte(" "), MaxDocument)...)
	_, err := Parse("big.en.json", data)
	want := fmt.Sprintf("big.en.json:1:1: document is %d bytes, over the 1048576-byte (1 MiB) limit; shorten the guide", len(data))
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

func TestParseTooManyNodes(t *testing.T) {
	var f engine.Flow
	if err := json.Unmarshal(testguide.MiniJSON(t), &f); err != nil {
		t.Fatal(err)
	}
	// A chain of infos from start to the outcomes: every node reachable.
	chain := make([]engine.Node, MaxNodes)
	for i := range chain {
		chain[i] = engine.Node{ID: fmt.Sprintf("info-%d", i), Kind: engine.KindInfo, Title: "Info", Body: "Read on.", Next: fmt.Sprintf("info-%d", i+1)}
	}
	chain[len(chain)-1].Next = "symptom"
	f.Start = "info-0"
	f.Nodes = append(chain, f.Nodes...)
	data, err := json.MarshalIndent(&f, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Parse("many.en.json", data)
	want := "many.en.json:78:11: nodes: 510 nodes, over the limit of 500; split the guide"
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

func TestValidateWithoutPositions(t *testing.T) {
	f := &engine.Flow{ID: "x", Version: 1, Lang: "en"}
	probs := Validate("x.en.json", f, nil)
	if len(probs) == 0 {
		t.Fatal("no problems for an empty flow")
	}
	for _, p := range probs {
		if p.Line != 0 || !strings.HasPrefix(p.String(), "x.en.json: ") {
			t.Errorf("problem of a flow without a document: %q (line %d)", p, p.Line)
		}
	}
}

func TestProblemsError(t *testing.T) {
	ps := Problems{
		{File: "b.json", Line: 1, Col: 1, Msg: "whole"},
		{File: "a.json", Line: 9, Col: 2, Path: "nodes[1].next", Msg: "second"},
		{File: "a.json", Line: 3, Col: 7, Path: "id", Msg: "first"},
	}
	ps.Sort()
	want := "a.json:3:7: id: first\na.json:9:2: nodes[1].next: second\nb.json:1:1: whole"
	if ps.Error() != want {
		t.Errorf("got\n%s\nwant\n%s", ps.Error(), want)
	}
}

func TestLocatorInString(t *testing.T) {
	// Byte 13 of the decoded string is the '*'; escapes before it are
	// longer in the document than in the string.
	doc := `{"body": "a\"\u00e9\ud83d\ude00\n\\b*c"}`
	l, probs := scan([]byte(doc), flowNodeType)
	if len(probs) != 0 {
		t.Fatal(probs)
	}
	var n engine.Node
	if err := json.Unmarshal([]byte(doc), &n); err != nil {
		t.Fatal(err)
	}
	i := strings.IndexByte(n.Body, '*')
	if got := l.inString("body", i); doc[got] != '*' {
		t.Errorf("inString(body, %d) = offset %d (%q), want the '*'", i, got, doc[got:])
	}
	if line, col := l.lineCol(len(doc)); line != 1 || col != len(doc)+1 {
		t.Errorf("lineCol(end) = %d:%d", line, col)
	}
}

func TestPaths(t *testing.T) {
	for _, tt := range []struct{ path, parent string }{
		{"nodes[3].options[1].next", "nodes[3].options[1]"},
		{"nodes[3].options[1]", "nodes[3].options"},
		{"nodes", ""},
		{`strings["a.b[c]"]`, "strings"},
	} {
		if got := parentPath(tt.path); got != tt.parent {
			t.Errorf("parentPath(%q) = %q, want %q", tt.path, got, tt.parent)
		}
	}
	if got := keyPath("strings", "a b"); got != `strings["a b"]` {
		t.Errorf("keyPath = %q", got)
	}
}

func TestCheckSize(t *testing.T) {
	if p := CheckSize("a.en.json", MaxDocument); p != nil {
		t.Errorf("CheckSize at the limit: %v", p)
	}
	p := CheckSize("a.en.json", 1<<30)
	if want := "a.en.json:1:1: document is 1073741824 bytes, over the 1048576-byte (1 MiB) limit; shorten the guide"; p == nil || p.String() != want {
		t.Errorf("CheckSize(1 GiB) = %v, want %s", p, want)
	}
}
