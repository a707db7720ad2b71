package content

import (
	"runtime"
	"sync"
	"weak"

	engine "github.com/fixflow/fixflow/app"
)

// sources remembers, for each flow Parse returned, where its values are in
// its document, so that problems found later (Validate, CheckLanguages) can
// name file:line:col too. Entries go away with their flows.
var sources sync.Map // weak.Pointer[engine.Flow] -> *locator

func remember(f *engine.Flow, loc *locator) {
	wp := weak.Make(f)
	sources.Store(wp, loc)
	runtime.AddCleanup(f, func(wp weak.Pointer[engine.Flow]) { sources.Delete(wp) }, wp)
}

// locatorOf returns the positions of f's document, or nil if f did not come
// from Parse.
func locatorOf(f *engine.Flow) *locator {
	if v, ok := sources.Load(weak.Make(f)); ok {
		return v.(*locator)
	}
	return nil
}
