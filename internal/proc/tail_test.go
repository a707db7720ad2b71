package proc

import (
	"fmt"
	"strings"
	"testing"
)

func TestTailBuffer(t *testing.T) {
	b := NewTailBuffer(8)
	fmt.Fprint(b, "abc")
	if got := b.String(); got != "abc" {
		t.Errorf("String = %q, want abc", got)
	}
	fmt.Fprint(b, "defghij")
	if got := b.String(); got != "[...]\ncdefghij" {
		t.Errorf("String = %q, want the last 8 bytes after a [...] line", got)
	}
	fmt.Fprint(b, strings.Repeat("x", 20))
	if got := b.String(); got != "[...]\nxxxxxxxx" {
		t.Errorf("String = %q after a long write", got)
	}
}
