package browsertest

import (
	"bytes"
	"fmt"
	"os/exec"
	"runtime"
	"sync"
	"syscall"
	"time"
)

// proc is a helper process (Xvfb, WebKitWebDriver) that the harness started.
type proc struct {
	name string
	cmd  *exec.Cmd
	out  *TailBuffer
	done chan struct{} // closed when the process has exited and was reaped
	err  error         // the error of cmd.Wait, valid after done
}

// startProc starts cmd in a goroutine that stays locked to its OS thread until
// the process exits: Pdeathsig (see setProcAttr) fires when the starting
// thread ends, not when the Go process does.
func startProc(name string, cmd *exec.Cmd) (*proc, error) {
	p := &proc{name: name, cmd: cmd, out: NewTailBuffer(64 << 10), done: make(chan struct{})}
	if cmd.Stdout == nil {
		cmd.Stdout = p.out
	}
	if cmd.Stderr == nil {
		cmd.Stderr = p.out
	}
	setProcAttr(cmd)
	started := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		p.err = cmd.Wait()
		close(p.done)
	}()
	if err := <-started; err != nil {
		return nil, fmt.Errorf("starting %s (%s): %w", name, cmd.Path, err)
	}
	return p, nil
}

// exited reports whether the process has ended.
func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// stop ends the process and its group: SIGTERM, then SIGKILL after grace.
func (p *proc) stop(grace time.Duration) {
	if p == nil || p.cmd.Process == nil {
		return
	}
	pid := p.cmd.Process.Pid
	if !p.exited() {
		signalGroup(pid, syscall.SIGTERM)
		select {
		case <-p.done:
		case <-time.After(grace):
		}
	}
	// Children (MiniBrowser, WebKit helpers) can outlive the leader; the
	// group id stays valid while any member lives.
	signalGroup(pid, syscall.SIGKILL)
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
	}
}

// describe is the exit status and the tail of the output, for error messages.
func (p *proc) describe() string {
	status := "still running"
	if p.exited() {
		status = "exited"
		if p.err != nil {
			status = "exited: " + p.err.Error()
		}
	}
	out := bytes.TrimSpace(p.out.Bytes())
	if len(out) == 0 {
		return fmt.Sprintf("%s %s, no output", p.name, status)
	}
	return fmt.Sprintf("%s %s, output:\n%s", p.name, status, out)
}

// TailBuffer is an io.Writer that keeps the last max bytes written to it:
// the output of a browser or a helper process, kept for error messages.
type TailBuffer struct {
	mu      sync.Mutex
	max     int
	buf     []byte
	dropped bool
}

// NewTailBuffer keeps the last max bytes.
func NewTailBuffer(max int) *TailBuffer { return &TailBuffer{max: max} }

func (b *TailBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if over := len(b.buf) - b.max; over > 0 {
		b.buf = append(b.buf[:0], b.buf[over:]...)
		b.dropped = true
	}
	return len(p), nil
}

// Bytes returns a copy of what the buffer holds, marked when older output was
// dropped.
func (b *TailBuffer) Bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make([]byte, 0, len(b.buf)+16)
	if b.dropped {
		out = append(out, "[...]\n"...)
	}
	return append(out, b.buf...)
}

// String is Bytes as a string.
func (b *TailBuffer) String() string { return string(b.Bytes()) }
