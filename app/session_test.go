package app_test

import (
	"errors"
	"maps"
	"slices"
	"testing"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/content"
	"github.com/fixflow/fixflow/internal/testguide"
)

// TestWalkEveryPath walks every path of the mini guide under every
// combination of answers to its facts (DFS over choices, bounded),
// checking at every step: Progress, the state round trip, and that Back
// returns to the previous node and forgets the answer.
func TestWalkEveryPath(t *testing.T) {
	f := testguide.Mini(t)
	var outcomes []string
	var walks int
	var walk func(s *engine.Session, depth int)
	walk = func(s *engine.Session, depth int) {
		if depth > 20 {
			t.Fatalf("walk deeper than 20 steps: %v", s.History())
		}
		if fa := s.Needs(); fa != nil {
			t.Fatalf("at %q: fact %q not answered", s.Current().ID, fa.ID)
		}
		checkRoundTrip(t, f, s)
		p := s.Progress()
		if p.Done != len(s.History()) {
			t.Fatalf("Progress.Done = %d, history has %d", p.Done, len(s.History()))
		}
		if s.Done() {
			if p.Remaining != 0 || p.Fraction != 1 {
				t.Fatalf("at outcome %q: Progress = %+v", s.Current().ID, p)
			}
			walks++
			outcomes = append(outcomes, s.Current().ID)
			return
		}
		if p.Remaining < 1 || p.Fraction < 0 || p.Fraction >= 1 {
			t.Fatalf("at %q: Progress = %+v", s.Current().ID, p)
		}
		here := s.Current().ID
		cs := f.Choices(s.Current())
		if len(cs) == 0 {
			t.Fatalf("dead end at %q", here)
		}
		for i := range cs {
			next := s.Clone()
			err := next.Choose(i)
			if !s.Offered(i) {
				if !errors.Is(err, engine.ErrInvalidChoice) {
					t.Fatalf("Choose(%d) at %q, not offered: %v", i, here, err)
				}
				continue
			}
			if err != nil {
				t.Fatalf("Choose(%d) at %q: %v", i, here, err)
			}
			if c, ok := next.Answer(here); !ok || c != i {
				t.Fatalf("Answer(%q) = %d, %v after Choose(%d)", here, c, ok, i)
			}
			q := next.Progress()
			// Mini has no loops: each step lowers Remaining by at
			// least one and raises Fraction.
			if q.Remaining > p.Remaining-1 || q.Fraction <= p.Fraction {
				t.Fatalf("%q --%d--> %q: Progress %+v then %+v", here, i, next.Current().ID, p, q)
			}
			back := next.Clone()
			if !back.Back() {
				t.Fatal("Back after a choice reported false")
			}
			if back.Current().ID != here {
				t.Fatalf("Back from %q went to %q, want %q", next.Current().ID, back.Current().ID, here)
			}
			if _, ok := back.Answer(here); ok {
				t.Fatalf("Back kept the answer at %q", here)
			}
			if !slices.Equal(back.History(), s.History()) {
				t.Fatalf("Back: history %v, want %v", back.History(), s.History())
			}
			walk(next, depth+1)
		}
	}
	counts := map[string]int{}
	for _, v := range f.Combinations(100) {
		walks, outcomes = 0, nil
		walk(miniAnswered(t, f, v), 0)
		counts[f.DescribeValues(v)] = walks
		if v["os"] == "2" && v["model"] == "side" {
			want := []string{"resolved", "resolved", "escalate", "send-as-text", "resolved", "resolved", "escalate", "send-as-text",
				"wait-network", "resolved", "resolved", "escalate", "send-as-text"}
			if !slices.Equal(outcomes, want) {
				t.Errorf("outcomes %v, want %v", outcomes, want)
			}
		}
	}
	// System 1 offers no "Hours" (4 paths fewer) and meets check-update (2
	// paths more on each way through check-restart, 3 ways); unknown
	// answers satisfy every condition.
	want := map[string]int{
		"os=2, model=side": 13, "os=2, model=home": 13, "os=2, model=unknown": 13,
		"os=1, model=side": 11, "os=1, model=home": 11, "os=1, model=unknown": 11,
		"os=unknown, model=side": 16, "os=unknown, model=home": 16, "os=unknown, model=unknown": 16,
	}
	if !maps.Equal(counts, want) {
		t.Errorf("paths by answers %v, want %v", counts, want)
	}
}

