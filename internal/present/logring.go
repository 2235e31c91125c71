package present

// LogLimit is how many rows a log keeps, and so how much of a long
// session Save can write out. At one line per event the sample never comes
// near it; a server that floods errors or a session of days would otherwise
// grow without bound. The list draws only the rows in view, so the limit
// costs memory (about 100 bytes a line), not drawing time.
const LogLimit = 50000

// LogByteLimit bounds the memory of a log's rows and entries: 50,000
// rows of long messages (an entry keeps up to LogKeepLimit of its data)
// would otherwise take gigabytes. Whichever limit is reached first drops
// the oldest rows.
const LogByteLimit = 64 << 20

// LogRow is one row of the log: a line as the pane shows it and the entry
// it belongs to (the rows of one entry share it).
type LogRow struct {
	Line  string
	Entry *LogEntry
	cost  int // bytes this row accounts for in the ring's byte bound
}

// LineRow is a row that shows line as given, the one row of its entry e
// (a plain line of a log, a note).
func LineRow(line string, e *LogEntry) LogRow {
	return LogRow{Line: line, Entry: e, cost: rowOverhead + len(line) + entryCost(e)}
}

// EntryRows are the rows of e, as e.Rows words them, its own fields
// charged to the first.
func EntryRows(e *LogEntry) []LogRow {
	lines := e.Rows()
	rows := make([]LogRow, len(lines))
	for j, l := range lines {
		cost := rowOverhead + len(l)
		if j == 0 {
			cost += entryCost(e)
		}
		rows[j] = LogRow{Line: l, Entry: e, cost: cost}
	}
	return rows
}

// Approximate bytes of memory a row and an entry cost besides their text:
// the row's slot and string header, the entry's struct. They only need to
// be of the right size for the byte bound to mean something.
const (
	rowOverhead   = 40
	entryOverhead = 200
)

// entryCost is what an entry's own fields cost, charged to its first row.
func entryCost(e *LogEntry) int {
	return entryOverhead + len(e.Summary) + len(e.Text) + len(e.Payload) + len(e.Reason)
}

// LogRing keeps the newest rows of a log: at most max of them, and at
// most maxBytes of memory (approximately: see LogRow.cost), whichever
// bound is reached first. It belongs to the UI goroutine: no locks.
//
// A ring instead of a growing slice keeps memory flat however long the
// sample streams; the oldest rows simply fall off the top. Every row ever
// appended has a sequence number (seq), counted from 0 and never reused,
// so a filter or a selection can name a row that the ring has moved.
type LogRing struct {
	rows     []LogRow // a circle: grows (doubling) up to max, then is reused
	start    int      // index in rows of the oldest row
	n        int      // rows kept
	max      int
	maxBytes int
	bytes    int
	first    uint64 // seq of the oldest row kept (= rows dropped so far)
}

// NewLogRing makes a ring of at most limit rows (at least 1) and
// maxBytes bytes.
func NewLogRing(limit, maxBytes int) *LogRing {
	return &LogRing{max: max(1, limit), maxBytes: maxBytes}
}

// Limits are the ring's bounds: at most rows rows and about bytes bytes.
func (r *LogRing) Limits() (rows, bytes int) { return r.max, r.maxBytes }

// Bytes is about how much memory the rows kept take (see LogRow.cost).
func (r *LogRing) Bytes() int { return r.bytes }

// Len is the number of rows kept.
func (r *LogRing) Len() int { return r.n }

// At returns the i-th kept row, 0 being the oldest.
func (r *LogRing) At(i int) LogRow { return r.rows[(r.start+i)%len(r.rows)] }

// Line returns the i-th kept row's line.
func (r *LogRing) Line(i int) string { return r.At(i).Line }

// First is the seq of the oldest kept row; the newest is First()+Len()-1.
func (r *LogRing) First() uint64 { return r.first }

// Index is the position of the row numbered seq, or -1 if it is gone.
func (r *LogRing) Index(seq uint64) int {
	if seq < r.first || seq >= r.first+uint64(r.n) {
		return -1
	}
	return int(seq - r.first)
}

// Append adds rows at the end, then drops the oldest until both bounds
// hold again (always keeping the newest row). It returns how many rows
// were dropped.
func (r *LogRing) Append(rows ...LogRow) (dropped int) {
	// Only the last max rows of a huge batch can survive.
	if len(rows) > r.max {
		dropped = len(rows) - r.max
		r.first += uint64(dropped)
		rows = rows[dropped:]
	}
	for _, row := range rows {
		if r.n == r.max {
			r.dropOldest()
			dropped++
		}
		if r.n == len(r.rows) {
			r.grow()
		}
		r.rows[(r.start+r.n)%len(r.rows)] = row
		r.n++
		r.bytes += row.cost
	}
	for r.bytes > r.maxBytes && r.n > 1 {
		r.dropOldest()
		dropped++
	}
	return dropped
}

func (r *LogRing) dropOldest() {
	r.bytes -= r.rows[r.start].cost
	r.rows[r.start] = LogRow{} // let its strings and entry go
	r.start = (r.start + 1) % len(r.rows)
	r.n--
	r.first++
}

// grow doubles the circle (up to max), laying the rows out from 0 again.
func (r *LogRing) grow() {
	size := min(r.max, max(64, 2*len(r.rows)))
	rows := make([]LogRow, size)
	for i := range r.n {
		rows[i] = r.At(i)
	}
	r.rows, r.start = rows, 0
}

// Lines returns the kept rows' lines, oldest first.
func (r *LogRing) Lines() []string {
	out := make([]string, r.n)
	for i := range out {
		out[i] = r.Line(i)
	}
	return out
}

// Clear forgets every row. Sequence numbers go on from where they were.
func (r *LogRing) Clear() {
	r.first += uint64(r.n)
	r.rows, r.start, r.n, r.bytes = nil, 0, 0, 0
}
