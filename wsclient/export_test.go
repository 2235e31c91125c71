package wsclient

// What the external tests (package wsclient_test) see of the package's
// inside: the benchmarks' write counts and a few helpers a person never
// calls.

// WireStats counts what a connection's client wrote (writeStats).
type WireStats = writeStats

// WireStats is what the open connection has written so far.
func (cl *client) WireStats() WireStats { return cl.writeStats() }

// MBps is the transfer's rate in megabytes per second.
func (r TransferResult) MBps() float64 { return r.mbps() }

// BodyFirstLine is the first non-empty line of a refused handshake's body.
func (e *ConnectError) BodyFirstLine() string { return e.bodyFirstLine() }

// MaxPendingData is how many data events may wait for the owner before
// the reader waits too (events.go).
const MaxPendingData = maxPendingData

// PendingData is how many data events wait for the owner now.
func (cl *client) PendingData() int {
	cl.events.mu.Lock()
	defer cl.events.mu.Unlock()
	return cl.events.data
}
