package wsclient_test

import (
	"io"
	"log"
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package if any test leaves a goroutine behind: every
// connection the client opens must be fully torn down.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func quietLog() *log.Logger { return log.New(io.Discard, "", 0) }
