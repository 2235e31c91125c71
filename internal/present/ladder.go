package present

import (
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/wssample/wssample/wsclient"
)

// A ladder is the sequence diagram of one connection: two lifelines, "This
// app" and the server, time going down, and an arrow for each thing that
// crossed between them: the TCP connect, the TLS handshake, the HTTP
// Upgrade and its answer, the frames, the close. It is how the RFC and
// every talk draw WebSocket; the Diagram tab (ui/diagram) draws it live,
// and it exports as SVG and as Mermaid text (laddersvg.go,
// laddermermaid.go). A LadderBuilder makes it from a page's events.

// LadderMaxArrows bounds a ladder: a connection of any length keeps at most
// this many arrows. Past it the oldest frames fold into one "earlier
// frames" row, so a stream at any rate stays a picture a person can read.
const LadderMaxArrows = 200

// LadderKind says how an arrow is drawn.
type LadderKind int

// The kinds of row in a ladder.
const (
	LadderStep  LadderKind = iota + 1 // a step of the connect: TCP, TLS, the Upgrade and its answer
	LadderFrame                       // a frame, or a run of like frames (Count > 1)
	LadderNote                        // across both lifelines: the WebSocket open, TCP closed, frames folded or not shown
	LadderCut                         // the connection lost without a close frame: the server's lifeline is cut
)

// LadderArrow is one row of a ladder.
type LadderArrow struct {
	Kind LadderKind
	// At is when it happened, since the connect began; Last, for a run,
	// when its last frame passed.
	At, Last time.Duration
	// Sent is an arrow from this app to the server; otherwise it goes from
	// the server to the app. Both draws it with heads both ways (the TLS
	// handshake, an exchange).
	Sent, Both bool
	// Label is what the arrow says, without its count.
	Label string
	// Count is how many like frames the row stands for (1 for one).
	Count int
	// Frames, on a note, is how many frames it stands for: folded as
	// earlier frames, or not shown by the wire view.
	Frames int
	// RTT, on a pong, is the round trip from the ping it answers.
	RTT time.Duration
	// Failed marks the step the connect failed at, a lost connection, an
	// unfinished close handshake: drawn in red.
	Failed bool
	// Group, when not 0, is the message whose fragments the row belongs
	// to: rows with the same Group are drawn bracketed together.
	Group int
	// Detail is the step or the frame whole, as the timeline or the Frames
	// tab shows it: what a click on the arrow opens.
	Detail []string

	key string // the fold key of a frame row: like frames have the same
}

// Text is the arrow's words: the count of a run ("× 12 binary 11 B, FIN"),
// the label, a pong's round trip, when a run's last frame passed.
func (a LadderArrow) Text() string {
	s := a.Label
	if a.Frames > 0 {
		s = "⋯ " + GroupDigits(int64(a.Frames)) + " " + s
	}
	if a.Count > 1 && a.Kind == LadderFrame {
		s = "× " + GroupDigits(int64(a.Count)) + " " + s
	}
	if a.RTT > 0 {
		s += " (round trip " + FormatLadderDuration(a.RTT) + ")"
	}
	if a.Last > a.At {
		s += fmt.Sprintf(" · until +%.3f s", a.Last.Seconds())
	}
	return s
}

// Stamp is the time on the side: seconds since the connect began, as
// "+1.234 s" (a run: its first frame).
func (a LadderArrow) Stamp() string { return fmt.Sprintf("+%.3f s", a.At.Seconds()) }

// FormatLadderDuration writes a round trip: to a tenth of a millisecond
// below 10 ms, as people read a ping.
func FormatLadderDuration(d time.Duration) string {
	if d < 10*time.Millisecond {
		return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
	}
	return fmt.Sprintf("%d ms", d.Milliseconds())
}

// Ladder is a connection's diagram as it stands.
type Ladder struct {
	// Server is the server's lifeline: its host:port.
	Server string
	// Arrows are the rows, oldest first, at most LadderMaxArrows.
	Arrows []LadderArrow
	// Ended: the connection is over (failed, closed or lost); the
	// lifelines end under the last row.
	Ended bool
	// Cut: the connection was lost; the server's lifeline ends cut.
	Cut bool
}

