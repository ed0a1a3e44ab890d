#!/usr/bin/env python3
"""Pathological inputs for the analyzer: code clang parses quickly but that
stresses one part of the checks. Used by test/tool/robustness.test (each kind,
at a moderate size, must be analysed without a crash) and by
bench/robustness/scaling.py (time against size, which must grow near-linearly).

usage: pathological.py KIND SIZE OUT.cpp
       pathological.py --kinds
"""
import sys

HEADER = """#include <chrono>
#include <condition_variable>
#include <coroutine>
#include <mutex>
#include <thread>
#include <vector>

struct task {
  struct promise_type {
    task get_return_object() { return {}; }
    std::suspend_never initial_suspend() { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
std::mutex m;
std::condition_variable cv;
bool ready = false;
int shared_total = 0;
"""


def long_identifiers(n):
    """A coroutine full of waits whose names are n characters long (the
    mutated inputs of issue 21 that ran past 60 s)."""
    name = "w" + "x" * n
    out = [f"int {name}_counter = 0;", f"task {name}_coroutine() {{"]
    for i in range(20):
        out.append(f"  {{ std::unique_lock<std::mutex> {name}_{i}(m);")
        out.append(f"    cv.wait({name}_{i}, [] {{ return ready; }});")
        out.append(f"    ++{name}_counter; }}")
        out.append("  co_await std::suspend_always{};")
    out.append("}")
    out.append(f"void {name}_start() {{ std::thread t([] {{ ++{name}_counter; }}); ++{name}_counter; t.join(); }}")
    return "\n".join(out)


def deep_nesting(n):
    """Blocks nested up to 200 deep (clang's limit is 256 brackets), each
    branch taking a lock; n of them in all, as n / 200 nests."""
    depth = min(n, 200)
    out = ["task nested(int x) {"]
    for nest in range(max(1, n // depth)):
        for i in range(depth):
            out.append(" " * (i + 1) + f"if (x > {i}) {{ std::lock_guard<std::mutex> g{i}(m); ++shared_total;")
        out.append(" " * (depth + 1) + "std::this_thread::sleep_for(std::chrono::milliseconds(1));")
        out.append(" " + "}" * depth)
    out.append("  co_return;")
    out.append("}")
    return "\n".join(out)


def huge_switch(n):
    """One switch of n cases, each locking by hand around an access."""
    out = ["void worker(int k) {", "  switch (k) {"]
    for i in range(n):
        out.append(f"  case {i}: m.lock(); shared_total += {i}; m.unlock(); break;")
    out.append("  default: ++shared_total;")
    out.append("  }")
    out.append("}")
    out.append("void start() { std::thread a(worker, 1), b(worker, 2); a.join(); b.join(); }")
    return "\n".join(out)


def long_chain(n):
    """f0 calls f1 ... calls f(n-1), which blocks; a coroutine calls f0."""
    out = [f"void f{n - 1}() {{ std::this_thread::sleep_for(std::chrono::milliseconds(1)); }}"]
    for i in reversed(range(n - 1)):
        out.append(f"void f{i}() {{ f{i + 1}(); }}")
    out.append("task top() { f0(); co_return; }")
    return "\n".join(out)


def many_coroutines(n):
    """n coroutines, each with a suspension, a lock and a blocking call."""
    out = []
    for i in range(n):
        out.append(f"task co{i}() {{ std::lock_guard<std::mutex> g(m); co_await std::suspend_always{{}}; "
                   f"std::this_thread::sleep_for(std::chrono::milliseconds({i % 7})); }}")
    return "\n".join(out)


def macro_heavy(n):
    """Accesses and locks spelled through layers of macros, n statements."""
    out = ["#define LOCKED(stmt) do { std::lock_guard<std::mutex> g(m); stmt; } while (0)",
           "#define BUMP(x) ((x) += 1)",
           "#define TWICE(stmt) stmt; stmt",
           "void worker() {"]
    for i in range(n):
        out.append(f"  TWICE(LOCKED(BUMP(shared_total)));" if i % 2 else "  TWICE(BUMP(shared_total));")
    out.append("}")
    out.append("void start() { std::thread a(worker), b(worker); a.join(); b.join(); }")
    return "\n".join(out)


def many_waits(n):
    """One function of n condition-variable waits and guard hand-offs, run on two threads."""
    out = ["void wait_for(std::unique_lock<std::mutex> &lock) { cv.wait(lock, [] { return ready; }); }",
           "void worker() {"]
    for i in range(n):
        out.append(f"  {{ std::unique_lock<std::mutex> l{i}(m); wait_for(l{i}); ++shared_total; "
                   f"l{i}.unlock(); if (!l{i}.owns_lock()) l{i}.lock(); }}")
    out.append("}")
    out.append("void start() { std::thread a(worker), b(worker); a.join(); b.join(); }")
    return "\n".join(out)


KINDS = {f.__name__: f for f in (long_identifiers, deep_nesting, huge_switch, long_chain,
                                 many_coroutines, macro_heavy, many_waits)}


def main():
    if sys.argv[1:] == ["--kinds"]:
        print("\n".join(KINDS))
        return
    if len(sys.argv) != 4 or sys.argv[1] not in KINDS:
        sys.stderr.write(__doc__)
        sys.exit(2)
    kind, size, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(path, "w") as out:
        out.write(HEADER + KINDS[kind](size) + "\n")


if __name__ == "__main__":
    main()
