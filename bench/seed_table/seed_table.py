#!/usr/bin/env python3
"""Python's rows of the seed table (stdlib only), one configuration per process, like seed_table.

  seed_table.py io  <asyncio|threads> <N> <port>      N tasks x 10 HTTP/1.1 GETs, 1 ms think time
  seed_table.py cpu <threads|processes> <N> <steps>   one kernel split into N parts
Prints one JSON line with the same fields as the C++ program.
"""
import asyncio
import json
import os
import resource
import socket
import sys
import threading
import time

REQUESTS_PER_TASK = 10
THINK_S = 0.001


def status_kb(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return -1


def request_bytes(port):
    return f"GET /payload.txt HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()


def response_length(buf):
    end = buf.find(b"\r\n\r\n")
    if end < 0:
        return 0
    head = buf[:end].lower()
    i = head.find(b"content-length: ")
    if i < 0:
        raise RuntimeError("response without Content-Length")
    j = head.find(b"\r\n", i)
    return end + 4 + int(head[i + 16:j if j >= 0 else None])


def blocking_client(port, counter, lock):
    s = socket.create_connection(("127.0.0.1", port))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    req = request_bytes(port)
    for _ in range(REQUESTS_PER_TASK):
        s.sendall(req)
        buf = b""
        want = 0
        while want == 0 or len(buf) < want:
            chunk = s.recv(4096)
            if not chunk:
                raise RuntimeError("connection closed")
            buf += chunk
            if want == 0:
                want = response_length(buf)
        with lock:
            counter[0] += 1
        time.sleep(THINK_S)
    s.close()


async def async_client(port, counter):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    sock = writer.get_extra_info("socket")
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    req = request_bytes(port)
    for _ in range(REQUESTS_PER_TASK):
        writer.write(req)
        await writer.drain()
        buf = b""
        want = 0
        while want == 0 or len(buf) < want:
            chunk = await reader.read(4096)
            if not chunk:
                raise RuntimeError("connection closed")
            buf += chunk
            if want == 0:
                want = response_length(buf)
        counter[0] += 1
        await asyncio.sleep(THINK_S)
    writer.close()


async def async_main(n, port, counter):
    await asyncio.gather(*(async_client(port, counter) for _ in range(n)))


def kernel(seed, steps):
    x = seed + 1
    for _ in range(steps):
        x ^= x >> 33
        x = (x * 0xFF51AFD7ED558CCD) & 0xFFFFFFFFFFFFFFFF
        x ^= x >> 29
    return x


def row(kind, model, n, ok, wall, requests, error="", children_rss_kb=-1):
    print(json.dumps({"lang": "Python", "kind": kind, "model": model, "n": n, "ok": ok,
                      "wall_s": round(wall, 4), "requests": requests,
                      "rss_kb": status_kb("VmHWM"), "vm_kb": status_kb("VmPeak"),
                      "children_rss_kb": children_rss_kb, "error": error}), flush=True)


def main():
    kind, model, n, arg = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    if kind == "io":
        counter, lock = [0], threading.Lock()
        error, ok = "", True
        start = time.perf_counter()
        try:
            if model == "asyncio":
                asyncio.run(async_main(n, arg, counter))
            elif model == "threads":
                failures = []

                def run():
                    try:
                        blocking_client(arg, counter, lock)
                    except Exception as e:  # noqa: BLE001 - counted and reported
                        failures.append(e)
                threads = []
                try:
                    for _ in range(n):
                        t = threading.Thread(target=run)
                        t.start()
                        threads.append(t)
                except RuntimeError as e:
                    ok, error = False, f"thread {len(threads)}: {e}"
                for t in threads:
                    t.join()
                if failures:
                    ok, error = False, f"{error} {len(failures)} clients failed: {failures[0]}"
            else:
                raise SystemExit(f"unknown io model {model}")
        except Exception as e:  # noqa: BLE001 - reported in the row
            ok, error = False, str(e)
        wall = time.perf_counter() - start
        row("io", model, n, ok and counter[0] == n * REQUESTS_PER_TASK, wall, counter[0], error)
    elif kind == "cpu":
        per = arg // n
        start = time.perf_counter()
        children = -1
        if model == "threads":
            from concurrent.futures import ThreadPoolExecutor
            with ThreadPoolExecutor(os.cpu_count()) as ex:
                list(ex.map(kernel, range(n), [per] * n))
        elif model == "processes":
            import multiprocessing
            with multiprocessing.get_context("fork").Pool(os.cpu_count()) as pool:
                pool.starmap(kernel, [(i, per) for i in range(n)], chunksize=1)
            children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        elif model == "single":
            for i in range(n):
                kernel(i, per)
        else:
            raise SystemExit(f"unknown cpu model {model}")
        row("cpu", model, n, True, time.perf_counter() - start, 0, "", children)


if __name__ == "__main__":
    main()
