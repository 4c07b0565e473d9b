#!/usr/bin/env python3
"""PyTorch reference of selfsup's MAE-ViT (vision plugin): same architecture, shapes, masking, loss,
AdamW and gradient clipping.

  mae.py check DIR            load `selfsup bench --export-reference DIR`, compute the loss, one clipped AdamW
                              step and the loss again on the same weights, batch and random floats; compare
                              with selfsup's numbers (exit 1 on a mismatch)
  mae.py bench DIR [options]  time training steps of the same model and batch size; prints one JSON line
"""
import math

import torch
import torch.nn.functional as F
from torch import nn

import common


class Attention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, 3 * dim)
        self.projection = nn.Linear(dim, dim)

    def forward(self, x, bias=None):
        b, t, d = x.shape
        h = self.heads
        qkv = self.qkv(x).reshape(b, t, 3, h, d // h).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        scores = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(d // h))
        if bias is not None:  # additive: -1e9 at padding keys (and after the query, if causal)
            scores = scores + bias
        attended = (scores.softmax(-1) @ v).transpose(1, 2).reshape(b, t, d)
        return self.projection(attended)


class Layer(nn.Module):
    """selfsup's PreNormTransformerLayer: x + attn(LN(x)), then x + MLP(LN(x)) with exact GELU."""

    def __init__(self, dim, heads, mlp_ratio):
        super().__init__()
        self.attention_norm = nn.LayerNorm(dim, eps=1e-6)
        self.attention = Attention(dim, heads)
        self.mlp_norm = nn.LayerNorm(dim, eps=1e-6)
        self.mlp_hidden = nn.Linear(dim, round(dim * mlp_ratio))
        self.mlp_output = nn.Linear(round(dim * mlp_ratio), dim)

    def forward(self, x, bias=None):
        x = x + self.attention(self.attention_norm(x), bias)
        return x + self.mlp_output(F.gelu(self.mlp_hidden(self.mlp_norm(x))))

    def ordered(self):
        return [self.attention_norm.weight, self.attention_norm.bias, self.attention.qkv.weight,
                self.attention.qkv.bias, self.attention.projection.weight, self.attention.projection.bias,
                self.mlp_norm.weight, self.mlp_norm.bias, self.mlp_hidden.weight, self.mlp_hidden.bias,
                self.mlp_output.weight, self.mlp_output.bias]


class Stack(nn.Module):
    def __init__(self, dim, depth, heads, mlp_ratio):
        super().__init__()
        self.layers = nn.ModuleList([Layer(dim, heads, mlp_ratio) for _ in range(depth)])
        self.final_norm = nn.LayerNorm(dim, eps=1e-6)

    def forward(self, x, bias=None):
        for layer in self.layers:
            x = layer(x, bias)
        return self.final_norm(x)

    def ordered(self):
        out = []
        for layer in self.layers:
            out += layer.ordered()
        return out + [self.final_norm.weight, self.final_norm.bias]


def patchify(images, p):
    b, c, h, w = images.shape
    return (images.reshape(b, c, h // p, p, w // p, p).permute(0, 2, 4, 3, 5, 1)
            .reshape(b, (h // p) * (w // p), p * p * c))


def gather_tokens(tokens, indices):
    return torch.gather(tokens, 1, indices.unsqueeze(-1).expand(-1, -1, tokens.shape[-1]))


class MaskedAutoencoder(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        enc, dec = cfg["encoder"], cfg["pretext"]["decoder"]
        self.patch = enc["patch"]
        channels = enc.get("channels", 1)
        self.tokens = (enc["image"] // self.patch) ** 2
        dim = enc["dim"]
        values = self.patch * self.patch * channels
        self.mask_ratio = cfg["pretext"]["mask_ratio"]
        self.norm_pix = cfg["pretext"]["norm_pix"]
        self.patch_embedding = nn.Linear(values, dim)
        self.positions = nn.Parameter(torch.zeros(1, self.tokens, dim))
        self.encoder = Stack(dim, enc["depth"], enc["heads"], enc.get("mlp_ratio", 4.0))
        self.decoder_embedding = nn.Linear(dim, dec["dim"])
        self.mask_token = nn.Parameter(torch.zeros(1, 1, dec["dim"]))
        self.decoder_positions = nn.Parameter(torch.zeros(1, self.tokens, dec["dim"]))
        self.decoder = Stack(dec["dim"], dec["depth"], dec["heads"], 4.0)
        self.prediction = nn.Linear(dec["dim"], values)
        nn.init.normal_(self.positions, std=0.02)
        nn.init.normal_(self.mask_token, std=0.02)
        nn.init.normal_(self.decoder_positions, std=0.02)

    def ordered(self):
        """Parameters in selfsup's order (the block tree in insertion order)."""
        return ([self.patch_embedding.weight, self.patch_embedding.bias, self.positions] + self.encoder.ordered()
                + [self.decoder_embedding.weight, self.decoder_embedding.bias, self.mask_token,
                   self.decoder_positions] + self.decoder.ordered() + [self.prediction.weight, self.prediction.bias])

    def decayed(self):
        learned = {id(self.positions), id(self.mask_token), id(self.decoder_positions)}
        return [p for p in self.ordered() if p.dim() >= 2 and id(p) not in learned]

    def floats_per_step(self, inputs):
        return inputs[0].shape[0] * self.tokens

    def keep_count(self):
        return max(1, int(self.tokens * (1.0 - self.mask_ratio)))

    def loss(self, inputs, floats):
        images = inputs[0]
        b = images.shape[0]
        noise = floats[: b * self.tokens].reshape(b, self.tokens)
        keep = self.keep_count()
        shuffle = torch.argsort(noise, dim=1)
        restore = torch.argsort(shuffle, dim=1)
        keep_indices = shuffle[:, :keep]
        mask = (restore >= keep).float()
        patches = patchify(images, self.patch)
        embedded = self.patch_embedding(patches) + self.positions
        latent = self.encoder(gather_tokens(embedded, keep_indices))
        decoded = self.decoder_embedding(latent)
        masks = self.mask_token.expand(b, self.tokens - keep, -1)
        ordered = gather_tokens(torch.cat([decoded, masks], dim=1), restore) + self.decoder_positions
        predicted = self.prediction(self.decoder(ordered))
        target = patches
        if self.norm_pix:
            centred = target - target.mean(-1, keepdim=True)
            target = centred / (centred.square().mean(-1, keepdim=True) + 1e-6).sqrt()
        per_patch = (predicted - target).square().mean(-1)
        return (per_patch * mask).sum() / mask.sum()


if __name__ == "__main__":
    common.main(MaskedAutoencoder, __doc__)
