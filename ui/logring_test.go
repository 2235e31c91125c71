package ui

import (
	"fmt"
	"reflect"
	"testing"
)

func TestLogRingKeepsNewest(t *testing.T) {
	r := newLogRing(3)
	r.Append("a", "b")
	if got := r.All(); !reflect.DeepEqual(got, []string{"a", "b"}) {
		t.Fatalf("All = %q", got)
	}
	r.Append("c", "d", "e")
	if got := r.All(); !reflect.DeepEqual(got, []string{"c", "d", "e"}) {
		t.Fatalf("All = %q", got)
	}
	if r.Len() != 3 || r.At(0) != "c" || r.At(2) != "e" {
		t.Fatalf("Len %d At(0) %q At(2) %q", r.Len(), r.At(0), r.At(2))
	}
	r.Append("f")
	if got := r.All(); !reflect.DeepEqual(got, []string{"d", "e", "f"}) {
		t.Fatalf("All = %q", got)
	}
	r.Clear()
	if r.Len() != 0 || len(r.All()) != 0 {
		t.Fatalf("after Clear: %d lines", r.Len())
	}
}

func TestLogRingHugeBatch(t *testing.T) {
	r := newLogRing(4)
	r.Append("x")
	var batch []string
	for i := range 10 {
		batch = append(batch, fmt.Sprint(i))
	}
	r.Append(batch...)
	if got := r.All(); !reflect.DeepEqual(got, []string{"6", "7", "8", "9"}) {
		t.Fatalf("All = %q", got)
	}
}

func BenchmarkLogRingAppend(b *testing.B) {
	r := newLogRing(logLimit)
	batch := make([]string, 100)
	for i := range batch {
		batch[i] = "12:00:00.000  Background read starting."
	}
	for b.Loop() {
		r.Append(batch...)
	}
}
