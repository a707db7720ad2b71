//go:build linux

package proc

import (
	"os/exec"
	"syscall"
)

// setProcAttr puts the child in a process group of its own and asks the
// kernel to send it sig when the thread that started it ends (see Start).
func setProcAttr(cmd *exec.Cmd, sig syscall.Signal) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: sig}
}

// signalGroup sends sig to the process group that setProcAttr made.
func signalGroup(pid int, sig syscall.Signal) {
	_ = syscall.Kill(-pid, sig)
}