// LadderClient is the name of the app's lifeline.
const LadderClient = "This app"

// LadderBuilder builds the ladder of the current connection from a page's
// events, in order; a new connect starts a new ladder. It belongs to one
// goroutine (the UI's).
type LadderBuilder struct {
	max     int
	d       Ladder
	start   time.Time
	version int // counts changes, so a view redraws only when there are some

	earlier   int              // index of the "earlier frames" row, -1 while none
	pings     [2][]pendingPing // pings not yet answered, by the direction they went (0 the app's)
	group     [2]int           // the fragmented message under way in each direction, 0 for none
	groups    int              // groups so far
	closeSent bool             // this app sent a close frame
	closeRecv bool             // the server sent one
	closeNote string           // why the close handshake did not finish, in wsclient's words
}

// pendingPing is a ping waiting for its pong: its payload start and when it
// went.
type pendingPing struct {
	payload string
	at      time.Time
}

// NewLadderBuilder makes a builder of ladders of at most n arrows (at
// least 8; LadderMaxArrows in the app).
func NewLadderBuilder(n int) *LadderBuilder {
	return &LadderBuilder{max: max(n, 8), earlier: -1}
}

// Ladder is the ladder as it stands; it shares nothing with the builder.
func (b *LadderBuilder) Ladder() Ladder {
	d := b.d
	d.Arrows = make([]LadderArrow, len(b.d.Arrows))
	for i, a := range b.d.Arrows {
		a.Detail = append([]string(nil), a.Detail...)
		d.Arrows[i] = a
	}
	return d
}

// Version changes whenever the ladder does.
func (b *LadderBuilder) Version() int { return b.version }

// since is t relative to the connect's start.
func (b *LadderBuilder) since(t time.Time) time.Duration {
	if b.start.IsZero() || t.Before(b.start) {
		return 0
	}
	return t.Sub(b.start)
}

// Add follows one event of the page's connection.
func (b *LadderBuilder) Add(e wsclient.Event) {
	before := b.version
	switch e.Kind {
	case wsclient.EventConnecting:
		b.reset(e.Time, e.URI)
	case wsclient.EventConnected, wsclient.EventConnectFailed:
		b.connect(e)
	case wsclient.EventWire:
		if e.Frame != nil {
			b.frame(*e.Frame)
		}
	case wsclient.EventNote:
		if b.closeSent && !b.closeRecv {
			b.closeNote = e.Text // Stop gave up on the server's close frame
		}
	case wsclient.EventClosed:
		b.closed(e)
	}
	if b.version != before {
		b.bound()
	}
}

// reset starts the ladder of a new connect to uri.
func (b *LadderBuilder) reset(at time.Time, uri string) {
	*b = LadderBuilder{max: b.max, earlier: -1, start: at, version: b.version + 1}
	b.d.Server = hostPort(uri)
}

// hostPort is the server's host:port in uri, with the scheme's port when
// it names none.
func hostPort(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.Host == "" {
		return "server"
	}
	if u.Port() != "" {
		return u.Host
	}
	port := "80"
	if u.Scheme == "wss" {
		port = "443"
	}
	return net.JoinHostPort(u.Hostname(), port)
}

// add appends a row.
func (b *LadderBuilder) add(a LadderArrow) {
	if a.Count == 0 {
		a.Count = 1
	}
	if a.Last < a.At {
		a.Last = a.At
	}
	b.d.Arrows = append(b.d.Arrows, a)
	b.version++
}

// connect draws the connect's steps from its timeline: the steps that
// succeeded, and the one that failed in red with the timeline's words.
func (b *LadderBuilder) connect(e wsclient.Event) {
	tl := e.Timeline()
	if tl == nil {
		if e.Kind == wsclient.EventConnectFailed {
			b.add(LadderArrow{Kind: LadderStep, Sent: true, At: b.since(e.Time), Label: e.String(), Failed: true, Detail: []string{e.String()}})
			b.d.Ended = true
		}
		return
	}
	if b.start.IsZero() || tl.Start.Before(b.start) {
		b.start = tl.Start
	}
	at := tl.Start
	for _, s := range tl.Steps {
		began := b.since(at)
		at = at.Add(s.Duration)
		b.step(s, began, b.since(at))
	}
	if e.Kind == wsclient.EventConnectFailed {
		b.d.Ended = true
		b.version++
	}
}

