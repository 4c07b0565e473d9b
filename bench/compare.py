#!/usr/bin/python3
"""Runs selfsup and the PyTorch reference of the same model alternately and prints per-pair step-time ratios.

    bench/compare.py [recipe] [--pairs 5] [--steps 10] [--warmup 5] [--threads 2] [--reference-channels-last]

1. installs the reference's dependencies (bench/reference/install.sh);
2. exports selfsup's initial weights and one batch, and checks that the reference computes the same loss,
   gradient norm and post-step loss on them (exit 1 if not);
3. runs `selfsup bench` (two rounds of its own loop and a plain DJL loop, in alternating order) and
   the reference of the recipe's pretext task (`bench/reference/<task>.py`: mae, simclr, mlm) alternately, `--pairs` times, with the same thread count, and prints each pair's ratio and the medians;
4. writes everything to runs/bench/compare-<recipe>.json.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(command, env=None):
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"failed ({result.returncode}): {' '.join(command)}\n{result.stdout}\n{result.stderr}")
    return result.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("recipe", nargs="?", default="recipes/mnist-mae.yaml")
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--reference-channels-last", action="store_true",
                        help="time the reference with its weights and images in channels-last memory format")
    args = parser.parse_args()
    name = os.path.splitext(os.path.basename(args.recipe))[0]
    layout = ["--channels-last"] if args.reference_channels_last else []
    out = os.path.join(ROOT, "runs", "bench")
    os.makedirs(out, exist_ok=True)
    export = os.path.join(out, "reference-" + name)

    run([os.path.join(ROOT, "bench", "reference", "install.sh")])
    selfsup = [os.path.join(ROOT, "selfsup"), "bench", args.recipe, "--threads", str(args.threads),
               "--set", "device=cpu"]
    run(selfsup + ["--export-reference", export])
    task = json.load(open(os.path.join(export, "export.json")))["recipe"]["pretext"]["task"]
    script = os.path.join("bench", "reference", task + ".py")
    if not os.path.exists(os.path.join(ROOT, script)):
        sys.exit(f"no PyTorch reference for the pretext task '{task}' ({script})")
    print(run(["/usr/bin/python3", script, "check", export]), end="")

    pairs = []
    for i in range(args.pairs):
        json_file = os.path.join(out, f"pair-{name}-{i + 1}.json")
        run(selfsup + ["--rounds", "2", "--steps", str(args.steps), "--warmup", str(args.warmup), "--out", json_file])
        ours = json.load(open(json_file))
        reference = json.loads(run(["/usr/bin/python3", script, "bench", export, "--steps",
                                    str(args.steps), "--warmup", str(args.warmup), "--threads",
                                    str(args.threads)] + layout).strip().splitlines()[-1])
        pair = {"selfsup_ms": ours["step_ms_median"], "plain_djl_ms": ours["plain_djl_step_ms_median"],
                "pytorch_ms": reference["step_ms_median"],
                "selfsup_over_pytorch": ours["step_ms_median"] / reference["step_ms_median"],
                "selfsup_over_plain_djl": ours["framework_over_plain_ratio_median"],
                "data_wait_pct": ours["data_wait_pct"], "fraction_of_gemm_ceiling": ours["fraction_of_gemm_ceiling"],
                "achieved_gflops": ours["achieved_gflops"], "gemm_ceiling_gflops": ours["gemm_ceiling_gflops"],
                "peak_rss_mb": ours["peak_rss_mb"]}
        pairs.append(pair)
        print(f"pair {i + 1}: selfsup {pair['selfsup_ms']:.1f} ms, PyTorch {pair['pytorch_ms']:.1f} ms, "
              f"ratio {pair['selfsup_over_pytorch']:.3f}; plain DJL {pair['plain_djl_ms']:.1f} ms, "
              f"selfsup/plain {pair['selfsup_over_plain_djl']:.3f}")
    # a figure the recipe's task cannot give (no FLOP count: no GEMM-ceiling fraction) stays None
    summary = {key: statistics.median(p[key] for p in pairs) if pairs[0][key] is not None else None
               for key in pairs[0]}
    print("medians: " + ", ".join(f"{k} {v:.3f}" for k, v in summary.items() if v is not None))
    json.dump({"recipe": args.recipe, "threads": args.threads, "steps": args.steps, "warmup": args.warmup,
               "pairs": pairs, "medians": summary, "reference": reference["reference"],
               "reference_channels_last": args.reference_channels_last},
              open(os.path.join(out, f"compare-{name}{'-channels-last' if layout else ''}.json"), "w"), indent=2)


if __name__ == "__main__":
    main()
