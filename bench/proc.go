package main

import (
	"errors"
	"os/exec"
	"syscall"
	"time"

	"github.com/fixflow/fixflow/internal/proc"
)

// stopGrace is how long a process the bench started gets to stop on
// SIGTERM: fixflow serve gives the requests in flight ten seconds.
const stopGrace = 12 * time.Second

// startProc starts argv (see internal/proc: a process group of its own, its
// output kept for errors, and SIGTERM if the bench dies without stopping it,
// so that nginx's master stops its workers) and stops it when the bench
// closes.
func (b *bench) startProc(name string, argv ...string) (*proc.Proc, error) {
	p, err := proc.Start(name, exec.Command(argv[0], argv[1:]...), proc.Options{DeathSignal: syscall.SIGTERM, Tail: 16 << 10})
	if err != nil {
		return nil, err
	}
	b.procs = append(b.procs, p)
	return p, nil
}

// stopProc stops a process the bench started, and says so when it had to be
// killed.
func stopProc(p *proc.Proc) {
	if err := p.Stop(stopGrace); errors.Is(err, proc.ErrKilled) {
		progress("%v", err)
	} else if err != nil {
		progress("stopping %s: %v", p.Name(), err)
	}
}
