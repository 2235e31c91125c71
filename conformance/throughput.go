package conformance

import (
	"fmt"
	"strings"
	"time"
)

// Throughput is how fast the server echoed in one group of Autobahn's
// limits and performance cases (9.1 … 9.8): the payload it sent back
// over the time the group's cases took, connections and closes included,
// as Autobahn's reports time its cases.
type Throughput struct {
	// Group is the group's ID, such as "9.3".
	Group string `json:"group"`
	// What says what the group sends, such as "4 MiB text messages in
	// fragments of 64 bytes to 4 MiB".
	What string `json:"what"`
	// Cases is the number of the group's cases that ran; Echoed the
	// payload bytes the server sent back in them; Time their time in all.
	Cases  int           `json:"cases"`
	Echoed int64         `json:"echoed_bytes"`
	Time   time.Duration `json:"duration_ns"`
}

// MBps is the echoed payload in megabytes (10^6 bytes) per second.
func (t Throughput) MBps() float64 {
	if t.Time <= 0 {
		return 0
	}
	return float64(t.Echoed) / t.Time.Seconds() / 1e6
}

// String gives one line: "9.3 (4 MiB text messages in fragments …): 9
// cases, 36.0 MiB echoed in 1.2s, 31.5 MB/s".
func (t Throughput) String() string {
	return fmt.Sprintf("%s (%s): %d cases, %.1f MiB echoed in %v, %.1f MB/s",
		t.Group, t.What, t.Cases, float64(t.Echoed)/(1<<20), Round(t.Time), t.MBps())
}

// throughputGroups says what each group of category 9 sends.
var throughputGroups = []struct{ id, what string }{
	{"9.1", "text messages of 64 KiB to 16 MiB in one frame"},
	{"9.2", "binary messages of 64 KiB to 16 MiB in one frame"},
	{"9.3", "4 MiB text messages in fragments of 64 bytes to 4 MiB"},
	{"9.4", "4 MiB binary messages in fragments of 64 bytes to 4 MiB"},
	{"9.5", "1 MiB text messages written in chops of 64 to 2048 bytes"},
	{"9.6", "1 MiB binary messages written in chops of 64 to 2048 bytes"},
	{"9.7", "1000 text messages of 0 to 4096 bytes, one round trip each"},
	{"9.8", "1000 binary messages of 0 to 4096 bytes, one round trip each"},
}

// Throughput sums the limits and performance cases per group, for the
// groups that ran, in order.
func (r *Report) Throughput() []Throughput {
	var out []Throughput
	for _, g := range throughputGroups {
		t := Throughput{Group: g.id, What: g.what}
		for _, res := range r.Results {
			if strings.HasPrefix(res.ID, g.id+".") {
				t.Cases++
				t.Echoed += res.Observed.BytesEchoed
				t.Time += res.Duration
			}
		}
		if t.Cases > 0 {
			out = append(out, t)
		}
	}
	return out
}
