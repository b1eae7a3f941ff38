#!/usr/bin/env python3
"""The PyTorch half of the end-to-end example (docs/tutorial.md, "From PyTorch to a constexpr
header"; docs/examples/tutorial/pytorch.cpp): trains a 2-16-16-1 tanh network in double on
z = sin(2x) cos(y) over [-1, 1]^2 and writes

  <out>/surface.state_dict.json  the trained state dict (tools/export_state_dict.py's format:
                                 "0.weight" [16][2], "0.bias", "2.*", "4.*")
  <out>/surface.expected.json    inputs and the outputs PyTorch computes for them (double)

Both are committed (CI has no PyTorch); rerun after changing the model or the data:

  /usr/bin/python3 tools/train_pytorch_example.py docs/examples/tutorial/pytorch

Deterministic: fixed seed, full-batch Adam, one thread.
"""

import json
import math
import os
import sys

import torch
from torch import nn

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export_state_dict import state_dict_json  # noqa: E402


def target(x, y):
    return math.sin(2 * x) * math.cos(y)


def grid(n):
    """n x n points on [-1, 1]^2, row by row: the same samples as pytorch.cpp's grid()."""
    return [(-1 + 2 * i / (n - 1), -1 + 2 * j / (n - 1)) for i in range(n) for j in range(n)]


def main(out_dir):
    torch.manual_seed(12)
    torch.set_num_threads(1)
    model = nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 16), nn.Tanh(),
                          nn.Linear(16, 1)).to(torch.float64)
    points = grid(16)
    x = torch.tensor(points, dtype=torch.float64)
    z = torch.tensor([[target(a, b)] for a, b in points], dtype=torch.float64)
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    for _ in range(1500):
        opt.zero_grad()
        loss = ((model(x) - z) ** 2).mean()
        loss.backward()
        opt.step()
    print(f"PyTorch: mse {loss.item():.3g} after 1500 full-batch Adam steps on "
          f"{len(points)} points")

    checks = [(0.5, 0.5), (-0.75, 0.25), (0.1, -0.9), (0.9, 0.8), (-0.3, -0.6)]
    with torch.no_grad():
        outputs = model(torch.tensor(checks, dtype=torch.float64))
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "surface.state_dict.json"), "w", encoding="utf-8") as f:
        f.write(state_dict_json(model))
    with open(os.path.join(out_dir, "surface.expected.json"), "w", encoding="utf-8") as f:
        record = {"comment": "written by tools/train_pytorch_example.py: nn.Sequential("
                             "Linear(2, 16), Tanh, Linear(16, 16), Tanh, Linear(16, 1)) in "
                             "double, trained on z = sin(2x) cos(y); outputs computed by PyTorch "
                             + torch.__version__,
                  "mse": loss.item(),
                  "inputs": [list(p) for p in checks],
                  "outputs": outputs.tolist()}
        f.write("{\n" + ",\n".join(f" {json.dumps(k)}: {json.dumps(v)}" for k, v in record.items())
                + "\n}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "docs/examples/tutorial/pytorch"))
