#!/usr/bin/env python3
"""Renders docs/benchmarks.md and docs/benchmarks/chart.svg from the JSON files of a run.

Reads, from the results directory (default docs/benchmarks/), one sub-directory per cell of
the grid (gcc-baseline, gcc-native, clang-baseline, clang-native), each written by
benchmarks/run_all.sh: run.json (date, flags, compiler, machine), the Google Benchmark outputs
networks.json (constgrad, hand-written, Eigen: one interleaved run), networks_tape.json,
networks_adolc.json, networks_libtorch.json, formulas.json, and rerun_*.json (benchmarks
measured again with run_all.sh --filter: they replace the full run's entries); and
compile_cost.json (benchmarks/compile_cost/compile_cost.py). Missing files are skipped (an
engine that was not built has no column, a cell not run has no section). Python standard
library only.

Times are CPU times (the machine may be shared; CPU time leaves out the time the process
waited for a core), the median of the repetitions. GFLOP/s and % of peak are the binaries'
counters: flops of nn/flops.hpp over the same CPU time, the peak measured by the binary itself
at start-up with its build's flags.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CELLS = ["gcc-baseline", "gcc-native", "clang-baseline", "clang-native"]
CELL_TITLES = {"gcc-baseline": "g++, baseline x86-64", "gcc-native": "g++, -march=native",
               "clang-baseline": "clang++, baseline x86-64", "clang-native": "clang++, -march=native"}
NATIVE_CELLS = ["gcc-native", "clang-native"]
ENGINES = ["constgrad", "hand", "eigen", "tape", "adolc", "libtorch"]
ENGINE_TITLES = {"constgrad": "constgrad", "hand": "hand-written", "eigen": "Eigen", "tape": "tape",
                 "adolc": "ADOL-C", "libtorch": "LibTorch"}
SHAPES = ["2-16-16-1", "4-32-32-1", "10-64-64-1", "16-64-64-1"]
ACTIVATIONS = ["relu", "tanh"]
SCALARS = ["float", "double"]
BATCHES = [1, 32]
FORMULAS = ["seed_3x2_4x", "shared_expression", "deep_expression", "shared_expression_literals",
            "deep_expression_literals", "sum_100_terms", "mixed_elementary", "tanh_neuron"]
UNIT_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}
NETWORK_FILES = ["networks", "networks_tape", "networks_eigen", "networks_adolc", "networks_libtorch", "formulas"]
NOISE = 0.05  # a miss by at most 5% of the bound is reported as noise-level


def load_benchmarks(path: Path) -> tuple[dict[str, dict], dict]:
    """(name -> {"ns": cpu ns per iteration, counters...}, context); medians of repetitions."""
    if not path.exists():
        return {}, {}
    try:
        data = json.loads(path.read_text())
    except json.JSONDecodeError as error:  # e.g. a run that aborted half-way
        print(f"warning: {path} is not valid JSON ({error}); skipped", file=sys.stderr)
        return {}, {}
    plain: dict[str, list[dict]] = {}
    medians: dict[str, dict] = {}
    for b in data.get("benchmarks", []):
        if b.get("error_occurred"):
            continue
        name = b.get("run_name", b["name"])
        entry = dict(b)
        entry["ns"] = b["cpu_time"] * UNIT_NS[b.get("time_unit", "ns")]
        if b.get("run_type") == "aggregate":
            if b.get("aggregate_name") == "median":
                medians[name] = entry
        else:
            plain.setdefault(name, []).append(entry)
    out = {}
    for name, runs in plain.items():
        runs.sort(key=lambda e: e["ns"])
        out[name] = runs[len(runs) // 2]
    out.update(medians)  # aggregates win when the run reported them
    return out, data.get("context", {})


def fmt_ns(ns: float | None) -> str:
    if ns is None:
        return "—"
    if ns >= 1e6:
        return f"{ns / 1e6:,.2f} ms"
    if ns >= 1e4:
        return f"{ns / 1e3:,.1f} µs"
    if ns >= 100:
        return f"{ns:,.0f} ns"
    return f"{ns:.1f} ns"


def fmt_num(x: float | None, digits: int = 1) -> str:
    return "—" if x is None else f"{x:,.{digits}f}"


def status(value: float | None, target: tuple[str, float] | None) -> str | None:
    """"met", "noise" (missed by at most 5% of the bound) or "missed"; None without a value."""
    if value is None or target is None:
        return None
    op, bound = target
    if (value <= bound) if op == "<=" else (value >= bound):
        return "met"
    near = value <= bound * (1 + NOISE) if op == "<=" else value >= bound * (1 - NOISE)
    return "noise" if near else "missed"


def fmt_ratio(r: float | None, target: tuple[str, float] | None = None) -> str:
    if r is None:
        return "—"
    text = f"{r:.2f}×" if r < 10 else f"{r:,.0f}×"
    s = status(r, target)
    return f"**{text}**" if s == "missed" else f"*{text}*" if s == "noise" else text


def fmt_pct(p: float | None, target: tuple[str, float] | None = None) -> str:
    if p is None:
        return "—"
    text = f"{p:.1f}%"
    s = status(p, target)
    return f"**{text}**" if s == "missed" else f"*{text}*" if s == "noise" else text


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b not in (None, 0) else None


class Cell:
    """The results of one (compiler, flags) cell of the grid."""

    def __init__(self, name: str, directory: Path):
        self.name = name
        self.dir = directory
        self.bench: dict[str, dict] = {}
        self.context: dict = {}
        for f in NETWORK_FILES:
            entries, context = load_benchmarks(directory / f"{f}.json")
            self.bench.update(entries)
            if f == "networks" and context:
                self.context = context
        self.reruns = []
        for path in sorted(directory.glob("rerun_*.json")):
            if path.name == "rerun_run.json":
                continue
            entries, context = load_benchmarks(path)
            if entries:
                self.reruns.append((path.name, len(entries), context.get("date", "?")))
                self.bench.update(entries)
                if path.name == "rerun_networks.json" and not self.context:
                    self.context = context
        self.run = json.loads((directory / "run.json").read_text()) if (directory / "run.json").exists() else {}
        self.engines = [e for e in ENGINES if any(k.startswith(f"train/{e}/") for k in self.bench)]

    def get(self, kind: str, engine: str, act: str, shape: str, scalar: str, batch: int) -> dict | None:
        return self.bench.get(f"{kind}/{engine}/{act}/{shape}/{scalar}/b{batch}")

    def per_sample(self, kind: str, engine: str, act: str, shape: str, scalar: str, batch: int) -> float | None:
        b = self.get(kind, engine, act, shape, scalar, batch)
        return b["ns"] / batch if b else None

    def counter(self, kind: str, engine: str, act: str, shape: str, scalar: str, batch: int,
                counter: str) -> float | None:
        b = self.get(kind, engine, act, shape, scalar, batch)
        return b.get(counter) if b else None

    def peak(self, scalar: str) -> float | None:
        value = self.context.get(f"peak_gflops_{scalar}")
        return float(value) if value not in (None, "") else None

    @property
    def title(self) -> str:
        return CELL_TITLES.get(self.name, self.name)


class Results:
    def __init__(self, directory: Path):
        self.dir = directory
        self.cells = [Cell(c, directory / c) for c in CELLS if (directory / c).is_dir()]
        self.cells = [c for c in self.cells if c.bench]
        cc = directory / "compile_cost.json"
        self.compile = json.loads(cc.read_text()) if cc.exists() else None

    def cell(self, name: str) -> Cell | None:
        return next((c for c in self.cells if c.name == name), None)


def workloads():
    for scalar in SCALARS:
        for act in ACTIVATIONS:
            for shape in SHAPES:
                yield shape, act, scalar


# ---- Targets (issue 9) ----------------------------------------------------------------------
# Each target: a title, the cells it concerns, the workloads, and how to get the value.

def forward_vs_eigen(c: Cell, shape, act, scalar, batch):
    return ratio(c.per_sample("forward", "constgrad", act, shape, scalar, batch),
                 c.per_sample("forward", "eigen", act, shape, scalar, batch))


def train_vs(engine):
    def value(c: Cell, shape, act, scalar, batch):
        return ratio(c.per_sample("train", "constgrad", act, shape, scalar, batch),
                     c.per_sample("train", engine, act, shape, scalar, batch))
    return value


def tape_vs_constgrad(c: Cell, shape, act, scalar, batch):
    return ratio(c.per_sample("train", "tape", act, shape, scalar, batch),
                 c.per_sample("train", "constgrad", act, shape, scalar, batch))


def pct_peak(kind):
    def value(c: Cell, shape, act, scalar, batch):
        return c.counter(kind, "constgrad", act, shape, scalar, batch, "pct_peak")
    return value


def every(shapes=SHAPES, acts=ACTIVATIONS, scalars=SCALARS, batches=BATCHES):
    return [(s, a, t, b) for t in scalars for a in acts for s in shapes for b in batches]


TARGETS = [
    # (title, cells (None: all), workloads, value function, (op, bound))
    ("Forward, batch 1: constgrad ÷ Eigen", None, every(batches=[1]), forward_vs_eigen, ("<=", 0.9)),
    ("Training step, batch 1 and 32: constgrad ÷ hand-written", None, every(), train_vs("hand"), ("<=", 0.8)),
    ("Training step, batch 1 and 32: constgrad ÷ Eigen", None, every(), train_vs("eigen"), ("<=", 0.9)),
    ("16-64-64-1 forward, batch 1, float: % of peak", NATIVE_CELLS,
     every(shapes=["16-64-64-1"], scalars=["float"], batches=[1]), pct_peak("forward"), (">=", 60)),
    ("16-64-64-1 training step, batch 32: % of peak", NATIVE_CELLS,
     every(shapes=["16-64-64-1"], batches=[32]), pct_peak("train"), (">=", 60)),
    ("16-64-64-1 training step: tape ÷ constgrad", None, every(shapes=["16-64-64-1"]), tape_vs_constgrad,
     (">=", 100)),
]

STATUS_TEXT = {"met": "met", "noise": "noise-level (within 5%)", "missed": "**missed**"}


def target_rows(r: Results):
    """(title, bound text, cell title, met count, total, worst value, where, status) per target and cell."""
    for title, cell_names, cases, value_of, target in TARGETS:
        op, bound = target
        for c in r.cells:
            if cell_names is not None and c.name not in cell_names:
                continue
            values = []
            for shape, act, scalar, batch in cases:
                v = value_of(c, shape, act, scalar, batch)
                if v is not None:
                    values.append((v, f"{shape} {act} {scalar} b{batch}"))
            if not values:
                yield title, f"{op} {bound:g}", c.title, 0, len(cases), None, "not measured", None
                continue
            worst = max(values) if op == "<=" else min(values)
            met = sum(status(v, target) == "met" for v, _ in values)
            yield (title, f"{op} {bound:g}", c.title, met, len(values), worst[0], worst[1],
                   status(worst[0], target))


def section_targets(r: Results) -> list[str]:
    lines = ["## Targets", "",
             "Issue 9's targets, per cell of the grid (compiler × flags). A cell counts as met when the median of "
             "the interleaved repetitions meets it; a miss by at most 5% of the bound is reported as noise-level. "
             "Worst case over the workloads the target covers (shapes 2-16-16-1, 4-32-32-1, 10-64-64-1, "
             "16-64-64-1; relu and tanh; float and double), and where.", "",
             "| target | bound | cell | met | worst | where | status |", "|---|---|---|---:|---:|---|---|"]
    for title, bound, cell, met, total, worst, where, s in target_rows(r):
        if worst is None:
            lines.append(f"| {title} | {bound} | {cell} | — | — | {where} | — |")
            continue
        text = f"{worst:.1f}%" if "peak" in title else (f"{worst:.2f}×" if worst < 10 else f"{worst:,.0f}×")
        lines.append(f"| {title} | {bound} | {cell} | {met}/{total} | {text} | {where} | {STATUS_TEXT[s]} |")
    # Allocations: constgrad, every cell, training step and forward.
    allocs = [b.get("malloc_per_step", 0) for c in r.cells for k, b in c.bench.items()
              if k.startswith(("train/constgrad/", "forward/constgrad/"))]
    if allocs:
        lines.append(f"| constgrad heap allocations per step and per forward | = 0 | all | — | {max(allocs):g} | "
                     f"every workload | {'met' if max(allocs) == 0 else '**missed**'} |")
    # Issue 9: constgrad's gradient <= max(2.0 x the plain function, 1.2 x the hand-written
    # gradient); the value shown is constgrad gradient / that bound (<= 1 is met).
    for c in r.cells:
        worst = None
        for f in FORMULAS:
            g = c.bench.get(f"formula/{f}/constgrad/gradient")
            fn = c.bench.get(f"formula/{f}/hand/function")
            hand = c.bench.get(f"formula/{f}/hand/gradient")
            if g and fn and hand:
                v = g["ns"] / max(2.0 * fn["ns"], 1.2 * hand["ns"])
                if worst is None or v > worst[0]:
                    worst = (v, f)
        if worst:
            lines.append(f"| constgrad gradient ÷ max(2 × function, 1.2 × hand gradient) (formula suite) | <= 1 | "
                         f"{c.title} | — | {fmt_ratio(worst[0])} | {worst[1]} | "
                         f"{STATUS_TEXT[status(worst[0], ('<=', 1))]} |")
    if r.compile:
        for row in r.compile.get("checks", []):
            lines.append(f"| compile cost: {row['target']} | — | — | — | {row['measured']} | — | "
                         f"{'met' if row['ok'] else '**missed**'} |")
    lines.append("")
    return lines


# ---- Per cell -------------------------------------------------------------------------------

def section_header(r: Results) -> list[str]:
    lines = ["# Benchmarks", "",
             "Generated by `benchmarks/run_all.sh` (rendered by `benchmarks/render.py`); the raw numbers are the "
             "JSON files in [docs/benchmarks/](benchmarks/), one directory per cell. Do not edit by hand: rerun "
             "the script.", ""]
    first = next((c.run for c in r.cells if c.run), {})
    if first:
        lines += ["| | |", "|---|---|"]
        for key, label in [("machine", "machine"), ("cores", "cores"), ("system", "system"),
                           ("benchmark", "Google Benchmark")]:
            if first.get(key) not in (None, ""):
                lines.append(f"| {label} | {first[key]} |")
        lines.append("")
    if r.cells:
        lines += ["| cell | compiler | flags | peers | measured | peak float | peak double | load average "
                  "(start → end) | run time |", "|---|---|---|---|---|---:|---:|---|---:|"]
        for c in r.cells:
            run = c.run
            lines.append(f"| {c.title} | {run.get('compiler', '?')} | `{run.get('flags', '?')}` | "
                         f"{run.get('peers', '?')} | {run.get('date', '?')} | "
                         f"{fmt_num(c.peak('float'))} GFLOP/s | {fmt_num(c.peak('double'))} GFLOP/s | "
                         f"{run.get('load', '?')} | {run.get('run_seconds', '?')} s |")
        lines.append("")
        kernels = sorted({c.context.get("peak_kernel", "") for c in r.cells} - {""})
        if kernels:
            lines += ["Peak: measured by each benchmark binary at start-up, with its own flags: " +
                      "; ".join(kernels) + ". Baseline x86-64 has no FMA, so its peak is that of a multiply and "
                      "an add (2 flops).", ""]
        notes = sorted({c.run.get("note", "") for c in r.cells} - {""})
        if notes:
            lines += ["Note: " + " ".join(notes), ""]
    for c in r.cells:
        for name, count, date in c.reruns:
            lines += [f"Rerun ({c.title}): {count} benchmarks of `{name}` were measured again on {date}; they "
                      f"replace the full run's numbers.", ""]
    lines += ["Times are CPU time per sample (per step for batch 1; a batch-32 step divided by 32), the median of "
              "the interleaved repetitions. One training step = forward + squared-error loss + backward + SGD "
              "update (lr 1e-3) of an I-H-H-1 network with the activation on both hidden layers and a linear "
              "output; a forward pass = the output of every sample of the batch. Every engine starts from the same "
              "parameters; before anything is timed, each engine's gradient (batch 1 and 32), outputs and "
              "parameters after one step are compared with the hand-written ones and the run aborts on a "
              "mismatch.", "",
              "Flops (`constgrad::nn::forward_flops` / `training_flops`, include/constgrad/nn/flops.hpp): a forward "
              "pass Σ 2·In·Out per sample; a training step adds the weight gradient (Σ 2·In·Out) and the input "
              "gradient of every layer but the first per sample, plus 2 per parameter per update; biases and "
              "activations are not counted. GFLOP/s = those flops ÷ CPU time; % peak = GFLOP/s ÷ the cell's "
              "measured peak of the same scalar type. In the ratio columns a missed target is **bold**, a miss "
              "within 5% *italic* (noise-level).", ""]
    return lines


def section_cell(c: Cell) -> list[str]:
    lines = [f"## {c.title}", "",
             f"`{c.run.get('flags', '?')}`, {c.run.get('compiler', '?')}; peak {fmt_num(c.peak('float'))} GFLOP/s "
             f"float, {fmt_num(c.peak('double'))} GFLOP/s double.", ""]
    has = set(c.engines)
    # Forward.
    lines += [f"### Forward pass (inference), {c.title}", "",
              "| network | batch | constgrad | GFLOP/s | % peak | hand-written | Eigen | Eigen % peak "
              "| constgrad ÷ Eigen |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for shape, act, scalar in workloads():
        for batch in BATCHES:
            if c.get("forward", "constgrad", act, shape, scalar, batch) is None:
                continue
            target = ("<=", 0.9) if batch == 1 else None
            peak_target = (">=", 60) if (c.name in NATIVE_CELLS and shape == "16-64-64-1" and scalar == "float"
                                         and batch == 1) else None
            lines.append(
                f"| {shape} {act} {scalar} | {batch} | {fmt_ns(c.per_sample('forward', 'constgrad', act, shape, scalar, batch))} "
                f"| {fmt_num(c.counter('forward', 'constgrad', act, shape, scalar, batch, 'GFLOPS'))} "
                f"| {fmt_pct(c.counter('forward', 'constgrad', act, shape, scalar, batch, 'pct_peak'), peak_target)} "
                f"| {fmt_ns(c.per_sample('forward', 'hand', act, shape, scalar, batch))} "
                f"| {fmt_ns(c.per_sample('forward', 'eigen', act, shape, scalar, batch))} "
                f"| {fmt_pct(c.counter('forward', 'eigen', act, shape, scalar, batch, 'pct_peak'))} "
                f"| {fmt_ratio(forward_vs_eigen(c, shape, act, scalar, batch), target)} |")
    lines.append("")
    # Training.
    peers = [e for e in ["adolc", "libtorch"] if e in has]
    lines += [f"### Training step, {c.title}", "",
              "| network | batch | constgrad | GFLOP/s | % peak | hand-written | Eigen | tape | " +
              "".join(f"{ENGINE_TITLES[e]} | " for e in peers) +
              "constgrad ÷ hand | constgrad ÷ Eigen | tape ÷ constgrad |",
              "|---|---:|---:|---:|---:|---:|---:|---:|" + "---:|" * len(peers) + "---:|---:|---:|"]
    for shape, act, scalar in workloads():
        for batch in BATCHES:
            if c.get("train", "constgrad", act, shape, scalar, batch) is None:
                continue
            native_peak = (">=", 60) if (c.name in NATIVE_CELLS and shape == "16-64-64-1" and batch == 32) else None
            peer_cells = "".join(f"{fmt_ns(c.per_sample('train', e, act, shape, scalar, batch))} | " for e in peers)
            lines.append(
                f"| {shape} {act} {scalar} | {batch} | {fmt_ns(c.per_sample('train', 'constgrad', act, shape, scalar, batch))} "
                f"| {fmt_num(c.counter('train', 'constgrad', act, shape, scalar, batch, 'GFLOPS'))} "
                f"| {fmt_pct(c.counter('train', 'constgrad', act, shape, scalar, batch, 'pct_peak'), native_peak)} "
                f"| {fmt_ns(c.per_sample('train', 'hand', act, shape, scalar, batch))} "
                f"| {fmt_ns(c.per_sample('train', 'eigen', act, shape, scalar, batch))} "
                f"| {fmt_ns(c.per_sample('train', 'tape', act, shape, scalar, batch))} | {peer_cells}"
                f"{fmt_ratio(train_vs('hand')(c, shape, act, scalar, batch), ('<=', 0.8))} "
                f"| {fmt_ratio(train_vs('eigen')(c, shape, act, scalar, batch), ('<=', 0.9))} "
                f"| {fmt_ratio(tape_vs_constgrad(c, shape, act, scalar, batch), ('>=', 100) if shape == '16-64-64-1' else None)} |")
    lines.append("")
    return lines


def section_formulas(c: Cell) -> list[str]:
    if not any(k.startswith("formula/") for k in c.bench):
        return []
    lines = [f"### Formula suite: gradient ÷ function, {c.title}", "",
             "Time per point (each iteration evaluates 256 points through a non-inlined function). The function "
             "is the formula on plain doubles; every gradient also returns the value. Ratios divide by the plain "
             "function's time; the target is constgrad gradient ≤ max(2.0 × function, 1.2 × hand gradient) "
             "(last column ≤ 1).", "",
             "| formula | function | constgrad evaluate | hand gradient | constgrad gradient | tape gradient "
             "| hand ÷ f | constgrad ÷ f | tape ÷ f | constgrad ÷ target |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for f in FORMULAS:
        def t(engine, what):
            b = c.bench.get(f"formula/{f}/{engine}/{what}")
            return b["ns"] / b.get("points", 256) if b else None
        fn = t("hand", "function")
        lines.append(f"| {f} | {fmt_ns(fn)} | {fmt_ns(t('constgrad', 'function'))} | {fmt_ns(t('hand', 'gradient'))} "
                     f"| {fmt_ns(t('constgrad', 'gradient'))} | {fmt_ns(t('tape', 'gradient'))} "
                     f"| {fmt_ratio(ratio(t('hand', 'gradient'), fn))} "
                     f"| {fmt_ratio(ratio(t('constgrad', 'gradient'), fn), ('<=', 2.0))} "
                     f"| {fmt_ratio(ratio(t('tape', 'gradient'), fn))} "
                     f"| {fmt_ratio(target_ratio(t('constgrad', 'gradient'), fn, t('hand', 'gradient')), ('<=', 1.0))} |")
    lines.append("")
    return lines


def target_ratio(gradient, function, hand):
    """constgrad gradient / max(2 x function, 1.2 x hand gradient), issue 9's formula target."""
    if gradient is None or function is None or hand is None:
        return None
    return gradient / max(2.0 * function, 1.2 * hand)


