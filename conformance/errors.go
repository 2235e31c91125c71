package conformance

import "errors"

// Run returns an error wrapping one of these when it could not check
// anything: the problem is the address, the connection or the endpoint,
// not a case. The error's text says what happened in plain words.
var (
	// ErrBadInput: the address is not a ws:// or wss:// URI, or the
	// options cannot be used.
	ErrBadInput = errors.New("bad address or options")
	// ErrUnreachable: no TCP or TLS connection could be made.
	ErrUnreachable = errors.New("cannot connect")
	// ErrRefused: the server answered the opening handshake with
	// something other than a valid 101 Switching Protocols.
	ErrRefused = errors.New("WebSocket handshake refused")
	// ErrNotEcho: the endpoint speaks WebSocket but does not send
	// messages back unchanged, so no case could judge it.
	ErrNotEcho = errors.New("not an echo endpoint")
)

// setupError is an error of one of the kinds above, with the words a
// person reads and the underlying cause.
type setupError struct {
	kind  error
	msg   string
	cause error
}

func (e *setupError) Error() string        { return e.msg }
func (e *setupError) Is(target error) bool { return target == e.kind }
func (e *setupError) Unwrap() error        { return e.cause }
