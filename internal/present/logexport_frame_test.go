package present

import (
	"encoding/json"
	"testing"
	"time"
)

// The JSON Lines export keeps a frame's header as RFC 6455 §5.2 lays it
// out: each of RSV1, RSV2 and RSV3 under its own name, so a frame with one
// reserved bit set shows that bit and no other (a checker's log of a
// frame with RSV2 set must not read as RSV3). The other header fields go
// along: FIN, the opcode and its name, the mask and its key, the length.
func TestLogExportFrameHeaderRFC6455Section5_2(t *testing.T) {
	for _, tc := range []struct {
		name string
		h    LogFrameHeader
		want map[string]any
	}{
		{"rsv1", LogFrameHeader{Fin: true, Rsv1: true, Opcode: 0x1, Length: 5},
			map[string]any{"fin": true, "rsv1": true, "rsv2": false, "rsv3": false, "opcode": 1.0, "opcode_name": "text", "masked": false, "length": 5.0}},
		{"rsv2", LogFrameHeader{Rsv2: true, Opcode: 0x2, Length: 3},
			map[string]any{"fin": false, "rsv1": false, "rsv2": true, "rsv3": false, "opcode": 2.0, "opcode_name": "binary", "masked": false, "length": 3.0}},
		{"rsv3", LogFrameHeader{Fin: true, Rsv3: true, Opcode: 0x9, Masked: true, MaskKey: [4]byte{0x37, 0xfa, 0x21, 0x3d}},
			map[string]any{"fin": true, "rsv1": false, "rsv2": false, "rsv3": true, "opcode": 9.0, "opcode_name": "ping", "masked": true, "mask_key": "37fa213d", "length": 0.0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := tc.h
			e := &LogEntry{Time: time.Unix(0, 0), Kind: LogKindFrame, Dir: DirReceived, Summary: "a frame", Frame: &h}
			b, err := json.Marshal(e.ToJSON())
			if err != nil {
				t.Fatal(err)
			}
			var got struct {
				Frame map[string]any `json:"frame"`
			}
			if err := json.Unmarshal(b, &got); err != nil {
				t.Fatal(err)
			}
			if len(got.Frame) != len(tc.want) {
				t.Errorf("frame = %v, want %v", got.Frame, tc.want)
			}
			for k, v := range tc.want {
				if got.Frame[k] != v {
					t.Errorf("frame[%q] = %v, want %v (line %s)", k, got.Frame[k], v, b)
				}
			}
		})
	}
}