def section_allocations(r: Results) -> list[str]:
    lines = ["## Heap allocations per step", "",
             "Counted by the benchmark binaries over 16 steps after the timed loop: `operator new` is replaced, and "
             "`malloc` & co. are interposed (so C libraries and custom allocators are counted too). The largest "
             "count over all workloads and cells of an engine.", "",
             "| engine | train: operator new | train: malloc | forward: operator new | forward: malloc |",
             "|---|---:|---:|---:|---:|"]
    engines = [e for e in ENGINES if any(e in c.engines for c in r.cells)]
    for e in engines:
        cells = []
        for kind in ["train", "forward"]:
            for counter in ["new_per_step", "malloc_per_step"]:
                values = [b.get(counter, 0) for c in r.cells for k, b in c.bench.items()
                          if k.startswith(f"{kind}/{e}/")]
                cells.append(f"{max(values):g}" if values else "—")
        lines.append(f"| {ENGINE_TITLES[e]} | " + " | ".join(cells) + " |")
    formula_allocs = {}
    for c in r.cells:
        for k, b in c.bench.items():
            if k.startswith("formula/"):
                engine = k.split("/")[2]
                formula_allocs[engine] = max(formula_allocs.get(engine, 0), b.get("malloc_per_eval", 0))
    if formula_allocs:
        lines += ["", "Formula suite, malloc per evaluation (largest over the formulas): " +
                  ", ".join(f"{e} {v:g}" for e, v in sorted(formula_allocs.items())) + "."]
    lines.append("")
    return lines


