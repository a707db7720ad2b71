package app_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/internal/testguide"
)

// miniStamp is the mini fixture's stamp: its GraphHash.
func miniStamp(t *testing.T, f *engine.Flow) string {
	t.Helper()
	code := engine.NewSession(f).Encode()
	parts := strings.Split(code, ".")
	if len(parts) != 5 || parts[0] != "mini" || parts[1] != f.GraphHash() || len(parts[1]) != 8 || parts[2] != "" || parts[3] != "" || parts[4] != "" {
		t.Fatalf("fresh session encodes as %q (GraphHash %q)", code, f.GraphHash())
	}
	return parts[1]
}

func TestEncodeFormat(t *testing.T) {
	f := testguide.Mini(t)
	st := miniStamp(t, f)
	s := miniSession(t, f) // os 2 (option 0: B), model side (option 0: B)
	mustChoose(t, s, 1, 0, 1, 1)
	if got, want := s.Encode(), "mini."+st+"..BB.BABB"; got != want {
		t.Errorf("Encode = %q, want %q", got, want)
	}
	s, _ = engine.NewSessionAt(f, "check-restart") // node #3
	if err := s.SetFact("model", "home"); err != nil {
		t.Fatal(err)
	}
	mustChoose(t, s, 0)
	if got, want := s.Encode(), "mini."+st+".3.AC.A"; got != want { // os unanswered (A), model option 1 (C)
		t.Errorf("Encode = %q, want %q", got, want)
	}
	u := engine.NewSession(f)
	if err := u.SetFact("os", engine.Unknown); err != nil {
		t.Fatal(err)
	}
	if got, want := u.Encode(), "mini."+st+"..D."; got != want { // unknown: after os's two options
		t.Errorf("Encode = %q, want %q", got, want)
	}
	for _, c := range s.Encode() {
		if !strings.ContainsRune("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~", c) {
			t.Errorf("Encode uses %q", c)
		}
	}
}

func TestDecodeEmpty(t *testing.T) {
	f := testguide.Mini(t)
	s, err := engine.Decode(f, "")
	if err != nil || s.Current().ID != "symptom" || len(s.History()) != 0 || len(s.Facts()) != 0 {
		t.Fatalf("Decode(\"\") = %v", err)
	}
}

