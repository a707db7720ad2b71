// Command gen writes content/guidedata/guides_gen.go (see internal/guidegen).
// It is run by `go generate ./content/guidedata`, which make build runs.
package main

import (
	"fmt"
	"os"

	"github.com/fixflow/fixflow/content/lint"
	"github.com/fixflow/fixflow/internal/guidegen"
)

func main() {
	lib, err := lint.Embedded()
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen: the guides do not lint:", err)
		os.Exit(1)
	}
	src, err := guidegen.Generate(lib)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	// go generate runs this in content/guidedata.
	if err := os.WriteFile("guides_gen.go", src, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