def section_compile(r: Results) -> list[str]:
    cc = r.compile
    if not cc:
        return []
    results = cc["results"]
    compilers = sorted({x["compiler"] for x in results})
    by = {(x["compiler"], x["kind"], x["name"]): x for x in results}

    def cell(c, kind, name):
        x = by.get((c, kind, name))
        return f"{x['cpu_s']:.2f} s / {x['peak_mb']:.0f} MB" if x else "—"

    lines = ["## Compile cost", "",
             f"`benchmarks/compile_cost/compile_cost.py`: generated translation units compiled with "
             f"`{' '.join(cc['flags'])} -c` under `/usr/bin/time -v`; CPU seconds (user + system) / peak resident "
             f"memory, the fastest of {cc['repeat']} runs. Compilers: " +
             ", ".join(f"{v}" for v in cc["compilers"].values()) + f". Measured {cc['date']}.", "",
             "Gradient of a formula of N nodes (a balanced random tree over the scalar operations, four "
             "variables, evaluated at a run-time point):", "",
             "| formula | " + " | ".join(compilers) + " |", "|---|" + "---:|" * len(compilers),
             "| headers only | " + " | ".join(cell(c, "baseline", "scalar_headers") for c in compilers) + " |"]
    sizes = sorted({int(x["name"]) for x in results if x["kind"] == "formula"})
    for n in sizes:
        lines.append(f"| {n} nodes | " + " | ".join(cell(c, "formula", str(n)) for c in compilers) + " |")
    lines.append("")
    widths = sorted({x["width"] for x in results if x["kind"] == "network"})
    depths = sorted({x["depth"] for x in results if x["kind"] == "network"})
    for c in compilers:
        lines += [f"One training step of a 2-W-…-W-1 relu network (nn::network, squared error, optim::sgd), {c}; "
                  f"the network headers alone: {cell(c, 'baseline', 'nn_headers')}:", "",
                  "| hidden layers \\ width W | " + " | ".join(str(w) for w in widths) + " |",
                  "|---|" + "---:|" * len(widths)]
        for d in depths:
            lines.append(f"| {d} | " + " | ".join(cell(c, "network", f"{w}x{d}") for w in widths) + " |")
        lines.append("")
    files = sorted({x["name"] for x in results if x["kind"] == "file"})
    if files:
        lines += ["Repository files compiled as they are, with their targets' flags (the constexpr XOR test with its "
                  "raised constant-evaluation limits):", "",
                  "| file | " + " | ".join(compilers) + " |", "|---|" + "---:|" * len(compilers)]
        for name in files:
            lines.append(f"| {name} | " + " | ".join(cell(c, "file", name) for c in compilers) + " |")
        lines.append("")
    lines += ["| target | measured | met |", "|---|---|---|"]
    for row in cc.get("checks", []):
        lines.append(f"| {row['target']} | {row['measured']} | {'yes' if row['ok'] else '**no**'} |")
    lines.append("")
    return lines


