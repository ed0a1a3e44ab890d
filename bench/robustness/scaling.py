#!/usr/bin/env python3
"""How analysis time grows with input size, on the pathological inputs of
test/robustness/pathological.py. For each kind and size: `concur check` and
`clang++-19 -fsyntax-only` on the same file, medians of RUNS runs (min and
max beside), wall and CPU time, and the growth from the smallest size. Near-
linear means the concur/size growth stays close to clang's.

usage: scaling.py CONCUR [--sizes 250,500,1000,2000] [--runs 5] [--kinds a,b]
A benchmark, never a test: CI only checks that each input finishes.
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATOR = os.path.join(HERE, "..", "..", "test", "robustness", "pathological.py")
FLAGS = ["-std=c++20", "-pthread"]


def timed(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def measure(cmd, runs):
    samples = [timed(cmd) for _ in range(runs)]
    walls = [w for w, _ in samples]
    cpus = [c for _, c in samples]
    return statistics.median(walls), min(walls), max(walls), statistics.median(cpus)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("concur")
    parser.add_argument("--sizes", default="250,500,1000,2000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--kinds", default="")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    kinds = args.kinds.split(",") if args.kinds else subprocess.run(
        [sys.executable, GENERATOR, "--kinds"], capture_output=True, text=True).stdout.split()
    print(f"# {os.uname().nodename}, {os.cpu_count()} CPUs, {args.runs} runs per cell; "
          "times in s: median (min-max), CPU median")
    print("| kind | size | clang -fsyntax-only | concur check | concur/clang | "
          "concur growth | size growth |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as tmp:
        for kind in kinds:
            first = None
            for size in sizes:
                path = os.path.join(tmp, f"{kind}_{size}.cpp")
                subprocess.run([sys.executable, GENERATOR, kind, str(size), path], check=True)
                if subprocess.run(["clang++-19", "-fsyntax-only", *FLAGS, path],
                                  capture_output=True).returncode != 0:
                    print(f"| {kind} | {size} | does not compile | | | | |")
                    continue
                clang = measure(["clang++-19", "-fsyntax-only", *FLAGS, path], args.runs)
                concur = measure([args.concur, "check", "--quiet", path, "--", *FLAGS], args.runs)
                first = first or (concur[0], size)
                print(f"| {kind} | {size} | {clang[0]:.2f} ({clang[1]:.2f}-{clang[2]:.2f}), "
                      f"CPU {clang[3]:.2f} | {concur[0]:.2f} ({concur[1]:.2f}-{concur[2]:.2f}), "
                      f"CPU {concur[3]:.2f} | {concur[0] / clang[0]:.2f} | "
                      f"{concur[0] / first[0]:.2f}x | {size / first[1]:.0f}x |", flush=True)


if __name__ == "__main__":
    main()