func TestDecodeErrors(t *testing.T) {
	f := testguide.Mini(t)
	st := miniStamp(t, f)
	for _, c := range []struct {
		state string
		want  error
	}{
		// Syntax.
		{"garbage", engine.ErrMalformed},
		{"mini." + st + ".", engine.ErrMalformed},                    // 3 parts
		{"mini." + st + "....", engine.ErrMalformed},                 // 6 parts
		{"mini." + st + "...B A", engine.ErrMalformed},               // a space
		{"mini." + st + "...B%41", engine.ErrMalformed},              // an escape
		{"mini." + st + "...Bé", engine.ErrMalformed},                // not ASCII
		{"Mini." + st + "...", engine.ErrMalformed},                  // not a guide id
		{"." + st + "...", engine.ErrMalformed},                      // no guide id
		{"-mini." + st + "...", engine.ErrMalformed},                 // not a guide id (engine.ValidID)
		{"mini." + st + ".0..", engine.ErrMalformed},                 // Start written out
		{"mini." + st + ".03..", engine.ErrMalformed},                // a leading zero
		{"mini." + st + ".a..", engine.ErrMalformed},                 // no node #10
		{"mini." + st + ".A..", engine.ErrMalformed},                 // upper-case base 36
		{"mini." + st + ".zzzzzzz..", engine.ErrMalformed},           // too many digits
		{"mini." + st + "...B~", engine.ErrMalformed},                // short escape
		{"mini." + st + "...~AB", engine.ErrMalformed},               // escape below 64
		{"mini." + st + "...~B.", engine.ErrMalformed},               // escape of a dot
		{"mini." + st + "..BA.", engine.ErrMalformed},                // a trailing unanswered fact
		{"mini." + st + "..A.", engine.ErrMalformed},                 // likewise
		{"mini." + st + "..E.", engine.ErrMalformed},                 // os has 2 options and unknown: B, C, D
		{"mini." + st + "..BBB.", engine.ErrMalformed},               // a third fact
		{"mini." + st + "..~.", engine.ErrMalformed},                 // not a digit
		{"mini." + st + "..AAAAAAAAAAAAAAAAB.", engine.ErrMalformed}, // more than MaxFacts
		{strings.Repeat("a", engine.MaxStateLen+1), engine.ErrMalformed},
		{"mini." + st + "..." + strings.Repeat("A", engine.MaxWalk+1), engine.ErrMalformed},
		// Another guide.
		{"other." + st + "...", engine.ErrOtherGuide},
		{"mini-2." + st + "...BA", engine.ErrOtherGuide},
		// Other content.
		{"mini.AAAAAAAA...", engine.ErrStale},
		{"mini....B", engine.ErrStale},
		{"mini." + st + "x...", engine.ErrStale},
		{"mini." + st + "..B", engine.ErrStale}, // four parts: the format before facts
		// Replay.
		{"mini." + st + "...D", engine.ErrInvalidChoice},      // option 3 of 3
		{"mini." + st + "..BB.AAA", engine.ErrInvalidChoice},  // past an outcome
		{"mini." + st + "..BB.~BA", engine.ErrInvalidChoice},  // option 64
		{"mini." + st + ".4..A", engine.ErrInvalidChoice},     // from an outcome
		{"mini." + st + "..BB.BAB_", engine.ErrInvalidChoice}, // option 63 of 2
		{"mini." + st + "...BAB", engine.ErrInvalidChoice},    // check-wifi needs os
		{"mini." + st + "..C.CB", engine.ErrInvalidChoice},    // "Hours" not offered on system 1
		{"mini." + st + "..BB.BAB" + strings.Repeat("B", engine.MaxWalk-3), engine.ErrInvalidChoice},
	} {
		s, err := engine.Decode(f, c.state)
		if !errors.Is(err, c.want) || s != nil {
			t.Errorf("Decode(%.60q) = %v, want %v", c.state, err, c.want)
		}
	}
	if _, err := engine.Decode(nil, "mini...."); !errors.Is(err, engine.ErrMalformed) {
		t.Errorf("Decode(nil flow): %v", err)
	}
}

// TestDecodeStale: a state saved before the guide's graph changed is
// refused (Recover keeps what fits); one saved before a change of words only
// is read as it was.
func TestDecodeStale(t *testing.T) {
	f := testguide.Mini(t)
	s := miniSession(t, f)
	mustChoose(t, s, 1, 0, 1)
	saved := s.Encode()

	reworded := testguide.MiniEdited(t,
		`"Check Wi-Fi"`, `"Check your Wi-Fi"`,
		`"Nothing at all"`, `"No label at all"`,
		`"lang": "en"`, `"lang": "fr"`,
		`"version": 1`, `"version": 2`,
		`"Did this fix it?"`, `"Did that fix it?"`,
		`Messages needs a connection.`, `iMessage needs a connection.`,
		`"question": "Which system version is it?"`, `"question": "Which version?"`,
		`"id": "red-bang"`, `"id": "red-mark"`)
	got, err := engine.Decode(reworded, saved)
	if err != nil || got.Encode() != saved || got.Current().ID != "check-restart" {
		t.Errorf("after a change of words: Decode(%q) = %v, want the same walk", saved, err)
	}

	moved := testguide.MiniEdited(t, `"fixed": "resolved", "next": "check-restart"`, `"fixed": "resolved", "next": "escalate"`)
	if _, err := engine.Decode(moved, saved); !errors.Is(err, engine.ErrStale) {
		t.Errorf("after a change of the graph: %v, want ErrStale", err)
	}
	cond := testguide.MiniEdited(t, `{"text": "Tap {Network} and join one.", "when": {"os": ["1"]}}`, `{"text": "Tap {Network} and join one.", "when": {"os": ["1", "2"]}}`)
	if _, err := engine.Decode(cond, saved); !errors.Is(err, engine.ErrStale) {
		t.Errorf("after a change of a condition: %v, want ErrStale", err)
	}
}

