//go:build !linux

package main

import "os/exec"

// setDeathSignal has no equivalent here: the bench stops its processes itself.
func setDeathSignal(*exec.Cmd) {}
