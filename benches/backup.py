#!/usr/bin/env python3
"""`bizwings backup run` against the standard tools, in the same run on the same data.

Usage: python3 benches/backup.py [path/to/bizwings]   (default: target/release/bizwings)
- sqlite: a ~150 MB WAL database, `backup run` vs `sqlite3 SRC ".backup DST"` (throughput ratio,
  target >= 0.9);
- files: a ~200 MB tree (text-like and random files), `backup run` (tar.gz) vs `tar czf`
  (time ratio, target <= 1.1).
Each is run 5 times, alternating, and the medians compared.
"""
import os, random, shutil, sqlite3, statistics, subprocess, sys, tempfile, time

binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "target/release/bizwings")
tmp = tempfile.mkdtemp(prefix="bizwings-bench-")
env = dict(os.environ, BIZWINGS_DB=os.path.join(tmp, "state.db"))

def run(args, **kw):
    subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL, **kw)

def timed(args):
    t = time.perf_counter()
    run(args)
    return time.perf_counter() - t

# The SQLite source.
src_db = os.path.join(tmp, "source.db")
con = sqlite3.connect(src_db, isolation_level=None)
con.execute("PRAGMA journal_mode=WAL")
con.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b BLOB)")
rnd = random.Random(7)
con.execute("BEGIN")
for i in range(300_000):
    con.execute("INSERT INTO t (a, b) VALUES (?, ?)", (f"row {i} " * 20, rnd.randbytes(300)))
con.execute("COMMIT")
con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
con.close()
db_mb = os.path.getsize(src_db) / 2**20

# The file tree.
tree = os.path.join(tmp, "tree")
for d in range(20):
    os.makedirs(os.path.join(tree, f"d{d}"))
    for f in range(50):
        path = os.path.join(tree, f"d{d}", f"f{f}")
        with open(path, "wb") as out:
            if f % 3 == 0:
                out.write(rnd.randbytes(200_000))
            else:
                out.write((f"log line {d}-{f} level=info msg=\"request served\" ms=12\n" * 3500).encode())
tree_mb = sum(os.path.getsize(os.path.join(r, n)) for r, _, ns in os.walk(tree) for n in ns) / 2**20

out_dir = os.path.join(tmp, "out")
run([binary, "init"])
run([binary, "backup", "add", "db", "--kind", "sqlite", "--source", src_db, "--dest", out_dir])
run([binary, "backup", "add", "tree", "--kind", "files", "--source", tree, "--dest", out_dir])

def clean():
    shutil.rmtree(out_dir, ignore_errors=True)
    os.makedirs(out_dir, exist_ok=True)

ours_db, theirs_db, ours_tar, theirs_tar = [], [], [], []
for i in range(5):
    clean()
    ours_db.append(timed([binary, "backup", "run", "db"]))
    theirs_db.append(timed(["sqlite3", src_db, f".backup {os.path.join(out_dir, f'ref{i}.db')}"]))
    clean()
    ours_tar.append(timed([binary, "backup", "run", "tree"]))
    theirs_tar.append(timed(["tar", "czf", os.path.join(out_dir, f"ref{i}.tar.gz"), "-C", tree, "."]))

m = statistics.median
print(f"sqlite {db_mb:.0f} MiB: bizwings {m(ours_db):.2f} s ({db_mb / m(ours_db):.0f} MiB/s), "
      f"sqlite3 .backup {m(theirs_db):.2f} s ({db_mb / m(theirs_db):.0f} MiB/s); "
      f"throughput ratio {m(theirs_db) / m(ours_db):.2f} (target >= 0.9)")
print(f"files {tree_mb:.0f} MiB: bizwings {m(ours_tar):.2f} s, tar czf {m(theirs_tar):.2f} s; "
      f"time ratio {m(ours_tar) / m(theirs_tar):.2f} (target <= 1.1)")
shutil.rmtree(tmp)
