#!/usr/bin/env python3
"""Benchmark driver for schannel-shim (make bench / make bench-smoke).

Builds the contenders, runs them interleaved and repeated, and reports medians:

  schannel-shim  bench/shim_bench.c      the SSPI C API of target/lib/libschannel_shim.so
  rustls-unbuf   bench/rustls (Rust)     rustls 0.23.46 + ring, unbuffered API
  rustls-buf     bench/rustls (Rust)     rustls 0.23.46 + ring, buffered API
  openssl        bench/openssl_bench.c   libssl through memory BIOs
  aead           bench/rustls (Rust)     ring seal + open of 16 KiB in place (bulk only)

Each program runs one (contender, workload) and prints `workload,contender,value,unit`.
Outputs: the table on stdout, target/bench/results.csv (medians and ratios),
target/bench/samples.csv (every run), target/bench/chart.png.

Environment: BENCH_SCALE (multiplies durations and counts; default 1; bench-smoke: 0.01),
BENCH_REPS (repetitions, default 5), BENCH_ONLY (comma-separated workloads to run),
BENCH_RESULTS (results directory, default target/bench), CC (default cc); the programs also
read BENCH_CLOCK, BENCH_SLICES and BENCH_COUNT (bench/README.md). Run after `make build`.
"""

import csv
import math
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.path.join(ROOT, "target")
BUILD = os.path.join(TARGET, "bench")
BIN = os.path.join(BUILD, "bin")
CARGO_TARGET = os.path.join(BUILD, "cargo")
# Where the results go (make bench-smoke: target/bench/smoke, so that it never overwrites the
# results of make bench).
OUT = os.path.abspath(os.environ.get("BENCH_RESULTS") or BUILD)
CERTS = os.path.join(TARGET, "bench-certs")
LIB = os.path.join(TARGET, "lib")

SHIM = "schannel-shim"
UNBUF = "rustls-unbuf"
BUF = "rustls-buf"
OSSL = "openssl"
AEAD = "aead"
CONTENDERS = [SHIM, UNBUF, BUF, OSSL]

# workload: (description, unit, higher is better)
WORKLOADS = {
    "hs13_ecdsa": ("full handshake, TLS 1.3, ECDSA P-256", "hs/s", True),
    "hs13_rsa": ("full handshake, TLS 1.3, RSA-2048", "hs/s", True),
    "hs12_ecdsa": ("full handshake, TLS 1.2, ECDHE-ECDSA", "hs/s", True),
    "resume13": ("resumed handshake, TLS 1.3 ticket (ECDSA)", "hs/s", True),
    "resume12": ("resumed handshake, TLS 1.2 ticket (ECDSA)", "hs/s", True),
    "bulk_aes": ("bulk 16 KiB records, AES-256-GCM (TLS 1.3)", "MB/s", True),
    "bulk_chacha": ("bulk 16 KiB records, ChaCha20-Poly1305 (TLS 1.3)", "MB/s", True),
    "small64": ("small 64-byte records (TLS 1.3 AES-256-GCM)", "rec/s", True),
    "mem_idle": ("memory per idle connection pair (both sides)", "KiB/pair", False),
    "scale_hs": ("2 threads / 1 thread, TLS 1.3 ECDSA handshakes", "x", True),
    "scale_bulk": ("2 threads / 1 thread, 16 KiB AES-256-GCM records", "x", True),
}


def contenders_of(workload):
    return CONTENDERS + ([AEAD] if workload.startswith("bulk") else [])


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def run(cmd, **kw):
    log("+ " + " ".join(cmd))
    subprocess.run(cmd, check=True, cwd=ROOT, **kw)


# ------------------------------------------------------------------------------ build

