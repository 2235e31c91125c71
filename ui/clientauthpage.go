package ui

import (
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"net/url"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/internal/certinfo"
	"github.com/wssample/wssample/ui/kit"
	"github.com/wssample/wssample/wsclient"
)

// clientAuthAddressKey is the preference that remembers this page's address.
const clientAuthAddressKey = "clientauth.address"

// The client certificate choices besides the built-in one, whose label
// names the certificate (builtInChoice).
const (
	pemChoice  = "From PEM files…"
	noneChoice = "None"
)

// clientAuthPage is scenario 3, "Client authentication": a message
// WebSocket that presents a client certificate during the TLS handshake.
// The built-in server's /clientauth listener requires one issued by its
// test CA: with the built-in certificate the connection opens, with "None"
// or a certificate from another issuer the server refuses it, and the log
// says so in plain words.
//
// The sample only connects and disconnects here; this page also has the
// message pages' composer (composer.go) and Ping, so the authenticated
// connection can be used. The server's greeting is logged as it arrives.
type clientAuthPage struct {
	*socketPage
	*composer

	choice    *widget.RadioGroup // which certificate to present
	current   string             // the choice in effect (a failed PEM load goes back to it)
	builtIn   string             // the built-in choice's label
	pem       *tls.Certificate   // loaded from PEM files, nil until then
	pemFile   string             // the certificate file pem came from
	pemInfo   *widget.Label      // what was loaded, or what "None" means
	chooseBtn *widget.Button     // "Choose files…": other PEM files
	infoRow   *fyne.Container    // pemInfo and chooseBtn, hidden when there is nothing to say
	// chooseFile asks for a file (filedialog.go; tests answer in its place).
	chooseFile func(req fileRequest, then func(path string))
	content    fyne.CanvasObject
}

// clientAuthConnected is what the log says once connected: the sample's
// words for this scenario.
const clientAuthConnected = "Connected to WebSocket Server."

// newClientAuthPage builds the page (scenarios.go).
func newClientAuthPage(env pageEnv) page {
	sock := wsclient.NewMessageSocket(wsclient.MessageOptions{})
	p := &clientAuthPage{socketPage: newSocketPage(env, messageSocket{sock}, clientAuthAddressKey, env.builtIn.ClientAuthURL)}
	p.composer = newComposer(p.socketPage, sock, env.prefKey("saved"))
	newPingControls(p.connPage, sock.Ping)
	p.chooseFile = func(req fileRequest, then func(string)) { chooseFile(env.window, req, then) }
	p.connectedLine = clientAuthConnected

	p.builtIn = "Built-in (none: the built-in server did not start)"
	if c := env.builtIn.ClientCert; c != nil {
		p.builtIn = "Built-in (" + certSummary(c, "signed by") + ")"
	}
	p.choice = widget.NewRadioGroup([]string{p.builtIn, pemChoice, noneChoice}, p.onChoice)
	p.choice.Required = true // tapping the selected option must not leave none selected
	p.current = p.builtIn
	p.choice.SetSelected(p.current)
	p.pemInfo = widget.NewLabel("")
	p.pemInfo.Wrapping = fyne.TextWrapWord
	p.chooseBtn = widget.NewButtonWithIcon("Choose files…", theme.FolderOpenIcon(), func() { p.choosePEM(false) })

	p.prepare = p.options
	p.refresh = p.updateOwn

	header := kit.PageHeader(env.title,
		"This scenario shows how to use a message WebSocket with a client certificate to connect to a server. "+
			"The built-in server's /clientauth endpoint requires a secure WebSocket (wss://) connection and a "+
			"client certificate issued by its test authority. Choose None, or PEM files of another issuer, "+
			"to see it refuse.")
	p.infoRow = container.NewBorder(nil, nil, nil, p.chooseBtn, p.pemInfo)
	certRow := container.NewBorder(nil, nil, container.NewVBox(widget.NewLabel("Client certificate:")), nil,
		container.NewVBox(p.choice, p.infoRow))
	// The sample sends nothing on this page: the composer waits, folded,
	// for whoever wants to use the authenticated connection.
	messages := widget.NewAccordion(widget.NewAccordionItem("Send messages", p.composer.content))
	p.keepInView = messages // opened, it scrolls into view
	p.content = p.layout(header, p.addressRow(), certRow, p.buttons(), messages)
	p.showChoice()
	p.updateState()
	return p
}

func (p *clientAuthPage) Content() fyne.CanvasObject { return p.content }

