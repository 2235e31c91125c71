package ui

import (
	"crypto/tls"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/internal/certinfo"
	"github.com/wssample/wssample/internal/present"
	"github.com/wssample/wssample/ui/kit"
	"github.com/wssample/wssample/ui/protoview"
	"github.com/wssample/wssample/wsclient"
)

// infoRow is one line of the Connection panel: a name and its value.
type infoRow struct{ Name, Value string }

// connInfoRows words what is known about an open connection, as the
// sample's StreamWebSocketInformation offers it: the two ends, the
// subprotocol, the handshake's answer and, for wss, the TLS session and the
// server's certificate. It is a pure function so a test can check every
// word without a connection.
func connInfoRows(info *wsclient.ConnInfo) []infoRow {
	if info == nil {
		return nil
	}
	orNone := func(s string) string {
		if s == "" {
			return "(none)"
		}
		return s
	}
	rows := []infoRow{
		{"Local address", orNone(info.LocalAddr)},
		{"Remote address", orNone(info.RemoteAddr)},
		{"Subprotocol", orNone(info.Subprotocol)},
		// Sec-WebSocket-Extensions as the server agreed it: permessage-
		// deflate with its parameters when compression is on.
		{"Extensions", orNoneAgreed(info.Extensions)},
		{"Handshake", orNone(info.StatusLine)},
	}
	if info.TLS == nil {
		return append(rows, infoRow{"Security", "none: ws:// is not encrypted"})
	}
	cs := info.TLS
	rows = append(rows,
		infoRow{"TLS version", tls.VersionName(cs.Version)},
		infoRow{"Cipher suite", tls.CipherSuiteName(cs.CipherSuite)},
	)
	if c := info.ServerCertificate(); c != nil {
		rows = append(rows,
			infoRow{"Certificate subject", certName(c.Subject.String(), c.DNSNames)},
			infoRow{"Issuer", orNone(c.Issuer.String())},
			infoRow{"Valid", c.NotBefore.UTC().Format(certTime) + " to " + c.NotAfter.UTC().Format(certTime)},
			infoRow{fingerprintRow, certinfo.Fingerprint(c)},
		)
	}
	// What custom validation let pass (ConnInfo.SetAside): the sample's
	// IgnorableServerCertificateErrors, made visible.
	setAside := "none"
	if len(info.SetAside) > 0 {
		setAside = strings.Join(info.SetAside, "; ")
	}
	return append(rows, infoRow{"Errors set aside", setAside})
}

// orNoneAgreed is an extension list, or that none was agreed.
func orNoneAgreed(s string) string {
	if s == "" {
		return "none agreed"
	}
	return s
}

// certTime is how the panel writes a certificate's validity, in UTC.
const certTime = "2006-01-02 15:04 UTC"

// certName is a certificate's subject, with the host names it covers.
func certName(subject string, dns []string) string {
	if subject == "" {
		subject = "(empty)"
	}
	if len(dns) > 0 {
		subject += " (for " + strings.Join(dns, ", ") + ")"
	}
	return subject
}

// rateMeter turns byte counters into rates over the last second. The
// counter poller feeds it a sample per tick, so it needs no goroutine or
// timer of its own; it keeps just over a second of samples.
type rateMeter struct {
	samples []rateSample
}

type rateSample struct {
	at         time.Time
	sent, recv int64
}

// rateWindow is the span a rate is measured over.
const rateWindow = time.Second

// add records the counters at t.
func (m *rateMeter) add(t time.Time, sent, recv int64) {
	m.samples = append(m.samples, rateSample{t, sent, recv})
	// Keep the newest sample at least rateWindow old as the base; drop
	// anything older than it.
	drop := 0
	for drop+1 < len(m.samples) && t.Sub(m.samples[drop+1].at) >= rateWindow {
		drop++
	}
	m.samples = append(m.samples[:0], m.samples[drop:]...)
}

// rates is bytes per second each way over the span the samples cover
// (up to rateWindow); 0 until there are two samples.
func (m *rateMeter) rates() (sent, recv float64) {
	if len(m.samples) < 2 {
		return 0, 0
	}
	first, last := m.samples[0], m.samples[len(m.samples)-1]
	dt := last.at.Sub(first.at).Seconds()
	if dt <= 0 {
		return 0, 0
	}
	return max(0, float64(last.sent-first.sent)/dt), max(0, float64(last.recv-first.recv)/dt)
}

// reset forgets every sample, for a new connection.
func (m *rateMeter) reset() { m.samples = m.samples[:0] }

// bandwidthText is the Connection panel's bandwidth line.
func bandwidthText(sent, recv float64) string {
	return "sending " + present.FormatRate(sent) + ", receiving " + present.FormatRate(recv)
}

// connPanel is the Connection section of a page: the latest connect
// attempt's timeline (protoview.TimelineView) and, while a connection is open,
// what is known about it (connInfoRows) and, on the stream page, its
// bandwidth. The section appears with the first attempt; a failed attempt
// keeps it, showing the step that failed; a close hides it again (the
// log keeps every attempt's timeline). Its title says how the latest
// attempt went, so the outcome shows with the section closed. UI
// goroutine only.
type connPanel struct {
	timeline  *protoview.TimelineView
	form      *fyne.Container
	bandwidth *widget.Label // nil on a page without rates
	content   *container.ThemeOverride
	item      *widget.AccordionItem
	section   *widget.Accordion
	// charts are the stream page's charts (ratecharts.go), nil elsewhere:
	// the first row, so they show as the section opens.
	charts fyne.CanvasObject

	attempt      int  // the latest attempt's number in the session (1, then the reconnects)
	reconnecting bool // the next attempt is a reconnect
}