// miniAnswered is a fresh session of f with the answers v.
func miniAnswered(tb testing.TB, f *engine.Flow, v engine.FactValues) *engine.Session {
	tb.Helper()
	s := engine.NewSession(f)
	if err := s.SetFacts(v); err != nil {
		tb.Fatal(err)
	}
	return s
}

// checkRoundTrip asserts Decode(Encode(s)) is the same walk.
func checkRoundTrip(tb testing.TB, f *engine.Flow, s *engine.Session) {
	tb.Helper()
	code := s.Encode()
	got, err := engine.Decode(f, code)
	if err != nil {
		tb.Fatalf("Decode(%q): %v", code, err)
	}
	if got.Current() != s.Current() || got.Origin() != s.Origin() || !slices.Equal(got.History(), s.History()) ||
		!maps.Equal(got.Values(), s.Values()) {
		tb.Fatalf("Decode(%q) = at %q from %q %v %v; want at %q from %q %v %v", code,
			got.Current().ID, got.Origin(), got.History(), got.Values(), s.Current().ID, s.Origin(), s.History(), s.Values())
	}
	if again := got.Encode(); again != code {
		tb.Fatalf("Encode(Decode(%q)) = %q", code, again)
	}
}

func TestNewSession(t *testing.T) {
	f := testguide.Mini(t)
	s := engine.NewSession(f)
	if s.Flow() != f || s.Current().ID != "symptom" || s.Origin() != "symptom" ||
		s.History() != nil || s.Done() || s.Len() != 0 {
		t.Fatalf("fresh session: at %q from %q, history %v, done %v", s.Current().ID, s.Origin(), s.History(), s.Done())
	}
	if s.Back() {
		t.Error("Back at the origin reported true")
	}
	if s.Current().ID != "symptom" {
		t.Errorf("Back at the origin moved to %q", s.Current().ID)
	}
}

func TestBackForgetsLaterAnswers(t *testing.T) {
	f := testguide.Mini(t)
	s := miniSession(t, f)
	mustChoose(t, s, 1, 0, 1) // Nothing at all, Continue, didn't help
	if s.Current().ID != "check-restart" {
		t.Fatalf("at %q, want check-restart", s.Current().ID)
	}
	for _, id := range []string{"symptom", "about-delivered", "check-wifi"} {
		if _, ok := s.Answer(id); !ok {
			t.Fatalf("no answer at %q", id)
		}
	}
	s.Back() // to check-wifi
	s.Back() // to about-delivered
	if s.Current().ID != "about-delivered" {
		t.Fatalf("after two Backs at %q, want about-delivered", s.Current().ID)
	}
	for _, id := range []string{"about-delivered", "check-wifi"} {
		if c, ok := s.Answer(id); ok {
			t.Errorf("Answer(%q) = %d after Back, want none", id, c)
		}
	}
	if c, ok := s.Answer("symptom"); !ok || c != 1 {
		t.Errorf("Answer(symptom) = %d, %v; want 1, true", c, ok)
	}
	want := []engine.Step{{Node: "symptom", Choice: 1}}
	if !slices.Equal(s.History(), want) {
		t.Errorf("history %v, want %v", s.History(), want)
	}
	// A different answer after going back.
	s.Back()
	mustChoose(t, s, 0, 0)
	if s.Current().ID != "resolved" || !s.Done() {
		t.Errorf("at %q, want resolved", s.Current().ID)
	}
	want = []engine.Step{{Node: "symptom", Choice: 0}, {Node: "check-wifi", Choice: 0}}
	if !slices.Equal(s.History(), want) {
		t.Errorf("history %v, want %v", s.History(), want)
	}
}

func TestRestart(t *testing.T) {
	f := testguide.Mini(t)
	s, err := engine.NewSessionAt(f, "check-wifi")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetFacts(known); err != nil {
		t.Fatal(err)
	}
	mustChoose(t, s, 1, 1)
	s.Restart()
	if s.Current().ID != "symptom" || s.Origin() != "symptom" || len(s.History()) != 0 {
		t.Errorf("after Restart: at %q from %q, history %v", s.Current().ID, s.Origin(), s.History())
	}
	// The facts are about the user's situation: a restart keeps them.
	if got, want := s.Encode(), miniSession(t, f).Encode(); got != want {
		t.Errorf("restarted session encodes as %q, a fresh one with the same facts as %q", got, want)
	}
}

