package wsframe

import (
	"fmt"
	"net/http"
	"strings"
)

// CheckServerHandshake checks the server's answer to a client's opening
// handshake as RFC 6455 §4.1 asks, where each failed check means "the
// client MUST Fail the WebSocket Connection": the status is 101, the answer
// says "Upgrade: websocket" and "Connection: Upgrade", Sec-WebSocket-Accept
// proves the server read key, an extension is in use only if the client
// offered it (extensions is the client's Sec-WebSocket-Extensions, "" for
// none; permessage-deflate is the one known, checked as RFC 7692 §7.1
// asks), and a subprotocol, if the server names one, is one of those the
// client offered. The error says what is wrong in a sentence.
func CheckServerHandshake(resp *http.Response, key string, offered []string, extensions string) error {
	h := resp.Header
	switch {
	case resp.StatusCode != http.StatusSwitchingProtocols:
		return fmt.Errorf("the server answered %s, not 101 Switching Protocols", resp.Status)
	case !headerHasToken(h, "Upgrade", "websocket"):
		return fmt.Errorf("the server's 101 answer does not say \"Upgrade: websocket\"")
	case !headerHasToken(h, "Connection", "upgrade"):
		return fmt.Errorf("the server's 101 answer does not say \"Connection: Upgrade\"")
	case strings.TrimSpace(h.Get("Sec-WebSocket-Accept")) != AcceptKey(key):
		return fmt.Errorf("the server's Sec-WebSocket-Accept does not match the key the client sent")
	}
	if err := checkServerExtensions(h.Values("Sec-WebSocket-Extensions"), extensions); err != nil {
		return err
	}
	if p := strings.TrimSpace(h.Get("Sec-WebSocket-Protocol")); p != "" {
		for _, o := range offered {
			if o == p { // names are compared exactly
				return nil
			}
		}
		return fmt.Errorf("the server chose subprotocol %q, which the client did not offer", p)
	}
	return nil
}
