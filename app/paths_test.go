package app_test

import (
	"fmt"
	"slices"
	"testing"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/internal/testguide"
)

func TestPathsMini(t *testing.T) {
	f := testguide.Mini(t)
	paths, truncated := engine.Paths(f, 0)
	if truncated {
		t.Error("truncated without a limit")
	}
	var got []string
	for _, p := range paths {
		got = append(got, fmt.Sprint(p))
	}
	want := []string{
		"[{symptom 0} {check-wifi 0}]",
		"[{symptom 0} {check-wifi 1} {check-restart 0}]",
		"[{symptom 0} {check-wifi 1} {check-restart 1}]",
		"[{symptom 1} {about-delivered 0} {check-wifi 0}]",
		"[{symptom 1} {about-delivered 0} {check-wifi 1} {check-restart 0}]",
		"[{symptom 1} {about-delivered 0} {check-wifi 1} {check-restart 1}]",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Paths:\n%s\nwant:\n%s", got, want)
	}

	for limit, wantN := range map[int]int{1: 1, 5: 5, 6: 6, 7: 6} {
		ps, tr := engine.Paths(f, limit)
		if len(ps) != wantN || tr != (limit < 6) {
			t.Errorf("Paths(limit %d): %d paths, truncated %v", limit, len(ps), tr)
		}
	}
}

func TestPathsLoop(t *testing.T) {
	// Paths pass no node twice: the loop is not taken.
	paths, _ := engine.Paths(loopFlow(), 0)
	if got := fmt.Sprint(paths); got != "[[{q1 0} {c1 0}] [{q1 1}]]" {
		t.Errorf("Paths = %s", got)
	}
	if ps, tr := engine.Paths(nil, 0); ps != nil || tr {
		t.Error("Paths(nil)")
	}
	out := &engine.Flow{Start: "o", Nodes: []engine.Node{{ID: "o", Kind: engine.KindOutcome}}}
	if ps, _ := engine.Paths(out, 0); len(ps) != 1 || len(ps[0]) != 0 {
		t.Errorf("Paths of an outcome-only flow = %v", ps)
	}
}
