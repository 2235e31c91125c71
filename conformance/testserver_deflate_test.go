package conformance

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/wssample/wssample/internal/deflate"
	"github.com/wssample/wssample/internal/wsframe"
)

// This file is the test server's permessage-deflate (RFC 7692): the
// first offer it can accept, its answer, and the compression of its
// echoes, to the letter (deflates) or with one thing wrong.

// testClientBits is the window the test server asks of clients: small
// enough that the checker's own LZ77 must honour it.
const testClientBits = 10

// testPMD is the test server's side of an agreed permessage-deflate.
type testPMD struct {
	enc *deflate.Encoder
	inf *deflate.Inflater
}

// allows reports whether a frame's RSV bits are permessage-deflate's:
// RSV1 alone, on the first frame of a data message (RFC 7692 §6).
func (p *testPMD) allows(f inFrame, inMessage bool) bool {
	return p != nil && f.RSV == rsv1 && !inMessage && (f.Opcode == opText || f.Opcode == opBinary)
}

// inflate inflates a client's message and checks that it stays within
// the window the server asked for (RFC 7692 §7.1.2.2).
func (p *testPMD) inflate(msg []byte) ([]byte, string) {
	st, err := deflate.Scan(msg, testMaxMessage)
	if err != nil {
		return nil, "Does not inflate."
	}
	if st.MaxDistance > 1<<testClientBits {
		return nil, fmt.Sprintf("Back-reference of %d bytes, beyond client_max_window_bits.", st.MaxDistance)
	}
	out, err := p.inf.Inflate(msg, testMaxMessage)
	if err != nil {
		return nil, "Does not inflate."
	}
	return out, ""
}

// deflateHandshake accepts the first offer of permessage-deflate it can
// and answers the handshake with it (the test server's wsframe handshake
// has no extensions); with no offer it can take, it answers without.
func deflateHandshake(w http.ResponseWriter, r *http.Request, f fault) (net.Conn, *bufio.ReadWriter, *testPMD, error) {
	var answer string
	var pmd *testPMD
	for offer := range strings.SplitSeq(r.Header.Get("Sec-WebSocket-Extensions"), ",") {
		params := strings.Split(offer, ";")
		if strings.TrimSpace(params[0]) != "permessage-deflate" {
			continue
		}
		serverBits, serverNoContext, clientBits := 15, false, false
		for _, p := range params[1:] {
			name, value, _ := strings.Cut(strings.TrimSpace(p), "=")
			switch name {
			case "server_no_context_takeover":
				serverNoContext = true
			case "server_max_window_bits":
				fmt.Sscan(value, &serverBits)
			case "client_max_window_bits":
				clientBits = true
			}
		}
		answer = "permessage-deflate"
		if serverNoContext && f != deflateDropsParams {
			answer += "; server_no_context_takeover"
		}
		if serverBits < 15 && f != deflateDropsParams && f != deflateDropsWindow {
			answer += fmt.Sprintf("; server_max_window_bits=%d", serverBits)
		}
		if clientBits {
			answer += fmt.Sprintf("; client_max_window_bits=%d", testClientBits)
		}
		if f == deflateWiderWindow || f == deflateDropsWindow {
			serverBits = 15
		}
		if f == deflateKeepsContext {
			serverNoContext = false
		}
		enc, err := deflate.NewEncoder(serverBits, !serverNoContext)
		if err != nil {
			return nil, nil, nil, err
		}
		pmd = &testPMD{enc: enc, inf: deflate.NewInflater(true)}
		break
	}
	conn, brw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return nil, nil, nil, err
	}
	// As wsframe.ServerHandshake does: no deadline from the request, and
	// no reading through net/http's reader after the hijack.
	conn.SetDeadline(time.Time{})
	buffered, _ := brw.Reader.Peek(brw.Reader.Buffered())
	brw.Reader.Reset(io.MultiReader(bytes.NewReader(buffered), conn))
	resp := "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Accept: " + wsframe.AcceptKey(strings.TrimSpace(r.Header.Get("Sec-WebSocket-Key"))) + "\r\n"
	if answer != "" {
		resp += "Sec-WebSocket-Extensions: " + answer + "\r\n"
	}
	brw.WriteString(resp + "\r\n")
	if err := brw.Flush(); err != nil {
		conn.Close()
		return nil, nil, nil, err
	}
	return conn, brw, pmd, nil
}
