#!/usr/bin/env python3
"""expect_exit.py N command...: runs the command, passes its output through,
and succeeds only if it exits with status N (lit's `not` accepts any failure)."""
import subprocess
import sys

expected = int(sys.argv[1])
result = subprocess.run(sys.argv[2:])
if result.returncode != expected:
    sys.stderr.write("expect_exit.py: expected exit %d, got %d from %s\n"
                     % (expected, result.returncode, " ".join(sys.argv[2:])))
    sys.exit(1)
