"""Cold start of a packaged service: milliseconds from exec to /q/health/ready answering 200, median of RUNS.
Usage: python3 bench/startup.py NAME RUNS -- java ... (the command gets -Dquarkus.management.port/-Dquarkus.http.port)"""
import socket, statistics, subprocess, sys, time, urllib.request

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port

name, runs, command = sys.argv[1], int(sys.argv[2]), sys.argv[sys.argv.index("--") + 1:]
times = []
for _ in range(runs):
    mport, hport = free_port(), free_port()
    at = command.index("java") + 1
    cmd = command[:at] + [f"-Dquarkus.management.port={mport}", f"-Dquarkus.http.port={hport}"] + command[at:]
    start = time.monotonic()
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.monotonic() - start < 60:
            try:
                if urllib.request.urlopen(f"http://127.0.0.1:{mport}/q/health/ready", timeout=1).status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.01)
        else:
            sys.exit(f"{name} was not ready after 60 s")
        times.append((time.monotonic() - start) * 1000)
    finally:
        process.terminate(); process.wait()
print(f"RESULT kaigi startup service={name} ready_ms={statistics.median(times):.0f} runs={runs}")
