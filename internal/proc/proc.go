// Package proc starts the helper processes of the tests and the bench
// (Xvfb, WebKitWebDriver, fixflow serve, nginx) and makes sure none outlives
// its owner:
//
//   - each process leads a process group of its own, so that Stop reaches
//     the children it starts (MiniBrowser and WebKit's helpers under the
//     driver, nginx's workers under its master);
//   - on Linux the kernel sends it a signal when the Go process dies first,
//     even by SIGKILL (Pdeathsig). That signal fires when the OS thread that
//     started the process ends, not the Go process: Start therefore starts
//     it from a goroutine locked to its thread until the process has exited,
//     so that the Go runtime never ends that thread under it;
//   - its output is kept, the last bytes only (TailBuffer), for the error
//     messages that say why it failed.
//
// Stop asks politely (SIGTERM to the group), then kills the group.
package proc

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"runtime"
	"sync"
	"syscall"
	"time"
)

// DefaultTail is how much of a process's output Start keeps.
const DefaultTail = 64 << 10

// Options change how Start runs a process. The zero value is the default.
type Options struct {
	// DeathSignal is what the process gets when the Go process dies
	// without stopping it (Linux only); 0 means SIGKILL. A process that
	// stops children of its own on SIGTERM (nginx's master) wants SIGTERM.
	DeathSignal syscall.Signal
	// Tail is how many bytes of output to keep; 0 means DefaultTail.
	Tail int
}

// Proc is a started process.
type Proc struct {
	name string
	cmd  *exec.Cmd
	out  *TailBuffer
	done chan struct{} // closed when the process has exited and was reaped
	err  error         // the error of cmd.Wait, set before done closes
}

// Start starts cmd as name (for messages). Its stdout and stderr, unless
// already set, go to the Proc's tail buffer. cmd.SysProcAttr must be nil:
// Start sets it.
func Start(name string, cmd *exec.Cmd, opts Options) (*Proc, error) {
	if cmd.SysProcAttr != nil {
		return nil, fmt.Errorf("proc: starting %s: cmd.SysProcAttr is set; proc sets it", name)
	}
	tail := opts.Tail
	if tail <= 0 {
		tail = DefaultTail
	}
	sig := opts.DeathSignal
	if sig == 0 {
		sig = syscall.SIGKILL
	}
	p := &Proc{name: name, cmd: cmd, out: NewTailBuffer(tail), done: make(chan struct{})}
	if cmd.Stdout == nil {
		cmd.Stdout = p.out
	}
	if cmd.Stderr == nil {
		cmd.Stderr = p.out
	}
	setProcAttr(cmd, sig)
	started := make(chan error, 1)
	go func() {
		// The thread that forks is the "parent" Pdeathsig watches: keep
		// it, and keep it ours, until the process is gone. (A goroutine
		// that exits locked makes the runtime end its thread.)
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

// Name is the name given to Start.
func (p *Proc) Name() string { return p.name }

// Pid is the process id (and the id of its process group).
func (p *Proc) Pid() int { return p.cmd.Process.Pid }

// Done is closed once the process has exited and was reaped.
func (p *Proc) Done() <-chan struct{} { return p.done }

// Exited reports whether the process has ended.
func (p *Proc) Exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// Err is how the process ended (the error of exec.Cmd.Wait), nil while it
// runs or when it exited with status 0.
func (p *Proc) Err() error {
	if !p.Exited() {
		return nil
	}
	return p.err
}

// Output is the tail of what the process wrote, trimmed.
func (p *Proc) Output() string { return string(bytes.TrimSpace(p.out.Bytes())) }

// Describe is the process's state and the tail of its output, for error
// messages: "Xvfb exited: exit status 1, output:\n...".
func (p *Proc) Describe() string {
	status := "still running"
	if p.Exited() {
		status = "exited"
		if p.err != nil {
			status = "exited: " + p.err.Error()
		}
	}
	if out := p.Output(); out != "" {
		return fmt.Sprintf("%s (pid %d) %s, output:\n%s", p.name, p.Pid(), status, out)
	}
	return fmt.Sprintf("%s (pid %d) %s, no output", p.name, p.Pid(), status)
}

// ErrKilled is what Stop returns when the process did not end on SIGTERM
// within the grace period and was killed.
var ErrKilled = errors.New("did not stop on SIGTERM in time: killed")

// Stop ends the process and its group: SIGTERM, then, after grace (or at
// once if grace is 0), SIGKILL to what is left of the group (children can
// outlive their leader; the group id stays valid while any member lives).
// It returns when the process was reaped, or an error after a further 5 s if
// not even SIGKILL ended it. Calling it again, or on a process that has
// exited, only makes sure the group is gone.
func (p *Proc) Stop(grace time.Duration) error {
	if p == nil {
		return nil
	}
	var err error
	if !p.Exited() && grace > 0 {
		signalGroup(p.Pid(), syscall.SIGTERM)
		t := time.NewTimer(grace)
		select {
		case <-p.done:
		case <-t.C:
			err = fmt.Errorf("%s (pid %d) %w", p.name, p.Pid(), ErrKilled)
		}
		t.Stop()
	}
	signalGroup(p.Pid(), syscall.SIGKILL)
	t := time.NewTimer(5 * time.Second)
	defer t.Stop()
	select {
	case <-p.done:
	case <-t.C:
		return fmt.Errorf("%s (pid %d) still runs 5 s after SIGKILL", p.name, p.Pid())
	}
	return err
}

// FreePort returns a TCP port on 127.0.0.1 that was free a moment ago. A
// process started on it can still lose it to another: retry on a bind error.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// WaitHTTP waits until url answers 200 OK (asking every 100 ms, each ask
// bounded by 2 s), and fails early when the process exits or ctx ends. The
// error says which, with the process's output. limit bounds the whole wait.
func (p *Proc) WaitHTTP(ctx context.Context, url string, limit time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	client := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{Proxy: nil}}
	defer client.CloseIdleConnections()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	var last string
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return err
		}
		if resp, err := client.Do(req); err != nil {
			last = err.Error()
		} else {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			last = resp.Status
		}
		select {
		case <-p.done:
			return fmt.Errorf("%s exited before %s answered: %s", p.name, url, p.Describe())
		case <-ctx.Done():
			return fmt.Errorf("%s did not answer %s within %v (last: %s): %w\n%s", p.name, url, limit, last, ctx.Err(), p.Describe())
		case <-tick.C:
		}
	}
}

// TailBuffer is an io.Writer that keeps the last bytes written to it: the
// output of a browser or a helper process, kept for error messages. It is
// safe for concurrent use.
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

// Bytes returns a copy of what the buffer holds, starting with a "[...]"
// line when older output was dropped.
func (b *TailBuffer) Bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make([]byte, 0, len(b.buf)+8)
	if b.dropped {
		out = append(out, "[...]\n"...)
	}
	return append(out, b.buf...)
}

// String is Bytes as a string.
func (b *TailBuffer) String() string { return string(b.Bytes()) }
