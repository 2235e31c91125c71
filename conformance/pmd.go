package conformance

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/wssample/wssample/internal/deflate"
)

// This file is the checker's side of permessage-deflate (RFC 7692) in
// Autobahn's categories 12 and 13: the offers it makes, the server's
// answer held to §7.1, and the compression of what it sends and the
// inflation of what it receives, with the windows and contexts agreed.

// pmdOffer is one permessage-deflate offer, as Autobahn's client makes
// them: it always says it will not take over its context
// (client_no_context_takeover, a hint) and lets the server choose its
// window (client_max_window_bits without a value); it may ask the server
// for no context takeover and for a window of at most serverBits.
type pmdOffer struct {
	serverNoContext bool
	serverBits      int // 0: not asked
}

// String is the offer as it goes in Sec-WebSocket-Extensions.
func (o pmdOffer) String() string {
	s := "permessage-deflate; client_no_context_takeover; client_max_window_bits"
	if o.serverNoContext {
		s += "; server_no_context_takeover"
	}
	if o.serverBits != 0 {
		s += fmt.Sprintf("; server_max_window_bits=%d", o.serverBits)
	}
	return s
}

// pmdParams is what the server agreed to.
type pmdParams struct {
	serverNoContext, clientNoContext bool
	serverBits, clientBits           int // 15 when not given
	offer                            int // the offer the answer fits, from 0
	// unconfirmed is the window the accepted offer asked of the server
	// that the answer did not repeat (§7.1.2.1 asks it to), or 0; the
	// server is then held to the 15 bits its answer declares.
	unconfirmed int
	// silent15 is set when the offer asked for server_max_window_bits=15
	// and the answer did not repeat it: the largest window, the same as
	// none, so nothing is at stake.
	silent15 bool
}

// parsePMDAnswer holds the server's Sec-WebSocket-Extensions answer to
// offers to RFC 7692 §7.1 and says which offer it accepts. A problem is
// a reason to fail the connection (§7.1: "the client MUST _Fail the
// WebSocket Connection_").
func parsePMDAnswer(ext string, offers []pmdOffer) (pmdParams, string) {
	p := pmdParams{serverBits: 15, clientBits: 15, offer: -1}
	if prob := deflateAnswerProblem(ext); prob != "" {
		return p, prob
	}
	smwb := 0
	for _, part := range strings.Split(ext, ";")[1:] {
		name, value, _ := strings.Cut(strings.TrimSpace(part), "=")
		name = strings.TrimSpace(name)
		bits, _ := strconv.Atoi(strings.Trim(strings.TrimSpace(value), `"`))
		switch name {
		case "server_no_context_takeover":
			p.serverNoContext = true
		case "client_no_context_takeover":
			p.clientNoContext = true
		case "server_max_window_bits":
			p.serverBits, smwb = bits, bits
		case "client_max_window_bits":
			p.clientBits = bits // every offer has client_max_window_bits
		}
	}
	// The answer accepts the first offer it fits (§5.1: the server picks
	// one); failing that, the first it would fit had it repeated the
	// window it was asked for.
	fits := func(o pmdOffer, strict bool) bool {
		switch {
		case o.serverNoContext && !p.serverNoContext:
			return false // §7.1.1.1: accepting it means answering with it
		case o.serverBits != 0 && smwb > o.serverBits:
			return false // §7.1.2.1: the same or a smaller window
		case o.serverBits != 0 && o.serverBits < 15 && smwb == 0:
			return !strict
		}
		return true
	}
	for _, strict := range []bool{true, false} {
		for i, o := range offers {
			if p.offer < 0 && fits(o, strict) {
				p.offer = i
				if !strict {
					// The answer declares no window, so the server may
					// use the largest (§7.1.2.1): it is held to that, as
					// Autobahn holds it to what it answered.
					p.unconfirmed = o.serverBits
				}
			}
		}
	}
	if p.offer >= 0 && offers[p.offer].serverBits == 15 && smwb == 0 {
		p.silent15 = true
	}
	if p.offer < 0 {
		return p, fmt.Sprintf("its answer %q fits none of the offers (RFC 7692 §7.1.1.1, §7.1.2.1: it must repeat server_no_context_takeover and a server_max_window_bits no larger than offered)", ext)
	}
	return p, ""
}

// pmdSession compresses and inflates for one connection.
type pmdSession struct {
	params  pmdParams
	enc     *deflate.Encoder
	inf     *deflate.Inflater
	maxDist int // the farthest back-reference the server used
	inflated,
	compressedIn int // messages the server compressed, and how many bytes they took
	// notes, from the fuzzing server's side, say which of the case's
	// parameters the agreement left unexercised (fuzzdeflate.go).
	notes []string
}

func newPMDSession(p pmdParams) (*pmdSession, error) {
	enc, err := deflate.NewEncoder(p.clientBits, !p.clientNoContext)
	if err != nil {
		return nil, err
	}
	return &pmdSession{params: p, enc: enc, inf: deflate.NewInflater(!p.serverNoContext)}, nil
}

