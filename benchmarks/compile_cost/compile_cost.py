#!/usr/bin/env python3
"""Compile-cost benchmark: how long and how much memory GCC and Clang need for constgrad code.

Generates translation units into a work directory and compiles each one (-c, nothing is
linked) under `/usr/bin/time -v` (Debian package `time`), recording CPU seconds (user +
system, the compiler driver and its cc1plus together) and peak resident memory:

  formula/<N>      constgrad::gradient of a formula of N = 10, 50, 100, 300 nodes: a balanced
                   tree over the scalar engine's operations on four variables, evaluated at a
                   run-time point (the gradient is computed by the program, not folded away).
  network/<W>x<D>  one training step (forward + loss + backward + SGD update) of an
                   nn::network 2-W-...-W-1 with D hidden relu layers of width W.
  baseline/*       the same includes with no gradient: what the headers alone cost.
  file/two_moons    docs/examples/two_moons.cpp as it is (the two-moons network trained with
                   nn::fit): issue 10 targets <= 1.0 s user time and <= 150 MB with g++ -O2.
  file/spirals      docs/examples/spirals.cpp (the three-spirals classifier, softmax
                   cross-entropy): issue 10 targets <= 2 s user time with g++ -O2.
  file/gru_effect   docs/examples/gru_effect.cpp (a GRU-16 trained on an audio effect):
                   issue 11 targets <= 3 s user time and <= 300 MB with g++ -O2.
  file/constexpr_xor  tests/nn/constexpr_xor.cpp (XOR trained by the compiler inside
                   static_assert) with the test's flags: the raised constant-evaluation limits
                   of CONSTEXPR_LIMITS (cmake/ConstgradTesting.cmake) and Boost.Test's.

Each unit is compiled `--repeat` times per compiler and the fastest run is kept (the machine
may be shared: the minimum is the least disturbed). The repository files' targets are checked
on user time alone (`user_s`): the system time is page faults and grows with the machine's load. Writes JSON (--json) and a markdown
table (--markdown), and checks the targets of issues 2 and 5 (--check makes a miss fatal).
Python standard library only.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

FORMULA_SIZES = [10, 50, 100, 300]
NETWORK_WIDTHS = [16, 32, 64, 128, 256]
NETWORK_DEPTHS = [1, 2, 4, 8]
VARIABLES = ["x0", "x1", "x2", "x3"]

# ---------------------------------------------------------------------------------------------
# Formulas: a balanced tree of exactly N nodes. A node is one operation, one variable
# occurrence or one constant; the operations below that expand to several engine nodes
# (keeping arguments inside the domain of log, sqrt and division) count all of them.

# (template, nodes the template adds besides its operands)
UNARY = [
    ("cg::sin({a})", 1),
    ("cg::cos({a})", 1),
    ("cg::tanh({a})", 1),
    ("cg::sigmoid({a})", 1),
    ("cg::relu({a})", 1),
    ("cg::square({a})", 1),
    ("cg::abs({a})", 1),
    ("(-{a})", 1),
    ("cg::pow<3>({a})", 1),
    ("cg::exp(cg::tanh({a}))", 2),
    ("cg::log(cg::square({a}) + cg::c<1>)", 4),
    ("cg::sqrt(cg::square({a}) + cg::c<1>)", 4),
]
BINARY = [
    ("({a} + {b})", 1),
    ("({a} - {b})", 1),
    ("({a} * {b})", 1),
    ("({a} / (cg::square({b}) + cg::c<1>))", 4),
]


def leaf(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.8:
        return rng.choice(VARIABLES)
    if r < 0.9:
        return f"cg::c<{rng.randint(2, 3)}>"
    return f"cg::constant{{{round(rng.uniform(0.5, 2.0), 3)!r}}}"  # a run-time constant node


def formula(n: int, rng: random.Random) -> str:
    """A tree of exactly n nodes, split as evenly as possible at every binary node."""
    if n == 1:
        return leaf(rng)
    # Binary nodes keep the tree balanced (depth ~ 1.5 log2 n); unary ones mix in the functions.
    if n >= 3 and rng.random() < 0.6:
        choices = [(t, k) for t, k in BINARY if n - k >= 2]
        template, cost = rng.choice(choices)
        rest = n - cost
        left = rest // 2
        return template.format(a=formula(left, rng), b=formula(rest - left, rng))
    choices = [(t, k) for t, k in UNARY if n - k >= 1]
    template, cost = rng.choice(choices)
    return template.format(a=formula(n - cost, rng))


def count_nodes(text: str) -> int:
    """Independent count of the nodes of a generated formula (checks the generator)."""
    functions = len(re.findall(r"cg::(?:sin|cos|tanh|sigmoid|relu|square|abs|exp|log|sqrt|pow<3>)\(", text))
    literals = len(re.findall(r"cg::c<\d+>", text))
    variables = len(re.findall(r"\bx[0-3]\b", text))
    numbers = len(re.findall(r"(?<![<\w.])\d+\.\d+", text))
    operators = len(re.findall(r" [-+*/] ", text)) + len(re.findall(r"\(-", text))
    return functions + literals + variables + numbers + operators


FORMULA_TU = """\
// Generated by benchmarks/compile_cost/compile_cost.py: the gradient of a {nodes}-node formula.
#include <constgrad/constgrad.hpp>
#include <cstdio>

