#!/usr/bin/env python3
"""The serve loop, measured: time from writing a changed news file to the server returning
the updated page, and the time to re-render the whole site after a template change.

    scripts/bench_serve.py SITE_DIR [--edits 25]

SITE_DIR is a generated corpus with site.yaml and themes/ (see scripts/bench.sh, which makes
/tmp/gazette-bench/c10000). The script starts `target/release/gazette serve --port 0` on it
(or the binary named by GAZETTE), waits for the first build, then edits `--edits` different
news items one at a time (the body's last line gets a unique token), polling the page over
HTTP until the token is served.
It prints the start-up time (to the "Serving" line) and the server's peak memory then, the
median, min and max latency, then changes a template comment and reports the rebuild time
the server logs for it. Files it edits are restored at the end.
"""
import argparse
import http.client
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

here = Path(__file__).resolve().parent.parent
parser = argparse.ArgumentParser()
parser.add_argument("site", type=Path)
parser.add_argument("--edits", type=int, default=25)
args = parser.parse_args()
site = args.site.resolve()

# GAZETTE names a binary to measure (another commit's, to compare in one run); without it
# the script builds this checkout's.
binary = os.environ.get("GAZETTE")
if not binary:
    binary = here / "target" / "release" / "gazette"
    subprocess.run(["cargo", "build", "--release", "--quiet", "--manifest-path", str(here / "Cargo.toml")], check=True)
started = time.perf_counter()
server = subprocess.Popen([str(binary), "serve", "--port", "0", "--root", str(site)],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
log_lines = []
threading.Thread(target=lambda: [log_lines.append(l) for l in server.stderr], daemon=True).start()
first = server.stdout.readline()
port = int(re.search(r"127\.0\.0\.1:(\d+)", first).group(1))
ready = time.perf_counter() - started
peak = next((line.split()[1] for line in Path(f"/proc/{server.pid}/status").read_text().splitlines()
             if line.startswith("VmHWM:")), "?")
print(f"server ready after {ready:.1f} s, peak memory {int(peak) // 1024 if peak != '?' else '?'} MiB: {first.strip()}")


def get(path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers={"Host": f"localhost:{port}"})
    response = conn.getresponse()
    body = response.read().decode("utf-8", "replace")
    conn.close()
    return response.status, body


news = sorted((site / "content" / "news").rglob("*.md"))[: args.edits]
originals = {path: path.read_text(encoding="utf-8") for path in news}
latencies = []
try:
    for n, path in enumerate(news):
        date = re.search(r'^date:\s*"?(\d{4})', originals[path], re.M).group(1)
        url = f"/news/{date}/{path.stem}/"
        token = f"edit-token-{n}-{time.time_ns()}"
        start = time.perf_counter()
        path.write_text(originals[path].rstrip("\n") + f"\n\n{token}\n", encoding="utf-8")
        while True:
            status, body = get(url)
            if token in body:
                break
            if time.perf_counter() - start > 30:
                sys.exit(f"{url} never showed the edit")
        latencies.append((time.perf_counter() - start) * 1000)
        time.sleep(0.2)
    print(f"edit → updated page served, {len(latencies)} edits: median {statistics.median(latencies):.1f} ms, "
          f"min {min(latencies):.1f} ms, max {max(latencies):.1f} ms")
    rebuilds = [l.strip() for l in log_lines if "changed:" in l]
    print("server log of the last edits:", *rebuilds[-3:], sep="\n  ")

    template = site / "themes" / "default" / "templates" / "partials" / "card.html"
    original_template = template.read_text(encoding="utf-8")
    count = len(log_lines)
    template.write_text(original_template + "\n{# bench " + str(time.time_ns()) + " #}\n", encoding="utf-8")
    deadline = time.time() + 120
    while time.time() < deadline and not any("templates changed" in l for l in log_lines[count:]):
        time.sleep(0.05)
    template.write_text(original_template, encoding="utf-8")
    print("template change:", next((l.strip() for l in log_lines[count:] if "templates changed" in l), "no rebuild logged"))
finally:
    for path, text in originals.items():
        path.write_text(text, encoding="utf-8")
    time.sleep(0.5)
    server.terminate()
    server.wait()
