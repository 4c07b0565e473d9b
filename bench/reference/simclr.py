#!/usr/bin/env python3
"""PyTorch reference of selfsup's SimCLR with the vision plugin's ResNet encoder: same architecture (3x3 stem,
basic residual blocks with batch norm, mean-pooled final feature map), projector, NT-Xent loss, AdamW and gradient
clipping. Both views arrive as one batch (view 0 then view 1), as selfsup collates them.

  simclr.py check DIR            load `selfsup bench --export-reference DIR`, compute the loss, one clipped AdamW
                                 step and the loss again on the same weights and views; compare with selfsup's
                                 numbers (exit 1 on a mismatch)
  simclr.py bench DIR [options]  time training steps of the same model and batch size; prints one JSON line
"""
import torch
import torch.nn.functional as F
from torch import nn

import common


def batch_norm(width):
    # DJL's BatchNorm: eps 1e-5, running statistics updated with momentum 0.9 (PyTorch's 0.1)
    return nn.BatchNorm2d(width, eps=1e-5, momentum=0.1)


def conv(out_channels, in_channels, stride, kernel=3):
    return nn.Conv2d(in_channels, out_channels, kernel, stride=stride, padding=kernel // 2, bias=False)


def norm_tensors(bn):
    return [bn.weight, bn.bias, bn.running_mean, bn.running_var]


class BasicBlock(nn.Module):
    def __init__(self, in_channels, out_channels, stride):
        super().__init__()
        self.conv1 = conv(out_channels, in_channels, stride)
        self.bn1 = batch_norm(out_channels)
        self.conv2 = conv(out_channels, out_channels, 1)
        self.bn2 = batch_norm(out_channels)
        self.shortcut = None
        if stride != 1 or in_channels != out_channels:
            self.shortcut = nn.Sequential(conv(out_channels, in_channels, stride, kernel=1),
                                          batch_norm(out_channels))

    def forward(self, x):
        r = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        return F.relu(r + (x if self.shortcut is None else self.shortcut(x)))

    def ordered(self):
        tensors = [self.conv1.weight] + norm_tensors(self.bn1) + [self.conv2.weight] + norm_tensors(self.bn2)
        if self.shortcut is not None:
            tensors += [self.shortcut[0].weight] + norm_tensors(self.shortcut[1])
        return tensors


class SimClr(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        enc, pretext = cfg["encoder"], cfg["pretext"]
        if enc["type"] != "resnet":
            raise SystemExit("simclr.py mirrors the resnet encoder, the recipe has " + enc["type"])
        widths = enc["widths"]
        self.stem = conv(widths[0], enc.get("channels", 1), 1)
        self.stem_bn = batch_norm(widths[0])
        blocks = []
        width = widths[0]
        for s, w in enumerate(widths):
            for b in range(enc["blocks_per_stage"]):
                blocks.append(BasicBlock(width, w, 2 if s > 0 and b == 0 else 1))
                width = w
        self.blocks = nn.ModuleList(blocks)
        projector = pretext["projector"]
        self.projector_bn = projector["batch_norm"]
        layers = []
        for hidden in projector["hidden"]:
            layers.append(nn.Linear(width, hidden, bias=not self.projector_bn))
            if self.projector_bn:
                layers.append(nn.BatchNorm1d(hidden, eps=1e-5, momentum=0.1))
            layers.append(nn.ReLU())
            width = hidden
        layers.append(nn.Linear(width, projector["dim"]))
        self.projector = nn.Sequential(*layers)
        self.temperature = pretext["temperature"]
        # the vision plugin lays the ResNet's images out channels-last on the CPU (ResNet.channelsLastOnCpu); the
        # check computes PyTorch's own float32 figures in that layout
        self.memory_format = torch.channels_last

    def ordered(self):
        tensors = [self.stem.weight] + norm_tensors(self.stem_bn)
        for block in self.blocks:
            tensors += block.ordered()
        for layer in self.projector:
            if isinstance(layer, nn.Linear):
                tensors += [layer.weight] + ([layer.bias] if layer.bias is not None else [])
            elif isinstance(layer, nn.BatchNorm1d):
                tensors += norm_tensors(layer)
        return tensors

    def decayed(self):
        return [p for p in self.parameters() if p.dim() >= 2]

    def floats_per_step(self, inputs):
        return 0

    def loss(self, inputs, floats):
        images = inputs[0]
        x = F.relu(self.stem_bn(self.stem(images)))
        for block in self.blocks:
            x = block(x)
        z = F.normalize(self.projector(x.mean(dim=(2, 3))), dim=1, eps=1e-12)
        n = z.shape[0] // 2
        logits = z @ z.t() / self.temperature
        logits = logits.masked_fill(torch.eye(2 * n, dtype=torch.bool), float("-inf"))
        partners = torch.cat([torch.arange(n, 2 * n), torch.arange(0, n)])
        return F.cross_entropy(logits, partners)


if __name__ == "__main__":
    common.main(SimClr, __doc__)