// FuzzDecode: no state makes Decode panic, and every state it accepts (but
// "") comes back unchanged from Encode.
func FuzzDecode(f *testing.F) {
	fl := testguide.Mini(f)
	s := engine.NewSession(fl)
	f.Add(s.Encode())
	s = miniSession(f, fl)
	mustChoose(f, s, 1, 0, 1, 1)
	f.Add(s.Encode())
	d, _ := engine.NewSessionAt(fl, "check-wifi")
	f.Add(d.Encode())
	d.SetFact("os", engine.Unknown)
	f.Add(d.Encode())
	for _, x := range []string{"", "garbage", "mini....", "mini.AAAAAAAA.3..~BA", "a.b.c.d.e.f", "...~", "mini..C..__", "mini...BA"} {
		f.Add(x)
	}
	f.Fuzz(func(t *testing.T, state string) {
		s, err := engine.Decode(fl, state)
		if err != nil {
			if s != nil {
				t.Fatal("a session with an error")
			}
			for _, e := range []error{engine.ErrMalformed, engine.ErrOtherGuide, engine.ErrStale, engine.ErrInvalidChoice} {
				if errors.Is(err, e) {
					return
				}
			}
			t.Fatalf("untyped error %v", err)
		}
		if state == "" {
			return
		}
		if got := s.Encode(); got != state {
			t.Fatalf("Encode(Decode(%q)) = %q", state, got)
		}
	})
}

// withoutRestart is mini after an edit of its graph: the check
// check-restart (node #3) is gone and check-wifi's "No" leads straight to
// the escalation (so its fact, the model, is never used: the flow is not
// valid content, but a session walks it).
func withoutRestart(t testing.TB) *engine.Flow {
	t.Helper()
	f := testguide.Mini(t)
	f.Nodes = slices.Delete(f.Nodes, 3, 4)
	f.Node("check-wifi").Next = "escalate"
	f.Index()
	return f
}

func TestRecover(t *testing.T) {
	f := testguide.Mini(t)
	st := miniStamp(t, f)
	edited := withoutRestart(t)

	for _, tt := range []struct {
		name          string
		flow          *engine.Flow
		state         string
		at            string
		stale         bool
		kept, dropped int
		factsDropped  int
	}{
		{"empty", f, "", "symptom", false, 0, 0, 0},
		{"whole", f, "mini." + st + "..BB.BABB", "escalate", false, 4, 0, 0},
		{"deep link", f, "mini." + st + ".3.AB.A", "resolved", false, 1, 0, 0},
		{"past an outcome", f, "mini." + st + "..BB.BABBA", "escalate", false, 4, 1, 0},
		{"out of range", f, "mini." + st + "..BB.BAB_", "check-restart", false, 3, 1, 0},
		{"a fact needed", f, "mini." + st + "...BAB", "check-wifi", false, 2, 1, 0},
		// Saved before check-restart was removed: the answers up to
		// check-wifi still fit, the one at check-restart does not.
		{"graph changed", edited, "mini." + st + "..BB.BABB", "escalate", true, 3, 1, 0},
		{"graph changed, all fit", edited, "mini." + st + "..BB.BA", "check-wifi", true, 2, 0, 0},
		{"graph changed, a fact out of range", edited, "mini." + st + "..EB.BA", "check-wifi", true, 2, 0, 1},
		{"graph changed, a fact too many", edited, "mini." + st + "..BBB.BAB", "escalate", true, 3, 0, 1},
		// Started at node #9 (send-as-text), which is now past the end.
		{"origin gone", edited, "mini." + st + ".9..", "symptom", true, 0, 0, 0},
		{"origin gone, choices", edited, "mini." + st + ".9.B.AB", "symptom", true, 0, 2, 0},
		// Saved in the format before facts (four parts): read as stale.
		{"before facts", f, "mini." + st + "..BAB", "check-wifi", true, 2, 1, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, err := engine.Recover(tt.flow, tt.state)
			if err != nil {
				t.Fatal(err)
			}
			if r.Session.Current().ID != tt.at || r.Stale != tt.stale || r.Kept != tt.kept || r.Dropped != tt.dropped || r.FactsDropped != tt.factsDropped {
				t.Errorf("Recover(%q) = at %q, %+v; want at %q, stale %v, kept %d, dropped %d, facts dropped %d",
					tt.state, r.Session.Current().ID, r, tt.at, tt.stale, tt.kept, tt.dropped, tt.factsDropped)
			}
			if r.Session.Len() != r.Kept {
				t.Errorf("session has %d steps, Kept %d", r.Session.Len(), r.Kept)
			}
			checkRoundTrip(t, tt.flow, r.Session)
			if s, err := engine.Decode(tt.flow, tt.state); err == nil && (r.Session.Encode() != s.Encode() || r.Dropped != 0 || r.Stale) {
				t.Errorf("Decode accepts %q but Recover gives %+v", tt.state, r)
			}
		})
	}

	for _, tt := range []struct {
		flow  *engine.Flow
		state string
		want  error
	}{
		{nil, "mini....", engine.ErrMalformed},
		{f, "garbage", engine.ErrMalformed},
		{f, "mini." + st + ".0..", engine.ErrMalformed}, // Start written out
		{f, "mini." + st + ".a..", engine.ErrMalformed}, // no node #10 in a state of this graph
		{f, "mini." + st + "..E.", engine.ErrMalformed}, // no such answer in a state of this graph
		{f, "mini." + st + "...B A", engine.ErrMalformed},
		{edited, "mini." + st + ".03..", engine.ErrMalformed},
		{f, "other." + st + "...B", engine.ErrOtherGuide},
	} {
		if r, err := engine.Recover(tt.flow, tt.state); !errors.Is(err, tt.want) || r.Session != nil {
			t.Errorf("Recover(%q) = %+v, %v; want %v", tt.state, r, err, tt.want)
		}
	}
}

