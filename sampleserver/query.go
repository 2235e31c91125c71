package sampleserver

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Bounds of the fault endpoints' query values.
const (
	maxAfter     = time.Hour
	maxFloodRate = 1 << 30 // 1 GiB/s
)

// badRequest answers a query the endpoint cannot use: HTTP 400 with a
// one-line reason, before any WebSocket exists.
func badRequest(w http.ResponseWriter, r *http.Request, err error) {
	http.Error(w, fmt.Sprintf("Bad request to %s: %v.", r.URL.Path, err), http.StatusBadRequest)
}

// queryInt reads an integer parameter in [lo, hi], def when absent.
func queryInt(q url.Values, name string, def, lo, hi int) (int, error) {
	v := q.Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, fmt.Errorf("%s=%q is not a whole number from %d to %d", name, v, lo, hi)
	}
	return n, nil
}

// queryDuration reads a duration parameter in [0, maxAfter], def when
// absent. It takes Go's syntax ("2s", "500ms", "1m30s") or a bare number
// of seconds ("2", "0.5").
func queryDuration(q url.Values, name string, def time.Duration) (time.Duration, error) {
	v := q.Get(name)
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		secs, ferr := strconv.ParseFloat(v, 64)
		if ferr != nil {
			return 0, fmt.Errorf("%s=%q is not a duration such as 2s, 500ms or 1.5", name, v)
		}
		d = time.Duration(secs * float64(time.Second))
	}
	if d < 0 || d > maxAfter {
		return 0, fmt.Errorf("%s=%q is outside 0s to %v", name, v, maxAfter)
	}
	return d, nil
}

// queryRate reads a rate in bytes per second from 1 to maxFloodRate, def
// when absent. A suffix K, M or G (optionally followed by "iB" or "B")
// multiplies by 1024, 1024² or 1024³: "64K", "1MiB", "2M".
func queryRate(q url.Values, name string, def int64) (int64, error) {
	v := q.Get(name)
	if v == "" {
		return def, nil
	}
	s := strings.TrimSuffix(strings.TrimSuffix(strings.ToUpper(v), "B"), "I")
	mult := int64(1)
	if n := len(s); n > 0 {
		switch s[n-1] {
		case 'K':
			mult, s = 1<<10, s[:n-1]
		case 'M':
			mult, s = 1<<20, s[:n-1]
		case 'G':
			mult, s = 1<<30, s[:n-1]
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 1 || n > maxFloodRate/mult {
		return 0, fmt.Errorf("%s=%q is not a rate from 1 to 1GiB bytes per second (such as 65536, 64K or 1MiB)", name, v)
	}
	return n * mult, nil
}
