#!/usr/bin/env python3
"""Export a PyTorch model's parameters as JSON that constgrad's io loaders read.

Two formats (see docs/reference.md, section io, "JSON models"):

  state dict (default)  {"0.weight": [[...]], "0.bias": [...], ...}: every state-dict entry
                        under its own name, as nested lists in PyTorch's shapes ([out][in] for
                        nn.Linear), every value as a double (float32 values exactly).
                        Read by constgrad::io::load_torch_json.
  keras (--keras)       the model JSON of the Keras exporter used by RTNeural, for an
                        nn.Sequential of nn.Linear and activation modules:
                        {"in_shape": [null, In], "layers": [{"type": "dense", "activation":
                        "tanh", "shape": [null, Out], "weights": [kernel [in][out], bias]}]}.
                        Read by constgrad::io::load_keras_json.

Usage:
  /usr/bin/python3 tools/export_state_dict.py MODEL.pt OUT.json [--keras]
MODEL.pt is what torch.save wrote: a whole module, or a state dict (state-dict format only).
From Python:
  from export_state_dict import state_dict_json, keras_json
  open("net.json", "w").write(state_dict_json(model))
NaN or infinite parameters are refused (JSON has no such numbers).
"""

import argparse
import json
import sys

import torch
from torch import nn

# The activation modules the Keras format names, by the name its "activation" field uses.
KERAS_ACTIVATIONS = {nn.Tanh: "tanh", nn.ReLU: "relu", nn.Sigmoid: "sigmoid"}


def _values(tensor):
    """A tensor as nested lists of Python numbers: floats as doubles, integers as integers."""
    tensor = tensor.detach().cpu()
    if tensor.is_floating_point():
        tensor = tensor.to(torch.float64)
        if not torch.isfinite(tensor).all():
            raise ValueError("a parameter is NaN or infinite: JSON cannot hold it")
    return tensor.tolist()


def _dump(obj):
    """Standard JSON, no NaN/Infinity, one top-level entry per line."""
    if isinstance(obj, dict) and obj:
        lines = [json.dumps(k) + ": " + json.dumps(v, allow_nan=False) for k, v in obj.items()]
        return "{\n  " + ",\n  ".join(lines) + "\n}\n"
    return json.dumps(obj, allow_nan=False) + "\n"


def state_dict_json(model_or_state_dict):
    """The state dict of a module (or a state dict itself) as JSON text."""
    state = model_or_state_dict
    if isinstance(state, nn.Module):
        state = state.state_dict()
    return _dump({name: _values(t) for name, t in state.items()})


def keras_layers(model, separate_activations=False):
    """An nn.Sequential of nn.Linear and activation modules as the Keras exporter's model dict.

    Layouts are converted as the exporter writes them: the kernel is PyTorch's weight
    transposed ([in][out]); a Linear without bias gets a kernel-only "weights"; each
    activation module sets the activation of the Linear before it, or, with
    separate_activations, becomes an {"type": "activation"} entry of its own.
    """
    if not isinstance(model, nn.Sequential):
        raise TypeError("the Keras format needs an nn.Sequential of nn.Linear and activations")
    layers = []
    in_width = None
    for module in model:
        if isinstance(module, nn.Linear):
            if in_width is None:
                in_width = module.in_features
            weights = [_values(module.weight.t())]
            if module.bias is not None:
                weights.append(_values(module.bias))
            layers.append({"type": "dense", "activation": "",
                           "shape": [None, module.out_features], "weights": weights})
        elif type(module) in KERAS_ACTIVATIONS or isinstance(module, nn.Identity):
            name = "" if isinstance(module, nn.Identity) else KERAS_ACTIVATIONS[type(module)]
            if not layers:
                raise ValueError("an activation before the first nn.Linear")
            if separate_activations:
                layers.append({"type": "activation", "activation": name,
                               "shape": layers[-1]["shape"], "weights": []})
            elif layers[-1]["activation"] == "" and layers[-1]["type"] == "dense":
                layers[-1]["activation"] = name
            else:
                raise ValueError("two activations in a row")
        else:
            raise TypeError(f"the Keras format has no layer for {type(module).__name__}")
    if in_width is None:
        raise ValueError("no nn.Linear in the model")
    return {"in_shape": [None, in_width], "layers": layers}


def keras_json(model, separate_activations=False):
    model_dict = keras_layers(model, separate_activations)
    lines = [json.dumps(layer, allow_nan=False) for layer in model_dict["layers"]]
    return ('{"in_shape": ' + json.dumps(model_dict["in_shape"]) + ',\n "layers": [\n  ' +
            ",\n  ".join(lines) + "\n ]\n}\n")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model", help="a file written by torch.save (module or state dict)")
    parser.add_argument("out", help="the JSON file to write")
    parser.add_argument("--keras", action="store_true",
                        help="write the Keras/RTNeural model format (nn.Sequential only)")
    parser.add_argument("--separate-activations", action="store_true",
                        help="with --keras: activations as entries of their own")
    args = parser.parse_args(argv)
    try:
        obj = torch.load(args.model, weights_only=False)  # a whole module needs unpickling
    except TypeError:  # a torch without the weights_only argument
        obj = torch.load(args.model)
    if args.keras:
        if not isinstance(obj, nn.Module):
            parser.error("--keras needs a whole module saved with torch.save(model, path)")
        text = keras_json(obj, args.separate_activations)
    else:
        text = state_dict_json(obj)
    with open(args.out, "w", encoding="utf-8") as out:
        out.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
