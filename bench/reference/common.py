"""What every PyTorch reference shares: loading selfsup's export, the check against its numbers, the timed loop.

A reference module defines `build(cfg)`, returning an nn.Module with
  ordered()        its tensors (parameters and batch-norm buffers) in selfsup's parameter order
  decayed()        the parameters selfsup's AdamW decays (matrices and kernels, not positions or tokens)
  loss(inputs, floats)  the training loss on the exported inputs (the task's collated arrays, in order) and the
                        task's random floats
  floats_per_step(inputs)  how many random floats a step draws (the timed loop draws them fresh)
`cfg` is the recipe, plus `parameter_shapes` (the exported shapes, in order: a prepared encoder's vocabulary
size is known only from them). It may define `task_seed`, which `load` sets to the java.util.Random seed of the exported step (a task that draws
integers and doubles, not floats, replays them from it).
and calls `main(build, __doc__)`.
"""
import argparse
import json
import os
import statistics
import sys
import time

import numpy as np
import torch


def optimizer(model, cfg):
    opt = cfg["train"]["optimizer"]
    decay = model.decayed()
    ids = {id(p) for p in decay}
    rest = [p for p in model.parameters() if id(p) not in ids]
    return torch.optim.AdamW([{"params": decay, "weight_decay": opt["weight_decay"]},
                              {"params": rest, "weight_decay": 0.0}],
                             lr=opt["lr"], betas=(opt["beta1"], opt["beta2"]), eps=opt["eps"])


def load(folder, build):
    export = json.load(open(os.path.join(folder, "export.json")))
    cfg = export["recipe"]
    cfg["parameter_shapes"] = [entry["shape"] for entry in export["parameters"]]  # what settings do not say
    model = build(cfg)
    tensors = model.ordered()
    if len(tensors) != len(export["parameters"]):
        sys.exit(f"reference has {len(tensors)} parameters, selfsup {len(export['parameters'])}")
    with torch.no_grad():
        for t, entry in zip(tensors, export["parameters"]):
            value = torch.from_numpy(np.load(os.path.join(folder, entry["file"])))
            if tuple(value.shape) != tuple(t.shape):
                sys.exit(f"{entry['name']}: selfsup shape {tuple(value.shape)}, reference {tuple(t.shape)}")
            t.copy_(value)
    inputs = [torch.from_numpy(np.load(os.path.join(folder, f"input_{k}.npy"))) for k in range(export["inputs"])]
    floats = torch.from_numpy(np.load(os.path.join(folder, "task_random_floats.npy")))
    model.task_seed = export["task_seed"]
    return export, cfg, model, inputs, floats


def figures(model, cfg, inputs, floats):
    """The loss, the clipped gradient norm and the loss after one AdamW step, as selfsup exports them."""
    opt = optimizer(model, cfg)
    loss = model.loss(inputs, floats)
    loss.backward()
    norm = float(torch.nn.utils.clip_grad_norm_(list(model.parameters()), cfg["train"]["grad_clip"]))
    opt.step()
    with torch.no_grad():
        after = float(model.loss(inputs, floats))
    return {"loss": float(loss), "grad_norm": norm, "loss_after_one_step": after}


def in_layout(model, inputs, memory_format):
    """The model's weights and the 4-d inputs in a memory format (a no-op for `torch.contiguous_format`)."""
    return (model.to(memory_format=memory_format),
            [x.contiguous(memory_format=memory_format) if x.dim() == 4 else x for x in inputs])


def check(folder, build):
    # In float64 the reference's figures are the exact ones, and the check measures selfsup's float32 error against
    # them. How small that error can be depends on the model and the kernels: the same figures computed by PyTorch
    # in float32, in the memory layout selfsup's encoder uses (a reference's `memory_format`), show it. A figure
    # passes when selfsup's error is under 1e-4 or at most twice PyTorch's own float32 error. (Debian's PyTorch 1.13
    # in float32 misses the masked LM's gradient norm by 1.7e-4 where selfsup is within 1e-7; channels-last
    # convolutions miss the SimCLR ResNet's by about 2e-4 in both libraries.)
    export, cfg, model, inputs, floats = load(folder, build)
    exact = figures(model.double(), cfg, [x.double() for x in inputs], floats.double())
    export, cfg, model, inputs, floats = load(folder, build)
    model, inputs = in_layout(model, inputs, getattr(model, "memory_format", torch.contiguous_format))
    single = figures(model, cfg, inputs, floats)
    ok = True
    for key, want in export["expected"].items():
        rel = abs(exact[key] - want) / max(abs(want), 1e-12)
        torch_rel = abs(single[key] - exact[key]) / max(abs(exact[key]), 1e-12)
        good = rel < max(1e-4, 2 * torch_rel)
        ok &= good
        print(f"{key:20s} selfsup {want:.7f}  reference {exact[key]:.7f}  relative difference {rel:.1e}  "
              f"(PyTorch float32 {torch_rel:.1e})  {'same' if good else 'DIFFERENT'}")
    print("reference check:", "PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


def bench(folder, warmup, steps, threads, build, profile=None, channels_last=False):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    export, cfg, model, inputs, floats = load(folder, build)
    if channels_last:
        # PyTorch's own memory-format switch; the plain reference is what a PyTorch user writes by default
        model, inputs = in_layout(model, inputs, torch.channels_last)
    opt = optimizer(model, cfg)

    def step():
        loss = model.loss(inputs, torch.rand(model.floats_per_step(inputs)))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), cfg["train"]["grad_clip"])
        opt.step()
        float(loss)

    times = []
    for i in range(warmup + steps):
        start = time.perf_counter()
        step()
        if i >= warmup:
            times.append((time.perf_counter() - start) * 1000)
    if profile:
        # after the timed steps, so the profiler's overhead stays out of the figures
        with torch.autograd.profiler.profile(record_shapes=True) as prof:
            for _ in range(steps):
                step()
        prof.export_chrome_trace(profile)
    print(json.dumps({"reference": "pytorch " + torch.__version__, "threads": threads, "channels_last": channels_last,
                      "batch_size": export["batch_size"], "step_ms_median": statistics.median(times),
                      "step_ms_min": min(times), "step_ms_max": max(times), "steps": steps}))


def main(build, doc):
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["check", "bench"])
    parser.add_argument("folder")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--profile", metavar="FILE", help="bench: also profile --steps more steps (Chrome trace)")
    parser.add_argument("--channels-last", action="store_true",
                        help="bench: weights and 4-d inputs in channels-last memory format")
    args = parser.parse_args()
    if args.mode == "check":
        check(args.folder, build)
    else:
        bench(args.folder, args.warmup, args.steps, args.threads, build, args.profile, args.channels_last)