func TestNewSessionAt(t *testing.T) {
	f := testguide.Mini(t)
	s, err := engine.NewSessionAt(f, "check-restart")
	if err != nil {
		t.Fatal(err)
	}
	if s.Current().ID != "check-restart" || s.Origin() != "check-restart" {
		t.Fatalf("at %q from %q", s.Current().ID, s.Origin())
	}
	// Nothing is answered: check-update may still come (2 steps).
	if p := s.Progress(); p != (engine.Progress{Done: 0, Remaining: 2, Fraction: 0}) {
		t.Errorf("Progress = %+v", p)
	}
	if fa := s.Needs(); fa == nil || fa.ID != "model" {
		t.Fatalf("Needs at check-restart = %v, want the model", fa)
	}
	if err := s.SetFacts(known); err != nil {
		t.Fatal(err)
	}
	if p := s.Progress(); p != (engine.Progress{Done: 0, Remaining: 1, Fraction: 0}) {
		t.Errorf("Progress with system 2 = %+v", p)
	}
	mustChoose(t, s, 1)
	if s.Current().ID != "escalate" || !s.Done() {
		t.Fatalf("at %q", s.Current().ID)
	}
	if !s.Back() || s.Current().ID != "check-restart" || s.Back() {
		t.Error("Back from a deep link's first step must stop at the origin")
	}
	checkRoundTrip(t, f, s)

	for _, id := range []string{"", "nope", "Symptom"} {
		if _, err := engine.NewSessionAt(f, id); !errors.Is(err, engine.ErrUnknownNode) {
			t.Errorf("NewSessionAt(%q): %v, want ErrUnknownNode", id, err)
		}
	}
	if _, err := engine.NewSessionAt(nil, "symptom"); !errors.Is(err, engine.ErrUnknownNode) {
		t.Errorf("NewSessionAt(nil): %v", err)
	}
	// A deep link to an outcome is a finished walk.
	s, err = engine.NewSessionAt(f, "resolved")
	if err != nil || !s.Done() {
		t.Fatalf("NewSessionAt(resolved): %v, done %v", err, s.Done())
	}
	checkRoundTrip(t, f, s)
}

func TestChooseErrors(t *testing.T) {
	f := testguide.Mini(t)
	s := engine.NewSession(f)
	for _, i := range []int{-1, 3, 1 << 40} {
		if err := s.Choose(i); !errors.Is(err, engine.ErrInvalidChoice) {
			t.Errorf("Choose(%d) at a question of 3: %v", i, err)
		}
	}
	if len(s.History()) != 0 || s.Current().ID != "symptom" {
		t.Fatal("a failed Choose changed the session")
	}
	// check-wifi needs the system's version before it can be answered.
	mustChoose(t, s, 0)
	if err := s.Choose(0); !errors.Is(err, engine.ErrNeedsFact) || !errors.Is(err, engine.ErrInvalidChoice) || s.Len() != 1 {
		t.Errorf("Choose at a node that needs a fact: %v", err)
	}
	// An option whose condition fails is not offered (how-long's "Hours"
	// on system 1).
	old := miniAnswered(t, f, engine.FactValues{"os": "1"})
	mustChoose(t, old, 2)
	if old.Offered(1) || old.Offered(2) || !old.Offered(0) {
		t.Error("Offered at how-long on system 1")
	}
	if err := old.Choose(1); !errors.Is(err, engine.ErrInvalidChoice) || old.Current().ID != "how-long" {
		t.Errorf("Choose of an option not offered: %v", err)
	}
	if err := old.ChooseNext("check-wifi"); !errors.Is(err, engine.ErrInvalidChoice) {
		t.Errorf("ChooseNext through an option not offered: %v", err)
	}
	s = miniSession(t, f)
	mustChoose(t, s, 0, 0)
	if err := s.Choose(0); !errors.Is(err, engine.ErrInvalidChoice) {
		t.Errorf("Choose at an outcome: %v", err)
	}
	if err := s.ChooseNext("symptom"); !errors.Is(err, engine.ErrInvalidChoice) {
		t.Errorf("ChooseNext at an outcome: %v", err)
	}
}