namespace cg = constgrad;

namespace {{
constexpr cg::variable<"x0"> x0;
constexpr cg::variable<"x1"> x1;
constexpr cg::variable<"x2"> x2;
constexpr cg::variable<"x3"> x3;
constexpr auto f = {formula};
}}  // namespace

int main(int argc, char**) {{
    // The point comes from run time, so the sweep is compiled, not constant-folded.
    volatile double a = 0.1 * argc, b = -0.3 * argc, c = 0.7, d = 1.1;
    const auto g = cg::gradient(f, x0 = a, x1 = b, x2 = c, x3 = d);
    std::printf("%g %g %g %g %g\\n", g.value(), g[x0], g[x1], g[x2], g[x3]);
}}
"""

FORMULA_BASELINE_TU = """\
// Generated by benchmarks/compile_cost/compile_cost.py: the scalar engine's headers, no gradient.
#include <constgrad/constgrad.hpp>
#include <cstdio>

int main(int argc, char**) {
    std::printf("%d\\n", argc);
}
"""

NETWORK_HEADERS = """\
#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/optim/sgd.hpp>
#include <cstdio>
"""

NETWORK_TU = """\
// Generated by benchmarks/compile_cost/compile_cost.py: one SGD training step of {shape}.
{headers}
namespace nn = constgrad::nn;

namespace {{
using net = nn::network<{layers}>;
net::parameters<double> params;  // static storage: up to megabytes, not on the stack

// A non-inlined boundary: parameters and data known at compile time would let the optimiser
// fold the whole step (and take far longer to do so) instead of compiling it.
[[gnu::noinline]] void train_step(net::parameters<double>& p, const net::input<double>& x,
                                  const net::output<double>& y) {{
    constgrad::optim::sgd opt{{.learning_rate = 0.01}};
    opt.step(p, net::gradient(nn::squared_error, p, x, y));
}}
}}  // namespace