// step draws one step of the connect, which began at began and ended at
// ended. The step that failed is drawn in red and followed by a red note
// with the timeline's words for it ("TCP failed: refused by …"), across
// the whole picture where long words fit.
func (b *LadderBuilder) step(s wsclient.Step, began, ended time.Duration) {
	detail := append([]string{s.String()}, s.Lines...)
	failed := func() {
		if s.Failed {
			b.add(LadderArrow{Kind: LadderNote, At: ended, Label: stepLine(s), Failed: true, Detail: detail})
		}
	}
	switch s.Kind {
	case wsclient.StepDNS:
		failed() // nothing went to the server: the app's own failure
	case wsclient.StepTCP:
		label := "TCP connect " + s.Detail
		if s.Failed {
			label = "TCP connect " + b.d.Server
		}
		b.add(LadderArrow{Kind: LadderStep, Sent: true, At: ended, Label: label, Failed: s.Failed, Detail: detail})
		failed()
	case wsclient.StepTLS:
		label := "TLS " + s.Detail
		if s.Failed {
			label = "TLS handshake"
		}
		b.add(LadderArrow{Kind: LadderStep, Both: true, At: ended, Label: label, Failed: s.Failed, Detail: detail})
		failed()
	case wsclient.StepUpgrade:
		var request, answer []string
		for _, l := range s.Lines {
			if strings.HasPrefix(l, "> ") {
				request = append(request, l)
			} else {
				answer = append(answer, l)
			}
		}
		label := "HTTP Upgrade"
		if len(request) > 0 {
			label = strings.TrimPrefix(request[0], "> ") + ", Upgrade: websocket"
		}
		b.add(LadderArrow{Kind: LadderStep, Sent: true, At: began, Label: label, Detail: request})
		if len(answer) > 0 || !s.Failed { // an answer came (none: the request is where it failed)
			b.add(LadderArrow{Kind: LadderStep, At: ended, Label: "HTTP/1.1 " + s.Detail, Failed: s.Failed, Detail: append([]string{s.String()}, answer...)})
		}
		failed()
	case wsclient.StepOpen:
		if s.Failed {
			failed()
			return
		}
		b.add(LadderArrow{Kind: LadderNote, At: ended, Label: "WebSocket " + s.Detail, Detail: detail})
	}
}

// stepLine is a step as the timeline words it, without its time: "TCP
// failed: refused by 127.0.0.1:1".
func stepLine(s wsclient.Step) string {
	s.Duration = 0
	return s.String()
}

// closed ends the ladder: a close handshake and TCP's close, an
// unfinished handshake, or a connection lost without a close frame.
func (b *LadderBuilder) closed(e wsclient.Event) {
	at := b.since(e.Time)
	line := e.String()
	switch {
	case e.Close.By == wsclient.ClosedAbnormally:
		b.add(LadderArrow{Kind: LadderCut, At: at, Label: fmt.Sprintf("%d: no close frame", wsclient.StatusAbnormalClosure),
			Failed: true, Detail: []string{line}})
		b.d.Cut = true
	case b.closeSent && !b.closeRecv:
		label := "close handshake not finished: no close frame came back"
		detail := []string{line}
		if b.closeNote != "" {
			detail = append([]string{b.closeNote}, detail...)
		}
		b.add(LadderArrow{Kind: LadderNote, At: at, Label: label, Failed: true, Detail: detail})
		b.add(LadderArrow{Kind: LadderNote, At: at, Label: "TCP closed (dropped)", Detail: []string{line}})
	default:
		b.add(LadderArrow{Kind: LadderNote, At: at, Label: "TCP closed", Detail: []string{line}})
	}
	b.d.Ended = true
}
