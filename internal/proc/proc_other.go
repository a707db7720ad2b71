//go:build !linux

package proc

import (
	"os"
	"os/exec"
	"syscall"
)

// setProcAttr has no death signal outside Linux: the owner must Stop its
// processes itself.
func setProcAttr(cmd *exec.Cmd, sig syscall.Signal) {}

// signalGroup only reaches the process itself outside Linux.
func signalGroup(pid int, sig syscall.Signal) {
	if p, err := os.FindProcess(pid); err == nil {
		_ = p.Signal(sig)
	}
}
