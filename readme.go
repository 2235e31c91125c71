package main

import _ "embed" // for the README below

// readme is README.md, compiled into the app so the About dialog can show
// it offline, as it was when this binary was built. README is the user's
// part only (the notes for developers live in docs/, which is not
// compiled in). It is shown with Fyne's Markdown renderer, which draws
// headings, lists and code blocks but not tables or HTML, so README uses
// neither; its pictures are dropped.
//
//go:embed README.md
var readme string
