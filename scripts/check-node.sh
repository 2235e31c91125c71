#!/usr/bin/env bash
# make check-node: the conformance checker as Autobahn's fuzzing client
# against npm's ws echo server alone, its index.json read back the way CI
# scripts read Autobahn's: scripts/check-peers.sh with the node peer.
exec bash "$(dirname "$0")/check-peers.sh" node