func TestChooseNext(t *testing.T) {
	f := testguide.Mini(t)
	s := miniSession(t, f)
	for _, id := range []string{"about-delivered", "check-wifi", "check-restart", "escalate"} {
		if err := s.ChooseNext(id); err != nil {
			t.Fatalf("ChooseNext(%q): %v", id, err)
		}
	}
	want := []engine.Step{{"symptom", 1}, {"about-delivered", 0}, {"check-wifi", 1}, {"check-restart", 1}}
	if !slices.Equal(s.History(), want) {
		t.Errorf("history %v, want %v", s.History(), want)
	}
	s = miniSession(t, f)
	if err := s.ChooseNext("escalate"); !errors.Is(err, engine.ErrInvalidChoice) {
		t.Errorf("ChooseNext to a node not next: %v", err)
	}
	// ChooseID names answers as scenarios do.
	s = miniSession(t, f)
	for _, id := range []string{"sending", "hours", engine.ChoiceNo, engine.ChoiceNo} {
		if err := s.ChooseID(id); err != nil {
			t.Fatalf("ChooseID(%q): %v", id, err)
		}
	}
	if s.Current().ID != "escalate" {
		t.Errorf("after ChooseID: at %q", s.Current().ID)
	}
	if err := s.ChooseID("red-bang"); !errors.Is(err, engine.ErrInvalidChoice) {
		t.Errorf("ChooseID at an outcome: %v", err)
	}
}

// TestCopiesAreIndependent: a copied session (by value or Clone) walks on
// without changing the original, even though they share history storage.
func TestCopiesAreIndependent(t *testing.T) {
	f := testguide.Mini(t)
	s := miniSession(t, f)
	mustChoose(t, s, 1, 0)
	s.Back() // leaves spare capacity in the shared array

	a := *s // a value copy, as a view keeps one
	b := s.Clone()
	mustChoose(t, &a, 0)
	mustChoose(t, b, 0, 1)
	mustChoose(t, s, 0, 0)

	for _, c := range []struct {
		s    *engine.Session
		want []engine.Step
		at   string
	}{
		{&a, []engine.Step{{"symptom", 1}, {"about-delivered", 0}}, "check-wifi"},
		{b, []engine.Step{{"symptom", 1}, {"about-delivered", 0}, {"check-wifi", 1}}, "check-restart"},
		{s, []engine.Step{{"symptom", 1}, {"about-delivered", 0}, {"check-wifi", 0}}, "resolved"},
	} {
		if !slices.Equal(c.s.History(), c.want) || c.s.Current().ID != c.at {
			t.Errorf("at %q with %v; want %q with %v", c.s.Current().ID, c.s.History(), c.at, c.want)
		}
	}
	// History is a copy.
	h := s.History()
	h[0].Choice = 9
	if c, _ := s.Answer("symptom"); c != 1 {
		t.Error("changing History()'s result changed the session")
	}
}

func TestLoopWalk(t *testing.T) {
	f := loopFlow()
	s := engine.NewSession(f)
	for range 3 {
		mustChoose(t, s, 0, 1) // Try, didn't help: back at q1
	}
	if s.Current().ID != "q1" || len(s.History()) != 6 {
		t.Fatalf("at %q after %d steps", s.Current().ID, len(s.History()))
	}
	if c, ok := s.Answer("c1"); !ok || c != 1 {
		t.Errorf("Answer(c1) = %d, %v", c, ok)
	}
	checkRoundTrip(t, f, s)
	mustChoose(t, s, 0, 0)
	if s.Current().ID != "res" {
		t.Fatalf("at %q", s.Current().ID)
	}
	checkRoundTrip(t, f, s)
}

func TestMaxWalk(t *testing.T) {
	f := loopFlow()
	s := engine.NewSession(f)
	for range engine.MaxWalk / 2 {
		mustChoose(t, s, 0, 1)
	}
	if err := s.Choose(0); !errors.Is(err, engine.ErrTooLong) {
		t.Fatalf("Choose beyond MaxWalk: %v", err)
	}
	if len(s.History()) != engine.MaxWalk {
		t.Fatalf("history %d", len(s.History()))
	}
	checkRoundTrip(t, f, s) // the longest walk still encodes and decodes
}

