package ui

import (
	"encoding/json"
	"strings"

	"github.com/wssample/wssample/internal/present"
	"github.com/wssample/wssample/wsclient"
)

// eventEntry is the log entry for event e, shown in words, the page's
// words for it (Event.Lines unless the page has its own). A message or a
// frame received keeps its content: text as text, binary as bytes, which
// the log shows as a line of hex and, when the row is selected, as a hex
// dump; its size is in the heading. With prettyJSON, a text message that
// is JSON is shown indented, a line per member.
func eventEntry(e wsclient.Event, words []string, prettyJSON bool) present.LogEntry {
	en := present.LogEntry{Time: e.Time, Kind: eventKind(e.Kind), Summary: strings.Join(words, "\n")}
	switch e.Kind {
	case wsclient.EventMessage, wsclient.EventFrame:
		en.Dir = present.DirReceived
		if len(words) > 0 {
			en.Summary = words[0] // the rest is the content, which the entry holds
		}
		if e.Type == wsclient.TypeBinary {
			en.Type, en.Payload = present.TypeBinary, []byte(e.Text)
			en.Summary += ", " + present.ByteCount(len(e.Text))
			break
		}
		en.Type, en.Text = present.TypeText, e.Text
		if pretty, ok := prettyReceived(e.Text); ok && prettyJSON {
			en.Text, en.Size = pretty, int64(len(e.Text))
			en.Summary += " (JSON, indented)"
		}
	case wsclient.EventClosed:
		en.Code, en.Reason = e.Close.Code, e.Close.Reason
		switch e.Close.By {
		case wsclient.ClosedByServer:
			en.Dir = present.DirReceived
		case wsclient.ClosedByClient, wsclient.FailedByClient:
			en.Dir = present.DirSent
		}
	case wsclient.EventPong:
		en.Dir = present.DirReceived
	}
	return en
}

// eventKind is the log's kind for an event kind.
func eventKind(k wsclient.EventKind) present.LogKind {
	switch k {
	case wsclient.EventConnecting, wsclient.EventConnected, wsclient.EventReconnecting, wsclient.EventReconnectCancelled:
		return present.LogKindConnect
	case wsclient.EventConnectFailed, wsclient.EventWriteFailed, wsclient.EventReadFailed:
		return present.LogKindError
	case wsclient.EventClosed:
		return present.LogKindClose
	case wsclient.EventMessage:
		return present.LogKindMessage
	case wsclient.EventFrame:
		return present.LogKindFrame
	case wsclient.EventPong:
		return present.LogKindPong
	case wsclient.EventTransferStarted, wsclient.EventTransferDone:
		return present.LogKindTransfer
	}
	return present.LogKindNote
}

// prettyReceived is text indented as JSON, if it is a JSON object or
// array (a bare number or string is JSON too, but reads best as it is).
func prettyReceived(text string) (string, bool) {
	t := strings.TrimSpace(text)
	if t == "" || t[0] != '{' && t[0] != '[' || !json.Valid([]byte(t)) {
		return "", false
	}
	pretty, err := present.PrettyJSON(t)
	return pretty, err == nil
}