# ---- SVG ------------------------------------------------------------------------------------

def svg_chart(r: Cell, compile_cost: dict | None) -> str:
    """Left: constgrad ÷ hand and ÷ Eigen per workload (batch 1, training step). Right: compile time
    vs width for each depth (g++)."""
    bars = []
    for scalar in SCALARS:
        for act in ACTIVATIONS:
            for shape in SHAPES:
                c = r.per_sample("train", "constgrad", act, shape, scalar, 1)
                h = r.per_sample("train", "hand", act, shape, scalar, 1)
                e = r.per_sample("train", "eigen", act, shape, scalar, 1)
                if c and h:
                    bars.append((f"{shape} {act} {scalar[0]}", c / h, c / e if e else None))
    width, height = 1100, 520
    left_w = 640
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'font-family="sans-serif" font-size="11">',
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="10" y="18" font-size="14" font-weight="bold">constgrad training step ÷ hand-written '
           '(blue) and ÷ Eigen (orange), batch 1</text>']
    # Bar chart.
    x0, y0, plot_w, plot_h = 60, 40, left_w - 80, 330
    top = max([1.2] + [b[1] for b in bars] + [b[2] for b in bars if b[2]])
    top = math.ceil(top * 2) / 2
    for k in range(int(top / 0.5) + 1):
        v = k * 0.5
        y = y0 + plot_h - v / top * plot_h
        out.append(f'<line x1="{x0}" y1="{y:.1f}" x2="{x0 + plot_w}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{x0 - 6}" y="{y + 4:.1f}" text-anchor="end">{v:.1f}</text>')
    if bars:
        slot = plot_w / len(bars)
        for i, (label, rh, re) in enumerate(bars):
            bx = x0 + i * slot
            for j, (v, color) in enumerate([(rh, "#3b6fb6"), (re, "#e08a1e")]):
                if v is None:
                    continue
                bh = v / top * plot_h
                out.append(f'<rect x="{bx + 2 + j * (slot - 4) / 2:.1f}" y="{y0 + plot_h - bh:.1f}" '
                           f'width="{(slot - 4) / 2:.1f}" height="{bh:.1f}" fill="{color}">'
                           f'<title>{label}: {v:.2f}</title></rect>')
            tx, ty = bx + slot / 2, y0 + plot_h + 8
            out.append(f'<text x="{tx:.1f}" y="{ty:.1f}" transform="rotate(60 {tx:.1f} {ty:.1f})">{label}</text>')
    # Reference lines on top of the bars, and a legend.
    for v, color in [(1.0, "#333"), (0.9, "#c00")]:
        y = y0 + plot_h - v / top * plot_h
        out.append(f'<line x1="{x0}" y1="{y:.1f}" x2="{x0 + plot_w}" y2="{y:.1f}" stroke="{color}" '
                   f'stroke-dasharray="4,3"/>')
    out.append(f'<text x="{x0 + 8}" y="{y0 + 4}" fill="#333">dashed: 1.0 (black), target 0.9 for ÷ hand (red); '
               f'target for ÷ Eigen: 1.0</text>')
    # Compile time vs width.
    cc = compile_cost
    gx0, gy0, gw, gh = left_w + 60, 40, width - left_w - 150, 330
    out.append(f'<text x="{left_w + 20}" y="18" font-size="14" font-weight="bold">compile time vs width '
               f'(g++, one training step)</text>')
    if cc:
        nets = [x for x in cc["results"] if x["kind"] == "network" and x["compiler"].startswith("g++")]
        widths = sorted({x["width"] for x in nets})
        depths = sorted({x["depth"] for x in nets})
        if nets:
            tmax = math.ceil(max(x["cpu_s"] for x in nets) * 2 + 0.5) / 2
            for k in range(int(tmax / 0.5) + 1):
                v = k * 0.5
                y = gy0 + gh - v / tmax * gh
                out.append(f'<line x1="{gx0}" y1="{y:.1f}" x2="{gx0 + gw}" y2="{y:.1f}" stroke="#ddd"/>')
                out.append(f'<text x="{gx0 - 6}" y="{y + 4:.1f}" text-anchor="end">{v:.1f} s</text>')

            def px(w):
                return gx0 + (math.log2(w) - math.log2(widths[0])) / max(1e-9, math.log2(widths[-1] / widths[0])) * gw

            for w in widths:
                out.append(f'<text x="{px(w):.1f}" y="{gy0 + gh + 16}" text-anchor="middle">{w}</text>')
            colors = ["#3b6fb6", "#e08a1e", "#3a9a4a", "#b03a8a", "#777"]
            for i, d in enumerate(depths):
                pts = sorted((x["width"], x["cpu_s"]) for x in nets if x["depth"] == d)
                path = " ".join(f"{px(w):.1f},{gy0 + gh - t / tmax * gh:.1f}" for w, t in pts)
                color = colors[i % len(colors)]
                out.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"/>')
                out.append(f'<text x="{gx0 + gw + 4}" y="{gy0 + 14 + 14 * i}" fill="{color}">{d} hidden</text>')
            out.append(f'<text x="{gx0 + gw / 2:.1f}" y="{gy0 + gh + 32}" text-anchor="middle">width W '
                       f'(2-W-…-W-1)</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--results", type=Path, default=ROOT / "docs/benchmarks")
    parser.add_argument("--output", type=Path, default=ROOT / "docs/benchmarks.md")
    parser.add_argument("--notes", type=Path, default=ROOT / "benchmarks/notes.md",
                        help="hand-written analysis appended to the page (if it exists)")
    args = parser.parse_args()
    r = Results(args.results)
    if not r.cells and not r.compile:
        print(f"no results in {args.results}", file=sys.stderr)
        return 1
    lines = section_header(r)
    chart_cell = r.cell("gcc-baseline") or (r.cells[0] if r.cells else None)
    if chart_cell:
        lines += [f"![constgrad ÷ hand-written and ÷ Eigen ({chart_cell.title}); compile time vs width]"
                  f"(benchmarks/chart.svg)", ""]
    lines += section_targets(r)
    for c in r.cells:
        lines += section_cell(c)
    if r.cells:
        lines += ["## Formula suite", ""]
        for c in r.cells:
            lines += section_formulas(c)
    lines += section_allocations(r)
    lines += section_compile(r)
    if args.notes.exists():
        lines += [args.notes.read_text().rstrip(), ""]
    args.output.write_text("\n".join(lines))
    if chart_cell:
        (args.results / "chart.svg").write_text(svg_chart(chart_cell, r.compile))
    print(f"wrote {args.output}" + (f" and {args.results / 'chart.svg'}" if chart_cell else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