def build():
    os.makedirs(BIN, exist_ok=True)
    run([os.path.join(ROOT, "tests-c", "certs.sh"), CERTS])
    if not os.path.exists(os.path.join(LIB, "libschannel_shim.so")):
        sys.exit("run.py: target/lib/libschannel_shim.so is missing: run `make build` first")
    cc = os.environ.get("CC", "cc")
    cflags = ["-O2", "-g", "-std=gnu11", "-Wall", "-Wextra", "-Werror"]
    run([cc, *cflags, "-I" + os.path.join(ROOT, "include"), "-o", os.path.join(BIN, "shim_bench"),
         "bench/shim_bench.c", "-L" + LIB, "-lschannel_shim", "-Wl,-rpath," + LIB,
         "-lpthread", "-lm"])
    run([cc, *cflags, "-o", os.path.join(BIN, "openssl_bench"), "bench/openssl_bench.c",
         "-lssl", "-lcrypto", "-lpthread", "-lm"])
    run(["cargo", "build", "--release", "--quiet", "--locked",
         "--manifest-path", "bench/rustls/Cargo.toml", "--target-dir", CARGO_TARGET])


def command(contender, workload):
    if contender == SHIM:
        return [os.path.join(BIN, "shim_bench"), workload]
    if contender == OSSL:
        return [os.path.join(BIN, "openssl_bench"), workload]
    return [os.path.join(CARGO_TARGET, "release", "rustls_bench"), contender, workload]


# ------------------------------------------------------------------------------ run

def run_one(contender, workload, env):
    cmd = command(contender, workload)
    p = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    if p.returncode != 0:
        sys.stderr.write(p.stderr)
        raise SystemExit(f"run.py: {' '.join(cmd)} failed with status {p.returncode}")
    if p.stderr.strip():
        sys.stderr.write(p.stderr)
    for line in p.stdout.splitlines():
        parts = line.strip().split(",")
        if len(parts) == 4 and parts[0] == workload and parts[1] == contender:
            return float(parts[2]), parts[3]
    raise SystemExit(f"run.py: no result line from {' '.join(cmd)}: {p.stdout!r}")


def measure(workloads, reps, env):
    """Every (workload, contender) `reps` times; contenders interleaved, order rotated each
    repetition. Returns {(workload, contender): [values]}."""
    samples = {}
    raw = []
    for rep in range(reps):
        for w in workloads:
            cs = contenders_of(w)
            k = rep % len(cs)
            for c in cs[k:] + cs[:k]:
                v, unit = run_one(c, w, env)
                samples.setdefault((w, c), []).append(v)
                raw.append((rep, w, c, v, unit))
        log(f"run.py: repetition {rep + 1}/{reps} done")
    return samples, raw


def median(vs):
    vs = [v for v in vs if not math.isnan(v)]
    return statistics.median(vs) if vs else math.nan


def spread(vs):
    vs = [v for v in vs if not math.isnan(v)]
    if len(vs) < 2:
        return math.nan
    m = statistics.median(vs)
    return (max(vs) - min(vs)) / m if m else math.nan


# ------------------------------------------------------------------------------ report

def fmt(v, digits=None):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "n/a"
    if digits is not None:
        return f"{v:.{digits}f}"
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    if abs(v) >= 100:
        return f"{v:.1f}"
    return f"{v:.2f}"


def ratio(a, b):
    if a is None or b is None or math.isnan(a) or math.isnan(b) or b == 0:
        return math.nan
    return a / b


def table(workloads, med, spr):
    rows = []
    for w in workloads:
        desc, unit, _ = WORKLOADS[w]
        for c in contenders_of(w):
            v = med.get((w, c), math.nan)
            rows.append({
                "workload": w,
                "description": desc,
                "contender": c,
                "median": v,
                "unit": unit,
                "spread": spr.get((w, c), math.nan),
                "vs_openssl": ratio(v, med.get((w, OSSL))),
                "vs_rustls_unbuf": ratio(v, med.get((w, UNBUF))),
                "vs_aead": ratio(v, med.get((w, AEAD))) if w.startswith("bulk") else math.nan,
            })
    return rows


