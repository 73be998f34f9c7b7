#! /usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
#
# Examples that ns-3's test.py runs (in an ns-3 tree, with --enable-examples), each shrunk
# to seconds by --test. Tuples: (example and arguments, do_run, do_valgrind_run).
cpp_examples = [
    ("sagin-orbit-trace --test", "True", "True"),
    ("sagin-orbit-trace --test --tle=contrib/sagin/test/data/two-line.tle --ground=45,7,0", "True", "True"),
    ("sagin-channel-sweep --test", "True", "False"),
    ("sagin-ping --test", "True", "False"),
    ("sagin-ping --test --udp-rate=100kbps --flow-monitor=sagin-ping-flows.xml", "True", "False"),
    ("sagin-quickstart --test", "True", "False"),
    ("sagin-learning-handover --test", "True", "False"),
    ("sagin-learning-handover --test --scenario=herding --runs=2", "True", "False"),
    ("sagin-lan-gateway --test", "True", "False"),
    ("sagin-edge-caching --test", "True", "False"),
    ("sagin-edge-caching --test --packet-level --figure=2 --points=10", "True", "False"),
    ("sagin-blockchain --test", "True", "False"),
    ("sagin-federated --test", "True", "False"),
    ("sagin-spectrum-pricing --test", "True", "False"),
    ("sagin-spectrum-pricing --test --figure=7", "True", "False"),
    ("sagin-offloading --test --db=none", "True", "False"),
    ("sagin-offloading --test --packet-level --figure=6a --db=none", "True", "False"),
    ("sagin-blockchain --test --topology=p2p --consensus=pbft", "True", "False"),
    ("sagin-blockchain --test --topology=p2p --sweep-interval=1,4", "True", "False"),
    ("sagin-blockchain --test --topology=p2p --tx-source=pool", "True", "False"),
]

python_examples = []
