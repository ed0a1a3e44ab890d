#!/usr/bin/env python3
"""Whole-project analysis against one TU at a time, on a project's compile database.

Times `concur check` (median of N runs, with min and max, wall and CPU) in four
modes: --single-tu (today's per-file mode), the project mode with a cold cache
(--no-cache), the project mode with a warm cache, and a warm re-run after one
file was edited, beside that one file analysed alone. Run it on all cores and pinned to one
(`taskset -c 0`).

    bench/analyzer/project_mode.py --concur build/bin/concur -p examples/service/build \
        --edit examples/service/config.cpp [--runs 5] [--one-core]
"""
import argparse
import os
import resource
import shutil
import statistics
import subprocess
import time


def timed(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def row(name, samples, base=None):
    walls = [w for w, _ in samples]
    cpus = [c for _, c in samples]
    med = statistics.median(walls)
    ratio = f"{med / base:5.2f}x" if base else "  1.00x"
    print(f"{name:28} wall {med:6.2f} s (min {min(walls):6.2f}, max {max(walls):6.2f})  "
          f"cpu {statistics.median(cpus):6.2f} s  {ratio}")
    return med


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--concur", required=True)
    ap.add_argument("-p", dest="build", required=True)
    ap.add_argument("--edit", required=True, help="a source file to touch for the warm re-run")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--one-core", action="store_true", help="pin to CPU 0 with taskset")
    a = ap.parse_args()
    pin = ["taskset", "-c", "0"] if a.one_core else []
    jobs = ["-j", "1"] if a.one_core else []
    base = pin + [a.concur, "check", "-p", a.build, "--quiet", "--fail-on=never"] + jobs
    cache = os.path.join(a.build, ".concur")

    def runs(extra, before=None):
        out = []
        for _ in range(a.runs):
            if before:
                before()
            out.append(timed(base + extra))
        return out

    print(f"# {a.build}, {a.runs} runs each, {'one core (taskset -c 0, -j 1)' if a.one_core else 'all cores'}")
    single = row("single TU (--single-tu)", runs(["--single-tu"]))
    row("project, cold (--no-cache)", runs(["--no-cache"]), single)
    shutil.rmtree(cache, ignore_errors=True)
    timed(base)  # fill the cache
    row("project, warm cache", runs([]), single)

    def touch():
        with open(a.edit, "a") as f:
            f.write("")
        os.utime(a.edit)
    row("project, one file edited", runs([], touch), single)
    # The goal for an edit: at most twice what analysing that one file costs.
    row("the edited file alone (--single-tu)", runs(["--single-tu", a.edit]), single)


if __name__ == "__main__":
    main()