def print_table(rows):
    head = ["workload", "contender", "median", "unit", "spread", "x openssl", "x rustls-unbuf",
            "x aead"]
    lines = []
    for r in rows:
        lines.append([r["workload"], r["contender"], fmt(r["median"]), r["unit"],
                      "n/a" if math.isnan(r["spread"]) else f"{100 * r['spread']:.0f}%",
                      fmt(r["vs_openssl"], 2), fmt(r["vs_rustls_unbuf"], 2),
                      "" if not r["workload"].startswith("bulk") else fmt(r["vs_aead"], 2)])
    widths = [max(len(h), *(len(l[i]) for l in lines)) for i, h in enumerate(head)]
    right = {2, 4, 5, 6, 7}

    def show(cells):
        return "  ".join(c.rjust(widths[i]) if i in right else c.ljust(widths[i])
                         for i, c in enumerate(cells))

    print(show(head))
    print("  ".join("-" * w for w in widths))
    prev = None
    for r, l in zip(rows, lines):
        if prev is not None and r["workload"] != prev:
            print()
        prev = r["workload"]
        print(show(l))


def targets(med):
    """The issue's targets for schannel-shim: (label, measured ratio, bound, ok)."""
    out = []

    def add(label, value, bound, at_least=True):
        if math.isnan(value):
            out.append((label, value, bound, at_least, None))
        else:
            out.append((label, value, bound, at_least,
                        value >= bound if at_least else value <= bound))

    s = lambda w: med.get((w, SHIM), math.nan)
    for w in ("bulk_aes", "bulk_chacha"):
        add(f"{w}: shim / aead >= 0.85", ratio(s(w), med.get((w, AEAD))), 0.85)
        add(f"{w}: shim / openssl >= 1.5", ratio(s(w), med.get((w, OSSL))), 1.5)
    for w in ("hs13_ecdsa", "hs13_rsa", "hs12_ecdsa", "resume13", "resume12"):
        add(f"{w}: shim / rustls-unbuf >= 0.95", ratio(s(w), med.get((w, UNBUF))), 0.95)
    for w in ("hs13_ecdsa", "hs12_ecdsa", "resume13", "resume12"):
        add(f"{w}: shim / openssl >= 2 (ECDSA)", ratio(s(w), med.get((w, OSSL))), 2.0)
    add("small64: shim / rustls-unbuf >= 1.0", ratio(s("small64"), med.get(("small64", UNBUF))),
        1.0)
    add("mem_idle: shim / rustls-unbuf <= 1.2", ratio(s("mem_idle"), med.get(("mem_idle", UNBUF))),
        1.2, at_least=False)
    add("scale_hs: shim 2 threads / 1 thread >= 1.8", s("scale_hs"), 1.8)
    add("scale_bulk: shim 2 threads / 1 thread >= 1.8", s("scale_bulk"), 1.8)
    return out


def print_targets(ts, present):
    print()
    print("Targets (schannel-shim):")
    for label, value, bound, at_least, ok in ts:
        if label.split(":")[0] not in present:
            continue
        verdict = "n/a" if ok is None else ("met" if ok else "MISSED")
        print(f"  {label:<48} {fmt(value, 3):>6}  {verdict}")


