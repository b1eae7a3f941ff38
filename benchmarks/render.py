#!/usr/bin/env python3
"""Renders docs/benchmarks.md and docs/benchmarks/chart.svg from the JSON files of a run.

Reads, from the results directory (default docs/benchmarks/): run.json (written by run_all.sh:
date, flags, compilers, machine), the Google Benchmark outputs networks*.json and
formulas.json, and compile_cost.json (benchmarks/compile_cost/compile_cost.py). Missing files
are skipped (an engine that was not built has no column). Python standard library only.

Times are CPU times (the machine may be shared; CPU time leaves out the time the process
waited for a core), the median of the repetitions when there were several.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

ENGINES = ["constgrad", "hand", "eigen", "tape", "adolc", "libtorch"]
ENGINE_TITLES = {"constgrad": "constgrad", "hand": "hand-written", "eigen": "Eigen", "tape": "tape",
                 "adolc": "ADOL-C", "libtorch": "LibTorch"}
SHAPES = ["2-16-16-1", "4-32-32-1", "10-64-64-1", "16-64-64-1"]
ACTIVATIONS = ["relu", "tanh"]
SCALARS = ["double", "float"]
BATCHES = [1, 32]
FORMULAS = ["seed_3x2_4x", "shared_expression", "deep_expression", "shared_expression_literals",
            "deep_expression_literals", "sum_100_terms", "mixed_elementary", "tanh_neuron"]
UNIT_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}


def load_benchmarks(path: Path) -> dict[str, dict]:
    """name -> {"ns": cpu ns per iteration, counters...}; medians of repetitions if present."""
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text())
    except json.JSONDecodeError as error:  # e.g. a run that aborted half-way
        print(f"warning: {path} is not valid JSON ({error}); skipped", file=sys.stderr)
        return {}
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
    return out


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


def fmt_ratio(r: float | None, target: tuple[str, float] | None = None) -> str:
    if r is None:
        return "—"
    text = f"{r:.2f}×" if r < 10 else f"{r:,.0f}×"
    if target:
        op, bound = target
        ok = r <= bound if op == "<=" else r >= bound
        if not ok:
            text = f"**{text}**"
    return text


class Results:
    def __init__(self, directory: Path):
        self.dir = directory
        self.bench: dict[str, dict] = {}
        for name in ["networks", "networks_eigen", "networks_adolc", "networks_libtorch", "formulas"]:
            self.bench.update(load_benchmarks(directory / f"{name}.json"))
        # rerun_*.json: benchmarks measured again (e.g. when the machine was quiet); they
        # replace the entries of the full run with the same name.
        self.reruns = []
        for path in sorted(directory.glob("rerun_*.json")):
            entries = load_benchmarks(path)
            if entries:
                context = json.loads(path.read_text()).get("context", {})
                self.reruns.append((path.name, len(entries), context.get("date", "?"),
                                    context.get("load_avg", [])))
                self.bench.update(entries)
        self.run = json.loads((directory / "run.json").read_text()) if (directory / "run.json").exists() else {}
        cc = directory / "compile_cost.json"
        self.compile = json.loads(cc.read_text()) if cc.exists() else None
        self.engines = [e for e in ENGINES if any(k.startswith(f"train/{e}/") for k in self.bench)]

    def per_sample(self, kind: str, engine: str, act: str, shape: str, scalar: str, batch: int) -> float | None:
        b = self.bench.get(f"{kind}/{engine}/{act}/{shape}/{scalar}/b{batch}")
        return b["ns"] / batch if b else None

    def counter(self, name: str, counter: str) -> float | None:
        b = self.bench.get(name)
        return b.get(counter) if b else None


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b not in (None, 0) else None


# ---------------------------------------------------------------------------------------------

def section_header(r: Results) -> list[str]:
    run = r.run
    lines = ["# Benchmarks", "",
             "Generated by `benchmarks/run_all.sh` (rendered by `benchmarks/render.py`); the raw numbers are the "
             "JSON files in [docs/benchmarks/](benchmarks/). Do not edit by hand: rerun the script.", ""]
    if run:
        lines += ["| | |", "|---|---|"]
        for key, label in [("date", "date"), ("machine", "machine"), ("cores", "cores"), ("system", "system"),
                           ("compiler", "compiler (run-time benchmarks)"), ("flags", "flags"),
                           ("peers", "peers found"), ("min_time", "Google Benchmark"),
                           ("load", "load average (start → end)"), ("note", "note")]:
            if run.get(key) not in (None, ""):
                lines.append(f"| {label} | {run[key]} |")
        lines.append("")
    for name, count, date, load in r.reruns:
        lines += [f"Rerun: {count} benchmarks of `{name}` were measured again on {date} (load average "
                  f"{', '.join(f'{x:.2f}' for x in load)}); they replace the full run's numbers.", ""]
    lines += ["Times are CPU time per sample (per training step for batch 1; a batch-32 step divided by 32), "
              "the median of the repetitions. One training step = forward + squared-error loss + backward + "
              "SGD update (lr 1e-3), I-H-H-1 networks with the activation on both hidden layers and a linear "
              "output. Every engine starts from the same parameters; before anything is timed, each engine's "
              "gradient (batch 1 and 32), outputs and parameters after one step are compared with the "
              "hand-written ones and the run aborts on a mismatch.", ""]
    return lines


def section_train(r: Results, kind: str) -> list[str]:
    title = "Training step" if kind == "train" else "Forward pass"
    lines = [f"## {title}, time per sample", ""]
    for batch in BATCHES:
        lines += [f"### batch {batch}", "",
                  "| network | " + " | ".join(ENGINE_TITLES[e] for e in r.engines) + " |",
                  "|---|" + "---:|" * len(r.engines)]
        for scalar in SCALARS:
            for act in ACTIVATIONS:
                for shape in SHAPES:
                    cells = [fmt_ns(r.per_sample(kind, e, act, shape, scalar, batch)) for e in r.engines]
                    if all(c == "—" for c in cells):
                        continue
                    lines.append(f"| {shape} {act} {scalar} | " + " | ".join(cells) + " |")
        lines.append("")
    return lines


RATIOS = [
    # (title, numerator engine, denominator engine, target)
    ("constgrad ÷ hand", "constgrad", "hand", ("<=", 0.9)),
    ("constgrad ÷ Eigen", "constgrad", "eigen", ("<=", 1.0)),
    ("tape ÷ constgrad", "tape", "constgrad", (">=", 100)),
    ("ADOL-C ÷ constgrad", "adolc", "constgrad", (">=", 20)),
    ("LibTorch ÷ constgrad", "libtorch", "constgrad", (">=", 1000)),
]


def ratio_rows(r: Results, kind: str = "train"):
    for scalar in SCALARS:
        for act in ACTIVATIONS:
            for shape in SHAPES:
                for batch in BATCHES:
                    row = []
                    for _, num, den, _ in RATIOS:
                        row.append(ratio(r.per_sample(kind, num, act, shape, scalar, batch),
                                         r.per_sample(kind, den, act, shape, scalar, batch)))
                    if any(x is not None for x in row):
                        yield f"{shape} {act} {scalar} b{batch}", (shape, act, scalar, batch), row


def section_ratios(r: Results) -> list[str]:
    active = [i for i, (_, num, den, _) in enumerate(RATIOS) if num in r.engines and den in r.engines]
    lines = ["## Ratios (training step)", "",
             "Targets of issue 5: constgrad ≤ 0.9× hand-written and ≤ 1.0× Eigen on every shape; the tape ≥ 100×, "
             "ADOL-C ≥ 20× and LibTorch ≥ 1000× (batch 1) slower than constgrad. A missed target is **bold**.", "",
             "| network | " + " | ".join(RATIOS[i][0] for i in active) + " |",
             "|---|" + "---:|" * len(active)]
    for label, (shape, act, scalar, batch), row in ratio_rows(r):
        cells = []
        for i in active:
            target = RATIOS[i][3]
            if RATIOS[i][1] == "libtorch" and batch != 1:
                target = None  # the LibTorch target is stated for batch 1
            cells.append(fmt_ratio(row[i], target))
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines.append("")
    return lines


def section_formulas(r: Results) -> list[str]:
    if not any(k.startswith("formula/") for k in r.bench):
        return []
    lines = ["## Formula suite: gradient ÷ function", "",
             "Time per point (each iteration evaluates 256 points through a non-inlined function). The function "
             "is the formula on plain doubles; every gradient also returns the value. Ratios divide by the plain "
             "function's time; the target is constgrad gradient ÷ function ≤ 2.0.", "",
             "| formula | function | constgrad evaluate | hand gradient | constgrad gradient | tape gradient "
             "| hand ÷ f | constgrad ÷ f | tape ÷ f |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for f in FORMULAS:
        def t(engine, what):
            b = r.bench.get(f"formula/{f}/{engine}/{what}")
            return b["ns"] / b.get("points", 256) if b else None
        fn = t("hand", "function")
        lines.append(f"| {f} | {fmt_ns(fn)} | {fmt_ns(t('constgrad', 'function'))} | {fmt_ns(t('hand', 'gradient'))} "
                     f"| {fmt_ns(t('constgrad', 'gradient'))} | {fmt_ns(t('tape', 'gradient'))} "
                     f"| {fmt_ratio(ratio(t('hand', 'gradient'), fn))} "
                     f"| {fmt_ratio(ratio(t('constgrad', 'gradient'), fn), ('<=', 2.0))} "
                     f"| {fmt_ratio(ratio(t('tape', 'gradient'), fn))} |")
    lines.append("")
    return lines


def section_allocations(r: Results) -> list[str]:
    lines = ["## Heap allocations per step", "",
             "Counted by the benchmark binaries over 16 steps after the timed loop: `operator new` is replaced, and "
             "`malloc` & co. are interposed (so C libraries and custom allocators are counted too). The largest "
             "count over all workloads of an engine.", "",
             "| engine | train: operator new | train: malloc | forward: operator new | forward: malloc |",
             "|---|---:|---:|---:|---:|"]
    for e in r.engines:
        cells = []
        for kind in ["train", "forward"]:
            for counter in ["new_per_step", "malloc_per_step"]:
                values = [b.get(counter, 0) for k, b in r.bench.items() if k.startswith(f"{kind}/{e}/")]
                cells.append(f"{max(values):g}" if values else "—")
        lines.append(f"| {ENGINE_TITLES[e]} | " + " | ".join(cells) + " |")
    formula_allocs = {}
    for k, b in r.bench.items():
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
    lines += ["| target | measured | met |", "|---|---|---|"]
    for row in cc.get("checks", []):
        lines.append(f"| {row['target']} | {row['measured']} | {'yes' if row['ok'] else '**no**'} |")
    lines.append("")
    return lines


def section_targets(r: Results) -> list[str]:
    """One line per target of issue 5: the worst case over all workloads."""
    lines = ["## Targets", "", "| target | worst case | where | met |", "|---|---:|---|---|"]
    for title, num, den, (op, bound) in RATIOS:
        if num not in r.engines or den not in r.engines:
            lines.append(f"| {title} {op} {bound:g} | — | {ENGINE_TITLES.get(num if num not in r.engines else den)} "
                         f"not built | — |")
            continue
        worst = None
        for label, (shape, act, scalar, batch), row in ratio_rows(r):
            if num == "libtorch" and batch != 1:
                continue
            value = row[[t[0] for t in RATIOS].index(title)]
            if value is None:
                continue
            bad = value if op == "<=" else -value
            if worst is None or bad > worst[0]:
                worst = (bad, value, label)
        if worst:
            ok = worst[1] <= bound if op == "<=" else worst[1] >= bound
            lines.append(f"| {title} {op} {bound:g} | {fmt_ratio(worst[1])} | {worst[2]} | {'yes' if ok else '**no**'} |")
    fn_worst = None
    for f in FORMULAS:
        g = r.bench.get(f"formula/{f}/constgrad/gradient")
        fn = r.bench.get(f"formula/{f}/hand/function")
        if g and fn:
            v = g["ns"] / fn["ns"]
            if fn_worst is None or v > fn_worst[0]:
                fn_worst = (v, f)
    if fn_worst:
        lines.append(f"| constgrad gradient ÷ function <= 2 | {fmt_ratio(fn_worst[0])} | {fn_worst[1]} | "
                     f"{'yes' if fn_worst[0] <= 2 else '**no**'} |")
    allocs = [b.get("malloc_per_step", 0) for k, b in r.bench.items() if k.startswith("train/constgrad/")]
    if allocs:
        lines.append(f"| constgrad allocations per training step = 0 | {max(allocs):g} | all workloads | "
                     f"{'yes' if max(allocs) == 0 else '**no**'} |")
    lines.append("")
    return lines


# ---- SVG ------------------------------------------------------------------------------------

def svg_chart(r: Results) -> str:
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
    cc = r.compile
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
    if not r.bench and not r.compile:
        print(f"no results in {args.results}", file=sys.stderr)
        return 1
    lines = section_header(r)
    lines += ["![constgrad ÷ hand-written and ÷ Eigen; compile time vs width](benchmarks/chart.svg)", ""]
    lines += section_targets(r)
    lines += section_train(r, "train")
    lines += section_ratios(r)
    lines += section_train(r, "forward")
    lines += section_formulas(r)
    lines += section_allocations(r)
    lines += section_compile(r)
    if args.notes.exists():
        lines += [args.notes.read_text().rstrip(), ""]
    args.output.write_text("\n".join(lines))
    (args.results / "chart.svg").write_text(svg_chart(r))
    print(f"wrote {args.output} and {args.results / 'chart.svg'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