// compress compresses one message the checker sends.
func (s *pmdSession) compress(p []byte) ([]byte, string) {
	c := s.enc.Compress(p)
	return c, fmt.Sprintf("%s compressed to %s", byteCount(uint64(len(p))), byteCount(uint64(len(c))))
}

// inflate inflates one message the server compressed, after checking
// that its back-references stay within the window the server agreed to.
func (s *pmdSession) inflate(p []byte) ([]byte, string) {
	if s.params.serverBits < 15 || s.params.unconfirmed != 0 {
		st, err := deflate.Scan(p, maxReadPayload)
		if err != nil {
			return nil, fmt.Sprintf("the server sent a compressed message that does not inflate: %v (RFC 7692 §7.2.2)", err)
		}
		if s.params.serverBits < 15 && st.MaxDistance > 1<<s.params.serverBits {
			return nil, fmt.Sprintf("the server referred %d bytes back, beyond the window of %d bits (%d bytes) it agreed to (RFC 7692 §7.1.2.1)",
				st.MaxDistance, s.params.serverBits, 1<<s.params.serverBits)
		}
		s.maxDist = max(s.maxDist, st.MaxDistance)
	}
	out, err := s.inf.Inflate(p, maxReadPayload)
	if err != nil {
		words := fmt.Sprintf("the server sent a compressed message that does not inflate: %v (RFC 7692 §7.2.2)", err)
		if s.params.serverNoContext {
			words += "; with server_no_context_takeover agreed, each message must inflate on its own (§7.1.1.1)"
		}
		return nil, words
	}
	s.inflated++
	s.compressedIn += len(p)
	return out, ""
}

// words says what the agreement was and which of its parameters the case
// put to the test, so that none passes unexercised in silence.
func (s *pmdSession) words(received, msgLen int) string {
	p := s.params
	w := s.peerWords("server", received)
	if p.unconfirmed != 0 {
		words := fmt.Sprintf("its answer did not repeat server_max_window_bits=%d, which RFC 7692 §7.1.2.1 asks of a server that accepts it, so it was held to the 15 bits its answer declares", p.unconfirmed)
		if s.maxDist > 1<<p.unconfirmed {
			words += fmt.Sprintf(" (it referred up to %d bytes back)", s.maxDist)
		}
		w = append(w, words)
	}
	if p.silent15 {
		w = append(w, "the answer did not repeat server_max_window_bits=15, the largest window, which needs no agreement")
	}
	if p.clientNoContext {
		w = append(w, "client_no_context_takeover: the checker compressed each message on its own")
	} else {
		w = append(w, "the checker kept its context from message to message")
	}
	if p.clientBits == 15 {
		w = append(w, "client_max_window_bits was offered and not used: the server left the checker's window at 15 bits")
	} else {
		if msgLen <= 1<<p.clientBits && p.clientNoContext {
			w = append(w, fmt.Sprintf("client_max_window_bits=%d not exercised: no message was longer than the window", p.clientBits))
		} else {
			w = append(w, fmt.Sprintf("client_max_window_bits=%d: the checker compressed within a window of %d bytes", p.clientBits, 1<<p.clientBits))
		}
	}
	return strings.Join(w, "; ")
}

// peerWords says how the peer's compressed messages went: how many it
// compressed, whether it kept its context, how far back it referred. The
// checker's peer is the server; the fuzzing server's is the client, whose
// parameters its session keeps in the server_* fields (fuzzdeflate.go).
func (s *pmdSession) peerWords(peer string, received int) []string {
	p := s.params
	var w []string
	switch {
	case s.inflated == 0:
		w = append(w, fmt.Sprintf("the %s compressed none of its %d messages (RFC 7692 lets it send any uncompressed): how it compresses was not exercised", peer, received))
	case s.inflated < received:
		w = append(w, fmt.Sprintf("the %s compressed %d of its %d messages (RFC 7692 lets it send any uncompressed)", peer, s.inflated, received))
	}
	switch {
	case s.inflated == 0:
	case p.serverNoContext:
		w = append(w, fmt.Sprintf("%s_no_context_takeover: each compressed message of the %s inflated on its own", peer, peer))
	default:
		w = append(w, fmt.Sprintf("the %s kept its context: its messages inflated with the window of the ones before", peer))
	}
	if p.serverBits < 15 {
		switch {
		case s.inflated == 0:
			w = append(w, fmt.Sprintf("%s_max_window_bits=%d not exercised: the %s compressed no message", peer, p.serverBits, peer))
		case s.maxDist == 0:
			w = append(w, fmt.Sprintf("%s_max_window_bits=%d not exercised: the %s's messages had no back-references", peer, p.serverBits, peer))
		default:
			w = append(w, fmt.Sprintf("%s_max_window_bits=%d: its farthest back-reference was %d bytes, within the %d it agreed to", peer, p.serverBits, s.maxDist, 1<<p.serverBits))
		}
	}
	return w
}
