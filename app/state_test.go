package app_test

import (
	"errors"
	"strings"
	"testing"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/internal/testguide"
)

// miniStamp is the mini fixture's content stamp: its hash, testguide.MiniHash.
func miniStamp(t *testing.T, f *engine.Flow) string {
	t.Helper()
	code := engine.NewSession(f).Encode()
	parts := strings.Split(code, ".")
	if len(parts) != 4 || parts[0] != "mini" || parts[1] != testguide.MiniHash || parts[2] != "" || parts[3] != "" {
		t.Fatalf("fresh session encodes as %q", code)
	}
	return parts[1]
}

func TestEncodeFormat(t *testing.T) {
	f := testguide.Mini(t)
	st := miniStamp(t, f)
	s := engine.NewSession(f)
	mustChoose(t, s, 1, 0, 1, 1)
	if got, want := s.Encode(), "mini."+st+"..BABB"; got != want {
		t.Errorf("Encode = %q, want %q", got, want)
	}
	s, _ = engine.NewSessionAt(f, "check-restart") // node #3
	mustChoose(t, s, 0)
	if got, want := s.Encode(), "mini."+st+".3.A"; got != want {
		t.Errorf("Encode = %q, want %q", got, want)
	}
	for _, c := range s.Encode() {
		if !strings.ContainsRune("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~", c) {
			t.Errorf("Encode uses %q", c)
		}
	}
	// No hash: an empty stamp.
	f.SetHash("")
	if got := engine.NewSession(f).Encode(); got != "mini..." {
		t.Errorf("Encode without a hash = %q", got)
	}
	// A long or not URL-safe hash is carried as an 8-character
	// fingerprint.
	for _, h := range []string{"sha256:" + strings.Repeat("ab", 32), "a.b", "0123456789abcdefX", "é"} {
		f.SetHash(h)
		code := engine.NewSession(f).Encode()
		parts := strings.Split(code, ".")
		if len(parts) != 4 || len(parts[1]) != 8 || strings.Trim(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~") != "" {
			t.Errorf("hash %q: Encode = %q", h, code)
		}
		checkRoundTrip(t, f, engine.NewSession(f))
	}
}

func TestDecodeEmpty(t *testing.T) {
	f := testguide.Mini(t)
	s, err := engine.Decode(f, "")
	if err != nil || s.Current().ID != "symptom" || len(s.History()) != 0 {
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
		{"mini." + st + ".", engine.ErrMalformed},         // 3 parts
		{"mini." + st + "...", engine.ErrMalformed},       // 5 parts
		{"mini." + st + "..B A", engine.ErrMalformed},     // a space
		{"mini." + st + "..B%41", engine.ErrMalformed},    // an escape
		{"mini." + st + "..Bé", engine.ErrMalformed},      // not ASCII
		{"Mini." + st + "..", engine.ErrMalformed},        // not a guide id
		{"." + st + "..", engine.ErrMalformed},            // no guide id
		{"mini." + st + ".0.", engine.ErrMalformed},       // Start written out
		{"mini." + st + ".03.", engine.ErrMalformed},      // a leading zero
		{"mini." + st + ".6.", engine.ErrMalformed},       // no node #6
		{"mini." + st + ".A.", engine.ErrMalformed},       // upper-case base 36
		{"mini." + st + ".zzzzzzz.", engine.ErrMalformed}, // too many digits
		{"mini." + st + "..B~", engine.ErrMalformed},      // short escape
		{"mini." + st + "..~AB", engine.ErrMalformed},     // escape below 64
		{"mini." + st + "..~B.", engine.ErrMalformed},     // escape of a dot
		{strings.Repeat("a", engine.MaxStateLen+1), engine.ErrMalformed},
		{"mini." + st + ".." + strings.Repeat("A", engine.MaxSteps+1), engine.ErrMalformed},
		// Another guide.
		{"other." + st + "..", engine.ErrOtherGuide},
		{"mini-2." + st + "..BA", engine.ErrOtherGuide},
		// Other content.
		{"mini.AAAAAAAA..", engine.ErrStale},
		{"mini...B", engine.ErrStale},
		{"mini." + st + "x..", engine.ErrStale},
		// Replay.
		{"mini." + st + "..C", engine.ErrInvalidChoice},    // option 2 of 2
		{"mini." + st + "..AAA", engine.ErrInvalidChoice},  // past an outcome
		{"mini." + st + "..~BA", engine.ErrInvalidChoice},  // option 64
		{"mini." + st + ".4.A", engine.ErrInvalidChoice},   // from an outcome
		{"mini." + st + "..BAB_", engine.ErrInvalidChoice}, // option 63 of 2
		{"mini." + st + "..BAB" + strings.Repeat("B", engine.MaxSteps-3), engine.ErrInvalidChoice},
	} {
		s, err := engine.Decode(f, c.state)
		if !errors.Is(err, c.want) || s != nil {
			t.Errorf("Decode(%.60q) = %v, want %v", c.state, err, c.want)
		}
	}
	if _, err := engine.Decode(nil, "mini..."); !errors.Is(err, engine.ErrMalformed) {
		t.Errorf("Decode(nil flow): %v", err)
	}
}

// TestDecodeStale: a state saved before the content changed is refused, so
// the view can start again with Strings["stale_state"].
func TestDecodeStale(t *testing.T) {
	f := testguide.Mini(t)
	s := engine.NewSession(f)
	mustChoose(t, s, 1, 0)
	saved := s.Encode()
	f.SetHash("newer")
	if _, err := engine.Decode(f, saved); !errors.Is(err, engine.ErrStale) {
		t.Errorf("Decode after a content change: %v", err)
	}
}

// FuzzDecode: no state makes Decode panic, and every state it accepts (but
// "") comes back unchanged from Encode.
func FuzzDecode(f *testing.F) {
	fl := testguide.Mini(f)
	s := engine.NewSession(fl)
	f.Add(s.Encode())
	mustChoose(f, s, 1, 0, 1, 1)
	f.Add(s.Encode())
	d, _ := engine.NewSessionAt(fl, "check-wifi")
	f.Add(d.Encode())
	for _, x := range []string{"", "garbage", "mini...", "mini.AAAAAAAA.3.~BA", "a.b.c.d.e", "..~", "mini...__"} {
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
