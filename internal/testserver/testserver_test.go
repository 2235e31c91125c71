package testserver_test

import (
	"net"
	"strings"
	"testing"

	"go.uber.org/goleak"

	"github.com/wssample/wssample/internal/testserver"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// The server Start returns listens on loopback until the test ends.
func TestStartListensOnLoopback(t *testing.T) {
	var addr string
	t.Run("inner", func(t *testing.T) {
		srv := testserver.Start(t)
		addr = srv.Addr()
		if !strings.HasPrefix(srv.URL("/echo"), "ws://127.0.0.1:") {
			t.Errorf("URL = %q, want a loopback ws:// URL", srv.URL("/echo"))
		}
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatalf("dial the running server: %v", err)
		}
		c.Close()
	})
	// Closed by Cleanup when the subtest ended: nothing listens there now.
	if c, err := net.Dial("tcp", addr); err == nil {
		c.Close()
		t.Errorf("%s still accepts connections after the test ended", addr)
	}
}