// connSectionTitle is the section's name; its title adds the outcome.
const connSectionTitle = "Connection"

// newConnPanel builds the section for c and has it follow c's events;
// withRates adds the bandwidth row (showRates feeds it).
func newConnPanel(c *connPage, withRates bool) *connPanel {
	p := &connPanel{timeline: protoview.NewTimelineView(), form: container.New(layout.NewFormLayout())}
	if withRates {
		p.bandwidth = widget.NewLabel("")
	}
	// Dense rows, as in the log: a dozen facts fit without scrolling.
	p.content = container.NewThemeOverride(container.NewVBox(p.timeline.Content(), p.form), kit.Compact{})
	p.item = widget.NewAccordionItem(connSectionTitle, p.content)
	p.section = widget.NewAccordion(p.item)
	p.section.Hide()
	c.panel = p
	c.observe(p.react)
	return p
}

// react follows the connection: an attempt begins, opens, fails; the
// connection closes.
func (p *connPanel) react(e wsclient.Event) {
	switch e.Kind {
	case wsclient.EventReconnecting:
		p.reconnecting = true
	case wsclient.EventConnecting:
		if p.reconnecting {
			p.attempt++
		} else {
			p.attempt = 1
		}
		p.reconnecting = false
		p.timeline.Connecting(e.Time, e.URI, p.attempt)
		p.form.Objects = nil
		p.setTitle("connecting…")
		p.section.Show()
	case wsclient.EventConnected:
		p.timeline.Show(e.Timeline(), p.attempt)
		p.show(e.Info)
		p.setTitle(protoview.TimelineSummary(e.Timeline()))
	case wsclient.EventConnectFailed:
		p.timeline.Show(e.Timeline(), p.attempt)
		p.form.Objects = nil
		p.setTitle(protoview.TimelineSummary(e.Timeline()))
		if e.Timeline() == nil {
			p.setTitle("failed")
		}
	case wsclient.EventClosed, wsclient.EventReconnectCancelled:
		p.clear()
		p.section.Hide()
	default:
		return // the panel has nothing to say about it: no redraw
	}
	p.content.Refresh() // the override reaches new objects on a refresh
}

// setTitle shows the outcome in the section's title.
func (p *connPanel) setTitle(outcome string) {
	if t := connSectionTitle + ": " + outcome; p.item.Title != t {
		p.item.Title = t
		p.section.Refresh()
	}
}

// show fills the rows for an open connection.
func (p *connPanel) show(info *wsclient.ConnInfo) {
	objs := make([]fyne.CanvasObject, 0, 2*14)
	if p.charts != nil {
		objs = append(objs, streamFieldLabel("Last minute"), p.charts)
	}
	for _, r := range connInfoRows(info) {
		v := r.Value
		if r.Name == fingerprintRow {
			v = splitFingerprint(v)
		}
		objs = append(objs, streamFieldLabel(r.Name), infoValue(v))
	}
	if p.bandwidth != nil {
		p.bandwidth.SetText(bandwidthText(0, 0))
		objs = append(objs, streamFieldLabel("Bandwidth"), p.bandwidth)
	}
	p.form.Objects = objs
	p.form.Refresh()
}

// clear empties the rows when the connection closes.
func (p *connPanel) clear() {
	p.form.Objects = nil
	p.form.Refresh()
}

// value returns the value shown for name (a fingerprint joined into one
// line again), "" if there is no such row.
func (p *connPanel) value(name string) string {
	objs := p.form.Objects
	for i := 0; i+1 < len(objs); i += 2 {
		if objs[i].(*widget.Label).Text == name+":" {
			return strings.ReplaceAll(objs[i+1].(*widget.Label).Text, "\n", "")
		}
	}
	return ""
}

// fingerprintRow names the row whose value is split over two lines.
const fingerprintRow = "SHA-256 fingerprint"

// splitFingerprint puts the 32 pairs of a SHA-256 fingerprint on two lines
// of 16, as certificate viewers do; wrapped by the label it would break
// in the middle of a pair.
func splitFingerprint(fp string) string {
	const half = 16 * 3 // "AB:" × 16
	if len(fp) <= half {
		return fp
	}
	return fp[:half] + "\n" + fp[half:]
}

// showRates updates the bandwidth line (from the counter poller).
func (p *connPanel) showRates(sent, recv float64) {
	if p.bandwidth != nil {
		kit.SetLabel(p.bandwidth, bandwidthText(sent, recv))
	}
}

// infoValue is a selectable value, so a fingerprint or an address can be
// copied; long values (a fingerprint, a subject) wrap rather than widen the
// window.
func infoValue(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Selectable = true
	l.Wrapping = fyne.TextWrapWord
	return l
}

// counterNote says, next to the stream page's counters, which bytes they
// count: the messages' payload bytes as the application wrote and read
// them (wsclient.Stream.Sent and Received), so neither frame headers nor
// what permessage-deflate saved show in them. The Frames tab has the
// frames' sizes on the wire.
func counterNote() *widget.Label {
	l := widget.NewLabel("(payload bytes, before compression)")
	l.TextStyle = fyne.TextStyle{Italic: true}
	return l
}
