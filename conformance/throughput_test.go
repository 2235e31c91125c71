package conformance

import (
	"strings"
	"testing"
)

// The throughput of category 9, per group: what the server echoed over
// the time its cases took, said in one line each in both reports.
func TestThroughputPerGroup(t *testing.T) {
	// A real run of one case of two groups against the strict test server.
	rep := runScaled(t, startTestServer(t, noFault), Options{}, keep("9.1.1", "9.1.2", "9.7.2", "1.1.1"), testScale)
	tp := rep.Throughput()
	if len(tp) != 2 || tp[0].Group != "9.1" || tp[1].Group != "9.7" {
		t.Fatalf("groups %+v, want 9.1 and 9.7", tp)
	}
	if tp[0].Cases != 2 || tp[0].Echoed != 64<<10+256<<10 || tp[1].Cases != 1 || tp[1].Echoed != 1000*16 {
		t.Errorf("9.1: %d cases, %d bytes; 9.7: %d cases, %d bytes", tp[0].Cases, tp[0].Echoed, tp[1].Cases, tp[1].Echoed)
	}
	if tp[0].MBps() <= 0 || tp[0].Time <= 0 {
		t.Errorf("9.1: %v MB/s in %v", tp[0].MBps(), tp[0].Time)
	}
	for form, text := range map[string]string{"Markdown": string(rep.Markdown()), "HTML": string(rep.HTML())} {
		for _, g := range tp {
			if !strings.Contains(text, "Throughput "+g.String()) {
				t.Errorf("%s lacks %q", form, g.String())
			}
		}
	}
	if (Throughput{}).MBps() != 0 {
		t.Error("no time, yet a throughput")
	}
}
