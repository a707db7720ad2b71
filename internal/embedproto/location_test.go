package embedproto

import (
	"net/url"
	"reflect"
	"sort"
	"testing"

	"github.com/fixflow/fixflow/components"
)

// locationGaps are values protocol.json calls invalid that
// components.Location keeps today, by param (it normalises them instead of
// dropping them: Atoi reads "05", url.Parse lowercases a scheme and ignores
// a fragment). Each entry must still be a gap: once Location drops the
// value, TestLocationParams fails until the entry is removed here.
var locationGaps = map[string][]string{}

// parsed is what the widget's page makes of a URL with one query parameter:
// ParseLocation, then the link to a step (StepURL), whose query it returns.
func parsed(name, value string) url.Values {
	u := &url.URL{Path: "/g/step", RawQuery: url.Values{name: {value}}.Encode()}
	loc := components.ParseLocation(u, "g")
	out, err := url.Parse(loc.StepURL("next", loc.State))
	if err != nil {
		return url.Values{"error": {err.Error()}}
	}
	return out.Query()
}

// TestLocationParams: components.Location keeps each param's valid values
// (on the links it makes) and drops the invalid ones.
func TestLocationParams(t *testing.T) {
	p := loadProtocol(t)
	for _, pa := range p.Params {
		for _, v := range pa.Valid {
			if got := parsed(pa.Name, v).Get(pa.Name); got != v {
				t.Errorf("?%s=%q: the links keep %q; protocol.json says the value is valid", pa.Name, v, got)
			}
		}
		gap := map[string]bool{}
		for _, v := range locationGaps[pa.Name] {
			gap[v] = true
		}
		for _, v := range pa.Invalid {
			got := parsed(pa.Name, v).Get(pa.Name)
			switch {
			case got != "" && !gap[v]:
				t.Errorf("?%s=%q: the links keep %q; protocol.json says the value is invalid", pa.Name, v, got)
			case got == "" && gap[v]:
				t.Errorf("?%s=%q: Location drops it now: remove it from locationGaps", pa.Name, v)
			}
			delete(gap, v)
		}
		for v := range gap {
			t.Errorf("locationGaps[%q] holds %q, which is not one of protocol.json's invalid values", pa.Name, v)
		}
	}
	for name := range locationGaps {
		found := false
		for _, pa := range p.Params {
			found = found || pa.Name == name
		}
		if !found {
			t.Errorf("locationGaps names the param %q, which protocol.json does not list", name)
		}
	}
}

// TestLocationWritesTheKeptParams: the links of the widget's page carry
// protocol.json's kept params and the state, nothing else. Which field
// StepURL writes as which param is found by setting each field in turn.
func TestLocationWritesTheKeptParams(t *testing.T) {
	p := loadProtocol(t)
	written := map[string]string{} // param: field
	typ := reflect.TypeOf(components.Location{})
	for i := 0; i < typ.NumField(); i++ {
		f := typ.Field(i)
		if !f.IsExported() {
			continue
		}
		loc := components.Location{Guide: "g"}
		v := reflect.ValueOf(&loc).Elem().Field(i)
		switch v.Kind() {
		case reflect.String:
			v.SetString("x1")
		case reflect.Bool:
			v.SetBool(true)
		default:
			t.Fatalf("Location.%s is a %s: teach this test to set one", f.Name, v.Kind())
		}
		u, err := url.Parse(loc.StepURL("next", ""))
		if err != nil {
			t.Fatal(err)
		}
		for k := range u.Query() {
			written[k] = f.Name
		}
	}
	u, err := url.Parse(components.Location{Guide: "g"}.StepURL("next", "st"))
	if err != nil {
		t.Fatal(err)
	}
	for k := range u.Query() {
		written[k] = "the state argument"
	}
	var got, want []string
	for k := range written {
		got = append(got, k)
	}
	for _, pa := range p.Params {
		if pa.Kept || pa.Name == "s" {
			want = append(want, pa.Name)
		}
	}
	sort.Strings(got)
	sort.Strings(want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Location's links carry %v (%v); protocol.json's kept params and the state are %v", got, written, want)
	}
}
