package conformance

import (
	"fmt"
	"time"
)

// deflateCases: Autobahn's categories 12 and 13, permessage-deflate (RFC
// 7692). Each case offers the extension in its handshake, then sends
// 1000 compressed messages of one size, each after the echo of the one
// before, and inflates and compares each echo. 12.x tries five kinds of
// data (12.1 … 12.5) with the plain offer; 13.x tries seven offers of the
// extension's parameters (13.1 … 13.7) with the JSON data. Each group
// has Autobahn's 18 sizes: 16 bytes to 128 KiB in one frame, and 8 KiB
// to 128 KiB cut into frames of 256 bytes to 32 KiB of compressed
// payload.
//
// A server that declines the extension earns UNIMPLEMENTED (RFC 7692
// makes it optional); one whose answer breaks §7.1 FAILED; one that
// refers back further than the window it agreed to (server_max_window_bits)
// or into an earlier message after agreeing to server_no_context_takeover
// FAILED. A case that passes says which parameters it exercised.
func deflateCases(category int) []Case {
	type size struct {
		n, frag int
		wait    time.Duration
	}
	s := func(n, wait, frag int) size { return size{n, frag, time.Duration(wait) * time.Second} }
	sizes := []size{s(16, 60, 0), s(64, 60, 0), s(256, 120, 0), s(1024, 240, 0), s(4096, 480, 0), s(8192, 480, 0),
		s(16384, 480, 0), s(32768, 480, 0), s(65536, 480, 0), s(131072, 480, 0),
		s(8192, 480, 256), s(16384, 480, 256), s(32768, 480, 256), s(65536, 480, 256), s(131072, 480, 256),
		s(131072, 480, 1024), s(131072, 480, 4096), s(131072, 480, 32768)}

	type group struct {
		data   dataSet
		offers []pmdOffer
	}
	var groups []group
	if category == 12 {
		for _, d := range dataSets {
			groups = append(groups, group{d, []pmdOffer{{}}})
		}
	} else {
		for _, offers := range [][]pmdOffer{
			{{}},
			{{serverNoContext: true}},
			{{serverBits: 9}},
			{{serverBits: 15}},
			{{serverNoContext: true, serverBits: 9}},
			{{serverNoContext: true, serverBits: 15}},
			{{serverNoContext: true, serverBits: 9}, {serverNoContext: true}, {}},
		} {
			groups = append(groups, group{dataSets[0], offers})
		}
	}
	var cases []Case
	for g, gr := range groups {
		kind := "text"
		if gr.data.binary {
			kind = "binary"
		}
		offerWords := fmt.Sprintf("the offer %q", gr.offers[0].String())
		if len(gr.offers) > 1 {
			offerWords = fmt.Sprintf("%d offers, %q first", len(gr.offers), gr.offers[0].String())
		}
		for i, sz := range sizes {
			title := fmt.Sprintf("1000 compressed %s messages of %s of %s", kind, sizeWords(sz.n), gr.data.what)
			if sz.frag > 0 {
				title += fmt.Sprintf(", in frames of %s", sizeWords(sz.frag))
			}
			expect := fmt.Sprintf("With %s agreed: each message back unchanged, all within %v, then a clean close with 1000; "+
				"a server without permessage-deflate is UNIMPLEMENTED", offerWords, sz.wait)
			seq := sequence{count: 1000, binary: gr.data.binary, payload: lazySlicer(gr.data, sz.n), fragment: sz.frag}
			cases = append(cases, abCase(fmt.Sprintf("%d.%d", g+1, i+1), title, "§9.1; RFC 7692 §6, §7", expect,
				abSpec{seq: &seq, offers: gr.offers, end: closeAfter, after: sz.wait,
					closedByMe: true, codes: []int{codeNormal}, requireClean: true}))
		}
	}
	return cases
}

// lazySlicer is slicer on the data set, which is made when the first
// message is.
func lazySlicer(d dataSet, n int) func(int) []byte {
	return func(i int) []byte { return slicer(d.bytes(), n)(i) }
}
