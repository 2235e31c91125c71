package conformance

import (
	"fmt"
	"slices"
	"sync"
	"time"
)

// The cases a fuzzing server plays against a client. Autobahn's cases are
// the same scripts from either end (abside.go turns them around): the
// fuzzing server sends each frame unmasked, as a server must, and the
// client under test is expected to echo every message and to fail the
// connection where a server would have to. Category C holds what only a
// client must do, which Autobahn's fuzzing server does not check.

// catClient holds the client's own duties.
var catClient = Category{"C", "Client duties"}

// answerFault is how a client case breaks the server's 101 answer; the
// zero value is a correct answer.
type answerFault int

const (
	answerRight answerFault = iota
	answerBadAccept
	answerUnofferedProtocol
	answerUnofferedExtension
	answerNoUpgrade
	answerNoConnection
)

// notOffered are the names a broken answer picks, which no client offers.
const (
	notOfferedProtocol  = "wssample-never-offered"
	notOfferedExtension = "x-wssample-never-offered"
)

// ClientCases returns every case a fuzzing server plays against a client,
// in the order it plays them: the Autobahn cases that apply to a client
// (every category of Autobahn's: their scripts do not depend on which
// end sends them; 12 and 13 with the client's offer of
// permessage-deflate, fuzzdeflate.go), then category C, the client's own
// duties.
func ClientCases() []Case { return slices.Clone(clientCases()) }

var clientCases = sync.OnceValue(func() []Case {
	var all []Case
	for _, c := range allCases() {
		if c.Category.Autobahn() && c.ab != nil {
			all = append(all, c)
		}
	}
	for _, c := range clientDutyCases() {
		c.Category = catClient
		c.ID = catClient.Key + "." + c.ID
		all = append(all, c)
	}
	return all
})

// clientDutyCases: category C, what RFC 6455 asks of a client only.
func clientDutyCases() []Case {
	hello := []byte("Hello, world!")
	masked := frame{Fin: true, Opcode: opText, Payload: hello} // masked, the way only a client may send it
	var script []step
	var echoes []event
	for i := range 8 {
		p := fmt.Appendf(nil, "message %d, to show the masking key of its echo", i+1)
		script = append(script, sendSync(frame{Fin: true, Opcode: opText, Payload: p}))
		echoes = append(echoes, textEv(p))
	}
	keys := echoSpec(killAfter, 2*time.Second, script, echoes...)
	keys.checkKeys, keys.ownPings = true, true
	const refuse = "The client fails the connection: it closes TCP without a frame (no echo of the server's message)"
	return []Case{
		abCase("1", "A masked text frame from the server", "§5.1",
			"The client fails the connection with 1002 (protocol error): a server must never mask its frames",
			failSpec(codeProtocolError, []step{{raw: masked.encode(), rawWhat: masked.describe()}})),
		abCase("2", "Eight text messages; the client's echoes (and any pings of its own) must each be masked with a fresh key", "§5.3",
			"Eight echoes, each frame masked with a key of its own, none 00 00 00 00, then a clean close with 1000", keys),
		handshakeCase("3", answerBadAccept, "A 101 answer whose Sec-WebSocket-Accept is not the one for the client's key", "§4.1", refuse),
		handshakeCase("4", answerUnofferedProtocol, "A 101 answer that picks the subprotocol "+notOfferedProtocol+", which the client did not offer", "§4.1", refuse),
		handshakeCase("5", answerUnofferedExtension, "A 101 answer that agrees to the extension "+notOfferedExtension+", which the client did not offer", "§4.1, §9.1", refuse),
		handshakeCase("6", answerNoUpgrade, "A 101 answer without the Upgrade header", "§4.1", refuse),
		handshakeCase("7", answerNoConnection, "A 101 answer without the Connection header", "§4.1", refuse),
	}
}

// handshakeCase is a case whose 101 answer is broken by fault: the
// client must fail the connection before any frame.
func handshakeCase(id string, fault answerFault, title, section, expect string) Case {
	return Case{ID: id, Title: title, Section: section, Expect: expect, echoFree: true, fault: fault,
		minTimeout: refusalWait + 2*time.Second}
}

// ClientCaseFilter is CaseFilter for a fuzzing server's cases: the same
// patterns ("6.*", "C.2", "*"), each of which must match one of
// ClientCases.
func ClientCaseFilter(patterns string) (func(Case) bool, error) {
	return caseFilter(patterns, clientCases())
}
