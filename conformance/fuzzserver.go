package conformance

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net"
	"slices"
	"sync"
	"time"
)

// This file is the fuzzing server's API: Autobahn|Testsuite's
// fuzzingserver, built in. It listens; a client under test connects to
// one URL per case (Autobahn's URL interface, fuzzserver_http.go), and
// the server plays the case against it (clientcases.go, abside.go),
// judging what the client does by the same rules as the checker judges
// a server. A command (wssample fuzzingserver) and a page in the window
// both drive it through these few names.

// DefaultFuzzingAddr is where a fuzzing server listens when no address is
// given: loopback, on Autobahn's port.
const DefaultFuzzingAddr = "127.0.0.1:9001"

// FuzzingOptions configure a fuzzing server. The zero value plays every
// client case with DefaultCaseTimeout.
type FuzzingOptions struct {
	// Filter keeps the cases to play (CaseFilter, CategoryFilter); nil
	// keeps every one of ClientCases. The client numbers the cases kept
	// 1, 2, 3 … in /runCase?case=N.
	Filter func(Case) bool
	// Skip, when set, leaves a case unplayed for one agent (Autobahn's
	// exclude-agent-cases): /runCase answers it with a close at once.
	Skip func(agent string, c Case) bool
	// CaseTimeout bounds each case (longer where a case's waits need it);
	// 0 means DefaultCaseTimeout.
	CaseTimeout time.Duration
	// RequestTimeout bounds how long a connection may take to send its
	// HTTP request; 0 means 10 s.
	RequestTimeout time.Duration
	// MaxConns bounds the connections served at once; more are refused
	// with 503. 0 means 16.
	MaxConns int
	// OnResult, when set, is called with each case's result as soon as
	// the case ends, from the connection's goroutine. It must return
	// quickly (hand the result to the UI's thread, or a buffered channel).
	OnResult func(AgentResult)
	// OnNote, when set, is told in one sentence what the server did that
	// is not a case's result: a connection that sent garbage, a case that
	// does not exist, a client that never sent its request.
	OnNote func(string)
	// OnUpdateReports, when set, is called by /updateReports?agent=A,
	// which Autobahn's client scripts call at the end of a run: write the
	// reports of every agent now (Autobahn writes them all). agent is the
	// one that asked; its cases have ended by then. An error goes back to
	// the client as the close reason.
	OnUpdateReports func(agent string) error

	// timeScale shortens the cases' waits in tests; 0 means 1.
	timeScale float64
	// maxHeld lowers the bound on what a case keeps, in tests.
	maxHeld int
}

// AgentResult is one case's result for one agent (a client under test,
// named by the agent parameter of /runCase).
type AgentResult struct {
	// Agent is the client's name, as it gave it.
	Agent string
	// Number is the case's number in /runCase?case=N (1-based).
	Number int
	// Result is the case's result, judged from the client's side.
	Result Result
}

// FuzzingServer is a running fuzzing server. Its methods are safe to call
// from any goroutine.
type FuzzingServer struct {
	opts  FuzzingOptions
	ln    net.Listener
	cases []Case
	ctx   context.Context
	stop  context.CancelFunc
	slots chan struct{} // one per connection being served
	wg    sync.WaitGroup
	done  chan struct{}

	mu      sync.Mutex
	agents  []string                  // in the order they were first seen
	results map[string]map[int]Result // agent → case number → result
	started map[string]time.Time      // agent → its first case's start
	running map[string]int            // agent → its cases under way
	settle  *sync.Cond                // on mu: a case ended
}

// StartFuzzingServer listens on addr (DefaultFuzzingAddr when empty) and
// serves until Stop, /stopServer or ctx's end. An error wrapping
// ErrBadInput means a bad address or a filter that keeps no case; any
// other, that nothing could listen there.
func StartFuzzingServer(ctx context.Context, addr string, opts FuzzingOptions) (*FuzzingServer, error) {
	if addr == "" {
		addr = DefaultFuzzingAddr
	}
	if opts.CaseTimeout < 0 {
		return nil, &setupError{kind: ErrBadInput, msg: fmt.Sprintf("the case timeout %v is negative", opts.CaseTimeout)}
	}
	var cases []Case
	for _, c := range clientCases() {
		if opts.Filter == nil || opts.Filter(c) {
			cases = append(cases, c)
		}
	}
	if len(cases) == 0 {
		return nil, &setupError{kind: ErrBadInput, msg: "the case filter keeps none of the cases a fuzzing server plays"}
	}
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return nil, &setupError{kind: ErrBadInput, msg: fmt.Sprintf("%q is not a listening address: write it as host:port, such as %s", addr, DefaultFuzzingAddr)}
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("cannot listen on %s: %w", addr, err)
	}
	if opts.MaxConns <= 0 {
		opts.MaxConns = 16
	}
	if opts.RequestTimeout <= 0 {
		opts.RequestTimeout = 10 * time.Second
	}
	if opts.CaseTimeout == 0 {
		opts.CaseTimeout = DefaultCaseTimeout
	}
	s := &FuzzingServer{opts: opts, ln: ln, cases: cases, slots: make(chan struct{}, opts.MaxConns),
		done: make(chan struct{}), results: map[string]map[int]Result{}, started: map[string]time.Time{}, running: map[string]int{}}
	s.settle = sync.NewCond(&s.mu)
	s.ctx, s.stop = context.WithCancel(ctx)
	s.wg.Add(1)
	go s.accept()
	go func() {
		<-s.ctx.Done()
		ln.Close()
		s.wg.Wait()
		close(s.done)
	}()
	return s, nil
}

