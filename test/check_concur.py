#!/usr/bin/env python3
"""Runs one concur check on a test source and verifies it, like clang-tidy's
check_clang_tidy.py: the expectations live in the test source.

  // RUN: %check_concur %s concur-blocking-call-in-coroutine %t [concur args] -- [compiler args]

  CHECK-MESSAGES: the warnings (unexpected warnings fail the test)
  CHECK-NOTES:    the warnings and their notes (unexpected ones fail the test)
  CHECK-FIXES:    the file after `concur check --fix`
The fixed file is then compiled with clang++ -fsyntax-only, so every fix-it
test proves that the rewritten code still compiles.
"""

import argparse
import os
import re
import subprocess
import sys


def run(cmd, **kwargs):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def fail(message, output=""):
    sys.stderr.write("check_concur.py: " + message + "\n")
    if output:
        sys.stderr.write("------------------------------ output\n" + output + "\n")
    sys.exit(1)


def file_check(prefix, input_file, source, extra=()):
    cmd = ["FileCheck", "-input-file=" + input_file, source, "-check-prefix=" + prefix]
    cmd += list(extra)
    result = run(cmd)
    if result.returncode != 0:
        fail("FileCheck failed for " + prefix, result.stderr)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--concur", required=True)
    parser.add_argument("--clangxx", required=True)
    parser.add_argument("-I", dest="includes", action="append", default=[])
    parser.add_argument("--no-compile", action="store_true",
                        help="do not compile the fixed file (for code that is meant not to compile)")
    parser.add_argument("--expect-exit", type=int, default=None)
    parser.add_argument("--check-suffix", default="",
                        help="use CHECK-MESSAGES-<suffix> etc., for several runs of one file")
    parser.add_argument("source")
    parser.add_argument("check")
    parser.add_argument("temp")
    argv = sys.argv[1:]
    extra_args = []
    if "--" in argv:
        split = argv.index("--")
        argv, extra_args = argv[:split], argv[split + 1:]
    args, concur_args = parser.parse_known_args(argv)
    # A C source is analysed and compiled as C (clang++ would take it for C++).
    is_c = args.source.endswith(".c")
    compiler_args = (["-x", "c", "-std=c17"] if is_c else ["-std=c++20"]) + extra_args
    compiler_args += ["-I" + i for i in args.includes]

    with open(args.source, encoding="utf-8") as f:
        text = f.read()
    suffix = "-" + args.check_suffix if args.check_suffix else ""
    messages, notes, fixes = ("CHECK-MESSAGES" + suffix, "CHECK-NOTES" + suffix,
                              "CHECK-FIXES" + suffix)

    def has(prefix):
        return re.search(re.escape(prefix) + r"(-NEXT|-SAME|-NOT)?:", text) is not None

    has_messages, has_notes, has_fixes = has(messages), has(notes), has(fixes)

    # Keep line numbers but drop the expectations so they cannot match the fixes.
    cleaned = re.sub(r"// *CHECK-[A-Z0-9-]*:[^\r\n]*", "//", text)
    ext = os.path.splitext(args.source)[1] or ".cpp"
    temp = args.temp + ext
    os.makedirs(os.path.dirname(os.path.abspath(temp)), exist_ok=True)
    with open(temp, "w", encoding="utf-8") as f:
        f.write(cleaned)

    cmd = [args.concur, "check", "--quiet", "--fix", "--checks=-*," + args.check] + concur_args
    cmd += [temp, "--"] + compiler_args
    result = run(cmd)
    # clang-tidy says where it applied fixes; the fixes are checked on the file.
    output = "\n".join(l for l in result.stdout.splitlines()
                       if "note: FIX-IT applied suggested code changes" not in l)
    if args.expect_exit is not None:
        if result.returncode != args.expect_exit:
            fail("expected exit %d, got %d" % (args.expect_exit, result.returncode),
                 result.stdout + result.stderr)
    elif result.returncode not in (0, 1):
        fail("concur failed with exit %d" % result.returncode, result.stdout + result.stderr)

    out_file = args.temp + ".msg"
    with open(out_file, "w", encoding="utf-8") as f:
        f.write(output)

    if has_notes:
        file_check(notes, out_file, args.source,
                   ["-implicit-check-not={{note|warning|error}}:"])
    elif has_messages:
        # Notes are not checked here; warnings are, all of them.
        stripped = args.temp + ".warnings"
        with open(stripped, "w", encoding="utf-8") as f:
            f.write("\n".join(l for l in output.splitlines() if ": note: " not in l))
        file_check(messages, stripped, args.source, ["-implicit-check-not={{warning|error}}:"])
    elif re.search(r": (warning|error): ", output):
        fail("expected no findings, got some", output)

    if has_fixes:
        file_check(fixes, temp, args.source, ["-strict-whitespace"])
    if not args.no_compile:
        compiled = run([args.clangxx, "-fsyntax-only"] + compiler_args + [temp])
        if compiled.returncode != 0:
            fail("the fixed file does not compile", compiled.stderr)


if __name__ == "__main__":
    main()
