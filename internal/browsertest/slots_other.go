//go:build !unix

package browsertest

import "os"

// lockFile does not bound browsers across processes here.
func lockFile(*os.File) bool { return true }