def write_csv(rows, raw, ts):
    with open(os.path.join(OUT, "results.csv"), "w", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(["workload", "description", "contender", "median", "unit", "spread",
                     "ratio_openssl", "ratio_rustls_unbuf", "ratio_aead"])
        for r in rows:
            wr.writerow([r["workload"], r["description"], r["contender"],
                         "" if math.isnan(r["median"]) else f"{r['median']:.3f}", r["unit"],
                         "" if math.isnan(r["spread"]) else f"{r['spread']:.3f}",
                         *("" if math.isnan(r[k]) else f"{r[k]:.3f}"
                           for k in ("vs_openssl", "vs_rustls_unbuf", "vs_aead"))])
    with open(os.path.join(OUT, "samples.csv"), "w", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(["rep", "workload", "contender", "value", "unit"])
        for rep, w, c, v, unit in raw:
            wr.writerow([rep, w, c, "" if math.isnan(v) else f"{v:.3f}", unit])
    with open(os.path.join(OUT, "targets.csv"), "w", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(["target", "measured", "bound", "met"])
        for label, value, bound, _, ok in ts:
            wr.writerow([label, "" if math.isnan(value) else f"{value:.3f}", bound,
                         "" if ok is None else ("yes" if ok else "no")])


COLORS = {SHIM: "#1f77b4", UNBUF: "#ff7f0e", BUF: "#ffbb78", OSSL: "#2ca02c", AEAD: "#7f7f7f"}


def chart(workloads, med):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    n = len(workloads)
    cols = 4
    rowsn = (n + cols - 1) // cols
    fig, axes = plt.subplots(rowsn, cols, figsize=(4.2 * cols, 3.4 * rowsn), squeeze=False)
    for i, w in enumerate(workloads):
        ax = axes[i // cols][i % cols]
        desc, unit, higher = WORKLOADS[w]
        cs = contenders_of(w)
        vals = [med.get((w, c), math.nan) for c in cs]
        bars = ax.bar(range(len(cs)), [0 if math.isnan(v) else v for v in vals],
                      color=[COLORS[c] for c in cs])
        for b, v in zip(bars, vals):
            ax.annotate(fmt(v), (b.get_x() + b.get_width() / 2, b.get_height()),
                        ha="center", va="bottom", fontsize=7)
        ax.set_xticks(range(len(cs)))
        ax.set_xticklabels(cs, rotation=30, ha="right", fontsize=7)
        ax.set_title(f"{w}\n{desc}", fontsize=8)
        ax.set_ylabel(unit + ("" if higher else " (lower is better)"), fontsize=7)
        ax.tick_params(axis="y", labelsize=7)
        ax.margins(y=0.15)
    for j in range(n, rowsn * cols):
        axes[j // cols][j % cols].axis("off")
    fig.suptitle("schannel-shim benchmark (medians; in-memory pairs, one thread unless noted)",
                 fontsize=10)
    fig.tight_layout()
    path = os.path.join(OUT, "chart.png")
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


# ------------------------------------------------------------------------------ main

def main():
    t0 = time.monotonic()
    scale = os.environ.get("BENCH_SCALE", "1")
    reps = int(os.environ.get("BENCH_REPS", "5"))
    only = [w for w in os.environ.get("BENCH_ONLY", "").split(",") if w]
    workloads = only or list(WORKLOADS)
    for w in workloads:
        if w not in WORKLOADS:
            sys.exit(f"run.py: unknown workload {w}")
    os.makedirs(OUT, exist_ok=True)
    build()
    tb = time.monotonic()
    env = dict(os.environ, BENCH_CERTS=CERTS, BENCH_SCALE=scale)
    load0 = os.getloadavg()
    samples, raw = measure(workloads, reps, env)
    load1 = os.getloadavg()
    med = {k: median(v) for k, v in samples.items()}
    spr = {k: spread(v) for k, v in samples.items()}
    rows = table(workloads, med, spr)
    ts = targets(med)
    write_csv(rows, raw, ts)
    png = chart(workloads, med)

    print()
    clock = "wall time" if os.environ.get("BENCH_CLOCK") == "wall" else "thread CPU time"
    print(f"schannel-shim benchmark: median of {reps} interleaved runs, BENCH_SCALE={scale}; "
          f"{os.cpu_count()} CPUs, load average {load0[0]:.2f} before / {load1[0]:.2f} after")
    if float(scale) < 1:
        print("BENCH_SCALE < 1: smoke run, the figures mean nothing")
    print(f"single-thread rates are per second of {clock} (BENCH_CLOCK=wall for wall time); "
          "scale_* ratios use wall time")
    print("spread = (max - min) / median over the runs; x = ratio of medians "
          "(for mem_idle lower is better)")
    print()
    print_table(rows)
    if float(scale) < 1:
        print()
        print("Targets: not judged on a smoke run.")
    else:
        print_targets(ts, set(workloads))
    print()
    print(f"written: {os.path.relpath(os.path.join(OUT, 'results.csv'), ROOT)}, "
          f"{os.path.relpath(os.path.join(OUT, 'samples.csv'), ROOT)}, "
          f"{os.path.relpath(os.path.join(OUT, 'targets.csv'), ROOT)}, "
          f"{os.path.relpath(png, ROOT)}")
    print(f"time: build {tb - t0:.0f} s, measurements {time.monotonic() - tb:.0f} s")


if __name__ == "__main__":
    main()
