package present

import (
	"fmt"
	"slices"

	"github.com/wssample/wssample/wsclient"
)

// The frames of a ladder: one arrow per frame from the wire view, runs of
// like frames folded into one, a pong with its ping's round trip, the
// fragments of one message grouped, and the oldest frames folded into one
// row once a ladder holds LadderMaxArrows.

// ladderFoldWindow is how far back a frame looks for a row of like frames
// to join: an echo alternates two kinds (→ binary, ← binary), and the wire
// view's summaries of frames not shown come between them, so a run is
// found among the last few rows rather than only the last one.
const ladderFoldWindow = 4

// ladderPendingPings bounds the pings waiting for a pong, per direction.
const ladderPendingPings = 16

// Labels of the rows that stand for frames not drawn one by one.
const (
	ladderEarlierLabel  = "earlier frames folded into this row"
	ladderNotShownLabel = "frames not shown: the wire view shows at most %d a second each way"
)

// LadderFrameLabel is a frame as its arrow says it: opcode, payload length
// as on the wire, FIN (RFC 6455 §5.2); a close frame with its code and
// reason.
func LadderFrameLabel(r wsclient.FrameRecord) string {
	if r.Opcode == wsclient.OpClose {
		if r.CloseCode == 0 {
			return "close (no status code)"
		}
		return fmt.Sprintf("close %d %q", r.CloseCode, r.CloseReason)
	}
	s := fmt.Sprintf("%s %s B", r.Opcode, GroupDigits(int64(r.Length)))
	if r.Compressed {
		s += " compressed"
	}
	switch {
	case r.Opcode.IsControl():
	case r.Fin:
		s += ", FIN"
	default:
		s += ", no FIN"
	}
	return s
}

// frame draws a record of the wire view.
func (b *LadderBuilder) frame(r wsclient.FrameRecord) {
	at := b.since(r.Time)
	line := r.Time.Format(TimeFormat) + "  " + r.String()
	dir := 1
	if r.Sent {
		dir = 0
	}
	if r.NotShown > 0 {
		b.fold(LadderArrow{Kind: LadderNote, At: at, Frames: int(r.NotShown),
			Label: fmt.Sprintf(ladderNotShownLabel, wsclient.WireViewPerSecond), Detail: []string{line},
			key: fmt.Sprint("not shown ", r.Sent)})
		return
	}
	a := LadderArrow{Kind: LadderFrame, Sent: r.Sent, At: at, Label: LadderFrameLabel(r), Detail: []string{line}}
	switch r.Opcode {
	case wsclient.OpClose:
		if r.Sent {
			b.closeSent = true
		} else {
			b.closeRecv = true
		}
		b.add(a) // never folded: the close handshake is the point
		return
	case wsclient.OpPing:
		p := append(b.pings[dir], pendingPing{payload: string(r.Prefix), at: r.Time})
		if len(p) > ladderPendingPings {
			p = slices.Delete(p, 0, len(p)-ladderPendingPings)
		}
		b.pings[dir] = p
	case wsclient.OpPong:
		// RFC 6455 §5.5.3: a pong carries its ping's payload back.
		p := b.pings[1-dir]
		for i, ping := range p {
			if ping.payload == string(r.Prefix) {
				a.RTT = r.Time.Sub(ping.at)
				b.pings[1-dir] = slices.Delete(p, 0, i+1)
				break
			}
		}
	case wsclient.OpText, wsclient.OpBinary:
		b.group[dir] = 0
		if !r.Fin { // RFC 6455 §5.4: the first fragment of a message
			b.groups++
			b.group[dir] = b.groups
			a.Group = b.groups
		}
	case wsclient.OpContinuation:
		a.Group = b.group[dir]
		if r.Fin {
			b.group[dir] = 0
		}
	}
	a.key = fmt.Sprint(r.Sent, r.Opcode, r.Length, r.Fin, r.Compressed, a.Group)
	b.fold(a)
}

// fold adds a, or joins it to a row of like frames among the last
// ladderFoldWindow foldable rows.
func (b *LadderBuilder) fold(a LadderArrow) {
	for i, n := len(b.d.Arrows)-1, 0; i > b.earlier && n < ladderFoldWindow; i, n = i-1, n+1 {
		c := &b.d.Arrows[i]
		if c.key == "" {
			break // a step, a close frame, a note: a run does not reach past it
		}
		if c.key != a.key {
			continue
		}
		c.Count++
		c.Frames += a.Frames
		c.Last = a.At
		if a.RTT > 0 {
			c.RTT = a.RTT
		}
		c.Detail = []string{c.Detail[0], "…", a.Detail[len(a.Detail)-1]}
		b.version++
		return
	}
	b.add(a)
}

// bound keeps the ladder within its maximum: the oldest frame rows fold
// into one "earlier frames" row, where the first of them was; the connect
// and anything that is not a run of frames stay.
func (b *LadderBuilder) bound() {
	for len(b.d.Arrows) > b.max {
		i := slices.IndexFunc(b.d.Arrows[b.earlier+1:], func(a LadderArrow) bool { return a.key != "" })
		if i < 0 {
			return // no frame left to fold: only the connect and the close
		}
		i += b.earlier + 1
		a := b.d.Arrows[i]
		frames := a.Frames
		if a.Kind == LadderFrame {
			frames = a.Count
		}
		if b.earlier < 0 {
			b.d.Arrows[i] = LadderArrow{Kind: LadderNote, At: a.At, Last: a.Last, Count: 1, Frames: frames, Label: ladderEarlierLabel,
				Detail: []string{fmt.Sprintf("At most %d rows are kept; the oldest frames are counted here.", b.max)}}
			b.earlier = i
			continue
		}
		e := &b.d.Arrows[b.earlier]
		e.Frames += frames
		e.Last = a.Last
		b.d.Arrows = slices.Delete(b.d.Arrows, i, i+1)
	}
}
