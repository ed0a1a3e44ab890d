#!/usr/bin/env python3
"""run_all.py CONCUR OUTDIR SIZE: generates every pathological kind at SIZE,
runs `concur check` on each, and prints one line per kind: its exit status
and how many findings it printed. Fails if a run crashes (a signal, a stack
dump) or exits 2 (an input problem: these inputs all compile)."""
import os
import subprocess
import sys

concur, outdir, size = sys.argv[1], sys.argv[2], sys.argv[3]
here = os.path.dirname(os.path.abspath(__file__))
generator = os.path.join(here, "pathological.py")
os.makedirs(outdir, exist_ok=True)
kinds = subprocess.run([sys.executable, generator, "--kinds"], capture_output=True,
                       text=True, check=True).stdout.split()
failed = False
for kind in kinds:
    path = os.path.join(outdir, kind + ".cpp")
    subprocess.run([sys.executable, generator, kind, size, path], check=True)
    run = subprocess.run([concur, "check", "--quiet", path, "--", "-std=c++20", "-pthread"],
                         capture_output=True, text=True)
    output = run.stdout + run.stderr
    findings = output.count(": warning: ")
    print(f"{kind}: exit {run.returncode}, {findings} findings")
    if run.returncode not in (0, 1) or "Stack dump" in output:
        sys.stderr.write(f"{kind}: concur failed on {path}:\n{output[-2000:]}\n")
        failed = True
sys.exit(1 if failed else 0)
