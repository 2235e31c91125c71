package conformance

import (
	"fmt"
	"strconv"
	"strings"
)

// permessage-deflate (RFC 7692) from the fuzzing server's side, for
// Autobahn's categories 12 and 13 played against a client. The client
// makes the offers; the server picks the first it can accept (§5.1) and
// answers with what the case asks of the client, turned around from the
// checker's offers: where the checker asks a server for
// server_no_context_takeover and server_max_window_bits, the fuzzing
// server asks the client for client_no_context_takeover and
// client_max_window_bits (§7.1.1.2, §7.1.2.2). The session (pmd.go) is
// the checker's with the two ends swapped: the server compresses with
// its own window and context, and holds the client's messages to the
// window and context it agreed to.

// clientOffer is one permessage-deflate offer of a client.
type clientOffer struct {
	serverNoContext, clientNoContext bool
	serverBits                       int  // 0: not asked
	clientBitsOffered                bool // client_max_window_bits, with or without a value
	clientBits                       int  // its value, 0 when none
}

// parseClientOffers reads the permessage-deflate offers of a client's
// Sec-WebSocket-Extensions headers, leaving out the offers RFC 7692 §7.1
// makes a server decline (an unknown or repeated parameter, a value out
// of range); other extensions are ignored.
func parseClientOffers(values []string) []clientOffer {
	var offers []clientOffer
	for _, v := range values {
	next:
		for ext := range strings.SplitSeq(v, ",") {
			parts := strings.Split(ext, ";")
			if strings.TrimSpace(parts[0]) != "permessage-deflate" {
				continue
			}
			var o clientOffer
			seen := map[string]bool{}
			for _, p := range parts[1:] {
				name, value, hasValue := strings.Cut(strings.TrimSpace(p), "=")
				name, value = strings.TrimSpace(name), strings.Trim(strings.TrimSpace(value), `"`)
				bits, err := strconv.Atoi(value)
				if seen[name] || (hasValue && (err != nil || bits < 8 || bits > 15)) {
					continue next
				}
				seen[name] = true
				switch {
				case name == "server_no_context_takeover" && !hasValue:
					o.serverNoContext = true
				case name == "client_no_context_takeover" && !hasValue:
					o.clientNoContext = true
				case name == "server_max_window_bits" && hasValue:
					o.serverBits = bits
				case name == "client_max_window_bits":
					o.clientBitsOffered, o.clientBits = true, bits
				default:
					continue next
				}
			}
			offers = append(offers, o)
		}
	}
	return offers
}

// agreePMD answers a client's offers for a case whose (checker's) offers
// are caseOffers. It returns the Sec-WebSocket-Extensions answer and the
// session, or "" and nil when the client offered nothing it can accept.
func agreePMD(header []string, caseOffers []pmdOffer) (string, *pmdSession, error) {
	offers := parseClientOffers(header)
	if len(offers) == 0 {
		return "", nil, nil
	}
	o := offers[0]        // the client's first offer that is valid
	want := caseOffers[0] // what the case asks of the other end
	answer := "permessage-deflate"
	// What the server agrees to for its own messages: what the client asked.
	own := pmdParams{serverBits: 15, clientBits: 15}
	if o.serverNoContext {
		own.serverNoContext = true
		answer += "; server_no_context_takeover"
	}
	if o.serverBits != 0 {
		own.serverBits = o.serverBits
		answer += fmt.Sprintf("; server_max_window_bits=%d", o.serverBits)
	}
	// What it asks of the client's messages: the case's request, turned round.
	if want.serverNoContext || o.clientNoContext {
		own.clientNoContext = true
		answer += "; client_no_context_takeover"
	}
	var notes []string
	if want.serverNoContext && o.clientNoContext {
		notes = append(notes, "client_no_context_takeover was offered by the client itself")
	}
	if want.serverBits != 0 && !o.clientBitsOffered {
		notes = append(notes, fmt.Sprintf("client_max_window_bits=%d not exercised: the client did not offer client_max_window_bits, without which a server may not ask for it (RFC 7692 §7.1.2.2)", want.serverBits))
	}
	if want.serverBits != 0 && o.clientBitsOffered {
		// §7.1.2.2: only when the client offered client_max_window_bits,
		// and no more than the value it gave.
		own.clientBits = want.serverBits
		if o.clientBits != 0 {
			own.clientBits = min(own.clientBits, o.clientBits)
		}
		answer += fmt.Sprintf("; client_max_window_bits=%d", own.clientBits)
	} else if o.clientBits != 0 {
		own.clientBits = o.clientBits // the client limited its own window
	}
	// The session is the checker's with the ends swapped: it compresses
	// with the server's parameters and holds the client to its own.
	swapped := pmdParams{serverNoContext: own.clientNoContext, clientNoContext: own.serverNoContext,
		serverBits: own.clientBits, clientBits: own.serverBits}
	s, err := newPMDSession(swapped)
	if s != nil {
		s.notes = notes
	}
	return answer, s, err
}

// pmdWords says what the agreement was and which of its parameters the
// case put to the test: pmd.go's words for the checker; for the fuzzing
// server, the same facts with the ends turned round.
func (a *abConn) pmdWords() string {
	s := a.pmd
	if a.side == asClient {
		return s.words(a.seq.got, len(a.seq.want))
	}
	p := s.params // p.server* are the client's, p.client* the server's
	w := s.peerWords("client", a.seq.got)
	ctx := "kept its context from message to message"
	if p.clientNoContext {
		ctx = "compressed each message on its own (server_no_context_takeover)"
	}
	w = append(w, fmt.Sprintf("the fuzzing server %s, with a window of %d bits", ctx, p.clientBits))
	return strings.Join(append(w, s.notes...), "; ")
}

// turned turns the words of pmd.go's inflate problems, written from the
// checker's side, around for the fuzzing server: its peer is the client,
// and the client's window and context are the client_* parameters.
func (s side) turned(w string) string {
	if s == asClient {
		return w
	}
	return strings.NewReplacer(
		"the server", "the client",
		"server_no_context_takeover", "client_no_context_takeover",
		"server_max_window_bits", "client_max_window_bits",
	).Replace(w)
}
