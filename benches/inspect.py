#!/usr/bin/env python3
"""`bizwings inspect` over 50 loopback hosts against plain `ssh`, in the same run.

Usage: python3 benches/inspect.py [path/to/bizwings]   (default: target/release/bizwings; needs
/usr/sbin/sshd and ssh, run as root). One sshd on 127.0.0.1 is listed 50 times; every host gets a
fresh connection and the same checklist script. Compared: a sequential `ssh` loop and
`xargs -P 16 ssh`. Reported: wall time and the client side's own CPU (user+sys of the process
tree, from getrusage), per host. Targets: wall <= 0.7 x xargs, client CPU <= 25 ms per host.
"""
import os, re, resource, subprocess, sys, tempfile, time

HOSTS = 50
binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "target/release/bizwings")
tmp = tempfile.mkdtemp(prefix="bizwings-inspect-bench-")
run = lambda *a, **kw: subprocess.run(*a, check=True, **kw)

# The server.
run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", f"{tmp}/host_key"])
run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", f"{tmp}/id"])
os.replace(f"{tmp}/id.pub", f"{tmp}/authorized_keys")
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
with open(f"{tmp}/sshd_config", "w") as f:
    f.write(f"Port {port}\nListenAddress 127.0.0.1\nHostKey {tmp}/host_key\nPidFile {tmp}/pid\n"
            f"AuthorizedKeysFile {tmp}/authorized_keys\nPasswordAuthentication no\nUsePAM no\n"
            "StrictModes no\nPermitRootLogin yes\nMaxStartups 200\nLogLevel ERROR\n")
os.makedirs("/run/sshd", exist_ok=True)
sshd = subprocess.Popen(["/usr/sbin/sshd", "-D", "-f", f"{tmp}/sshd_config"])
for _ in range(100):
    try:
        socket.create_connection(("127.0.0.1", port), 0.2).close(); break
    except OSError:
        time.sleep(0.05)

# The same checklist script bizwings sends.
src = open(os.path.join(os.path.dirname(__file__), "../src/inspect/checks.rs")).read()
script = re.search(r'pub const SCRIPT: &str = r#"(.*?)"#;', src, re.S).group(1).replace("SERVICES", "nginx mysql docker sshd")

env = dict(os.environ, BIZWINGS_DB=f"{tmp}/state.db", HOME=tmp)
run([binary, "init"], env=env, stdout=subprocess.DEVNULL)
for i in range(HOSTS):
    run([binary, "inspect", "host", "add", f"h{i:02}", "--addr", "127.0.0.1", "--port", str(port),
         "--identity", f"{tmp}/id"], env=env, stdout=subprocess.DEVNULL)
run([binary, "inspect", "h00", "--accept-new"], env=env, stdout=subprocess.DEVNULL)

ssh = ["ssh", "-i", f"{tmp}/id", "-p", str(port), "-o", "StrictHostKeyChecking=no",
       "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "BatchMode=yes", "root@127.0.0.1"]

def measure(cmd, **kw):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, **kw)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu

check_script = f"{tmp}/checks.sh"
with open(check_script, "w") as f:
    f.write(script)
one = "%s sh -s < %s" % (" ".join(ssh), check_script)
results = {"bizwings": [], "ssh loop": [], "xargs -P 16": []}
for _ in range(3):
    results["bizwings"].append(measure([binary, "inspect", "--all", "--concurrency", "16", "--json"], env=env))
    results["ssh loop"].append(measure(["sh", "-c", "for i in $(seq %d); do %s; done" % (HOSTS, one)]))
    results["xargs -P 16"].append(measure(["sh", "-c", "seq %d | xargs -P 16 -I{} sh -c '%s'" % (HOSTS, one)]))
sshd.terminate()

med = lambda xs: sorted(xs)[len(xs) // 2]
rows = {k: (med([w for w, _ in v]), med([c for _, c in v])) for k, v in results.items()}
for name, (wall, cpu) in rows.items():
    print(f"{name:12} wall {wall:6.2f} s   client CPU {cpu:6.2f} s ({cpu / HOSTS * 1000:5.1f} ms/host)")
print(f"bizwings wall / xargs wall = {rows['bizwings'][0] / rows['xargs -P 16'][0]:.2f} (target <= 0.7); "
      f"bizwings CPU per host {rows['bizwings'][1] / HOSTS * 1000:.1f} ms (target <= 25)")
