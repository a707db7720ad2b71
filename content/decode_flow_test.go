package content

import (
	"encoding/json"
	"strings"
	"testing"

	engine "github.com/fixflow/fixflow/app"
)

func TestDecodeFlowErrorsNameThePlace(t *testing.T) {
	for _, c := range []struct{ doc, want string }{
		{`{"id": 1}`, ".id: want a string, got a number"},
		{`{"nodes": [{"id": "a"}, {"kind": "check", "stepz": []}]}`, `.nodes[1].stepz: unknown field "stepz"`},
		{`{"nodes": [{"steps": [{"image": {"width": 1.5}}]}]}`, ".nodes[0].steps[0].image.width: want a whole number"},
		{`{"title": "a\qb"}`, ".title: invalid escape"},
		{`{"title": "a"} x`, "unexpected data after the document"},
		{`{"title": "a"`, "want ',' or '}', got the end of the document"},
		{`{"facts": [{"options": [{"detect": {"from": null}}]}]}`, ".facts[0].options[0].detect.from: want a whole number, got null"},
		{`{"nodes": [{"recipient": "yes"}]}`, ".nodes[0].recipient: want true or false, got a string"},
		{`{"title": "a` + "\n" + `"}`, "a control character"},
	} {
		_, err := DecodeFlow([]byte(c.doc))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("DecodeFlow(%s) = %v, want %q", c.doc, err, c.want)
		}
	}
}

func TestDecodeFlowStrings(t *testing.T) {
	f, err := DecodeFlow([]byte(`{"title": "\u00e9 \ud83d\ude00 \ud800 x\/y \"q\" \\ \t", "summary": "plain é"}`))
	if err != nil {
		t.Fatal(err)
	}
	var want engine.Flow
	json.Unmarshal([]byte(`{"title": "\u00e9 \ud83d\ude00 \ud800 x\/y \"q\" \\ \t"}`), &want)
	if f.Title != want.Title || f.Summary != "plain é" {
		t.Errorf("got %q %q, want %q", f.Title, f.Summary, want.Title)
	}
}

// BenchmarkDecodeFlow is the wasm's decode of the shipped guide; run it in
// the wasm too: GOOS=js GOARCH=wasm go test -exec "$(go env GOROOT)/lib/wasm/go_js_wasm_exec" -run '^$' -bench DecodeFlow ./content
func BenchmarkDecodeFlow(b *testing.B) {
	data, err := guidesFS.ReadFile("guides/" + DefaultGuide + ".en.json")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeFlow(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeFlowIndexed adds what the wasm does next: Index.
func BenchmarkDecodeFlowIndexed(b *testing.B) {
	data, err := guidesFS.ReadFile("guides/" + DefaultGuide + ".en.json")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		f, err := DecodeFlow(data)
		if err != nil {
			b.Fatal(err)
		}
		f.Index()
	}
}
