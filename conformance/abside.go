package conformance

import (
	"fmt"
	"strings"
	"time"
)

// side is which end of a WebSocket the Autobahn engine (abrun.go) plays.
// A case is the same script either way: the checker plays it as a client
// against a server, the fuzzing server as a server against a client.
// What changes is what RFC 6455 asks of each end: a client masks every
// frame and a server never does (§5.1), and the server closes TCP first
// (§7.1.1).
type side int

const (
	// asClient: the checker, against a server under test.
	asClient side = iota
	// asServer: the fuzzing server, against a client under test.
	asServer
)

// peer names the endpoint under test, for the verdicts' words.
func (s side) peer() string {
	if s == asServer {
		return "client"
	}
	return "server"
}

// self names the engine's own end.
func (s side) self() string {
	if s == asServer {
		return "fuzzing server"
	}
	return "checker"
}

// own makes f a frame this side sends: a server's frames go unmasked.
// (A case that must send a masked server frame writes it raw.)
func (s side) own(f frame) frame {
	if s == asServer {
		f.Unmasked = true
	}
	return f
}

// describe words a frame this side sends. A server's frames are unmasked
// as they should be, which is not worth saying on every line.
func (s side) describe(f *frame) string {
	d := f.describe()
	if s == asServer {
		d = strings.Replace(d, ", NOT masked", "", 1)
	}
	return d
}

// problem returns the RFC 6455 rule a frame from the peer breaks, or "".
// A server's frames must not be masked; a client's must be (§5.1).
func (s side) problem(f inFrame) string {
	if s == asClient {
		return f.problem()
	}
	g := f
	g.Masked = false
	p := g.problem()
	if !f.Masked {
		p = strings.TrimSuffix("it is not masked (§5.1: a client must mask every frame it sends); "+p, "; ")
	}
	return p
}

// maxHeld bounds the message bytes one case keeps of what the peer sent:
// the largest a case sends back and forth, and room to spare. A peer that
// floods is failed (1009) instead of growing the case without bound.
const maxHeld = 64 << 20

// heldLimit is the bound on the message bytes this case keeps.
func (a *abConn) heldLimit() int {
	if a.t.tg.maxHeld > 0 {
		return a.t.tg.maxHeld
	}
	return maxHeld
}

// serverCloses ends the connection as a server does once both close
// frames have gone: it closes TCP itself, at once (§7.1.1). That is the
// clean end of a closing handshake on the server's side.
func (a *abConn) serverCloses() {
	a.flush()
	a.state, a.droppedByMe, a.wasClean = stateClosed, true, true
	a.closeBy, a.dropBy = time.Time{}, time.Time{}
	a.t.event("the fuzzing server closed the TCP connection after the closing handshake (§7.1.1)")
	a.t.res.Observed.End = "closed by the fuzzing server after the closing handshake"
	a.c.nc.Close()
}

// judgeKeys judges the client's masking keys (§5.3: "the masking key
// MUST be derived from a strong source of entropy … it is imperative
// that the masking key for a frame not be predictable from the masking
// keys of previous frames"). A case with checkKeys fails a client whose
// keys repeat within the case or are 00 00 00 00 (which leaves the
// payload in the clear); in every case the keys are listed.
func (a *abConn) judgeKeys() {
	r := a.t.res
	if len(a.keys) > 0 {
		var list []string
		for i, k := range a.keys {
			if i == 8 {
				list = append(list, fmt.Sprintf("… (%d in all)", len(a.keys)))
				break
			}
			list = append(list, fmt.Sprintf("% X", k[:]))
		}
		a.t.event("the client's masking keys: %s", strings.Join(list, ", "))
	}
	if !a.spec.checkKeys {
		return
	}
	if p := keysProblem(a.keys); p != "" {
		r.Verdict, r.Detail = Fail, p+" (§5.3: a fresh, unpredictable key for every frame)"
	}
}

// keysProblem says what is wrong with a client's masking keys, or "".
// With 32 random bits per key, two equal keys among a case's few dozen
// frames happen about once in ten million runs: a repeat is a defect.
func keysProblem(keys [][4]byte) string {
	if len(keys) < 2 {
		return fmt.Sprintf("The client sent %d masked frames; the case needs at least 2 to compare their keys", len(keys))
	}
	seen := map[[4]byte]int{}
	for i, k := range keys {
		if k == [4]byte{} {
			return fmt.Sprintf("The client masked frame %d with the key 00 00 00 00, which leaves its payload in the clear", i+1)
		}
		if j, ok := seen[k]; ok {
			return fmt.Sprintf("The client masked frames %d and %d with the same key % X", j+1, i+1, k[:])
		}
		seen[k] = i
	}
	return ""
}

// raw is what this side writes for a step of raw bytes, and its words.
func (s side) raw(st step) ([]byte, string) {
	if s == asServer && st.rawServer != nil {
		return st.rawServer, st.rawServerWhat
	}
	return st.raw, st.rawWhat
}

// endWords says how a read or write ended, naming the ends as this side
// sees them ("closed by the client" when the engine is the server).
func (s side) endWords(err error) string {
	w := endWords(err)
	if s == asServer {
		w = strings.NewReplacer("by the server", "by the client", "by the checker", "by the fuzzing server").Replace(w)
	}
	return w
}

// noteEnd logs how reading ended, as wsConn.noteEnd does, in this side's
// words.
func (s side) noteEnd(c *wsConn, err error) { c.noteEndWords(err, s.endWords(err)) }
