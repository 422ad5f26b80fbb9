"""Cold start of packaged services: milliseconds from exec to /q/health/ready answering 200, median of RUNS.
Several commands are measured in alternating rounds (a, b, a, b, ...), so a slow spell of the machine touches all.
Usage: python3 bench/startup.py RUNS NAME DIR java ... [:: NAME DIR java ...]...
  NAME is SERVICE (reported as kaigi's) or SIDE/SERVICE. DIR is the working directory (an AppCDS archive is only
  valid from the directory it was made in). A Quarkus command gets -Dquarkus.management.port/-Dquarkus.http.port;
  a command with {port} in an argument (the floor) gets a free port there and is ready when / answers 200."""
import socket, statistics, subprocess, sys, time, urllib.request

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port

def ready_ms(name, workdir, command):
    hport = free_port()
    if any("{port}" in arg for arg in command):
        cmd, url = [arg.replace("{port}", str(hport)) for arg in command], f"http://127.0.0.1:{hport}/"
    else:
        mport, at = free_port(), command.index("java") + 1
        cmd = command[:at] + [f"-Dquarkus.management.port={mport}", f"-Dquarkus.http.port={hport}"] + command[at:]
        url = f"http://127.0.0.1:{mport}/q/health/ready"
    start = time.monotonic()
    process = subprocess.Popen(cmd, cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.monotonic() - start < 60:
            try:
                if urllib.request.urlopen(url, timeout=1).status == 200:
                    return (time.monotonic() - start) * 1000
            except OSError:
                pass
            time.sleep(0.01)
        sys.exit(f"{name} was not ready after 60 s")
    finally:
        process.terminate(); process.wait()

runs, rest = int(sys.argv[1]), sys.argv[2:]
groups = []
while rest:
    end = rest.index("::") if "::" in rest else len(rest)
    groups.append((rest[0], rest[1], rest[2:end]))
    rest = rest[end + 1:]
times = {name: [] for name, _, _ in groups}
for _ in range(runs):
    for name, workdir, command in groups:
        times[name].append(ready_ms(name, workdir, command))
for name, _, _ in groups:
    side, service = name.split("/") if "/" in name else ("kaigi", name)
    print(f"RESULT {side} startup service={service} ready_ms={statistics.median(times[name]):.0f} runs={runs} "
          f"all={'/'.join(f'{t:.0f}' for t in times[name])}")
