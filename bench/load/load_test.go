package main

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/coder/websocket"
	"go.uber.org/goleak"

	"github.com/wssample/wssample/sampleserver"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// TestSoakLoad runs both workloads against the built-in server in this
// process: 8 clients for a second each in every go test, 256 clients for
// 20 s each with WSSAMPLE_SOAK=1 (make soak). Every echo must come back
// whole and equal (load checks each), and no client may fail.
func TestSoakLoad(t *testing.T) {
	clients, d := 8, time.Second
	if os.Getenv("WSSAMPLE_SOAK") != "" {
		clients, d = 256, 20*time.Second
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*d+time.Minute)
	defer cancel()
	srv, err := sampleserver.Start(ctx, sampleserver.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	for _, w := range []workload{
		{name: "11 B at 50/s", size: 11, every: 20 * time.Millisecond, typ: websocket.MessageText},
		{name: "64 KiB as fast as possible", size: 64 << 10, typ: websocket.MessageBinary},
	} {
		conns, err := dialAll(ctx, srv.URL("/echo"), clients, 10*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		res, err := load(ctx, conns, w, d, 30*time.Second)
		closeAll(conns)
		if err != nil {
			t.Fatalf("%s: %v", w.name, err)
		}
		if res.messages < int64(clients) {
			t.Fatalf("%s: %d echoes for %d clients", w.name, res.messages, clients)
		}
		t.Logf("%d clients, %s: %s MB/s, %.0f msg/s, p50 %v, p99 %v, max %v", clients, w.name,
			mbps(res.MBps()), res.perSecond(), roundRTT(res.quantile(0.5)), roundRTT(res.quantile(0.99)), roundRTT(res.maxRTT()))
	}
}
