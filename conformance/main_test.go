package conformance

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package if a test leaves a goroutine behind: every
// connection a case opens, and every test server, must be torn down.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
