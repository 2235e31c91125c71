package ui

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/wssample/wssample/sampleserver"
	"github.com/wssample/wssample/wsclient"
)

// authProbe is a test's handle on scenario 3.
type authProbe struct {
	pageProbe[*clientAuthPage]
	asked  []string // the titles of the file dialogs "shown"
	answer []string // the paths the next dialogs answer with ("" = cancel)
}

// showClientAuth shows scenario 3 in a new window. The sample's visual
// states for it: Disconnected → Disconnect off; Connected → Connect (and
// the certificate choice) off; Busy → both buttons off.
func showClientAuth(t *testing.T) *authProbe {
	ap := &authProbe{pageProbe: showProbe(t, "clientauth", func(a *clientAuthPage) []control {
		return []control{{"certificate choice", a.choice, true, false, false}}
	})}
	a := ap.page
	// The file dialog cannot be driven in the test driver; this stands in
	// for it, answering as a person picking files would.
	a.chooseFile = func(req fileRequest, then func(string)) {
		ap.asked = append(ap.asked, req.title)
		if len(ap.answer) == 0 {
			t.Fatalf("an unexpected file dialog %q", req.title)
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
	ap.page.choice.SetSelected(pemChoice)
}

// wantRefused fails unless the last attempt ended with a refusal of the
// client certificate of the given kind, said in the log and in red.
func (ap *authProbe) wantRefused(seen *seen, problem wsclient.TLSProblem) string {
	ap.h.t.Helper()
	failed, _ := seen.final()
	var ce *wsclient.ConnectError
	if !errors.As(failed.Err, &ce) || ce.TLS != problem {
		ap.h.t.Fatalf("the attempt ended with %q, want TLS problem %d", failed.String(), problem)
	}
	ap.waitLog(failed.String())
	ap.h.wantStatus(failed.String(), true)
	return failed.String()
}

func TestClientAuthBuiltInCertificateConnects(t *testing.T) {
	ap := showClientAuth(t)
	addr := server.ClientAuthURL()
	if ap.page.address.Text != addr {
		t.Fatalf("address %q, want %q", ap.page.address.Text, addr)
	}
	want := "Built-in (" + sampleserver.ClientCommonName + ", signed by " + sampleserver.CAName + ")"
	if ap.page.choice.Selected != want {
		t.Fatalf("certificate choice %q, want %q", ap.page.choice.Selected, want)
	}
	ap.wantState("Disconnected")

	ap.connectWalk()
	ap.waitLog("EchoWebSocket Connected at: ") // the server's greeting is logged

	ap.disconnectWalk()
	ap.logInOrder(
		"Client certificate: "+sampleserver.ClientCommonName+", issued by "+sampleserver.CAName,
		connectingLine(addr),
		clientAuthConnected,
		utf8MessageLine,
		userStopLine,
	)
	if ap.logHas("Note: Certificate validation") {
		t.Fatal("the wss: note for a wss address")
	}
	ap.allStamped()
}

func TestClientAuthWithoutCertificateRefused(t *testing.T) {
	ap := showClientAuth(t)
	seen := ap.record()
	ap.page.choice.SetSelected(noneChoice)
	test.Tap(ap.page.primaryBtn)
	ap.waitDisconnected()
	// One plain sentence, wsclient's words: no stack of wrapped errors.
	want := ap.wantRefused(seen, wsclient.TLSClientCertNeeded)
	ap.logInOrder("Client certificate: none", connectingLine(ap.page.address.Text), want)
	if ap.logHas("remote error") || ap.logHas(connectedLine) {
		t.Fatalf("log:\n%s", ap.c.log.Text())
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
	seen := ap.record()
	ap.pick(certPath, keyPath)
	if ap.page.current != pemChoice || !strings.Contains(ap.page.pemInfo.Text, "Other Test CA") {
		t.Fatalf("choice %q, info %q", ap.page.current, ap.page.pemInfo.Text)
	}
	test.Tap(ap.page.primaryBtn)
	ap.waitDisconnected()
	// The chosen certificate is presented even though the server asks for
	// another issuer's, so it is the server that refuses it.
	want := ap.wantRefused(seen, wsclient.TLSClientCertRefused)
	ap.logInOrder("Client certificate: "+sampleserver.ClientCommonName+", issued by Other Test CA", want)
}

func TestClientAuthPEMFilesConnect(t *testing.T) {
	dir := t.TempDir()
	certPEM, keyPEM := server.ClientCertificatePEM()
	certPath := writeFile(t, dir, "client.crt", certPEM)
	keyPath := writeFile(t, dir, "client.key", keyPEM)

	cert, err := wsclient.LoadClientCertificate(certPath, keyPath)
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
	if ap.page.current != pemChoice || ap.page.pem == nil || !ap.page.chooseBtn.Visible() {
		t.Fatalf("choice %q, loaded %v", ap.page.current, ap.page.pem != nil)
	}
	test.Tap(ap.page.primaryBtn)
	ap.waitConnected()
	ap.wantState("Connected")
	if !ap.page.chooseBtn.Disabled() {
		t.Fatal("Choose files… is enabled while connected")
	}
	ap.waitLog(clientAuthConnected)
	test.Tap(ap.page.haltBtn)
	ap.waitDisconnected()
}

func TestClientAuthOnePEMFileWithBoth(t *testing.T) {
	certPEM, keyPEM := server.ClientCertificatePEM()
	both := writeFile(t, t.TempDir(), "client.pem", append(append([]byte{}, certPEM...), keyPEM...))
	ap := showClientAuth(t)
	ap.pick(both)
	if len(ap.asked) != 1 || ap.page.current != pemChoice {
		t.Fatalf("dialogs %q, choice %q: one file with both needs one dialog", ap.asked, ap.page.current)
	}
}

// A file that cannot be used changes nothing, and the status bar says
// what is wrong in wsclient's words (its test checks them).
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
	missing := filepath.Join(dir, "missing.pem")

	for _, c := range []struct {
		name    string
		paths   []string
		problem wsclient.CertProblem
		cert    string // the certificate file and
		key     string // the key file wsclient is asked about
	}{
		{"missing", []string{missing}, wsclient.CertUnreadable, missing, missing},
		{"no certificate", []string{garbage}, wsclient.NoCertificate, garbage, garbage},
		{"no key", []string{certPath, certPath}, wsclient.NoPrivateKey, certPath, certPath},
		{"mismatched key", []string{certPath, otherKey}, wsclient.KeyMismatch, certPath, otherKey},
	} {
		t.Run(c.name, func(t *testing.T) {
			// What wsclient says of the files, asked as the page asks it:
			// the certificate file first, then the pair.
			_, err := wsclient.CertificateFileHasKey(c.cert)
			if err == nil {
				_, err = wsclient.LoadClientCertificate(c.cert, c.key)
			}
			var ce *wsclient.CertError
			if !errors.As(err, &ce) || ce.Problem != c.problem {
				t.Fatalf("wsclient says %v, want problem %d", err, c.problem)
			}
			want := err.Error()
			ap := showClientAuth(t)
			before := ap.page.choice.Selected
			ap.pick(c.paths...)
			ap.h.wantStatus(want, true)
			if ap.page.choice.Selected != before || ap.page.current != before || ap.page.pem != nil {
				t.Fatalf("choice %q (in effect %q, loaded %v), want it back on %q",
					ap.page.choice.Selected, ap.page.current, ap.page.pem != nil, before)
			}
			if len(ap.c.log.Lines()) != 0 {
				t.Fatalf("logged:\n%s", ap.c.log.Text())
			}
		})
	}
}

func TestClientAuthCancelledDialogChangesNothing(t *testing.T) {
	ap := showClientAuth(t)
	before := ap.page.choice.Selected
	ap.pick("")
	if ap.page.choice.Selected != before || ap.page.current != before {
		t.Fatalf("choice %q after a cancelled dialog, want %q", ap.page.choice.Selected, before)
	}
	if msg, _ := ap.h.status(); msg != "" {
		t.Fatalf("status %q after a cancelled dialog", msg)
	}
}

func TestClientAuthNoteForWS(t *testing.T) {
	ap := showClientAuth(t)
	ap.typeAddress(server.URL("/sample"))
	test.Tap(ap.page.primaryBtn)
	ap.waitConnected()
	ap.logInOrder(wsclient.NoteValidationWSOnly, connectingLine(ap.page.address.Text), clientAuthConnected)
	test.Tap(ap.page.haltBtn)
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
