#!/usr/bin/env python3
"""Measures `starboard serve`'s edit → reload latency on a large synthetic site.

Usage: bench/incremental.py [--units 46000] [--edits 20] [--pause 0.3] [--bin target/release/starboard]

Generates a province with `starboard dev generate` (or reuses --content DIR), starts
`starboard serve --port 0`, listens on the live-reload stream like a browser tab does, then edits
one unit record at a time (its latest income) and times, from the moment the file is written:
  - reload: until the stream announces the rebuild (the tab would reload now);
  - page:   until the rebuilt unit page has been fetched and shows the new figure.
Prints median / p90 / max of each. Standard library only.
"""
import argparse
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time


def http_get(addr, path):
    host, port = addr.split(":")
    with socket.create_connection((host, int(port)), timeout=30) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n".encode())
        chunks = []
        while True:
            b = s.recv(65536)
            if not b:
                break
            chunks.append(b)
    raw = b"".join(chunks)
    head, _, body = raw.partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), body.decode("utf-8", "replace")


class Events:
    """The live-reload stream (/__starboard/events), read line by line."""

    def __init__(self, addr):
        host, port = addr.split(":")
        self.sock = socket.create_connection((host, int(port)), timeout=60)
        self.sock.sendall(f"GET /__starboard/events HTTP/1.1\r\nHost: {addr}\r\n\r\n".encode())
        self.buf = b""

    def next_event(self):
        while b"\n\n" not in self.buf:
            b = self.sock.recv(4096)
            if not b:
                raise RuntimeError("event stream closed")
            self.buf += b
        block, _, self.buf = self.buf.partition(b"\n\n")
        text = block.decode()
        name = re.search(r"^event: (.*)$", text, re.M)
        return name.group(1) if name else None

    def wait(self, name):
        while self.next_event() != name:
            pass


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--units", type=int, default=46000)
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--bin", default="target/release/starboard")
    ap.add_argument("--content", help="reuse an existing content directory (it is edited!)")
    ap.add_argument("--pause", type=float, default=0.3,
                    help="seconds between edits (serve updates the site-wide exports after 2 s without a save)")
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="starboard-bench-")
    try:
        content = args.content
        if not content:
            content = os.path.join(tmp, "content")
            t = time.time()
            subprocess.run([args.bin, "dev", "generate", "--units", str(args.units), "--out", content], check=True)
            print(f"generated {args.units} units in {time.time() - t:.1f} s", file=sys.stderr)
        records = []
        for root, _, files in os.walk(os.path.join(content, "regions")):
            records += [os.path.join(root, f) for f in files if f.endswith(".yaml") and f != "_index.yaml"]
        records.sort()
        print(f"{len(records)} unit records", file=sys.stderr)

        log = open(os.path.join(tmp, "serve.log"), "w")
        server = subprocess.Popen([args.bin, "serve", "--content", content, "--port", "0", "--today", "2025-12-20"],
                                  stdout=subprocess.PIPE, stderr=log, text=True)
        try:
            t = time.time()
            line = server.stdout.readline()
            addr = re.search(r"http://([0-9.:]+)/", line).group(1)
            print(f"first full build and serve: {time.time() - t:.1f} s at {addr}", file=sys.stderr)
            events = Events(addr)
            events.wait("hello")

            rng = random.Random(7)
            reload_ms, page_ms = [], []
            for i in range(args.edits):
                path = rng.choice(records)
                text = open(path, encoding="utf-8").read()
                years = re.findall(r"^  (\d{4}): [0-9.]+$", text, re.M)
                if "income:" not in text or not years:
                    continue
                year = years[-1]
                value = f"{rng.randint(10_000, 3_000_000)}.{i % 100:02d}"
                new = re.sub(rf"^(  {year}: )[0-9.]+$", rf"\g<1>{value}", text, count=1, flags=re.M)
                rel = os.path.relpath(path, os.path.join(content, "regions"))
                page = "/" + rel[: -len(".yaml")] + "/index.html"
                shown = f"{int(value.split('.')[0]):,}.{value.split('.')[1]}"
                t0 = time.perf_counter()
                with open(path, "w", encoding="utf-8") as f:
                    f.write(new)
                events.wait("reload")
                t1 = time.perf_counter()
                status, body = http_get(addr, page)
                t2 = time.perf_counter()
                if status != 200 or shown not in body:
                    raise RuntimeError(f"{page}: {status}, {shown} not shown")
                reload_ms.append((t1 - t0) * 1000)
                page_ms.append((t2 - t0) * 1000)
                time.sleep(args.pause)
            n = len(reload_ms)
            print(f"units={len(records)} edits={n}")
            for name, xs in (("edit→reload event", reload_ms), ("edit→page fetched", page_ms)):
                print(f"{name}: median {statistics.median(xs):.1f} ms, p90 {pct(xs, 90):.1f} ms, max {max(xs):.1f} ms")
        finally:
            server.kill()
            server.wait()
            log.close()
            tail = open(os.path.join(tmp, "serve.log"), encoding="utf-8").read().splitlines()[-int(os.environ.get("SERVE_LOG_LINES", "4")):]
            print("serve log (last lines):\n  " + "\n  ".join(tail), file=sys.stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
