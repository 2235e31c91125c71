package conformance

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The edges of the Autobahn-style reports, where an off-by-one would show:
// index.html with one agent and with two, case IDs of two parts (2.1: a
// case of category 2) and of three (7.1.1: a case of subcategory 7.1), the
// first and the last of 12's data sets, the names of the agents' files, and
// the order of IDs that are not all numbers.

// edgeRun is an agent's run of the catalogue cases ids, each passed.
func edgeRun(t *testing.T, agent string, ids ...string) AgentRun {
	t.Helper()
	run := AgentRun{Agent: agent}
	for _, id := range ids {
		run.Results = append(run.Results, Result{Case: catalogueCase(t, id), Verdict: Pass, Detail: "Said.", CloseVerdict: Pass, CloseDetail: "Clean."})
	}
	return run
}

// The grid's rows, as Autobahn's fuzzing.py writes them
// (createMasterReportHTML, with repeatAgentRowPerSubcategory): a category
// row (the category and the agents) when the category or the subcategory
// changes, a subcategory row only for
// IDs of three parts, and not again for the next case of the same
// subcategory. 2.1 and 2.2 are cases of category 2, not subcategories.
func TestAutobahnIndexRows(t *testing.T) {
	html := string(abIndexPage(CheckedServer, []AgentRun{edgeRun(t, "Alpha", "1.1.1", "1.1.2", "1.2.1", "2.1", "2.2")}))
	var rows []string
	for _, line := range strings.Split(html, "\n") {
		switch {
		case strings.HasPrefix(line, `<tr class="case_category_row">`):
			head := strings.TrimPrefix(line, `<tr class="case_category_row"><td class="case_category">`)
			rows = append(rows, "category "+head[:strings.Index(head, " ")])
		case strings.HasPrefix(line, `<tr class="case_subcategory_row">`):
			head := line[strings.LastIndex(line, `">`)+2:]
			rows = append(rows, "subcategory "+head[:strings.Index(head, " ")])
		case strings.HasPrefix(line, `<tr><td class="case"><a href="#case_desc_`):
			head := line[strings.Index(line, ">Case ")+len(">Case "):]
			rows = append(rows, "case "+head[:strings.Index(head, "<")])
		}
	}
	want := []string{"category 1", "subcategory 1.1", "case 1.1.1", "case 1.1.2",
		"category 1", "subcategory 1.2", "case 1.2.1",
		"category 2", "case 2.1", "case 2.2"}
	if !slices.Equal(rows, want) {
		t.Errorf("the grid's rows:\n%s\nwant:\n%s", strings.Join(rows, "\n"), strings.Join(want, "\n"))
	}
}

// A subcategory row spans the case's column and both columns (behaviour,
// close) of every agent: 2×agents+1, as Autobahn's colspan.
func TestAutobahnIndexSubcategorySpan(t *testing.T) {
	for agents, want := range map[int]string{1: `colspan="3"`, 2: `colspan="5"`, 3: `colspan="7"`} {
		var runs []AgentRun
		for i := range agents {
			runs = append(runs, edgeRun(t, fmt.Sprintf("Agent %d", i), "1.1.1"))
		}
		html := string(abIndexPage(CheckedServer, runs))
		if row := `<tr class="case_subcategory_row"><td ` + want + `>1.1 `; !strings.Contains(html, row) {
			t.Errorf("%d agents: index.html lacks %q", agents, row)
		}
	}
}

