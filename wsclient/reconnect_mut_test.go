package wsclient_test

import (
	"net"
	"testing"
	"time"

	"github.com/wssample/wssample/wsclient"
)

// Reconnect is for a connection that was lost: a first connect that fails
// (here nothing listens on the port) ends the session at once with
// EventConnectFailed and no retry, so a wrong address is reported, not
// tried again for ever.
func TestReconnectDoesNotRetryAFirstConnectThatFails(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // the port is free now: a connect is refused
	s := wsclient.NewStream(wsclient.StreamOptions{MessageOptions: wsclient.MessageOptions{Options: wsclient.Options{Reconnect: true}}})
	rec := record(t, s)
	s.Start("ws://" + addr + "/")
	if end := rec.waitForEnd(5 * time.Second); end.Kind != wsclient.EventConnectFailed {
		t.Errorf("end = %s, want the connect failure", end)
	}
	for _, e := range rec.seen {
		if e.Kind == wsclient.EventReconnecting {
			t.Errorf("a first connect that failed was retried: %s", e)
		}
	}
}