// options are the connection's options: the chosen client certificate,
// and trust in the built-in server's CA.
//
// The Windows sample tells its socket to ignore the "Untrusted" and
// "InvalidName" errors of the server certificate here, because its IIS
// certificate is self-signed. The built-in server's certificate is signed
// by a CA made at start-up, which this machine does not trust. Adding that
// one CA to the system's roots is the honest equivalent: the built-in
// server is verified for real (name, expiry, chain), every other server is
// checked exactly as before, and no certificate error is ignored.
func (p *clientAuthPage) options(u *url.URL) wsclient.Options {
	if u.Scheme != "wss" {
		p.logNow(wsclient.NoteValidationWSOnly)
	}
	var opts wsclient.Options
	if ca := p.env.builtIn.CA; ca != nil {
		roots, err := x509.SystemCertPool()
		if err != nil { // no system roots here: the built-in CA alone
			roots = x509.NewCertPool()
		}
		roots.AddCert(ca)
		opts.TLSConfig = &tls.Config{RootCAs: roots}
	}
	cert := p.certificate()
	if cert == nil {
		p.logNow("Client certificate: none")
		return opts
	}
	p.logNow("Client certificate: " + certSummary(cert, "issued by"))
	// wsclient presents it whoever issued it, as Windows does, so a
	// refusal comes from the server, not from Go's TLS client silently
	// sending none.
	opts.ClientCertificate = cert
	return opts
}

// certificate is the client certificate the choice stands for, or nil.
func (p *clientAuthPage) certificate() *tls.Certificate {
	switch p.current {
	case pemChoice:
		return p.pem
	case noneChoice:
		return nil
	}
	return p.env.builtIn.ClientCert
}

// onChoice follows the radio buttons. "From PEM files…" asks for the
// files the first time; when they cannot be used the choice goes back.
func (p *clientAuthPage) onChoice(s string) {
	if s == p.current {
		return
	}
	if s == pemChoice && p.pem == nil {
		p.choosePEM(true)
		return
	}
	p.current = s
	p.showChoice()
}

// choosePEM asks for a certificate file and, unless that file holds the
// key too, for its key file, and loads them. Cancelled or unusable files
// change nothing: revert puts the radio back on the choice in effect.
func (p *clientAuthPage) choosePEM(revert bool) {
	giveUp := func(msg string) {
		if msg != "" {
			p.env.notify(msg, errorMessage)
		}
		if revert {
			p.choice.SetSelected(p.current) // current is unchanged: no onChoice effect
		}
	}
	use := func(certPath, keyPath string) {
		cert, err := wsclient.LoadClientCertificate(certPath, keyPath)
		if err != nil { // a *wsclient.CertError, in words that name the file
			giveUp(err.Error())
			return
		}
		p.pem, p.pemFile, p.current = cert, filepath.Base(certPath), pemChoice
		p.env.notify("", statusMessage) // an earlier load error no longer applies
		p.choice.SetSelected(pemChoice)
		p.showChoice()
	}
	p.chooseFile(fileRequest{title: "Client certificate (PEM)", exts: pemExtensions, size: pemDialogSize}, func(certPath string) {
		if certPath == "" {
			giveUp("")
			return
		}
		hasKey, err := wsclient.CertificateFileHasKey(certPath)
		if err != nil {
			giveUp(err.Error())
			return
		}
		if hasKey { // certificate and key in one file
			use(certPath, certPath)
			return
		}
		keyReq := fileRequest{title: "Private key of " + filepath.Base(certPath) + " (PEM)", exts: pemExtensions,
			startIn: filepath.Dir(certPath), size: pemDialogSize}
		p.chooseFile(keyReq, func(keyPath string) {
			if keyPath == "" {
				giveUp("")
				return
			}
			use(certPath, keyPath)
		})
	})
}

// The PEM dialogs offer the usual endings of certificate and key files, in
// a dialog larger than Fyne's default, which is cramped for long names.
var (
	pemExtensions = []string{".pem", ".crt", ".cer", ".key"}
	pemDialogSize = fyne.NewSize(760, 520)
)

// showChoice explains the choice in effect under the radio buttons.
func (p *clientAuthPage) showChoice() {
	switch p.current {
	case pemChoice:
		p.pemInfo.SetText(p.pemFile + ": " + certSummary(p.pem, "issued by"))
		p.chooseBtn.Show()
		p.infoRow.Show()
	case noneChoice:
		p.pemInfo.SetText("No certificate is presented; a server that requires one refuses the connection.")
		p.chooseBtn.Hide()
		p.infoRow.Show()
	default: // the built-in certificate: its label says it all
		p.infoRow.Hide()
	}
}

// updateOwn sets the page's controls for the sample's visual states: the
// certificate choice is fixed while connected or busy, as it belongs to
// the connection.
func (p *clientAuthPage) updateOwn() {
	free := p.state.idle()
	kit.SetEnabled(p.choice, free)
	kit.SetEnabled(p.chooseBtn, free)
	p.composer.update(p.state)
}

// certSummary names a certificate by its subject and issuer, e.g.
// "WebSocketSample, signed by WebSocket Sample Test CA".
func certSummary(c *tls.Certificate, verb string) string {
	leaf, err := certinfo.Leaf(c)
	if err != nil {
		return "a certificate that cannot be read"
	}
	return commonName(leaf.Subject) + ", " + verb + " " + commonName(leaf.Issuer)
}

// commonName is a name's CN, or the whole name when it has none.
func commonName(n pkix.Name) string {
	if n.CommonName != "" {
		return n.CommonName
	}
	return n.String()
}
