package present

import (
	"fmt"
	"strings"
)

// A ladder's exports: SVG for slides and bug reports (the PNG is the
// Diagram tab's own drawing, ui/diagram), and Mermaid's sequenceDiagram
// text, which GitHub draws wherever Markdown is read (READMEs, issues, pull
// requests), so a flow can be pasted where people discuss it.

// LadderSVGWidth is the exported SVG's width, in pixels; its height follows
// from the rows.
const LadderSVGWidth = 960

// The SVG's look: light, as a slide or a bug report wants it.
const (
	svgRow       = 30
	svgInk       = "#202124"
	svgFaint     = "#80868b"
	svgRed       = "#c5221f"
	svgNote      = "#fef7e0"
	svgNoteRed   = "#fce8e6"
	svgGroupInk  = "#1a73e8"
	svgFontSize  = 14
	svgSmallSize = 12
)

// SVG is the ladder as a standalone SVG picture.
func (d Ladder) SVG() string {
	l := NewLadderLayout(LadderSVGWidth, svgRow, len(d.Arrows))
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%g" height="%g" viewBox="0 0 %g %g" font-family="sans-serif" font-size="%d">`+"\n",
		l.Width, l.Height, l.Width, l.Height, svgFontSize)
	b.WriteString(`<defs>` +
		`<marker id="head" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="` + svgInk + `"/></marker>` +
		`<marker id="headRed" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="` + svgRed + `"/></marker>` +
		"</defs>\n")
	fmt.Fprintf(&b, `<rect width="%g" height="%g" fill="white"/>`+"\n", l.Width, l.Height)
	svgLifelines(&b, d, l)
	for _, g := range d.Groups() {
		x := l.AppX - 14
		if !g.Sent {
			x = l.ServerX + 14
		}
		fmt.Fprintf(&b, `<path d="M%g,%g h4 V%g h-4" fill="none" stroke="%s" stroke-width="2" transform="translate(%g,0) scale(%d,1) translate(%g,0)"/>`+"\n",
			x, l.RowY(g.First)-8, l.RowY(g.Last)+8, svgGroupInk, x, svgSign(g.Sent), -x)
	}
	for i, a := range d.Arrows {
		svgRowOf(&b, a, l, l.RowY(i))
	}
	b.WriteString("</svg>\n")
	return b.String()
}

// svgSign turns a group's bracket to face its lifeline.
func svgSign(sent bool) int {
	if sent {
		return 1
	}
	return -1
}

// svgLifelines draws the two names and their lifelines, ended under the
// last row when the connection is over, the server's cut when it was lost.
func svgLifelines(b *strings.Builder, d Ladder, l LadderLayout) {
	end := l.Height - 4
	if d.Ended && len(d.Arrows) > 0 {
		end = l.RowY(len(d.Arrows)-1) + l.Row/2
	}
	for _, p := range []struct {
		x    float32
		name string
	}{{l.AppX, LadderClient}, {l.ServerX, d.Server}} {
		fmt.Fprintf(b, `<rect x="%g" y="8" width="%g" height="%g" rx="4" fill="#e8f0fe" stroke="%s"/>`+"\n", p.x-l.BoxW/2, l.BoxW, l.BoxH, svgInk)
		fmt.Fprintf(b, `<text x="%g" y="%g" text-anchor="middle" font-weight="bold" fill="%s">%s</text>`+"\n", p.x, 8+l.BoxH/2+5, svgInk, xmlText(p.name))
		stroke, to := svgFaint, end
		cut := p.x == l.ServerX && d.Cut
		if cut { // the server's line stops at the cut, with no end
			to = l.RowY(len(d.Arrows) - 1)
		}
		fmt.Fprintf(b, `<line x1="%g" y1="%g" x2="%g" y2="%g" stroke="%s" stroke-dasharray="6 4"/>`+"\n", p.x, 8+l.BoxH, p.x, to, stroke)
		if d.Ended && !cut {
			fmt.Fprintf(b, `<line x1="%g" y1="%g" x2="%g" y2="%g" stroke="%s" stroke-width="2"/>`+"\n", p.x-10, to, p.x+10, to, stroke)
		}
	}
	fmt.Fprintf(b, `<text x="%g" y="%g" text-anchor="end" font-size="%d" fill="%s">since Start</text>`+"\n", l.TimeX, 8+l.BoxH/2+5, svgSmallSize, svgFaint)
}

