#!/usr/bin/env python3
"""How much does `concur check` add to parsing?

Times `concur check -p <build-dir>` against `clang++-19 -fsyntax-only` run with the same flags
on the same files (read from <build-dir>/compile_commands.json), several repetitions each,
interleaved in one run so both see the same machine load. Prints the medians, the ratio
(analysis overhead in %) and a Markdown table for docs/performance.md.

This is a benchmark, never a test: it always exits 0 unless it cannot run at all (exit 2).

    python3 bench/analyzer/check_speed.py                     # examples/service/build, 7 runs
    python3 bench/analyzer/check_speed.py -p other/build -n 11 --per-file

Wall time is what a user waits for; CPU time (user + sys of the child processes) is less
disturbed by other work on the machine. Both are reported; the goal (at most 25 % over
parsing, issue 2) is judged on both.
"""

import argparse
import json
import os
import platform
import resource
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GOAL_PERCENT = 25.0


def fail(message):
    print(f"check_speed: {message}", file=sys.stderr)
    sys.exit(2)


def load_commands(build_dir, only):
    db_path = build_dir / "compile_commands.json"
    if not db_path.is_file():
        fail(f"no {db_path}; configure the project first "
             "(cmake -S examples/service -B examples/service/build -G Ninja)")
    entries = json.loads(db_path.read_text())
    if only:
        wanted = {str(Path(f).resolve()) for f in only}
        entries = [e for e in entries
                   if str((Path(e["directory"]) / e["file"]).resolve()) in wanted]
    if not entries:
        fail(f"{db_path} lists no files" + (" matching the ones given" if only else ""))
    return entries


def syntax_only_command(entry, clang):
    """The entry's compile command with clang++-19 as the compiler and -fsyntax-only instead
    of producing an object file."""
    args = entry.get("arguments") or shlex.split(entry["command"])
    out = [clang]
    skip = False
    for arg in args[1:]:
        if skip:
            skip = False
            continue
        if arg in ("-o", "-MF", "-MT", "-MQ"):
            skip = True
            continue
        if arg in ("-c", "-MD", "-MMD"):
            continue
        out.append(arg)
    out.append("-fsyntax-only")
    return out


