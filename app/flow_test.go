package app_test

import (
	"strings"
	"testing"

	engine "github.com/fixflow/fixflow/app"
)

func TestValidID(t *testing.T) {
	for _, id := range []string{"a", "0", "check-wifi", "imessage-undelivered", "a-", "a--b", "iphone-7", strings.Repeat("a", engine.MaxIDLen)} {
		if !engine.ValidID(id) {
			t.Errorf("ValidID(%q) = false, want true", id)
		}
	}
	for _, id := range []string{"", "-check-wifi", "-", "Check", "check_wifi", "check wifi", "a.b", "a/b", "é", "%41", strings.Repeat("a", engine.MaxIDLen+1)} {
		if engine.ValidID(id) {
			t.Errorf("ValidID(%q) = true, want false", id)
		}
	}
}

// TestNamedAnswers: the answer constants pick the ways out they name.
func TestNamedAnswers(t *testing.T) {
	f := loadMini(t)
	check, info := f.Node("check-wifi"), f.Node("about-delivered")
	if check.Kind != engine.KindCheck || info.Kind != engine.KindInfo {
		t.Fatal("mini's check-wifi is not a check, or about-delivered not an info")
	}
	cs := f.Choices(check)
	if len(cs) != 2 || cs[engine.AnswerFixed].Next != check.Fixed || cs[engine.AnswerNotFixed].Next != check.Next ||
		cs[engine.AnswerFixed].Label != f.Strings[engine.StringFixedYes] || cs[engine.AnswerNotFixed].Label != f.Strings[engine.StringFixedNo] {
		t.Errorf("check choices %+v, want fixed → %q and not fixed → %q", cs, check.Fixed, check.Next)
	}
	if cs := f.Choices(info); len(cs) != 1 || cs[engine.AnswerContinue].Next != info.Next {
		t.Errorf("info choices %+v, want continue → %q", cs, info.Next)
	}
	s, _ := engine.NewSessionAt(f, check.ID)
	mustChoose(t, s, engine.AnswerFixed)
	if s.Current().ID != check.Fixed || s.Transcript()[0].Result != f.Strings[engine.StringWasFixed] {
		t.Errorf("AnswerFixed: at %q, transcript %+v", s.Current().ID, s.Transcript())
	}
}