// svgRowOf draws one row at height y.
func svgRowOf(b *strings.Builder, a LadderArrow, l LadderLayout, y float32) {
	ink, head := svgInk, "head"
	if a.Failed {
		ink, head = svgRed, "headRed"
	}
	fmt.Fprintf(b, `<text x="%g" y="%g" text-anchor="end" font-size="%d" fill="%s">%s</text>`+"\n", l.TimeX, y+4, svgSmallSize, svgFaint, a.Stamp())
	text := xmlText(a.Text())
	switch a.Kind {
	case LadderCut:
		// The server's line cut: a zigzag across it, the words beside.
		fmt.Fprintf(b, `<path d="M%g,%g l8,-6 l8,12 l8,-12 l8,12 l8,-6" fill="none" stroke="%s" stroke-width="2"/>`+"\n", l.ServerX-20, y, svgRed)
		fmt.Fprintf(b, `<text x="%g" y="%g" text-anchor="end" font-weight="bold" fill="%s"%s>✂ %s</text>`+"\n", l.ServerX-28, y+5, ink, svgFit(a.Text(), l.ServerX-l.AppX-40), text)
	case LadderNote:
		fill := svgNote
		if a.Failed {
			fill = svgNoteRed
		}
		x0, x1 := l.AppX-l.BoxW/2, l.ServerX+l.BoxW/2
		fmt.Fprintf(b, `<rect x="%g" y="%g" width="%g" height="%g" rx="3" fill="%s" stroke="%s"/>`+"\n", x0, y-l.Row/2+3, x1-x0, l.Row-6, fill, ink)
		fmt.Fprintf(b, `<text x="%g" y="%g" text-anchor="middle" fill="%s"%s>%s</text>`+"\n", (x0+x1)/2, y+5, ink, svgFit(a.Text(), x1-x0-16), text)
	default:
		from, to := l.Ends(a)
		start := ""
		if a.Both {
			start = ` marker-start="url(#` + head + `)"`
		}
		end := ` marker-end="url(#` + head + `)"`
		if a.Failed && a.Kind == LadderStep && a.Sent {
			// It never arrived: the arrow stops short, crossed out.
			to = from + (to-from)*0.8
			end = ""
			fmt.Fprintf(b, `<text x="%g" y="%g" text-anchor="middle" font-weight="bold" fill="%s">×</text>`+"\n", to+8, y+5, ink)
		}
		fmt.Fprintf(b, `<line x1="%g" y1="%g" x2="%g" y2="%g" stroke="%s" stroke-width="1.5"%s%s/>`+"\n", from, y+6, to, y+6, ink, start, end)
		fmt.Fprintf(b, `<text x="%g" y="%g" text-anchor="middle" fill="%s"%s>%s</text>`+"\n", (l.AppX+l.ServerX)/2, y+1, ink, svgFit(a.Text(), l.ServerX-l.AppX-16), text)
	}
}

// svgFit squeezes a text that would be wider than room into it (the
// width is estimated: an SVG is drawn by a viewer whose font is not
// known here), and adds nothing to one that fits.
func svgFit(s string, room float32) string {
	if float32(len([]rune(s)))*svgFontSize*0.55 <= room {
		return ""
	}
	return fmt.Sprintf(` textLength="%g" lengthAdjust="spacingAndGlyphs"`, room)
}

// xmlText escapes s for XML text and attributes.
func xmlText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

// Mermaid is the ladder as Mermaid's sequenceDiagram text, for a README or
// an issue: the app is participant A, the server S; each row an arrow or a
// note with its time first; a failed step's arrow ends in a cross (-x);
// the fragments of a message are a shaded rect.
func (d Ladder) Mermaid() string {
	var b strings.Builder
	b.WriteString("sequenceDiagram\n")
	fmt.Fprintf(&b, "    participant A as %s\n", mermaidText(LadderClient))
	fmt.Fprintf(&b, "    participant S as %s\n", mermaidText(d.Server))
	// Mermaid's rects nest, and a sent and a received fragmented message
	// may interleave: overlapping groups share one rect.
	open, shut := map[int]bool{}, map[int]bool{}
	last := -1
	for _, g := range d.Groups() { // in the order they began
		if g.First > last {
			open[g.First] = true
		} else {
			delete(shut, last)
		}
		last = max(last, g.Last)
		shut[last] = true
	}
	indent := "    "
	for i, a := range d.Arrows {
		if open[i] {
			b.WriteString("    rect rgb(232, 240, 254)\n")
			indent = "        "
		}
		text := mermaidText("[" + a.Stamp() + "] " + a.Text())
		switch {
		case a.Kind == LadderCut:
			fmt.Fprintf(&b, "%sNote over S: ✂ %s\n", indent, text)
		case a.Kind == LadderNote && a.Failed:
			fmt.Fprintf(&b, "%sNote over A,S: × %s\n", indent, text)
		case a.Kind == LadderNote:
			fmt.Fprintf(&b, "%sNote over A,S: %s\n", indent, text)
		default:
			from, to, arrow := "A", "S", "->>"
			if !a.Sent && !a.Both {
				from, to = "S", "A"
			}
			if a.Failed {
				arrow = "-x"
			}
			fmt.Fprintf(&b, "%s%s%s%s: %s\n", indent, from, arrow, to, text)
		}
		if shut[i] {
			b.WriteString("    end\n")
			indent = "    "
		}
	}
	return b.String()
}

// mermaidText writes s so Mermaid reads it as words: a semicolon would
// end the statement and a # start an entity, < and > are markup, so each
// becomes its entity code (#59; …), and a line break a space.
func mermaidText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case ';', '#', '<', '>':
			fmt.Fprintf(&b, "#%d;", r)
		case '\n', '\r':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
