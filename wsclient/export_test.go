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
