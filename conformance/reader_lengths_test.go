package conformance

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"io"
	"slices"
	"strings"
	"testing"
)

// The frames the checker reads from a server, at the edges of RFC 6455
// §5.2's length encodings, and their words in the case's events.

// Every sender must use the shortest length encoding (§5.2): 7 bits up to
// 125, 16 bits up to 65535, 64 bits beyond. A server that echoes 125
// bytes in a 16-bit length, or 65535 in a 64-bit one, fails the case,
// with the length in the words; the same encodings one byte further
// (126 in 16 bits, 65536 in 64) are minimal and pass.
func TestServerLengthEncodingAtItsEdgesRFC6455Section5_2(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name   string
		length func(n int) lengthForm
		bad    string // the case whose echo is not minimal
		n      string
		good   string // the case one byte longer, whose echo is
	}{
		{"16-bit lengths from 125", func(n int) lengthForm {
			if n >= 125 && n <= 0xFFFF {
				return len16
			}
			return lenMinimal
		}, "1.1.2", "125", "1.1.3"},
		{"64-bit lengths from 65535", func(n int) lengthForm {
			if n >= 0xFFFF {
				return len64
			}
			return lenMinimal
		}, "1.1.6", "65535", "1.1.7"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rep := runAgainst(t, startScripted(t, serverScript{length: tt.length}), Options{}, keep(tt.bad, tt.good))
			for _, r := range rep.Results {
				switch r.ID {
				case tt.bad:
					words := "its length " + tt.n + " is not minimally encoded (§5.2)"
					if r.Verdict != Fail || !strings.Contains(r.Detail, words) {
						t.Errorf("%s: %s: %s\nwant FAILED and the words %q", r.ID, verdicts(r), r.Detail, words)
					}
				case tt.good:
					if verdicts(r) != "OK/OK" {
						t.Errorf("%s: %s: %s %s", r.ID, verdicts(r), r.Detail, r.CloseDetail)
					}
				}
			}
			if len(rep.Results) != 2 {
				t.Errorf("%d results, want %s and %s", len(rep.Results), tt.bad, tt.good)
			}
		})
	}
}

// A case's events show each frame that came, its payload's start when it
// has one: an empty text message as "0 bytes" alone, a full one with its
// first bytes.
func TestEventsShowThePayloadWhenThereIsOne(t *testing.T) {
	t.Parallel()
	rep := runAgainst(t, startScripted(t, serverScript{}), Options{}, keep("1.1.1", "1.1.2"))
	want := map[string]string{
		"1.1.1": "← text frame (FIN, 0 bytes)",
		"1.1.2": `← text frame (FIN, 125 bytes: "************************"…)`,
	}
	for _, r := range rep.Results {
		if !slices.Contains(r.Observed.Events, want[r.ID]) {
			t.Errorf("%s: events %q, want %q among them", r.ID, r.Observed.Events, want[r.ID])
		}
	}
	if len(rep.Results) != 2 {
		t.Errorf("%d results, want 1.1.1 and 1.1.2", len(rep.Results))
	}
}

// The checker reads a frame of 16 MiB, the largest message a case sends
// (9.1.6, 9.2.6), echoed in one frame, and more: up to 16 MiB and 4 KiB.
// A frame announcing one byte more is refused before its payload is read
// (errFrameTooBig), so a peer cannot make the checker allocate without
// bound.
func TestCheckerReadsFramesUpTo16MiBAnd4KiB(t *testing.T) {
	header := func(n uint64) []byte {
		return binary.BigEndian.AppendUint64([]byte{0x82, 127}, n)
	}
	for _, n := range []uint64{16 << 20, 16<<20 + 4096} {
		r := bufio.NewReader(io.MultiReader(bytes.NewReader(header(n)), io.LimitReader(zeros{}, int64(n))))
		f, err := readFrame(r, maxReadPayload)
		if err != nil || uint64(len(f.Payload)) != n {
			t.Errorf("a binary frame of %d bytes: %d bytes read, %v", n, len(f.Payload), err)
		}
	}
	_, err := readFrame(bufio.NewReader(bytes.NewReader(header(16<<20+4097))), maxReadPayload)
	if want := "frame too big: 16781313 bytes announced, at most 16781312 read"; err == nil || err.Error() != want {
		t.Errorf("a frame of 16 MiB + 4097 bytes: %v, want %q", err, want)
	}
}

// zeros reads as an endless run of zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