// URL is the address to give a client: ws://host:port, to which it adds
// Autobahn's paths (/getCaseCount, /runCase?case=N&agent=A …).
func (s *FuzzingServer) URL() string { return "ws://" + s.ln.Addr().String() }

// Cases returns the cases the server plays, in order: case N of /runCase
// is Cases()[N-1].
func (s *FuzzingServer) Cases() []Case { return slices.Clone(s.cases) }

// Agents returns the agents seen so far, in the order they first asked
// for a case.
func (s *FuzzingServer) Agents() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.agents)
}

// Report returns what agent's cases found so far, in case order, as a
// Report whose URI is the agent's name; nil for an agent never seen.
func (s *FuzzingServer) Report(agent string) *Report {
	s.mu.Lock()
	defer s.mu.Unlock()
	byNum, ok := s.results[agent]
	if !ok {
		return nil
	}
	rep := &Report{URI: agent, Started: s.started[agent]}
	for _, n := range slices.Sorted(maps.Keys(byNum)) {
		rep.Results = append(rep.Results, byNum[n])
	}
	rep.finish()
	return rep
}

// Done is closed once the server has stopped and every connection ended.
func (s *FuzzingServer) Done() <-chan struct{} { return s.done }

// Stop stops listening, ends the cases under way (each is judged as
// interrupted) and waits for every connection to end.
func (s *FuzzingServer) Stop() {
	s.stop()
	<-s.done
}

// accept serves each connection on a goroutine of its own, at most
// MaxConns at once.
func (s *FuzzingServer) accept() {
	defer s.wg.Done()
	for {
		nc, err := s.ln.Accept()
		if err != nil {
			if !errors.Is(err, net.ErrClosed) && s.ctx.Err() == nil {
				s.note("the fuzzing server stopped accepting connections: %v", err)
				s.stop()
			}
			return
		}
		select {
		case s.slots <- struct{}{}:
		default:
			s.note("refused a connection from %s: %d connections are being served already", nc.RemoteAddr(), s.opts.MaxConns)
			refuse(nc, 503, "Service Unavailable", fmt.Sprintf("the fuzzing server serves at most %d connections at once", s.opts.MaxConns))
			continue
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer func() { <-s.slots }()
			s.serve(nc)
		}()
	}
}

// note tells OnNote.
func (s *FuzzingServer) note(format string, args ...any) {
	if s.opts.OnNote != nil {
		s.opts.OnNote(sentence(format, args...))
	}
}

// begin counts a case of agent as under way, until its end is called:
// from before the 101 answer to after its result is kept, so that a
// client that asks for its reports as soon as its last case closed gets
// that case too.
func (s *FuzzingServer) begin(agent string) (end func()) {
	s.mu.Lock()
	s.running[agent]++
	s.mu.Unlock()
	return func() {
		s.mu.Lock()
		s.running[agent]--
		s.settle.Broadcast()
		s.mu.Unlock()
	}
}

// settled waits until no case of agent is under way, at most d, and
// reports whether none is.
func (s *FuzzingServer) settled(agent string, d time.Duration) bool {
	deadline := time.Now().Add(d)
	wake := time.AfterFunc(d, func() {
		s.mu.Lock()
		s.settle.Broadcast()
		s.mu.Unlock()
	})
	defer wake.Stop()
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.running[agent] > 0 && time.Now().Before(deadline) {
		s.settle.Wait()
	}
	return s.running[agent] == 0
}

// record keeps a case's result for its agent and hands it to OnResult.
func (s *FuzzingServer) record(agent string, n int, r Result) {
	s.mu.Lock()
	s.results[agent][n] = r
	s.mu.Unlock()
	if s.opts.OnResult != nil {
		s.opts.OnResult(AgentResult{Agent: agent, Number: n, Result: r})
	}
}

// seen registers agent, once.
func (s *FuzzingServer) seen(agent string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.results[agent]; !ok {
		s.agents = append(s.agents, agent)
		s.results[agent] = map[int]Result{}
		s.started[agent] = time.Now()
	}
}

// status is the behaviour of agent's case n so far, as /getCaseStatus
// says it; "" when it has not run.
func (s *FuzzingServer) status(agent string, n int) Verdict {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r, ok := s.results[agent][n]; ok {
		return r.Verdict
	}
	return ""
}
