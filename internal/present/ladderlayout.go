package present

// LadderLayout places a ladder's parts: the time column on the left, the
// two lifelines, a row per arrow. The Diagram tab and the SVG export share
// it, so the picture on screen and the exported one agree.
type LadderLayout struct {
	// Width and Height are the whole picture's.
	Width, Height float32
	// TimeX is the time column's right edge; AppX and ServerX are the
	// lifelines.
	TimeX, AppX, ServerX float32
	// Top is where the first row's arrow is; Row the height of a row.
	Top, Row float32
	// BoxW and BoxH are a lifeline's name box, centred on it at the top.
	BoxW, BoxH float32
}

// NewLadderLayout lays out rows rows in a picture width wide, each row
// high: the time column takes a tenth of the width (at least 80), the
// lifelines stand a box's half-width inside the rest, so the labels
// between them get the most room.
func NewLadderLayout(width, row float32, rows int) LadderLayout {
	l := LadderLayout{Width: width, Row: row, BoxH: row * 1.2}
	l.TimeX = max(80, width/10)
	l.BoxW = min(220, (width-l.TimeX)/4)
	l.AppX = l.TimeX + 16 + l.BoxW/2
	l.ServerX = width - 12 - l.BoxW/2
	l.Top = 8 + l.BoxH + row
	l.Height = l.Top + float32(rows)*row + row/2
	return l
}

// RowY is the height of row i's arrow.
func (l LadderLayout) RowY(i int) float32 { return l.Top + float32(i)*l.Row }

// RowAt is the row at height y, or -1 when y is above the first row or
// below the last of rows.
func (l LadderLayout) RowAt(y float32, rows int) int {
	i := int((y - l.Top + l.Row/2) / l.Row)
	if y < l.Top-l.Row/2 || i < 0 || i >= rows {
		return -1
	}
	return i
}

// Ends are where the arrow of a goes from and to: from the app's lifeline
// to the server's when it was sent, the other way when received.
func (l LadderLayout) Ends(a LadderArrow) (from, to float32) {
	if a.Sent || a.Both {
		return l.AppX, l.ServerX
	}
	return l.ServerX, l.AppX
}

// LadderGroup is the rows of one fragmented message (RFC 6455 §5.4), for
// a bracket beside them: on the app's side for a message it sent, on the
// server's for one it received. Another message's rows may come between.
type LadderGroup struct {
	First, Last int
	Sent        bool
}

// Groups are the ladder's fragmented messages, in the order they began.
func (d Ladder) Groups() []LadderGroup {
	var out []LadderGroup
	at := map[int]int{} // group → index in out
	for i, a := range d.Arrows {
		if a.Group == 0 {
			continue
		}
		if j, ok := at[a.Group]; ok {
			out[j].Last = i
			continue
		}
		at[a.Group] = len(out)
		out = append(out, LadderGroup{First: i, Last: i, Sent: a.Sent})
	}
	return out
}
