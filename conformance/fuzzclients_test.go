package conformance

import (
	"context"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/wssample/wssample/wsclient"
)

// startFuzzing starts a fuzzing server on loopback for a test, with the
// cases' waits shortened, stopped when the test ends.
func startFuzzing(t *testing.T, opts FuzzingOptions) *FuzzingServer {
	t.Helper()
	if opts.timeScale == 0 {
		opts.timeScale = 0.2
	}
	s, err := StartFuzzingServer(context.Background(), "127.0.0.1:0", opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Stop)
	return s
}

// caseURL is the URL of case n for agent.
func caseURL(s *FuzzingServer, n int, agent string) string {
	return fmt.Sprintf("%s/runCase?case=%d&agent=%s", s.URL(), n, url.QueryEscape(agent))
}

// echoMessages runs one case with a MessageSocket that echoes every
// message, until the connection ends.
func echoMessages(t *testing.T, uri string, ping bool) {
	m := wsclient.NewMessageSocket(wsclient.MessageOptions{})
	if err := m.Connect(uri); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(30 * time.Second)
	for {
		select {
		case e := <-m.Events():
			if e.Kind == wsclient.EventMessage {
				if e.Type == wsclient.TypeBinary {
					m.SendBinary([]byte(e.Text))
				} else {
					m.Send(e.Text)
				}
				if ping {
					go func() {
						ctx, cancel := context.WithTimeout(context.Background(), time.Second)
						defer cancel()
						m.Ping(ctx, []byte("ping from the client"))
					}()
				}
			}
			if e.IsFinal() {
				m.Close()
				return
			}
		case <-deadline:
			m.Close()
			t.Errorf("%s: the client's connection did not end within 30 s", uri)
			return
		}
	}
}

func TestFuzzingMessageSocketSmoke(t *testing.T) {
	results := make(chan AgentResult, 1000)
	s := startFuzzing(t, FuzzingOptions{OnResult: func(r AgentResult) { results <- r }})
	for n, c := range s.Cases() {
		echoMessages(t, caseURL(s, n+1, "MessageSocket"), c.ID == "C.2")
	}
	rep := s.Report("MessageSocket")
	t.Log(rep.Summary)
	for _, r := range rep.Results {
		if r.Status() != Pass {
			t.Logf("%s %s/%s: %s | %s", r.ID, r.Verdict, r.CloseVerdict, r.Detail, r.CloseDetail)
		}
	}
}
