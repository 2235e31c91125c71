package diagram

// Golden pictures of the Diagram: each flow of the stream page's "Try a
// flow" menu that the diagram must tell, and scenario 4's partial frames,
// run against the real built-in server; the ladder its events make is
// painted as the PNG export paints it and compared pixel for pixel with
// testdata/flows/<name>.png, and its SVG and Mermaid exports with
// <name>.svg and <name>.mmd beside it.
//
// Each picture must be the same on every run, so the ladder is made
// steady before it is drawn (steady): the server's ports become 8080 and
// 8443, and each row's time becomes its order (a millisecond a row):
// real times vary from run to run. The echo's stream sends once (an
// interval of a minute), so the frames do not depend on timing either.
//
// After a deliberate change to how the diagram looks, rewrite the masters
// and look at them before committing:
//
//	WSSAMPLE_UPDATE_GOLDEN=1 go test ./ui/diagram -run '^TestDiagramGolden$'

import (
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"go.uber.org/goleak"

	"github.com/wssample/wssample/flows"
	"github.com/wssample/wssample/internal/present"
	"github.com/wssample/wssample/internal/testserver"
	"github.com/wssample/wssample/ui/kit"
	"github.com/wssample/wssample/wsclient"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// updateGoldenEnv, set to 1, rewrites the masters instead of comparing.
const updateGoldenEnv = "WSSAMPLE_UPDATE_GOLDEN"

// A flowRun is how a golden flow is driven: the flow's menu name (or, for
// scenario 4, none), and what the client does once the connection is up.
type flowRun struct {
	name, file string
	// drive runs the connection to its end and returns its events.
	drive func(t *testing.T, addr string, f flows.Flow) []wsclient.Event
}

var goldenFlows = []flowRun{
	{"Echo", "echo-stop", streamUntil(func(s *wsclient.Stream) bool { return s.Received() >= 11 })},
	{"Server closes with 4000", "server-close-4000", streamUntil(nil)},
	{"Connection drops (no close frame)", "drop-1006", streamUntil(nil)},
	{"Handshake rejected (403)", "reject-403", streamUntil(nil)},
	{"Nothing listening (refused)", "refused", streamUntil(nil)},
	{"Untrusted certificate (wss)", "untrusted-certificate", streamUntil(nil)},
	{"Peer that never reads", "silent-unfinished-close", silentStop},
	{"", "partial-frames", partialFrames},
}

// TestDiagramGolden draws every golden flow from the real built-in server.
func TestDiagramGolden(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(kit.WithSymbols(theme.DefaultTheme()))
	srv := testserver.Start(t)
	base := flows.Servers{WS: strings.TrimSuffix(srv.URL(""), "/"), WSS: strings.TrimSuffix(srv.SecureURL(""), "/")}
	byName := map[string]flows.Flow{}
	for _, f := range flows.List(base) {
		byName[f.Name] = f
	}
	ports := strings.NewReplacer(strings.TrimPrefix(base.WS, "ws://"), "127.0.0.1:8080", strings.TrimPrefix(base.WSS, "wss://"), "127.0.0.1:8443")
	for _, run := range goldenFlows {
		t.Run(run.file, func(t *testing.T) {
			f := flows.Flow{Address: base.WS + "/partial"}
			if run.name != "" {
				var ok bool
				if f, ok = byName[run.name]; !ok {
					t.Fatalf("no flow %q in the menu", run.name)
				}
			}
			b := present.NewLadderBuilder(present.LadderMaxArrows)
			for _, e := range run.drive(t, f.Address, f) {
				b.Add(e)
			}
			d := steady(b.Ladder(), ports)
			if len(d.Arrows) == 0 {
				t.Fatal("an empty diagram")
			}
			checkText(t, run.file+".svg", d.SVG())
			checkText(t, run.file+".mmd", d.Mermaid())
			checkPNG(t, run.file+".png", d)
		})
	}
}

// greetingLength is the size in a frame row's label.
var greetingLength = regexp.MustCompile(`text \d+ B`)

// steady makes a ladder the same on every run: the ports fixed, a row's
// time its order.
func steady(d present.Ladder, ports *strings.Replacer) present.Ladder {
	d.Server = ports.Replace(d.Server)
	for i := range d.Arrows {
		a := &d.Arrows[i]
		a.Label = ports.Replace(a.Label)
		// The sample's greeting carries the clock ("…at: 12/7/2026
		// 1:18:00 AM"), whose length changes with the date and the hour.
		if strings.Contains(strings.Join(a.Detail, "\n"), "EchoWebSocket Connected at:") {
			a.Label = greetingLength.ReplaceAllString(a.Label, "text 49 B")
		}
		a.At = time.Duration(i) * time.Millisecond
		a.Last = a.At
		if a.RTT > 0 {
			a.RTT = time.Millisecond
		}
	}
	return d
}

// streamUntil runs a Stream (one send a minute, the wire view on) to the
// end of its connection, calling Stop once stop says so (nil: never; the
// server or the connect ends it).
func streamUntil(stop func(*wsclient.Stream) bool) func(*testing.T, string, flows.Flow) []wsclient.Event {
	return func(t *testing.T, addr string, f flows.Flow) []wsclient.Event {
		var o wsclient.StreamOptions
		o.WireView = true
		o.Interval = time.Minute
		o.HandshakeTimeout = f.HandshakeTimeout
		s := wsclient.NewStream(o)
		if err := s.Start(addr); err != nil {
			t.Fatal(err)
		}
		return collect(t, s.Events(), func() bool { return stop != nil && stop(s) }, func() { _ = s.Stop() })
	}
}

// silentStop connects to the peer that never reads, sends nothing, and
// stops once the server's first heartbeat (an unsolicited pong, one a
// second) came: the close frame goes out, the next heartbeat comes within
// wsclient.StopTimeout (1.5 s), and no close frame.
func silentStop(t *testing.T, addr string, _ flows.Flow) []wsclient.Event {
	var o wsclient.StreamOptions
	o.WireView = true
	o.Payload = []byte{}
	s := wsclient.NewStream(o)
	if err := s.Start(addr); err != nil {
		t.Fatal(err)
	}
	beat := false
	return collect(t, s.Events(), func() bool { return beat }, func() { _ = s.Stop() }, func(e wsclient.Event) {
		beat = beat || e.Kind == wsclient.EventWire && e.Frame != nil && e.Frame.Opcode == wsclient.OpPong
	})
}

// partialFrames is scenario 4: once /partial's greeting came, "Hello "
// without FIN, then, once /partial answered it with a frame without FIN,
// "World" with FIN (RFC 6455 §5.4), so the rows come in one order on every
// run; once the answer's last frame came, Disconnect.
func partialFrames(t *testing.T, addr string, _ flows.Flow) []wsclient.Event {
	var o wsclient.Options
	o.WireView = true
	s := wsclient.NewFrameSocket(o)
	if err := s.Connect(addr); err != nil {
		t.Fatal(err)
	}
	send := func(text string, fin bool) { go func() { _ = s.SendFrame(text, fin) }() }
	answered := false
	return collect(t, s.Events(), func() bool { return answered }, func() { _ = s.Close() }, func(e wsclient.Event) {
		r := e.Frame
		switch {
		case r == nil || r.Sent:
		case r.Opcode == wsclient.OpText && r.Fin:
			send("Hello ", false)
		case r.Opcode == wsclient.OpText && !r.Fin:
			send("World", true)
		case r.Opcode == wsclient.OpContinuation && r.Fin:
			answered = true
		}
	})
}

// collect gathers a connection's events until its final one, within 20 s;
// once done reports true it calls stop, once. see, if given, sees each
// event first.
func collect(t *testing.T, events <-chan wsclient.Event, done func() bool, stop func(), see ...func(wsclient.Event)) []wsclient.Event {
	t.Helper()
	var out []wsclient.Event
	stopped := false
	deadline := time.After(20 * time.Second)
	for {
		select {
		case e := <-events:
			out = append(out, e)
			for _, fn := range see {
				fn(e)
			}
			if e.IsFinal() {
				return out
			}
			if !stopped && done() {
				stopped = true
				go stop()
			}
		case <-deadline:
			stop()
			t.Fatalf("the flow did not end; %d events", len(out))
		}
	}
}

// checkText compares got with testdata/flows/name, or writes it there.
func checkText(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "flows", name)
	if os.Getenv(updateGoldenEnv) == "1" {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (write the masters with %s=1)", err, updateGoldenEnv)
	}
	if got != string(want) {
		t.Errorf("%s differs from its master:\n%s", name, got)
	}
}

// checkPNG compares the PNG export of d with testdata/flows/name, or
// writes it there.
func checkPNG(t *testing.T, name string, d present.Ladder) {
	t.Helper()
	img := PNG(d)
	if os.Getenv(updateGoldenEnv) == "1" {
		f, err := os.Create(filepath.Join("testdata", "flows", name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, img); err != nil {
			t.Fatal(err)
		}
		return
	}
	test.AssertImageMatches(t, filepath.Join("flows", name), img)
}
