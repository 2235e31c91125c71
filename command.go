package main

// What the subcommands (serve, check, fuzzingclient, fuzzingserver) share
// in reading their command line.

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// parseCommand reads a subcommand's command line into fs, whose name
// is the subcommand's, and says whether the command goes on. When it
// does not, code is the exit status: 0 after -h or -help (flag has
// printed the usage), 2 after a flag that is wrong (flag has said which,
// with the usage) or when more than maxArgs arguments follow the flags
// (said here, with what the command takes, then the usage). Fewer
// arguments than a command needs are for the command to say, as a flag
// such as check's -list may need none.
func parseCommand(fs *flag.FlagSet, args []string, stderr io.Writer, maxArgs int, takes string) (code int, goOn bool) {
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, false
		}
		return 2, false
	}
	if fs.NArg() > maxArgs {
		fmt.Fprintf(stderr, "%s: unexpected argument %q: %s\n", fs.Name(), fs.Arg(maxArgs), takes)
		fs.Usage()
		return 2, false
	}
	return 0, true
}
