package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// server is an echo server in a process of its own, started afresh for
// each run so that its memory and CPU time are that run's alone.
type server struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	url   string
}

// startServer runs command (split at spaces), which must print its echo
// URL (ws://…) on the first line of its standard output within timeout and
// exit when its standard input closes. Its other output is dropped.
func startServer(command string, timeout time.Duration) (*server, error) {
	args := strings.Fields(command)
	if len(args) == 0 {
		return nil, fmt.Errorf("empty server command")
	}
	cmd := exec.Command(args[0], args[1:]...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, stdin: stdin}
	line := make(chan string, 1)
	go func() {
		br := bufio.NewReader(out)
		l, _ := br.ReadString('\n')
		line <- strings.TrimSpace(l)
		io.Copy(io.Discard, br) // until the process ends
	}()
	select {
	case s.url = <-line:
	case <-time.After(timeout):
	}
	if !strings.HasPrefix(s.url, "ws://127.0.0.1:") {
		s.stop()
		return nil, fmt.Errorf("%s printed %q, not a ws://127.0.0.1 URL", command, s.url)
	}
	return s, nil
}

// stop closes the server's standard input and waits for it to exit, at
// most 5 s before it is killed.
func (s *server) stop() {
	s.stdin.Close()
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		s.cmd.Process.Kill()
		<-done
	}
}

// rss is the server's resident memory in bytes (VmRSS in /proc/PID/status).
func (s *server) rss() (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	for l := range strings.Lines(string(b)) {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			return kb << 10, err
		}
	}
	return 0, fmt.Errorf("no VmRSS in /proc/%d/status", s.cmd.Process.Pid)
}

// clockTicks is the unit of utime and stime in /proc/PID/stat (USER_HZ),
// 100 on every Linux the project runs on.
const clockTicks = 100

// cpu is the CPU time the server has used so far, user and system.
func (s *server) cpu() (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	// The command name, in parentheses, may hold spaces: count fields
	// after its closing parenthesis. utime and stime are fields 14 and 15.
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	if len(f) < 13 {
		return 0, fmt.Errorf("short /proc/%d/stat", s.cmd.Process.Pid)
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("/proc/%d/stat: %q %q", s.cmd.Process.Pid, f[11], f[12])
	}
	return time.Duration(utime+stime) * time.Second / clockTicks, nil
}

// machine describes where the run happens, for the table's heading.
func machine() []string {
	var lines []string
	model := "?"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for l := range strings.Lines(string(b)) {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	mem := "?"
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		if f := strings.Fields(string(b)); len(f) >= 2 {
			if kb, err := strconv.ParseFloat(f[1], 64); err == nil {
				mem = fmt.Sprintf("%.1f GiB", kb/(1<<20))
			}
		}
	}
	kernel, _ := os.ReadFile("/proc/sys/kernel/osrelease")
	loadavg, _ := os.ReadFile("/proc/loadavg")
	lines = append(lines,
		fmt.Sprintf("cpu:    %s", model),
		fmt.Sprintf("memory: %s", mem),
		fmt.Sprintf("kernel: Linux %s", strings.TrimSpace(string(kernel))),
		fmt.Sprintf("load:   %s (1, 5, 15 min)", strings.Join(strings.Fields(string(loadavg))[:min(3, len(strings.Fields(string(loadavg))))], " ")),
	)
	return lines
}
