#!/usr/bin/env python3
"""Turns run.sh's results.txt (RESULT key=value lines) into a markdown table: the median over rounds per
system and setting, and each system's ratio to the best Node anchor (seed-ws, peerserver) of the same run."""
import statistics
import sys
from collections import defaultdict

ANCHORS = ("seed-ws", "peerserver")
rows = []
for line in open(sys.argv[1]):
    if "RESULT" not in line:
        continue
    rows.append(dict(kv.split("=", 1) for kv in line.split() if "=" in kv))
if not rows:
    sys.exit("no results")
workload = rows[-1]["workload"]  # a latency run starts with each system's relay peak
metrics = {
    "relay": (("size",), ["msg_per_s", "server_us_per_msg", "per_core_capacity", "gen_us_per_msg", "errors"], "msg_per_s", True),
    "latency": (("percent_of_peak",), ["offered_per_s", "received_per_s", "p50_ms", "p99_ms", "p999_ms", "max_ms", "server_us_per_msg",
                 "send_lag_p99_ms", "gen_cpu_share", "gen_runq_wait_ms", "server_runq_wait_ms"], None, False),
    "connections": ((), ["alive", "rss_b_per_conn", "heap_b_per_conn", "rss_kib", "connect_s"], "rss_b_per_conn", False),
    "churn": ((), ["cycles_per_s", "server_us_per_cycle", "failed"], "cycles_per_s", True),
}
keys, cols, ratio_col, higher_better = metrics[workload]
groups = defaultdict(list)
for r in rows:
    if r["workload"] != workload:
        continue
    groups[(tuple(r.get(k, "") for k in keys), r["system"])].append(r)

def med(rs, col):
    vals = [float(r[col]) for r in rs if col in r]
    return statistics.median(vals) if vals else None

def fmt(v):
    if v is None:
        return "-"
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.3g}"

loads = [float(r["load1"]) for r in rows if "load1" in r]
print(f"{workload}: median over rounds; load average (1 min) during the runs {min(loads):.1f}-{max(loads):.1f}\n")
cpu_ratio = workload in ("relay", "churn")
cpu_col = "server_us_per_msg" if workload == "relay" else "server_us_per_cycle"
for r in rows:
    if r.get("server_us_per_msg"):
        r["per_core_capacity"] = str(1e6 / float(r["server_us_per_msg"]))
head = list(keys) + ["system", "rounds"] + cols + (["rate vs best anchor"] if ratio_col else []) + (["CPU efficiency vs best anchor"] if cpu_ratio else [])
print("| " + " | ".join(head) + " |")
print("|" + "---|" * len(head))
settings = sorted({k for k, _ in groups}, key=lambda t: [(0, float(x), "") if x.replace('.', '').isdigit() else (1, 0.0, x) for x in t])
for setting in settings:
    best = None
    if ratio_col:
        anchor_vals = [med(groups[(setting, a)], ratio_col) for a in ANCHORS if (setting, a) in groups]
        anchor_vals = [v for v in anchor_vals if v]
        if anchor_vals:
            best = max(anchor_vals) if higher_better else min(anchor_vals)
    for (s, system), rs in sorted(groups.items(), key=lambda kv: kv[0][1]):
        if s != setting:
            continue
        cells = list(setting) + [system, str(len(rs))] + [fmt(med(rs, c)) for c in cols]
        if ratio_col:
            v = med(rs, ratio_col)
            cells.append(f"{v / best:.2f}x" if best and v else "-")
        if cpu_ratio:
            anchor_cpu = [med(groups[(setting, a)], cpu_col) for a in ANCHORS if (setting, a) in groups]
            anchor_cpu = [v for v in anchor_cpu if v]
            v = med(rs, cpu_col)
            cells.append(f"{min(anchor_cpu) / v:.2f}x" if anchor_cpu and v else "-")
        print("| " + " | ".join(cells) + " |")
