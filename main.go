// Command wssample is WebSocket Sample: a desktop replica of Microsoft's
// Windows "WebSocket sample" with its server built in.
//
// Usage:
//
//	wssample [-uri ADDRESS]   open the window; ADDRESS prefills the server address
//	wssample serve [flags]    run only the built-in server (wssample serve -h)
//	wssample check [flags] URI   check a WebSocket echo endpoint against RFC 6455 (wssample check -h)
//	wssample fuzzingclient [-spec fuzzingclient.json]   Autobahn's fuzzing client: its spec, its reports
//	wssample fuzzingserver [flags]   check a WebSocket client: Autobahn's fuzzing server (wssample fuzzingserver -h)
//
// main only wires: flags, the built-in server, the Fyne app and the window.
// The files (TestDocMap fails when one is missing here or one named here
// is gone):
//
//	./           the command
//	  main.go    the flags, the built-in server, the app and its window
//	  serve.go   wssample serve: the built-in server alone
//	  check.go   wssample check: the conformance suite from the command line
//	  fuzzingclient.go   wssample fuzzingclient: Autobahn's spec file in, Autobahn's reports out
//	  fuzzingserver.go  wssample fuzzingserver: checking a client, Autobahn's fuzzing server
//	  command.go  what the subcommands share: reading their command line
//	  readme.go  README.md, compiled in for Help › About
//
// What the app does is told in README.md; how to build, test and package
// it, and the map of its packages, in docs/development.md.
package main

// Fyne looks up the user's locale while its packages initialise, before
// main runs, and logs "Error parsing user locale C" when the locale is
// Debian's default C.UTF-8 (or C, or POSIX): a scary first line for nothing,
// since the app is in English anyway. No Go code runs early enough to fix
// the environment (package lang's init comes before ours), but a C
// constructor runs when the program is loaded, before the Go runtime reads
// the environment. It replaces the deciding variable (LC_ALL, else
// LC_MESSAGES, else LANG, the order Fyne reads them) when it names the C
// locale; setenv on an existing variable swaps the string in the very
// array Go reads. A real locale is left alone. Windows reads no such
// variables, hence the guard.

/*
#if !defined(_WIN32)
#include <stdlib.h>
#include <string.h>

__attribute__((constructor)) static void use_readable_locale(void) {
	const char *names[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	for (int i = 0; i < 3; i++) {
		const char *v = getenv(names[i]);
		if (v == NULL || v[0] == '\0')
			continue;
		if (strcmp(v, "C") == 0 || strcmp(v, "POSIX") == 0 || strncmp(v, "C.", 2) == 0)
			setenv(names[i], "en_US.UTF-8", 1);
		return;
	}
}
#endif
*/
import "C"

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"syscall"

	"fyne.io/fyne/v2/app"

	"github.com/wssample/wssample/assets"
	"github.com/wssample/wssample/sampleserver"
	"github.com/wssample/wssample/ui"
)

// appID is the app's unique ID; it must match FyneApp.toml's Details.ID,
// since Fyne keeps the preferences under it.
const appID = "io.github.wssample.websocketsample"

func main() {
	// "wssample serve …" runs the built-in server alone, without a window
	// (serve.go).
	if len(os.Args) > 1 && os.Args[1] == "serve" {
		os.Exit(runServe(os.Args[2:], os.Stdout, os.Stderr))
	}
	if len(os.Args) > 1 && os.Args[1] == "check" {
		os.Exit(runCheck(os.Args[2:], os.Stdout, os.Stderr))
	}
	if len(os.Args) > 1 && os.Args[1] == "fuzzingclient" {
		os.Exit(runFuzzingClient(os.Args[2:], os.Stdout, os.Stderr))
	}
	if len(os.Args) > 1 && os.Args[1] == "fuzzingserver" {
		os.Exit(runFuzzingServer(os.Args[2:], os.Stdout, os.Stderr))
	}

	uri := flag.String("uri", "", "server `ADDRESS` to prefill (ws://… or wss://…); wins over the one remembered")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "Usage: %s [-uri ADDRESS]\n       %s serve [flags]   (run only the built-in server)\n       %s check [flags] URI   (check a WebSocket echo endpoint against RFC 6455)\n       %s fuzzingserver [flags]   (check a WebSocket client)\n\n", os.Args[0], os.Args[0], os.Args[0], os.Args[0])
		flag.PrintDefaults()
	}
	flag.Parse()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	cfg := ui.Config{URI: *uri, Readme: readme}
	srv, err := sampleserver.Start(ctx, sampleserver.Config{})
	if err != nil {
		// The app is still useful against another server; the window says so.
		log.Printf("The built-in server did not start: %v", err)
		cfg.BuiltInErr = err
	} else {
		defer srv.Close()
		cfg.BuiltIn = ui.BuiltInOf(srv)
	}

	a := app.NewWithID(appID)
	a.SetIcon(assets.Icon)
	w := ui.NewMainWindow(a, cfg)
	// Fyne quits on Ctrl+C and SIGTERM by itself; this listener only tells
	// the window first (it needs no UI thread), so that no page update
	// arrives once the UI is gone.
	quit := make(chan os.Signal, 1)
	signal.Notify(quit, os.Interrupt, syscall.SIGTERM)
	go func() {
		if _, ok := <-quit; ok {
			w.StopUpdates()
		}
	}()
	w.ShowAndRun()
	signal.Stop(quit)
	close(quit)
	// The window is gone: close our connections before the server they
	// talk to (deferred srv.Close runs after this).
	w.Shutdown()
}
