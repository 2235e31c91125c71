package ui

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/wssample/wssample/sampleserver"
)

// authProbe is a test's handle on scenario 3.
type authProbe struct {
	pageProbe
	a      *clientAuthPage
	asked  []string // the titles of the file dialogs "shown"
	answer []string // the paths the next dialogs answer with ("" = cancel)
}

func showClientAuth(t *testing.T) *authProbe {
	h := newHarness(t, Config{})
	a := showPage[*clientAuthPage](h, clientAuthIndex)
	ap := &authProbe{pageProbe: pageProbe{h, a.socketPage}, a: a}
	// The file dialog cannot be driven in the test driver; this stands in
	// for it, answering as a person picking files would.
	a.chooseFile = func(title, startIn string, then func(string)) {
		ap.asked = append(ap.asked, title)
		if len(ap.answer) == 0 {
			t.Fatalf("an unexpected file dialog %q", title)
		}
		path := ap.answer[0]
		ap.answer = ap.answer[1:]
		then(path)
	}
	return ap
}

// pick chooses "From PEM files…" with the dialogs answering paths.
func (ap *authProbe) pick(paths ...string) {
	ap.answer = paths
	ap.a.choice.SetSelected(pemChoice)
}

// The sample's visual states for scenario 3: Disconnected → Disconnect
// off; Connected → Connect (and the certificate choice) off; Busy → both
// buttons off.
func (ap *authProbe) wantState(t *testing.T, state string) {
	t.Helper()
	p := ap.a
	all := enabled(p.address, p.choice, p.connect, p.disconnect)
	want := map[string][]bool{
		"Disconnected": {true, true, true, false},
		"Connected":    {false, false, false, true},
		"Busy":         {false, false, false, false},
	}[state]
	for i := range all {
		if all[i] != want[i] {
			t.Fatalf("%s: enabled address, certificate choice, Connect, Disconnect = %v, want %v", state, all, want)
		}
	}
}

func TestClientAuthBuiltInCertificateConnects(t *testing.T) {
	ap := showClientAuth(t)
	addr := server.ClientAuthURL()
	if ap.a.address.Text != addr {
		t.Fatalf("address %q, want %q", ap.a.address.Text, addr)
	}
	want := "Built-in (" + sampleserver.ClientCommonName + ", signed by " + sampleserver.CAName + ")"
	if ap.a.choice.Selected != want {
		t.Fatalf("certificate choice %q, want %q", ap.a.choice.Selected, want)
	}
	ap.wantState(t, "Disconnected")

	test.Tap(ap.a.connect)
	ap.wantState(t, "Busy")
	ap.waitConnected()
	ap.wantState(t, "Connected")
	ap.wantStatus("Connected", false)
	ap.waitLog("EchoWebSocket Connected at: ") // the server's greeting is logged

	test.Tap(ap.a.disconnect)
	ap.wantStatus("Closing", false)
	ap.waitDisconnected()
	ap.wantStatus("Closed", false)
	ap.logInOrder(
		"Client certificate: "+sampleserver.ClientCommonName+", issued by "+sampleserver.CAName,
		"Connecting to "+addr+"...",
		"Connected to WebSocket Server.",
		"Message Received; Type: Utf8",
		"Closed; Code: 1000",
	)
	if ap.logHas("Note: Certificate validation") {
		t.Fatal("the wss: note for a wss address")
	}
	ap.allStamped()
}

func TestClientAuthWithoutCertificateRefused(t *testing.T) {
	ap := showClientAuth(t)
	ap.a.choice.SetSelected(noneChoice)
	test.Tap(ap.a.connect)
	ap.waitDisconnected()
	// One plain sentence, wsclient's words: no stack of wrapped errors.
	want := "Failed to connect: the server requires a client certificate and none was sent"
	ap.waitLog(want)
	ap.wantStatus(want, true)
	ap.logInOrder("Client certificate: none", "Connecting to", want)
	if ap.logHas("remote error") || ap.logHas("Connected") {
		t.Fatalf("log:\n%s", ap.p.log.Text())
	}
}

func TestClientAuthForeignCertificateRefused(t *testing.T) {
	other, err := sampleserver.NewTestCertificates("Other Test CA")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certPath, keyPath := writeCertPEM(t, dir, "other", other.Client)
	ap := showClientAuth(t)
	ap.pick(certPath, keyPath)
	if ap.a.current != pemChoice || !strings.Contains(ap.a.pemInfo.Text, "Other Test CA") {
		t.Fatalf("choice %q, info %q", ap.a.current, ap.a.pemInfo.Text)
	}
	test.Tap(ap.a.connect)
	ap.waitDisconnected()
	// The chosen certificate is presented even though the server asks for
	// another issuer's, so the server's refusal names it.
	want := "Failed to connect: the server refused our client certificate (server said: unknown certificate authority)"
	ap.waitLog(want)
	ap.wantStatus(want, true)
	ap.logInOrder("Client certificate: "+sampleserver.ClientCommonName+", issued by Other Test CA", want)
}

