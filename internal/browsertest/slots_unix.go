//go:build unix

package browsertest

import (
	"os"
	"syscall"
)

// lockFile takes an exclusive lock on f without waiting; closing f releases
// it, and so does the process's death.
func lockFile(f *os.File) bool {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil
}
