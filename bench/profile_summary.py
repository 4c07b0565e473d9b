#!/usr/bin/python3
"""Summarises Chrome traces of the PyTorch profiler (selfsup bench --profile, bench/reference/<task>.py --profile)
side by side: total self time per operator, per profiled step, largest first.

    bench/profile_summary.py selfsup.json reference.json [--steps 10] [--top 25]

Self time is an event's duration minus the durations of the events nested in it on the same thread, so an
operator that only calls others (aten::conv2d -> aten::mkldnn_convolution) is not counted twice.
"""
import argparse
import collections
import json


def self_times(path):
    with open(path) as f:
        trace = json.load(f)
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    by_thread = collections.defaultdict(list)
    for e in events:
        if e.get("ph") == "X" and "dur" in e:
            by_thread[(e.get("pid"), e.get("tid"))].append(e)
    totals = collections.Counter()
    for thread_events in by_thread.values():
        thread_events.sort(key=lambda e: (float(e["ts"]), -float(e["dur"])))
        stack = []  # [end, name, child time]
        for e in thread_events:
            start, dur = float(e["ts"]), float(e["dur"])
            while stack and stack[-1][0] <= start:
                end, name, children, own = stack.pop()
                totals[name] += own - children
                if stack:
                    stack[-1][2] += own
            stack.append([start + dur, e["name"], 0.0, dur])
        while stack:
            end, name, children, own = stack.pop()
            totals[name] += own - children
            if stack:
                stack[-1][2] += own
    return totals


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("traces", nargs="+")
    parser.add_argument("--steps", type=int, default=10, help="profiled steps per trace (to print per-step ms)")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    tables = [self_times(t) for t in args.traces]
    names = collections.Counter()
    for t in tables:
        for name, us in t.items():
            names[name] = max(names[name], us)
    header = "".join(f"{'ms/step ' + str(i + 1):>14s}" for i in range(len(tables)))
    print(f"{'operator':48s}{header}")
    for name, _ in names.most_common(args.top):
        print(f"{name[:48]:48s}" + "".join(f"{t.get(name, 0) / 1000 / args.steps:14.2f}" for t in tables))
    print(f"{'total':48s}" + "".join(f"{sum(t.values()) / 1000 / args.steps:14.2f}" for t in tables))
    for i, path in enumerate(args.traces):
        print(f"{i + 1}: {path}")


if __name__ == "__main__":
    main()
