package wsclient_test

import (
	"testing"

	"github.com/wssample/wssample/internal/testserver"
	"github.com/wssample/wssample/wsclient"
)

// BenchmarkEchoWireView is BenchmarkEcho with Options.WireView on: each
// side of the wire runs a frame parser of its own and the view records at
// most WireViewPerSecond frames a second each way, counting the rest. Its
// ratio to BenchmarkEcho is what the view costs the stream (the aim: a
// drop of less than 10 %).
//
//	go test -run '^$' -bench 'BenchmarkEcho(WireView)?$' -count 5 ./wsclient/
func BenchmarkEchoWireView(b *testing.B) {
	srv := testserver.Start(b)
	defer srv.Close()
	view := func(o *wsclient.StreamOptions) { o.WireView = true }
	for _, sz := range benchSizes {
		b.Run(sz.name, func(b *testing.B) { echoBench(b, srv.URL("/echo"), sz.size, view) })
	}
}
