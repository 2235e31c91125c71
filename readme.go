package main

import _ "embed" // for the README below

// readme is README.md, compiled into the app so the About dialog can show
// it offline, as it was when this binary was built.
//
//go:embed README.md
var readme string
