#!/usr/bin/env python3
"""constgrad-trained weights back into PyTorch (tools/load_state_dict.py) give constgrad's
outputs: the state dict into nn.Sequential(Linear(3, 8), ReLU, Linear(8, 8), Sigmoid,
Linear(8, 2)) and the Keras model through sequential_from_keras, both in double, within 1e-12
relative. Registered by tests/io/CMakeLists.txt only where /usr/bin/python3 imports torch.

  check_pytorch_round_trip.py <json_pytorch_writer> <fixtures dir> <tools dir> <work dir>

The second form checks a state dict that a program already wrote, with the inputs and the
outputs it computed ({"inputs": [[...]], "outputs": [[...]]}), in the nn.Sequential that
load_state_dict.py's --sequential spec describes; the tutorial's end-to-end example
(docs/examples/tutorial/pytorch.cpp, test tutorial_pytorch_round_trip) uses it:

  check_pytorch_round_trip.py --state-dict <state_dict.json> <expected.json> <spec> <tools dir>
"""

import json
import os
import subprocess
import sys

import torch


def import_tools(tools):
    sys.dont_write_bytecode = True  # no __pycache__ in the source tree
    sys.path.insert(0, tools)
    import load_state_dict
    return load_state_dict


def compare(models, expected_path):
    """0 when every model reproduces the recorded outputs within 1e-12 relative, else 1."""
    with open(expected_path) as f:
        expected = json.load(f)
    x = torch.tensor(expected["inputs"], dtype=torch.float64)
    want = torch.tensor(expected["outputs"], dtype=torch.float64)
    failed = False
    for name, model in models.items():
        with torch.no_grad():
            got = model(x)
        rel = ((got - want).abs() / want.abs()).max().item()
        print(f"{name}: largest relative difference from constgrad {rel:.3g}")
        failed = failed or not rel <= 1e-12
    return 1 if failed else 0


def main(writer, fixtures, tools, work):
    subprocess.run([writer, fixtures, work], check=True)
    tools = import_tools(tools)
    models = {
        "state dict": tools.load_json_state_dict(tools.sequential("3,8,relu,8,sigmoid,2"),
                                                 os.path.join(work, "trained.state_dict.json")),
        "keras": tools.sequential_from_keras(os.path.join(work, "trained.keras.json")),
    }
    return compare(models, os.path.join(work, "trained.expected.json"))


def check_state_dict(state_dict, expected, spec, tools):
    tools = import_tools(tools)
    model = tools.load_json_state_dict(tools.sequential(spec), state_dict)
    return compare({"state dict": model}, expected)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--state-dict"]:
        sys.exit(check_state_dict(*sys.argv[2:]))
    sys.exit(main(*sys.argv[1:]))
