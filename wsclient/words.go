package wsclient

// The words a person reads from this package are made in this file: the
// sample's sentences, word for word where the sample has them, the errors
// a person sees, and how a failure is put into words. Rewording one of
// them touches this file only (and the UI's golden images that show it).

// StopReason is the close reason Stop sends with code 1000, the sample's words.
const StopReason = "Closed due to user request."
