package present

import (
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/wssample/wssample/wsclient"
)

func TestParseAdvancedDefaults(t *testing.T) {
	s, err := ParseAdvanced(DefaultAdvanced)
	if err != nil {
		t.Fatal(err)
	}
	want := wsclient.StreamOptions{
		Payload:  []byte(wsclient.DefaultPayload),
		Interval: wsclient.DefaultInterval,
		ReadSize: wsclient.DefaultReadSize,
	}
	want.HandshakeTimeout = wsclient.DefaultHandshakeTimeout
	if !reflect.DeepEqual(s.Opts, want) {
		t.Fatalf("defaults give %+v, want %+v", s.Opts, want)
	}
	if s.Chunk != wsclient.DefaultChunkSize {
		t.Fatalf("chunk %d, want %d", s.Chunk, wsclient.DefaultChunkSize)
	}
}

func TestParseAdvanced(t *testing.T) {
	with := func(change func(*AdvancedInput)) AdvancedInput {
		in := DefaultAdvanced
		change(&in)
		return in
	}
	tests := []struct {
		name  string
		in    AdvancedInput
		check func(t *testing.T, s StreamSettings)
		err   string // the whole message when it must fail
	}{
		{name: "subprotocols trimmed, empty ones dropped",
			in: with(func(in *AdvancedInput) { in.Subprotocols = " chat, ,superchat ,v2.json " }),
			check: func(t *testing.T, s StreamSettings) {
				if want := []string{"chat", "superchat", "v2.json"}; !reflect.DeepEqual(s.Opts.Subprotocols, want) {
					t.Errorf("subprotocols %q, want %q", s.Opts.Subprotocols, want)
				}
			}},
		{name: "subprotocol with a space",
			in:  with(func(in *AdvancedInput) { in.Subprotocols = "chat room" }),
			err: `Subprotocols: "chat room" is not a valid name (letters, digits and !#$%&'*+-.^_` + "`" + `|~ only)`},
		{name: "headers, blank lines skipped, repeated names kept",
			in: with(func(in *AdvancedInput) { in.Headers = "x-trace: 1\r\n\n  X-Trace:2  \nOrigin: https://example.com\n" }),
			check: func(t *testing.T, s StreamSettings) {
				want := http.Header{"X-Trace": {"1", "2"}, "Origin": {"https://example.com"}}
				if !reflect.DeepEqual(s.Opts.Header, want) {
					t.Errorf("header %v, want %v", s.Opts.Header, want)
				}
			}},
		{name: "header without a colon",
			in:  with(func(in *AdvancedInput) { in.Headers = "X-Ok: 1\nnonsense" }),
			err: `Request headers: line 2: expected "Name: value"`},
		{name: "header without a name",
			in:  with(func(in *AdvancedInput) { in.Headers = ": value" }),
			err: "Request headers: line 1: the header name is missing before ':'"},
		{name: "header name with a space",
			in:  with(func(in *AdvancedInput) { in.Headers = "Bad Name: value" }),
			err: `Request headers: line 1: "Bad Name" is not a valid header name`},
		{name: "a header the handshake sets",
			in:  with(func(in *AdvancedInput) { in.Headers = "sec-websocket-protocol: chat" }),
			err: "Request headers: line 1: sec-websocket-protocol cannot be set here: use the Subprotocols field"},
		{name: "credential",
			in: with(func(in *AdvancedInput) { in.Username, in.Password = " ann ", "s3cret: with colon" }),
			check: func(t *testing.T, s StreamSettings) {
				if s.Opts.Username != "ann" || s.Opts.Password != "s3cret: with colon" {
					t.Errorf("credential %q / %q", s.Opts.Username, s.Opts.Password)
				}
			}},
		{name: "password without a user",
			in:  with(func(in *AdvancedInput) { in.Password = "x" }),
			err: "Server credential: a password needs a user name"},
		{name: "user with a colon",
			in:  with(func(in *AdvancedInput) { in.Username = "a:b" }),
			err: "Server credential: a user name cannot contain ':' in HTTP Basic"},
		{name: "no-delay off delays small writes; reconnect on",
			in: with(func(in *AdvancedInput) { in.NoDelay, in.Reconnect = false, true }),
			check: func(t *testing.T, s StreamSettings) {
				if !s.Opts.DelaySmallWrites || !s.Opts.Reconnect {
					t.Errorf("DelaySmallWrites %v, Reconnect %v", s.Opts.DelaySmallWrites, s.Opts.Reconnect)
				}
			}},
		{name: "ping and handshake in seconds, fractions allowed",
			in: with(func(in *AdvancedInput) { in.PingInterval, in.Handshake = "2.5", " 3 " }),
			check: func(t *testing.T, s StreamSettings) {
				if s.Opts.PingInterval != 2500*time.Millisecond || s.Opts.HandshakeTimeout != 3*time.Second {
					t.Errorf("ping %s, handshake %s", s.Opts.PingInterval, s.Opts.HandshakeTimeout)
				}
			}},
		{name: "ping not a number",
			in:  with(func(in *AdvancedInput) { in.PingInterval = "often" }),
			err: `Keep-alive ping: "often" is not a number of seconds`},
		{name: "handshake timeout 0",
			in:  with(func(in *AdvancedInput) { in.Handshake = "0" }),
			err: "Handshake timeout: must be more than 0 seconds"},
		{name: "handshake timeout empty",
			in:  with(func(in *AdvancedInput) { in.Handshake = "" }),
			err: "Handshake timeout: enter a number of seconds"},
		{name: "negative interval",
			in:  with(func(in *AdvancedInput) { in.Interval = "-1" }),
			err: "Send interval: cannot be negative"},
		{name: "interval NaN",
			in:  with(func(in *AdvancedInput) { in.Interval = "NaN" }),
			err: `Send interval: "NaN" is not a number of seconds`},
		{name: "interval 0 is as fast as possible",
			in: with(func(in *AdvancedInput) { in.Interval = "0" }),
			check: func(t *testing.T, s StreamSettings) {
				if s.Opts.Interval != wsclient.Continuous {
					t.Errorf("interval %s, want Continuous", s.Opts.Interval)
				}
			}},
		{name: "empty payload sends nothing (not the default)",
			in: with(func(in *AdvancedInput) { in.Payload = "" }),
			check: func(t *testing.T, s StreamSettings) {
				if s.Opts.Payload == nil || len(s.Opts.Payload) != 0 {
					t.Errorf("payload %#v, want empty and non-nil", s.Opts.Payload)
				}
			}},
		{name: "read size not whole",
			in:  with(func(in *AdvancedInput) { in.ReadSize = "1.5" }),
			err: `Read size: "1.5" is not a whole number of bytes`},
		{name: "read size 0",
			in:  with(func(in *AdvancedInput) { in.ReadSize = "0" }),
			err: "Read size: must be at least 1 byte"},
		{name: "chunk in KiB",
			in: with(func(in *AdvancedInput) { in.ChunkKiB = "4" }),
			check: func(t *testing.T, s StreamSettings) {
				if s.Chunk != 4096 {
					t.Errorf("chunk %d, want 4096", s.Chunk)
				}
			}},
		{name: "chunk too big",
			in:  with(func(in *AdvancedInput) { in.ChunkKiB = "99999" }),
			err: "File chunk size: at most 16384 KiB"},
		{name: "compression off: no offer, the size is not read",
			in: with(func(in *AdvancedInput) { in.CompressFrom = "lots" }),
			check: func(t *testing.T, s StreamSettings) {
				if s.Opts.Compression != wsclient.CompressionOff || s.Opts.CompressionThreshold != 0 {
					t.Errorf("compression %v from %d", s.Opts.Compression, s.Opts.CompressionThreshold)
				}
			}},
		{name: "compression with context takeover, every message",
			in: with(func(in *AdvancedInput) { in.Compression = wsclient.CompressionContextTakeover.String() }),
			check: func(t *testing.T, s StreamSettings) {
				if s.Opts.Compression != wsclient.CompressionContextTakeover || s.Opts.CompressionThreshold != 1 {
					t.Errorf("compression %v from %d", s.Opts.Compression, s.Opts.CompressionThreshold)
				}
				if got := s.Apply(wsclient.StreamOptions{}); got.Compression != s.Opts.Compression || got.CompressionThreshold != 1 {
					t.Errorf("apply lost the compression: %v from %d", got.Compression, got.CompressionThreshold)
				}
			}},
		{name: "compression without context takeover, from 512 bytes",
			in: with(func(in *AdvancedInput) {
				in.Compression, in.CompressFrom = wsclient.CompressionNoContextTakeover.String(), " 512 "
			}),
			check: func(t *testing.T, s StreamSettings) {
				if s.Opts.Compression != wsclient.CompressionNoContextTakeover || s.Opts.CompressionThreshold != 512 {
					t.Errorf("compression %v from %d", s.Opts.Compression, s.Opts.CompressionThreshold)
				}
			}},
		{name: "compression from 0 bytes",
			in: with(func(in *AdvancedInput) {
				in.Compression, in.CompressFrom = wsclient.CompressionContextTakeover.String(), "0"
			}),
			err: "Compression: must be at least 1 byte"},
		{name: "compression not a choice",
			in:  with(func(in *AdvancedInput) { in.Compression = "gzip" }),
			err: `Compression: "gzip" is not one of the choices`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := ParseAdvanced(tt.in)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, s)
		})
	}
}

func TestSettingsApplyKeepsBase(t *testing.T) {
	s, err := ParseAdvanced(DefaultAdvanced)
	if err != nil {
		t.Fatal(err)
	}
	s.Opts.Username = "u"
	base := wsclient.StreamOptions{OnData: func([]byte) {}}
	got := s.Apply(base)
	if got.OnData == nil || got.Username != "u" || got.ReadSize != wsclient.DefaultReadSize {
		t.Fatalf("apply lost the base or the settings: %+v", got)
	}
}
