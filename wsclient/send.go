package wsclient

import "github.com/coder/websocket"

// SendBinary writes data as one complete binary message and returns when
// it is written, as Send does for text: it blocks while the peer does not
// read, until the connection ends; call it off the UI thread. Without a
// connection it returns ErrNotConnected. A binary message may hold any
// bytes (RFC 6455 §5.6): nothing is checked or converted.
func (m *MessageSocket) SendBinary(data []byte) error {
	return m.sendMessage(websocket.MessageBinary, data)
}

// sendMessage writes one whole message of type typ on the open
// connection and counts its bytes as sent: Send's path, for either type.
func (m *MessageSocket) sendMessage(typ websocket.MessageType, data []byte) error {
	c := m.current()
	if c == nil {
		return ErrNotConnected
	}
	conn := c.library()
	if conn == nil {
		return ErrNotConnected
	}
	// The session's context, not a per-call timeout: an expired context
	// would close the whole connection.
	if err := conn.Write(c.session, typ, data); err != nil {
		if c.isStopping() || c.session.Err() != nil {
			return ErrNotConnected
		}
		return &StreamError{Op: "write", Err: err}
	}
	m.sent.Add(int64(len(data)))
	return nil
}
