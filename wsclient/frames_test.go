package wsclient_test

import (
	"strings"
	"testing"
	"time"

	"github.com/wssample/wssample/internal/testserver"
	"github.com/wssample/wssample/wsclient"
)

// The sample's scenario 4: a non-final frame comes back as a partial
// message, the final one as the complete message.
func TestFrameSocketPartialAndCompleteMessages(t *testing.T) {
	srv := testserver.Start(t)
	f := wsclient.NewFrameSocket(wsclient.Options{})
	rec := &recorder{t: t, events: f.Events()}
	if err := f.Connect(srv.URL("/partial")); err != nil {
		t.Fatal(err)
	}
	rec.waitFor(wsclient.EventConnected, 5*time.Second)
	// Like the sample's partialMessages.ashx, the server announces itself.
	if hello := rec.waitFor(wsclient.EventFrame, 5*time.Second); !hello.Complete || !strings.HasPrefix(hello.Text, "EchoWebSocket Connected at: ") {
		t.Errorf("announcement = %q complete=%v", hello.Text, hello.Complete)
	}

	if err := f.SendFrame("Hello ", false); err != nil {
		t.Fatal(err)
	}
	partial := rec.waitFor(wsclient.EventFrame, 5*time.Second)
	if partial.Complete || partial.String() != "Partial message received; Type: Utf8" || partial.Text != `You said: "Hello "` {
		t.Errorf("first frame = %q %q complete=%v", partial.String(), partial.Text, partial.Complete)
	}
	if err := f.SendFrame("World", true); err != nil {
		t.Fatal(err)
	}
	complete := rec.waitFor(wsclient.EventFrame, 5*time.Second)
	if !complete.Complete || complete.String() != "Complete message received; Type: Utf8" || complete.Text != `You said: "World"` {
		t.Errorf("final frame = %q %q complete=%v", complete.String(), complete.Text, complete.Complete)
	}
	// A whole message in one frame comes back complete at once.
	if err := f.SendFrame("again", true); err != nil {
		t.Fatal(err)
	}
	if again := rec.waitFor(wsclient.EventFrame, 5*time.Second); !again.Complete {
		t.Errorf("single-frame message came back partial")
	}

	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	closed := rec.waitFor(wsclient.EventClosed, 3*time.Second)
	want := wsclient.CloseInfo{Code: 1000, Reason: wsclient.StopReason, By: wsclient.ClosedByClient}
	if closed.Close != want {
		t.Errorf("close = %+v, want %+v", closed.Close, want)
	}
	if err := f.SendFrame("late", true); err == nil {
		t.Error("SendFrame after Close succeeded")
	}
}

func TestFrameSocketConnectErrorsAreClassified(t *testing.T) {
	srv := testserver.Start(t)
	f := wsclient.NewFrameSocket(wsclient.Options{})
	rec := &recorder{t: t, events: f.Events()}
	if err := f.Connect(srv.URL("/reject?status=403")); err != nil {
		t.Fatal(err)
	}
	failed := rec.waitFor(wsclient.EventConnectFailed, 5*time.Second)
	if got := failed.Err.Error(); !strings.HasPrefix(got, "Failed to connect: server answered HTTP 403 Forbidden") {
		t.Errorf("message = %q", got)
	}
}

func TestFrameSocketServerClose(t *testing.T) {
	srv := testserver.Start(t)
	f := wsclient.NewFrameSocket(wsclient.Options{})
	rec := &recorder{t: t, events: f.Events()}
	// /close is a message endpoint, but a frame client speaks to it too.
	if err := f.Connect(srv.URL("/close?code=4001&reason=bye&after=50ms")); err != nil {
		t.Fatal(err)
	}
	closed := rec.waitFor(wsclient.EventClosed, 5*time.Second)
	if closed.Close.Code != 4001 || closed.Close.Reason != "bye" || closed.Close.By != wsclient.ClosedByServer {
		t.Errorf("close = %+v", closed.Close)
	}
}