// FuzzRecover: no state makes Recover panic; it fails only on a state that
// cannot be read or is another guide's (as Decode does); what it keeps is a
// state Decode accepts; and a state Decode accepts is kept whole. Each
// input is tried on mini and on mini after a change of its graph.
func FuzzRecover(f *testing.F) {
	flows := []*engine.Flow{testguide.Mini(f), withoutRestart(f)}
	for _, fl := range flows {
		s := engine.NewSession(fl)
		f.Add(s.Encode())
		s = miniSession(f, fl)
		mustChoose(f, s, 1, 0, 1)
		f.Add(s.Encode())
		d, _ := engine.NewSessionAt(fl, "check-wifi")
		f.Add(d.Encode())
		d, _ = engine.NewSessionAt(fl, "escalate")
		f.Add(d.Encode())
	}
	for _, x := range []string{"", "garbage", "mini....", "mini.AAAAAAAA.3..~BA", "mini.AAAAAAAA.5.EB.BB", "mini....__", "mini.AAAAAAAA..BAB"} {
		f.Add(x)
	}
	f.Fuzz(func(t *testing.T, state string) {
		for _, fl := range flows {
			r, err := engine.Recover(fl, state)
			s, derr := engine.Decode(fl, state)
			if err != nil {
				if r.Session != nil || !(errors.Is(err, engine.ErrMalformed) || errors.Is(err, engine.ErrOtherGuide)) {
					t.Fatalf("Recover(%q) = %+v, %v", state, r, err)
				}
				if derr == nil || errors.Is(derr, engine.ErrStale) || errors.Is(derr, engine.ErrInvalidChoice) {
					t.Fatalf("Recover(%q) fails with %v where Decode gives %v", state, err, derr)
				}
				continue
			}
			if r.Session == nil || r.Kept != r.Session.Len() || r.Dropped < 0 {
				t.Fatalf("Recover(%q) = %+v", state, r)
			}
			kept := r.Session.Encode()
			if again, err := engine.Decode(fl, kept); err != nil || again.Encode() != kept {
				t.Fatalf("Recover(%q) kept %q, which Decode refuses: %v", state, kept, err)
			}
			if derr == nil && (r.Stale || r.Dropped != 0 || kept != s.Encode()) {
				t.Fatalf("Decode accepts %q, Recover gives %+v", state, r)
			}
		}
	})
}
