// Package diagram is the Diagram tab: the current connection as a
// sequence (ladder) diagram, drawn as it happens, as the RFC and talks
// draw WebSocket. The model (the rows, folding, bounds) and the SVG and
// Mermaid exports are Fyne-free, in internal/present (ladder*.go); this
// package draws the rows with Fyne's canvas, opens a row a click lands on,
// and exports the picture as PNG.
package diagram
