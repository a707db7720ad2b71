package testguide

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestMiniFromAnotherDirectory(t *testing.T) {
	if _, file, _, _ := runtime.Caller(0); filepath.IsAbs(file) {
		t.Chdir(t.TempDir()) // the loader must not depend on the working directory
	} else {
		t.Chdir("..") // -trimpath: any directory of the module will do
	}
	f := Mini(t)
	if f.ID != "mini" || f.Lang != "en" || f.Node(f.Start) == nil {
		t.Errorf("Mini = %q %q start %q", f.ID, f.Lang, f.Start)
	}
	if a, b := Mini(t), Mini(t); a == b || &a.Nodes[0] == &b.Nodes[0] {
		t.Error("Mini returns shared values; tests could change each other's guide")
	}
	if _, err := os.Stat(filepath.Join(Dir(), "bad")); err != nil {
		t.Errorf("Dir %s is not content/testdata: %v", Dir(), err)
	}
}
