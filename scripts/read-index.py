#!/usr/bin/env python3
"""Read an Autobahn|Testsuite index.json the way CI scripts read it, and fail
on any FAILED that is not explained.

    python3 scripts/read-index.py reports/servers/index.json [EXPLAINED]

index.json maps agent -> case ID -> {behavior, behaviorClose, duration,
remoteCloseCode, reportfile}, as Autobahn's fuzzing client writes it (and
`wssample fuzzingclient` too). It prints the verdicts per agent, then every
case whose behavior or behaviorClose is FAILED. EXPLAINED, when given, is a
file of lines "AGENT-PREFIX<TAB>CASE-ID<TAB>why" (# starts a comment): a
FAILED listed there is shown as explained and does not fail the run. Exit
status: 0 when every FAILED is explained, 1 otherwise, 2 for a file that
is not such an index.
"""
import collections
import json
import sys


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        with open(argv[1]) as f:
            index = json.load(f)
    except (OSError, ValueError) as e:
        print(f"read-index: {argv[1]}: {e}", file=sys.stderr)
        return 2
    explained = []
    if len(argv) == 3:
        with open(argv[2]) as f:
            for line in f:
                line = line.rstrip("\n")
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
                agent, case, why = line.split("\t", 2)
                explained.append((agent, case, why))

    unexplained = 0
    for agent in sorted(index):
        cases = index[agent]
        counts = collections.Counter()
        failed = []
        for case_id, r in cases.items():
            # The fields every CI script reads; a KeyError here is a bad index.
            behavior, close = r["behavior"], r["behaviorClose"]
            int(r["duration"])
            r["remoteCloseCode"], r["reportfile"]
            counts[behavior] += 1
            if close not in ("OK", "INFORMATIONAL"):
                counts["close " + close] += 1
            if behavior == "FAILED" or close == "FAILED":
                failed.append(case_id)
        summary = ", ".join(f"{n} {v}" for v, n in sorted(counts.items()))
        print(f"{agent}: {len(cases)} cases: {summary}")
        for case_id in sorted(failed, key=lambda s: [int(x) if x.isdigit() else x for x in s.split(".")]):
            r = cases[case_id]
            why = next((w for a, c, w in explained if agent.startswith(a) and c == case_id), None)
            mark = "explained" if why else "NOT EXPLAINED"
            print(f"  {case_id:9} {r['behavior']} / {r['behaviorClose']} (close code {r['remoteCloseCode']}): {mark}{': ' + why if why else ''}")
            if not why:
                unexplained += 1
    if unexplained:
        print(f"read-index: {unexplained} FAILED cases are not explained", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
