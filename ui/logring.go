package ui

// logRing keeps the newest lines of a log, at most cap(lines) of them.
// It belongs to the UI goroutine: no locks.
//
// A plain ring instead of a growing slice keeps memory flat however long
// the sample streams; the oldest lines simply fall off the top.
type logRing struct {
	lines []string // grows up to max, then is reused in a circle
	start int      // index in lines of the oldest line once full
	max   int
}

func newLogRing(max int) *logRing {
	if max < 1 {
		max = 1
	}
	return &logRing{max: max}
}

// Len is the number of lines kept.
func (r *logRing) Len() int { return len(r.lines) }

// At returns the i-th kept line, 0 being the oldest.
func (r *logRing) At(i int) string {
	return r.lines[(r.start+i)%len(r.lines)]
}

// Append adds lines at the end, dropping the oldest beyond the bound.
func (r *logRing) Append(lines ...string) {
	// Only the last max lines of a huge batch can survive.
	if len(lines) > r.max {
		lines = lines[len(lines)-r.max:]
	}
	for _, l := range lines {
		if len(r.lines) < r.max {
			r.lines = append(r.lines, l)
			continue
		}
		r.lines[r.start] = l
		r.start = (r.start + 1) % r.max
	}
}

// All returns the kept lines, oldest first.
func (r *logRing) All() []string {
	out := make([]string, 0, len(r.lines))
	out = append(out, r.lines[r.start:]...)
	return append(out, r.lines[:r.start]...)
}

// Clear forgets every line.
func (r *logRing) Clear() {
	r.lines, r.start = nil, 0
}
