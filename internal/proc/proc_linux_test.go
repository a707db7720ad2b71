//go:build linux

package proc

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The test binary doubles as a helper process (see TestMain): with
// PROC_TEST_HELPER set it does what the variable says instead of testing.
const helperEnv = "PROC_TEST_HELPER"

func TestMain(m *testing.M) {
	switch os.Getenv(helperEnv) {
	case "":
		os.Exit(m.Run())
	case "sleep":
		block()
	case "fail":
		fmt.Println("starting up")
		fmt.Fprintln(os.Stderr, "bad flag")
		os.Exit(3)
	case "stubborn":
		// Ignore SIGTERM, then say so.
		signal.Ignore(syscall.SIGTERM)
		fmt.Println("ready")
		block()
	case "parent":
		// Start a child (not through Start), say its pid, and wait.
		cmd := helperCmd("sleep")
		if err := cmd.Start(); err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		fmt.Println(cmd.Process.Pid)
		cmd.Wait()
		os.Exit(0)
	case "owner":
		// Start a child with Start, say its pid, and wait to be killed.
		p, err := Start("sleep", helperCmd("sleep"), Options{})
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		fmt.Println(p.Pid())
		block()
	case "http":
		// Serve 200 on the port in $PROC_TEST_PORT once stdin has a line.
		bufio.NewReader(os.Stdin).ReadString('\n')
		l, err := net.Listen("tcp", "127.0.0.1:"+os.Getenv("PROC_TEST_PORT"))
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		http.Serve(l, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }))
	}
	os.Exit(3)
}

// block runs until the process is killed. (A bare select {} would end it:
// the runtime reports a deadlock when no goroutine can run, while a
// goroutine waiting for a signal counts.)
func block() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGUSR1)
	for range c {
	}
}

// helperCmd is a command that runs this test binary as the helper named
// what: the tests need no other program.
func helperCmd(what string, env ...string) *exec.Cmd {
	exe, err := os.Executable()
	if err != nil {
		panic(err)
	}
	cmd := exec.Command(exe)
	cmd.Env = append(append(os.Environ(), helperEnv+"="+what), env...)
	return cmd
}

// startLine starts cmd with Start and returns the first line it prints.
func startLine(t *testing.T, name string, cmd *exec.Cmd) (*Proc, string) {
	t.Helper()
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p, err := Start(name, cmd, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Stop(0) })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("%s printed no line: %v; %s", name, err, p.Describe())
	}
	return p, strings.TrimSpace(line)
}

// state is the state letter of a process in /proc ("S", "R", "Z"...), or ""
// when there is no such process any more.
func state(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return ""
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')') // the command name may hold spaces
	if i < 0 || i+2 >= len(s) {
		return "?"
	}
	return s[i+2 : i+3]
}

// gone reports whether pid no longer runs (no such process, or a zombie
// nobody reaped yet).
func gone(pid int) bool {
	st := state(pid)
	return st == "" || st == "Z" || st == "X"
}

// waitGone waits until pid no longer runs, and fails the test after 10 s.
func waitGone(t *testing.T, pid int, what string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for !gone(pid) {
		if time.Now().After(deadline) {
			t.Fatalf("%s (pid %d) still runs 10 s later (state %s)", what, pid, state(pid))
		}
		<-tick.C
	}
}

func TestStartFailureNamesTheProcess(t *testing.T) {
	_, err := Start("the driver", exec.Command("/nonexistent/driver"), Options{})
	if err == nil || !strings.Contains(err.Error(), "starting the driver (/nonexistent/driver)") {
		t.Errorf("Start of a missing binary: %v", err)
	}
	p, err := Start("sleep", helperCmd("sleep"), Options{})
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	if p.Name() != "sleep" || p.Pid() <= 0 || p.Exited() || p.Err() != nil {
		t.Errorf("a running process: name %q, pid %d, exited %v, err %v", p.Name(), p.Pid(), p.Exited(), p.Err())
	}
	if err := p.Stop(5 * time.Second); err != nil || !p.Exited() {
		t.Errorf("Stop = %v, exited %v", err, p.Exited())
	}
}

