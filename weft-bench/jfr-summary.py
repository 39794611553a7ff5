#!/usr/bin/env python3
"""Summarises a JFR recording of the node (run.sh PROFILE=1): the hottest methods (top frame and first
dev.weft frame of CPU samples) and the biggest allocation sites, on the event-loop threads only.
Usage: jfr-summary.py file.jfr"""
import collections
import re
import subprocess
import sys

def events(jfr, name):
    out = subprocess.run(["jfr", "print", "--stack-depth", "30", "--events", name, jfr],
                         capture_output=True, text=True).stdout
    return out.split(name + " {")[1:]

def frames(e):
    st = re.search(r"stackTrace = \[(.*?)\n\s*\]", e, re.S)
    return [l.strip().split(" line:")[0] for l in st.group(1).split("\n") if l.strip()] if st else []

def loop_thread(e):
    t = re.search(r"(?:eventThread|sampledThread) = \"([^\"]*)\"", e)
    return t and ("EventLoop" in t.group(1) or "epoll" in t.group(1).lower() or "nioEvent" in t.group(1))

jfr = sys.argv[1]
cpu = [e for e in events(jfr, "jdk.ExecutionSample") if loop_thread(e)]
top = collections.Counter()
incl = collections.Counter()
for e in cpu:
    fs = frames(e)
    if fs:
        top[fs[0]] += 1
    for f in set(fs):
        incl[f] += 1
n = max(1, len(cpu))
print(f"CPU samples on event loops: {len(cpu)}\n\nTop frames (self):")
for f, c in top.most_common(25):
    print(f"{100*c/n:5.1f}%  {f[:120]}")
print("\nInclusive (methods on the stack):")
for f, c in incl.most_common(60):
    if any(k in f for k in ("dev.weft", "websocketx", "jackson", "ByteBuf", "flush", "write", "Epoll", "Socket")):
        print(f"{100*c/n:5.1f}%  {f[:120]}")
alloc = collections.Counter()
total = 0.0
for e in events(jfr, "jdk.ObjectAllocationSample"):
    if not loop_thread(e):
        continue
    cls = re.search(r"objectClass = (\S+)", e).group(1)
    w = re.search(r"weight = ([\d.]+) (\w+)", e)
    weight = float(w.group(1)) * {"bytes": 1, "kB": 1e3, "MB": 1e6, "GB": 1e9}.get(w.group(2), 1)
    fs = frames(e)
    ours = next((f for f in fs if f.startswith("dev.weft")), "(no weft frame)")
    alloc[(cls, fs[0] if fs else "?", ours)] += weight
    total += weight
print(f"\nAllocation samples on event loops: {total/1e6:.0f} MB sampled weight")
for (cls, t, ours), w in alloc.most_common(15):
    print(f"{100*w/max(total,1):5.1f}%  {cls[:40]:40s} {t[:70]:70s} via {ours[:70]}")
