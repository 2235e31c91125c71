// Package deflate is the DEFLATE (RFC 1951) that permessage-deflate
// (RFC 7692) needs and Go's compress/flate does not give: a compressor
// whose back-references never reach further than a window of 2^8 to
// 2^15 bytes, and a scan of a compressed message that reports the
// farthest back-reference it uses.
//
// RFC 7692 lets each side of a WebSocket ask the other for a smaller
// LZ77 window (client_max_window_bits, server_max_window_bits, 8 to 15
// bits), so that it can inflate with less memory. compress/flate always
// compresses with a 32 KiB window (15 bits) and inflates whatever comes
// within it: it cannot honour a smaller window, nor tell whether a peer
// honoured one. Encoder honours any window: with 15 bits it uses
// compress/flate, which is fast and proven; below it, a small LZ77 of its
// own (one candidate per 3-byte hash, greedy matches no further back than
// the window) written as fixed-Huffman blocks. Scan decodes a message's
// blocks (stored, fixed and dynamic Huffman) without producing its bytes,
// to measure its back-references; Inflater inflates with compress/flate,
// keeping the window between messages when the context is taken over.
//
// Each compressed message ends as RFC 7692 §7.2.1 asks: with an empty
// stored block (a sync flush) whose last four bytes, 00 00 FF FF, are
// removed; the receiver appends them again (§7.2.2).
//
// The files (TestDocMap fails when one is missing here or one named here
// is gone):
//
//	internal/deflate/       DEFLATE for permessage-deflate
//	  encoder.go            Encoder: compress a message within a window
//	  huffman.go            the fixed Huffman code and the length and distance tables
//	  scan.go               Scan: a message's farthest back-reference and size
//	  inflater.go           Inflater: inflate messages, with or without context takeover
//	  doc.go                the package, and this map
package deflate