func TestDescribeHasStatusAndOutput(t *testing.T) {
	p, err := Start("failing", helperCmd("fail"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	<-p.Done()
	var ee *exec.ExitError
	if !errors.As(p.Err(), &ee) || ee.ExitCode() != 3 {
		t.Errorf("Err = %v, want exit status 3", p.Err())
	}
	d := p.Describe()
	for _, want := range []string{"failing (pid ", "exited: exit status 3", "starting up", "bad flag"} {
		if !strings.Contains(d, want) {
			t.Errorf("Describe = %q lacks %q", d, want)
		}
	}
	if err := p.Stop(time.Second); err != nil {
		t.Errorf("Stop of an exited process: %v", err)
	}
}

// Stop ends the children too: they are in the group.
func TestStopReachesTheGroup(t *testing.T) {
	p, line := startLine(t, "parent", helperCmd("parent"))
	child, err := strconv.Atoi(line)
	if err != nil {
		t.Fatalf("the parent printed %q, not its child's pid", line)
	}
	if gone(child) {
		t.Fatalf("the child %d is not running", child)
	}
	if err := p.Stop(5 * time.Second); err != nil {
		t.Errorf("Stop: %v", err)
	}
	if !p.Exited() {
		t.Error("Stop returned before the process was reaped")
	}
	waitGone(t, child, "the parent's child")
}

// A process that ignores SIGTERM is killed after the grace period.
func TestStopKillsAfterGrace(t *testing.T) {
	p, line := startLine(t, "stubborn", helperCmd("stubborn"))
	if line != "ready" {
		t.Fatalf("printed %q", line)
	}
	start := time.Now()
	err := p.Stop(200 * time.Millisecond)
	if !errors.Is(err, ErrKilled) || !strings.Contains(err.Error(), "stubborn (pid ") {
		t.Errorf("Stop = %v, want ErrKilled naming the process", err)
	}
	if took := time.Since(start); took < 200*time.Millisecond {
		t.Errorf("Stop killed after %v, before the grace period", took)
	}
	if !p.Exited() {
		t.Error("Stop returned before the process was reaped")
	}
}

// The death signal still reaches the process when the goroutine that called
// Start was locked to a thread and ended, which ends that thread: the
// signal is tied to the thread that forks, and Start forks from a thread
// of its own. A control process forked from the ending thread itself shows
// that the thread did end (it gets its signal).
func TestDeathSignalOutlivesTheCallersThread(t *testing.T) {
	type result struct {
		p       *Proc
		control *exec.Cmd
		err     error
	}
	errMainThread := errors.New("on the main thread")
	var res result
	for attempt := 0; ; attempt++ {
		ch := make(chan result, 1)
		go func() {
			runtime.LockOSThread() // and never unlock: the thread ends with the goroutine
			if tid, pid := syscall.Gettid(), os.Getpid(); tid == pid {
				// The main thread is never ended; try another goroutine.
				ch <- result{err: errMainThread}
				return
			}
			control := helperCmd("sleep")
			control.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
			if err := control.Start(); err != nil {
				ch <- result{err: err}
				return
			}
			p, err := Start("sleep", helperCmd("sleep"), Options{})
			ch <- result{p: p, control: control, err: err}
		}()
		res = <-ch
		if errors.Is(res.err, errMainThread) && attempt < 10 {
			continue
		}
		if res.err != nil {
			t.Fatal(res.err)
		}
		break
	}
	t.Cleanup(func() { res.p.Stop(0) })
	waited := make(chan error, 1)
	go func() { waited <- res.control.Wait() }()
	select {
	case err := <-waited:
		if !strings.Contains(fmt.Sprint(err), "killed") {
			t.Fatalf("the control process ended with %v, want killed by its death signal", err)
		}
	case <-time.After(20 * time.Second):
		res.control.Process.Kill()
		t.Fatal("the control process was not signalled within 20 s: the locked thread did not end, the test proves nothing")
	}
	// Both would have been signalled by the same thread exit; a pending
	// SIGKILL shows in /proc before the process dies.
	if res.p.Exited() || gone(res.p.Pid()) || pendingKill(res.p.Pid()) {
		t.Fatalf("the process started with Start died with its caller's thread: %s", res.p.Describe())
	}
}

// The death signal reaches the process when its owner is killed outright.
func TestDeathSignalWhenTheOwnerDies(t *testing.T) {
	owner, line := startLine(t, "owner", helperCmd("owner"))
	pid, err := strconv.Atoi(line)
	if err != nil {
		t.Fatalf("the owner printed %q, not a pid", line)
	}
	if gone(pid) {
		t.Fatalf("the owner's sleep %d is not running", pid)
	}
	if err := owner.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-owner.Done()
	waitGone(t, pid, "the sleep of a killed owner")
}

func TestWaitHTTP(t *testing.T) {
	port, err := FreePort()
	if err != nil {
		t.Fatal(err)
	}
	cmd := helperCmd("http", "PROC_TEST_PORT="+strconv.Itoa(port))
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	p, err := Start("server", cmd, Options{DeathSignal: syscall.SIGTERM})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Stop(time.Second) })
	url := fmt.Sprintf("http://127.0.0.1:%d/", port)
	ctx := context.Background()
	// Not listening yet: the wait runs out and says so.
	if err := p.WaitHTTP(ctx, url, 300*time.Millisecond); err == nil || !strings.Contains(err.Error(), "did not answer "+url) {
		t.Errorf("WaitHTTP before the server listens: %v", err)
	}
	io.WriteString(in, "go\n")
	if err := p.WaitHTTP(ctx, url, 30*time.Second); err != nil {
		t.Errorf("WaitHTTP: %v", err)
	}

	dead, err := Start("crasher", helperCmd("fail"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := dead.WaitHTTP(ctx, "http://127.0.0.1:1/", 30*time.Second); err == nil ||
		!strings.Contains(err.Error(), "crasher exited before") || !strings.Contains(err.Error(), "bad flag") {
		t.Errorf("WaitHTTP on a process that exits: %v", err)
	}
}

// pendingKill reports whether pid has a SIGKILL pending.
func pendingKill(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok || (k != "SigPnd" && k != "ShdPnd") {
			continue
		}
		mask, err := strconv.ParseUint(strings.TrimSpace(v), 16, 64)
		if err == nil && mask&(1<<(uint(syscall.SIGKILL)-1)) != 0 {
			return true
		}
	}
	return false
}
