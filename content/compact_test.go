//go:build !js

package content

import (
	"encoding/json"
	"reflect"
	"testing"

	engine "github.com/fixflow/fixflow/app"
)

// fill sets every field reachable from v to a value that is not its zero
// value (strings, ints, bools, slices of one, maps of one, pointers), so
// that a round trip that drops a field shows it.
func fill(v reflect.Value, n *int) {
	*n++
	switch v.Kind() {
	case reflect.String:
		v.SetString("s" + string(rune('a'+*n%26)))
	case reflect.Int, reflect.Int8, reflect.Int64:
		v.SetInt(int64(*n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), n)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := 0; i < 2; i++ {
			fill(v.Index(i), n)
		}
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		fill(k, n)
		fill(e, n)
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), n)
			}
		}
	}
}

// TestCompactKeepsEveryField: a flow, words and an index with every field
// set come back the same; a field added to the engine's types and not to
// the compact form fails here.
func TestCompactKeepsEveryField(t *testing.T) {
	n := 0
	var f engine.Flow
	fill(reflect.ValueOf(&f).Elem(), &n)
	got, err := UnmarshalFlow(string(MarshalFlow(&f)))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(*got, f) {
		t.Errorf("the flow changed:\n%+v\n%+v", *got, f)
	}
	var s Strings
	fill(reflect.ValueOf(&s).Elem(), &n)
	gs, err := UnmarshalStrings(string(MarshalStrings(&s)))
	if err != nil || !reflect.DeepEqual(*gs, s) {
		t.Errorf("the words changed: %v\n%+v\n%+v", err, gs, s)
	}
	var x Index
	fill(reflect.ValueOf(&x).Elem(), &n)
	gx, err := UnmarshalIndex(string(MarshalIndex(&x)))
	if err != nil || !reflect.DeepEqual(*gx, x) {
		t.Errorf("the index changed: %v\n%+v\n%+v", err, gx, x)
	}
	// nil and empty stay apart.
	f2 := engine.Flow{Nodes: []engine.Node{}, Facts: nil}
	got, _ = UnmarshalFlow(string(MarshalFlow(&f2)))
	if got.Nodes == nil || got.Facts != nil {
		t.Errorf("nil and empty: %#v %#v", got.Nodes, got.Facts)
	}
}

// TestCompactShippedGuides: every shipped guide and language's words
// come back as they were, and the form is the same on every write.
func TestCompactShippedGuides(t *testing.T) {
	srcs, err := EmbeddedSources()
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range srcs {
		f, err := Decode(src.Name, src.Data)
		if err != nil {
			t.Fatal(err)
		}
		data := MarshalFlow(f)
		if string(MarshalFlow(f)) != string(data) {
			t.Errorf("%s: two writes differ", src.Name)
		}
		got, err := UnmarshalFlow(string(data))
		if err != nil {
			t.Fatalf("%s: %v", src.Name, err)
		}
		// What the document says, not what Index built from it.
		a, _ := json.Marshal(got)
		b, _ := json.Marshal(f)
		if string(a) != string(b) || !reflect.DeepEqual(got.Nodes, f.Nodes) || !reflect.DeepEqual(got.Facts, f.Facts) {
			t.Errorf("%s: the flow changed", src.Name)
		}
	}
	strs, err := EmbeddedStringSources()
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range strs {
		s, err := DecodeStrings(src.Data)
		if err != nil {
			t.Fatal(err)
		}
		got, err := UnmarshalStrings(string(MarshalStrings(s)))
		if err != nil || !reflect.DeepEqual(got, s) {
			t.Errorf("%s: the words changed (%v)", src.Name, err)
		}
	}
}

func TestCompactErrors(t *testing.T) {
	good := string(MarshalFlow(&engine.Flow{ID: "a", Title: "Title", Nodes: []engine.Node{{ID: "x"}}}))
	for _, c := range []struct{ name, data string }{
		{"empty", ""},
		{"another form", `{"id": "a"}`},
		{"cut short", good[:len(good)-3]},
		{"data after", good + "1,"},
		{"a string too long", compactHeader + "99,abc"},
		{"a length too long", compactHeader + "0,0,0,0,0,0,0,9999999,"},
		{"a bad number", compactHeader + "x,"},
	} {
		if _, err := UnmarshalFlow(c.data); err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
}

// FuzzUnmarshalFlow: whatever the bytes, UnmarshalFlow does not panic, and
// a flow it reads writes back to the same bytes.
func FuzzUnmarshalFlow(f *testing.F) {
	f.Add(string(MarshalFlow(&engine.Flow{ID: "a", Nodes: []engine.Node{{ID: "x", Steps: []engine.Instruction{{Text: "t", Image: &engine.Image{Src: "i"}}}}}})))
	f.Add(compactHeader)
	f.Fuzz(func(t *testing.T, data string) {
		fl, err := UnmarshalFlow(data)
		if err != nil {
			return
		}
		if back := string(MarshalFlow(fl)); back != data {
			// The same flow may be written in one way only: maps in key
			// order. A read of keys out of order writes them sorted.
			again, err := UnmarshalFlow(back)
			if err != nil || !reflect.DeepEqual(again, fl) {
				t.Fatalf("a flow read does not survive a write: %v", err)
			}
		}
	})
}

// BenchmarkReadFlow is the wasm's read of the shipped guide, natively (the
// form is written natively only).
func BenchmarkReadFlow(b *testing.B) {
	data, err := guidesFS.ReadFile("guides/" + DefaultGuide + ".en.json")
	if err != nil {
		b.Fatal(err)
	}
	f, err := Decode("guide", data)
	if err != nil {
		b.Fatal(err)
	}
	compact := string(MarshalFlow(f))
	b.SetBytes(int64(len(compact)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := UnmarshalFlow(compact); err != nil {
			b.Fatal(err)
		}
	}
}
