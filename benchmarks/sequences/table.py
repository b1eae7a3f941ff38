#!/usr/bin/env python3
"""Markdown tables of bench_sequences results (benchmarks/sequences/run.sh): the streaming step
(ns per sample, real-time factor at 48 kHz, constgrad / min(hand, Eigen)) and the training step
per 2,048-sample sequence, medians of the interleaved repetitions, CPU time."""
import json
import sys

NETS = ["lstm24", "gru16", "lstm2x8", "dilated"]
LABEL = {"lstm24": "LSTM-24", "gru16": "GRU-16", "lstm2x8": "LSTM 2x8", "dilated": "dilated conv"}
ORDER = ["gcc-baseline", "gcc-native", "clang-baseline", "clang-native"]


def medians(path):
    data = json.load(open(path))
    rows = {}
    for b in data["benchmarks"]:
        if b.get("aggregate_name") == "median":
            rows[b["run_name"]] = b
    return data["context"], rows


def fmt_ns(v):
    return f"{v:,.0f}" if v >= 100 else f"{v:.1f}"


def main(paths):
    cells = {}
    for p in paths:
        context, rows = medians(p)
        cells[context.get("cell", p)] = (context, rows)
    names = sorted(cells, key=lambda c: ORDER.index(c) if c in ORDER else 99)
    # "constgrad" streams on an nn::sequence_inference snapshot; "constgrad-params" (results
    # from 2026-11-29 on) on the parameters themselves, the path before the snapshot.
    params = any(f"stream/constgrad-params/{net}/float" in cells[c][1] for c in names for net in NETS)
    print("| cell | network | hand ns/sample | Eigen ns/sample | "
          + ("constgrad on parameters ns/sample | " if params else "")
          + "constgrad ns/sample | constgrad RTF | "
          "constgrad ÷ min(hand, Eigen) | ≤ 0.9? | constgrad % peak | heap allocations |")
    print("|---|---|---:|---:|" + ("---:|" if params else "") + "---:|---:|---:|:---:|---:|---:|")
    for cell in names:
        _, rows = cells[cell]
        for net in NETS:
            get = lambda e: rows.get(f"stream/{e}/{net}/float")
            hand, eigen, cg, old = get("hand"), get("eigen"), get("constgrad"), get("constgrad-params")
            if not (hand and cg):
                continue
            peers = [r["ns_per_sample"] for r in (hand, eigen) if r]
            ratio = cg["ns_per_sample"] / min(peers)
            allocations = max(r.get("new_per_block", 0) + r.get("malloc_per_block", 0) for r in (hand, eigen, cg, old) if r)
            old_column = (f"{fmt_ns(old['ns_per_sample']) if old else '—'} | " if params else "")
            print(f"| {cell} | {LABEL[net]} | {fmt_ns(hand['ns_per_sample'])} | "
                  f"{fmt_ns(eigen['ns_per_sample']) if eigen else '—'} | {old_column}{fmt_ns(cg['ns_per_sample'])} | "
                  f"{cg['rtf']:.4f} | {ratio:.2f}× | {'yes' if ratio <= 0.9 else 'no'} | "
                  f"{cg['pct_peak']:.1f}% | {allocations:g} |")
    print()
    print("| cell | network | constgrad training µs per 2,048-sample sequence | ns per sample | heap allocations |")
    print("|---|---|---:|---:|---:|")
    for cell in names:
        _, rows = cells[cell]
        for net in NETS:
            r = rows.get(f"train/constgrad/{net}/float/2048")
            if not r:
                continue
            factor = {"ns": 1e-3, "us": 1, "ms": 1e3, "s": 1e6}[r["time_unit"]]
            print(f"| {cell} | {LABEL[net]} | {r['cpu_time'] * factor:,.0f} | {fmt_ns(r['ns_per_sample'])} | "
                  f"{r.get('new_per_sequence', 0) + r.get('malloc_per_sequence', 0):g} |")
    print()
    for cell in names:
        c = cells[cell][0]
        print(f"- {cell}: {c.get('compiler', '?')}, `{c.get('flags', '?').strip()}`, {c.get('date', '?')}, "
              f"load average {c.get('load_start', '?')} → {c.get('load_end', '?')}, "
              f"peak {c.get('peak_gflops_float', '?')} GFLOP/s float")


if __name__ == "__main__":
    main(sys.argv[1:])
