package flows_test

import (
	"fmt"
	"strings"

	"github.com/wssample/wssample/flows"
	"github.com/wssample/wssample/sampleserver"
	"github.com/wssample/wssample/wsclient"
)

// expectation is what one flow shows a person, end to end: the connect's
// timeline and the log's last line. A new flow is one more row of
// expectations, under its menu label.
type expectation struct {
	// steps are the timeline's steps in order; last is its last step,
	// duration aside. When last is Failed the connect fails there.
	steps []wsclient.StepKind
	last  wsclient.Step
	// stopAfter: Stop once this many bytes arrived; -1: as soon as the
	// connection is up; 0: wait for the server to end it.
	stopAfter int64
	// final holds the log's last line; more than one when either is the
	// truth.
	final []string
	// also is a line that must come before it, if any.
	also string
}

// expectations holds every flow of flows.List, by menu label.
var expectations = map[string]expectation{
	"Echo": {steps: wsSteps, last: opened,
		stopAfter: 11, final: []string{stopped}},
	"Sample server (announces, answers)": {steps: wsSteps, last: opened,
		stopAfter: int64(len(announcementPrefix)), final: []string{stopped}},
	"Server closes with 4000": {steps: wsSteps, last: opened,
		final: []string{closed(4000, serverCloseReason, wsclient.ClosedByServer)}},
	// A cut connection ends with FIN, or with RST when a payload was
	// still unread in the server's socket: either cause is the truth.
	"Connection drops (no close frame)": {steps: wsSteps, last: opened,
		final: []string{lost("the server closed the TCP connection without a close frame"), lost("the connection was reset by the peer")}},
	"Handshake rejected (403)": {steps: wsSteps[:3], last: failedAt(wsclient.StepUpgrade, "403 Forbidden"),
		final: []string{connectFailed(wsclient.KindHandshakeRejected, "server answered HTTP 403 Forbidden ("+rejectBody+")")}},
	"Not found (404)": {steps: wsSteps[:3], last: failedAt(wsclient.StepUpgrade, "404 Not Found"),
		final: []string{connectFailed(wsclient.KindCannotConnect, "server answered HTTP 404 Not Found ("+rejectBody+")")}},
	"Nothing listening (refused)": {steps: wsSteps[:2], last: failedAt(wsclient.StepTCP, "refused by "+refusedAddr),
		final: []string{connectFailed(wsclient.KindCannotConnect, "connection refused by "+refusedAddr+" (nothing is listening there)")}},
	"Handshake timeout": {steps: wsSteps[:3], last: failedAt(wsclient.StepUpgrade, "no answer to the upgrade within 3 s"),
		final: []string{connectFailed(wsclient.KindCannotConnect, fmt.Sprintf("no handshake answer within %s (handshake timeout)", flows.HangTimeout))}},
	"Untrusted certificate (wss)": {steps: wssSteps[:3], last: failedAt(wsclient.StepTLS, fmt.Sprintf("certificate signed by an unknown authority %q", sampleserver.CAName)),
		final: []string{connectFailed(wsclient.KindTLS, fmt.Sprintf("the server's certificate is not trusted (signed by an unknown authority %q)", sampleserver.CAName))}},
	"Peer that never reads": {steps: wsSteps, last: opened,
		stopAfter: -1, final: []string{stopped},
		also: fmt.Sprintf("The server did not finish the close handshake within %s; the connection was dropped.", wsclient.StopTimeout)},
	"Flood (1 MiB/s)": {steps: wsSteps, last: opened,
		stopAfter: 64 << 10, final: []string{stopped}},
}

// The steps of a connect over ws:// and over wss://.
var (
	wsSteps  = []wsclient.StepKind{wsclient.StepDNS, wsclient.StepTCP, wsclient.StepUpgrade, wsclient.StepOpen}
	wssSteps = []wsclient.StepKind{wsclient.StepDNS, wsclient.StepTCP, wsclient.StepTLS, wsclient.StepUpgrade, wsclient.StepOpen}
)

// What the built-in server says, in its own words: its announcement's
// start, /close's default reason and /reject's answer.
const (
	announcementPrefix = "EchoWebSocket Connected at: "
	serverCloseReason  = "Server closed the connection"
	rejectBody         = "Handshake refused by the sample server (/reject)."
)

// refusedAddr is flows.Refused's host and port.
var refusedAddr = strings.TrimSuffix(strings.TrimPrefix(flows.Refused, "ws://"), "/")

// opened is the last step of a connect that succeeded.
var opened = wsclient.Step{Kind: wsclient.StepOpen, Detail: "open"}

// stopped is the last line after Stop.
var stopped = closed(1000, wsclient.StopReason, wsclient.ClosedByClient)

// failedAt is the step a connect failed at, with why.
func failedAt(kind wsclient.StepKind, why string) wsclient.Step {
	return wsclient.Step{Kind: kind, Detail: why, Failed: true}
}

// closed is the log's line for a connection closed with code and reason.
func closed(code int, reason string, by wsclient.Closer) string {
	return wsclient.Event{Kind: wsclient.EventClosed, Close: wsclient.CloseInfo{Code: code, Reason: reason, By: by}}.String()
}

// lost is the log's line for a connection lost without a close frame.
func lost(cause string) string {
	return closed(wsclient.StatusAbnormalClosure, "connection lost: "+cause, wsclient.ClosedAbnormally)
}

// connectFailed is the log's line for a connect that failed.
func connectFailed(kind wsclient.ErrorKind, detail string) string {
	return wsclient.Event{Kind: wsclient.EventConnectFailed, Err: &wsclient.ConnectError{Kind: kind, Detail: detail}}.String()
}
