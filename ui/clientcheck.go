package ui

import "github.com/wssample/wssample/ui/clientpage"

// clientCheckPage is scenario 6, the page of package clientpage, with the
// actions the menu asks of a page: Start and Stop.
type clientCheckPage struct{ *clientpage.Page }

// newClientCheckPage builds the "Check a client" page (scenarios.go):
// what the shell knows goes in its Env.
func newClientCheckPage(env pageEnv) page {
	return clientCheckPage{clientpage.New(clientpage.Env{PageEnv: env.kitEnv()})}
}

func (p clientCheckPage) primary() { p.Start() }
func (p clientCheckPage) halt()    { p.Stop() }