int main(int argc, char**) {{
    params = net::init(nn::seed{{static_cast<unsigned long long>(argc)}});
    net::input<double> x{{}};
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = 0.25 * static_cast<double>(i) * argc;
    const net::output<double> y{{0.5}};
    train_step(params, x, y);
    std::printf("%g\\n", net::forward(params, x)[0]);
}}
"""

NETWORK_BASELINE_TU = """\
// Generated by benchmarks/compile_cost/compile_cost.py: the network headers, no network.
{headers}
int main(int argc, char**) {{
    std::printf("%d\\n", argc);
}}
"""


def network_shape(width: int, depth: int) -> tuple[str, str]:
    layers = [f"nn::dense<2, {width}, nn::relu>"]
    layers += [f"nn::dense<{width}, {width}, nn::relu>"] * (depth - 1)
    layers.append(f"nn::dense<{width}, 1>")
    shape = "-".join(["2"] + [str(width)] * depth + ["1"])
    return shape, ", ".join(layers)


# Source files of the repository compiled as they are, with the flags their targets add.
# Per compiler family: the CONSTEXPR_LIMITS options of cmake/ConstgradTesting.cmake.
CONSTEXPR_LIMITS = {"gcc": ["-fconstexpr-ops-limit=2147483647", "-fconstexpr-loop-limit=2147483647"],
                    "clang": ["-fconstexpr-steps=2147483647", "-fbracket-depth=1024"]}
FILES = [
    ("two_moons", "docs/examples/two_moons.cpp", [f"-I{ROOT / 'tests'}"], False),
    ("spirals", "docs/examples/spirals.cpp", [f"-I{ROOT / 'tests'}"], False),
    ("gru_effect", "docs/examples/gru_effect.cpp", [f"-I{ROOT / 'tests'}"], False),
    ("constexpr_xor", "tests/nn/constexpr_xor.cpp", [f"-I{ROOT / 'tests'}", "-DBOOST_TEST_DYN_LINK"], True),
]


def compiler_family(compiler: str) -> str:
    return "clang" if "clang" in Path(compiler).name else "gcc"


def generate(workdir: Path, seed: int) -> list[dict]:
    """Writes every translation unit; returns their descriptions."""
    units = []
    workdir.mkdir(parents=True, exist_ok=True)

    def add(kind: str, name: str, source: str, **extra) -> None:
        path = workdir / f"{kind}_{name}.cpp"
        path.write_text(source)
        units.append({"kind": kind, "name": name, "path": str(path), **extra})

    add("baseline", "scalar_headers", FORMULA_BASELINE_TU)
    add("baseline", "nn_headers", NETWORK_BASELINE_TU.format(headers=NETWORK_HEADERS))
    for n in FORMULA_SIZES:
        rng = random.Random(seed * 1000 + n)
        text = formula(n, rng)
        assert count_nodes(text) == n, (n, count_nodes(text), text)
        add("formula", str(n), FORMULA_TU.format(nodes=n, formula=text), nodes=n)
    for depth in NETWORK_DEPTHS:
        for width in NETWORK_WIDTHS:
            shape, layers = network_shape(width, depth)
            add("network", f"{width}x{depth}", NETWORK_TU.format(shape=shape, headers=NETWORK_HEADERS, layers=layers),
                width=width, depth=depth, shape=shape)
    for name, path, flags, limits in FILES:
        units.append({"kind": "file", "name": name, "path": str(ROOT / path), "source": path,
                      "extra_flags": flags, "constexpr_limits": limits})
    return units


# ---------------------------------------------------------------------------------------------
# Compiling under /usr/bin/time -v.

def compiler_version(compiler: str) -> str:
    out = subprocess.run([compiler, "--version"], capture_output=True, text=True, check=True).stdout
    return out.splitlines()[0].strip()


def boost_include_flags() -> list[str]:
    # Boost lives in /usr/include on Debian: nothing to add. BOOST_ROOT overrides.
    root = os.environ.get("BOOST_ROOT")
    return ["-isystem", str(Path(root) / "include")] if root else []


def unit_flags(unit: dict, compiler: str) -> list[str]:
    """The flags a unit adds to the common ones (repository files: their targets' flags)."""
    extra = list(unit.get("extra_flags", []))
    if unit.get("constexpr_limits"):
        extra += CONSTEXPR_LIMITS[compiler_family(compiler)]
    return extra


def time_compile(compiler: str, flags: list[str], source: str, output: str) -> dict:
    cmd = ["/usr/bin/time", "-v", compiler, *flags, f"-I{ROOT / 'include'}", *boost_include_flags(),
           "-c", source, "-o", output]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    report = proc.stderr
    if proc.returncode != 0:
        raise RuntimeError(f"compilation failed: {' '.join(cmd)}\n{report[-4000:]}")

    def field(label: str) -> str:
        match = re.search(rf"^\s*{re.escape(label)}: (.*)$", report, re.MULTILINE)
        if not match:
            raise RuntimeError(f"/usr/bin/time -v gave no '{label}':\n{report[-2000:]}")
        return match.group(1).strip()

    user = float(field("User time (seconds)"))
    system = float(field("System time (seconds)"))
    peak_kb = int(field("Maximum resident set size (kbytes)"))
    wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
    parts = [float(p) for p in wall.split(":")]
    wall_s = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    return {"cpu_s": round(user + system, 3), "user_s": round(user, 3), "wall_s": round(wall_s, 3),
            "peak_mb": round(peak_kb / 1024, 1)}


def measure(units: list[dict], compilers: list[str], flags: list[str], repeat: int, workdir: Path) -> list[dict]:
    results = []
    for compiler in compilers:
        for unit in units:
            unit_specific = unit_flags(unit, compiler)
            runs = [time_compile(compiler, flags + unit_specific, unit["path"], str(workdir / "out.o"))
                    for _ in range(repeat)]
            # Repository files are checked on user time: keep their fastest run by that.
            key = "user_s" if unit["kind"] == "file" else "cpu_s"
            best = min(runs, key=lambda r: r[key])
            row = {k: v for k, v in unit.items() if k not in ("path", "extra_flags")}
            if unit_specific:
                row["flags"] = [f.replace(str(ROOT) + "/", "") for f in unit_specific]
            row.update(compiler=Path(compiler).name, **best, runs_cpu_s=[r["cpu_s"] for r in runs])
            results.append(row)
            print(f"  {Path(compiler).name:10} {unit['kind']:8} {unit['name']:16} "
                  f"{best['cpu_s']:7.2f} s {best['peak_mb']:8.1f} MB", flush=True)
    return results


# ---------------------------------------------------------------------------------------------
# Targets (issue 2: 300 nodes < 5 s; issue 5: 2-16-16-1 <= 3 s and <= 300 MB with g++ -O2,
# doubling a layer's width costs <= 20% more compile time).

def checks(results: list[dict]) -> list[dict]:
    out = []

    def find(compiler: str, kind: str, name: str):
        for r in results:
            if r["compiler"] == compiler and r["kind"] == kind and r["name"] == name:
                return r
        return None

    compilers = sorted({r["compiler"] for r in results})
    for c in compilers:
        r = find(c, "formula", "300")
        if r:
            out.append({"target": f"{c}: gradient of a 300-node formula compiles in < 5 s",
                        "measured": f"{r['cpu_s']:.2f} s, {r['peak_mb']:.0f} MB", "ok": r["cpu_s"] < 5.0})
    for c in compilers:
        r = find(c, "network", "16x2")
        if r and c.startswith("g++"):
            out.append({"target": f"{c}: a TU training 2-16-16-1 compiles in <= 3 s and <= 300 MB",
                        "measured": f"{r['cpu_s']:.2f} s, {r['peak_mb']:.0f} MB",
                        "ok": r["cpu_s"] <= 3.0 and r["peak_mb"] <= 300})
    # Repository files (issues 10 and 11), g++ only: user seconds of the fastest run.
    file_targets = [("two_moons", "the two-moons TU (docs/examples/two_moons.cpp)", 1.0, 150),
                    ("spirals", "the three-spirals TU (docs/examples/spirals.cpp)", 2.0, None),
                    ("gru_effect", "the GRU-16 training TU (docs/examples/gru_effect.cpp)", 3.0, 300)]
    for name, what, seconds, megabytes in file_targets:
        for c in compilers:
            r = find(c, "file", name)
            if r and c.startswith("g++"):
                bound = f"<= {seconds:.1f} s user time" + (f" and <= {megabytes} MB" if megabytes else "")
                out.append({"target": f"{c}: {what} compiles in {bound}",
                            "measured": f"{r['user_s']:.2f} s user ({r['cpu_s']:.2f} s CPU), "
                                        f"{r['peak_mb']:.0f} MB",
                            "ok": r["user_s"] <= seconds and (megabytes is None or r["peak_mb"] <= megabytes)})
    for c in compilers:
        r = find(c, "file", "constexpr_xor")
        if r:
            # It failed to compile if a limit were exceeded (measure() raises): here it compiled.
            out.append({"target": f"{c}: the constexpr XOR training test (tests/nn/constexpr_xor.cpp) compiles "
                                  f"within its constant-evaluation limits",
                        "measured": f"{r['cpu_s']:.2f} s, {r['peak_mb']:.0f} MB", "ok": True})
    for c in compilers:
        worst = None
        for depth in NETWORK_DEPTHS:
            for w in NETWORK_WIDTHS[:-1]:
                a, b = find(c, "network", f"{w}x{depth}"), find(c, "network", f"{2 * w}x{depth}")
                if a and b:
                    growth = b["cpu_s"] / a["cpu_s"] - 1
                    if worst is None or growth > worst[0]:
                        worst = (growth, f"{a['shape']} -> {b['shape']}")
        if worst:
            out.append({"target": f"{c}: doubling the width grows compile time by <= 20%",
                        "measured": f"worst +{100 * worst[0]:.0f}% ({worst[1]})", "ok": worst[0] <= 0.20})
    return out


def markdown(results: list[dict], check_rows: list[dict], flags: list[str]) -> str:
    compilers = sorted({r["compiler"] for r in results})
    by = {(r["compiler"], r["kind"], r["name"]): r for r in results}
    lines = [f"Flags: `{' '.join(flags)}`, compile only (`-c`); CPU seconds = user + system of the "
             "driver and the compiler proper; peak = maximum resident set; fastest of the runs.", ""]

    def cell(c, kind, name):
        r = by.get((c, kind, name))
        return f"{r['cpu_s']:.2f} s / {r['peak_mb']:.0f} MB" if r else "—"

    lines += ["| formula (gradient) | " + " | ".join(compilers) + " |",
              "|---|" + "---|" * len(compilers)]
    lines.append("| headers only | " + " | ".join(cell(c, "baseline", "scalar_headers") for c in compilers) + " |")
    for n in FORMULA_SIZES:
        lines.append(f"| {n} nodes | " + " | ".join(cell(c, "formula", str(n)) for c in compilers) + " |")
    lines.append("")
    for c in compilers:
        lines += [f"Networks, one training step, {c} (CPU s / peak MB; headers alone: "
                  f"{cell(c, 'baseline', 'nn_headers')}):", "",
                  "| hidden layers \\ width | " + " | ".join(str(w) for w in NETWORK_WIDTHS) + " |",
                  "|---|" + "---|" * len(NETWORK_WIDTHS)]
        for d in NETWORK_DEPTHS:
            lines.append(f"| {d} | " + " | ".join(cell(c, "network", f"{w}x{d}") for w in NETWORK_WIDTHS) + " |")
        lines.append("")
    files = [name for name, *_ in FILES]
    lines += ["| file (as it is, with its target's flags) | " + " | ".join(compilers) + " |",
              "|---|" + "---|" * len(compilers)]
    for name in files:
        lines.append(f"| {name} | " + " | ".join(cell(c, "file", name) for c in compilers) + " |")
    lines.append("")
    lines += ["| target | measured | met |", "|---|---|---|"]
    for row in check_rows:
        lines.append(f"| {row['target']} | {row['measured']} | {'yes' if row['ok'] else '**no**'} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--compilers", nargs="+", default=["g++", "clang++"])
    parser.add_argument("--flags", default="-std=c++20 -O2", help="compiler flags (one string)")
    parser.add_argument("--repeat", type=int, default=3, help="compilations per unit and compiler (min is kept)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the formula generator")
    parser.add_argument("--workdir", type=Path, default=None, help="where the units go (default: a temp dir)")
    parser.add_argument("--json", type=Path, default=ROOT / "docs/benchmarks/compile_cost.json")
    parser.add_argument("--markdown", type=Path, default=None, help="also write the markdown table here")
    parser.add_argument("--only", choices=["formula", "network", "file"],
                        help="measure only one kind (and the baselines)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument("--smoke", action="store_true",
                        help="CTest smoke test: the 10-node formula and 2-16-1 only, one run, no checks")
    args = parser.parse_args()

    if not Path("/usr/bin/time").exists():
        print("error: /usr/bin/time not found (Debian package `time`)", file=sys.stderr)
        return 2
    compilers = [c for c in args.compilers if shutil.which(c)]
    missing = sorted(set(args.compilers) - set(compilers))
    if missing:
        print(f"warning: compilers not found, skipped: {' '.join(missing)}", file=sys.stderr)
    if not compilers:
        return 2

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="constgrad_compile_cost_"))
    units = generate(workdir, args.seed)
    if args.only:
        units = [u for u in units if u["kind"] in (args.only, "baseline")]
    if args.smoke:
        units = [u for u in units if u["name"] in ("10", "16x1")]
        args.repeat = 1
    flags = args.flags.split()
    print(f"compile cost: {len(units)} units x {len(compilers)} compilers x {args.repeat} runs in {workdir}")
    results = measure(units, compilers, flags, args.repeat, workdir)
    check_rows = checks(results)

    document = {
        "benchmark": "compile_cost",
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cpu": cpu_model(), "cores": os.cpu_count(), "system": platform.platform(),
                    "load_average_at_end": os.getloadavg()},
        "compilers": {Path(c).name: compiler_version(c) for c in compilers},
        "flags": flags,
        "repeat": args.repeat,
        "formula_seed": args.seed,
        "results": results,
        "checks": check_rows,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(document, indent=1) + "\n")
    table = markdown(results, check_rows, flags)
    if args.markdown:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(table)
    print()
    print(table)
    print(f"wrote {args.json}")
    return 1 if args.check and not all(r["ok"] for r in check_rows) else 0


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


if __name__ == "__main__":
    sys.exit(main())