func TestClientAuthPEMFilesConnect(t *testing.T) {
	dir := t.TempDir()
	certPEM, keyPEM := server.ClientCertificatePEM()
	certPath := writeFile(t, dir, "client.crt", certPEM)
	keyPath := writeFile(t, dir, "client.key", keyPEM)

	cert, err := loadClientCertificate(certPath, keyPath)
	if err != nil {
		t.Fatal(err)
	}
	if got := certSummary(cert, "issued by"); got != sampleserver.ClientCommonName+", issued by "+sampleserver.CAName {
		t.Fatalf("summary %q", got)
	}

	ap := showClientAuth(t)
	ap.pick(certPath, keyPath)
	if len(ap.asked) != 2 || !strings.Contains(ap.asked[1], "client.crt") {
		t.Fatalf("dialogs %q: want the certificate, then the key of client.crt", ap.asked)
	}
	if ap.a.current != pemChoice || ap.a.pem == nil || !ap.a.chooseBtn.Visible() {
		t.Fatalf("choice %q, loaded %v", ap.a.current, ap.a.pem != nil)
	}
	test.Tap(ap.a.connect)
	ap.waitConnected()
	ap.wantState(t, "Connected")
	if !ap.a.chooseBtn.Disabled() {
		t.Fatal("Choose files… is enabled while connected")
	}
	ap.waitLog("Connected to WebSocket Server.")
	test.Tap(ap.a.disconnect)
	ap.waitDisconnected()
}

func TestClientAuthOnePEMFileWithBoth(t *testing.T) {
	certPEM, keyPEM := server.ClientCertificatePEM()
	both := writeFile(t, t.TempDir(), "client.pem", append(append([]byte{}, certPEM...), keyPEM...))
	ap := showClientAuth(t)
	ap.pick(both)
	if len(ap.asked) != 1 || ap.a.current != pemChoice {
		t.Fatalf("dialogs %q, choice %q: one file with both needs one dialog", ap.asked, ap.a.current)
	}
}

func TestClientAuthBadPEMChangesNothing(t *testing.T) {
	dir := t.TempDir()
	garbage := writeFile(t, dir, "notes.pem", []byte("not a certificate\n"))
	certPEM, _ := server.ClientCertificatePEM()
	certPath := writeFile(t, dir, "client.crt", certPEM)
	other, err := sampleserver.NewTestCertificates("Other Test CA")
	if err != nil {
		t.Fatal(err)
	}
	_, otherKey := writeCertPEM(t, dir, "other", other.Client)

	for _, c := range []struct {
		name  string
		paths []string
		want  string
	}{
		{"missing", []string{filepath.Join(dir, "missing.pem")},
			`Client certificate not loaded: cannot read "missing.pem": no such file or directory.`},
		{"no certificate", []string{garbage},
			`Client certificate not loaded: "notes.pem" holds no certificate (no PEM CERTIFICATE block).`},
		{"no key", []string{certPath, certPath},
			`Client certificate not loaded: "client.crt" holds no private key (no PEM PRIVATE KEY block).`},
		{"mismatched key", []string{certPath, otherKey},
			`Client certificate not loaded: the private key in "other.key" does not belong to the certificate in "client.crt".`},
	} {
		t.Run(c.name, func(t *testing.T) {
			ap := showClientAuth(t)
			before := ap.a.choice.Selected
			ap.pick(c.paths...)
			ap.wantStatus(c.want, true)
			if ap.a.choice.Selected != before || ap.a.current != before || ap.a.pem != nil {
				t.Fatalf("choice %q (in effect %q, loaded %v), want it back on %q",
					ap.a.choice.Selected, ap.a.current, ap.a.pem != nil, before)
			}
			if len(ap.p.log.Lines()) != 0 {
				t.Fatalf("logged:\n%s", ap.p.log.Text())
			}
		})
	}
}

func TestClientAuthCancelledDialogChangesNothing(t *testing.T) {
	ap := showClientAuth(t)
	before := ap.a.choice.Selected
	ap.pick("")
	if ap.a.choice.Selected != before || ap.a.current != before {
		t.Fatalf("choice %q after a cancelled dialog, want %q", ap.a.choice.Selected, before)
	}
	if msg, _ := ap.h.status(); msg != "" {
		t.Fatalf("status %q after a cancelled dialog", msg)
	}
}

func TestClientAuthNoteForWS(t *testing.T) {
	ap := showClientAuth(t)
	ap.typeAddress(server.URL("/sample"))
	test.Tap(ap.a.connect)
	ap.waitConnected()
	ap.logInOrder("Note: Certificate validation is performed only for the wss: scheme.", "Connecting to ws://", "Connected to WebSocket Server.")
	test.Tap(ap.a.disconnect)
	ap.waitDisconnected()
}

// writeCertPEM writes c's leaf and key as name.crt and name.key in dir.
func writeCertPEM(t *testing.T, dir, name string, c tls.Certificate) (certPath, keyPath string) {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(c.PrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	certPath = writeFile(t, dir, name+".crt", sampleserver.CertificatePEM(c.Leaf))
	keyPath = writeFile(t, dir, name+".key", pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	return certPath, keyPath
}

func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
