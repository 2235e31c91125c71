// Package testserver starts the app's built-in server for a test. Every
// package's tests use it, so "a real server on loopback, closed when the
// test ends" is written once.
package testserver

import (
	"context"
	"testing"

	"github.com/wssample/wssample/sampleserver"
)

// Start starts the built-in server on loopback with cfg (the zero Config
// when none is given) and closes it when the test and its subtests end.
// It uses Cleanup, not defer, so parallel subtests that outlive the
// test's body still have their server.
func Start(t testing.TB, cfg ...sampleserver.Config) *sampleserver.Server {
	t.Helper()
	var c sampleserver.Config
	if len(cfg) > 0 {
		c = cfg[0]
	}
	srv, err := sampleserver.Start(context.Background(), c)
	if err != nil {
		t.Fatalf("start the built-in server: %v", err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}
