package uitest

import "github.com/wssample/wssample/conformance"

// CasesOf are the conformance cases of the categories keys, in the order they run.
func CasesOf(keys ...string) []conformance.Case {
	var out []conformance.Case
	for _, c := range conformance.Cases() {
		for _, k := range keys {
			if c.Category.Key == k {
				out = append(out, c)
			}
		}
	}
	return out
}
