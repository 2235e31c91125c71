package sampleserver

import "container/list"

// silentQueue holds the connections that have not sent a byte yet, in the
// order they were accepted: the first to close when the server needs room
// (connSet). A list, not a scan of every connection, because a flood of
// silent connections makes room on every accept: adding, removing and
// finding the oldest are each one step, whatever the number held.
//
// It is not safe for concurrent use: connSet guards it with its lock.
type silentQueue struct {
	l list.List // of *trackedConn, oldest at the front
}

// add puts c at the back of the queue: the newest silent connection.
func (q *silentQueue) add(c *trackedConn) {
	c.inQueue = q.l.PushBack(c)
}

// remove takes c out of the queue, if it is there.
func (q *silentQueue) remove(c *trackedConn) {
	if c.inQueue != nil {
		q.l.Remove(c.inQueue)
		c.inQueue = nil
	}
}

// oldest takes the connection silent the longest out of the queue and
// returns it, or nil when no connection is silent. A connection whose
// first bytes have arrived but not been read yet (hasUnread) is not silent:
// it leaves the queue on the way and is passed over.
func (q *silentQueue) oldest() *trackedConn {
	for e := q.l.Front(); e != nil; e = q.l.Front() {
		c := e.Value.(*trackedConn)
		q.remove(c)
		if !hasUnread(c.Conn) {
			return c
		}
		c.spoke.Store(true) // its first Read need not tell the set again
	}
	return nil
}
