#!/usr/bin/env python3
"""`bizwings provider list` on a 100-provider DB, against spawning /bin/true in the same run.

Usage: python3 benches/provider_list.py [path/to/bizwings]   (default: target/release/bizwings)
Prints medians and the ratio; the budget is "well under 50 ms".
"""
import os, statistics, subprocess, sys, tempfile, time

binary = sys.argv[1] if len(sys.argv) > 1 else "target/release/bizwings"
tmp = tempfile.mkdtemp()
env = dict(os.environ, BIZWINGS_DB=os.path.join(tmp, "state.db"))
run = lambda args, **kw: subprocess.run([binary, *args], env=env, check=True, stdout=subprocess.DEVNULL, **kw)
run(["init"])
for i in range(100):
    run(["provider", "add", f"p{i}", "--url", "https://x.example/v1", "--key-stdin", "--model", f"m{i}"],
        input=f"sk-bench-{i:04d}-abcdefghijklmnop".encode())

def median_ms(cmd, n=50):
    times = []
    for _ in range(n):
        t = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)

base = median_ms(["/bin/true"])
listing = median_ms([binary, "provider", "list"])
print(f"provider list (100 providers): {listing:.2f} ms median; /bin/true: {base:.2f} ms; ratio {listing / base:.1f}x")
