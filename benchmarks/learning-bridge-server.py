#! /usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
#
# The Python side of the inter-process bridge that learning-benchmark measures: the kind of
# bridge users run today (ns3-gym style), a ZeroMQ REP socket answering one request per
# decision step. It evaluates the same MLP as sagin's in-process policy (weights sent by the
# benchmark) and returns the greedy action of every observation in the request.
#
# Usage: learning-bridge-server.py ENDPOINT THREADS   (started by learning-benchmark, which
# binds ENDPOINT; this side connects)
#
# Messages (all little-endian):
#   setup   : b"S" + uint32 [input, hidden_1, ..., hidden_k, output] count k+2 first, then the
#             float32 parameters in PyTorch's named_parameters() order -> reply b"ok <backend>"
#   decide  : b"D" + float32 observations, row-major (n x input)   -> reply uint32 actions (n)
#   quit    : b"Q"                                                  -> reply b"bye", then exit
import sys

import numpy as np
import zmq

try:
    import torch

    BACKEND = "torch " + torch.__version__
except ImportError:  # python3-torch not installed: the same forward pass in numpy
    torch = None
    BACKEND = "numpy " + np.__version__


def build(widths, flat):
    """Layer (weight, bias) pairs from the flat parameter vector."""
    layers = []
    offset = 0
    for fan_in, fan_out in zip(widths[:-1], widths[1:]):
        w = flat[offset : offset + fan_in * fan_out].reshape(fan_out, fan_in)
        offset += fan_in * fan_out
        b = flat[offset : offset + fan_out]
        offset += fan_out
        layers.append((w, b))
    if offset != flat.size:
        raise ValueError(f"{flat.size} parameters for widths {widths}, expected {offset}")
    if torch is None:
        return layers
    net = []
    for i, (w, b) in enumerate(layers):
        linear = torch.nn.Linear(w.shape[1], w.shape[0])
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(w.copy()))
            linear.bias.copy_(torch.from_numpy(b.copy()))
        net.append(linear)
        if i + 1 < len(layers):
            net.append(torch.nn.ReLU())
    return torch.nn.Sequential(*net).eval()


def decide(net, widths, payload):
    x = np.frombuffer(payload, dtype="<f4").reshape(-1, widths[0]).copy()
    if torch is None:
        for i, (w, b) in enumerate(net):
            x = x @ w.T + b
            if i + 1 < len(net):
                x = np.maximum(x, 0.0)
        return np.argmax(x, axis=1).astype("<u4").tobytes()
    with torch.no_grad():
        q = net(torch.from_numpy(x))
    return q.argmax(dim=1).numpy().astype("<u4").tobytes()


def main():
    endpoint, threads = sys.argv[1], int(sys.argv[2])
    if torch is not None:
        torch.set_num_threads(threads)
    socket = zmq.Context.instance().socket(zmq.REP)
    socket.connect(endpoint)
    net, widths = None, None
    while True:
        message = socket.recv()
        kind, payload = message[:1], message[1:]
        if kind == b"D":
            socket.send(decide(net, widths, payload))
        elif kind == b"S":
            count = int(np.frombuffer(payload[:4], dtype="<u4")[0])
            widths = [int(v) for v in np.frombuffer(payload[4 : 4 + 4 * count], dtype="<u4")]
            flat = np.frombuffer(payload[4 + 4 * count :], dtype="<f4")
            net = build(widths, flat)
            socket.send(b"ok " + BACKEND.encode())
        elif kind == b"Q":
            socket.send(b"bye")
            return
        else:
            socket.send(b"error: unknown message kind " + kind)


if __name__ == "__main__":
    main()
