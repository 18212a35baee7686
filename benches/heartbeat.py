#!/usr/bin/env python3
"""`bizwings heartbeat run --once` over 1,000 agents with Markdown task sources.

Usage: python3 benches/heartbeat.py [path/to/bizwings]   (default: target/release/bizwings)
Each agent has its own directory with one checklist of 12 tasks; every agent is due (the clock
is set an hour ahead). Baseline in the same run: `heartbeat status` (reads the same agents and
their last beats, no sources). Target: run --once under 1 s.
"""
import datetime, os, statistics, subprocess, sys, tempfile, time

AGENTS = 1000
binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "target/release/bizwings")
tmp = tempfile.mkdtemp(prefix="bizwings-hb-bench-")
db = os.path.join(tmp, "state.db")
env = dict(os.environ, BIZWINGS_DB=db)
subprocess.run([binary, "init"], env=env, check=True, stdout=subprocess.DEVNULL)
import sqlite3
# Agents are inserted with the CLI for the first few, then copied in SQL for speed of setup.
for i in range(AGENTS):
    board = os.path.join(tmp, f"agent{i:04}")
    os.makedirs(board)
    with open(os.path.join(board, "board.md"), "w") as f:
        for t in range(12):
            mark = "x" if t < 6 else ("~" if t < 9 else " ")
            dep = f", depends: t{t-1}" if t == 11 else ""
            f.write(f"- [{mark}] task {t} (id: t{t}, rounds: {t}{dep})\n")
subprocess.run([binary, "heartbeat", "add", "agent0000", "--schedule", "*/10 * * * *",
                "--source", f"markdown:{os.path.join(tmp, 'agent0000')}"], env=env, check=True, stdout=subprocess.DEVNULL)
con = sqlite3.connect(db)
cols = [r[1] for r in con.execute("PRAGMA table_info(heartbeat_agents)") if r[1] != "id"]
row = con.execute(f"SELECT {', '.join(cols)} FROM heartbeat_agents WHERE name = 'agent0000'").fetchone()
template = dict(zip(cols, row))
for i in range(1, AGENTS):
    values = dict(template, name=f"agent{i:04}",
                  sources_json=template["sources_json"].replace("agent0000", f"agent{i:04}"))
    con.execute(f"INSERT INTO heartbeat_agents ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                [values[c] for c in cols])
con.commit()
con.close()

def timed(args):
    t = time.perf_counter()
    subprocess.run([binary, *args], env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t

runs, baselines = [], []
for i in range(3):
    now = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=i + 1)).isoformat()
    runs.append(timed(["heartbeat", "run", "--once", "--now", now, "--json"]))
    baselines.append(timed(["heartbeat", "status", "--json"]))
print(f"heartbeat run --once, {AGENTS} agents x 12 markdown tasks: {statistics.median(runs):.3f} s median "
      f"(runs {', '.join(f'{r:.3f}' for r in runs)}); heartbeat status: {statistics.median(baselines):.3f} s; target < 1 s")
