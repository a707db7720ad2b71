package app_test

import (
	"testing"

	"github.com/fixflow/fixflow/internal/testguide"
)

// BenchmarkChooseEncode measures one step of a view: take a choice, then
// encode the state for the URL. It walks the mini guide's longest path and
// starts over at each outcome.
func BenchmarkChooseEncode(b *testing.B) {
	f := testguide.Mini(b)
	walk := []int{1, 0, 1, 1}
	s := miniSession(b, f)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if s.Done() {
			s.Restart()
			i = 0
		}
		if err := s.Choose(walk[i]); err != nil {
			b.Fatal(err)
		}
		i++
		if s.Encode() == "" {
			b.Fatal("empty state")
		}
	}
}
