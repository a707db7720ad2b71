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
	paths, truncated := engine.Paths(f, known, 0)
	if truncated {
		t.Error("truncated without a limit")
	}
	var got []string
	for _, p := range paths {
		got = append(got, fmt.Sprint(p))
	}
	// System 2: check-update is passed by, so a "no" at check-restart
	// goes straight to the escalation; "Hours" is offered.
	want := []string{
		"[{symptom 0} {check-wifi 0}]",
		"[{symptom 0} {check-wifi 1} {check-restart 0}]",
		"[{symptom 0} {check-wifi 1} {check-restart 1}]",
		"[{symptom 0} {check-wifi 2}]",
		"[{symptom 1} {about-delivered 0} {check-wifi 0}]",
		"[{symptom 1} {about-delivered 0} {check-wifi 1} {check-restart 0}]",
		"[{symptom 1} {about-delivered 0} {check-wifi 1} {check-restart 1}]",
		"[{symptom 1} {about-delivered 0} {check-wifi 2}]",
		"[{symptom 2} {how-long 0}]",
		"[{symptom 2} {how-long 1} {check-wifi 0}]",
		"[{symptom 2} {how-long 1} {check-wifi 1} {check-restart 0}]",
		"[{symptom 2} {how-long 1} {check-wifi 1} {check-restart 1}]",
		"[{symptom 2} {how-long 1} {check-wifi 2}]",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Paths:\n%s\nwant:\n%s", got, want)
	}

	for limit, wantN := range map[int]int{1: 1, 5: 5, 13: 13, 14: 13} {
		ps, tr := engine.Paths(f, known, limit)
		if len(ps) != wantN || tr != (limit < 13) {
			t.Errorf("Paths(limit %d): %d paths, truncated %v", limit, len(ps), tr)
		}
	}

	// System 1: "Hours" is not offered, and check-update is met.
	old, _ := engine.Paths(f, engine.FactValues{"os": "1", "model": "home"}, 0)
	if len(old) != 11 || fmt.Sprint(old[2]) != "[{symptom 0} {check-wifi 1} {check-restart 1} {check-update 0}]" {
		t.Errorf("Paths under system 1: %d, %v", len(old), old)
	}
	// With no fact answered, every walk stops where a fact is needed
	// (check-wifi, how-long) before any outcome.
	if ps, _ := engine.Paths(f, nil, 0); len(ps) != 0 {
		t.Errorf("Paths with no fact answered = %v", ps)
	}
	if ps, tr := engine.Paths(f, engine.FactValues{"os": "3"}, 0); ps != nil || tr {
		t.Errorf("Paths with an answer the fact lacks = %v", ps)
	}
}

func TestPathsLoop(t *testing.T) {
	// Paths pass no node twice: the loop is not taken.
	paths, _ := engine.Paths(loopFlow(), nil, 0)
	if got := fmt.Sprint(paths); got != "[[{q1 0} {c1 0}] [{q1 1}]]" {
		t.Errorf("Paths = %s", got)
	}
	if ps, tr := engine.Paths(nil, nil, 0); ps != nil || tr {
		t.Error("Paths(nil)")
	}
	out := &engine.Flow{Start: "o", Nodes: []engine.Node{{ID: "o", Kind: engine.KindOutcome}}}
	if ps, _ := engine.Paths(out, nil, 0); len(ps) != 1 || len(ps[0]) != 0 {
		t.Errorf("Paths of an outcome-only flow = %v", ps)
	}
}
