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
//
// The case's offers, turned round, are what the fuzzing server asks of
// the client, and it tries them as Autobahn's fuzzing server does (the
// SERVER_ACCEPT of its case 13.x, case12_x_x.py): in the case's order,
// each against the client's valid offers in theirs, it accepts the first
// offer that lets it ask. client_max_window_bits may be asked only of an
// offer that has it (RFC 7692 §7.1.2.2); client_no_context_takeover of
// any (§7.1.1.2). So 13.7, whose three offers are (no context, 9 bits),
// (no context) and (nothing), asks for both of an offer with
// client_max_window_bits, the client's first such, and else for no
// context takeover of its first offer; the third is never needed. Where
// a case has one offer and no client offer lets it ask for a window
// (13.3 to 13.6), Autobahn declines the extension (UNIMPLEMENTED); the
// fuzzing server accepts the client's first offer instead and says which
// parameter went unexercised, so that the rest of the case still runs.
func agreePMD(header []string, caseOffers []pmdOffer) (string, *pmdSession, error) {
	offers := parseClientOffers(header)
	if len(offers) == 0 {
		return "", nil, nil
	}
	k, i := pickOffers(offers, caseOffers)
	o, want := offers[k], caseOffers[i]
	var notes []string
	if len(caseOffers) > 1 {
		notes = append(notes, turnedWords(offers, k, caseOffers, i))
	}
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

// pickOffers picks the client's offer k and the case's offer i, turned
// round, that the fuzzing server agrees to (agreePMD): the first of the
// case's offers that one of the client's allows, with the first of the
// client's that allows it; failing all, the first of each.
func pickOffers(offers []clientOffer, caseOffers []pmdOffer) (k, i int) {
	for i, want := range caseOffers {
		for k, o := range offers {
			if want.serverBits == 0 || o.clientBitsOffered {
				return k, i
			}
		}
	}
	return 0, 0
}

// turnedWords says, for a case of several offers (13.7), which of them
// the fuzzing server asked of the client, on which of the client's
// offers, and why not an earlier one.
func turnedWords(offers []clientOffer, k int, caseOffers []pmdOffer, i int) string {
	w := fmt.Sprintf("of the case's %d offers, turned round, the fuzzing server asked the %s (%s)", len(caseOffers), ordinal(i+1), caseOffers[i].askedOfClient())
	if len(offers) > 1 {
		w += fmt.Sprintf(" of the client's offer %d of %d", k+1, len(offers))
	}
	if i > 0 {
		w += fmt.Sprintf(": no offer of the client had client_max_window_bits, without which the %s (%s) may not be asked (RFC 7692 §7.1.2.2), so client_max_window_bits=%d was not exercised",
			ordinal(1), caseOffers[0].askedOfClient(), caseOffers[0].serverBits)
	}
	return w
}

// askedOfClient is the checker's offer turned round: what the fuzzing
// server asks of the client's messages when it plays the case.
func (o pmdOffer) askedOfClient() string {
	var p []string
	if o.serverNoContext {
		p = append(p, "client_no_context_takeover")
	}
	if o.serverBits != 0 {
		p = append(p, fmt.Sprintf("client_max_window_bits=%d", o.serverBits))
	}
	if len(p) == 0 {
		return "no parameter"
	}
	return strings.Join(p, ", ")
}

// ordinal is "first", "second", … for the few offers a case has.
func ordinal(n int) string {
	if n >= 1 && n <= 3 {
		return []string{"first", "second", "third"}[n-1]
	}
	return fmt.Sprintf("%dth", n)
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
