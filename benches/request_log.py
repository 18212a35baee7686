#!/usr/bin/env python3
"""The request log at 1 M records: a filtered query for one client over the last hour, and the
prune holding the log to its size cap.

Usage: python3 benches/request_log.py [path/to/bizwings]   (default: target/release/bizwings)
Fills the log with 1,000,000 requests over 7 days from 200 clients (python's sqlite3, as the
sidecar's writer would have), then times `sidecar requests --client c42 --since 1h` (median of
10, against /bin/true in the same run), then starts `sidecar serve --request-log-max-bytes` at a
cap below what the log holds and reads back what the prune left. The budget: the query well
under a second; the log at or under its cap after the prune.
"""
import json, os, random, sqlite3, statistics, subprocess, sys, tempfile, time, urllib.request

binary = sys.argv[1] if len(sys.argv) > 1 else "target/release/bizwings"
tmp = tempfile.mkdtemp()
db = os.path.join(tmp, "state.db")
env = dict(os.environ, BIZWINGS_DB=db, BIZWINGS_MASTER_KEY_FILE=os.path.join(tmp, "master.key"))
subprocess.run([binary, "init"], env=env, check=True, stdout=subprocess.DEVNULL)

N, CLIENTS = 1_000_000, 200
now = int(time.time() * 1000)
span = 7 * 86_400_000
rng = random.Random(7)
attempts = json.dumps([{"provider": "a", "host": "127.0.0.1", "status": 200, "ms": 900,
                        "at_ms": 0, "outcome": "answered"}])
t = time.perf_counter()
con = sqlite3.connect(db)
con.execute("PRAGMA journal_mode=WAL")
con.executemany(
    "INSERT INTO request_log (at_ms, request_id, client, api, model, stream, status, latency_ms,"
    " input_tokens, output_tokens, cost_nusd, provider, attempts_json)"
    " VALUES (?, ?, ?, '/chat/completions', 'gpt-4o-mini', 0, 200, ?, 120, 80, 90000, 'a', ?)",
    ((now - span + i * span // N, f"req_bench_{i}", f"c{rng.randrange(CLIENTS)}",
      rng.randrange(200, 4000), attempts) for i in range(N)))
con.commit()
con.close()
print(f"filled {N} requests in {time.perf_counter() - t:.1f} s; DB {os.path.getsize(db) / 2**20:.0f} MiB")

def median_ms(cmd, n=10):
    times = []
    for _ in range(n):
        t = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)

base = median_ms(["/bin/true"])
query = median_ms([binary, "sidecar", "requests", "--client", "c42", "--since", "1h", "--json"])
slow = median_ms([binary, "sidecar", "requests", "--since", "1h", "--slower-than", "3s", "--json"])
print(f"sidecar requests --client c42 --since 1h: {query:.1f} ms median (/bin/true {base:.1f} ms)")
print(f"sidecar requests --since 1h --slower-than 3s: {slow:.1f} ms median")

def log_bytes():
    con = sqlite3.connect(db)
    rows, size = con.execute(
        "SELECT COUNT(*), COALESCE(SUM(length(request_id) + length(api) + COALESCE(length(client), 0)"
        " + COALESCE(length(model), 0) + COALESCE(length(reason), 0) + COALESCE(length(provider), 0)"
        " + length(attempts_json)), 0) + COUNT(*) * 160 FROM request_log").fetchone()
    con.close()
    return rows, size

rows, size = log_bytes()
cap = size // 4
sidecar = subprocess.Popen(
    [binary, "sidecar", "serve", "--listen", "127.0.0.1:0", "--metrics-listen", "off",
     "--health-interval", "off", "--request-log-max-bytes", str(cap)],
    env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
t = time.perf_counter()
while log_bytes()[1] > cap and time.perf_counter() - t < 60:
    time.sleep(0.2)
pruned = time.perf_counter() - t
sidecar.terminate()
sidecar.wait()
after_rows, after = log_bytes()
print(f"prune to a cap of {cap / 2**20:.0f} MiB: {rows} → {after_rows} rows, "
      f"{size / 2**20:.0f} → {after / 2**20:.0f} MiB of log in {pruned:.1f} s "
      f"({'within' if after <= cap else 'OVER'} the cap)")
