package present

import "testing"

func TestLogFormatFor(t *testing.T) {
	for _, c := range []struct {
		name   string
		chosen LogFormat
		want   LogFormat
	}{
		{"log.txt", LogFormatJSONLines, LogFormatText},
		{"log.LOG", LogFormatJSONLines, LogFormatText},
		{"log.jsonl", LogFormatText, LogFormatJSONLines},
		{"log.ndjson", LogFormatText, LogFormatJSONLines},
		{"log.json", LogFormatText, LogFormatJSONLines},
		{"log", LogFormatText, LogFormatText},
		{"log", LogFormatJSONLines, LogFormatJSONLines},
		{"my.session.out", LogFormatJSONLines, LogFormatJSONLines},
	} {
		if got := LogFormatFor(c.name, c.chosen); got != c.want {
			t.Errorf("LogFormatFor(%q, %v) = %v, want %v", c.name, c.chosen, got, c.want)
		}
	}
	if LogFormatText.Ext() != ".txt" || LogFormatJSONLines.Ext() != ".jsonl" {
		t.Fatal("extensions")
	}
}
