package wsclient_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wssample/wssample/wsclient"
)

func TestMessageSocketSendsAndReceivesWholeMessages(t *testing.T) {
	srv := wsServer(t, func(ctx context.Context, c *websocket.Conn) {
		c.Write(ctx, websocket.MessageBinary, []byte("binary hello"))
		echo(ctx, c)
	})
	m := wsclient.NewMessageSocket(wsclient.MessageOptions{})
	if err := m.Send("too early"); !errors.Is(err, wsclient.ErrNotConnected) {
		t.Errorf("Send before Connect = %v, want ErrNotConnected", err)
	}
	rec := &recorder{t: t, events: m.Events()}
	if err := m.Connect(wsURL(srv, "/")); err != nil {
		t.Fatal(err)
	}
	rec.waitFor(wsclient.EventConnected, 5*time.Second)
	first := rec.waitFor(wsclient.EventMessage, 5*time.Second)
	if first.Type != wsclient.TypeBinary || first.Text != "binary hello" {
		t.Errorf("first message = %s %q, want Binary", first.Type, first.Text)
	}
	if err := m.Send("Hello World"); err != nil {
		t.Fatal(err)
	}
	got := rec.waitFor(wsclient.EventMessage, 5*time.Second)
	if lines := got.Lines(); len(lines) != 2 || lines[0] != "Message Received; Type: Utf8" || lines[1] != "Hello World" {
		t.Errorf("log lines = %q", lines)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	closed := rec.waitFor(wsclient.EventClosed, 2*time.Second)
	if closed.Close.Code != 1000 || closed.Close.Reason != wsclient.StopReason {
		t.Errorf("close = %+v", closed.Close)
	}
	if closed.Sent != 11 || closed.Received != int64(len("binary hello")+11) {
		t.Errorf("totals %d/%d", closed.Sent, closed.Received)
	}
	if err := m.Close(); !errors.Is(err, wsclient.ErrNotConnected) {
		t.Errorf("second Close = %v, want ErrNotConnected", err)
	}
}
