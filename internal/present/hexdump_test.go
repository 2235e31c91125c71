package present

import (
	"bytes"
	"strings"
	"sync"
	"testing"
)

func TestHexDumpLayout(t *testing.T) {
	all := make([]byte, 256)
	for i := range all {
		all[i] = byte(i)
	}
	for _, c := range []struct {
		name string
		data []byte
		base int64
		want string
	}{
		{"empty", nil, 0, ""},
		{"one byte", []byte("A"), 0,
			"00000000  41                                                |A|\n"},
		{"a full row, two groups of eight",
			[]byte("Hello World\n\x00\x01\x02\x03"), 0,
			"00000000  48 65 6c 6c 6f 20 57 6f  72 6c 64 0a 00 01 02 03  |Hello World.....|\n"},
		{"a short second row is padded so the ASCII column lines up",
			[]byte("0123456789abcdefXYZ"), 0,
			"00000000  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66  |0123456789abcdef|\n" +
				"00000010  58 59 5a                                          |XYZ|\n"},
		{"nine bytes: the gap after the eighth",
			[]byte("123456789"), 0,
			"00000000  31 32 33 34 35 36 37 38  39                       |123456789|\n"},
		{"the offset counts from the base, as in a stream's tail",
			[]byte("tail"), 0x1234,
			"00001234  74 61 69 6c                                       |tail|\n"},
		{"offsets beyond 32 bits get more digits",
			[]byte{0xff}, 0x1_0000_0000,
			"100000000  ff                                                |.|\n"},
		{"control characters, DEL and UTF-8 bytes are dots",
			[]byte("\t\x7f\x1bé~ "), 0,
			"00000000  09 7f 1b c3 a9 7e 20                              |.....~ |\n"},
		{"0x00..0x1f", all[:32], 0,
			"00000000  00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f  |................|\n" +
				"00000010  10 11 12 13 14 15 16 17  18 19 1a 1b 1c 1d 1e 1f  |................|\n"},
		{"0x70..0x8f: printable up to ~, then dots", all[0x70:0x90], 0x70,
			"00000070  70 71 72 73 74 75 76 77  78 79 7a 7b 7c 7d 7e 7f  |pqrstuvwxyz{|}~.|\n" +
				"00000080  80 81 82 83 84 85 86 87  88 89 8a 8b 8c 8d 8e 8f  |................|\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := HexDump(c.data, c.base); got != c.want {
				t.Errorf("HexDump =\n%s\nwant\n%s", got, c.want)
			}
		})
	}
}

// Every full row of a dump is the same width, whatever the bytes, and the
// short last row's ASCII column starts where the others' do.
func TestHexDumpRowsSameWidth(t *testing.T) {
	data := make([]byte, 1000)
	for i := range data {
		data[i] = byte(i * 7)
	}
	rows := strings.Split(strings.TrimSuffix(HexDump(data, 0), "\n"), "\n")
	if len(rows) != 63 { // 62 full rows and 8 bytes
		t.Fatalf("%d rows", len(rows))
	}
	for i, r := range rows[:62] {
		if len(r) != len(rows[0]) {
			t.Fatalf("row %d is %d wide, row 0 %d:\n%s\n%s", i, len(r), len(rows[0]), r, rows[0])
		}
	}
	if last := rows[62]; strings.IndexByte(last, '|') != strings.IndexByte(rows[0], '|') {
		t.Fatalf("the last row's ASCII column is out of line:\n%s\n%s", last, rows[0])
	}
}

func TestHexPreview(t *testing.T) {
	for _, c := range []struct {
		data []byte
		n    int
		want string
	}{
		{nil, 4, ""},
		{[]byte{0, 0xab}, 4, "00 ab"},
		{[]byte{1, 2, 3, 4}, 4, "01 02 03 04"},
		{[]byte{1, 2, 3, 4, 5}, 4, "01 02 03 04 …"},
	} {
		if got := HexPreview(c.data, c.n); got != c.want {
			t.Errorf("HexPreview(% x, %d) = %q, want %q", c.data, c.n, got, c.want)
		}
	}
}

func TestByteTailKeepsLatest(t *testing.T) {
	tail := NewByteTail(8)
	check := func(wantData string, wantOffset int64) {
		t.Helper()
		data, off := tail.Snapshot()
		if string(data) != wantData || off != wantOffset {
			t.Fatalf("Snapshot = %q at %d, want %q at %d", data, off, wantData, wantOffset)
		}
	}
	check("", 0)
	tail.Write([]byte("abc"))
	check("abc", 0)
	tail.Write([]byte("defgh")) // exactly full
	check("abcdefgh", 0)
	tail.Write([]byte("ij")) // wraps: the oldest two go
	check("cdefghij", 2)
	tail.Write([]byte("klmnopq")) // wraps again, across the end of the circle
	check("jklmnopq", 9)
	tail.Write([]byte("0123456789")) // longer than the tail: its end only
	check("23456789", 19)
	tail.Write(nil)
	check("23456789", 19)
	if tail.Total() != 27 {
		t.Fatalf("Total = %d, want 27", tail.Total())
	}
	tail.Reset()
	check("", 0)
	tail.Write([]byte("x"))
	check("x", 0)
}

// Byte by byte or all at once, the tail holds the same bytes.
func TestByteTailWriteSizes(t *testing.T) {
	stream := make([]byte, 10_000)
	for i := range stream {
		stream[i] = byte(i * 31)
	}
	for _, chunk := range []int{1, 3, 100, 4095, 4096, 4097, 10_000} {
		tail := NewByteTail(TailSize)
		for b := stream; len(b) > 0; {
			n := min(chunk, len(b))
			tail.Write(b[:n])
			b = b[n:]
		}
		data, off := tail.Snapshot()
		if !bytes.Equal(data, stream[len(stream)-TailSize:]) || off != int64(len(stream)-TailSize) {
			t.Fatalf("chunks of %d: kept %d bytes at %d, not the last %d", chunk, len(data), off, TailSize)
		}
	}
}

// A reader goroutine writes while the UI goroutine takes snapshots: the
// race detector watches, and every snapshot is a run of the stream.
func TestByteTailConcurrent(t *testing.T) {
	tail := NewByteTail(64)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range 2000 {
			tail.Write([]byte{byte(i), byte(i + 1), byte(i + 2)})
		}
	}()
	for range 200 {
		data, off := tail.Snapshot()
		for i, c := range data { // byte k of the stream is (k/3)+(k%3)
			k := off + int64(i)
			if want := byte(k/3 + k%3); c != want {
				t.Fatalf("byte %d of the stream is %d in a snapshot, want %d", k, c, want)
			}
		}
	}
	wg.Wait()
	if tail.Total() != 6000 {
		t.Fatalf("Total = %d", tail.Total())
	}
}
