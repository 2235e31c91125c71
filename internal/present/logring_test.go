package present

import (
	"fmt"
	"reflect"
	"testing"
)

// rowsOf makes rows of the given lines, each costing one byte per
// character.
func rowsOf(lines ...string) []LogRow {
	out := make([]LogRow, len(lines))
	for i, l := range lines {
		out[i] = LogRow{Line: l, cost: len(l)}
	}
	return out
}

func TestLogRingKeepsNewest(t *testing.T) {
	r := NewLogRing(3, 1<<20)
	r.Append(rowsOf("a", "b")...)
	if got := r.Lines(); !reflect.DeepEqual(got, []string{"a", "b"}) {
		t.Fatalf("Lines = %q", got)
	}
	if d := r.Append(rowsOf("c", "d", "e")...); d != 2 {
		t.Fatalf("dropped %d, want 2", d)
	}
	if got := r.Lines(); !reflect.DeepEqual(got, []string{"c", "d", "e"}) {
		t.Fatalf("Lines = %q", got)
	}
	if r.Len() != 3 || r.Line(0) != "c" || r.Line(2) != "e" || r.First() != 2 {
		t.Fatalf("Len %d Line(0) %q Line(2) %q First %d", r.Len(), r.Line(0), r.Line(2), r.First())
	}
	r.Append(rowsOf("f")...)
	if got := r.Lines(); !reflect.DeepEqual(got, []string{"d", "e", "f"}) {
		t.Fatalf("Lines = %q", got)
	}
	r.Clear()
	if r.Len() != 0 || len(r.Lines()) != 0 {
		t.Fatalf("after Clear: %d lines", r.Len())
	}
	// Sequence numbers go on after a Clear: a seq names one row forever.
	r.Append(rowsOf("g")...)
	if r.First() != 6 || r.Index(6) != 0 || r.Index(5) != -1 || r.Index(7) != -1 {
		t.Fatalf("after Clear and one row: First %d, Index(6) %d", r.First(), r.Index(6))
	}
}

func TestLogRingHugeBatch(t *testing.T) {
	r := NewLogRing(4, 1<<20)
	r.Append(rowsOf("x")...)
	var batch []string
	for i := range 10 {
		batch = append(batch, fmt.Sprint(i))
	}
	if d := r.Append(rowsOf(batch...)...); d != 7 {
		t.Fatalf("dropped %d, want 7 (x and 0..5)", d)
	}
	if got := r.Lines(); !reflect.DeepEqual(got, []string{"6", "7", "8", "9"}) {
		t.Fatalf("Lines = %q", got)
	}
	if r.First() != 7 || r.Index(10) != 3 {
		t.Fatalf("First %d, Index(10) %d", r.First(), r.Index(10))
	}
}

// The byte bound drops the oldest rows too, but always keeps the newest.
func TestLogRingByteBound(t *testing.T) {
	r := NewLogRing(100, 10)
	r.Append(rowsOf("aaaa", "bbbb")...) // 8 bytes
	r.Append(rowsOf("cccc")...)         // 12: a goes
	if got := r.Lines(); !reflect.DeepEqual(got, []string{"bbbb", "cccc"}) {
		t.Fatalf("Lines = %q", got)
	}
	r.Append(rowsOf("a row longer than the whole bound")...)
	if got := r.Lines(); !reflect.DeepEqual(got, []string{"a row longer than the whole bound"}) {
		t.Fatalf("Lines = %q", got)
	}
	r.Clear()
	r.Append(rowsOf("dd")...)
	if r.bytes != 2 {
		t.Fatalf("bytes %d after Clear and a 2-byte row", r.bytes)
	}
}

// Growing the circle after it wrapped keeps the order.
func TestLogRingGrowsInOrder(t *testing.T) {
	r := NewLogRing(1000, 1<<30)
	var want []string
	for i := range 700 {
		l := fmt.Sprint(i)
		want = append(want, l)
		r.Append(rowsOf(l)...)
	}
	if got := r.Lines(); !reflect.DeepEqual(got, want) {
		t.Fatalf("700 rows one by one: %d kept, first %q", len(got), got[0])
	}
	for i := 700; i < 1500; i++ {
		r.Append(rowsOf(fmt.Sprint(i))...)
	}
	if r.Len() != 1000 || r.Line(0) != "500" || r.Line(999) != "1499" {
		t.Fatalf("Len %d, %q … %q", r.Len(), r.Line(0), r.Line(999))
	}
}

func BenchmarkLogRingAppend(b *testing.B) {
	r := NewLogRing(LogLimit, LogByteLimit)
	batch := rowsOf(make([]string, 100)...)
	for i := range batch {
		batch[i] = LogRow{Line: "12:00:00.000  Background read starting.", cost: 100}
	}
	for b.Loop() {
		r.Append(batch...)
	}
}
