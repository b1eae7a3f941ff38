#!/usr/bin/env python3
"""constgrad-trained weights back into PyTorch (tools/load_state_dict.py) give constgrad's
outputs: the state dict into nn.Sequential(Linear(3, 8), ReLU, Linear(8, 8), Sigmoid,
Linear(8, 2)) and the Keras model through sequential_from_keras, both in double, within 1e-12
relative. Registered by tests/io/CMakeLists.txt only where /usr/bin/python3 imports torch.

  check_pytorch_round_trip.py <json_pytorch_writer> <fixtures dir> <tools dir> <work dir>
"""

import json
import os
import subprocess
import sys

import torch


def main(writer, fixtures, tools, work):
    subprocess.run([writer, fixtures, work], check=True)
    sys.dont_write_bytecode = True  # no __pycache__ in the source tree
    sys.path.insert(0, tools)
    from load_state_dict import load_json_state_dict, sequential, sequential_from_keras

    with open(os.path.join(work, "trained.expected.json")) as f:
        expected = json.load(f)
    x = torch.tensor(expected["inputs"], dtype=torch.float64)
    want = torch.tensor(expected["outputs"], dtype=torch.float64)
    models = {
        "state dict": load_json_state_dict(sequential("3,8,relu,8,sigmoid,2"),
                                           os.path.join(work, "trained.state_dict.json")),
        "keras": sequential_from_keras(os.path.join(work, "trained.keras.json")),
    }
    failed = False
    for name, model in models.items():
        with torch.no_grad():
            got = model(x)
        rel = ((got - want).abs() / want.abs()).max().item()
        print(f"{name}: largest relative difference from constgrad {rel:.3g}")
        failed = failed or not rel <= 1e-12
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
