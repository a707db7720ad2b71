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
