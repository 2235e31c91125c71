package wsclient_test

import (
	"testing"
	"time"

	"github.com/wssample/wssample/wsclient"
)

// RFC 6455 §5.5.2: the keep-alive pings count up, "keep-alive 1",
// "keep-alive 2", …, so the wire view tells one from the next (and from a
// person's Ping).
func TestKeepAlivePingsCountUp(t *testing.T) {
	srv := wsServer(t, echo)
	s := wsclient.NewStream(wsclient.StreamOptions{Payload: []byte{}, MessageOptions: wsclient.MessageOptions{PingInterval: 10 * time.Millisecond, Options: wsclient.Options{WireView: true}}})
	rec := record(t, s)
	if err := s.Start(wsURL(srv, "/")); err != nil {
		t.Fatal(err)
	}
	rec.waitFor(wsclient.EventPong, 5*time.Second)
	rec.waitFor(wsclient.EventPong, 5*time.Second)
	s.Stop()
	rec.waitForEnd(5 * time.Second)
	sent, _, _, _ := records(rec.seen)
	var pings []string
	for _, r := range sent {
		if r.Opcode == wsclient.OpPing {
			pings = append(pings, string(r.Prefix))
		}
	}
	if len(pings) < 2 || pings[0] != "keep-alive 1" || pings[1] != "keep-alive 2" {
		t.Errorf("keep-alive pings %q, want \"keep-alive 1\", \"keep-alive 2\", …", pings)
	}
}