// TestNilAndBrokenFlows: no method panics on a nil flow or one whose Start
// is missing.
func TestNilAndBrokenFlows(t *testing.T) {
	broken := &engine.Flow{ID: "broken", Start: "missing", Nodes: []engine.Node{
		{ID: "q", Kind: engine.KindQuestion, Options: []engine.Option{{Label: "x", Next: "gone"}}},
	}}
	for _, f := range []*engine.Flow{nil, broken, {}} {
		s := engine.NewSession(f)
		if s.Current() != nil || s.Done() || s.Back() {
			t.Error("a broken session has a current node")
		}
		if err := s.Choose(0); err == nil {
			t.Error("Choose on a broken session succeeded")
		}
		_ = s.ChooseNext("q")
		_ = s.Progress()
		_ = s.Transcript()
		_ = s.TranscriptText()
		_ = s.Encode()
		s.Restart()
		_ = s.Clone()
	}
	s, err := engine.NewSessionAt(broken, "q")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Choose(0); !errors.Is(err, engine.ErrInvalidChoice) {
		t.Errorf("Choose to a missing node: %v", err)
	}
	if p := s.Progress(); p.Remaining != 1 {
		t.Errorf("Progress at a dead end: %+v", p)
	}
}

// FuzzWalk drives a session with random operations: each byte is a choice
// (0-179), an answer to the fact the walk needs, or to another fact
// (180-199: fact op%4, answer op/4%5 counting "I don't know" after the
// options), Back (200-239), Restart (240-249) or Encode+Decode (250-255).
// No operation may panic, and the session stays consistent. It walks the
// mini guide, a looping guide and every shipped guide.
func FuzzWalk(f *testing.F) {
	flows := []*engine.Flow{testguide.Mini(f), loopFlow()}
	lib, err := content.Embedded()
	if err != nil {
		f.Fatal(err)
	}
	flows = append(flows, lib.Guides()...)
	f.Add(uint8(0), []byte{0, 0})
	f.Add(uint8(0), []byte{1, 0, 1, 1, 200, 0, 250})
	f.Add(uint8(1), []byte{0, 1, 0, 1, 0, 0, 200, 240, 1})
	f.Add(uint8(0), []byte{7, 255, 3, 201})
	f.Add(uint8(0), []byte{1, 0, 0, 1, 0, 1, 190, 250, 185, 0})
	f.Add(uint8(2), []byte{0, 1, 1, 1, 1, 1, 1, 1, 250, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1})
	f.Fuzz(func(t *testing.T, which uint8, ops []byte) {
		fl := flows[int(which)%len(flows)]
		s := engine.NewSession(fl)
		for _, op := range ops {
			before := len(s.History())
			switch {
			case op < 180 && s.Needs() != nil:
				fa := s.Needs()
				if err := s.SetFact(fa.ID, fuzzAnswer(fa, int(op))); err != nil {
					t.Fatalf("SetFact(%q): %v", fa.ID, err)
				}
				if s.Len() != before || s.Needs() == fa {
					t.Fatalf("answering the fact needed moved the walk or left it needed")
				}
			case op < 180:
				err := s.Choose(int(op % 8))
				if (err == nil) != (len(s.History()) == before+1) {
					t.Fatalf("Choose(%d): err %v, history %d -> %d", op%8, err, before, len(s.History()))
				}
			case op < 200:
				if len(fl.Facts) == 0 {
					continue
				}
				fa := &fl.Facts[int(op)%4%len(fl.Facts)]
				if err := s.SetFact(fa.ID, fuzzAnswer(fa, int(op)/4)); err != nil {
					t.Fatalf("SetFact(%q): %v", fa.ID, err)
				}
				if s.Len() > before {
					t.Fatalf("changing a fact lengthened the walk")
				}
			case op < 240:
				if s.Back() != (before > 0) {
					t.Fatal("Back reported wrongly")
				}
			case op < 250:
				s.Restart()
			default:
				got, err := engine.Decode(fl, s.Encode())
				if err != nil {
					t.Fatalf("Decode(Encode()) = %v", err)
				}
				s = got
			}
			if s.Current() == nil {
				t.Fatal("no current node")
			}
			p := s.Progress()
			if p.Done != len(s.History()) || p.Fraction < 0 || p.Fraction > 1 ||
				(s.Done() != (p.Fraction == 1)) {
				t.Fatalf("Progress %+v at %q", p, s.Current().ID)
			}
		}
		checkRoundTrip(t, fl, s)
		if n := len(s.Transcript()); n != len(s.History()) {
			t.Fatalf("transcript has %d entries for %d steps", n, len(s.History()))
		}
	})
}

// fuzzAnswer is answer k of a fact: an option, or Unknown after the last.
func fuzzAnswer(fa *engine.Fact, k int) string {
	k %= len(fa.Options) + 1
	if k == len(fa.Options) {
		return engine.Unknown
	}
	return fa.Options[k].ID
}