// The page says what was checked, servers or clients, in its title and
// head; a case's page says isServer as Autobahn's report does: true when
// the checker (Autobahn's fuzzer) was the server and the agent a client.
func TestAutobahnPagesSayTheSide(t *testing.T) {
	run := edgeRun(t, "Alpha", "1.1.1")
	for side, want := range map[Side]struct{ title, isServer string }{
		CheckedServer: {"<title>WebSocket conformance: 1 servers</title>", "isServer: false"},
		CheckedClient: {"<title>WebSocket conformance: 1 clients</title>", "isServer: true"},
	} {
		if html := string(abIndexPage(side, []AgentRun{run})); !strings.Contains(html, want.title) {
			t.Errorf("side %v: index.html lacks %q", side, want.title)
		}
		if html := string(abCasePage(run, side, run.Results[0])); !strings.Contains(html, want.isServer+" (") {
			t.Errorf("side %v: the case page lacks %q", side, want.isServer)
		}
	}
}

// Each of 12's subcategories, 12.1 to the last, is named by its data set
// (12.n is the n-th); a subcategory number outside them is no name.
func TestAutobahnDeflateSubcategoryNames(t *testing.T) {
	someCase := func(sub string) (Case, bool) {
		for _, c := range Cases() {
			if strings.HasPrefix(c.ID, sub+".") {
				return c, true
			}
		}
		return Case{}, false
	}
	for n := 1; n <= len(dataSets); n++ {
		sub := "12." + strconv.Itoa(n)
		c, ok := someCase(sub)
		if !ok {
			t.Fatalf("no case in %s", sub)
		}
		if name := abSubcategoryName(sub, c); !strings.HasPrefix(name, dataSets[n-1].what+", ") {
			t.Errorf("%s is named %q, want the data set %q", sub, name, dataSets[n-1].what)
		}
	}
	c, _ := someCase("12.1")
	for _, sub := range []string{"12.0", "12." + strconv.Itoa(len(dataSets)+1), "12.x"} {
		if name := abSubcategoryName(sub, c); name != "" {
			t.Errorf("%s is named %q", sub, name)
		}
	}
}

// Autobahn's file names keep a–z and 0–9, the ends of those ranges too.
func TestAgentFileNameRanges(t *testing.T) {
	for agent, want := range map[string]string{"Zz09": "zz09", "a/z 0:9": "a_z_0_9", "a{b`c": "a_b_c", "z9": "z9"} {
		if got := AgentFileName(agent); got != want {
			t.Errorf("AgentFileName(%q) = %q, want %q", agent, got, want)
		}
	}
}

// A case report's "resultClose" is the close's words when the case judged
// a close, and says it judged none when it did not (a refused handshake).
func TestAutobahnResultClose(t *testing.T) {
	judged := Result{Case: catalogueCase(t, "1.1.1"), Verdict: Pass, CloseVerdict: Pass, CloseDetail: "The server closed with 1000."}
	if got := abCaseReport("a", CheckedServer, judged)["resultClose"]; got != "The server closed with 1000." {
		t.Errorf("a judged close: resultClose %q", got)
	}
	none := Result{Case: catalogueCase(t, "1.1.1"), Verdict: Pass}
	if got, _ := abCaseReport("a", CheckedServer, none)["resultClose"].(string); !strings.Contains(got, "judges no close") {
		t.Errorf("no close judged: resultClose %q", got)
	}
}

// The reports list Autobahn's numeric IDs by their numbers (0 is a number,
// 1.0 before 1.1), then the IDs that are not all numbers ("H.1", "1.x",
// "1.-1", "") in the order they came.
func TestCaseOrderOfOddIDs(t *testing.T) {
	ids := []string{"H.2", "1.x", "1.1", "1.-1", "", "1.0", "0", "H.1"}
	got := slices.Clone(ids)
	slices.SortStableFunc(got, compareCaseIDs)
	want := []string{"0", "1.0", "1.1", "H.2", "1.x", "1.-1", "", "H.1"}
	if !slices.Equal(got, want) {
		t.Errorf("sorted %q, want %q", got, want)
	}
	// Two IDs, a number after a name: the number comes first.
	pair := []string{"H.1", "7.1.1"}
	slices.SortStableFunc(pair, compareCaseIDs)
	if pair[0] != "7.1.1" {
		t.Errorf("sorted %q: the numeric ID is not first", pair)
	}
}