def run_timed(cmd, cwd):
    """Runs cmd; returns (wall seconds, cpu seconds of the child, exit code)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc.returncode, proc.stderr.decode(errors="replace")


def parse_all(entries, clang):
    wall = cpu = 0.0
    for e in entries:
        w, c, rc, err = run_timed(syntax_only_command(e, clang), e["directory"])
        if rc != 0:
            fail(f"clang -fsyntax-only failed on {e['file']}:\n{err}")
        wall += w
        cpu += c
    return wall, cpu


def check_command(concur, build_dir, files, checks, jobs):
    cmd = [str(concur), "check", "-p", str(build_dir), "--quiet", "--fail-on=never"]
    if checks:
        cmd.append(f"--checks={checks}")
    if jobs is not None:
        cmd += ["-j", str(jobs)]
    return cmd + list(files)


def supports_jobs(concur):
    """Newer CLIs analyse files in parallel (-j); older ones run them one after another."""
    out = subprocess.run([str(concur), "check", "--help"], capture_output=True, text=True)
    return " -j " in out.stdout or "\n  -j" in out.stdout


def check_all(concur, build_dir, files, checks=None, jobs=None):
    cmd = check_command(concur, build_dir, files, checks, jobs)
    w, c, rc, err = run_timed(cmd, REPO)
    if rc not in (0, 1):
        fail(f"'{shlex.join(cmd)}' exited with {rc}:\n{err[-2000:]}")
    return w, c


def measure(label, fn, repeat, warmup):
    for _ in range(warmup):
        fn()
    return [fn() for _ in range(repeat)]


def summary(samples):
    walls = [s[0] for s in samples]
    cpus = [s[1] for s in samples]
    return {
        "wall_median": statistics.median(walls),
        "wall_min": min(walls),
        "wall_stdev": statistics.stdev(walls) if len(walls) > 1 else 0.0,
        "cpu_median": statistics.median(cpus),
        "cpu_min": min(cpus),
    }


def pct(a, b):
    return (a / b - 1.0) * 100.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-p", "--build-dir", default=str(REPO / "examples/service/build"),
                    help="build directory with compile_commands.json (default: %(default)s)")
    ap.add_argument("--concur", default=str(REPO / "build/bin/concur"),
                    help="the concur CLI (default: %(default)s)")
    ap.add_argument("--clang", default="clang++-19", help="compiler for the baseline")
    ap.add_argument("-n", "--repeat", type=int, default=7, help="timed runs of each (default 7)")
    ap.add_argument("--warmup", type=int, default=1, help="untimed runs first (default 1)")
    ap.add_argument("--checks", default=None,
                    help="passed to concur check as --checks= (default: the CLI's own, concur-*)")
    ap.add_argument("-j", "--jobs", type=int, default=1,
                    help="files concur analyses in parallel (default 1: the clang baseline runs "
                         "the files one after another too)")
    ap.add_argument("--per-file", action="store_true",
                    help="also time every file on its own, to see where the overhead is")
    ap.add_argument("files", nargs="*", help="only these files of the compile database")
    args = ap.parse_args()

    build_dir = Path(args.build_dir).resolve()
    concur = Path(args.concur)
    if not concur.is_file():
        fail(f"no {concur}; build it with 'ninja -C build concur'")
    entries = load_commands(build_dir, args.files)
    files = [str((Path(e["directory"]) / e["file"]).resolve()) for e in entries]
    if args.repeat < 1:
        fail("--repeat must be at least 1")
    jobs = args.jobs if supports_jobs(concur) else None
    only = files if args.files else []

    def check(fs):
        return check_all(concur, build_dir, fs, args.checks, jobs)

    # Interleave: one parse round, one check round, and so on, so drift hits both alike.
    for _ in range(args.warmup):
        parse_all(entries, args.clang)
        check(only)
    parse_samples, check_samples = [], []
    for _ in range(args.repeat):
        parse_samples.append(parse_all(entries, args.clang))
        check_samples.append(check(only))
    parse, checked = summary(parse_samples), summary(check_samples)

    wall_over = pct(checked["wall_median"], parse["wall_median"])
    cpu_over = pct(checked["cpu_median"], parse["cpu_median"])
    shown_dir = os.path.relpath(build_dir, REPO) if build_dir.is_relative_to(REPO) else str(build_dir)

    print(f"files: {len(entries)} from {shown_dir}/compile_commands.json; "
          f"{args.repeat} timed runs each (+{args.warmup} warm-up), interleaved")
    print(f"host: {platform.node()} {platform.machine()}, {os.cpu_count()} CPUs, "
          f"Linux {platform.release()}")
    print()
    print("| Command | Wall median (s) | Wall min (s) | Wall stdev (s) | CPU median (s) |")
    print("|---|---:|---:|---:|---:|")
    print(f"| `{args.clang} -fsyntax-only` (each file, same flags) | {parse['wall_median']:.3f} | "
          f"{parse['wall_min']:.3f} | {parse['wall_stdev']:.3f} | {parse['cpu_median']:.3f} |")
    shown_cmd = shlex.join(check_command("concur", shown_dir, [], args.checks, jobs)[1:])
    print(f"| `concur {shown_cmd}` | {checked['wall_median']:.3f} | "
          f"{checked['wall_min']:.3f} | {checked['wall_stdev']:.3f} | {checked['cpu_median']:.3f} |")
    print(f"| **Analysis overhead** | **{wall_over:+.1f} %** | "
          f"{pct(checked['wall_min'], parse['wall_min']):+.1f} % | | **{cpu_over:+.1f} %** |")
    print()
    verdict = "within" if max(wall_over, cpu_over) <= GOAL_PERCENT else "ABOVE"
    print(f"ratio concur/parse: wall {checked['wall_median'] / parse['wall_median']:.3f}, "
          f"cpu {checked['cpu_median'] / parse['cpu_median']:.3f}; "
          f"{verdict} the {GOAL_PERCENT:.0f} % goal")

    if args.per_file:
        print()
        print("| File | Parse wall median (s) | Check wall median (s) | Overhead |")
        print("|---|---:|---:|---:|")
        for e, f in zip(entries, files):
            p_samples, c_samples = [], []
            for _ in range(args.repeat):
                p_samples.append(parse_all([e], args.clang))
                c_samples.append(check([f]))
            p, c = summary(p_samples), summary(c_samples)
            print(f"| {os.path.relpath(f, REPO)} | {p['wall_median']:.3f} | {c['wall_median']:.3f} | "
                  f"{pct(c['wall_median'], p['wall_median']):+.1f} % |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
