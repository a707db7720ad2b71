package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/fixflow/fixflow/internal/browsertest"
)

// proc is a process the bench started and must stop.
type proc struct {
	name string
	cmd  *exec.Cmd
	out  *browsertest.TailBuffer
	done chan struct{}
	err  error
}

// startProc starts argv with its output kept (the last 16 KiB) for errors.
// On Linux the process gets SIGTERM if the bench dies first.
func (b *bench) startProc(name string, argv ...string) (*proc, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	out := browsertest.NewTailBuffer(16 << 10)
	cmd.Stdout, cmd.Stderr = out, out
	setDeathSignal(cmd)
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", name, err)
	}
	p := &proc{name: name, cmd: cmd, out: out, done: make(chan struct{})}
	go func() { p.err = cmd.Wait(); close(p.done) }()
	b.procs = append(b.procs, p)
	return p, nil
}

func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// stop asks the process to end (SIGTERM), then kills it after twelve seconds
// (fixflow serve gives the requests in flight ten), along with the children
// it had (nginx's workers), each by its id.
func (p *proc) stop() {
	if p.exited() {
		return
	}
	children := childrenOf(p.cmd.Process.Pid)
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(12 * time.Second):
		progress("%s (pid %d) did not stop on SIGTERM: killing it", p.name, p.cmd.Process.Pid)
		p.cmd.Process.Kill()
		<-p.done
	}
	for _, pid := range children {
		if alive(pid) {
			syscall.Kill(pid, syscall.SIGKILL)
		}
	}
}

// childrenOf lists a process's children (Linux; none elsewhere).
func childrenOf(pid int) []int {
	tasks, _ := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
	var out []int
	for _, t := range tasks {
		b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/task/%s/children", pid, t.Name()))
		for _, f := range strings.Fields(string(b)) {
			if n, err := strconv.Atoi(f); err == nil {
				out = append(out, n)
			}
		}
	}
	return out
}

func alive(pid int) bool { return syscall.Kill(pid, 0) == nil }

func (p *proc) output() string { return strings.TrimSpace(p.out.String()) }

// freePort finds a free TCP port on 127.0.0.1.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// waitHTTP polls url until it answers 200, the process exits or the time
// runs out.
func waitHTTP(ctx context.Context, p *proc, url string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if resp, err := plainClient.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if p.exited() {
			return fmt.Errorf("%s exited: %v\n%s", p.name, p.err, p.output())
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s did not answer %s within %s\n%s", p.name, url, limit, p.output())
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}
