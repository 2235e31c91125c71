package wsclient

import "testing"

// The package's enumerations start at one, so that the zero value of
// each, a field never set (an Event's By before any close, a CertError or
// a URIError built by hand, a Step not filled in), names none of them and
// cannot be read as a problem, an event or a closer that did not happen.
func TestEnumerationsZeroValueNamesNothing(t *testing.T) {
	for name, values := range map[string][]int{
		"CertProblem": {int(CertUnreadable), int(KeyUnreadable), int(NoCertificate), int(NoPrivateKey), int(KeyMismatch), int(CertInvalid)},
		"EventKind": {int(EventConnecting), int(EventNote), int(EventConnectFailed), int(EventConnected),
			int(EventWriteStarted), int(EventReadStarted), int(EventProgress), int(EventWriteFailed),
			int(EventReadFailed), int(EventClosed), int(EventMessage), int(EventFrame), int(EventPong),
			int(EventReconnecting), int(EventReconnectCancelled), int(EventTransferStarted),
			int(EventTransferDone), int(EventWire)},
		"Closer":     {int(ClosedByClient), int(ClosedByServer), int(ClosedAbnormally), int(FailedByClient)},
		"StepKind":   {int(StepDNS), int(StepTCP), int(StepTLS), int(StepUpgrade), int(StepOpen)},
		"URIProblem": {int(URIEmpty), int(URIInvalid), int(URIBadScheme), int(URIFragment)},
	} {
		for i, v := range values {
			if v == 0 {
				t.Errorf("%s: value %d of %d is the zero value, which a field never set also holds", name, i+1, len(values))
			}
		}
	}
}
