package deflate

import (
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
)

// Inflater inflates the messages of one direction of a WebSocket for
// permessage-deflate with compress/flate. With context takeover the last
// 32 KiB of what it inflated are the window of the next message (RFC 7692
// §7.2.2). It is not safe for concurrent use.
type Inflater struct {
	takeover bool
	history  []byte
	fr       io.ReadCloser
	in       bytes.Reader // the message and syncTail, read byte by byte
	tailed   []byte       // the message with syncTail appended
	lastSize int          // the size of the last message inflated
}

// NewInflater returns an Inflater; contextTakeover says whether the
// sender keeps its window from one message to the next.
func NewInflater(contextTakeover bool) *Inflater {
	return &Inflater{takeover: contextTakeover}
}

// syncTail is what RFC 7692 §7.2.2 appends to a message before inflating:
// the LEN and NLEN of the empty stored block the sender's sync flush ends
// with.
var syncTail = []byte{0, 0, 0xFF, 0xFF}

// Inflate returns message msg inflated, at most maxSize bytes. A stream
// that is not valid DEFLATE, that refers back before the window, or that
// inflates to more than maxSize, is an error.
func (d *Inflater) Inflate(msg []byte, maxSize int) ([]byte, error) {
	// One bytes.Reader over the message and its tail: compress/flate reads
	// it byte by byte directly, where any other reader (io.MultiReader,
	// say) gets a bufio.Reader of its own wrapped around it.
	d.tailed = append(append(d.tailed[:0], msg...), syncTail...)
	d.in.Reset(d.tailed)
	var dict []byte
	if d.takeover {
		dict = d.history
	}
	if d.fr == nil {
		d.fr = flate.NewReaderDict(&d.in, dict)
	} else if err := d.fr.(flate.Resetter).Reset(&d.in, dict); err != nil {
		return nil, err
	}
	// Room for a message like the last one, so that a run of like messages
	// inflates without growing its buffer step by step.
	out := bytes.NewBuffer(make([]byte, 0, min(d.lastSize, maxSize)+bytes.MinRead))
	_, err := out.ReadFrom(io.LimitReader(d.fr, int64(maxSize)+1))
	// A message ends with a sync flush, not a final block: compress/flate
	// then reads on for the next block header and finds the input's end.
	if errors.Is(err, io.ErrUnexpectedEOF) {
		err = nil
	}
	switch {
	case err != nil:
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	case out.Len() > maxSize:
		return nil, fmt.Errorf("%w: it inflates to more than %d bytes", ErrCorrupt, maxSize)
	}
	d.lastSize = out.Len()
	if d.takeover {
		d.history = append(d.history, out.Bytes()...)
		if len(d.history) > MaxDistance {
			d.history = append(d.history[:0], d.history[len(d.history)-MaxDistance:]...)
		}
	}
	return out.Bytes(), nil
}
