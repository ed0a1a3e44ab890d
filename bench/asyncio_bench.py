#!/usr/bin/env python3
"""The runtime workloads on Python's asyncio: the seeds' baseline for docs/performance.md.

    python3 bench/asyncio_bench.py
Smaller counts than the C++ program where Python would take minutes; rates are per second.
"""
import asyncio
import concurrent.futures
import resource
import subprocess
import sys
import time


def spawn_rate(n=200_000):
    async def trivial():
        pass

    async def main():
        t0 = time.perf_counter()
        tasks = [asyncio.create_task(trivial()) for _ in range(n)]
        await asyncio.gather(*tasks)
        return n / (time.perf_counter() - t0)

    return asyncio.run(main())


def park_bytes(n=100_000):
    # In a fresh interpreter so that the heap is cold.
    code = f"""
import asyncio, resource
def rss():
    with open('/proc/self/statm') as f:
        return int(f.read().split()[1]) * resource.getpagesize()
async def main():
    before = rss()
    async def sleeper():
        await asyncio.sleep(3600)
    tasks = [asyncio.create_task(sleeper()) for _ in range({n})]
    await asyncio.sleep(0.01)
    print((rss() - before) / {n})
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
asyncio.run(main())
"""
    return float(subprocess.check_output([sys.executable, "-c", code]))


def pool_rate(n=200_000):
    t0 = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(2) as ex:
        for _ in range(n):
            ex.submit(int)
    return n / (time.perf_counter() - t0)


def to_thread_us(n=5_000):
    async def main():
        for _ in range(200):
            await asyncio.to_thread(int)
        t0 = time.perf_counter()
        for _ in range(n):
            await asyncio.to_thread(int)
        return (time.perf_counter() - t0) * 1e6 / n

    return asyncio.run(main())


def sleep_ms(n=10_000):
    async def sleeper():
        for _ in range(10):
            await asyncio.sleep(0.001)

    async def main():
        t0 = time.perf_counter()
        await asyncio.gather(*(sleeper() for _ in range(n)))
        return (time.perf_counter() - t0) * 1e3

    return asyncio.run(main())


if __name__ == "__main__":
    print(f"asyncio on Python {sys.version.split()[0]}")
    print(f"1 spawn+complete tasks        {spawn_rate() / 1e6:8.3f} M/s")
    print(f"2 bytes per task on a timer   {park_bytes():8.1f} B")
    print(f"3 jobs through 2-thread pool  {pool_rate() / 1e6:8.3f} M/s")
    print(f"4 to_thread round trip        {to_thread_us():8.1f} us")
    print(f"5 10k tasks x 10 x sleep 1ms  {sleep_ms():8.1f} ms")
