//go:build linux

package main

import (
	"os/exec"
	"syscall"
)

// setDeathSignal makes the kernel send SIGTERM to the process when the bench
// dies without stopping it (a SIGKILL, say): nginx then stops its workers.
func setDeathSignal(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
}
