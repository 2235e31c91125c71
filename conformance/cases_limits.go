package conformance

import (
	"fmt"
	"sync"
	"time"
)

// limitCases: category 9, larger and more messages. RFC 6455 sets no
// limit on a message's size; §10.4 lets a server choose one and refuse
// beyond it with 1009 (message too big). So the 1 MiB messages must come
// back, and the 16 MiB one reports the server's choice.
func limitCases() []Case {
	mib := textOf(1 << 20)
	bin := binaryOf(1 << 20)
	var fragments []frame
	for i := 0; i < 16; i++ {
		op := opContinuation
		if i == 0 {
			op = opBinary
		}
		fragments = append(fragments, frame{Fin: i == 15, Opcode: op, Payload: bin[i<<16 : (i+1)<<16]})
	}
	var many []frame
	var manyBack []message
	for i := range 100 {
		p := fmt.Appendf(nil, "message %03d: %s", i+1, textOf(1000))
		many = append(many, frame{Fin: true, Opcode: opText, Payload: p})
		manyBack = append(manyBack, textMsg(p))
	}
	cases := []Case{
		echoCase("1", "Text message of 1 MiB", "§5.2, §10.4", []frame{{Fin: true, Opcode: opText, Payload: mib}}, []message{textMsg(mib)}),
		echoCase("2", "Binary message of 1 MiB in 16 fragments of 64 KiB", "§5.4, §10.4", fragments, []message{binaryMsg(bin)}),
		echoCase("3", "100 text messages of about 1 KiB, sent back to back", "§5.6", many, manyBack),
		{ID: "4", Title: "Binary message of 16 MiB", Section: "§10.4, §7.4.1", run: bigMessage,
			Expect: "Either: the message back unchanged, or a close with 1009 (message too big); the server chooses its limit"},
	}
	for i := range cases {
		cases[i].minTimeout = 10 * time.Second
	}
	cases[3].minTimeout = 20 * time.Second
	return cases
}

// bigSize is the size of the largest message the checker sends.
const bigSize = 16 << 20

// bigMessage sends one 16 MiB binary frame, streamed in 64 KiB writes
// while the echo is read and compared as it comes (so neither side holds
// the whole message, and a server that echoes while it reads cannot
// deadlock against a checker that only writes).
func bigMessage(t *trial) {
	c := t.open()
	if c == nil {
		return
	}
	size := uint64(bigSize)
	head := frame{Fin: true, Opcode: opBinary, Announce: &size}
	t.sent(head.describe() + ", its payload streamed in 64 KiB writes")
	key := head.key()
	if c.write(head.header()) != nil {
		t.info("the server closed the connection before the message could be sent")
		return
	}
	var wg sync.WaitGroup
	var writeErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		m := masker{key: key}
		const chunk = 64 << 10
		for off := 0; off < bigSize; off += chunk {
			p := binaryAt(off, chunk)
			m.apply(p)
			c.nc.SetWriteDeadline(t.deadline)
			if _, err := c.nc.Write(p); err != nil {
				writeErr = err
				return
			}
		}
	}()
	if judgeBigEcho(t, c, time.Now()) {
		wg.Wait() // the whole message went out: it all came back
		c.closePolitely()
	}
	t.closeAll() // unblocks the writer if the server stopped reading
	wg.Wait()
	if writeErr != nil {
		t.event("sending stopped: %s", endWords(writeErr))
	}
}

// judgeBigEcho reads the answer to the 16 MiB message and reports
// whether the whole message came back, and nothing more: the echo ends
// with the frame that has FIN set (§5.4), which may come after the 16 MiB
// (an empty continuation frame), but may add no byte to them.
func judgeBigEcho(t *trial, c *wsConn, start time.Time) bool {
	got, started, fin := 0, false, false
	for !fin {
		f, err := c.next()
		// One binary message (§5.4): a binary frame first, however
		// short, then continuation frames.
		next := opBinary
		if started {
			next = opContinuation
		}
		switch {
		case err != nil && isTimeout(err):
			t.fail("after %s of echo, nothing more came within %v: neither the message back nor a close with 1009", byteCount(uint64(got)), t.timeout)
			return false
		case err != nil:
			t.info("the server dropped the connection (%s) without a close frame after echoing %s: it probably refuses 16 MiB messages; a close with 1009 (message too big) would say so",
				endWords(err), byteCount(uint64(got)))
			return false
		case f.problem() != "":
			t.fail("the server sent a frame that breaks RFC 6455: %s", f.problem())
			return false
		case f.Opcode == opClose:
			code, reason, _ := parseClose(f.Payload)
			if code == codeTooBig {
				t.info("the server refuses a 16 MiB message: it closed with %s", closeWords(code, reason))
			} else {
				t.info("the server refuses a 16 MiB message: it closed with %s, where 1009 (message too big) says why", closeWords(code, reason))
			}
			return false
		case f.Opcode.IsControl():
			continue
		case f.Opcode != next:
			t.fail("the echo is not one binary message: a %s came at byte %d", f.describe(), got)
			return false
		}
		started = true
		want := binaryAt(got, len(f.Payload))
		for i := range f.Payload {
			if got+i >= bigSize || f.Payload[i] != want[i] {
				t.fail("the 16 MiB message came back changed (or longer) from byte %d on", got+i)
				return false
			}
		}
		got += len(f.Payload)
		fin = f.Fin
		if fin && got < bigSize {
			t.fail("the 16 MiB message came back with only %s", byteCount(uint64(got)))
			return false
		}
	}
	t.info("the server accepts a 16 MiB message: it came back unchanged in %v", Round(time.Since(start)))
	return true
}

// binaryAt returns n bytes of binaryOf's pattern, starting at offset off.
func binaryAt(off, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte((off + i) * 7)
	}
	return b
}
