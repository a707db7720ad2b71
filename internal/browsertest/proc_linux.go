//go:build linux

package browsertest

import (
	"os/exec"
	"syscall"
)

// setProcAttr puts the child in a process group of its own, so that stop
// reaches its children too (WebKitWebDriver starts MiniBrowser and the
// WebKit helper processes), and asks the kernel to kill it when the thread
// that started it exits (see startProc, which locks that thread).
func setProcAttr(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// signalGroup sends sig to the process group of pid, which setProcAttr made.
func signalGroup(pid int, sig syscall.Signal) {
	_ = syscall.Kill(-pid, sig)
}
