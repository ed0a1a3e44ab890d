#!/usr/bin/env python3
"""A mutation fuzzer for `concur check`: takes C++ seed files, applies random
edits (delete, duplicate or swap lines, stretch an identifier, insert or drop a
brace, splice lines from another seed) and runs the checks on each mutant with
a time limit. Crashes (a signal, a stack dump) and runs past the limit are kept
in OUT with the command that reproduces them; exits 0, 1 and 2 are normal (a
mutant that does not compile must give exit 2 and a clear error).

usage: mutate.py CONCUR OUT SECONDS SEED.cpp... [--limit 30] [--seed 1] [--flag=-I...]
Not a test: run by hand (docs/performance.md says what was run and found).
"""
import argparse
import os
import random
import re
import shutil
import subprocess
import tempfile
import time

IDENT = re.compile(r"\b[A-Za-z_][A-Za-z0-9_]*\b")


def mutate(lines, other, rng):
    lines = list(lines)
    for _ in range(rng.randint(1, 4)):
        if not lines:
            break
        i = rng.randrange(len(lines))
        op = rng.randrange(6)
        if op == 0:
            del lines[i]
        elif op == 1:
            lines.insert(i, lines[i])
        elif op == 2:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == 3:
            names = IDENT.findall(lines[i])
            if names:
                name = rng.choice(names)
                longer = name + "_" * rng.randint(1, 4) + name * rng.randint(50, 2000)
                lines = [re.sub(r"\b%s\b" % re.escape(name), longer, line) for line in lines]
        elif op == 4:
            lines[i] = lines[i] + rng.choice(["{", "}", "(", ")", ";", " co_await x;"])
        else:
            lines.insert(i, rng.choice(other))
    return lines


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("concur")
    parser.add_argument("out")
    parser.add_argument("seconds", type=float)
    parser.add_argument("seeds", nargs="+")
    parser.add_argument("--limit", type=float, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--flag", action="append", default=[],
                        help="a compiler flag for every mutant (repeatable): --flag=-Iruntime/include")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    seeds = {path: open(path, errors="replace").read().split("\n") for path in args.seeds}
    all_lines = [line for lines in seeds.values() for line in lines if line.strip()]
    os.makedirs(args.out, exist_ok=True)
    counts = {"runs": 0, "exit 0": 0, "exit 1": 0, "exit 2": 0, "crash": 0, "slow": 0}
    slowest = (0.0, "")
    deadline = time.time() + args.seconds
    with tempfile.TemporaryDirectory() as tmp:
        while time.time() < deadline:
            seed = rng.choice(list(seeds))
            mutant = os.path.join(tmp, "mutant.cpp")
            with open(mutant, "w") as out:
                out.write("\n".join(mutate(seeds[seed], all_lines, rng)))
            cmd = [args.concur, "check", "--quiet", mutant, "--", "-std=c++20", "-pthread"] + args.flag
            start = time.time()
            try:
                run = subprocess.run(cmd, capture_output=True, text=True, timeout=args.limit)
                status = run.returncode
                output = run.stdout + run.stderr
            except subprocess.TimeoutExpired:
                status, output = None, ""
            took = time.time() - start
            counts["runs"] += 1
            if took > slowest[0]:
                slowest = (took, os.path.basename(seed))
            kind = ("slow" if status is None else
                    "crash" if status < 0 or status > 2 or "Stack dump" in output else
                    f"exit {status}")
            counts[kind] += 1
            if kind in ("slow", "crash"):
                keep = os.path.join(args.out, f"{kind}-{counts['runs']}.cpp")
                shutil.copy(mutant, keep)
                print(f"{kind}: {keep} (from {seed}, {took:.1f} s)", flush=True)
    print(", ".join(f"{k} {v}" for k, v in counts.items()) +
          f"; slowest {slowest[0]:.1f} s (from {slowest[1]})")


if __name__ == "__main__":
    main()
