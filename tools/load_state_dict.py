#!/usr/bin/env python3
"""Load constgrad-written JSON (constgrad::io::save_torch_json / save_keras_json) into PyTorch.

  state dict   load_json_state_dict(model, "net.json") fills an existing module (strict: every
               key must match, as torch's load_state_dict checks); the module comes from your
               code, or from sequential("2,tanh,3,1") for a stack of nn.Linear and activations.
  keras        sequential_from_keras("net.json") builds the nn.Sequential the file describes
               (dense layers and their activations) and loads its weights (kernels transposed).

Usage:
  /usr/bin/python3 tools/load_state_dict.py net.json --sequential 2,tanh,3,1 [--input 0.5,-1]
  /usr/bin/python3 tools/load_state_dict.py net.json --keras [--input 0.5,-1] [--save net.pt]
--sequential lists the widths, input first, with the name of each activation module after
the layer it follows (tanh, relu, sigmoid, leaky_relu): "2,tanh,3,1" is
nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 1)), whose state-dict names ("0.*",
"2.*") are constgrad's default ones. --input runs the model on one input (in double) and
prints the output; --save writes the module with torch.save.
"""

import argparse
import json
import sys

import torch
from torch import nn

ACTIVATIONS = {"tanh": nn.Tanh, "relu": nn.ReLU, "sigmoid": nn.Sigmoid,
               "leaky_relu": lambda: nn.LeakyReLU(0.01)}


def load_json_state_dict(model, path, strict=True):
    """Reads a state dict written as JSON into `model` (tensors take the model's dtypes)."""
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    own = model.state_dict()
    state = {}
    for name, values in data.items():
        dtype = own[name].dtype if name in own else torch.float64
        state[name] = torch.tensor(values, dtype=dtype)
    model.load_state_dict(state, strict=strict)
    return model


def sequential(spec, dtype=torch.float64):
    """nn.Sequential from "2,tanh,3,1": widths, each activation after the layer it follows."""
    items = [s.strip() for s in spec.split(",") if s.strip()]
    modules = []
    width = None
    for item in items:
        if item.isdigit():
            if width is not None:
                modules.append(nn.Linear(width, int(item)))
            width = int(item)
        elif item in ACTIVATIONS:
            if not modules:
                raise ValueError(f"activation {item!r} before the first layer")
            modules.append(ACTIVATIONS[item]())
        else:
            raise ValueError(f"{item!r} is neither a width nor one of {sorted(ACTIVATIONS)}")
    if not modules:
        raise ValueError("a network needs two widths at least")
    return nn.Sequential(*modules).to(dtype)


def sequential_from_keras(path, dtype=torch.float64):
    """The nn.Sequential a Keras/RTNeural model JSON describes, with its weights loaded."""
    with open(path, encoding="utf-8") as f:
        model = json.load(f)
    modules = []
    for entry in model["layers"]:
        if entry["type"] == "activation":
            if entry["activation"]:
                modules.append(ACTIVATIONS[entry["activation"]]())
            continue
        if entry["type"] != "dense":
            raise ValueError(f"layer type {entry['type']!r} is not supported here")
        kernel = torch.tensor(entry["weights"][0], dtype=dtype)  # [in][out]
        linear = nn.Linear(kernel.shape[0], kernel.shape[1], bias=len(entry["weights"]) > 1)
        linear = linear.to(dtype)
        with torch.no_grad():
            linear.weight.copy_(kernel.t())
            if linear.bias is not None:
                linear.bias.copy_(torch.tensor(entry["weights"][1], dtype=dtype))
        modules.append(linear)
        if entry["activation"]:
            modules.append(ACTIVATIONS[entry["activation"]]())
    return nn.Sequential(*modules)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("json", help="a file written by constgrad")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--sequential", metavar="SPEC", help="state dict of this nn.Sequential")
    group.add_argument("--keras", action="store_true", help="the file is a Keras model JSON")
    parser.add_argument("--input", help="comma-separated input to run the model on")
    parser.add_argument("--save", help="write the module here with torch.save")
    args = parser.parse_args(argv)
    if args.keras:
        model = sequential_from_keras(args.json)
    else:
        model = load_json_state_dict(sequential(args.sequential), args.json)
    if args.input:
        x = torch.tensor([float(v) for v in args.input.split(",")], dtype=torch.float64)
        with torch.no_grad():
            print(" ".join(repr(v) for v in model(x).tolist()))
    if args.save:
        torch.save(model, args.save)
    return 0


if __name__ == "__main__":
    sys.exit(main())
